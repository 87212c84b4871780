#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""ndo_get_xmit_slave, asked the way RDMA's LAG code asks it (the helper
module selftests/kmod/bt_xmit_probe.ko: process context, BH on, under
rcu_read_lock only), must name the slave the same frame really leaves on.
Topology as datapath.py: bt0 over v0..v3, the peer's bridge behind them.

- active-backup: the active slave, the new one after a change, with
  all_slaves 0 and 1.
- balance-rr: queries take their turn like packets and cover both slaves;
  IGMP always the same slave.
- balance-xor layer3+4: for 32 flows the slave each flow takes; with all
  slaves up all_slaves=1 gives the same; with one slave's link down,
  all_slaves=0 never names it and still matches the real path, and
  all_slaves=1 answers as before the failure (a hash over every slave).
- balance-tlb (tlb_dynamic_lb 1 and 0) and balance-alb: for 32 flows (alb:
  32 destinations) the slave each takes; broadcast: the active slave.
- broadcast and a bond without slaves: none.
- queries from a thread while slaves are released, enslaved and flapped in
  xor, tlb and alb: always a slave of the bond or none, and the bond
  still transmits (on the debug kernel, lockdep and KASAN watch this).
"""

import os
import socket
import struct
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "tools"))
from btest import check, fail, finish, sh, skip  # noqa: E402
import datapath as dp  # noqa: E402

B = dp.B
PROBE = "/proc/bt_xmit_probe"
FLOWS = range(30000, 30032)


class PeerMac(str):
    """The peer's MAC: text for ip(8), bytes() for a frame."""

    def __bytes__(self):
        return bytes.fromhex(self.replace(":", ""))


def probe(dev, frame, all_slaves=0):
    fd = os.open(PROBE, os.O_RDWR)
    try:
        os.write(fd, f"{dev} {all_slaves} {frame.hex()}\n".encode())
        os.lseek(fd, 0, os.SEEK_SET)
        return os.read(fd, 64).decode().strip()
    finally:
        os.close(fd)


def mac(dev):
    with open(f"/sys/class/net/{dev}/address") as f:
        return bytes.fromhex(f.read().strip().replace(":", ""))


def ipv4_frame(dst_mac, src_mac, src, dst, proto=17, sport=40000,
               dport=dp.PORT):
    l4 = struct.pack("!HHHH", sport, dport, 8 + 64, 0) + b"x" * 64
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(l4), 0, 0x4000, 64,
                     proto, 0, socket.inet_aton(src), socket.inet_aton(dst))
    return bytes(dst_mac) + src_mac + b"\x08\x00" + ip + l4


def flow_frame(peer_mac, sport, dst=dp.PEER_IP, proto=17):
    return ipv4_frame(peer_mac, mac(B), "192.0.2.1", dst, proto, sport)


def real_slave(n, send):
    """The one slave whose tx counter grew by the 4 frames send() sent
    (alb's own learning packets and ARP may add one here and there), or
    the deltas instead."""
    before = dp.tx(n)
    send()
    d = dp.delta(before, dp.tx(n))
    hit = [i for i, x in enumerate(d) if x >= 4]
    return f"v{hit[0]}" if len(hit) == 1 and d[hit[0]] <= 5 else str(d)


def compare(name, n, queries):
    """queries: (frame, send) pairs; each answer must be the real slave."""
    wrong, used = [], set()
    for frame, send in queries:
        ans = probe(B, frame)
        real = real_slave(n, send)
        used.add(real)
        if ans != real:
            wrong.append((ans, real))
    check(f"{name}-answer-is-real-slave", not wrong,
          f"{len(wrong)} of {len(queries)} wrong, (answer, real): {wrong[:4]}")
    return used


def active():
    _, out = sh(f"cat /sys/class/net/{B}/bonding/active_slave")
    return out.strip()


def wait_link(dev, state):
    for _ in range(60):
        _, out = sh(f"cat /sys/class/net/{dev}/bonding_slave/mii_status")
        if out.strip() == state:
            return True
        time.sleep(0.1)
    return False


def test_ab(peer_mac):
    dp.make_bond("active-backup", 2, peer_mac)
    f = flow_frame(peer_mac, 30000)
    a = active()
    check("ab-active", probe(B, f) == a and probe(B, f, 1) == a,
          f"answers {probe(B, f)} {probe(B, f, 1)}, active {a}")
    other = "v1" if a == "v0" else "v0"
    sh(f"echo {other} > /sys/class/net/{B}/bonding/active_slave")
    check("ab-follows-active-change", probe(B, f) == other == active(),
          f"answer {probe(B, f)}, active {active()}")
    check("ab-real", real_slave(2, lambda: dp.send(4, 30000))
          == other, "traffic not on the active slave")


def test_rr(peer_mac):
    dp.make_bond("balance-rr", 2, peer_mac, "packets_per_slave 1")
    f = flow_frame(peer_mac, 30000)
    ans = [probe(B, f) for _ in range(8)]
    check("rr-takes-turns", set(ans) == {"v0", "v1"} and
          all(a != b for a, b in zip(ans, ans[1:])), f"answers {ans}")
    igmp = flow_frame(peer_mac, 30000, "224.0.0.22", proto=2)
    ans = [probe(B, igmp) for _ in range(6)]
    check("rr-igmp-one-slave", len(set(ans)) == 1 and ans[0] != "none",
          f"answers {ans}")


def test_xor(peer_mac):
    n = 4
    dp.make_bond("balance-xor", n, peer_mac, "xmit_hash_policy layer3+4")
    frames = {sp: flow_frame(peer_mac, sp) for sp in FLOWS}
    up0 = {sp: probe(B, frames[sp]) for sp in FLOWS}
    up1 = {sp: probe(B, frames[sp], 1) for sp in FLOWS}
    check("xor-all-up-all-slaves-same", up0 == up1,
          f"differ for {[sp for sp in FLOWS if up0[sp] != up1[sp]][:4]}")
    used = compare("xor", n, [(frames[sp], lambda sp=sp: dp.send(4, sp))
                              for sp in FLOWS])
    check("xor-flows-cover-all", used == {f"v{i}" for i in range(n)},
          f"slaves used {sorted(used)}")
    sh("ip -n peer link set p1 down")
    if not wait_link("v1", "down"):
        fail("xor-link-down", "v1 never went down")
    down0 = {sp: probe(B, frames[sp]) for sp in FLOWS}
    down1 = {sp: probe(B, frames[sp], 1) for sp in FLOWS}
    check("xor-down-slave-not-named", "v1" not in down0.values(),
          f"answers {sorted(set(down0.values()))}")
    moved = [(up1[sp], down1[sp]) for sp in FLOWS if up1[sp] != down1[sp]]
    check("xor-all-slaves-keeps-answers", not moved, f"moved: {moved[:4]}")
    compare("xor-one-down", n, [(frames[sp], lambda sp=sp: dp.send(4, sp))
                                for sp in FLOWS[:12]])
    sh("ip -n peer link set p1 up")
    wait_link("v1", "up")


def test_lb(peer_mac):
    n = 4
    bcast = flow_frame(b"\xff" * 6, 30000, "192.0.2.255")
    for mode, extra, name in (
            ("balance-tlb", "tlb_dynamic_lb 1", "tlb-dynamic"),
            ("balance-tlb", "tlb_dynamic_lb 0", "tlb-static"),
            ("balance-alb", "", "alb")):
        dp.make_bond(mode, n, peer_mac, "xmit_hash_policy layer3+4 " + extra)
        if mode == "balance-alb":
            # alb balances by destination address
            dsts = [f"192.0.2.{10 + i}" for i in range(len(FLOWS))]
            for d in dsts:
                sh(f"ip neigh replace {d} lladdr "
                   f"{peer_mac} dev {B} nud permanent")
            queries = [(flow_frame(peer_mac, 30000, d),
                        lambda d=d: dp.send(4, 30000, d)) for d in dsts]
        else:
            queries = [(flow_frame(peer_mac, sp),
                        lambda sp=sp: dp.send(4, sp))
                       for sp in FLOWS]
        used = compare(name, n, queries)
        check(f"{name}-flows-spread", len(used) > 1,
              f"slaves used {sorted(used)}")
        a = active()
        check(f"{name}-broadcast-active", probe(B, bcast) == a,
              f"answer {probe(B, bcast)}, active {a}")


def test_none(peer_mac):
    dp.make_bond("broadcast", 2, peer_mac)
    f = flow_frame(peer_mac, 30000)
    check("broadcast-none", probe(B, f) == "none" and
          probe(B, f, 1) == "none", f"answer {probe(B, f)}")
    sh(f"ip link del {B}")
    sh(f"ip link add {B} type bond mode balance-xor; ip link set {B} up")
    check("no-slaves-none", probe(B, f) == "none" and
          probe(B, f, 1) == "none", f"answer {probe(B, f)}")


def test_churn(peer_mac):
    n = 3
    for mode in ("balance-xor", "balance-tlb", "balance-alb"):
        dp.make_bond(mode, n, peer_mac, "xmit_hash_policy layer3+4")
        frames = [flow_frame(peer_mac, sp) for sp in FLOWS[:8]]
        stop = threading.Event()
        bad, count = [], [0]

        def query():
            while not stop.is_set():
                for i, f in enumerate(frames):
                    ans = probe(B, f, i & 1)
                    count[0] += 1
                    if ans not in ("none", "v0", "v1", "v2"):
                        bad.append(ans)

        def traffic():
            while not stop.is_set():
                for sp in FLOWS[:8]:
                    dp.send(2, sp)
                time.sleep(0.01)

        threads = [threading.Thread(target=query),
                   threading.Thread(target=traffic)]
        for t in threads:
            t.start()
        end = time.time() + 3
        cmds = []
        while time.time() < end:
            cmds.append(subprocess.call(
                f"ip link set v2 nomaster; ip -n peer link set p1 down; "
                f"ip link set v2 master {B}; ip -n peer link set p1 up",
                shell=True, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL))
        stop.set()
        for t in threads:
            t.join(30)
        check(f"churn-{mode}-answers-valid", not bad and count[0] > 0,
              f"{count[0]} queries, bad answers {bad[:4]}")
        sh(f"ip link set v2 master {B} 2>/dev/null")
        wait_link("v1", "up")
        before = sum(dp.tx(n))
        dp.send(20)
        check(f"churn-{mode}-still-sends", sum(dp.tx(n)) - before >= 20,
              "the bond stopped transmitting")


def main():
    kmod = os.environ.get("BT_KMOD")
    if not kmod:
        skip("probe", "no BT_KMOD (check.sh builds selftests/kmod)")
        finish()
    rc, out = sh(f"insmod {kmod}/bt_xmit_probe.ko")
    if rc:
        fail("probe-load", out)
        finish()
    sh("modprobe bonding max_bonds=0")
    os.sched_setaffinity(0, {0})
    peer_mac = PeerMac(dp.setup_peer())
    sink = dp.Sink()
    for t in (test_ab, test_rr, test_xor, test_lb, test_none, test_churn):
        try:
            t(peer_mac)
        except Exception as e:
            fail(f"{t.__name__}/error", repr(e))
        sink.drain()
    sink.close()
    sh(f"ip link del {B} 2>/dev/null")
    sh("rmmod bt_xmit_probe")
    finish()


if __name__ == "__main__":
    main()
