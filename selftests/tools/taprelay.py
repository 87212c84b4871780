#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""taprelay.py NETNS CTL HERE:THERE[:off]...: cables made of tap pairs.

veths all report 10000 Mb/s and their speed cannot be set; a tap's can
(ethtool -s DEV speed N duplex full, tun_set_link_ksettings). For each
HERE:THERE this creates tap HERE in the current namespace and tap THERE in
namespace NETNS (/run/netns/NETNS) and copies every frame written by one
stack to the other, so that the pair behaves like a veth pair whose speed
ethtool can set on each end. ":off" starts the pair without carrier.

CTL is a FIFO (made anew) that takes one command a line:
"down HERE" takes carrier off both ends of HERE's pair (a cable pull),
"up HERE" puts it back. Prints "ready" once every tap and CTL exist.
The taps live as long as the process: kill it and they are gone."""

import ctypes
import fcntl
import os
import select
import signal
import struct
import sys

TUNSETIFF = 0x400454ca
TUNSETCARRIER = 0x400454e2
IFF_TAP = 0x0002
IFF_NO_CARRIER = 0x0040
IFF_NO_PI = 0x1000
CLONE_NEWNET = 0x40000000
PR_SET_PDEATHSIG = 1


def tap(name, carrier):
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
    flags = IFF_TAP | IFF_NO_PI | (0 if carrier else IFF_NO_CARRIER)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH22x", name.encode(), flags))
    return fd


def set_carrier(fd, on):
    fcntl.ioctl(fd, TUNSETCARRIER, struct.pack("i", 1 if on else 0))


def main():
    netns, ctl = sys.argv[1], sys.argv[2]
    pairs = [a.split(":") for a in sys.argv[3:]]
    # a tap belongs to the namespace its /dev/net/tun was opened in
    here = {p[0]: tap(p[0], p[2:] != ["off"]) for p in pairs}
    off = [p[0] for p in pairs if p[2:] == ["off"]]
    libc = ctypes.CDLL(None, use_errno=True)
    # a test killed on timeout takes its cables with it
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    nsfd = os.open(f"/run/netns/{netns}", os.O_RDONLY)
    if libc.setns(nsfd, CLONE_NEWNET) != 0:
        sys.exit(f"taprelay: setns {netns}: {os.strerror(ctypes.get_errno())}")
    there = {p[0]: tap(p[1], p[2:] != ["off"]) for p in pairs}
    other, down = {}, set()
    for name in here:
        other[here[name]] = there[name]
        other[there[name]] = here[name]
    if os.path.lexists(ctl):
        os.unlink(ctl)
    os.mkfifo(ctl)
    # read-write, so that the FIFO never reads end-of-file between writers
    cfd = os.open(ctl, os.O_RDWR | os.O_NONBLOCK)
    for name in off:
        down.update((here[name], there[name]))
    print("ready", flush=True)
    buf = b""
    while True:
        ready, _, _ = select.select([cfd, *other], [], [])
        for fd in ready:
            if fd == cfd:
                buf += os.read(cfd, 4096)
                while b"\n" in buf:
                    line, buf = buf.split(b"\n", 1)
                    words = line.decode().split()
                    if len(words) == 2 and words[1] in here and \
                            words[0] in ("up", "down"):
                        pair = (here[words[1]], there[words[1]])
                        for f in pair:
                            set_carrier(f, words[0] == "up")
                        if words[0] == "up":
                            down.difference_update(pair)
                        else:
                            down.update(pair)
                        print(line.decode(), flush=True)
                    elif words:
                        print(f"taprelay: bad command {line!r}", flush=True)
                continue
            # drain what is queued; a frame the far end refuses (device
            # down, no carrier) is lost, as on a cable
            for _ in range(64):
                try:
                    frame = os.read(fd, 65536)
                except BlockingIOError:
                    break
                except OSError:
                    break
                if fd in down:
                    continue
                try:
                    os.write(other[fd], frame)
                except OSError:
                    pass


if __name__ == "__main__":
    main()
