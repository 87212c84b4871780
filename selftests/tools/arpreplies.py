#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""arpreplies.py OURS COUNT NETNS:DEV:PEER...: how many ARP replies each
ARP request of a peer gets. For each peer (a port DEV with address PEER in
the named network namespace, /run/netns/NETNS), all at once: ask OURS for
its MAC COUNT times from PEER and DEV's MAC, the first half of the
requests broadcast (a peer that knows nothing), the rest unicast to the
MAC the first reply gave (a peer's kernel probing its entry). After each
request wait up to 3 s for a reply from OURS to PEER, then 0.3 s more for
duplicates, which a host that takes one broadcast in on several ports
sends within microseconds.

Before asking, wait (at most 20 s) until OURS has sent PEER no ARP reply
for 3 s: balance-alb re-points a peer with unsolicited replies after a
slave event, and those are no answers to anything. Requests that the
peer's own kernel sends for OURS meanwhile each allow one more reply.

Prints a line a peer, "NETNS: replies per request: 1 1 1 1; kernel
requests: 0 0 0 0; from MAC... (quiet after 3.0 s, 4.3 s in all)", and
exits 0 if every request got exactly one reply, 1 if not, 2 if OURS never
went quiet. One process for all peers: the guest starts programs slowly."""

import ctypes
import os
import select
import socket
import struct
import sys
import threading
import time
import fcntl

ETH_P_ARP = 0x0806
PACKET_OUTGOING = 4
SIOCGIFHWADDR = 0x8927
CLONE_NEWNET = 0x40000000
QUIET_S = 3.0
QUIET_MAX_S = 20.0
FIRST_S = 3.0
DUP_S = 0.3
BCAST = b"\xff" * 6

libc = ctypes.CDLL(None, use_errno=True)


def setns(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET):
            e = ctypes.get_errno()
            raise OSError(e, "setns %s: %s" % (path, os.strerror(e)))
    finally:
        os.close(fd)


def fmt(mac):
    return ":".join("%02x" % b for b in mac)


class Peer:
    def __init__(self, spec, ours, count):
        self.ns, self.dev, peer = spec.split(":")
        self.ours, self.peer = socket.inet_aton(ours), socket.inet_aton(peer)
        self.count = count
        # the socket belongs to the namespace it was made in
        setns("/run/netns/" + self.ns)
        self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                                  socket.htons(ETH_P_ARP))
        self.sock.bind((self.dev, ETH_P_ARP))
        req = struct.pack("256s", self.dev.encode()[:15])
        self.mac = fcntl.ioctl(self.sock, SIOCGIFHWADDR, req)[18:24]
        self.rc, self.line = 1, "did not run"

    def next(self, until):
        """('reply', sha) | ('kreq', None) | None at time until."""
        while True:
            left = until - time.monotonic()
            if left <= 0:
                return None
            r, _, _ = select.select([self.sock], [], [], left)
            if not r:
                return None
            data, addr = self.sock.recvfrom(2048)
            if len(data) < 42 or data[12:14] != b"\x08\x06":
                continue
            htype, ptype, hlen, plen, op = struct.unpack("!HHBBH",
                                                         data[14:22])
            if (htype, ptype, hlen, plen) != (1, 0x0800, 6, 4):
                continue
            sip, tip = data[28:32], data[38:42]
            if addr[2] == PACKET_OUTGOING:
                if op == 1 and sip == self.peer and tip == self.ours:
                    return ("kreq", None)
            elif op == 2 and sip == self.ours and tip == self.peer:
                return ("reply", data[22:28])

    def run(self):
        start = last = time.monotonic()
        while time.monotonic() < last + QUIET_S:
            if time.monotonic() > start + QUIET_MAX_S:
                self.rc, self.line = 2, "%s never went quiet for %.0f s" % (
                    socket.inet_ntoa(self.ours), QUIET_S)
                return
            ev = self.next(min(last + QUIET_S, start + QUIET_MAX_S + 0.1))
            if ev and ev[0] == "reply":
                last = time.monotonic()
        quiet = time.monotonic()

        replies, kreqs, macs, dst = [], [], [], BCAST
        arp = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + self.mac + \
            self.peer + b"\0" * 6 + self.ours
        for k in range(self.count):
            if k == (self.count + 1) // 2 and macs:
                dst = macs[0]
            frame = dst + self.mac + b"\x08\x06" + arp
            self.sock.send(frame + b"\0" * (60 - len(frame)))
            n = kn = 0
            until = time.monotonic() + FIRST_S
            while True:
                ev = self.next(until)
                if ev is None:
                    break
                if ev[0] == "kreq":
                    kn += 1
                    continue
                if not n:
                    until = time.monotonic() + DUP_S
                n += 1
                if ev[1] not in macs:
                    macs.append(ev[1])
            replies.append(n)
            kreqs.append(kn)
        self.line = ("replies per request: %s; kernel requests: %s; from %s "
                     "(quiet after %.1f s, %.1f s in all)" %
                     (" ".join(map(str, replies)), " ".join(map(str, kreqs)),
                      " ".join(map(fmt, macs)) or "nobody", quiet - start,
                      time.monotonic() - start))
        ok = all(r == 1 + kr for r, kr in zip(replies, kreqs))
        self.rc = 0 if ok else 1


def main():
    ours, count = sys.argv[1], int(sys.argv[2])
    home = os.open("/proc/self/ns/net", os.O_RDONLY)
    peers = [Peer(spec, ours, count) for spec in sys.argv[3:]]
    libc.setns(home, CLONE_NEWNET)
    threads = [threading.Thread(target=p.run) for p in peers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for p in peers:
        print("%s: %s" % (p.ns, p.line))
    return max(p.rc for p in peers)


if __name__ == "__main__":
    sys.exit(main())
