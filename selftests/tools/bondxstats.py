#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""bondxstats.py - print a bond's or a slave's 802.3ad extended statistics.

    bondxstats.py DEV
    bondxstats.py DEV DEV...   (each line "DEV:name value")

Asks rtnetlink (RTM_GETSTATS) for IFLA_STATS_LINK_XSTATS (a bond) or
IFLA_STATS_LINK_XSTATS_SLAVE (a slave) and prints the BOND_XSTATS_3AD
counters as "name value" lines. Debian 12's "ip link xstats type bond"
dies with a stack smash in its attribute parser, hence this tool.
"""
import os
import socket
import struct
import sys

RTM_GETSTATS = 94
NLM_F_REQUEST = 1
IFLA_STATS_LINK_XSTATS = 2
IFLA_STATS_LINK_XSTATS_SLAVE = 3
LINK_XSTATS_TYPE_BOND = 2
BOND_XSTATS_3AD = 1
NAMES = ["lacpdu_rx", "lacpdu_tx", "lacpdu_unknown_rx", "lacpdu_illegal_rx",
         "marker_rx", "marker_tx", "marker_resp_rx", "marker_resp_tx",
         "marker_unknown_rx"]


def attrs(buf):
    off = 0
    while off + 4 <= len(buf):
        ln, typ = struct.unpack_from("=HH", buf, off)
        if ln < 4:
            break
        yield typ & 0x3fff, buf[off + 4:off + ln]
        off += (ln + 3) & ~3


def query(ifindex, attr):
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, socket.NETLINK_ROUTE)
    body = struct.pack("=BBHII", 0, 0, 0, ifindex, 1 << (attr - 1))
    hdr = struct.pack("=IHHII", 16 + len(body), RTM_GETSTATS, NLM_F_REQUEST,
                      1, 0)
    s.send(hdr + body)
    data = s.recv(65536)
    ln, typ = struct.unpack_from("=IH", data, 0)
    if typ == 2:  # NLMSG_ERROR
        err = struct.unpack_from("=i", data, 16)[0]
        raise OSError(-err, os.strerror(-err))
    out = {}
    for t, v in attrs(data[16 + 12:ln]):
        if t != attr:
            continue
        for t2, v2 in attrs(v):
            if t2 != LINK_XSTATS_TYPE_BOND:
                continue
            for t3, v3 in attrs(v2):
                if t3 != BOND_XSTATS_3AD:
                    continue
                for t4, v4 in attrs(v3):
                    if t4 < len(NAMES) and len(v4) == 8:
                        out[NAMES[t4]] = struct.unpack("=Q", v4)[0]
    return out


def main():
    devs = sys.argv[1:]
    for dev in devs:
        ifindex = socket.if_nametoindex(dev)
        slave = os.path.exists(f"/sys/class/net/{dev}/bonding_slave")
        st = query(ifindex, IFLA_STATS_LINK_XSTATS_SLAVE if slave
                   else IFLA_STATS_LINK_XSTATS)
        if not st:
            sys.exit(f"{dev}: no 802.3ad statistics")
        pre = f"{dev}:" if len(devs) > 1 else ""
        for n in NAMES:
            print(pre + n, st.get(n, 0))


if __name__ == "__main__":
    main()
