#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Test every configuration door with random and boundary input.

A seeded random walk over the doors users and tools configure bonds
through, interleaved with valid changes:

    sysfs        every file in bonding/ and bonding_slave/, bonding_masters
    genetlink    the "bonding" family's GET and SET (bondctl's door) with
                 bogus option nests, names and values, unknown commands
    rtnetlink    IFLA_BOND_* and IFLA_BOND_SLAVE_* with right and wrong
                 types, lengths and values, unknown numbers, bogus nests;
                 bond create and delete; IFLA_MASTER enslave and release
    ioctl        SIOCBOND* (new and old numbers) with bad names, bad
                 slave ids and bad user pointers; SIOCGMIIPHY/REG
    links        bond and slave up/down, carrier (the veth peer) up/down,
                 MTU and MAC address changes

World (init namespace): bonds fz0..fz3 come and go; veths v0..v5 (peers
p0..p5) are enslaved, released and flapped; lo, the bonds themselves and
a dummy are offered as slaves too.

After every operation the bond it touched still answers over netlink and
sysfs, the option it touched reads back the same through sysfs and
netlink, and an operation the kernel refused left the bond's options as
they were. Every CHECK_EVERY operations (and at the end) every option of
every bond is compared across sysfs, netlink and /proc, and
bonding_masters against the kernel's list of bond links. Then everything
is torn down and the module unloads.

BT_FUZZ_OPS (default 2000; under BT_DEBUG=1 50000 each in fuzz and
fuzz2, which make check-debug runs side by side) bounds the run and
BT_FUZZ_SEED replays one: the seed is printed first, the last operations
are printed with any failure, and the full log goes to
$BT_OUT/fuzz.ops when BT_OUT is set.
"""

import collections
import ctypes
import errno
import fcntl
import os
import random
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "tools"))
from btest import ok, fail, check, finish, sh, skip  # noqa: E402
import bondnl  # noqa: E402
from bondnl import Attr, NetlinkError, BondnlError  # noqa: E402

DEBUG = os.environ.get("BT_DEBUG") == "1"
# The debug kernel's 100,000 operations are split over two tests, fuzz
# and fuzz2 (a link to this file), that the two guests of make
# check-debug run side by side, each from its own seed (some 9.5
# operations a second each there: 90 minutes, not 3 hours). make check
# runs fuzz only; fuzz2 skips there.
PART = 2 if os.path.basename(__file__).startswith("fuzz2") else 1
PARTS = 2 if DEBUG else 1
OPS = int(os.environ.get("BT_FUZZ_OPS") or
          (100000 // PARTS if DEBUG else 2000))
SEED = int(os.environ.get("BT_FUZZ_SEED") or
           int.from_bytes(os.urandom(4), "little"))
CHECK_EVERY = int(os.environ.get("BT_FUZZ_CHECK_EVERY") or 50)
BONDS = ["fz0", "fz1", "fz2", "fz3"]
SLAVES = ["v0", "v1", "v2", "v3", "v4", "v5"]
OTHERS = ["lo", "fzd0", "nosuchdev", "v0" * 8, ""]
MASTERS = "/sys/class/net/bonding_masters"

# linux/if_link.h, linux/rtnetlink.h
IFLA_ADDRESS, IFLA_MTU, IFLA_MASTER = 1, 4, 10
IFLA_INFO_KIND, IFLA_INFO_DATA = 1, 2
IFLA_INFO_SLAVE_KIND, IFLA_INFO_SLAVE_DATA = 4, 5
IFLA_LINKINFO = 18
IFF_UP = 1
RTM_NEWLINK, RTM_DELLINK = 16, 17
NLM_F_CREATE, NLM_F_EXCL = 0x400, 0x200

# linux/sockios.h, linux/if_bonding.h
SIOCBOND = {"enslave": 0x8990, "release": 0x8991, "sethwaddr": 0x8992,
            "slaveinfo": 0x8993, "info": 0x8994, "changeactive": 0x8995}
SIOCBOND_OLD = {"enslave": 0x89F0, "release": 0x89F1, "sethwaddr": 0x89F2,
                "slaveinfo": 0x89FB, "info": 0x89FC, "changeactive": 0x89FD}
SIOCGMIIPHY, SIOCGMIIREG = 0x8947, 0x8948

# sysfs file -> (netlink key, kind) for the options both surfaces show.
# kind: num, enum ("name N" in sysfs), mac, list, name (an ifindex
# attribute whose "<key>_name" bondnl resolves)
SYSFS_NL = {
    "mode": ("mode", "enum"), "miimon": ("miimon", "num"),
    "updelay": ("updelay", "num"), "downdelay": ("downdelay", "num"),
    "use_carrier": ("use_carrier", "num"),
    "arp_interval": ("arp_interval", "num"),
    "arp_validate": ("arp_validate", "enum"),
    "arp_all_targets": ("arp_all_targets", "enum"),
    "arp_missed_max": ("missed_max", "num"),
    "primary_reselect": ("primary_reselect", "enum"),
    "fail_over_mac": ("fail_over_mac", "enum"),
    "xmit_hash_policy": ("xmit_hash_policy", "enum"),
    "resend_igmp": ("resend_igmp", "num"),
    "num_grat_arp": ("num_peer_notif", "num"),
    "num_unsol_na": ("num_peer_notif", "num"),
    "all_slaves_active": ("all_slaves_active", "num"),
    "min_links": ("min_links", "num"), "lp_interval": ("lp_interval", "num"),
    "packets_per_slave": ("packets_per_slave", "num"),
    "lacp_rate": ("ad_lacp_rate", "enum"),
    "lacp_active": ("ad_lacp_active", "enum"),
    "ad_select": ("ad_select", "enum"),
    "ad_actor_sys_prio": ("ad_actor_sys_prio", "num"),
    "ad_user_port_key": ("ad_user_port_key", "num"),
    "ad_actor_system": ("ad_actor_system", "mac"),
    "tlb_dynamic_lb": ("tlb_dynamic_lb", "num"),
    "peer_notif_delay": ("peer_notif_delay", "num"),
    "arp_ip_target": ("arp_ip_target", "list"),
    "primary": ("primary", "name"),
    "active_slave": ("active_slave", "name"),
}
# netlink keys that change without being told to (monitors, LACP)
VOLATILE = {"active_slave", "active_slave_name", "ad_info"}

# values worth trying anywhere
INTS = ["0", "1", "-1", "2", "3", "4", "5", "6", "7", "10", "100", "255",
        "256", "300000", "300001", "1023", "1024", "65535", "65536",
        "2147483647", "2147483648", "-2147483648", "4294967295",
        "4294967296", "18446744073709551615", "18446744073709551616",
        "99999999999999999999999999", "0x10", "010", "1e3", "1.5", " 7",
        "7 ", "+5", "--1"]
JUNK = ["", " ", "\n", "\t", "+", "-", "++", "+-", "-+", "abc", "1 2",
        "\x00", "\x00abc", "a\x00b", "\xff\xfe", "%s%n%x", "\\", "*", "?",
        "A" * 15, "A" * 16, "A" * 17, "A" * 200, "A" * 4095, "9" * 5000,
        "+" + "A" * 16, "-" + "A" * 16, "+v0 +v1", "active-backup\n1"]
NAMES = {
    "mode": ["balance-rr", "active-backup", "balance-xor", "broadcast",
             "802.3ad", "balance-tlb", "balance-alb", "Active-Backup",
             "active", "balance-"],
    "xmit_hash_policy": ["layer2", "layer3+4", "layer2+3", "encap2+3",
                         "encap3+4", "vlan+srcmac", "layer4", "layer2+"],
    "arp_validate": ["none", "active", "backup", "all", "filter",
                     "filter_active", "filter_backup", "some"],
    "arp_all_targets": ["any", "all", "none"],
    "primary_reselect": ["always", "better", "failure", "never"],
    "fail_over_mac": ["none", "active", "follow", "yes"],
    "lacp_rate": ["slow", "fast", "medium"],
    "lacp_active": ["on", "off", "yes"],
    "ad_select": ["stable", "bandwidth", "count", "actor_port_prio", "best"],
    "use_carrier": ["on", "off"], "all_slaves_active": ["on", "off"],
    "tlb_dynamic_lb": ["on", "off"],
}
MACS = ["02:00:00:00:00:01", "00:00:00:00:00:00", "ff:ff:ff:ff:ff:ff",
        "01:00:5e:00:00:01", "02:00:00:00:00", "02:00:00:00:00:00:01",
        "zz:00:00:00:00:01", "2:0:0:0:0:1", "02-00-00-00-00-01"]
IPV4 = ["192.0.2.1", "192.0.2.2", "198.51.100.7", "0.0.0.0",
        "255.255.255.255", "224.0.0.1", "127.0.0.1", "1.2.3", "1.2.3.4.5",
        "300.1.1.1", "::1", "", "192.0.2.1 192.0.2.2"]
IPV6 = ["2001:db8::1", "2001:db8::2", "fe80::1", "::", "::1", "ff02::1",
        "1.2.3.4", "2001:db8::g", ""]


class Fuzzer:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.nl = bondnl.RtNetlink(timeout=60.0)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.log = collections.deque(maxlen=40)
        self.full = None
        out = os.environ.get("BT_OUT")
        if out and os.path.isdir(out):
            self.full = open(os.path.join(out, "fuzz.ops"), "w",
                             buffering=1)      # line by line: a crash keeps it
        self.count = collections.Counter()
        self.refused = collections.Counter()
        self.problems = []
        self.n = 0
        self.last_view = self.prev_view = None

    # --- bookkeeping ----------------------------------------------------

    def note(self, text):
        line = "%d %s" % (self.n, text)
        self.log.append(line)
        if self.full:
            self.full.write(line + "\n")

    def problem(self, what):
        self.problems.append("op %d: %s" % (self.n, what))
        if len(self.problems) <= 5:
            print("fuzz: op %d: %s; last operations:\n  %s"
                  % (self.n, what, "\n  ".join(self.log)), flush=True)

    def bonds(self):
        try:
            with open(MASTERS) as f:
                return f.read().split()
        except OSError as e:
            self.problem("bonding_masters unreadable: %s" % e)
            return []

    def pick_bond(self):
        have = self.bonds()
        if have and self.rng.random() < 0.9:
            return self.rng.choice(have)
        return self.rng.choice(BONDS)

    # --- reading a bond -------------------------------------------------

    def nl_view(self, bond):
        """The bond's IFLA_BOND_* values as bondnl decodes them, over the
        fuzzer's own socket (one socket per read costs in a TCG guest)."""
        mask = Attr(29, struct.pack("=I", 1 << 3))      # SKIP_STATS
        try:
            replies = self.nl.request(18, 0, 0, [Attr(3, bond.encode() +
                                                      b"\0"), mask])
        except (NetlinkError, BondnlError, OSError):
            return None
        for mtype, payload in replies:
            for atype, value in bondnl.parse_attrs(
                    payload[bondnl.IFINFOMSG.size:]):
                if atype != IFLA_LINKINFO:
                    continue
                info = dict(bondnl.parse_attrs(value))
                if not info.get(IFLA_INFO_KIND, b"").startswith(b"bond\0"):
                    return None
                return bondnl.decode_table(bondnl.BOND_ATTRS,
                                           info.get(IFLA_INFO_DATA, b""))
        return None

    def sysfs(self, bond, name):
        try:
            with open("/sys/class/net/%s/bonding/%s" % (bond, name)) as f:
                return f.read().rstrip("\n")
        except OSError:
            return None

    def stable(self, view):
        return {k: v for k, v in (view or {}).items() if k not in VOLATILE}

    def agree(self, bond, name, view):
        """None when sysfs NAME and the netlink VIEW agree, else why."""
        key, kind = SYSFS_NL[name]
        text = self.sysfs(bond, name)
        if text is None:
            return None         # option files vary by kernel; not ours here
        got = view.get(key)
        if kind == "list":
            want = text.split()
            return None if want == (got or []) else \
                "sysfs %r, netlink %r" % (want, got)
        if kind == "name":
            nm = view.get(key + "_name") if key in view else None
            return None if text == (nm or "") else \
                "sysfs %r, netlink %r" % (text, nm)
        if got is None:
            # stock sends the 802.3ad attributes only in 802.3ad mode
            return None
        if kind == "mac":
            return None if text == got else "sysfs %r, netlink %r" % (text,
                                                                       got)
        parts = text.split()
        if not parts:
            return "sysfs empty, netlink %r" % got
        try:
            num = int(parts[-1])
        except ValueError:
            return "sysfs %r is not a number" % text
        if kind == "enum" and len(parts) != 2 and name not in (
                "use_carrier",):
            return "sysfs %r is not 'name N'" % text
        return None if num == got else "sysfs %r, netlink %r" % (text, got)

    def settle(self, bond, name, view):
        """None when sysfs NAME agrees with netlink, first with VIEW, then
        with fresh reads: a monitor may move between two reads, and an
        active slave that an ARP monitor nobody answers keeps taking down
        and up again (on any stray frame, as stock does) may move between
        several.  A disagreement that outlasts the retries is returned
        with the bond's state."""
        why = self.agree(bond, name, view)
        volatile = SYSFS_NL[name][0] in VOLATILE
        for i in range(8 if volatile else 1):
            if not why:
                if i:
                    self.count["moved:" + name] += 1
                return None
            if i:
                time.sleep(0.02 * i)
            why = self.agree(bond, name, self.nl_view(bond) or {})
        if why and volatile:
            why += "; " + self.state_of(bond)
        return why

    def state_of(self, bond):
        """The bond's monitors and slaves, for a report."""
        opts = " ".join("%s=%s" % (o, self.sysfs(bond, o)) for o in
                        ("mode", "miimon", "arp_interval", "arp_validate",
                         "arp_ip_target", "active_slave"))
        slaves = []
        for sl in (self.sysfs(bond, "slaves") or "").split():
            try:
                with open("/sys/class/net/%s/bonding_slave/state" % sl) as f:
                    st = f.read().strip()
                with open("/sys/class/net/%s/bonding_slave/mii_status"
                          % sl) as f:
                    st += "/" + f.read().strip()
            except OSError:
                st = "?"
            slaves.append("%s:%s" % (sl, st))
        _, log = sh("dmesg")
        log = [ln for ln in log.splitlines() if " %s: " % bond in ln][-6:]
        return "%s; slaves %s; log:\n    %s" % (
            opts, " ".join(slaves) or "none", "\n    ".join(log))

    def answers(self, bond):
        """The bond answers on both surfaces; returns its netlink view."""
        view = self.nl_view(bond)
        if view is None:
            self.problem("%s listed but netlink GET fails" % bond)
            return None
        if self.sysfs(bond, "mode") is None:
            self.problem("%s answers netlink but not sysfs mode" % bond)
        return view

    def full_check(self):
        names = set(self.bonds())
        kernel = set()
        try:
            for _, payload in self.nl.request(18, 0x300):  # GETLINK, DUMP
                for atype, value in bondnl.parse_attrs(
                        payload[bondnl.IFINFOMSG.size:]):
                    if atype == IFLA_LINKINFO:
                        info = dict(bondnl.parse_attrs(value))
                        if info.get(IFLA_INFO_KIND, b"").startswith(b"bond\0"):
                            kernel.add(self.ifname_of(payload))
        except (NetlinkError, BondnlError, OSError) as e:
            self.problem("link dump failed: %s" % e)
            return
        if names != kernel:
            self.problem("bonding_masters %s, kernel bonds %s"
                         % (sorted(names), sorted(kernel)))
        for bond in names:
            view = self.answers(bond)
            if view is None:
                continue
            for name in SYSFS_NL:
                why = self.settle(bond, name, view)
                if why:
                    self.problem("%s %s: %s" % (bond, name, why))
            self.proc_check(bond, view)

    def ifname_of(self, payload):
        for atype, value in bondnl.parse_attrs(
                payload[bondnl.IFINFOMSG.size:]):
            if atype == 3:
                return value.split(b"\0", 1)[0].decode()
        return None

    def proc_check(self, bond, view):
        try:
            with open("/proc/net/bonding/" + bond) as f:
                text = f.read()
        except OSError as e:
            self.problem("/proc/net/bonding/%s: %s" % (bond, e))
            return
        head = text.split("\nSlave Interface:")[0]
        fields = {}
        for line in head.splitlines():
            if ": " in line:
                k, v = line.split(": ", 1)
                fields[k] = v
        mii = fields.get("MII Polling Interval (ms)")
        if mii is not None and int(mii) != view.get("miimon"):
            if int(mii) != (self.nl_view(bond) or {}).get("miimon"):
                self.problem("%s /proc miimon %s, netlink %s"
                             % (bond, mii, view.get("miimon")))
        listed = [ln.split(": ", 1)[1] for ln in text.splitlines()
                  if ln.startswith("Slave Interface: ")]
        sysfs = (self.sysfs(bond, "slaves") or "").split()
        if listed != sysfs:
            self.problem("%s /proc slaves %s, sysfs %s"
                         % (bond, listed, sysfs))

    # --- value generators -----------------------------------------------

    def text_value(self, name):
        r = self.rng.random()
        if name in ("slaves",):
            dev = self.rng.choice(SLAVES + OTHERS + BONDS)
            return self.rng.choice(["+", "-", "", "+ ", "++"]) + dev
        if name == "arp_ip_target":
            return self.rng.choice(["+", "-", "", "+", "-"]) + \
                self.rng.choice(IPV4)
        if name == "ns_ip6_target":
            return self.rng.choice(["+", "-", ""]) + self.rng.choice(IPV6)
        if name in ("primary", "active_slave"):
            return self.rng.choice(SLAVES + OTHERS + BONDS + ["", " "])
        if name == "queue_id":
            return "%s:%s" % (self.rng.choice(SLAVES + OTHERS),
                              self.rng.choice(INTS[:20] + ["", "x"]))
        if name == "ad_actor_system":
            return self.rng.choice(MACS)
        if r < 0.35 and name in NAMES:
            return self.rng.choice(NAMES[name])
        if r < 0.8:
            return self.rng.choice(INTS)
        return self.rng.choice(JUNK)

    def nl_payload(self, codec):
        """Bytes for an attribute of CODEC: usually right, often not."""
        r = self.rng.random()
        sizes = {"u8": 1, "u16": 2, "u32": 4, "s32": 4, "ifindex": 4,
                 "mac": 6}
        if r < 0.55 and codec in sizes:
            n = sizes[codec]
            v = self.rng.choice([0, 1, 2, 3, 4, 5, 6, 7, 8, 100, 255, 256,
                                 1023, 1024, 65535, 65536, 300001,
                                 0x7fffffff, 0x80000000, 0xffffffff,
                                 self.rng.getrandbits(32)])
            if codec == "ifindex" and self.rng.random() < 0.6:
                v = self.ifindex(self.rng.choice(SLAVES + BONDS + ["lo"]))
            return (v & ((1 << (8 * n)) - 1)).to_bytes(n, "little") \
                if codec != "mac" else os.urandom(6)
        if r < 0.85:
            n = self.rng.choice([0, 1, 2, 3, 4, 5, 6, 7, 8, 16, 17, 64])
            return bytes(self.rng.getrandbits(8) for _ in range(n))
        return b"\xff" * self.rng.choice([1, 2, 4, 8])

    def nl_attr(self, table):
        if self.rng.random() < 0.1:
            atype = self.rng.choice([0, 35, 36, 40, 100, 0x7fff])
            return Attr(atype, os.urandom(self.rng.choice([0, 1, 4, 8])))
        atype = self.rng.choice(list(table))
        name, codec = table[atype]
        if codec in ("ipv4list", "ipv6list"):
            size = 4 if codec == "ipv4list" else 16
            kids = []
            for i in range(self.rng.choice([0, 1, 2, 3, 17, 20])):
                if self.rng.random() < 0.8:
                    fam = socket.AF_INET if size == 4 else socket.AF_INET6
                    pool = IPV4[:7] if size == 4 else IPV6[:6]
                    pay = socket.inet_pton(fam, self.rng.choice(pool))
                else:
                    pay = os.urandom(self.rng.choice([0, 1, 3, 5, 15, 17]))
                ctype = i if self.rng.random() < 0.8 else \
                    self.rng.choice([0, 1, 0xffff & 0x3fff])
                kids.append(Attr(ctype, pay))
            if self.rng.random() < 0.1:
                return Attr(atype, os.urandom(8), label=name)   # not a nest
            return Attr(atype, children=kids, label=name)
        if codec == "ad_info":
            return Attr(atype, children=[Attr(1, os.urandom(2))], label=name)
        if self.rng.random() < 0.03:
            return Attr(atype, children=[Attr(1, os.urandom(4))], label=name)
        return Attr(atype, self.nl_payload(codec), label=name)

    def ifindex(self, dev):
        try:
            return socket.if_nametoindex(dev)
        except OSError:
            return 0x7fffffff

    # --- operations -----------------------------------------------------

    def op_sysfs(self):
        bond = self.pick_bond()
        d = "/sys/class/net/%s/bonding" % bond
        try:
            files = sorted(os.listdir(d))
        except OSError:
            files = list(SYSFS_NL)
        name = self.rng.choice(files)
        value = self.text_value(name)
        before = self.before(bond)
        err = self.write("%s/%s" % (d, name), value,
                         newline=self.rng.random() < 0.9)
        self.note("sysfs %s %s %r -> %s" % (bond, name, value,
                                            errno.errorcode.get(err, err)))
        self.after(bond, name, err, before, single=True)

    def op_slave_sysfs(self):
        dev = self.rng.choice(SLAVES)
        d = "/sys/class/net/%s/bonding_slave" % dev
        try:
            files = sorted(os.listdir(d))
        except OSError:
            return
        name = self.rng.choice(files)
        value = self.rng.choice(INTS + JUNK[:10])
        err = self.write("%s/%s" % (d, name), value)
        self.note("slave-sysfs %s %s %r -> %s" % (
            dev, name, value, errno.errorcode.get(err, err)))

    def op_read(self):
        """Read every file of one bond or slave: reads must not fail."""
        if self.rng.random() < 0.5:
            bond = self.pick_bond()
            d = "/sys/class/net/%s/bonding" % bond
        else:
            d = "/sys/class/net/%s/bonding_slave" % self.rng.choice(SLAVES)
        try:
            files = os.listdir(d)
        except OSError:
            return
        self.note("read %s" % d)
        for name in files:
            try:
                with open(os.path.join(d, name)) as f:
                    f.read()
            except FileNotFoundError:
                pass            # released meanwhile
            except OSError as e:
                if e.errno not in (errno.ENODEV,):
                    self.problem("read %s/%s: %s" % (d, name, e))

    def write(self, path, value, newline=True):
        try:
            fd = os.open(path, os.O_WRONLY)
        except OSError as e:
            return e.errno
        try:
            data = value.encode("utf-8", "surrogateescape") + \
                (b"\n" if newline else b"")
            os.write(fd, data)
            return 0
        except OSError as e:
            return e.errno
        finally:
            os.close(fd)

    def op_masters(self):
        r = self.rng.random()
        if r < 0.4:
            value = "+" + self.rng.choice(BONDS)
        elif r < 0.75:
            value = "-" + self.rng.choice(BONDS + SLAVES + ["lo"])
        else:
            value = self.rng.choice(JUNK + ["+", "-", "+a/b", "+fz0 +fz1",
                                            "+" + "b" * 15, "+" + "b" * 16,
                                            "+bonding_masters", "+."])
        err = self.write(MASTERS, value)
        self.note("masters %r -> %s" % (value, errno.errorcode.get(err, err)))
        if err == 0 and value.startswith("+") and value[1:] in BONDS:
            self.answers(value[1:])

    def link(self, dev, flags=None, attrs=(), kind=None, data=None,
             msg=RTM_NEWLINK, nlflags=0):
        """A link request; returns 0 or the errno."""
        body = [Attr(3, dev.encode() + b"\0")] + list(attrs)
        if kind is not None:
            kids = [Attr(kind[0], b"bond\0")]
            if data is not None:
                kids.append(Attr(kind[1], children=data))
            body.append(Attr(IFLA_LINKINFO, children=kids))
        try:
            if flags is None:
                self.nl.request(msg, nlflags, 0, body)
            else:
                self.raw_link(msg, nlflags, flags, body)
            return 0
        except NetlinkError as e:
            return e.errno
        except BondnlError as e:
            self.problem("netlink: %s" % e)
            return -1

    def raw_link(self, msg, nlflags, ifi_flags, attrs):
        nl = self.nl
        nl.seq += 1
        labels = {}
        hdr = bondnl.NLMSGHDR.size + bondnl.IFINFOMSG.size
        body = bondnl.IFINFOMSG.pack(0, 0, 0, ifi_flags, IFF_UP)
        body += bondnl.encode_attrs(attrs, hdr, labels)
        m = bondnl.NLMSGHDR.pack(bondnl.NLMSGHDR.size + len(body), msg,
                                 nlflags | 0x5, nl.seq, 0) + body
        nl.sock.sendto(m, (0, 0))
        return nl._collect(labels)

    def op_nl(self):
        bond = self.pick_bond()
        n = 1 if self.rng.random() < 0.7 else self.rng.choice([2, 3, 5])
        data = [self.nl_attr(bondnl.BOND_ATTRS) for _ in range(n)]
        before = self.before(bond)
        err = self.link(bond, kind=(IFLA_INFO_KIND, IFLA_INFO_DATA),
                        data=data)
        self.note("nl %s %s -> %s" % (bond, self.describe(data),
                                      errno.errorcode.get(err, err)))
        name = None
        if n == 1:
            num = data[0].atype
            key = bondnl.BOND_ATTRS.get(num, ("", ""))[0]
            name = next((s for s, (k, _) in SYSFS_NL.items() if k == key),
                        None)
        self.after(bond, name, err, before, single=(n == 1))

    def describe(self, attrs):
        out = []
        for a in attrs:
            if a.children is not None:
                out.append("%s[%s]" % (a.label, ",".join(
                    "%d:%s" % (c.atype, bytes(c.payload).hex())
                    for c in a.children)))
            else:
                out.append("%s=%s" % (a.label, bytes(a.payload).hex()))
        return " ".join(out)

    def op_nl_slave(self):
        dev = self.rng.choice(SLAVES)
        data = [self.nl_attr(bondnl.SLAVE_ATTRS)
                for _ in range(self.rng.choice([1, 1, 2]))]
        err = self.link(dev, kind=(IFLA_INFO_SLAVE_KIND,
                                   IFLA_INFO_SLAVE_DATA), data=data)
        self.note("nl-slave %s %s -> %s" % (dev, self.describe(data),
                                            errno.errorcode.get(err, err)))

    def op_create(self):
        bond = self.rng.choice(BONDS)
        data = None
        if self.rng.random() < 0.7:
            data = [self.nl_attr(bondnl.BOND_ATTRS)
                    for _ in range(self.rng.choice([0, 1, 2, 4]))]
        err = self.link(bond, kind=(IFLA_INFO_KIND, IFLA_INFO_DATA),
                        data=data, nlflags=NLM_F_CREATE | NLM_F_EXCL)
        self.note("create %s %s -> %s" % (bond, self.describe(data or []),
                                          errno.errorcode.get(err, err)))
        if err == 0:
            self.answers(bond)
        elif bond not in self.bonds() and os.path.exists(
                "/sys/class/net/" + bond):
            self.problem("create %s failed (%s) but left a device"
                         % (bond, errno.errorcode.get(err, err)))

    def op_delete(self):
        bond = self.rng.choice(BONDS)
        err = self.link(bond, msg=RTM_DELLINK)
        self.note("delete %s -> %s" % (bond, errno.errorcode.get(err, err)))
        if err == 0 and bond in self.bonds():
            self.problem("%s deleted but still in bonding_masters" % bond)

    def op_enslave(self):
        """A valid-looking enslave or release, through one of the doors."""
        bond = self.pick_bond()
        dev = self.rng.choice(SLAVES * 3 + ["lo", "fzd0"] + BONDS)
        r = self.rng.random()
        if r < 0.35:
            err = self.link(dev, attrs=[Attr(IFLA_MASTER, struct.pack(
                "=I", self.ifindex(bond)))])
            how = "master"
        elif r < 0.55:
            err = self.link(dev, attrs=[Attr(IFLA_MASTER, struct.pack(
                "=I", 0))])
            how = "nomaster"
        elif r < 0.8:
            sign = self.rng.choice("+-")
            err = self.write("/sys/class/net/%s/bonding/slaves" % bond,
                             sign + dev)
            how = "sysfs" + sign
        else:
            cmd = self.rng.choice(["enslave", "release"])
            err = self.ioctl_ifreq(SIOCBOND[cmd], bond, dev)
            how = "ioctl-" + cmd
        self.note("enslave %s %s %s -> %s" % (how, bond, dev,
                                              errno.errorcode.get(err, err)))
        if bond in self.bonds():
            self.answers(bond)
            self.slave_links(bond)

    def slave_links(self, bond):
        """sysfs slaves, the lower_* links and each slave's master agree."""
        listed = (self.sysfs(bond, "slaves") or "").split()
        for dev in listed:
            m = "/sys/class/net/%s/master" % dev
            try:
                target = os.path.basename(os.readlink(m))
            except OSError:
                target = None
            if target != bond:
                self.problem("%s lists %s, whose master is %s"
                             % (bond, dev, target))
        for dev in SLAVES:
            try:
                target = os.path.basename(
                    os.readlink("/sys/class/net/%s/master" % dev))
            except OSError:
                continue
            if target == bond and dev not in listed:
                self.problem("%s is %s's master but not in its slaves %s"
                             % (bond, dev, listed))

    def ioctl_ifreq(self, cmd, bond, dev):
        req = struct.pack("16s16s8x", bond.encode()[:16], dev.encode()[:16])
        try:
            fcntl.ioctl(self.sock, cmd, req)
            return 0
        except OSError as e:
            return e.errno

    def op_ioctl(self):
        table = SIOCBOND if self.rng.random() < 0.7 else SIOCBOND_OLD
        cmd = self.rng.choice(list(table) + ["miiphy", "miireg"])
        bond = self.rng.choice(self.bonds() * 3 + BONDS + SLAVES + ["lo"])
        r = self.rng.random()
        if r < 0.6:
            dev = self.rng.choice(SLAVES + BONDS + OTHERS)
        elif r < 0.8:
            dev = "".join(chr(self.rng.randrange(1, 256)) for _ in range(16))
        else:
            dev = ""
        name = bond.encode("latin-1")[:16]
        if self.rng.random() < 0.05:
            name = bytes(self.rng.randrange(1, 256) for _ in range(16))
        slave = dev.encode("latin-1")[:16]
        if cmd in ("info", "slaveinfo"):
            buf = bytearray(32)
            sid = self.rng.choice([0, 1, 2, 5, -1, -2147483648, 2147483647])
            struct.pack_into("i", buf, 0, sid)
            addr = ctypes.addressof(
                (ctypes.c_char * len(buf)).from_buffer(buf))
            if self.rng.random() < 0.2:
                addr = self.rng.choice([0, 1, 0xffff888000000000,
                                        0x7ffffffff000])
            req = struct.pack("16sQ16x", name, addr)
        elif cmd in ("miiphy", "miireg"):
            reg = self.rng.choice([0, 1, 2, 31, 32, 0xffff])
            req = struct.pack("16sHHHH24x", name, 0, reg, 0, 0)
        else:
            req = struct.pack("16s16s8x", name, slave)
        num = {"miiphy": SIOCGMIIPHY, "miireg": SIOCGMIIREG}.get(
            cmd) or table[cmd]
        before = self.stable(self.nl_view(bond)) if bond in BONDS else None
        try:
            fcntl.ioctl(self.sock, num, req)
            err = 0
        except OSError as e:
            err = e.errno
        self.note("ioctl %s(%#x) %r %r -> %s" % (cmd, num, name, slave,
                                                 errno.errorcode.get(err,
                                                                     err)))
        if bond in BONDS and bond in self.bonds():
            view = self.answers(bond)
            if err and before is not None and view is not None and \
                    cmd != "release" and before != self.stable(view):
                self.problem("refused ioctl %s changed %s: %s"
                             % (cmd, bond, self.diff(before,
                                                     self.stable(view))))

    def op_links(self):
        r = self.rng.random()
        if r < 0.35:
            dev = self.rng.choice(self.bonds() or BONDS)
        elif r < 0.65:
            dev = self.rng.choice(SLAVES)
        else:
            dev = "p" + self.rng.choice(SLAVES)[1:]      # carrier
        what = self.rng.random()
        if what < 0.6:
            up = self.rng.random() < 0.6
            err = self.link(dev, flags=IFF_UP if up else 0)
            self.note("link %s %s -> %s" % (dev, "up" if up else "down",
                                            errno.errorcode.get(err, err)))
        elif what < 0.8:
            mtu = self.rng.choice([68, 1280, 1500, 9000, 65535, 67, 0,
                                   0xffffffff])
            err = self.link(dev, attrs=[Attr(IFLA_MTU, struct.pack("=I",
                                                                   mtu))])
            self.note("mtu %s %d -> %s" % (dev, mtu,
                                           errno.errorcode.get(err, err)))
        else:
            mac = self.rng.choice([b"\x02\x00\x00\x00\x00\x42",
                                   b"\x02" + os.urandom(5),
                                   b"\x01\x00\x5e\x00\x00\x01",
                                   b"\x00" * 6, b"\x02\x00"])
            err = self.link(dev, attrs=[Attr(IFLA_ADDRESS, mac)])
            self.note("mac %s %s -> %s" % (dev, mac.hex(),
                                           errno.errorcode.get(err, err)))
        if dev in self.bonds():
            self.answers(dev)

    def op_rename(self):
        """Rename a bond, sometimes to a name that is taken or reserved,
        and back."""
        bond = self.rng.choice(self.bonds() or BONDS)
        new = self.rng.choice(BONDS + ["bonding_masters", "v0", "lo",
                                       "fzr0", "A" * 16])
        if self.rng.random() < 0.7:
            self.link(bond, flags=0)        # an up device cannot rename
        err = self.rename(bond, new)
        self.note("rename %s %s -> %s" % (bond, new,
                                          errno.errorcode.get(err, err)))
        if err == 0 and new != bond:
            self.rename(new, bond)
        if bond in self.bonds():
            self.answers(bond)

    def rename(self, old, new):
        st, _ = sh("ip link set dev %s name %s 2>/dev/null" % (old, new))
        return errno.EINVAL if st else 0

    # --- the generic netlink family "bonding" (bondctl's door) ----------

    def genl_family(self):
        """The family id of "bonding", from nlctrl (0 when absent)."""
        if getattr(self, "genl_id", None) is None:
            self.genl_id = 0
            name = Attr(2, b"bonding\0")           # CTRL_ATTR_FAMILY_NAME
            try:
                for _, payload in self.genl_request(0x10, 3, [name]):
                    for atype, value in bondnl.parse_attrs(payload[4:]):
                        if atype == 1 and len(value) == 2:  # FAMILY_ID
                            self.genl_id = struct.unpack("=H", value)[0]
            except (NetlinkError, BondnlError, OSError):
                pass
        return self.genl_id

    def genl_request(self, family, cmd, attrs, flags=0):
        if getattr(self, "genl", None) is None:
            self.genl = bondnl.RtNetlink.__new__(bondnl.RtNetlink)
            self.genl.sock = socket.socket(socket.AF_NETLINK,
                                           socket.SOCK_RAW, 16)
            self.genl.sock.setsockopt(270, 11, 1)           # EXT_ACK
            self.genl.sock.bind((0, 0))
            self.genl.portid = self.genl.sock.getsockname()[0]
            self.genl.sock.settimeout(60.0)
            self.genl.seq = 1
        g = self.genl
        g.seq += 1
        labels = {}
        body = struct.pack("=BBH", cmd, 1, 0)
        body += bondnl.encode_attrs(attrs, bondnl.NLMSGHDR.size + 4, labels)
        m = bondnl.NLMSGHDR.pack(bondnl.NLMSGHDR.size + len(body), family,
                                 flags | 0x5, g.seq, 0) + body
        g.sock.sendto(m, (0, 0))
        return g._collect(labels)

    def op_genl(self):
        fam = self.genl_family()
        if not fam:
            return
        bond = self.pick_bond()
        cmd = self.rng.choice([5, 6, 6, 6, 6, 0, 1, 4, 7, 200])
        attrs = []
        r = self.rng.random()
        if r < 0.5:
            attrs.append(Attr(3, bond.encode() + b"\0"))
        elif r < 0.8:
            attrs.append(Attr(2, struct.pack("=I", self.ifindex(bond))))
        elif r < 0.9:
            attrs.append(Attr(2, os.urandom(self.rng.choice([0, 1, 2, 8]))))
        name = None
        for _ in range(self.rng.choice([0, 1, 1, 1, 2, 3])):
            try:
                files = sorted(os.listdir("/sys/class/net/%s/bonding"
                                          % bond))
            except OSError:
                files = list(SYSFS_NL)
            name = self.rng.choice(files + ["", "nosuch", "A" * 64])
            kids = [Attr(1, name.encode() + b"\0"),
                    Attr(2, self.text_value(name).encode(
                        "utf-8", "surrogateescape")[:300] + b"\0")]
            if self.rng.random() < 0.15:
                kids = self.rng.choice([kids[:1], kids[1:], [],
                                        [Attr(1, os.urandom(4))] + kids[1:],
                                        kids + [Attr(3, b"")],
                                        [Attr(9, b"x")] + kids])
            attrs.append(Attr(16, children=kids))     # A_OPTION
        if self.rng.random() < 0.05:
            attrs.append(Attr(16, os.urandom(6)))      # not a nest
        single = sum(1 for a in attrs if a.atype == 16) == 1
        before = self.before(bond) if cmd == 6 else None
        try:
            self.genl_request(fam, cmd, attrs,
                              0x300 if cmd == 5 and not attrs else 0)
            err = 0
        except NetlinkError as e:
            err = e.errno
        except BondnlError as e:
            self.problem("genl: %s" % e)
            err = -1
        self.note("genl cmd %d %s -> %s" % (cmd, self.describe(attrs),
                                            errno.errorcode.get(err, err)))
        if cmd == 6:
            self.after(bond, name if single else None, err, before,
                       single=single)

    def op_mode(self):
        """The valid way to change mode: down, no slaves, then set."""
        bond = self.rng.choice(self.bonds() or BONDS)
        for dev in (self.sysfs(bond, "slaves") or "").split():
            self.write("/sys/class/net/%s/bonding/slaves" % bond, "-" + dev)
        self.link(bond, flags=0)
        mode = self.rng.randrange(7)
        err = self.write("/sys/class/net/%s/bonding/mode" % bond, str(mode))
        self.note("mode %s %d -> %s" % (bond, mode,
                                        errno.errorcode.get(err, err)))
        if err == 0 and os.path.exists("/sys/class/net/" + bond):
            view = self.answers(bond)
            if view is not None and view.get("mode") != mode:
                self.problem("%s mode set to %d, netlink says %s"
                             % (bond, mode, view.get("mode")))
            if self.rng.random() < 0.5:
                self.write("/sys/class/net/%s/bonding/miimon" % bond, "100")
        for dev in self.rng.sample(SLAVES, self.rng.randrange(3)):
            self.write("/sys/class/net/%s/bonding/slaves" % bond, "+" + dev)
        if self.rng.random() < 0.7:
            self.link(bond, flags=IFF_UP)

    # --- checks after one operation -------------------------------------

    def diff(self, a, b):
        keys = sorted(set(a) | set(b))
        return ", ".join("%s %r -> %r" % (k, a.get(k), b.get(k))
                         for k in keys if a.get(k) != b.get(k))

    def before(self, bond):
        """BOND's stable values now: what the previous operation read at
        its end, when that was this bond (a TCG guest pays for every read;
        what changes between two operations on its own is VOLATILE)."""
        if self.prev_view and self.prev_view[0] == bond:
            return self.stable(self.prev_view[1])
        return self.stable(self.nl_view(bond))

    def after(self, bond, name, err, before, single):
        if bond not in self.bonds():
            return
        view = self.answers(bond)
        if view is None:
            return
        self.last_view = (bond, view)
        if name in SYSFS_NL:
            why = self.settle(bond, name, view)
            if why:
                self.problem("%s %s after the write: %s" % (bond, name, why))
        if err and single and before:
            now = self.stable(view)
            if now != before:
                self.problem("refused change altered %s: %s"
                             % (bond, self.diff(before, now)))

    # --- the walk -------------------------------------------------------

    def step(self):
        ops = [(self.op_sysfs, 30), (self.op_nl, 22), (self.op_ioctl, 10),
               (self.op_enslave, 12), (self.op_links, 7),
               (self.op_masters, 5), (self.op_create, 3),
               (self.op_delete, 2), (self.op_nl_slave, 4),
               (self.op_slave_sysfs, 2), (self.op_read, 2),
               (self.op_mode, 1), (self.op_rename, 0.3),
               (self.op_genl, 6)]
        fn = self.rng.choices([o for o, _ in ops], [w for _, w in ops])[0]
        self.count[fn.__name__[3:]] += 1
        self.prev_view, self.last_view = self.last_view, None
        fn()

    def run(self, ops):
        t0 = time.monotonic()
        for self.n in range(1, ops + 1):
            self.step()
            if self.n % CHECK_EVERY == 0:
                self.full_check()
            if len(self.problems) > 50:
                break
        self.full_check()
        return time.monotonic() - t0


def setup():
    sh("ip link del fzd0 2>/dev/null; ip link add fzd0 type dummy")
    for i in range(len(SLAVES)):
        sh("ip link add v%d type veth peer name p%d" % (i, i), check=True)
        sh("ip link set p%d up" % i)
    for b in BONDS[:2]:
        sh("ip link add %s type bond mode %d miimon 100" % (b, BONDS.index(b)),
           check=True)


def teardown():
    for b in open(MASTERS).read().split():
        sh("ip link del %s" % b)
    for i in range(len(SLAVES)):
        sh("ip link del v%d 2>/dev/null" % i)
    sh("ip link del fzd0 2>/dev/null")


def main():
    if PART > PARTS:
        skip("second-part", "runs on the debug kernel only (make "
             "check-debug: fuzz and fuzz2, %d operations each)"
             % (100000 // 2))
        finish()
    print("fuzz: part %d of %d, seed %d, %d operations (replay: make check "
          "TESTS=fuzz BT_FUZZ_SEED=%d BT_FUZZ_OPS=%d)"
          % (PART, PARTS, SEED, OPS, SEED, OPS), flush=True)
    st, out = sh("modprobe bonding max_bonds=0")
    if st:
        fail("load", out.strip())
        finish()
    setup()
    fz = Fuzzer(SEED)
    # the checks must be able to fail: a made-up netlink value disagrees
    view = fz.nl_view(BONDS[0]) or {}
    fake = dict(view, miimon=(view.get("miimon") or 0) + 1)
    check("checker-detects", view and not fz.agree(BONDS[0], "miimon", view)
          and fz.agree(BONDS[0], "miimon", fake), "agree() cannot tell")
    # an active slave only one stale read disagrees with counts as moved,
    # and a lasting disagreement would come with the bond's state
    fake = dict(view, active_slave=1, active_slave_name="lo")
    check("checker-rereads-volatile",
          fz.agree(BONDS[0], "active_slave", fake)
          and fz.settle(BONDS[0], "active_slave", fake) is None
          and fz.count.pop("moved:active_slave", 0) == 1,
          "settle() does not read again")
    report = fz.state_of(BONDS[0])
    check("checker-state-report", "arp_interval=" in report and
          "slaves " in report, report)
    secs = fz.run(OPS)
    print("fuzz: %d operations in %.0f s (%s)"
          % (fz.n, secs, ", ".join("%s %d" % kv
                                   for kv in sorted(fz.count.items()))),
          flush=True)
    check("ops-run", fz.n == OPS, "stopped at %d of %d after %d problems"
          % (fz.n, OPS, len(fz.problems)))
    check("consistent", not fz.problems, "%d problems, first: %s (seed %d)"
          % (len(fz.problems), fz.problems[:1], SEED))
    # the veths the fuzzer used must still be there, whatever it did
    missing = [d for d in SLAVES if not os.path.exists("/sys/class/net/" + d)]
    check("slaves-survive", not missing, "gone: %s" % missing)
    teardown()
    check("teardown-no-bonds", not open(MASTERS).read().split())
    st, out = sh("rmmod bonding")
    check("rmmod", st == 0 and not os.path.exists("/sys/module/bonding"),
          out.strip())
    finish()


if __name__ == "__main__":
    main()
