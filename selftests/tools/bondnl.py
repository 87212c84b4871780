#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""bondnl.py - read and write bonding attributes over raw rtnetlink.

Debian 12's iproute2 (6.1) does not know the newest IFLA_BOND_* attributes,
so the selftests use this tool instead. It speaks rtnetlink directly from the
uapi definitions (linux/netlink.h, linux/rtnetlink.h, linux/if_link.h) with
nothing but the Python 3.11 standard library.

Usage:

    bondnl.py [--netns NS] get BOND [--json]
    bondnl.py [--netns NS] slave-get SLAVE [--json]
    bondnl.py [--netns NS] set BOND ATTR=VALUE...
    bondnl.py [--netns NS] create BOND [ATTR=VALUE...]
    bondnl.py [--netns NS] slave-set SLAVE ATTR=VALUE...
    bondnl.py [--netns NS] delete LINK

Examples:

    bondnl.py create bond0 mode=1 miimon=100
    bondnl.py get bond0 --json
    bondnl.py set bond0 arp_interval=100 arp_ip_target=192.0.2.1,192.0.2.2
    bondnl.py set bond0 arp_ip_target=            # empty nest: clear them
    bondnl.py set bond0 ns_ip6_target=2001:db8::1,2001:db8::2
    bondnl.py set bond0 ad_actor_system=02:00:00:00:00:01
    bondnl.py set bond0 active_slave=v0       # or active_slave=7 (ifindex)
    bondnl.py set bond0 mode:u32=1            # deliberately wrong type
    bondnl.py set bond0 attr_3:hex=01         # a one-byte miimon
    bondnl.py set bond0 attr_99:empty         # a number nobody knows
    bondnl.py set bond0 broadcast_neigh=1 --no-check
    bondnl.py slave-set v0 prio=7 queue_id=2
    bondnl.py --netns ns1 slave-get v0 --json

ATTR is an attribute name (mode, miimon, arp_ip_target, ... see BOND_ATTRS
and SLAVE_ATTRS below) or attr_N for attribute number N, optionally followed
by :TYPE to override the encoding, TYPE being one of u8, u16, u32, s32, u64,
str (NUL-terminated), hex (raw bytes, "0102" or "01:02") or empty (no
payload; "=VALUE" may be left out). Without :TYPE, a known attribute is
encoded with its proper type: integers are decimal or 0x-prefixed hex and
must fit the type; arp_ip_target and ns_ip6_target take a comma-separated
list of addresses (empty string = empty nest, children numbered from 0 as
iproute2 does); ad_actor_system takes a MAC address; active_slave and
primary take an interface name or an ifindex. Attributes are sent in the
order given, so the same one may be sent twice.

get and slave-get print every attribute present, one "name value" line each
(lists comma-separated, ad_info as ad_info.<field> lines), or one JSON object
with --json, where active_slave and primary also get an "<attr>_name" key
holding the interface name (null when it cannot be resolved). Numbers the
tool does not know come out as attr_N with the payload in hex; so does a
known attribute whose length is wrong (with a warning on stderr).

Every request carries NLM_F_ACK and the socket asks for extended acks.

Exit status (the contract the tests assert on):

    0       success
    1..253  the kernel refused the request: the status is the positive
            errno of the netlink error ack (EINVAL -> 22, ENODEV -> 19,
            EEXIST -> 17, EOPNOTSUPP -> 95, ...); stderr gets
                error: <strerror> (<ERRNO NAME>): <extack message>
            (": <extack message>" only when the kernel sent one) and, when
            the ack names the offending attribute, a second line
                error: offending attribute: <path> (offset N)
    254     local error: bad command line, unknown attribute name, bad
            value, missing namespace, link is not a bond / not a bond slave
    255     errno 255 or above (kernel-internal codes such as ENOTSUPP 524
            are capped here)

An extack message on a successful ack is printed as "warning: <message>".
rtnetlink parses IFLA_INFO_DATA / IFLA_INFO_SLAVE_DATA liberally, so a
kernel that does not know an attribute number (stock 6.1 and 6.12 with
broadcast_neigh or lacp_strict, say) accepts it with status 0 and drops it.
After a successful set, create or slave-set the tool therefore reads the
link back and prints, for every attribute it sent that is numbered 0 or
above the highest number the kernel reports,
    warning: accepted but probably ignored: <name> (<N>): ...
The exit status stays 0 (it is what the kernel said); --no-check skips this.

As a module (import bondnl) it offers get_bond(), get_slave(), set_bond(),
create_bond(), set_slave() and delete_link(), which raise NetlinkError (an
OSError carrying .errno, .extack and .offset) or BondnlError (local).
Each takes netns=NAME to run in /run/netns/NAME and restore the caller's
namespace afterwards.
"""

import argparse
import contextlib
import errno
import json
import os
import socket
import struct
import sys

# --- uapi constants -------------------------------------------------------

# linux/netlink.h
NLM_F_REQUEST = 0x01
NLM_F_MULTI = 0x02
NLM_F_ACK = 0x04
NLM_F_EXCL = 0x200
NLM_F_CREATE = 0x400
NLM_F_CAPPED = 0x100            # in an NLMSG_ERROR: payload not echoed
NLM_F_ACK_TLVS = 0x200          # in an NLMSG_ERROR: extack TLVs follow
NLMSG_NOOP = 1
NLMSG_ERROR = 2
NLMSG_DONE = 3
NLMSG_OVERRUN = 4
NLA_F_NESTED = 0x8000
NLA_F_NET_BYTEORDER = 0x4000
NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff
SOL_NETLINK = 270
NETLINK_EXT_ACK = 11
NLMSGERR_ATTR_MSG = 1
NLMSGERR_ATTR_OFFS = 2
NLMSGERR_ATTR_MISS_TYPE = 5
NLMSGERR_ATTR_MISS_NEST = 6

# linux/rtnetlink.h
RTM_NEWLINK = 16
RTM_DELLINK = 17
RTM_GETLINK = 18
RTEXT_FILTER_SKIP_STATS = 1 << 3

# linux/if_link.h
IFLA_IFNAME = 3
IFLA_LINKINFO = 18
IFLA_EXT_MASK = 29
IFLA_INFO_KIND = 1
IFLA_INFO_DATA = 2
IFLA_INFO_SLAVE_KIND = 4
IFLA_INFO_SLAVE_DATA = 5

CLONE_NEWNET = 0x40000000

NLMSGHDR = struct.Struct("=IHHII")      # len, type, flags, seq, pid
IFINFOMSG = struct.Struct("=BxHiII")    # family, type, index, flags, change
NLATTR = struct.Struct("=HH")           # len, type

EXIT_LOCAL = 254
EXIT_ERRNO_CAP = 255
RECV_BUF = 1 << 18

# Python picks one name for errnos that have two; print the kernel's.
ERRNO_NAMES = {errno.EOPNOTSUPP: "EOPNOTSUPP", errno.EAGAIN: "EAGAIN",
               errno.EDEADLK: "EDEADLK"}

# IFLA_BOND_*: number -> (name, codec). Mainline ABI.
BOND_ATTRS = {
    1: ("mode", "u8"),
    2: ("active_slave", "ifindex"),
    3: ("miimon", "u32"),
    4: ("updelay", "u32"),
    5: ("downdelay", "u32"),
    6: ("use_carrier", "u8"),
    7: ("arp_interval", "u32"),
    8: ("arp_ip_target", "ipv4list"),
    9: ("arp_validate", "u32"),
    10: ("arp_all_targets", "u32"),
    11: ("primary", "ifindex"),
    12: ("primary_reselect", "u8"),
    13: ("fail_over_mac", "u8"),
    14: ("xmit_hash_policy", "u8"),
    15: ("resend_igmp", "u32"),
    16: ("num_peer_notif", "u8"),
    17: ("all_slaves_active", "u8"),
    18: ("min_links", "u32"),
    19: ("lp_interval", "u32"),
    20: ("packets_per_slave", "u32"),
    21: ("ad_lacp_rate", "u8"),
    22: ("ad_select", "u8"),
    23: ("ad_info", "ad_info"),
    24: ("ad_actor_sys_prio", "u16"),
    25: ("ad_user_port_key", "u16"),
    26: ("ad_actor_system", "mac"),
    27: ("tlb_dynamic_lb", "u8"),
    28: ("peer_notif_delay", "u32"),
    29: ("ad_lacp_active", "u8"),
    30: ("missed_max", "u8"),
    31: ("ns_ip6_target", "ipv6list"),
    32: ("coupled_control", "u8"),
    33: ("broadcast_neigh", "u8"),
    34: ("lacp_strict", "u8"),
}

# IFLA_BOND_AD_INFO_*
AD_INFO_ATTRS = {
    1: ("aggregator", "u16"),
    2: ("num_ports", "u16"),
    3: ("actor_key", "u16"),
    4: ("partner_key", "u16"),
    5: ("partner_mac", "mac"),
}

# IFLA_BOND_SLAVE_*
SLAVE_ATTRS = {
    1: ("state", "u8"),
    2: ("mii_status", "u8"),
    3: ("link_failure_count", "u32"),
    4: ("perm_hwaddr", "lladdr"),
    5: ("queue_id", "u16"),
    6: ("ad_aggregator_id", "u16"),
    7: ("ad_actor_oper_port_state", "u8"),
    8: ("ad_partner_oper_port_state", "u16"),
    9: ("prio", "s32"),
    10: ("actor_port_prio", "u16"),
    11: ("ad_churn_actor_state", "u8"),
    12: ("ad_churn_partner_state", "u8"),
}

# Fixed-size integer codecs: struct format (native byte order) and range.
INT_CODECS = {
    "u8": ("=B", 0, 0xff),
    "u16": ("=H", 0, 0xffff),
    "u32": ("=I", 0, 0xffffffff),
    "s32": ("=i", -0x80000000, 0x7fffffff),
    "u64": ("=Q", 0, 0xffffffffffffffff),
}
RAW_TYPES = ("u8", "u16", "u32", "s32", "u64", "str", "hex", "empty")


# --- errors ---------------------------------------------------------------

class BondnlError(Exception):
    """A local error: bad arguments, not a bond, no such namespace."""


class NetlinkError(OSError):
    """The kernel answered with a negative error ack.

    .errno is the positive errno, .extack the extended ack message (or
    None), .offset the offending attribute's offset in the request (or
    None) and .attr_path its name when the tool can tell.
    """

    def __init__(self, err, extack=None, offset=None, attr_path=None,
                 miss_type=None):
        super().__init__(err, os.strerror(err))
        self.extack = extack
        self.offset = offset
        self.attr_path = attr_path
        self.miss_type = miss_type

    def lines(self):
        """The lines the command line tool prints for this error."""
        name = ERRNO_NAMES.get(self.errno) or \
            errno.errorcode.get(self.errno, "errno %d" % self.errno)
        first = "error: %s (%s)" % (os.strerror(self.errno), name)
        if self.extack:
            first += ": " + self.extack
        out = [first]
        if self.offset is not None:
            where = self.attr_path or "?"
            out.append("error: offending attribute: %s (offset %d)"
                       % (where, self.offset))
        if self.miss_type is not None:
            out.append("error: missing attribute type %d" % self.miss_type)
        return out

    def __str__(self):
        return "\n".join(self.lines())


def exit_status(err):
    """The process exit status for a positive errno."""
    return min(err, EXIT_ERRNO_CAP) if err > 0 else EXIT_ERRNO_CAP


# --- network namespaces ---------------------------------------------------

def _setns(fd):
    if hasattr(os, "setns"):                    # Python >= 3.12
        os.setns(fd, CLONE_NEWNET)
        return
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.setns(fd, CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))


@contextlib.contextmanager
def in_netns(name):
    """Run the body in network namespace NAME (/run/netns/NAME, or a path
    such as /proc/PID/ns/net), then go back. None or "" = stay put."""
    if not name:
        yield
        return
    path = name if "/" in name else os.path.join("/run/netns", name)
    try:
        target = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError as e:
        raise BondnlError("netns %s: %s" % (name, e.strerror)) from None
    try:
        try:
            orig = os.open("/proc/thread-self/ns/net",
                           os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            orig = os.open("/proc/self/ns/net", os.O_RDONLY | os.O_CLOEXEC)
        try:
            try:
                _setns(target)
            except OSError as e:
                raise BondnlError("netns %s: setns: %s"
                                  % (name, e.strerror)) from None
            try:
                yield
            finally:
                _setns(orig)
        finally:
            os.close(orig)
    finally:
        os.close(target)


# --- attribute encoding ---------------------------------------------------

def nla_align(n):
    return (n + 3) & ~3


class Attr:
    """One netlink attribute to send: a payload, or child attributes."""

    def __init__(self, atype, payload=b"", children=None, label=None,
                 nested=False):
        self.atype = atype
        self.payload = payload
        self.children = children
        self.label = label or "attr_%d" % atype
        self.nested = nested or children is not None

    def encode(self, offset, labels, path=""):
        """Bytes of this attribute, which starts at OFFSET in the message;
        records "path" in LABELS[offset] for it and its children."""
        here = path + "/" + self.label if path else self.label
        labels[offset] = here
        if self.children is not None:
            body = b""
            for child in self.children:
                body += child.encode(offset + NLATTR.size + len(body),
                                     labels, here)
        else:
            body = bytes(self.payload)
        atype = self.atype | (NLA_F_NESTED if self.nested else 0)
        raw = NLATTR.pack(NLATTR.size + len(body), atype) + body
        return raw + b"\0" * (nla_align(len(raw)) - len(raw))


def encode_attrs(attrs, offset, labels):
    out = b""
    for a in attrs:
        out += a.encode(offset + len(out), labels)
    return out


def parse_int(value, codec, what):
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, str):
        s = value.strip()
        try:
            neg = s.startswith("-")
            body = s[1:] if neg else s
            if body[:2].lower() == "0x":
                n = int(body[2:], 16)
            else:
                n = int(body, 10)
            value = -n if neg else n
        except ValueError:
            raise BondnlError("%s: %r is not an integer" % (what, value)) \
                from None
    if not isinstance(value, int):
        raise BondnlError("%s: %r is not an integer" % (what, value))
    fmt, lo, hi = INT_CODECS[codec]
    if not lo <= value <= hi:
        raise BondnlError("%s: %d does not fit %s (%d..%d)"
                          % (what, value, codec, lo, hi))
    return struct.pack(fmt, value)


def parse_hex(value, what):
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    s = str(value).strip()
    if s[:2].lower() == "0x":
        s = s[2:]
    for sep in ":- ":
        s = s.replace(sep, "")
    try:
        return bytes.fromhex(s)
    except ValueError:
        raise BondnlError("%s: %r is not hex bytes" % (what, value)) \
            from None


def parse_mac(value, what, length=6):
    b = parse_hex(value, what)
    if length is not None and len(b) != length:
        raise BondnlError("%s: %r is not a %d-byte MAC address"
                          % (what, value, length))
    return b


def parse_addr_list(value, family, what):
    if isinstance(value, str):
        items = [x.strip() for x in value.split(",") if x.strip()]
    else:
        items = list(value)
    out = []
    for item in items:
        if isinstance(item, (bytes, bytearray)):
            out.append(bytes(item))
            continue
        try:
            out.append(socket.inet_pton(family, item))
        except (OSError, TypeError):
            raise BondnlError("%s: %r is not an IPv%d address"
                              % (what, item,
                                 4 if family == socket.AF_INET else 6)) \
                from None
    return out


def parse_ifindex(value, what):
    if isinstance(value, int) or (isinstance(value, str) and (
            value.strip().isdigit() or value.strip()[:2].lower() == "0x")):
        return parse_int(value, "u32", what)
    if value in ("", None):
        return parse_int(0, "u32", what)
    try:
        return parse_int(socket.if_nametoindex(value), "u32", what)
    except OSError:
        raise BondnlError("%s: no interface %r" % (what, value)) from None


def encode_value(atype, label, codec, value):
    """An Attr of number ATYPE carrying VALUE encoded as CODEC."""
    what = label
    if codec in INT_CODECS:
        return Attr(atype, parse_int(value, codec, what), label=label)
    if codec == "ifindex":
        return Attr(atype, parse_ifindex(value, what), label=label)
    if codec == "str":
        if isinstance(value, (bytes, bytearray)):
            return Attr(atype, bytes(value) + b"\0", label=label)
        return Attr(atype, str(value).encode() + b"\0", label=label)
    if codec == "hex":
        return Attr(atype, parse_hex(value, what), label=label)
    if codec == "empty":
        if value not in (None, "", b""):
            raise BondnlError("%s: type empty takes no value" % what)
        return Attr(atype, b"", label=label)
    if codec == "mac":
        return Attr(atype, parse_mac(value, what), label=label)
    if codec == "lladdr":
        return Attr(atype, parse_mac(value, what, None), label=label)
    if codec in ("ipv4list", "ipv6list"):
        fam = socket.AF_INET if codec == "ipv4list" else socket.AF_INET6
        addrs = parse_addr_list(value, fam, what)
        kids = [Attr(i, a, label="%s[%d]" % (label, i))
                for i, a in enumerate(addrs)]
        return Attr(atype, children=kids, label=label)
    raise BondnlError("%s is read-only; send it raw as %s:hex=..."
                      % (label, label))


def lookup_key(table, key):
    """(number, label, codec) for KEY: NAME, NAME:TYPE, attr_N, attr_N:TYPE."""
    name, _, typ = key.partition(":")
    if typ and typ not in RAW_TYPES:
        raise BondnlError("%s: unknown type %r (one of %s)"
                          % (key, typ, ", ".join(RAW_TYPES)))
    if name.startswith("attr_"):
        try:
            num = int(name[5:], 10)
        except ValueError:
            raise BondnlError("bad attribute %r" % key) from None
        if not 0 <= num <= NLA_TYPE_MASK:
            raise BondnlError("%s: attribute number out of range" % key)
        known = table.get(num)
        if not typ and not known:
            raise BondnlError("%s: unknown attribute number, give a type "
                              "(%s:u32=..., %s:hex=...)" % (key, name, name))
        label = known[0] if known else name
        return num, label, typ or known[1]
    for num, (aname, codec) in table.items():
        if aname == name:
            return num, name, typ or codec
    raise BondnlError("unknown attribute %r (known: %s, or attr_N:TYPE)"
                      % (name, " ".join(n for n, _ in table.values())))


def build_attrs(table, pairs):
    """Attrs for PAIRS, an iterable of (key, value)."""
    out = []
    for key, value in pairs:
        num, label, codec = lookup_key(table, key)
        out.append(encode_value(num, label, codec, value))
    return out


def split_assignments(args):
    """["k=v", ...] from the command line -> [(k, v), ...]."""
    pairs = []
    for arg in args:
        key, eq, value = arg.partition("=")
        if not eq:
            if key.endswith(":empty"):
                value = None
            else:
                raise BondnlError("expected ATTR=VALUE, got %r" % arg)
        pairs.append((key, value))
    return pairs


def normalize_pairs(attrs, kwattrs):
    pairs = []
    if attrs:
        pairs += list(attrs.items()) if isinstance(attrs, dict) else \
            list(attrs)
    pairs += list(kwattrs.items())
    return pairs


# --- attribute decoding ---------------------------------------------------

def parse_attrs(data):
    """[(type, payload), ...] from a buffer of netlink attributes (flags
    stripped from the type). Stops at a truncated attribute."""
    out = []
    off = 0
    while off + NLATTR.size <= len(data):
        alen, atype = NLATTR.unpack_from(data, off)
        if alen < NLATTR.size or off + alen > len(data):
            warn("truncated attribute type %d at offset %d" % (atype, off))
            break
        out.append((atype & NLA_TYPE_MASK, bytes(data[off + 4:off + alen])))
        off += nla_align(alen)
    return out


def warn(msg):
    print("warning: " + msg, file=sys.stderr)


def mac_text(b):
    return ":".join("%02x" % x for x in b)


def decode_value(name, codec, payload):
    """Python value for PAYLOAD, or None when its length is wrong."""
    if codec in INT_CODECS or codec == "ifindex":
        fmt = INT_CODECS["u32" if codec == "ifindex" else codec][0]
        if len(payload) != struct.calcsize(fmt):
            return None
        return struct.unpack(fmt, payload)[0]
    if codec == "mac":
        return mac_text(payload) if len(payload) == 6 else None
    if codec == "lladdr":
        return mac_text(payload)
    if codec in ("ipv4list", "ipv6list"):
        fam, size = ((socket.AF_INET, 4) if codec == "ipv4list"
                     else (socket.AF_INET6, 16))
        out = []
        for ctype, cpay in parse_attrs(payload):
            if len(cpay) != size:
                warn("%s child %d has length %d, expected %d"
                     % (name, ctype, len(cpay), size))
                out.append(cpay.hex())
            else:
                out.append(socket.inet_ntop(fam, cpay))
        return out
    if codec == "ad_info":
        return decode_table(AD_INFO_ATTRS, payload, name + ".")
    return payload.hex()


def decode_table(table, data, prefix=""):
    """{name: value} for every attribute in DATA, per TABLE."""
    out = {}
    for atype, payload in parse_attrs(data):
        known = table.get(atype)
        if not known:
            out["attr_%d" % atype] = payload.hex()
            continue
        name, codec = known
        value = decode_value(prefix + name, codec, payload)
        if value is None:
            warn("attribute %s%s (%d) has length %d, unexpected for %s"
                 % (prefix, name, atype, len(payload), codec))
            value = payload.hex()
        out[name] = value
        if codec == "ifindex" and isinstance(value, int):
            out[name + "_name"] = ifname(value)
    return out


def ifname(index):
    if index <= 0:
        return None
    try:
        return socket.if_indextoname(index)
    except OSError:
        return None


# --- the netlink socket ---------------------------------------------------

class RtNetlink:
    """A NETLINK_ROUTE socket that sends one request at a time and collects
    its replies up to the ack."""

    def __init__(self, timeout=30.0):
        self.sock = socket.socket(socket.AF_NETLINK,
                                  socket.SOCK_RAW | socket.SOCK_CLOEXEC,
                                  socket.NETLINK_ROUTE)
        try:
            self.sock.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        except OSError:
            pass                                # kernel < 4.12
        self.sock.bind((0, 0))
        self.portid = self.sock.getsockname()[0]
        self.sock.settimeout(timeout)
        self.seq = int.from_bytes(os.urandom(2), "little") + 1

    def close(self):
        self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def request(self, msg_type, flags, ifi_index=0, attrs=()):
        """Send an ifinfomsg request with ATTRS; return the payloads of the
        reply messages, [(type, bytes)]. Raise NetlinkError on an error
        ack."""
        self.seq += 1
        labels = {}
        hdr_len = NLMSGHDR.size + IFINFOMSG.size
        body = IFINFOMSG.pack(socket.AF_UNSPEC, 0, ifi_index, 0, 0)
        body += encode_attrs(attrs, hdr_len, labels)
        msg = NLMSGHDR.pack(NLMSGHDR.size + len(body), msg_type,
                            flags | NLM_F_REQUEST | NLM_F_ACK,
                            self.seq, 0) + body
        self.sock.sendto(msg, (0, 0))
        return self._collect(labels)

    def _recv(self):
        try:
            data, _, mflags, _ = self.sock.recvmsg(RECV_BUF)
        except socket.timeout:
            raise BondnlError("no answer from the kernel") from None
        if mflags & socket.MSG_TRUNC:
            raise BondnlError("netlink reply truncated")
        return data

    def _collect(self, labels):
        replies = []
        while True:
            data = self._recv()
            off = 0
            while off + NLMSGHDR.size <= len(data):
                mlen, mtype, mflags, mseq, mpid = \
                    NLMSGHDR.unpack_from(data, off)
                if mlen < NLMSGHDR.size or off + mlen > len(data):
                    raise BondnlError("malformed netlink message")
                payload = data[off + NLMSGHDR.size:off + mlen]
                off += nla_align(mlen)
                if mseq != self.seq or mpid not in (0, self.portid):
                    continue                    # not ours (stale)
                if mtype == NLMSG_ERROR:
                    self._ack(payload, mflags, labels)
                    return replies
                if mtype == NLMSG_DONE:
                    return replies
                if mtype == NLMSG_OVERRUN:
                    raise BondnlError("netlink overrun")
                if mtype == NLMSG_NOOP:
                    continue
                replies.append((mtype, payload))
                # A multipart reply goes on until NLMSG_DONE, a single one
                # until the ack: keep reading either way.

    @staticmethod
    def _ack(payload, mflags, labels):
        (err,) = struct.unpack_from("=i", payload, 0)
        msg = offset = miss = None
        if mflags & NLM_F_ACK_TLVS:
            if mflags & NLM_F_CAPPED:
                tlv_off = 4 + NLMSGHDR.size
            else:
                (inner_len,) = struct.unpack_from("=I", payload, 4)
                tlv_off = 4 + nla_align(inner_len)
            for atype, value in parse_attrs(payload[tlv_off:]):
                if atype == NLMSGERR_ATTR_MSG:
                    msg = value.split(b"\0", 1)[0].decode(errors="replace")
                elif atype == NLMSGERR_ATTR_OFFS and len(value) == 4:
                    (offset,) = struct.unpack("=I", value)
                elif atype == NLMSGERR_ATTR_MISS_TYPE and len(value) == 4:
                    (miss,) = struct.unpack("=I", value)
        if err == 0:
            if msg:
                warn(msg)
            return
        path = labels.get(offset) if offset is not None else None
        raise NetlinkError(-err, msg, offset, path, miss)


# --- link requests --------------------------------------------------------

def _ifname_attr(name):
    return Attr(IFLA_IFNAME, name.encode() + b"\0", label="IFLA_IFNAME")


def _linkinfo(kind_type, kind, data_type=None, data=None):
    kids = [Attr(kind_type, kind.encode() + b"\0",
                 label="IFLA_INFO_" + ("KIND" if kind_type == IFLA_INFO_KIND
                                       else "SLAVE_KIND"))]
    if data is not None:
        kids.append(Attr(data_type, children=data,
                         label="IFLA_INFO_" + ("DATA" if data_type ==
                                               IFLA_INFO_DATA
                                               else "SLAVE_DATA")))
    return Attr(IFLA_LINKINFO, children=kids, label="IFLA_LINKINFO")


def get_linkinfo(name):
    """{IFLA_INFO_*: payload} of link NAME in the current namespace."""
    mask = Attr(IFLA_EXT_MASK, struct.pack("=I", RTEXT_FILTER_SKIP_STATS),
                label="IFLA_EXT_MASK")
    with RtNetlink() as nl:
        replies = nl.request(RTM_GETLINK, 0, 0, [_ifname_attr(name), mask])
    for mtype, payload in replies:
        if mtype != RTM_NEWLINK:
            continue
        for atype, value in parse_attrs(payload[IFINFOMSG.size:]):
            if atype == IFLA_LINKINFO:
                return dict(parse_attrs(value))
        return {}
    raise BondnlError("%s: no RTM_NEWLINK in the reply" % name)


def _kind(info, attr):
    v = info.get(attr)
    return v.split(b"\0", 1)[0].decode(errors="replace") if v else None


def get_bond(name, netns=None):
    """{attribute: value} of bond NAME, as `get --json` prints it."""
    with in_netns(netns):
        info = get_linkinfo(name)
        kind = _kind(info, IFLA_INFO_KIND)
        if kind != "bond":
            raise BondnlError("%s is not a bond (kind: %s)" % (name, kind))
        return decode_table(BOND_ATTRS, info.get(IFLA_INFO_DATA, b""))


def get_slave(name, netns=None):
    """{attribute: value} of bond slave NAME, as `slave-get --json`."""
    with in_netns(netns):
        info = get_linkinfo(name)
        kind = _kind(info, IFLA_INFO_SLAVE_KIND)
        if kind != "bond":
            raise BondnlError("%s is not a bond slave (slave kind: %s)"
                              % (name, kind))
        return decode_table(SLAVE_ATTRS, info.get(IFLA_INFO_SLAVE_DATA, b""))


def _ignored(name, sent, data_type):
    """Labels of the attributes in SENT the kernel most likely dropped.

    rtnetlink parses IFLA_INFO_DATA and IFLA_INFO_SLAVE_DATA liberally: an
    attribute number above the driver's maxtype (or 0) is skipped without
    an error. So read the link back and name every sent attribute whose
    number is 0 or above the highest number the kernel reports."""
    try:
        info = get_linkinfo(name)
    except (NetlinkError, BondnlError):
        return []
    types = [t for t, _ in parse_attrs(info.get(data_type, b""))]
    top = max(types, default=0)
    return ["%s (%d): %s" % (a.label, a.atype,
                             "attribute 0 is never read" if a.atype == 0
                             else "the kernel reports nothing above %d"
                             % top)
            for a in sent if a.atype == 0 or a.atype > top]


def _change(name, flags, kind_type, data_type, table, pairs, check):
    data = build_attrs(table, pairs) if pairs or not flags else None
    li = _linkinfo(kind_type, "bond", data_type, data)
    with RtNetlink() as nl:
        nl.request(RTM_NEWLINK, flags, 0, [_ifname_attr(name), li])
    return _ignored(name, data, data_type) if check and data else []


def set_bond(name, attrs=None, *, netns=None, check=True, **kwattrs):
    """Change bond NAME. ATTRS is a dict or a list of (key, value) pairs
    (keys like "mode", "mode:u32", "attr_3:hex"); keyword arguments add
    plain names. Values are ints, strings as on the command line, bytes
    (hex), or lists of addresses. Returns the attributes the kernel
    accepted but most likely ignored (see _ignored; empty when check is
    false)."""
    pairs = normalize_pairs(attrs, kwattrs)
    with in_netns(netns):
        return _change(name, 0, IFLA_INFO_KIND, IFLA_INFO_DATA, BOND_ATTRS,
                       pairs, check)


def create_bond(name, attrs=None, *, netns=None, check=True, **kwattrs):
    """Create bond NAME (NLM_F_CREATE|NLM_F_EXCL) with the attributes
    (no IFLA_INFO_DATA at all when there are none). Returns as set_bond."""
    pairs = normalize_pairs(attrs, kwattrs)
    with in_netns(netns):
        return _change(name, NLM_F_CREATE | NLM_F_EXCL, IFLA_INFO_KIND,
                       IFLA_INFO_DATA, BOND_ATTRS, pairs, check)


def set_slave(name, attrs=None, *, netns=None, check=True, **kwattrs):
    """Change bond slave NAME through the master's slave_changelink.
    Returns as set_bond. Note that the kernel silently ignores slave data
    sent to a link that has no master."""
    pairs = normalize_pairs(attrs, kwattrs)
    with in_netns(netns):
        return _change(name, 0, IFLA_INFO_SLAVE_KIND, IFLA_INFO_SLAVE_DATA,
                       SLAVE_ATTRS, pairs, check)


def delete_link(name, netns=None):
    """Delete link NAME (RTM_DELLINK)."""
    with in_netns(netns):
        with RtNetlink() as nl:
            nl.request(RTM_DELLINK, 0, 0, [_ifname_attr(name)])


# --- command line ---------------------------------------------------------

def text_lines(values, prefix=""):
    """`name value` lines for a decoded attribute dict."""
    out = []
    for key, value in values.items():
        if key.endswith("_name") and key[:-5] in ("active_slave", "primary"):
            continue
        if isinstance(value, dict):
            out += text_lines(value, prefix + key + ".")
            continue
        if isinstance(value, list):
            value = ",".join(value)
        out.append(("%s%s %s" % (prefix, key, value)).rstrip())
    return out


def print_values(values, as_json):
    if as_json:
        print(json.dumps(values))
    else:
        for line in text_lines(values):
            print(line)


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        self.print_usage(sys.stderr)
        print("%s: error: %s" % (self.prog, message), file=sys.stderr)
        sys.exit(EXIT_LOCAL)


def make_parser():
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--netns", metavar="NAME", default=argparse.SUPPRESS,
                        help="run in /run/netns/NAME (or a namespace path)")
    p = _Parser(prog="bondnl.py", parents=[common],
                description="Bonding attributes over raw rtnetlink.",
                epilog="Exit status: 0, the positive errno of a netlink "
                       "error ack (capped at 255), or 254 for a local error.")
    sub = p.add_subparsers(dest="cmd", required=True, metavar="COMMAND",
                           parser_class=_Parser)
    for cmd, what in (("get", "show a bond's IFLA_BOND_* attributes"),
                      ("slave-get", "show a slave's IFLA_BOND_SLAVE_*")):
        s = sub.add_parser(cmd, parents=[common], help=what)
        s.add_argument("link")
        s.add_argument("--json", action="store_true", help="one JSON object")
    for cmd, what in (("set", "change a bond (RTM_NEWLINK)"),
                      ("create", "create a bond (NLM_F_CREATE|NLM_F_EXCL)"),
                      ("slave-set", "change a slave (IFLA_INFO_SLAVE_DATA)")):
        s = sub.add_parser(cmd, parents=[common], help=what)
        s.add_argument("link")
        s.add_argument("attrs", nargs="*", metavar="ATTR[:TYPE]=VALUE")
        s.add_argument("--no-check", action="store_true",
                       help="do not read the link back to spot attributes "
                            "the kernel accepted but ignored")
    s = sub.add_parser("delete", parents=[common], help="delete a link")
    s.add_argument("link")
    return p


def run(args):
    ns = getattr(args, "netns", None)
    if args.cmd == "get":
        print_values(get_bond(args.link, netns=ns), args.json)
    elif args.cmd == "slave-get":
        print_values(get_slave(args.link, netns=ns), args.json)
    elif args.cmd == "delete":
        delete_link(args.link, netns=ns)
    else:
        func = {"set": set_bond, "create": create_bond,
                "slave-set": set_slave}[args.cmd]
        ignored = func(args.link, split_assignments(args.attrs), netns=ns,
                       check=not args.no_check)
        for what in ignored:
            warn("accepted but probably ignored: " + what)


def parse_args(argv=None):
    """Parse the command line, allowing options between the attributes
    ("set bond0 miimon=100 --no-check mode=1"), which argparse alone
    does not for a nargs="*" positional."""
    parser = make_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        if not hasattr(args, "attrs") or \
                any(x.startswith("-") for x in extra):
            parser.error("unrecognized arguments: " + " ".join(extra))
        args.attrs += extra
    return args


def main(argv=None):
    args = parse_args(argv)
    try:
        run(args)
    except NetlinkError as e:
        for line in e.lines():
            print(line, file=sys.stderr)
        return exit_status(e.errno)
    except BondnlError as e:
        print("bondnl: %s" % e, file=sys.stderr)
        return EXIT_LOCAL
    except OSError as e:
        # Opening the socket or sending failed (EPERM without CAP_NET_ADMIN
        # is reported by the ack instead, so this is rare).
        print("bondnl: %s" % e, file=sys.stderr)
        return EXIT_LOCAL
    return 0


if __name__ == "__main__":
    sys.exit(main())
