#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Test every bond option through every surface that carries it.

For each option: set it through sysfs, through `ip link set ... type bond`
and through raw netlink, and after each set read it back through every
surface that shows it (sysfs, `ip -d -j link`, raw netlink, /proc); all
must agree. Then the rejections: values out of range or unknown (EINVAL),
the wrong mode (EACCES), a bond that is up when the option needs it down
(EBUSY), a bond with slaves when the option needs none (ENOTEMPTY). Each
rejection must leave the value as it was, log a line naming the bond and
the option, and give netlink callers an extack message.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "tools"))
from btest import (ok, fail, skip, check, finish, sh, sysfs_read,  # noqa
                   sysfs_set, errname, ip_info, ip_set, nl_get, nl_set,
                   proc_fields, kmsg_mark, kmsg_since)

B = "bt0"
EINVAL, EACCES, EBUSY, ENOTEMPTY, EPERM = 22, 13, 16, 39, 1

MODES = ["balance-rr", "active-backup", "balance-xor", "broadcast",
         "802.3ad", "balance-tlb", "balance-alb"]
PROC_MODES = ["load balancing (round-robin)",
              "fault-tolerance (active-backup)", "load balancing (xor)",
              "fault-tolerance (broadcast)",
              "IEEE 802.3ad Dynamic link aggregation",
              "transmit load balancing", "adaptive load balancing"]
XMIT = ["layer2", "layer3+4", "layer2+3", "encap2+3", "encap3+4",
        "vlan+srcmac"]
ARP_VALIDATE = ["none", "active", "backup", "all", "filter",
                "filter_active", "filter_backup"]
RESELECT = ["always", "better", "failure"]
FOM = ["none", "active", "follow"]
AD_SELECT = ["stable", "bandwidth", "count", "actor_port_prio"]
ANY_ALL = ["any", "all"]
SLOW_FAST = ["slow", "fast"]
OFF_ON = ["off", "on"]
NOT_LB = {0, 1, 2, 3}
ACTIVE = {1, 5, 6}
AD = {4}
ALL = set(range(7))

# modes this build can create (the others refuse themselves until they land)
AVAILABLE = set()


class Opt:
    """One option: where it lives on each surface, its values, its rules.

    names: value names for enums (index = number); valid: values to set,
    each (text for sysfs/ip, number); bad: text values sysfs must refuse;
    bad_nl: numbers netlink must refuse; modes: where it may be set;
    down/noslaves: constraints; miimon: set miimon 100 first.
    """

    def __init__(self, name, *, sysfs=True, ip=None, ipj=None, nl=None,
                 proc=None, names=None, valid=(), bad=(), bad_nl=(),
                 modes=ALL, down=False, noslaves=False, miimon=False,
                 show_num=False):
        self.name = name
        self.sysfs = name if sysfs is True else sysfs
        self.ip = ip
        self.ipj = ipj or ip
        self.nl = nl
        self.proc = proc
        self.names = names
        self.valid = valid
        self.bad = bad
        self.bad_nl = bad_nl
        self.modes = modes
        self.down = down
        self.noslaves = noslaves
        self.miimon = miimon
        self.show_num = show_num

    def ok_mode(self):
        for m in (0, 1, 4, 2, 3, 5, 6):
            if m in self.modes:
                return m
        return None

    def bad_mode(self):
        for m in (0, 1, 2, 4):
            if m not in self.modes:
                return m
        return None

    def from_text(self, text):
        if self.names and not text.lstrip("-").isdigit():
            return self.names.index(text)
        return int(text)


def enum_valid(names, picks):
    return [(names[i] if i % 2 else str(i), i) for i in picks]


OPTS = [
    Opt("mode", ip="mode", nl="mode", proc="Bonding Mode", names=MODES,
        valid=[("active-backup", 1), ("2", 2), ("broadcast", 3),
               ("balance-rr", 0)],
        bad=["7", "foo", "-1", ""], bad_nl=[7, 255], down=True,
        noslaves=True),
    Opt("miimon", ip="miimon", nl="miimon",
        proc="MII Polling Interval (ms)",
        valid=[("100", 100), ("0", 0), ("250", 250)],
        bad=["-1", "abc", "2147483648", "1.5"], bad_nl=[2147483648]),
    Opt("updelay", ip="updelay", nl="updelay", proc="Up Delay (ms)",
        valid=[("200", 200), ("250", 200), ("0", 0)], bad=["-1", "x"],
        bad_nl=[2147483648], miimon=True),
    Opt("downdelay", ip="downdelay", nl="downdelay", proc="Down Delay (ms)",
        valid=[("300", 300), ("199", 100), ("0", 0)], bad=["-5", "y"],
        miimon=True),
    Opt("peer_notif_delay", ip="peer_notify_delay", nl="peer_notif_delay",
        proc="Peer Notification Delay (ms)",
        valid=[("300000", 300000), ("500", 500), ("0", 0)],
        bad=["300001", "-1"], bad_nl=[300001], miimon=True),
    Opt("use_carrier", ip="use_carrier", nl="use_carrier", names=OFF_ON,
        valid=[("0", 0), ("1", 1)], bad=["2", "yes"], bad_nl=[2],
        show_num=True),
    Opt("arp_interval", ip="arp_interval", nl="arp_interval",
        proc="ARP Polling Interval (ms)",
        valid=[("100", 100), ("1000", 1000), ("0", 0)], bad=["-1", "z"],
        modes=NOT_LB),
    Opt("arp_validate", ip="arp_validate", nl="arp_validate",
        names=ARP_VALIDATE, valid=enum_valid(ARP_VALIDATE, [1, 3, 6, 4, 0]),
        bad=["7", "foo"], bad_nl=[7], modes=NOT_LB),
    Opt("arp_all_targets", ip="arp_all_targets", nl="arp_all_targets",
        names=ANY_ALL, valid=[("all", 1), ("0", 0)], bad=["2", "some"],
        bad_nl=[2]),
    Opt("arp_missed_max", ip="arp_missed_max", nl="missed_max",
        proc="ARP Missed Max", valid=[("1", 1), ("255", 255), ("2", 2)],
        bad=["0", "256"], bad_nl=[0], modes=NOT_LB),
    Opt("primary_reselect", ip="primary_reselect", nl="primary_reselect",
        names=RESELECT, valid=enum_valid(RESELECT, [1, 2, 0]),
        bad=["3", "never"], bad_nl=[3]),
    Opt("fail_over_mac", ip="fail_over_mac", nl="fail_over_mac", names=FOM,
        valid=enum_valid(FOM, [1, 2, 0]), bad=["3", "yes"], bad_nl=[3],
        noslaves=True),
    Opt("xmit_hash_policy", ip="xmit_hash_policy", nl="xmit_hash_policy",
        names=XMIT, valid=enum_valid(XMIT, [1, 2, 3, 4, 5, 0]),
        bad=["6", "layer4"], bad_nl=[6]),
    Opt("resend_igmp", ip="resend_igmp", nl="resend_igmp",
        valid=[("0", 0), ("255", 255), ("1", 1)], bad=["256", "-1"],
        bad_nl=[256]),
    Opt("num_grat_arp", ip="num_grat_arp", ipj="num_peer_notif",
        nl="num_peer_notif", valid=[("0", 0), ("255", 255), ("1", 1)],
        bad=["256", "-1"]),
    Opt("num_unsol_na", ip="num_unsol_na", ipj="num_peer_notif",
        nl="num_peer_notif", valid=[("5", 5), ("1", 1)], bad=["256"]),
    Opt("all_slaves_active", ip="all_slaves_active", nl="all_slaves_active",
        names=OFF_ON, valid=[("1", 1), ("0", 0)], bad=["2"], bad_nl=[2],
        show_num=True),
    Opt("min_links", ip="min_links", nl="min_links",
        valid=[("3", 3), ("2147483647", 2147483647), ("0", 0)],
        bad=["-1", "2147483648"], bad_nl=[2147483648]),
    Opt("lp_interval", ip="lp_interval", nl="lp_interval",
        valid=[("2147483647", 2147483647), ("10", 10), ("1", 1)],
        bad=["0", "-2"], bad_nl=[0]),
    Opt("packets_per_slave", ip="packets_per_slave", nl="packets_per_slave",
        valid=[("0", 0), ("65535", 65535), ("1", 1)],
        bad=["65536", "-1"], bad_nl=[65536], modes={0}),
    Opt("tlb_dynamic_lb", ip="tlb_dynamic_lb", nl="tlb_dynamic_lb",
        names=OFF_ON, valid=[("0", 0), ("1", 1)], bad=["2"], bad_nl=[2],
        modes={5, 6}, down=True, show_num=True),
    Opt("lacp_rate", ip="lacp_rate", ipj="ad_lacp_rate", nl="ad_lacp_rate",
        names=SLOW_FAST, valid=[("fast", 1), ("0", 0)], bad=["2", "medium"],
        bad_nl=[2], modes=AD, down=True),
    Opt("lacp_active", ip="lacp_active", ipj="ad_lacp_active",
        nl="ad_lacp_active", names=OFF_ON, valid=[("off", 0), ("1", 1)],
        bad=["2"], bad_nl=[2], modes=AD, down=True),
    Opt("ad_select", ip="ad_select", nl="ad_select", names=AD_SELECT,
        valid=[("bandwidth", 1), ("2", 2), ("stable", 0)],
        bad=["4", "best"], bad_nl=[4], down=True),
    Opt("ad_actor_sys_prio", ip="ad_actor_sys_prio", nl="ad_actor_sys_prio",
        valid=[("1", 1), ("65535", 65535), ("100", 100)],
        bad=["0", "65536"], bad_nl=[0], modes=AD),
    Opt("ad_user_port_key", ip="ad_user_port_key", nl="ad_user_port_key",
        valid=[("1023", 1023), ("0", 0)], bad=["1024"], bad_nl=[1024],
        modes=AD, down=True),
    Opt("coupled_control", sysfs=None, nl="coupled_control", names=OFF_ON,
        valid=[("0", 0), ("1", 1)], bad_nl=[2], modes=AD, down=True),
    Opt("broadcast_neighbor", sysfs=None, nl="broadcast_neigh",
        names=OFF_ON, valid=[("1", 1), ("0", 0)], bad_nl=[2], modes=AD),
    Opt("lacp_strict", sysfs=None, nl="lacp_strict", names=OFF_ON,
        valid=[("1", 1), ("0", 0)], bad_nl=[2], modes=AD),
]


def reset(mode, miimon=False):
    sh(f"ip link del {B} 2>/dev/null; ip link del dm0 2>/dev/null")
    st, out = sh(f"ip link add {B} type bond mode {mode}")
    if st:
        raise RuntimeError(f"cannot create a bond in mode {mode}: {out}")
    if miimon:
        sh(f"ip link set {B} type bond miimon 100", check=True)


def value_nums(o):
    """The option's value as each surface shows it, as numbers."""
    got = {}
    if o.sysfs:
        raw = sysfs_read(B, o.sysfs)
        if raw == "":
            got["sysfs"] = None      # 802.3ad values outside 802.3ad
        elif o.names and not o.show_num:
            name, _, num = raw.partition(" ")
            got["sysfs"] = int(num)
            if o.names[int(num)] != name:
                got["sysfs-name"] = name
        else:
            got["sysfs"] = int(raw)
    if o.ipj:
        v = ip_info(B).get(o.ipj)
        if o.ipj == "arp_validate" and v is None:
            v = "none"
        if isinstance(v, str):
            v = o.names.index(v)
        got["ip"] = v
    if o.nl:
        got["netlink"] = nl_get(B).get(o.nl)
    if o.proc:
        fields = proc_fields(B)
        if o.proc in fields:
            text = fields[o.proc]
            got["proc"] = (PROC_MODES.index(text) if o.name == "mode"
                           else int(text))
        elif o.name not in ("arp_interval", "arp_missed_max") or \
                int(sysfs_read(B, "arp_interval")):
            got["proc"] = "missing"
    return got


def set_via(o, surface, text, num):
    if surface == "sysfs":
        return sysfs_set(B, o.sysfs, text)
    if surface == "ip":
        st, out = ip_set(B, o.ip, o.names[num] if o.names and o.ip not in (
            "use_carrier", "all_slaves_active", "tlb_dynamic_lb") else num)
        return EINVAL if st else 0
    return nl_set(B, **{o.nl: num})[0]


def test_sets(o, mode):
    for surface in ("sysfs", "ip", "netlink"):
        if (surface == "sysfs" and not o.sysfs) or \
           (surface == "ip" and not o.ip) or \
           (surface == "netlink" and not o.nl):
            continue
        reset(mode, o.miimon)
        problems = []
        for text, num in o.valid:
            err = set_via(o, surface, text, num)
            if err:
                problems.append(f"set {text}: {errname(err)}")
                continue
            got = value_nums(o)
            bad = {k: v for k, v in got.items() if v != num}
            if bad:
                problems.append(f"set {text}: read back {bad}")
        check(f"{o.name}/set-by-{surface}", not problems, "; ".join(problems))


def expect_refusal(o, case, errno_want, text=None, num=None):
    """Refused through sysfs (text) and netlink (num), value unchanged,
    a log line naming the option, an extack message."""
    before = value_nums(o)
    problems = []
    if text is not None and o.sysfs:
        kmsg_mark(case)
        err = sysfs_set(B, o.sysfs, text)
        if err != errno_want:
            problems.append(f"sysfs '{text}': {errname(err)}, "
                            f"expected {errname(errno_want)}")
        elif f"option {o.name}" not in kmsg_since(case) and \
                not (o.name.startswith("num_") and "option num_" in
                     kmsg_since(case)):
            problems.append(f"sysfs '{text}': no log line naming the option")
    if num is not None and o.nl:
        kmsg_mark(case + "-nl")
        err, msg = nl_set(B, **{o.nl: num})
        if err != errno_want:
            problems.append(f"netlink {num}: {errname(err)}, "
                            f"expected {errname(errno_want)}")
        elif not msg:
            problems.append(f"netlink {num}: no extack message")
    after = value_nums(o)
    if after != before:
        problems.append(f"value changed: {before} -> {after}")
    check(f"{o.name}/{case}", not problems, "; ".join(problems))


def test_option(o):
    mode = o.ok_mode()
    if mode not in AVAILABLE:
        skip(f"{o.name}/set", f"mode {MODES[mode]} is not available yet")
    else:
        test_sets(o, mode)
        reset(mode, o.miimon)
        for i, text in enumerate(o.bad or [None]):
            nl_bad = o.bad_nl[i] if i < len(o.bad_nl) else None
            if text is None and nl_bad is None:
                continue
            expect_refusal(o, f"reject-bad-{i}", EINVAL, text, nl_bad)
        if o.down:
            sh(f"ip link set {B} up")
            text, num = o.valid[0]
            expect_refusal(o, "reject-while-up", EBUSY, text, num)
            sh(f"ip link set {B} down")
        if o.noslaves:
            sh("ip link add dm0 type dummy")
            sh(f"ip link set dm0 master {B}", check=True)
            text, num = o.valid[0]
            expect_refusal(o, "reject-with-slaves", ENOTEMPTY, text, num)

    bad_mode = o.bad_mode()
    if bad_mode is not None and bad_mode in AVAILABLE:
        reset(bad_mode, o.miimon)
        text, num = o.valid[0]
        expect_refusal(o, f"reject-in-{MODES[bad_mode]}", EACCES, text, num)


def main():
    sh("modprobe bonding max_bonds=0")
    for m in range(7):
        st, _ = sh(f"ip link add {B} type bond mode {m}")
        if not st:
            AVAILABLE.add(m)
        sh(f"ip link del {B} 2>/dev/null")
    for o in OPTS:
        try:
            test_option(o)
        except Exception as e:  # a broken surface must not stop the rest
            fail(f"{o.name}/error", repr(e))
    sh(f"ip link del {B} 2>/dev/null; ip link del dm0 2>/dev/null")
    finish()


if __name__ == "__main__":
    main()
