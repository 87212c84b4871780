#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Test receive filtering in active-backup.

    bt0 192.0.2.1 (active-backup)      netns "peer"
      |-- v0 (active) ====== p0        raw frames sent from p0 / p1
      `-- v1 (backup) ====== p1

- unicast to the bond's MAC arriving on the active slave is delivered;
- arriving on the backup it is not, unless all_slaves_active is 1 - but a
  packet socket bound to the backup still sees it;
- a broadcast arriving on both slaves reaches the bond once;
- link-local frames (LLDP, 01:80:c2:00:00:0e) stay on the slave that got
  them: a socket bound to the slave sees them; on the active slave the
  bond gets a copy too.
"""

import os
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "tools"))
from btest import ok, fail, check, finish, sh  # noqa: E402
import bondnl  # noqa: E402

B = "bt0"
ETH_P_ALL = 0x0003


def mac_bytes(text):
    return bytes(int(x, 16) for x in text.split(":"))


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def udp_frame(dst_mac, src_mac, dst_ip, port, payload=b"z" * 32):
    udp = struct.pack("!HHHH", 40000, port, 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 1, 0, 64, 17,
                     0, socket.inet_aton("192.0.2.2"),
                     socket.inet_aton(dst_ip))
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    return dst_mac + src_mac + b"\x08\x00" + ip + udp


def lldp_frame(src_mac):
    return (bytes.fromhex("0180c200000e") + src_mac + b"\x88\xcc" +
            b"\x02\x07\x04" + src_mac + b"\x04\x02\x07\x31\x00\x00")


def send_from(dev, frame, count):
    with bondnl.in_netns("peer"):
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((dev, 0))
    for _ in range(count):
        s.send(frame)
    s.close()
    time.sleep(0.2)


def count(sock):
    n = 0
    sock.settimeout(0.3)
    while True:
        try:
            sock.recv(4096)
            n += 1
        except socket.timeout:
            return n


def packet_sock(dev, proto=ETH_P_ALL):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(proto))
    s.bind((dev, 0))
    return s


def main():
    sh("modprobe bonding max_bonds=0")
    sh("ip netns add peer")
    sh("ip netns exec peer sysctl -qw net.ipv6.conf.all.disable_ipv6=1")
    sh("sysctl -qw net.ipv6.conf.all.disable_ipv6=1")
    sh(f"ip link add {B} type bond mode active-backup miimon 100")
    for i in range(2):
        sh(f"ip link add v{i} type veth peer name p{i} netns peer")
        sh(f"ip -n peer link set p{i} up")
        sh(f"ip link set v{i} master {B}")
    sh(f"ip link set {B} up; ip addr add 192.0.2.1/24 dev {B}")
    sh(f"echo v0 > /sys/class/net/{B}/bonding/active_slave")
    time.sleep(0.5)
    _, act = sh(f"cat /sys/class/net/{B}/bonding/active_slave")
    check("active-is-v0", act.strip() == "v0", act)
    bmac = mac_bytes(open(f"/sys/class/net/{B}/address").read().strip())
    pmac = bytes.fromhex("020000000002")

    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("0.0.0.0", 7777))
    frame = udp_frame(bmac, pmac, "192.0.2.1", 7777)

    send_from("p0", frame, 20)
    check("unicast-on-active-delivered", count(udp) == 20)

    on_v1 = packet_sock("v1")
    count(on_v1)
    send_from("p1", frame, 20)
    got = count(udp)
    check("unicast-on-backup-dropped", got == 0, f"bond delivered {got}")
    got = count(on_v1)
    check("backup-packet-socket-sees-it", got >= 20, f"saw {got}")

    sh(f"echo 1 > /sys/class/net/{B}/bonding/all_slaves_active")
    send_from("p1", frame, 20)
    got = count(udp)
    check("all-slaves-active-delivers", got == 20, f"delivered {got}")
    sh(f"echo 0 > /sys/class/net/{B}/bonding/all_slaves_active")
    send_from("p1", frame, 20)
    got = count(udp)
    check("all-slaves-active-off-again", got == 0, f"delivered {got}")

    bframe = udp_frame(b"\xff" * 6, pmac, "192.0.2.255", 7777)
    udp.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    send_from("p0", bframe, 10)
    send_from("p1", bframe, 10)
    got = count(udp)
    check("broadcast-on-both-delivered-once", got == 10, f"delivered {got}")

    on_bond = packet_sock(B, 0x88CC)
    on_v0 = packet_sock("v0", 0x88CC)
    on_v1l = packet_sock("v1", 0x88CC)
    send_from("p1", lldp_frame(pmac), 5)
    g_b, g_1 = count(on_bond), count(on_v1l)
    check("lldp-on-backup-stays-on-slave", g_1 == 5 and g_b == 0,
          f"slave {g_1}, bond {g_b}")
    send_from("p0", lldp_frame(pmac), 5)
    g_b, g_0 = count(on_bond), count(on_v0)
    check("lldp-on-active-slave-and-copy-to-bond", g_0 == 5 and g_b == 5,
          f"slave {g_0}, bond {g_b}")
    for s in (udp, on_v1, on_bond, on_v0, on_v1l):
        s.close()
    sh(f"ip link del {B}")
    finish()


if __name__ == "__main__":
    main()
