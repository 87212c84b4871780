#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Test the options that name addresses or slaves, through every surface.

arp_ip_target and ns_ip6_target (add, remove, replace, refuse), primary
and active_slave (by name in sysfs, by ifindex over netlink, as names in
ip -d and /proc), queue_id (sysfs "ifname:qid" and the slave attribute),
the per-slave prio, ad_actor_system and the slave's actor_port_prio; each
value set through one surface is read back through all the others, and
each refusal leaves the old value; and /proc's words for the options it
shows (options.py reads back its numbers).
"""

import ipaddress
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "tools"))
from btest import (ok, fail, check, finish, sh, sysfs_read,  # noqa: E402
                   sysfs_set, errname, ip_info, ip_slave_info, ip_set,
                   nl_get, nl_set, nl_slave_set, proc, proc_fields)
import bondnl  # noqa: E402

B = "bt0"
EINVAL, EPERM, ENODEV, EACCES = 22, 1, 19, 13


def reset(*args):
    sh(f"ip link del {B} 2>/dev/null")
    for i in range(3):
        sh(f"ip link del v{i} 2>/dev/null")
    sh(f"ip link add {B} type bond " + " ".join(args), check=True)


def add_slaves(n=2, up=True):
    for i in range(n):
        sh(f"ip link add v{i} type veth peer name p{i}", check=True)
        if up:
            sh(f"ip link set p{i} up")
        sh(f"ip link set v{i} master {B}", check=True)


def ifindex(dev):
    with open(f"/sys/class/net/{dev}/ifindex") as f:
        return int(f.read())


# --- ARP targets ------------------------------------------------------------

def arp_views():
    views = {"sysfs": sysfs_read(B, "arp_ip_target").split(),
             "ip": ip_info(B).get("arp_ip_target", []),
             "netlink": nl_get(B).get("arp_ip_target", [])}
    f = proc_fields(B)
    label = "ARP IP target/s (n.n.n.n form)"
    if label in f:
        views["proc"] = [t.strip() for t in f[label].split(",") if t.strip()]
    return views


def check_arp(case, want):
    views = arp_views()
    bad = {k: v for k, v in views.items() if v != want}
    check(case, not bad, f"expected {want}, got {bad}")


def test_arp_targets():
    reset("mode active-backup arp_interval 1000")
    check("arp/sysfs-add", sysfs_set(B, "arp_ip_target", "+192.0.2.1") == 0)
    sysfs_set(B, "arp_ip_target", "+192.0.2.2")
    check_arp("arp/read-everywhere", ["192.0.2.1", "192.0.2.2"])
    check("arp/sysfs-remove", sysfs_set(B, "arp_ip_target", "-192.0.2.1") == 0)
    check_arp("arp/after-remove", ["192.0.2.2"])
    for bad, err in (("+192.0.2.2", EINVAL), ("+0.0.0.0", EINVAL),
                     ("+255.255.255.255", EINVAL), ("192.0.2.3", EPERM),
                     ("+300.1.1.1", EPERM), ("-192.0.2.77", EINVAL),
                     ("+", EPERM)):
        got = sysfs_set(B, "arp_ip_target", bad)
        check(f"arp/reject[{bad}]", got == err,
              f"{errname(got)}, expected {errname(err)}")
    check_arp("arp/unchanged-after-rejects", ["192.0.2.2"])
    for i in range(3, 18):
        sysfs_set(B, "arp_ip_target", f"+192.0.2.{i}")
    check("arp/sixteen-max", len(arp_views()["sysfs"]) == 16)
    got = sysfs_set(B, "arp_ip_target", "+198.51.100.1")
    check("arp/reject-seventeenth", got == EINVAL, errname(got))
    # ip and netlink replace the whole list
    st, out = ip_set(B, "arp_ip_target", "198.51.100.1,198.51.100.2")
    check("arp/ip-replaces", st == 0, out)
    check_arp("arp/after-ip", ["198.51.100.1", "198.51.100.2"])
    err, msg = nl_set(B, arp_ip_target="203.0.113.9,203.0.113.9")
    check("arp/netlink-rejects-duplicate", err == EINVAL and msg,
          f"{errname(err)} '{msg}'")
    err, _ = nl_set(B, arp_ip_target="203.0.113.1,0.0.0.0")
    check("arp/netlink-rejects-zero", err == EINVAL, errname(err))
    check_arp("arp/netlink-reject-kept-list", ["198.51.100.1", "198.51.100.2"])
    err, _ = nl_set(B, arp_ip_target="203.0.113.5")
    check("arp/netlink-replaces", err == 0, errname(err))
    check_arp("arp/after-netlink", ["203.0.113.5"])
    err, _ = nl_set(B, arp_ip_target="")
    check("arp/netlink-empty-clears", err == 0, errname(err))
    check_arp("arp/cleared", [])


# --- NS targets ----------------------------------------------------------------

def ns_views():
    norm = lambda lst: [str(ipaddress.ip_address(a)) for a in lst]  # noqa
    views = {"ip": norm(ip_info(B).get("ns_ip6_target", [])),
             "netlink": norm(nl_get(B).get("ns_ip6_target", []))}
    f = proc_fields(B)
    label = "NS IPv6 target/s (xx::xx form)"
    if label in f:
        views["proc"] = norm([t.strip() for t in f[label].split(",")
                              if t.strip()])
    return views


def test_ns_targets():
    reset("mode active-backup arp_interval 1000")
    st, out = ip_set(B, "ns_ip6_target", "2001:db8::1,fe80::2")
    check("ns/ip-sets", st == 0, out)
    want = ["2001:db8::1", "fe80::2"]
    views = ns_views()
    check("ns/read-everywhere", all(v == want for v in views.values()),
          f"{views}")
    for bad in ("ff02::1", "::", "::1", "2001:db8::1,2001:db8::1"):
        err, msg = nl_set(B, ns_ip6_target=bad)
        check(f"ns/reject[{bad}]", err == EINVAL and msg,
              f"{errname(err)} '{msg}'")
    views = ns_views()
    check("ns/unchanged", all(v == want for v in views.values()), f"{views}")
    err, _ = nl_set(B, ns_ip6_target="")
    check("ns/clear", err == 0 and ns_views()["netlink"] == [], errname(err))


# --- primary and active_slave ---------------------------------------------------

def primary_views():
    f = proc_fields(B)
    info = ip_info(B)
    nl = nl_get(B)
    return {"sysfs": sysfs_read(B, "primary"),
            "ip": info.get("primary", ""),
            "netlink": bondnl.ifname(nl["primary"]) if "primary" in nl
            else "",
            "proc": f.get("Primary Slave", "").split(" ")[0].replace(
                "None", "")}


def active_views():
    f = proc_fields(B)
    nl = nl_get(B)
    return {"sysfs": sysfs_read(B, "active_slave"),
            "ip": ip_info(B).get("active_slave", ""),
            "netlink": bondnl.ifname(nl["active_slave"])
            if "active_slave" in nl else "",
            "proc": f.get("Currently Active Slave", "").replace("None", "")}


def same(views, want):
    return all(v == want for v in views.values())


def test_primary_active():
    reset("mode active-backup miimon 100")
    add_slaves(3)
    sh(f"ip link set {B} up")
    sh("sleep 0.5")
    act = sysfs_read(B, "active_slave")
    check("active/initial-everywhere", act and same(active_views(), act),
          f"{active_views()}")

    check("primary/sysfs-set", sysfs_set(B, "primary", "v2") == 0)
    check("primary/read-everywhere", same(primary_views(), "v2"),
          f"{primary_views()}")
    check("primary/takes-over", same(active_views(), "v2"),
          f"{active_views()}")
    check("primary/proc-reselect-suffix",
          "Primary Slave: v2 (primary_reselect always)" in proc(B))
    err, _ = nl_set(B, primary=ifindex("v1"))
    check("primary/netlink-set", err == 0 and same(primary_views(), "v1"),
          f"{errname(err)} {primary_views()}")
    st, out = ip_set(B, "primary", "v0")
    check("primary/ip-set", st == 0 and same(primary_views(), "v0"),
          f"{out} {primary_views()}")
    check("primary/not-enslaved-kept", sysfs_set(B, "primary", "vX") == 0 and
          sysfs_read(B, "primary") == "", sysfs_read(B, "primary"))
    check("primary/clear", sysfs_set(B, "primary", "") == 0 and
          same(primary_views(), ""), f"{primary_views()}")

    cur = sysfs_read(B, "active_slave")
    other = "v1" if cur != "v1" else "v2"
    check("active/sysfs-set", sysfs_set(B, "active_slave", other) == 0 and
          same(active_views(), other), f"{active_views()}")
    err, _ = nl_set(B, active_slave=ifindex("v0"))
    check("active/netlink-set", err == 0 and same(active_views(), "v0"),
          f"{errname(err)} {active_views()}")
    st, out = ip_set(B, "active_slave", "v2")
    check("active/ip-set", st == 0 and same(active_views(), "v2"),
          f"{out} {active_views()}")
    for bad, want in (("nosuch", ENODEV), ("lo", EINVAL)):
        got = sysfs_set(B, "active_slave", bad)
        check(f"active/reject[{bad}]", got == want and
              same(active_views(), "v2"), f"{errname(got)}")
    sh("ip link set p1 down")
    sh("sleep 0.5")
    got = sysfs_set(B, "active_slave", "v1")
    check("active/reject-link-down", got == EINVAL and
          same(active_views(), "v2"), errname(got))
    err, msg = nl_set(B, active_slave=99999)
    check("active/netlink-unknown-ifindex", err == ENODEV and msg,
          f"{errname(err)} '{msg}'")
    # primary and active_slave belong to active-backup, tlb and alb
    reset("mode balance-rr")
    for opt in ("primary", "active_slave"):
        got = sysfs_set(B, opt, "v0")
        check(f"{opt}/reject-in-balance-rr", got == EACCES, errname(got))


# --- queue_id and prio ---------------------------------------------------------

def qid_views(dev):
    f = proc(B).split(f"Slave Interface: {dev}\n")[1].split("\n\n")[0]
    line = [x for x in f.splitlines() if x.startswith("Slave queue ID:")][0]
    return {"sysfs": dict(x.split(":") for x in
                          sysfs_read(B, "queue_id").split())[dev],
            "slave-sysfs": open(f"/sys/class/net/{dev}/bonding_slave/"
                                "queue_id").read().strip(),
            "ip": str(ip_slave_info(dev).get("queue_id")),
            "netlink": str(bondnl.get_slave(dev).get("queue_id")),
            "proc": line.split(": ")[1]}


def test_queue_id_prio():
    reset("mode active-backup miimon 100")
    add_slaves(2)
    check("queue_id/sysfs-set", sysfs_set(B, "queue_id", "v1:2") == 0 and
          same(qid_views("v1"), "2"), f"{qid_views('v1')}")
    err, _ = nl_slave_set("v0", queue_id=5)
    check("queue_id/netlink-set", err == 0 and same(qid_views("v0"), "5"),
          f"{errname(err)} {qid_views('v0')}")
    for bad in ("v1:17", "v0:2", "v1", "nosuch:1", ":3", "v1:x"):
        got = sysfs_set(B, "queue_id", bad)
        check(f"queue_id/reject[{bad}]", got == EPERM, errname(got))
    check("queue_id/unchanged", same(qid_views("v1"), "2") and
          same(qid_views("v0"), "5"))
    err, _ = nl_slave_set("v1", queue_id=5)
    check("queue_id/netlink-reject-duplicate", err == EPERM, errname(err))

    err, _ = nl_slave_set("v1", prio=-7)
    views = {"ip": ip_slave_info("v1").get("prio"),
             "netlink": bondnl.get_slave("v1").get("prio")}
    check("prio/netlink-set", err == 0 and all(v == -7 for v in
                                                views.values()),
          f"{errname(err)} {views}")
    reset("mode balance-rr")
    add_slaves(1)
    err, _ = nl_slave_set("v0", prio=3)
    check("prio/reject-in-balance-rr", err == EACCES, errname(err))

# --- ad_actor_system and the slave's actor_port_prio ---------------------------

def actor_views():
    f = proc(B).split("\nSlave Interface:")[0]
    mac = [x.split(": ")[1] for x in f.splitlines()
           if x.startswith("System MAC address:")]
    return {"sysfs": sysfs_read(B, "ad_actor_system"),
            "ip": ip_info(B).get("ad_actor_system"),
            "netlink": nl_get(B).get("ad_actor_system"),
            "proc": mac[0] if mac else None}


def port_prio_views(dev):
    # iproute2 of Debian 12 predates the attribute: netlink and /proc only
    f = proc(B).split(f"Slave Interface: {dev}\n")[1].split("\n\n")[0]
    actor = f.split("details actor lacp pdu:")[-1].split("details partner")[0]
    prio = [x.split(": ")[1] for x in actor.splitlines()
            if x.strip().startswith("port priority:")]
    return {"netlink": str(bondnl.get_slave(dev).get("actor_port_prio")),
            "proc": prio[0] if prio else None}


def test_actor():
    reset("mode 802.3ad miimon 100")
    add_slaves(2)
    sh(f"ip link set {B} up")
    bond_mac = open(f"/sys/class/net/{B}/address").read().strip()
    # unset, the system is the bond's own MAC (sysfs and netlink say zero)
    check("actor_system/default-proc-is-bond-mac",
          actor_views()["proc"] == bond_mac, f"{actor_views()}")
    mac = "02:00:00:00:00:05"
    check("actor_system/sysfs-set",
          sysfs_set(B, "ad_actor_system", mac) == 0 and
          same(actor_views(), mac), f"{actor_views()}")
    mac = "02:00:00:00:00:07"
    err, _ = nl_set(B, ad_actor_system=mac)
    check("actor_system/netlink-set", err == 0 and same(actor_views(), mac),
          f"{errname(err)} {actor_views()}")
    mac = "02:00:00:00:00:09"
    st, out = ip_set(B, "ad_actor_system", mac)
    check("actor_system/ip-set", st == 0 and same(actor_views(), mac),
          f"{out} {actor_views()}")
    for bad in ("01:00:5e:00:00:01", "ff:ff:ff:ff:ff:ff", "02:00:00:00:00",
                "nonsense"):
        got = sysfs_set(B, "ad_actor_system", bad)
        check(f"actor_system/reject[{bad}]", got == EINVAL, errname(got))
    err, msg = nl_set(B, ad_actor_system="01:80:c2:00:00:02")
    check("actor_system/netlink-rejects-multicast", err == EINVAL and msg,
          f"{errname(err)} '{msg}'")
    check("actor_system/unchanged-after-rejects", same(actor_views(), mac),
          f"{actor_views()}")

    check("actor_port_prio/default", same(port_prio_views("v0"), "255"),
          f"{port_prio_views('v0')}")
    err, _ = nl_slave_set("v0", actor_port_prio=100)
    # /proc shows the port's actor info, which the next LACP tick updates
    for _ in range(30):
        v0, v1 = port_prio_views("v0"), port_prio_views("v1")
        if same(v0, "100"):
            break
        time.sleep(0.1)
    check("actor_port_prio/netlink-set",
          err == 0 and same(v0, "100") and same(v1, "255"),
          f"{errname(err)} {v0} {v1}")

    reset("mode balance-rr")
    got = sysfs_set(B, "ad_actor_system", "02:00:00:00:00:05")
    check("actor_system/reject-in-balance-rr", got == EACCES, errname(got))
    check("actor_system/balance-rr-unchanged",
          sysfs_read(B, "ad_actor_system") in ("", "00:00:00:00:00:00"),
          sysfs_read(B, "ad_actor_system"))
    add_slaves(1)
    err, _ = nl_slave_set("v0", actor_port_prio=7)
    check("actor_port_prio/reject-in-balance-rr", err == EACCES, errname(err))


# --- /proc read-back of the options it shows in words ---------------------------

def proc_value(label):
    return proc_fields(B).get(label)


PROC_CASES = [
    # mode, option, netlink attribute, label, [(text, number, proc text)]
    ("802.3ad", "lacp_rate", "ad_lacp_rate", "LACP rate",
     [("fast", 1, "fast"), ("0", 0, "slow")]),
    ("802.3ad", "lacp_active", "ad_lacp_active", "LACP active",
     [("off", 0, "off"), ("1", 1, "on")]),
    ("802.3ad", "ad_select", "ad_select",
     "Aggregator selection policy (ad_select)",
     [("bandwidth", 1, "bandwidth"), ("2", 2, "count"),
      ("stable", 0, "stable")]),
    ("802.3ad", "min_links", "min_links", "Min links",
     [("3", 3, "3"), ("0", 0, "0")]),
    ("802.3ad", "ad_actor_sys_prio", "ad_actor_sys_prio", "System priority",
     [("100", 100, "100"), ("65535", 65535, "65535")]),
    ("802.3ad", "xmit_hash_policy", "xmit_hash_policy", "Transmit Hash Policy",
     [("layer3+4", 1, "layer3+4 (1)"), ("5", 5, "vlan+srcmac (5)"),
      ("encap2+3", 3, "encap2+3 (3)"), ("0", 0, "layer2 (0)")]),
    ("balance-xor", "xmit_hash_policy", "xmit_hash_policy",
     "Transmit Hash Policy",
     [("layer2+3", 2, "layer2+3 (2)"), ("4", 4, "encap3+4 (4)")]),
    ("active-backup", "fail_over_mac", "fail_over_mac", "Bonding Mode",
     [("active", 1, "fault-tolerance (active-backup) (fail_over_mac active)"),
      ("2", 2, "fault-tolerance (active-backup) (fail_over_mac follow)"),
      ("none", 0, "fault-tolerance (active-backup)")]),
]


def test_proc_readback():
    for mode, opt, attr, label, values in PROC_CASES:
        reset(f"mode {mode}")
        for text, num, shown in values:
            case = f"proc/{mode}-{opt}-{text}"
            got = sysfs_set(B, opt, text)
            check(f"{case}-sysfs", got == 0 and proc_value(label) == shown,
                  f"{errname(got)} '{proc_value(label)}', expected '{shown}'")
        # and netlink, by number, in reverse order
        for text, num, shown in reversed(values[:-1]):
            err, _ = nl_set(B, **{attr: num})
            check(f"proc/{mode}-{opt}-{num}-netlink",
                  err == 0 and proc_value(label) == shown,
                  f"{errname(err)} '{proc_value(label)}', expected '{shown}'")
    # primary_reselect shows beside a primary only
    reset("mode active-backup miimon 100")
    add_slaves(2)
    sysfs_set(B, "primary", "v1")
    for text, name in (("better", "better"), ("2", "failure"),
                       ("always", "always")):
        got = sysfs_set(B, "primary_reselect", text)
        want = f"v1 (primary_reselect {name})"
        check(f"proc/primary_reselect-{text}",
              got == 0 and proc_value("Primary Slave") == want,
              f"{errname(got)} '{proc_value('Primary Slave')}'")
    # tlb shows its hash policy only when it hashes (tlb_dynamic_lb 0)
    reset("mode balance-tlb")
    sysfs_set(B, "xmit_hash_policy", "layer3+4")
    check("proc/tlb-dynamic-no-hash-line",
          proc_value("Transmit Hash Policy") is None,
          f"'{proc_value('Transmit Hash Policy')}'")
    sysfs_set(B, "tlb_dynamic_lb", "0")
    check("proc/tlb-static-hash-line",
          proc_value("Transmit Hash Policy") == "layer3+4 (1)",
          f"'{proc_value('Transmit Hash Policy')}'")


def main():
    sh("modprobe bonding max_bonds=0")
    for t in (test_arp_targets, test_ns_targets, test_primary_active,
              test_queue_id_prio, test_actor, test_proc_readback):
        try:
            t()
        except Exception as e:
            fail(f"{t.__name__}/error", repr(e))
    sh(f"ip link del {B} 2>/dev/null")
    finish()


if __name__ == "__main__":
    main()
