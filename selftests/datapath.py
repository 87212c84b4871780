#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Test that traffic really flows in balance-rr, active-backup, balance-xor
and broadcast, over 2 and 4 slaves, and that per-slave transmit counters
show each mode's distribution; the peer counts what it receives.

    init netns                          netns "peer"
    bt0 192.0.2.1 --- v0 ====== p0 --+
                  --- v1 ====== p1 --+-- br0 192.0.2.2 (UDP sink)
                  --- v2 ====== p2 --+
                  --- v3 ====== p3 --+

- balance-rr: every slave within one packet of an even share, for
  packets_per_slave 1 and 3 (the sender is pinned to one CPU, whose
  rotation counter it uses); the peer gets each packet once.
- active-backup: all on the active slave, nothing on the backups.
- balance-xor, layer3+4: each of 64 flows stays on one slave, and the flows
  cover every slave; layer2: one peer, one slave. layer2+3: the ports
  change nothing, 64 destinations cover every slave. encap2+3 the same
  for the inner addresses of a GRE tunnel. vlan+srcmac: one VLAN and
  source MAC, one slave; 16 VLANs, or 8 source MACs, cover every slave.
- broadcast: every packet on every slave.
- queue_id: a tc skbedit queue_mapping that matches a slave's queue_id
  sends the flow out that slave; the rest keeps to the mode.
"""

import os
import socket
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "tools"))
from btest import ok, fail, check, finish, sh  # noqa: E402
import bondnl  # noqa: E402

B = "bt0"
PEER_IP = "192.0.2.2"
PORT = 9999


def setup_peer():
    sh("ip netns add peer; ip -n peer link set lo up")
    sh("ip netns exec peer sysctl -qw net.ipv6.conf.all.disable_ipv6=1")
    sh("ip -n peer link add br0 type bridge stp_state 0 forward_delay 0")
    for i in range(4):
        sh(f"ip link add v{i} type veth peer name p{i} netns peer")
        sh(f"ip -n peer link set p{i} master br0; ip -n peer link set p{i} up")
    sh(f"ip -n peer addr add {PEER_IP}/24 dev br0; ip -n peer link set br0 up")
    _, mac = sh("ip netns exec peer cat /sys/class/net/br0/address")
    return mac.strip()


def make_bond(mode, n, peer_mac, extra=""):
    sh(f"ip link del {B} 2>/dev/null")
    sh(f"ip link add {B} type bond mode {mode} miimon 100 {extra}",
       check=True)
    sh(f"sysctl -qw net.ipv6.conf.{B}.disable_ipv6=1 2>/dev/null")
    for i in range(n):
        sh(f"ip link set v{i} down; ip link set v{i} master {B}", check=True)
    sh(f"ip link set {B} up; ip addr add 192.0.2.1/24 dev {B}")
    sh(f"ip neigh replace {PEER_IP} lladdr {peer_mac} dev {B} nud permanent")
    # and the peer knows us: its ARP requests (an ICMP error to send back,
    # say) would draw replies from us that count as a flow's packets
    _, mac = sh(f"cat /sys/class/net/{B}/address")
    sh(f"ip -n peer neigh replace 192.0.2.1 lladdr {mac.strip()} dev br0 "
       "nud permanent")
    for _ in range(50):
        _, out = sh(f"cat /sys/class/net/{B}/carrier")
        if out.strip() == "1":
            break
        time.sleep(0.1)
    time.sleep(0.3)


def tx(n):
    return [int(open(f"/sys/class/net/v{i}/statistics/tx_packets").read())
            for i in range(n)]


def delta(before, after):
    return [a - b for a, b in zip(after, before)]


class Sink:
    """A UDP socket in the peer namespace counting datagrams."""

    def __init__(self):
        with bondnl.in_netns("peer"):
            self.s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        self.s.bind((PEER_IP, PORT))
        self.s.settimeout(0.5)

    def drain(self):
        n = 0
        while True:
            try:
                self.s.recv(2048)
                n += 1
            except socket.timeout:
                return n

    def close(self):
        self.s.close()


def send(count, sport=None, dst=PEER_IP):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    if sport:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("192.0.2.1", sport))
    for _ in range(count):
        s.sendto(b"x" * 64, (dst, PORT))
    s.close()


def test_rr(n, sink, peer_mac):
    for pps in (1, 3):
        make_bond("balance-rr", n, peer_mac, f"packets_per_slave {pps}")
        sink.drain()
        N = 120 * n
        before = tx(n)
        send(N)
        d = delta(before, tx(n))
        got = sink.drain()
        even = N // n
        check(f"rr-{n}slaves-pps{pps}-even", all(abs(x - even) <= 1
                                                 for x in d),
              f"per slave {d}, expected {even} each")
        check(f"rr-{n}slaves-pps{pps}-peer-once", got == N,
              f"peer got {got} of {N}")


def test_ab(n, sink, peer_mac):
    make_bond("active-backup", n, peer_mac)
    _, act = sh(f"cat /sys/class/net/{B}/bonding/active_slave")
    act = int(act.strip()[1:])
    sink.drain()
    before = tx(n)
    send(200)
    d = delta(before, tx(n))
    got = sink.drain()
    backups = [x for i, x in enumerate(d) if i != act]
    check(f"ab-{n}slaves-all-on-active", d[act] == 200, f"per slave {d}")
    check(f"ab-{n}slaves-nothing-on-backups", all(x == 0 for x in backups),
          f"per slave {d}")
    check(f"ab-{n}slaves-peer-once", got == 200, f"peer got {got}")


def one_slave_each(n, groups, send_group, count=None):
    """send_group(g) for each g; return (slaves used, groups that went
    out more than one slave, none, or with other than @count packets)."""
    used, split = set(), []
    for g in groups:
        before = tx(n)
        send_group(g)
        d = delta(before, tx(n))
        hit = [i for i, x in enumerate(d) if x]
        if len(hit) != 1 or (count is not None and d[hit[0]] != count):
            split.append((g, d))
        else:
            used.add(hit[0])
    return used, split


def test_xor(n, sink, peer_mac):
    make_bond("balance-xor", n, peer_mac, "xmit_hash_policy layer3+4")
    sink.drain()
    used, split = one_slave_each(n, range(20000, 20064),
                                 lambda sport: send(8, sport), count=8)
    got = sink.drain()
    check(f"xor-{n}slaves-l34-flow-on-one-slave", not split,
          f"flows split: {split[:3]}")
    check(f"xor-{n}slaves-l34-flows-cover-all", used == set(range(n)),
          f"slaves used {sorted(used)}")
    check(f"xor-{n}slaves-peer-once", got == 64 * 8, f"peer got {got}")

    make_bond("balance-xor", n, peer_mac, "xmit_hash_policy layer2")
    before = tx(n)
    for f in range(16):
        send(4, 20000 + f)
    d = delta(before, tx(n))
    check(f"xor-{n}slaves-l2-one-peer-one-slave",
          sorted(d) == [0] * (n - 1) + [64], f"per slave {d}")
    sink.drain()


def gre_up():
    """gre1 over the bond, without IPv6: its router solicitations and MLD
    reports would go out the bond inside GRE, one here and there, and look
    like a split flow to a test slower than they are (the debug kernel)."""
    sh("ip link add gre1 type gre local 192.0.2.1 remote 192.0.2.2")
    sh("sysctl -qw net/ipv6/conf/gre1/disable_ipv6=1", check=True)
    sh("ip addr add 10.99.0.1/24 dev gre1; ip link set gre1 up")


def test_encap(n, sink, peer_mac):
    """encap3+4 hashes the inner headers of a GRE tunnel over the bond:
    inner flows spread over the slaves, each on one; layer3+4 sees only
    the outer header and keeps the whole tunnel on one slave."""
    if sh("modprobe ip_gre")[0]:
        fail(f"encap-{n}/gre", "no ip_gre module")
        return
    sh("ip -n peer link del gre1 2>/dev/null")
    sh("ip -n peer link add gre1 type gre local 192.0.2.2 remote 192.0.2.1")
    sh("ip -n peer addr add 10.99.0.2/24 dev gre1; ip -n peer link set gre1 up")
    with bondnl.in_netns("peer"):
        inner = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    inner.bind(("10.99.0.2", PORT))
    inner.settimeout(0.5)
    for policy in ("encap3+4", "layer3+4"):
        make_bond("balance-xor", n, peer_mac, f"xmit_hash_policy {policy}")
        sh("ip link del gre1 2>/dev/null")
        gre_up()

        def inner_flow(sport):
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.bind(("10.99.0.1", sport))
            for _ in range(4):
                s.sendto(b"y" * 64, ("10.99.0.2", PORT))
            s.close()
        used, split = one_slave_each(n, range(30000, 30064), inner_flow)
        got = 0
        while True:
            try:
                inner.recv(2048)
                got += 1
            except socket.timeout:
                break
        check(f"{policy}-{n}slaves-gre-flow-on-one-slave", not split,
              f"split: {split[:3]}")
        check(f"{policy}-{n}slaves-gre-peer-once", got == 256,
              f"peer got {got}")
        if policy == "encap3+4":
            check(f"encap3+4-{n}slaves-inner-flows-cover-all",
                  used == set(range(n)), f"slaves used {sorted(used)}")
        else:
            check(f"layer3+4-{n}slaves-tunnel-on-one-slave", len(used) == 1,
                  f"slaves used {sorted(used)}")
        sh("ip link del gre1")
    inner.close()
    sh("ip -n peer link del gre1")


def check_kept_and_spread(name, n, groups, send_group, kept, spread):
    """Each group on one slave (case name-kept) and the groups over every
    slave (case name-spread)."""
    used, split = one_slave_each(n, groups, send_group)
    check(f"{name}-{kept}", not split, f"split: {split[:3]}")
    check(f"{name}-{spread}", used == set(range(n)),
          f"slaves used {sorted(used)}")


def send_from_ports(src, dst, ports, base=40000):
    for p in range(ports):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((src, base + p))
        s.sendto(b"z" * 64, (dst, PORT))
        s.close()


def test_policies(n, sink, peer_mac):
    """layer2+3, encap2+3 and vlan+srcmac: what each keeps together and
    what it spreads."""
    dsts = [f"192.0.2.{100 + k}" for k in range(64)]
    make_bond("balance-xor", n, peer_mac, "xmit_hash_policy layer2+3")
    for d in dsts:
        sh(f"ip neigh replace {d} lladdr {peer_mac} dev {B} nud permanent")
    check_kept_and_spread(f"layer2+3-{n}slaves", n, dsts,
                          lambda d: send_from_ports("192.0.2.1", d, 4),
                          "ports-change-nothing", "destinations-cover-all")

    if not sh("modprobe ip_gre")[0]:
        make_bond("balance-xor", n, peer_mac, "xmit_hash_policy encap2+3")
        gre_up()
        inner = [f"10.99.0.{100 + k}" for k in range(64)]
        check_kept_and_spread(f"encap2+3-{n}slaves-gre", n, inner,
                              lambda d: send_from_ports("10.99.0.1", d, 4),
                              "ports-change-nothing",
                              "inner-destinations-cover-all")
        sh("ip link del gre1")

    make_bond("balance-xor", n, peer_mac, "xmit_hash_policy vlan+srcmac")
    tags = list(range(100, 116))
    for t in tags:
        v = f"{B}.{t}"
        sh(f"ip link add link {B} name {v} type vlan id {t}")
        # (a dotted name needs the slash form of sysctl)
        sh(f"sysctl -qw net/ipv6/conf/{v}/disable_ipv6=1", check=True)
        sh(f"ip addr add 10.{t}.0.1/24 dev {v}; ip link set {v} up")
        sh(f"ip neigh replace 10.{t}.0.2 lladdr {peer_mac} dev {v} "
           "nud permanent")

    def vlan_send(t):
        send_from_ports(f"10.{t}.0.1", f"10.{t}.0.2", 4)
    check_kept_and_spread(f"vlan+srcmac-{n}slaves", n, tags, vlan_send,
                          "vlan-on-one-slave", "vlans-cover-all")

    def mac_send(k):
        sh(f"ip link set {B}.100 address 02:00:00:00:99:{k:02x}")
        # a new address flushes the neighbours, even permanent ones
        sh(f"ip neigh replace 10.100.0.2 lladdr {peer_mac} dev {B}.100 "
           "nud permanent")
        vlan_send(100)
    # the same VLAN from 8 source MACs: ports still change nothing
    used, split = one_slave_each(n, range(8), mac_send)
    check(f"vlan+srcmac-{n}slaves-source-macs-cover-all",
          not split and used == set(range(n)),
          f"slaves used {sorted(used)}, split {split[:3]}")
    for t in tags:
        sh(f"ip link del {B}.{t}")
    sink.drain()


def test_queue_id(n, sink, peer_mac):
    """queue_id steering, as bonding.rst's 'Overriding Configuration for
    Special Cases' sets it up: a multiq root qdisc on the bond and a tc
    filter whose skbedit queue_mapping matches a slave's queue_id."""
    make_bond("balance-rr", n, peer_mac)
    last = f"v{n - 1}"
    with open(f"/sys/class/net/{B}/bonding/queue_id", "w") as f:
        f.write(f"{last}:2")
    st, out = sh(f"tc qdisc add dev {B} root handle 1: multiq && "
                 f"tc filter add dev {B} parent 1: protocol ip prio 1 u32 "
                 f"match ip dport {PORT} 0xffff action skbedit queue_mapping 2")
    if st:
        fail(f"queue_id-{n}slaves/tc", out)
        return
    sink.drain()
    before = tx(n)
    send(60)
    d = delta(before, tx(n))
    check(f"queue_id-{n}slaves-steered-to-slave",
          d[n - 1] == 60 and sum(d) == 60, f"per slave {d}")
    check(f"queue_id-{n}slaves-peer-once", sink.drain() == 60)
    # other traffic (queue 0) keeps to the mode's rotation
    sh(f"tc filter del dev {B} parent 1: prio 1")
    before = tx(n)
    send(60)
    d = delta(before, tx(n))
    check(f"queue_id-{n}slaves-unmatched-rotates",
          max(d) - min(d) <= 1 and sum(d) == 60, f"per slave {d}")
    sink.drain()
    sh(f"tc qdisc del dev {B} root")


def test_bcast(n, sink, peer_mac):
    make_bond("broadcast", n, peer_mac)
    sink.drain()
    before = tx(n)
    send(100)
    d = delta(before, tx(n))
    got = sink.drain()
    check(f"bcast-{n}slaves-every-packet-everywhere",
          all(x == 100 for x in d), f"per slave {d}")
    check(f"bcast-{n}slaves-peer-gets-copies", got == 100 * n,
          f"peer got {got}")


def main():
    sh("modprobe bonding max_bonds=0")
    os.sched_setaffinity(0, {0})
    peer_mac = setup_peer()
    sink = Sink()
    for n in (2, 4):
        for t in (test_rr, test_ab, test_xor, test_encap, test_policies,
                  test_bcast, test_queue_id):
            try:
                t(n, sink, peer_mac)
            except Exception as e:
                fail(f"{t.__name__}-{n}/error", repr(e))
    sink.close()
    sh(f"ip link del {B} 2>/dev/null")
    finish()


if __name__ == "__main__":
    main()
