#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Test the SIOCBOND* ioctls directly, under their current and their old
(SIOCDEVPRIVATE) numbers: info queries, enslave, release, change active,
set hardware address, the MII ioctls, errors for unknown devices and
slave indexes, and that an unprivileged caller may query but not change.
Also ethtool -i/-k and the bond's statistics (the sum of its slaves',
monotonic across a slave's release)."""

import fcntl
import os
import socket
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "tools"))
from btest import ok, fail, check, finish, sh, sysfs_read  # noqa: E402

SIOCBONDENSLAVE, SIOCBONDRELEASE, SIOCBONDSETHWADDR = 0x8990, 0x8991, 0x8992
SIOCBONDSLAVEINFOQUERY, SIOCBONDINFOQUERY = 0x8993, 0x8994
SIOCBONDCHANGEACTIVE = 0x8995
OLD = {SIOCBONDENSLAVE: 0x89F0, SIOCBONDRELEASE: 0x89F1,
       SIOCBONDSETHWADDR: 0x89F2, SIOCBONDSLAVEINFOQUERY: 0x89FB,
       SIOCBONDINFOQUERY: 0x89FC, SIOCBONDCHANGEACTIVE: 0x89FD}
SIOCGMIIPHY, SIOCGMIIREG = 0x8947, 0x8948
IFNAMSIZ = 16

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)


def ifreq_slave(bond, slave):
    # struct ifreq: name[16], union { ... char ifru_slave[16] ... } (24 B)
    return struct.pack("16s16s8x", bond.encode(), slave.encode())


def ioctl_errno(cmd, buf):
    try:
        fcntl.ioctl(sock, cmd, buf)
        return 0
    except OSError as e:
        return e.errno


def info_query(bond, cmd=SIOCBONDINFOQUERY):
    # struct ifbond { s32 bond_mode, num_slaves, miimon; } via ifr_data
    data = bytearray(12)
    addr = ctypes_addr(data)
    req = struct.pack("16sQ16x", bond.encode(), addr)
    try:
        fcntl.ioctl(sock, cmd, req)
    except OSError as e:
        return e.errno, None
    return 0, struct.unpack("iii", bytes(data))


def slave_query(bond, idx, cmd=SIOCBONDSLAVEINFOQUERY):
    # struct ifslave { s32 slave_id; char name[16]; s8 link, state;
    #                  u32 link_failure_count; }
    data = bytearray(struct.pack("i16sbbxxI", idx, b"", 0, 0, 0))
    req = struct.pack("16sQ16x", bond.encode(), ctypes_addr(data))
    try:
        fcntl.ioctl(sock, cmd, req)
    except OSError as e:
        return e.errno, None
    sid, name, link, state, lfc = struct.unpack("i16sbbxxI", bytes(data))
    return 0, (name.rstrip(b"\0").decode(), link, state, lfc)


def ctypes_addr(buf):
    import ctypes
    return ctypes.addressof((ctypes.c_char * len(buf)).from_buffer(buf))


def mii_bmsr(bond):
    # struct mii_ioctl_data { u16 phy_id, reg_num, val_in, val_out; }
    req = bytearray(struct.pack("16sHHHH24x", bond.encode(), 0, 1, 0, 0))
    fcntl.ioctl(sock, SIOCGMIIPHY, req)
    return struct.unpack("16sHHHH24x", bytes(req))[4]


def slaves(bond):
    return sysfs_read(bond, "slaves").split()


def test_ioctls():
    sh("ip link add bt0 type bond mode active-backup miimon 100")
    for i in range(3):
        sh(f"ip link add v{i} type veth peer name p{i}; ip link set p{i} up")

    check("enslave", ioctl_errno(SIOCBONDENSLAVE, ifreq_slave("bt0", "v0"))
          == 0 and slaves("bt0") == ["v0"])
    check("enslave-old-number",
          ioctl_errno(OLD[SIOCBONDENSLAVE], ifreq_slave("bt0", "v1")) == 0
          and slaves("bt0") == ["v0", "v1"])
    check("enslave-unknown-device",
          ioctl_errno(SIOCBONDENSLAVE, ifreq_slave("bt0", "nosuch")) == 19)
    check("enslave-twice-busy",
          ioctl_errno(SIOCBONDENSLAVE, ifreq_slave("bt0", "v0")) == 16)
    sh("ip link set bt0 up; sleep 0.5")

    err, info = info_query("bt0")
    check("info-query", err == 0 and info == (1, 2, 100), f"{err} {info}")
    err, info = info_query("bt0", OLD[SIOCBONDINFOQUERY])
    check("info-query-old-number", err == 0 and info == (1, 2, 100))
    err, s0 = slave_query("bt0", 0)
    check("slave-query", err == 0 and s0[0] == "v0" and s0[1] == 0,
          f"{err} {s0}")
    err, s1 = slave_query("bt0", 1, OLD[SIOCBONDSLAVEINFOQUERY])
    check("slave-query-old-number", err == 0 and s1[0] == "v1")
    check("slave-query-states", {s0[2], s1[2]} == {0, 1}, f"{s0} {s1}")
    err, _ = slave_query("bt0", 2)
    check("slave-query-out-of-range", err == 19, f"{err}")
    err, _ = slave_query("bt0", -1)
    check("slave-query-negative", err == 19, f"{err}")

    act = sysfs_read("bt0", "active_slave")
    other = "v1" if act == "v0" else "v0"
    check("change-active", ioctl_errno(SIOCBONDCHANGEACTIVE,
                                       ifreq_slave("bt0", other)) == 0 and
          sysfs_read("bt0", "active_slave") == other)
    check("change-active-old-number",
          ioctl_errno(OLD[SIOCBONDCHANGEACTIVE], ifreq_slave("bt0", act))
          == 0 and sysfs_read("bt0", "active_slave") == act)
    check("change-active-non-slave",
          ioctl_errno(SIOCBONDCHANGEACTIVE, ifreq_slave("bt0", "v2")) == 22)

    v2mac = open("/sys/class/net/v2/address").read().strip()
    check("set-hwaddr", ioctl_errno(SIOCBONDSETHWADDR,
                                    ifreq_slave("bt0", "v2")) == 0 and
          open("/sys/class/net/bt0/address").read().strip() == v2mac)

    check("mii-bmsr-link", mii_bmsr("bt0") & 0x0004 == 0x0004)

    check("release", ioctl_errno(SIOCBONDRELEASE, ifreq_slave("bt0", "v0"))
          == 0 and slaves("bt0") == ["v1"])
    check("release-old-number",
          ioctl_errno(OLD[SIOCBONDRELEASE], ifreq_slave("bt0", "v1")) == 0
          and slaves("bt0") == [])
    check("release-non-slave",
          ioctl_errno(SIOCBONDRELEASE, ifreq_slave("bt0", "v2")) == 22)
    check("mii-bmsr-no-link", mii_bmsr("bt0") & 0x0004 == 0)
    check("ioctl-on-non-bond",
          ioctl_errno(SIOCBONDENSLAVE, ifreq_slave("v2", "v0")) == 95)

    # unprivileged: may query, may not change
    pid = os.fork()
    if pid == 0:
        os.setgid(65534)
        os.setuid(65534)
        e1 = ioctl_errno(SIOCBONDENSLAVE, ifreq_slave("bt0", "v0"))
        e2, _ = info_query("bt0")
        os._exit(0 if e1 == 1 and e2 == 0 else 1)
    _, status = os.waitpid(pid, 0)
    check("unprivileged-query-only", status == 0)


def test_ethtool_stats():
    sh("ip link del bt0 2>/dev/null; ip link add bt0 type bond mode balance-rr")
    for i in range(2):
        sh(f"ip link set v{i} master bt0")
    sh("ip link set bt0 up; sleep 0.3")
    _, out = sh("ethtool -i bt0")
    check("ethtool-driver", "driver: bonding" in out, out)
    check("ethtool-fw-version", "firmware-version: 2" in out, out)
    _, out = sh("ethtool bt0")
    check("ethtool-speed-sum", "Speed: 20000Mb/s" in out, out)
    check("ethtool-link", "Link detected: yes" in out, out)

    def tx_packets(dev):
        return int(open(f"/sys/class/net/{dev}/statistics/tx_packets").read())

    sh("ip addr add 198.51.100.1/24 dev bt0")
    sh("ip neigh add 198.51.100.2 lladdr 02:00:00:00:00:99 dev bt0")
    sh("ping -c 20 -i 0.01 -W 0.1 198.51.100.2 >/dev/null 2>&1")
    slaves_tx = tx_packets("v0") + tx_packets("v1")
    bond_tx = tx_packets("bt0")
    check("stats-sum-of-slaves", bond_tx >= 20 and bond_tx == slaves_tx,
          f"bond {bond_tx}, slaves {slaves_tx}")
    sh("ip link set v0 nomaster")
    after = tx_packets("bt0")
    check("stats-monotonic-on-release", after >= bond_tx,
          f"{bond_tx} -> {after}")


def main():
    sh("modprobe bonding max_bonds=0")
    for t in (test_ioctls, test_ethtool_stats):
        try:
            t()
        except Exception as e:
            fail(f"{t.__name__}/error", repr(e))
    sh("ip link del bt0 2>/dev/null")
    finish()


if __name__ == "__main__":
    main()
