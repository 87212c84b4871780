#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""badframes.py - send malformed (and, for controls, well-formed) frames.

    badframes.py DEV[,DEV...] SET[,SET...] [key=value...]
    badframes.py serve      (the same commands, one a line, on stdin)

Crafts Ethernet frames byte by byte and sends them out of DEV through an
AF_PACKET socket with PACKET_QDISC_BYPASS (so tc filters on DEV's egress,
which the tests use to cut a slave's real ARP/NS path, do not see them).
Run it in the peer namespace, on the far end of a slave.

Sets:
  runt       frames shorter than an Ethernet header, and bare 14-byte
             headers with no payload
  arp        ARP that must never count as a reply from / request for the
             target: truncated, bad htype/ptype/hlen/plen/op, wrong sender
             or receiver, to another host's MAC, in bogus VLAN tags
             ("arp:KIND+KIND": only those kinds, see arp_sets())
  nd         IPv6 NS/NA that must never count: truncated, bad lengths,
             bad options, hop limit != 255, bad code/checksum, wrong
             source, to another host's MAC, in bogus VLAN tags
             ("nd:KIND+KIND", see nd_sets())
  lacp       malformed LACPDUs (each counted lacpdu_illegal_rx)
  lacpvlan   only those of them that are well-formed but VLAN tagged
  slowunk    slow protocol frames with unknown subtypes (lacpdu_unknown_rx)
  marker     malformed markers (marker_unknown_rx)
  garbage    random bytes behind random and interesting ethertypes
  goodarp    control: well-formed ARP reply from tgt and request from us
  goodnd     control: well-formed NA from tgt6 and NS from us6
  goodmarker control: one well-formed marker information PDU

Keys: dst= (the bond's MAC), src= (source and sender MAC, by default
02:66:00:00:00:01, nobody's), us=, tgt= (IPv4), us6=, tgt6= (IPv6),
lacpsys= (actor system MAC written into malformed LACPDUs), secs=
(repeat the sets for this long; default once), seed=, count= (garbage).

Prints "name N" lines: how many frames of each set went out, and for the
slow protocol sets the counter each should have grown (illegal, unknown,
marker_unknown, marker_rx).
"""
import errno
import random
import socket
import struct
import sys
import time

ETH_P_ARP = 0x0806
ETH_P_IPV6 = 0x86dd
ETH_P_SLOW = 0x8809
SOL_PACKET = 263
PACKET_QDISC_BYPASS = 20
SLOW_MCAST = bytes.fromhex("0180c2000002")
BCAST = b"\xff" * 6
OTHER_MAC = bytes.fromhex("02aabbccdd01")   # a host that is not us


def mac(s):
    return bytes.fromhex(s.replace(":", ""))


def eth(dst, src, etype, payload=b""):
    return dst + src + struct.pack("!H", etype) + payload


def tags(stack, etype, payload):
    """802.1ad/Q tags (list of (tpid, vid)) before ETYPE; outermost first.
    Returns (outer ethertype, bytes after it)."""
    if not stack:
        return etype, payload
    out = b""
    for i, (tpid, vid) in enumerate(stack):
        nxt = stack[i + 1][0] if i + 1 < len(stack) else etype
        out += struct.pack("!HH", vid & 0xfff, nxt)
        if i == 0:
            first = tpid
    return first, out + payload


# --- ARP ---------------------------------------------------------------

def arp(op, sha, sip, tha, tip, htype=1, ptype=0x0800, hlen=6, plen=4):
    """The fixed 28-byte Ethernet/IPv4 layout with the header fields as
    given: a parser trusting fixed offsets sees sip/tip regardless."""
    return struct.pack("!HHBBH", htype, ptype, hlen, plen, op) + \
        sha + socket.inet_aton(sip) + tha + socket.inet_aton(tip)


def arp_sets(a):
    """(kind, frame): what must never count as a target's reply or our
    own request; kinds len, hdr, htype, op, otherhost, vlan, who, tag"""
    src, dst, us, tgt = a["src"], a["dst"], a["us"], a["tgt"]
    zero = bytes(6)
    out = []
    # the two messages that would count if well-formed: a reply from the
    # target to us (active slave) and our own request (backup)
    for (op, s, sip, d, tip, edst) in (
            (2, src, tgt, dst, us, dst),
            (1, dst, us, zero, tgt, BCAST)):
        good = arp(op, s, sip, d, tip)
        bad = lambda **kw: eth(edst, src, ETH_P_ARP,
                               arp(kw.pop("op", op), s, sip, d, tip, **kw))
        vlan = lambda st, body=good: eth(edst, src,
                                         *tags(st, ETH_P_ARP, body))
        out += [("len", eth(edst, src, ETH_P_ARP, good[:n]))
                for n in (8, 20, 27)]
        out += [("hdr", bad(hlen=0)), ("hdr", bad(hlen=255)),
                ("hdr", bad(hlen=4)), ("hdr", bad(plen=0)),
                ("hdr", bad(plen=16) + bytes(24)), ("hdr", bad(ptype=0x86dd)),
                ("htype", bad(htype=0)), ("htype", bad(htype=0xffff)),
                ("op", bad(op=0)), ("op", bad(op=99)),
                # to another host's MAC (PACKET_OTHERHOST here)
                ("otherhost", eth(OTHER_MAC, src, ETH_P_ARP, good)),
                # in VLANs we have no device for, reserved VID 4095, stacks
                ("vlan", vlan([(0x8100, 4095)])),
                ("vlan", vlan([(0x8100, 77)])),
                ("vlan", vlan([(0x88a8, 4095), (0x8100, 4095)])),
                ("vlan", vlan([(0x88a8, 10), (0x8100, 20), (0x8100, 30)])),
                ("vlan", vlan([(0x8100, i) for i in range(1, 13)])),
                ("tag", vlan([(0x88a8, 10), (0x8100, 20), (0x8100, 30)],
                             good[:12]))]
    # well-formed, but from / for the wrong address
    out += [
        ("who", eth(dst, src, ETH_P_ARP, arp(2, src, "192.0.2.99", dst, us))),
        ("who", eth(dst, src, ETH_P_ARP, arp(2, src, tgt, dst,
                                              "192.0.2.98"))),
        ("who", eth(dst, src, ETH_P_ARP, arp(2, src, "0.0.0.0", dst, us))),
        ("who", eth(BCAST, src, ETH_P_ARP, arp(1, dst, "192.0.2.97", zero,
                                                tgt))),
        ("who", eth(BCAST, src, ETH_P_ARP, arp(1, dst, us, zero,
                                                "192.0.2.96"))),
        # a VLAN tag and nothing after it; a tag cut in half
        ("tag", eth(dst, src, 0x8100, struct.pack("!H", 5))),
        ("tag", eth(dst, src, 0x8100, struct.pack("!HH", 5, ETH_P_ARP))),
        ("tag", eth(dst, src, 0x88a8, struct.pack("!HH", 5, 0x8100))),
        ("tag", eth(dst, src, 0x88a8, struct.pack("!HHHH", 5, 0x8100, 6,
                                                   0x8100))),
    ]
    return out


def arp_good(a):
    src, dst, us, tgt = a["src"], a["dst"], a["us"], a["tgt"]
    return [eth(dst, src, ETH_P_ARP, arp(2, src, tgt, dst, us)),
            eth(BCAST, src, ETH_P_ARP, arp(1, dst, us, bytes(6), tgt))]


# --- IPv6 neighbour discovery -------------------------------------------

def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def ip6(src, dst, payload, hlim=255, plen=None, ver=6, nxt=58):
    return struct.pack("!IHBB", ver << 28, len(payload) if plen is None
                       else plen, nxt, hlim) + src + dst + payload


def icmp6(src, dst, typ, body, code=0, badsum=False):
    pseudo = src + dst + struct.pack("!IxxxB", 4 + len(body), 58)
    c = csum(pseudo + struct.pack("!BBH", typ, code, 0) + body)
    if badsum:
        c ^= 0x5a5a
    return struct.pack("!BBH", typ, code, c) + body


def snmc(a):
    """solicited-node multicast address and its MAC"""
    grp = bytes.fromhex("ff0200000000000000000001ff") + a[13:]
    return grp, b"\x33\x33" + grp[12:]


def nd_msgs(a):
    """(eth dst, ip src, ip dst, type, flags, target, lladdr) of the NA from
    the target to us and our NS for the target (what a backup hears)."""
    us6, tgt6, dst, src = a["us6"], a["tgt6"], a["dst"], a["src"]
    grp, gmac = snmc(tgt6)
    return [(dst, tgt6, us6, 136, 0x60000000, tgt6, src),
            (gmac, us6, grp, 135, 0, tgt6, dst)]


def nd_frame(edst, esrc, s, d, typ, flags, target, ll, opts=None, hlim=255,
             plen=None, ver=6, code=0, badsum=False, cut=None):
    if opts is None:
        opts = struct.pack("!BB", 2 if typ == 136 else 1, 1) + ll
    body = struct.pack("!I", flags) + target + opts
    msg = icmp6(s, d, typ, body, code, badsum)
    pkt = ip6(s, d, msg, hlim, plen, ver)
    if cut is not None:
        pkt = pkt[:cut]
    return eth(edst, esrc, ETH_P_IPV6, pkt)


def nd_sets(a):
    """(kind, frame): NS/NA that must never count; kinds len, opt,
    hoplimit, code, csum, ver, otherhost, vlan, who"""
    src = a["src"]
    out = []
    for (edst, s, d, typ, fl, tgt, ll) in nd_msgs(a):
        f = lambda **kw: nd_frame(edst, src, s, d, typ, fl, tgt, ll, **kw)
        ok_opt = struct.pack("!BB", 2 if typ == 136 else 1, 1) + ll
        vlan = lambda st, n=None: eth(edst, src,
                                      *tags(st, ETH_P_IPV6, f()[14:n]))
        out += [
            ("len", f(cut=40)),                  # IPv6 header only
            ("len", f(cut=44)),                  # ICMPv6 header only
            ("len", f(cut=52)),                  # cut in the target
            ("len", f(plen=8)),                  # payload length says 8
            ("len", f(plen=200)),                # ... past the end
            ("len", f(plen=0)),
            ("opt", f(opts=b"\x02\x00" + bytes(6))),    # zero-length option
            ("opt", f(opts=ok_opt + b"\x01\x00")),      # ... after a good one
            ("opt", f(opts=b"\x02\x04" + ll)),          # past the end
            ("opt", f(opts=b"\x02\x01" + ll[:3])),      # cut short
            ("hoplimit", f(hlim=254)),
            ("hoplimit", f(hlim=64)),
            ("hoplimit", f(hlim=1)),
            ("code", f(code=1)),
            ("csum", f(badsum=True)),
            ("ver", f(ver=4)),
            ("otherhost", eth(OTHER_MAC, src, ETH_P_IPV6, f()[14:])),
            ("vlan", vlan([(0x8100, 4095)])),
            ("vlan", vlan([(0x8100, 77)])),
            ("vlan", vlan([(0x88a8, 1), (0x8100, 2), (0x8100, 3)])),
            ("len", vlan([(0x88a8, 1), (0x8100, 2), (0x8100, 3)], 60)),
        ]
    # well-formed, but from / for the wrong address
    wrong = socket.inet_pton(socket.AF_INET6, "2001:db8::99")
    us6, tgt6, dst = a["us6"], a["tgt6"], a["dst"]
    out += [
        ("who", nd_frame(dst, src, wrong, us6, 136, 0x60000000, wrong, src)),
        ("who", nd_frame(dst, src, tgt6, wrong, 136, 0x60000000, tgt6, src)),
        ("who", nd_frame(dst, src, bytes(16), us6, 136, 0x60000000, tgt6,
                         src)),
        ("who", nd_frame(snmc(wrong)[1], src, us6, snmc(wrong)[0], 135, 0,
                         wrong, dst)),
        # ICMPv6 echo from the target: not ND at all
        ("who", eth(dst, src, ETH_P_IPV6,
                    ip6(tgt6, us6, icmp6(tgt6, us6, 128, b"\0\1\0\1")))),
        # a hop-by-hop header before the ICMPv6: not parsed, not counted
        ("who", eth(dst, src, ETH_P_IPV6,
                    ip6(tgt6, us6, b"\x3a\x00" + bytes(6) +
                        icmp6(tgt6, us6, 136, struct.pack("!I", 0x60000000) +
                              tgt6), nxt=0))),
    ]
    return out


def nd_good(a):
    src = a["src"]
    return [nd_frame(edst, src, s, d, typ, fl, tgt, ll)
            for (edst, s, d, typ, fl, tgt, ll) in nd_msgs(a)]


# --- slow protocols -------------------------------------------------------

def info_tlv(t, ln, system, key=99, port=7, state=0x3d):
    return bytes([t, ln]) + struct.pack("!H6sHHHB3x", 0x8000, system, key,
                                        0x80, port, state)


def lacpdu(sysmac, ver=1, atype=1, alen=20, ptype=2, plen=20, ctype=3,
           clen=16, tlen=0, tail=50):
    return bytes([1, ver]) + info_tlv(atype, alen, sysmac) + \
        info_tlv(ptype, plen, bytes(6), key=0, port=0, state=0) + \
        bytes([ctype, clen]) + struct.pack("!H", 0) + bytes(12) + \
        bytes([0, tlen]) + bytes(tail)


def lacp_sets(a):
    """(frame, counter it must grow)"""
    src, sysm, dst = a["src"], a["lacpsys"], a["dst"]
    good = lacpdu(sysm)
    out = []
    ill = lambda f: out.append((f, "illegal"))
    for cut in (1, 2, 10, 22, 42, 60, 109):
        ill(eth(SLOW_MCAST, src, ETH_P_SLOW, good[:cut]))
    for kw in ({"ver": 0}, {"alen": 0}, {"alen": 255}, {"alen": 19},
               {"plen": 0}, {"plen": 255}, {"clen": 0}, {"clen": 255},
               {"tlen": 5}, {"atype": 2}, {"atype": 0}, {"ptype": 9},
               {"ctype": 0}):
        ill(eth(SLOW_MCAST, src, ETH_P_SLOW, lacpdu(sysm, **kw)))
    ill(eth(SLOW_MCAST, src, ETH_P_SLOW, good + bytes(400)))   # oversized
    ill(eth(SLOW_MCAST, src, ETH_P_SLOW, b"\x01" + bytes(109)))  # zeros
    # well-formed, but not to the slow protocols group
    ill(eth(dst, src, ETH_P_SLOW, good))
    ill(eth(a["src"], src, ETH_P_SLOW, good))
    ill(eth(BCAST, src, ETH_P_SLOW, good))
    ill(eth(bytes.fromhex("0180c2000003"), src, ETH_P_SLOW, good))
    out += lacp_vlan(a)
    return out


def lacp_vlan(a):
    """well-formed LACPDUs in VLAN tags (LACPDUs are never tagged)"""
    good = lacpdu(a["lacpsys"])
    return [(eth(SLOW_MCAST, a["src"], *tags(st, ETH_P_SLOW, good)),
             "illegal")
            for st in ([(0x8100, 4095)], [(0x8100, 5)], [(0x88a8, 5)])]


def slowunk_sets(a):
    src = a["src"]
    return [(eth(SLOW_MCAST, src, ETH_P_SLOW, bytes([st]) + bytes(109)),
             "unknown") for st in (0, 3, 4, 10, 0x0a, 0x7f, 0xff)]


def marker(src, ver=1, ttype=1, tlen=16, term=0, termlen=0, cut=None,
           tail=90):
    m = bytes([2, ver, ttype, tlen]) + struct.pack("!H6sI2x", 1, src, 77) + \
        bytes([term, termlen]) + bytes(tail)
    return m if cut is None else m[:cut]


def marker_sets(a):
    src = a["src"]
    out = []
    for kw in ({"cut": 1}, {"cut": 3}, {"cut": 17}, {"ver": 0}, {"ver": 2},
               {"ttype": 0}, {"ttype": 3}, {"ttype": 0xff}, {"tlen": 0},
               {"tlen": 255}, {"termlen": 9}, {"term": 1}):
        out.append((eth(SLOW_MCAST, src, ETH_P_SLOW, marker(src, **kw)),
                    "marker_unknown"))
    return out


def marker_good(a):
    return [(eth(SLOW_MCAST, a["src"], ETH_P_SLOW, marker(a["src"])),
             "marker_rx")]


# --- runts and garbage ------------------------------------------------------

def runt_sets(a):
    src, dst = a["src"], a["dst"]
    out = [dst[:n] for n in (1, 6, 12)] + [dst + src[:3], dst + src + b"\x08"]
    for et in (0x0806, 0x86dd, 0x8809, 0x8100, 0x88a8, 0x0800, 0x0000):
        for d in (dst, BCAST, SLOW_MCAST):
            out.append(eth(d, src, et))
    return out


def garbage_sets(a, rnd, count):
    src, dst = a["src"], a["dst"]
    ets = [0x0806, 0x86dd, 0x8809, 0x8100, 0x88a8, 0x0800, 0x9100]
    dsts = [dst, BCAST, SLOW_MCAST, OTHER_MAC, b"\x33\x33\xff\x00\x00\x02"]
    out = []
    for _ in range(count):
        et = rnd.choice(ets) if rnd.random() < 0.8 else rnd.getrandbits(16)
        body = rnd.randbytes(rnd.randrange(0, 130))
        out.append(eth(rnd.choice(dsts), src, et, body))
    return out


BUILDERS = {
    "runt": lambda a, r: [(f, None) for f in runt_sets(a)],
    "arp": lambda a, r: [(f, None) for _, f in arp_sets(a)],
    "goodarp": lambda a, r: [(f, None) for f in arp_good(a)],
    "nd": lambda a, r: [(f, None) for _, f in nd_sets(a)],
    "goodnd": lambda a, r: [(f, None) for f in nd_good(a)],
    "lacp": lambda a, r: lacp_sets(a),
    "lacpvlan": lambda a, r: lacp_vlan(a),
    "slowunk": lambda a, r: slowunk_sets(a),
    "marker": lambda a, r: marker_sets(a),
    "goodmarker": lambda a, r: marker_good(a),
    "garbage": lambda a, r: [(f, None)
                             for f in garbage_sets(a, r, int(a["count"]))],
}


def run(argv):
    """One command: DEVS SETS KEY=VALUE...; returns the report lines."""
    devs, sets = argv[0].split(","), argv[1].split(",")
    a = {"us": "192.0.2.1", "tgt": "192.0.2.2", "us6": "2001:db8::1",
         "tgt6": "2001:db8::2", "secs": "0", "seed": "1", "count": "200",
         "lacpsys": "02:de:ad:be:ef:01", "src": "02:66:00:00:00:01",
         "dst": "ff:ff:ff:ff:ff:ff"}
    for kv in argv[2:]:
        k, v = kv.split("=", 1)
        a[k] = v
    for k in ("src", "dst", "lacpsys"):
        a[k] = mac(a[k])
    for k in ("us6", "tgt6"):
        a[k] = socket.inet_pton(socket.AF_INET6, a[k])
    rnd = random.Random(int(a["seed"]))
    frames = []            # (set, frame, counter or None)
    for st in sets:
        # "arp:vlan+op": only the frames of those kinds
        base, _, kinds = st.partition(":")
        if kinds and base in ("arp", "nd"):
            pick = kinds.split("+")
            src = arp_sets(a) if base == "arp" else nd_sets(a)
            frames += [(st, f, None) for k, f in src if k in pick]
            continue
        if st not in BUILDERS:
            raise ValueError(f"unknown set {st}")
        frames += [(st, f, c) for f, c in BUILDERS[st](a, rnd)]

    socks = []
    for dev in devs:
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
        s.setsockopt(SOL_PACKET, PACKET_QDISC_BYPASS, 1)
        s.bind((dev, 0))
        socks.append(s)
    sent, counted = {}, {}
    end = time.monotonic() + float(a["secs"])
    while True:
        for s in socks:
            for name, f, c in frames:
                try:
                    s.send(f)
                except OSError as e:
                    # shorter than a header: the socket refuses it;
                    # ENOBUFS/EAGAIN under load: lost, not counted
                    if e.errno not in (errno.EINVAL, errno.ENOBUFS,
                                       errno.EAGAIN):
                        raise
                    k = "refused_" + name
                    sent[k] = sent.get(k, 0) + 1
                    continue
                sent["sent_" + name] = sent.get("sent_" + name, 0) + 1
                if c:
                    counted[c] = counted.get(c, 0) + 1
        if time.monotonic() >= end:
            break
        time.sleep(0.05)
    for s in socks:
        s.close()
    return [f"{k} {v}" for k, v in sorted(sent.items())] + \
        [f"{k} {v}" for k, v in sorted(counted.items())]


def main():
    if sys.argv[1:] != ["serve"]:
        print("\n".join(run(sys.argv[1:])))
        return
    # serve: one command per line on stdin, each answered by its report
    # and a line "END" (or "ERROR ..." and "END")
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            out = run(line.split())
        except Exception as e:  # report, keep serving
            out = [f"ERROR {e!r}"]
        print("\n".join(out + ["END"]), flush=True)


if __name__ == "__main__":
    main()
