#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""802.3ad convergence: the time from enslaving two ports to an up bond
to both of them collecting and distributing, for our module and the stock
one in the same guest run, with lacp_rate fast and slow.

The partner is the same for both: teamd's lacp runner (active, with the
matching fast_rate) over the team driver in a peer namespace, on the far
ends of two veth pairs. teamd is started and settled before the clock
starts; the clock starts just before the first enslave and stops when
both ports' actor state has collecting and distributing set (polled every
10 ms). Repetitions are interleaved (ours, stock, ours, ...) so that the
guest's drift hits both alike.
"""

import json
import os
import statistics
import subprocess
import sys
import time

from _lib import load, sh

REPS = int(os.environ.get("BENCH_REPS", "5"))
TIMEOUT = 90.0


def team_conf(fast):
    return json.dumps({
        "device": "team0",
        "runner": {"name": "lacp", "active": True, "fast_rate": fast},
        "link_watch": {"name": "ethtool"},
        "ports": {"p0": {}, "p1": {}},
    })


def topology(fast):
    sh("ip netns del lp 2>/dev/null; ip link del v0 2>/dev/null; "
       "ip link del v1 2>/dev/null; ip netns add lp")
    for i in (0, 1):
        sh(f"ip link add v{i} type veth peer name p{i} netns lp")
    with open("/tmp/lp-team0.conf", "w") as f:
        f.write(team_conf(fast))
    out = sh("ip netns exec lp teamd -d -U -f /tmp/lp-team0.conf")
    for _ in range(100):
        if "team0" in sh("ip -n lp -o link show"):
            break
        time.sleep(0.1)
    else:
        raise RuntimeError("teamd did not start: " + out)
    sh("ip -n lp link set team0 up; ip -n lp link set p0 up; "
       "ip -n lp link set p1 up")
    time.sleep(1)


def teardown():
    sh("ip netns exec lp teamd -k -t team0 2>/dev/null; sleep 0.5")
    sh("ip link del b0 2>/dev/null; ip netns del lp 2>/dev/null")


def actor_state(port):
    with open(f"/sys/class/net/{port}/bonding_slave/"
              "ad_actor_oper_port_state") as f:
        return int(f.read())


def one(rate):
    topology(rate == "fast")
    sh(f"ip link add b0 type bond mode 802.3ad miimon 100 lacp_rate {rate}")
    sh("sysctl -qw net.ipv6.conf.b0.disable_ipv6=1; ip link set b0 up")
    t0 = time.monotonic()
    subprocess.run(["ip", "link", "set", "v0", "master", "b0"], check=True)
    subprocess.run(["ip", "link", "set", "v1", "master", "b0"], check=True)
    took = None
    while time.monotonic() - t0 < TIMEOUT:
        try:
            if all(actor_state(p) & 0x30 == 0x30 for p in ("v0", "v1")):
                took = time.monotonic() - t0
                break
        except OSError:
            pass
        time.sleep(0.01)
    teardown()
    return took


def fmt(vals):
    ok = [v for v in vals if v is not None]
    if not ok:
        return "never"
    s = "%.2f/%.2f/%.2f" % (min(ok), statistics.median(ok), max(ok))
    if len(ok) < len(vals):
        s += " (%d of %d never)" % (len(vals) - len(ok), len(vals))
    return s


def main():
    if not sh("command -v teamd"):
        print("lacp_converge: teamd is not installed (libteam-utils)")
        return 1
    sh("modprobe team; modprobe team_mode_lacp")
    res = {}
    for rep in range(REPS):
        for rate in ("fast", "slow"):
            for which in ("ours", "stock"):
                load(which)
                res.setdefault((rate, which), []).append(one(rate))
        print(f"  repetition {rep + 1}/{REPS} done", file=sys.stderr,
              flush=True)
    print(f"\n802.3ad convergence, enslave of 2 ports to both collecting and "
          f"distributing (s, teamd partner, {REPS} interleaved repetitions, "
          "min/median/max)")
    print("%-10s %-22s %-22s %s" % ("lacp_rate", "ours", "stock",
                                    "ours/stock (median)"))
    for rate in ("fast", "slow"):
        o, s = res[(rate, "ours")], res[(rate, "stock")]
        ok_o = [v for v in o if v is not None]
        ok_s = [v for v in s if v is not None]
        ratio = ("%.2f" % (statistics.median(ok_o) / statistics.median(ok_s))
                 if ok_o and ok_s else "-")
        print("%-10s %-22s %-22s %s" % (rate, fmt(o), fmt(s), ratio))
    load("ours")
    sh("rmmod bonding")
    return 0


if __name__ == "__main__":
    sys.exit(main())
