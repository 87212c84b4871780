#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Packets lost and time to recover on a cable pull, at a steady packet
rate, for our module and the stock one (both miimon=100, active-backup) in
the same guest run.

  [ b0 192.0.2.1 ] -- v0 == p0 --+
                   -- v1 == p1 --+-- br0 192.0.2.2 (netns "peer", receiver)

A sender in the init namespace sends numbered UDP datagrams at RATE per
second; the receiver in the peer namespace records which arrived and when.
One second in, at a random phase against the monitor's tick, the far end of
the active slave goes down. Lost = sent - received; the gap is the time
between the last datagram before the loss and the first one after it.
Stock notices the pull at the next miimon tick (0-100 ms later); ours fails
over on the carrier event itself.
"""

import os
import random
import socket
import statistics
import subprocess
import sys
import time

from _lib import load, sh

REPS = int(os.environ.get("BENCH_REPS", "10"))
RATE = int(os.environ.get("BENCH_RATE", "1000"))
RECV = r"""
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("192.0.2.2", 9000))
s.settimeout(1.5)
got = []
print("ready", flush=True)
while True:
    try:
        d = s.recv(64)
    except socket.timeout:
        break
    got.append((int(d.split()[0]), time.monotonic()))
for seq, t in got:
    print(seq, "%.6f" % t)
"""



def active():
    with open("/sys/class/net/b0/bonding/active_slave") as f:
        return f.read().strip()


def wait(cond, timeout=5.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.02)
    return False


def setup():
    sh("ip netns del peer 2>/dev/null; ip link del b0 2>/dev/null; "
       "ip link del v0 2>/dev/null; ip link del v1 2>/dev/null")
    sh("ip netns add peer; ip -n peer link set lo up; "
       "ip -n peer link add br0 type bridge; ip -n peer link set br0 up; "
       "ip -n peer addr add 192.0.2.2/24 dev br0")
    for i in (0, 1):
        sh(f"ip link add v{i} type veth peer name p{i} netns peer; "
           f"ip -n peer link set p{i} master br0; ip -n peer link set p{i} up")
    sh("ip link add b0 type bond mode active-backup miimon 100 primary v0; "
       "ip link set v0 master b0; ip link set v1 master b0; ip link set b0 up; "
       "ip addr add 192.0.2.1/24 dev b0")
    # static neighbours: the measurement is the bond's, not ARP's
    mac = open("/sys/class/net/b0/address").read().strip()
    pmac = sh("ip -n peer -br link show br0").split()[2]
    sh(f"ip neigh replace 192.0.2.2 lladdr {pmac} dev b0 nud permanent; "
       f"ip -n peer neigh replace 192.0.2.1 lladdr {mac} dev br0 nud permanent")
    wait(lambda: active() == "v0")
    # the bridge must have learnt our MAC on the backup's port as well
    # after the first failover; a warm-up pull/plug does that
    one_pull()


def one_pull():
    sh("ip -n peer link set p0 down")
    wait(lambda: active() == "v1")
    sh("ip -n peer link set p0 up")
    wait(lambda: active() == "v0")
    time.sleep(0.5)


def measure():
    rx = subprocess.Popen(["ip", "netns", "exec", "peer", "python3", "-c",
                           RECV], stdout=subprocess.PIPE, text=True)
    rx.stdout.readline()
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    period = 1.0 / RATE
    total = 3 * RATE
    pull_at = RATE + random.randrange(RATE // 10)
    t0 = time.monotonic()
    for seq in range(total):
        if seq == pull_at:
            subprocess.Popen(["ip", "-n", "peer", "link", "set", "p0", "down"])
        try:
            s.sendto(b"%d x" % seq, ("192.0.2.2", 9000))
        except OSError:
            pass
        delay = t0 + (seq + 1) * period - time.monotonic()
        if delay > 0:
            time.sleep(delay)
    got = []
    for line in rx.stdout:
        seq, t = line.split()
        got.append((int(seq), float(t)))
    rx.wait()
    seqs = {q for q, _ in got}
    lost = total - len(seqs)
    times = [t for _, t in sorted(got)]
    gap = max((b - a for a, b in zip(times, times[1:])), default=0.0)
    sh("ip -n peer link set p0 up")
    wait(lambda: active() == "v0")
    time.sleep(0.5)
    return lost, gap * 1000.0


def mmm(vals, fmt):
    vals = sorted(vals)
    return "/".join(fmt % v for v in (vals[0], statistics.median(vals),
                                      vals[-1]))


def main():
    # kernel messages must not go to the serial console: at 115200 baud each
    # line stalls the CPU that logs it for milliseconds, in the middle of
    # the failover being measured (stock and ours alike)
    sh("dmesg -n 1")
    res = {"ours": [], "stock": []}
    for rep in range(REPS):
        for which in ("ours", "stock") if rep % 2 == 0 else ("stock", "ours"):
            load(which)
            setup()
            res[which].append(measure())
        print(f"  repetition {rep + 1}/{REPS} done", flush=True)
    load("ours")
    sh("ip netns del peer 2>/dev/null; rmmod bonding")
    print()
    print(f"Cable pull on the active slave, active-backup miimon=100, "
          f"{RATE} datagrams/s, {REPS} repetitions (min/median/max)")
    print("%-8s %-22s %-26s" % ("module", "datagrams lost", "longest gap (ms)"))
    for which in ("ours", "stock"):
        lost = [l for l, _ in res[which]]
        gap = [g for _, g in res[which]]
        print("%-8s %-22s %-26s" % (which, mmm(lost, "%d"), mmm(gap, "%.1f")))
    ours = statistics.median([l for l, _ in res["ours"]])
    stock = statistics.median([l for l, _ in res["stock"]])
    print(f"median loss ours/stock: {ours:.0f}/{stock:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
