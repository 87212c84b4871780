#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Packet input: malformed ARP, NS/NA, LACPDUs, markers, unknown slow
# protocol subtypes, runt frames, bogus VLAN tag stacks and random
# garbage, crafted byte by byte (tools/badframes.py) and sent from a
# packet socket on the far end of a slave, in every mode with its monitor
# running. They must be counted or dropped, never taken for what they
# pretend to be:
#  1. ARP and NS validation (active-backup, arp_validate all): a slave
#     whose real ARP and NS path is cut stays down while malformed
#     "replies from the target" and "our own requests" are injected into
#     it; the same frames well-formed bring it up (the control).
#  2. balance-alb: the learned client table keeps the real peer's MAC and
#     learns nothing from malformed or misaddressed ARP replies.
#  3. 802.3ad: each malformed LACPDU counts lacpdu_illegal_rx, unknown
#     subtypes lacpdu_unknown_rx, bad markers marker_unknown_rx, a good
#     marker is answered; the bogus actor they carry never becomes the
#     partner. Without a partner here (fallback); against teamd (a real
#     partner, whose state must not change) with BT_DEBUG=1.
#  4. balance-rr, balance-tlb (miimon; with BT_DEBUG=1 also balance-xor
#     and broadcast, whose input path is balance-rr's) and all of the
#     above: everything at both slaves, the bond still passes traffic.
# No kernel complaint anywhere (the runner checks the log too).
#
# Cases named after the bug they caught (fixed in the driver):
#   ab/arp-otherhost   an ARP reply to another host's MAC counted
#   ab/arp-htype-op    an ARP with a non-Ethernet hardware type, or an
#                      opcode other than request/reply, counted
#   ab/arp-vlan        an ARP in a VLAN (or VID 4095) the bond has no
#                      device for counted
#   ab/nd-*            an NS/NA counted despite hop limit != 255, a bad
#                      length, bad options, code or checksum, the wrong IP
#                      version, a foreign MAC or a VLAN we have no device for
#   alb/alb-not-ours   an ARP reply to an address not ours made a client
#                      entry (which the bond then announced as its own)
#   alb/alb-otherhost  an ARP reply to another host's MAC rewrote a client
#   alb/alb-vlan       an ARP reply in another VLAN rewrote a client
#   8023ad/lacp-vlan-tagged  a VLAN-tagged LACPDU was taken as the partner's
. "$(dirname "$0")/lib.sh"

GEN_PY=$BT_LIB_DIR/tools/badframes.py
I=500		# arp_interval, ms
MON="arp_interval $I arp_missed_max 3"
T4=192.0.2.2
T6=2001:db8::2
B=/sys/class/net/b0/bonding

bmac() { cat /sys/class/net/b0/address; }
slave_st() { cat /sys/class/net/$1/bonding_slave/mii_status 2>/dev/null; }
is_st() { [ "$(slave_st $1)" = "$2" ]; }
both_up() { is_st v0 up && is_st v1 up; }
is_active() { [ "$(cat $B/active_slave)" = "$1" ]; }
ping4() { ping -c 2 -i 0.2 -W 1 -q $T4 >/dev/null; }
ping6() { ping -6 -c 2 -i 0.2 -W 1 -q $T6 >/dev/null; }
tstamp() { echo "[$SECONDS s] $*"; }

# The generator runs once per peer namespace, as a coprocess reading
# commands (python's start-up costs seconds in a TCG guest).
gen_start() {
	coproc GENP { ip netns exec peer python3 -u "$GEN_PY" serve 2>&1; }
}
gen_stop() {
	[ -n "${GENP_PID:-}" ] || return 0
	eval "exec ${GENP[1]}>&-"
	wait "$GENP_PID" 2>/dev/null
	unset GENP_PID
}
# gen_send DEVS SETS KEY=VALUE...: start a command; gen_wait collects its
# report into /tmp/pkt.out (0 unless it failed)
gen_send() {
	echo "$* dst=$(bmac) us=192.0.2.1 tgt=$T4 us6=2001:db8::1 tgt6=$T6" \
		>&"${GENP[1]}"
}
gen_wait() {
	local line
	: >/tmp/pkt.out
	while read -r -t 60 line <&"${GENP[0]}"; do
		[ "$line" = END ] && break
		echo "$line" >>/tmp/pkt.out
	done
	! grep -q ERROR /tmp/pkt.out
}
gen() { gen_send "$@" && gen_wait; }
# the report's "counter N" line
want_n() { awk -v k=$1 '$1 == k { print $2 }' /tmp/pkt.out; }

# peer: netns with the bridge br0 (T4, T6) over p0, p1, far ends of v0, v1
peer_up() {
	ns_add peer
	ip -n peer link add br0 type bridge mcast_snooping 0
	ip -n peer link set br0 up
	ip -n peer addr add $T4/24 dev br0
	ip -n peer addr add $T6/64 dev br0 nodad
	veth v0 p0 peer && veth v1 p1 peer || return 1
	ip -n peer link set p0 master br0
	ip -n peer link set p1 master br0
	gen_start
}
# mkbond MODE ARGS...: b0 (192.0.2.1, 2001:db8::1) over v0, v1
mkbond() {
	local mode=$1
	shift
	ip link add b0 type bond mode "$mode" "$@" || return 1
	ip link set v0 master b0 && ip link set v1 master b0 || return 1
	ip addr add 192.0.2.1/24 dev b0
	ip addr add 2001:db8::1/64 dev b0 nodad
	ip link set b0 up
}

# peer_cut PORT: the bridge drops ARP and ICMPv6 both ways on PORT;
# badframes.py bypasses the qdisc, so its frames still go out
peer_cut() {
	local dir
	tc -n peer qdisc add dev $1 clsact 2>/dev/null
	for dir in ingress egress; do
		tc -n peer filter add dev $1 $dir protocol arp pref 10 \
			matchall action drop
		tc -n peer filter add dev $1 $dir protocol ipv6 pref 11 \
			flower ip_proto icmpv6 action drop
	done
}
peer_uncut() { tc -n peer qdisc del dev $1 clsact 2>/dev/null; }

bond_load max_bonds=0
kmsg_mark pktinput-start
peer_up

# --- 1. ARP and NS validation: malformed frames are no proof of link --------
# v1, the backup, loses its real ARP and NS path; malformed copies of what
# would count on it (our own request) and on an active slave (the target's
# reply) go in, while v1 must stay down. Then the same frames well-formed:
# they bring v1 up, so the injection reaches the monitor.
mkbond active-backup $MON arp_ip_target $T4 ns_ip6_target $T6 arp_validate all
check ab/up wait_for 20 both_up
check ab/v0-active wait_for 5 is_active v0
peer_cut p1
check ab/cut-v1-down wait_for 15 is_st v1 down
tstamp ab cut
# held CASE SETS: v1 stays down while SETS go into it for a second (two
# monitor ticks; stays 2 lasts 1 to 2 s)
held() {
	gen_send p1 "$2" secs=1
	check ab/$1 stays 2 is_st v1 down
	gen_wait || fail ab/$1-generator "$(tail -2 /tmp/pkt.out)"
}
held arp-otherhost arp:otherhost
held arp-htype-op arp:htype+op
held arp-vlan arp:vlan
held nd-hoplimit nd:hoplimit
held nd-length-options nd:len+opt
held nd-code-checksum-version nd:code+csum+ver
held nd-otherhost-vlan nd:otherhost+vlan
held malformed-no-link arp,nd,runt,garbage
tstamp ab malformed
for good in goodarp goodnd; do
	[ $good = goodnd ] && check ab/control-v1-down-again wait_for 10 is_st v1 down
	gen_send p1 $good secs=3
	check ab/control-$good-counts wait_for 3 is_st v1 up
	gen_wait
done
peer_uncut p1
check ab/recovers wait_for 15 both_up
check ab/ping ping4
check ab/ping6 ping6
ip link del b0
tstamp ab finished

# --- 2. balance-alb: the learned client table -------------------------------
RLB=/sys/kernel/debug/bonding/b0/rlb_hash_table
mkbond balance-alb miimon 100
check alb/up wait_for 10 both_up
check alb/ping wait_for 10 ping4
if [ -r $RLB ]; then
	peer_mac=$(ip -n peer -br link show br0 | awk '{ print $3 }')
	row() { awk -v ip=$T4 '$2 == ip { print $1, $2, $3 }' $RLB; }
	before=$(row)
	check_eq alb/learned-peer "192.0.2.1 $T4 $peer_mac" "$before"
	# replies from the peer's address to ours, sender MAC not the peer's
	gen p0,p1 arp:otherhost
	check_eq alb/alb-otherhost "$before" "$(row)"
	gen p0,p1 arp:vlan
	check_eq alb/alb-vlan "$before" "$(row)"
	gen p0,p1 arp:who
	check_eq alb/alb-not-ours "" \
		"$(awk '$1 ~ /^192\.0\.2\.9[678]$|^0\.0\.0\.0$/' $RLB)"
	check_eq alb/peer-row-kept "$before" "$(row)"
	gen p0,p1 arp,runt,garbage
	gen p1 arp dst="$(cat /sys/class/net/v1/address)"
	check_eq alb/peer-row-unchanged "$before" "$(row)"
else
	skip alb/table "no $RLB"
fi
tstamp alb finished

# --- 3. and 4. every mode: everything at both slaves --------------------------
XSTATS="python3 $BT_LIB_DIR/tools/bondxstats.py"
# xs NAME FILE: a counter from bondxstats.py's report in /tmp/xs.FILE
xs() { awk -v k=$1 '$1 == k { print $2 }' /tmp/xs.$2; }
# d NAME: how much counter NAME of the slave counted() last used grew
d() { echo $(($(xs $CDEV:$1 1) - $(xs $CDEV:$1 0))); }
# counted DEV TAG [SETS]: inject the counted slow protocol sets into DEV's
# far end and compare the counters with what the generator says it sent
counted() {
	local dev=$1 tag=$2 sets=${3:-lacp,slowunk,marker,goodmarker}
	CDEV=$dev
	$XSTATS $dev b0 >/tmp/xs.0 || {
		fail $tag/xstats "bondxstats.py failed"
		return
	}
	gen p${dev#v} $sets
	$XSTATS $dev b0 >/tmp/xs.1
	check_eq $tag/illegal-counted "$(want_n illegal)" "$(d lacpdu_illegal_rx)"
	[ $sets = lacpvlan ] && return
	check_eq $tag/unknown-subtype-counted "$(want_n unknown)" \
		"$(d lacpdu_unknown_rx)"
	check_eq $tag/marker-unknown-counted "$(want_n marker_unknown)" \
		"$(d marker_unknown_rx)"
	check_eq $tag/good-marker-counted 1 "$(d marker_rx)"
	check_eq $tag/good-marker-answered 1 "$(d marker_resp_tx)"
	check $tag/bond-sums-slaves test \
		$(($(xs b0:lacpdu_illegal_rx 1) - $(xs b0:lacpdu_illegal_rx 0))) \
		-eq "$(want_n illegal)"
}
# the partner as each port and the aggregator know it
partner_view() {
	awk '/^Slave Interface:/ { s = $3 }
		/^details partner/ { p = 1; next }
		/^details|^Slave/ { p = 0 }
		p { print s ": " $0 }
		/Partner (Key|Mac Address):/ { print }' /proc/net/bonding/b0
}
no_bogus_partner() { ! grep -qi 02:de:ad:be:ef:01 /proc/net/bonding/b0; }

everything() {	# TAG
	gen p0,p1 runt,arp,nd,lacp,slowunk,marker,garbage count=300 ||
		fail $1/generator "$(tail -2 /tmp/pkt.out)"
	check $1/slaves-up both_up
	# the forged replies from the peer's address (to someone else's
	# address, which arp_process() still learns from) may have taught
	# the neighbour table a MAC nobody has: that is the stack, not us
	ip neigh show dev b0 | grep -q 02:66:00:00:00:01 &&
		echo "$1: neighbour table poisoned by the forged ARP; flushed"
	ip neigh flush dev b0
	check $1/ping wait_for 10 ping4
}

everything alb
ip link del b0

# 802.3ad, no partner on the bridge: the ports fall back (lacp_strict 0)
mkbond 802.3ad miimon 100 lacp_rate fast
check 8023ad/up wait_for 10 both_up
check 8023ad/ping wait_for 15 ping4
counted v0 8023ad
# no partner speaks here: none of it may have passed for an LACPDU
check_eq 8023ad/none-accepted 0 "$(d lacpdu_rx)"
# the caught one: tagged LACPDUs (another system) were taken as valid
counted v0 8023ad/lacp-vlan-tagged lacpvlan
check_eq 8023ad/lacp-vlan-tagged/not-accepted 0 "$(d lacpdu_rx)"
everything 8023ad
check 8023ad/no-bogus-partner no_bogus_partner
ip link del b0
tstamp 8023ad finished

# balance-xor and broadcast receive exactly like balance-rr (no mode rx
# hook): only in the long form
modes="balance-rr balance-tlb"
[ "${BT_DEBUG:-0}" = 1 ] && modes="$modes balance-xor broadcast"
for mode in $modes; do
	mkbond $mode miimon 100
	check $mode/up wait_for 10 both_up
	everything $mode
	ip link del b0
done
tstamp modes finished
gen_stop
ip link del v0 2>/dev/null
ip link del v1 2>/dev/null
ns_cleanup

# --- 3b. 802.3ad against teamd: the partner it established stays ------------
if [ "${BT_DEBUG:-0}" = 1 ]; then
	. "$BT_LIB_DIR/scenarios/lacp-common.sh"
	topo 2
	if command -v teamd >/dev/null && modprobe team 2>/dev/null &&
		team_start 2 true true; then
		gen_start
		bond_make 2 lacp_rate fast
		if check lacp/formed-with-teamd wait_for 60 ours_cd 2; then
			sleep 1
			before=$(partner_view)
			counted v0 lacp
			gen p1 runt,arp,nd,garbage
			after=$(partner_view)
			if [ "$before" = "$after" ]; then
				pass lacp/partner-state-unchanged
			else
				fail lacp/partner-state-unchanged
				diff <(echo "$before") <(echo "$after") | sed 's/^/    /'
			fi
			check lacp/no-bogus-partner no_bogus_partner
			check lacp/aggregator-intact ours_cd 2
			ip neigh flush dev b0
			check lacp/ping wait_for 10 pings 3
		fi
		gen_stop
		team_stop
	else
		skip lacp/teamd "teamd not available"
	fi
	ip link del b0 2>/dev/null
	ns_cleanup
	tstamp teamd finished
fi

out=$(kmsg_since pktinput-start | kernel_complaints)
check_eq kernel-quiet "" "$out"
finish
