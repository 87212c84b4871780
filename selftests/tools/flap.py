#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""flap.py DEV COUNT DOWN_S UP_S: take DEV administratively down and up
COUNT times (DOWN_S seconds down, UP_S up), from one process, so that the
rhythm does not depend on how fast the guest can start programs. Run it
in the namespace of DEV (ip netns exec). Prints the seconds it took."""

import fcntl
import socket
import struct
import sys
import time

SIOCGIFFLAGS = 0x8913
SIOCSIFFLAGS = 0x8914
IFF_UP = 0x1


def set_up(sock, dev, up):
    req = struct.pack("16sH14x", dev.encode(), 0)
    flags = struct.unpack("16sH14x",
                          fcntl.ioctl(sock, SIOCGIFFLAGS, req))[1]
    flags = flags | IFF_UP if up else flags & ~IFF_UP
    fcntl.ioctl(sock, SIOCSIFFLAGS, struct.pack("16sH14x", dev.encode(),
                                                flags))


def main():
    dev, count = sys.argv[1], int(sys.argv[2])
    down_s, up_s = float(sys.argv[3]), float(sys.argv[4])
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    t0 = time.monotonic()
    for _ in range(count):
        set_up(sock, dev, False)
        time.sleep(down_s)
        set_up(sock, dev, True)
        time.sleep(up_s)
    print("%.2f" % (time.monotonic() - t0))


if __name__ == "__main__":
    main()
