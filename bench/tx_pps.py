#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Transmit packets per second through the bond, in each mode with a
data path, for our module and the stock one in the same guest run, next
to pktgen straight on one veth; plus kernel memory per bond. balance-tlb
and balance-alb hash by layer3+4, as balance-xor does, so that the
random source ports spread.

pktgen (one thread, clone_skb 0 as a bond requires, 60-byte UDP with a
random source port so that balance-xor spreads) sends COUNT packets per
repetition into the bond, whose veth slaves deliver them to peers in a
sink namespace that drops them at once (the destination MAC is nobody's).
Absolute numbers under TCG mean nothing; the ratios do.
"""

import os
import re
import statistics
import sys
import time

from _lib import load, sh

REPS = int(os.environ.get("BENCH_REPS", "7"))
COUNT = int(os.environ.get("BENCH_COUNT", "200000"))
PG = "/proc/net/pktgen"
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))



def pg(dev, cmd):
    with open(f"{PG}/{dev}", "w") as f:
        f.write(cmd + "\n")



def pktgen_idle(dev, timeout=10.0):
    """The pktgen thread removes devices in its own time: wait until @dev
    is gone from it, or a new add_device of the same name fails."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if not os.path.exists(f"{PG}/{dev}"):
            return
        time.sleep(0.05)
    raise RuntimeError(f"pktgen still holds {dev}")


def pktgen_pps(dev):
    # rem_device_all is done later by kpktgend: one issued with nothing to
    # remove would take away the device added next, so only when there is
    if os.path.exists(f"{PG}/{dev}"):
        pg("kpktgend_0", "rem_device_all")
        pktgen_idle(dev)
    pg("kpktgend_0", f"add_device {dev}")
    if not os.path.exists(f"{PG}/{dev}"):
        raise RuntimeError(f"pktgen refused {dev}: " +
                           sh("dmesg | grep -i pktgen | tail -3"))
    for c in ("count %d" % COUNT, "clone_skb 0", "pkt_size 60", "delay 0",
              "dst 198.51.100.2", "dst_mac 02:00:00:00:00:99",
              "flag UDPSRC_RND", "udp_src_min 1024", "udp_src_max 65000"):
        pg(dev, c)
    with open(f"{PG}/pgctrl", "w") as f:
        f.write("start\n")
    # "start" returns after 125 ms whether kpktgend took it or not (on a
    # loaded host it may not have yet): wait for the run's own result
    end = time.monotonic() + 120
    while True:
        res = open(f"{PG}/{dev}").read()
        # a run's result, not a setting's ("Result: OK: udp_src_max=...")
        if re.search(r"Result: OK: \d+\(c", res) or time.monotonic() > end:
            break
        time.sleep(0.05)
    pg("kpktgend_0", "rem_device_all")
    pktgen_idle(dev)
    for line in res.splitlines():
        line = line.strip()
        if line.startswith("Result: OK:"):
            # "Result: OK: 1234(c..+d..) usec, 200000 (60byte,0frags)"
            # "  123456pps 59Mb/sec ..."
            pass
        if line.endswith("errors: 0") or "pps" in line:
            for tok in line.split():
                if tok.endswith("pps"):
                    return int(tok[:-3])
    raise RuntimeError("no pktgen result: " + res[-300:])


def setup_slaves(n):
    sh("ip netns del sink 2>/dev/null; ip netns add sink")
    for i in range(n):
        sh(f"ip link del bv{i} 2>/dev/null")
        sh(f"ip link add bv{i} type veth peer name bp{i} netns sink")
        sh(f"ip -n sink link set bp{i} up")
        sh(f"sysctl -qw net.ipv6.conf.bv{i}.disable_ipv6=1")


CONFIGS = [("active-backup", 1), ("balance-rr", 2), ("active-backup", 2),
           ("balance-xor", 2), ("broadcast", 2), ("balance-rr", 4),
           ("active-backup", 4), ("balance-xor", 4), ("broadcast", 4),
           ("balance-tlb", 2), ("balance-alb", 2), ("balance-tlb", 4),
           ("balance-alb", 4)]
# BENCH_MODES=balance-tlb,balance-alb: only those modes (a shorter run)
if os.environ.get("BENCH_MODES"):
    CONFIGS = [c for c in CONFIGS
               if c[0] in os.environ["BENCH_MODES"].split(",")]


def measure_bond(mode, n):
    sh("ip link del bb0 2>/dev/null")
    sh(f"ip link add bb0 type bond mode {mode} miimon 100"
       + (" xmit_hash_policy layer3+4"
          if mode in ("balance-xor", "balance-tlb", "balance-alb") else ""))
    sh("sysctl -qw net.ipv6.conf.bb0.disable_ipv6=1")
    for i in range(n):
        sh(f"ip link set bv{i} down; ip link set bv{i} master bb0")
    sh("ip link set bb0 up")
    time.sleep(0.3)
    val = pktgen_pps("bb0")
    sh("ip link del bb0")
    return val


def measure_direct():
    sh("ip link set bv0 up")
    time.sleep(0.3)
    val = pktgen_pps("bv0")
    sh("ip link set bv0 down")
    return val


def stats(vals):
    return "%d/%d/%d" % (min(vals), statistics.median(vals), max(vals))


def ratios(a, b):
    r = [x / y for x, y in zip(a, b)]
    return "%.2f/%.2f/%.2f" % (min(r), statistics.median(r), max(r))


def kernel_mem():
    m = {}
    for line in open("/proc/meminfo"):
        k, v = line.split(":")
        m[k] = int(v.split()[0])
    return m


def mem_per_bond(which, count=1000):
    load(which)
    sh("sync; echo 3 > /proc/sys/vm/drop_caches")
    time.sleep(2)
    before = kernel_mem()
    with open("/tmp/bonds.batch", "w") as f:
        for i in range(count):
            f.write(f"link add mb{i} type bond\n")
    sh("ip -batch /tmp/bonds.batch")
    sh("sync; echo 3 > /proc/sys/vm/drop_caches")
    time.sleep(2)
    after = kernel_mem()
    res = {k: (after[k] - before[k]) / count for k in
           ("Slab", "KernelStack", "Percpu", "VmallocUsed")}
    res["MemUsed"] = ((before["MemFree"] - after["MemFree"]) -
                      (after.get("Cached", 0) - before.get("Cached", 0)) -
                      (after.get("Buffers", 0) - before.get("Buffers", 0))
                      ) / count
    sh("for b in $(cat /sys/class/net/bonding_masters); do "
       "echo -$b > /sys/class/net/bonding_masters; done")
    return res


def main():
    sh("modprobe pktgen")
    os.sched_setaffinity(0, {1})
    setup_slaves(4)
    # Repetitions are interleaved (direct, ours, stock, then again) so that
    # the guest's drift under TCG hits all three alike; each ratio is taken
    # within one repetition.
    direct = []
    res = {(c, w): [] for c in CONFIGS for w in ("ours", "stock")}
    for rep in range(REPS):
        direct.append(measure_direct())
        for which in ("ours", "stock"):
            load(which)
            for c in CONFIGS:
                res[(c, which)].append(measure_bond(*c))
        print(f"  repetition {rep + 1}/{REPS} done", file=sys.stderr,
              flush=True)

    print(f"\nTX packets/s through the bond (pktgen, {COUNT} x 60-byte "
          f"packets, {REPS} interleaved repetitions, min/median/max)")
    hdr = ("mode", "slaves", "ours pps", "stock pps", "direct veth pps",
           "ours/direct", "stock/direct", "ours/stock")
    table = [hdr]
    for c in CONFIGS:
        ours, stock = res[(c, "ours")], res[(c, "stock")]
        table.append((c[0], str(c[1]), stats(ours), stats(stock),
                      stats(direct), ratios(ours, direct),
                      ratios(stock, direct), ratios(ours, stock)))
    widths = [max(len(r[i]) for r in table) for i in range(len(hdr))]
    for r in table:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)))

    print("\nKernel memory per bond (1000 bonds, kB per bond)")
    mo, ms = mem_per_bond("ours"), mem_per_bond("stock")
    print("%-12s %10s %10s" % ("", "ours", "stock"))
    for k in ("MemUsed", "Slab", "KernelStack", "Percpu", "VmallocUsed"):
        print("%-12s %10.1f %10.1f" % (k, mo[k], ms[k]))
    load("ours")
    sh("rmmod bonding")


if __name__ == "__main__":
    main()
