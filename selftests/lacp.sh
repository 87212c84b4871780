#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# 802.3ad (LACP). (a) Interop with a real partner, teamd's lacp runner,
# over 2 and 4 veth pairs: both sides reach collecting+distributing,
# traffic flows and spreads by hash, a link pull shrinks the aggregator
# and its return grows it again, and a TCP session carrying data across
# both lives on; fast and slow rate, either side passive. (b) Our module
# against itself in two namespaces: keys split aggregators, min_links
# holds carrier down, ad_select bandwidth vs count (also over taps of
# different speeds, tools/taprelay.py, which veths cannot be). (c) Malformed
# LACPDUs are counted and dropped. (d) No partner: implicit fallback within
# 3 periodic intervals (compared with the stock module), none with
# lacp_strict=1; the aggregator forms once a partner appears. (e) /proc's
# 802.3ad section in the stock format (differential).
#
# LACP_CASES="a b c d e" picks the parts. Each part takes minutes in a TCG
# guest, so the runner's per-test timeout is split across three files:
# lacp.sh runs (a), lacp_self.sh (b) and (c), lacp_fallback.sh (d) and (e).
. "$(dirname "$0")/lib.sh"

CASES=${LACP_CASES:-a}
want() { [[ " $CASES " == *" $1 "* ]]; }

. "$BT_LIB_DIR/scenarios/lacp-common.sh"

# --- (a) interop with teamd ------------------------------------------------

# A TCP session from b0 to the peer that echoes a steady stream back
# (tools/tcpflow.py), to show that a link pull loses no session: no reset,
# every byte back, data moving again soon after the pull.
FLOW="python3 $BT_LIB_DIR/tools/tcpflow.py"
FLOW_ST=/tmp/flow.status
flow_start() {
	FLOW_PID= FLOW_SRV=
	rm -f $FLOW_ST /tmp/flow.serve /tmp/flow.send
	ip netns exec peer $FLOW serve $IP_PEER 5001 >/tmp/flow.serve 2>&1 &
	FLOW_SRV=$!
	wait_for 15 grep -q listening /tmp/flow.serve || return 1
	$FLOW send $IP_PEER 5001 $FLOW_ST >/tmp/flow.send 2>&1 &
	FLOW_PID=$!
	wait_for 20 flow_past 0
}
flow_rx() { local b g; read -r b g <$FLOW_ST && echo "$b"; }
flow_gap() { local b g; read -r b g <$FLOW_ST && echo "$g"; }
flow_past() { [ "$(flow_rx)" -gt "$1" ]; }
# flow_stop: end the session; succeeds if it closed cleanly, every byte back
flow_stop() {
	local rc=1
	if [ -n "$FLOW_PID" ]; then
		kill -TERM "$FLOW_PID" 2>/dev/null
		wait "$FLOW_PID"
		rc=$?
	fi
	if [ -n "$FLOW_SRV" ]; then
		kill "$FLOW_SRV" 2>/dev/null
		wait "$FLOW_SRV" 2>/dev/null
	fi
	return $rc
}
# flow_slave: the slave of b0 that the session leaves by
flow_slave() {
	local s best= max=-1 before=() i=0 d
	for s in $(cat $S/slaves); do before+=("$(tx_of "$s")"); done
	sleep 1
	for s in $(cat $S/slaves); do
		d=$(($(tx_of "$s") - before[i]))
		i=$((i + 1))
		[ "$d" -gt "$max" ] && max=$d best=$s
	done
	echo "$best"
}
# longest stall the session may see across a pull or a return, in ms: an
# idle host's TCG guest sees 0.1-0.3 s, one with a loaded host up to ~4 s
# (its timers, and so TCP's retransmissions, run late); a port that stays
# in the data path after its pull stalls the session until it is back.
FLOW_MAX_GAP=${FLOW_MAX_GAP:-8000}

interop() {	# TAG NPORTS OURS-OPTS... -- TEAM-FAST TEAM-ACTIVE
	local tag=$1 n=$2 opts=() tfast tactive pull=$(($2 - 1)) flowing= rx s
	shift 2
	while [ "$1" != -- ]; do opts+=("$1"); shift; done
	tfast=$2 tactive=$3
	topo "$n"
	if ! team_start "$n" "$tfast" "$tactive"; then
		fail "$tag/teamd" "teamd did not start: $(tail -3 /tmp/teamd.log)"
		return
	fi
	bond_make "$n" xmit_hash_policy layer3+4 "${opts[@]}"
	local t=$SECONDS
	if wait_for 60 ours_cd "$n"; then
		pass "$tag/ours-collecting-distributing"
		echo "$tag: converged in $((SECONDS - t)) s"
	else
		fail "$tag/ours-collecting-distributing"
		cat /proc/net/bonding/b0
	fi
	if wait_for 30 team_sel "$n"; then
		pass "$tag/teamd-selected"
	else
		fail "$tag/teamd-selected"
		team_dump
	fi
	check "$tag/carrier" wait_for 5 grep -q 1 /sys/class/net/b0/carrier
	check "$tag/ping" wait_for 10 pings 3
	check "$tag/spread" spread
	# a TCP session runs across the pull and the return; the link pulled
	# is the one it leaves by
	if flow_start; then
		flowing=1
		pass "$tag/flow-starts"
		s=$(flow_slave)
		[ -n "$s" ] && pull=${s#v}
		echo "$tag: the session leaves by v$pull"
	else
		fail "$tag/flow-starts" "($(tail -1 /tmp/flow.send /tmp/flow.serve))"
		flow_stop
	fi
	# one link down: the aggregator shrinks, traffic continues
	echo "$tag: p$pull down at $(date +%s.%N | cut -c1-12)"
	ip -n peer link set p$pull down
	rx=$(flow_rx 2>/dev/null)
	check "$tag/link-down-shrinks" wait_for 20 ours_cd $((n - 1))
	check "$tag/link-down-teamd" wait_for 20 team_sel $((n - 1))
	check "$tag/link-down-ping" wait_for 10 pings 3
	# 50 more chunks echoed: the session moved to the links left
	[ -n "$flowing" ] &&
		check "$tag/flow-after-pull" wait_for 15 flow_past $((rx + 25600))
	echo "$tag: p$pull up at $(date +%s.%N | cut -c1-12)"
	ip -n peer link set p$pull up
	rx=$(flow_rx 2>/dev/null)
	check "$tag/link-up-rejoins" wait_for 60 ours_cd "$n"
	check "$tag/link-up-teamd" wait_for 30 team_sel "$n"
	check "$tag/link-up-ping" wait_for 10 pings 3
	if [ -n "$flowing" ]; then
		check "$tag/flow-after-rejoin" wait_for 15 flow_past $((rx + 25600))
		if flow_stop; then
			pass "$tag/flow-survives"
		else
			fail "$tag/flow-survives" "($(tail -1 /tmp/flow.send))"
		fi
		sed "s/^/$tag: session: /" /tmp/flow.send
		check "$tag/flow-stall-bounded" \
			test "$(flow_gap)" -lt "$FLOW_MAX_GAP"
	fi
	team_stop
	ip link del b0
}

if want a; then
	if ! command -v teamd >/dev/null; then
		skip interop "teamd not installed (libteam-utils)"
	else
		modprobe team 2>/dev/null
		bond_load max_bonds=0
		interop fast-2 2 lacp_rate fast -- true true
		interop fast-4 4 lacp_rate fast -- true true
		interop slow-2 2 lacp_rate slow -- false true
		interop ours-passive 2 lacp_rate fast lacp_active off -- true true
		interop teamd-passive 2 lacp_rate fast -- true false
		# both passive: nobody speaks, no aggregator with a partner
		topo 2
		team_start 2 true false
		bond_make 2 lacp_rate fast lacp_active off lacp_strict 1
		sleep 6
		check_fail both-passive/no-aggregate ours_cd 2
		check_fail both-passive/teamd-none team_sel 2
		team_stop
		ip link del b0
		ns_cleanup
		bond_unload
	fi
fi

# --- (b) our module against itself ------------------------------------------

PS=/sys/class/net
pexec() { ip netns exec peer "$@"; }
pagg() { pexec cat $PS/$1/bonding_slave/ad_aggregator_id; }

# peer_bond NAME OPTS... -- PORTS...: one of our bonds in the peer namespace
peer_bond() {
	local name=$1 opts=() p
	shift
	while [ "$1" != -- ]; do opts+=("$1"); shift; done
	shift
	ip -n peer link add "$name" type bond mode 802.3ad miimon 100 \
		lacp_rate fast "${opts[@]}" || return 1
	for p in "$@"; do
		ip -n peer link set "$p" down
		ip -n peer link set "$p" master "$name" || return 1
	done
	ip -n peer link set "$name" up
}

slaves_cd() {	# SLAVE...: all collecting+distributing in b0
	local s
	for s in "$@"; do
		[ $(($(ad_state "$s") & 0x30)) = 48 ] || return 1
	done
}

# veths all say 10000 Mb/s and cannot be told otherwise, so the ports of
# different speeds are taps, whose speed ethtool sets, joined in pairs by
# tools/taprelay.py: tap vN here, pN in the peer, a cable between them.
RELAY_CTL=/tmp/taprelay.ctl
RELAY=
tap_cables() {	# vN:pN[:off]...
	tap_cables_stop
	modprobe tun 2>/dev/null
	rm -f /tmp/taprelay.log
	python3 "$BT_LIB_DIR/tools/taprelay.py" peer $RELAY_CTL "$@" \
		>/tmp/taprelay.log 2>&1 &
	RELAY=$!
	wait_for 20 grep -q ready /tmp/taprelay.log
}
tap_cables_stop() {
	[ -n "$RELAY" ] || return 0
	kill "$RELAY" 2>/dev/null
	wait "$RELAY" 2>/dev/null
	RELAY=
}
tap_plug() { echo "up $1" >$RELAY_CTL; }
tap_speed() {	# N SPEED: both ends of cable N
	ethtool -s v$1 speed $2 duplex full &&
		pexec ethtool -s p$1 speed $2 duplex full
}
# agg_is SLAVE...: the slaves share one aggregator, and it is the active
# one, with just them, all collecting+distributing
agg_is() {
	local id s
	id=$(ad_agg $1)
	for s in "$@"; do [ "$(ad_agg $s)" = "$id" ] || return 1; done
	[ "$(cat $S/ad_aggregator)" = "$id" ] && ours_cd $#
}
# partnered SLAVE...: the slaves sit in one aggregator with a partner in sync
partnered() {
	local id s
	id=$(ad_agg $1)
	for s in "$@"; do
		[ "$(ad_agg $s)" = "$id" ] || return 1
		[ $(($(cat $PS/$s/bonding_slave/ad_partner_oper_port_state) & 8)) = 8 ] ||
			return 1
	done
}

# speed_case SEL FIRST(fast|slow): A (v0, 10000) and B (v1 v2, 1000) to
# partners b1 and b2; FIRST's cables are plugged from the start, the
# other's once the first has formed.
speed_case() {
	local sel=$1 first=$2 tag=ad-select-$1-speed/$2-first a= b= want win
	local t0=$SECONDS
	if [ $first = fast ]; then b=:off; else a=:off; fi
	ns_cleanup
	ns_add peer
	if ! tap_cables v0:p0$a v1:p1$b v2:p2$b; then
		fail "$tag/cables" "($(tail -1 /tmp/taprelay.log))"
		tap_cables_stop
		return
	fi
	if ! { tap_speed 0 10000 && tap_speed 1 1000 && tap_speed 2 1000; }; then
		skip "$tag" "a tap's speed cannot be set here"
		tap_cables_stop
		ns_cleanup
		return
	fi
	peer_bond b1 -- p0
	peer_bond b2 -- p1 p2
	bond_make 3 lacp_rate fast ad_select $sel
	if [ $first = fast ]; then
		check "$tag/a-forms" wait_for 30 agg_is v0
		tap_plug v1
		tap_plug v2
		check "$tag/b-forms" wait_for 30 partnered v1 v2
	else
		check "$tag/b-forms" wait_for 30 agg_is v1 v2
		tap_plug v0
		check "$tag/a-forms" wait_for 30 partnered v0
	fi
	grep -E 'Slave Interface|Speed|Aggregator ID' /proc/net/bonding/b0
	check "$tag/speeds-seen" sh -c "[ \$(cat $PS/v0/speed) = 10000 ] &&
		[ \$(cat $PS/v1/speed) = 1000 ] && [ \$(cat $PS/v2/speed) = 1000 ]"
	check_fail "$tag/separate-aggregators" [ "$(ad_agg v0)" = "$(ad_agg v1)" ]
	if [ $sel = bandwidth ]; then want="v0"; else want="v1 v2"; fi
	# the choice holds once made, not just for a moment
	if wait_for 20 agg_is $want && stays 4 agg_is $want; then
		pass "$tag/picks-${want// /+}"
	else
		win="active $(cat $S/ad_aggregator) with $(cat $S/ad_num_ports)"
		win="$win ports, v0 in $(ad_agg v0), v1 in $(ad_agg v1)"
		fail "$tag/picks-${want// /+}" "($win)"
	fi
	ip link del b0
	tap_cables_stop
	ns_cleanup
	echo "$tag: $((SECONDS - t0)) s"
}

if want b; then
	bond_load max_bonds=0

	# keys: b1 and b2 share a system id and differ only in their user
	# port key; b0 (four ports, two to each) must form two aggregators
	topo 4
	peer_bond b1 ad_actor_system 02:00:00:00:aa:01 ad_user_port_key 1 -- p0 p1
	peer_bond b2 ad_actor_system 02:00:00:00:aa:01 ad_user_port_key 2 -- p2 p3
	bond_make 4 lacp_rate fast
	keys_split() {
		local a0 a1 a2 a3
		a0=$(ad_agg v0) a1=$(ad_agg v1) a2=$(ad_agg v2) a3=$(ad_agg v3)
		[ "$a0" = "$a1" ] && [ "$a2" = "$a3" ] && [ "$a0" != "$a2" ] &&
			[ "$(cat $S/ad_num_ports)" = 2 ]
	}
	check keys/two-aggregators wait_for 30 keys_split
	active=$(cat $S/ad_aggregator)
	if [ "$active" = "$(ad_agg v0)" ]; then
		check keys/active-pair-distributing wait_for 20 slaves_cd v0 v1
		check_fail keys/standby-pair-not-syncing slaves_cd v2
	else
		check keys/active-pair-distributing wait_for 20 slaves_cd v2 v3
		check_fail keys/standby-pair-not-syncing slaves_cd v0
	fi
	k1=$(pexec cat $PS/b1/bonding/ad_actor_key)
	check_eq keys/partner-key-has-user-key $(((1 << 6) | 15)) "$k1"
	ip link del b0
	ns_cleanup

	# min_links: two ports collecting+distributing, min_links 3 -> no carrier
	topo 2
	peer_bond b1 -- p0 p1
	bond_make 2 lacp_rate fast min_links 3
	check min-links/ports-distributing wait_for 30 ours_cd 2
	sleep 1
	check_eq min-links/3-no-carrier 0 "$(cat /sys/class/net/b0/carrier)"
	ip link set b0 type bond min_links 2
	check min-links/2-carrier wait_for 5 grep -q 1 /sys/class/net/b0/carrier
	ip -n peer link set p1 down
	check min-links/one-left-no-carrier wait_for 10 grep -q 0 /sys/class/net/b0/carrier
	ip -n peer link set p1 up
	check min-links/back wait_for 30 grep -q 1 /sys/class/net/b0/carrier
	ip link del b0
	ns_cleanup

	# ad_select: partner A (one port) forms first, partner B (two ports)
	# later. stable keeps A; bandwidth and count move to B.
	for sel in stable bandwidth count; do
		topo 3
		peer_bond b1 -- p0
		ip -n peer link set p1 down
		ip -n peer link set p2 down
		bond_make 3 lacp_rate fast ad_select $sel
		if ! wait_for 30 ours_cd 1; then
			fail "ad-select-$sel/a-forms"
			continue
		fi
		a_id=$(cat $S/ad_aggregator)
		peer_bond b2 -- p1 p2
		wait_for 30 slaves_cd v1 v2 2>/dev/null
		wait_for 30 sh -c "[ \$(cat /sys/class/net/v1/bonding_slave/ad_partner_oper_port_state) -ge 15 ]"
		sleep 4
		n=$(cat $S/ad_num_ports)
		if [ $sel = stable ]; then
			check_eq "ad-select-$sel/keeps-first" "1 $a_id" "$n $(cat $S/ad_aggregator)"
		else
			check "ad-select-$sel/moves-to-larger" wait_for 20 ours_cd 2
		fi
		ip link del b0
		ns_cleanup
	done

	# ad_select bandwidth against count, which only ports of different
	# speeds tell apart: partner A on one 10000 Mb/s port, partner B on
	# two 1000 Mb/s ports. bandwidth must pick A (10000 > 2 x 1000),
	# count B (2 ports > 1), whichever of the two forms first.
	for sel in bandwidth count; do
		for first in fast slow; do
			speed_case $sel $first
		done
	done
	bond_unload
fi

# --- (c) malformed LACPDUs ----------------------------------------------------

# (Debian 12's "ip link xstats type bond" aborted with "stack smashing
# detected" on these counters in the guest; not investigated further)
XSTATS="python3 $BT_LIB_DIR/tools/bondxstats.py"
xstat() {	# DEV NAME: one of the 802.3ad xstats counters of a slave or bond
	$XSTATS "$1" | awk -v n="$2" '$1 == n { print $2 }'
}

if want c; then
	bond_load max_bonds=0
	topo 2
	peer_bond b1 -- p0 p1
	bond_make 2 lacp_rate fast
	check malformed/formed wait_for 30 ours_cd 2
	$XSTATS v0
	ill0=$(xstat v0 lacpdu_illegal_rx)
	unk0=$(xstat v0 lacpdu_unknown_rx)
	rx0=$(xstat v0 lacpdu_rx)
	mrx0=$(xstat v0 marker_rx)
	mrs0=$(xstat v0 marker_resp_tx)
	pexec python3 - p0 <<-'PY'
	import socket, struct, sys
	dev = sys.argv[1]
	s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
	s.bind((dev, 0))
	mac = open(f"/sys/class/net/{dev}/address").read().strip()
	src = bytes.fromhex(mac.replace(":", ""))
	hdr = bytes.fromhex("0180c2000002") + src + b"\x88\x09"
	def tlv(t, l, body):
	    return bytes([t, l]) + body
	info = struct.pack("!H6sHHHB3x", 1, b"\x02\x00\x00\x00\x00\x09", 1, 1, 1, 0x3f)
	def lacpdu(sub=1, ver=1, alen=20, plen=20, clen=16, extra=b""):
	    body = bytes([sub, ver]) + tlv(1, alen, info) + tlv(2, plen, info)
	    body += tlv(3, clen, bytes(14)) + b"\x00\x00" + bytes(50)
	    return hdr + body + extra
	frames = [
	    lacpdu()[:14 + 40],                 # truncated
	    lacpdu(ver=0),                      # wrong version
	    lacpdu(alen=0x55),                  # garbage TLV length
	    lacpdu(plen=3),                     # garbage TLV length
	    lacpdu(clen=255),                   # garbage TLV length
	    lacpdu(extra=bytes(300)),           # oversized
	    hdr + b"\x01",                      # one byte
	]
	for f in frames:
	    s.send(f)
	s.send(lacpdu(sub=9))                   # unknown subtype
	marker = b"\x02\x01" + tlv(1, 16, struct.pack("!H6sIH", 1, src, 77, 0))
	s.send(hdr + marker + b"\x00\x00" + bytes(90))
	PY
	sleep 1
	$XSTATS v0
	ill1=$(xstat v0 lacpdu_illegal_rx)
	unk1=$(xstat v0 lacpdu_unknown_rx)
	check_eq malformed/illegal-counted 7 $((ill1 - ill0))
	check_eq malformed/unknown-subtype-counted 1 $((unk1 - unk0))
	check_eq malformed/marker-counted 1 $(($(xstat v0 marker_rx) - mrx0))
	check_eq malformed/marker-answered 1 $(($(xstat v0 marker_resp_tx) - mrs0))
	check malformed/valid-still-counted test "$(xstat v0 lacpdu_rx)" -gt "${rx0:-x}"
	$XSTATS b0
	check malformed/bond-sums-slaves test "$(xstat b0 lacpdu_illegal_rx)" -ge 7
	check_eq malformed/other-slave-untouched "$unk0" "$(xstat v1 lacpdu_unknown_rx)"
	check malformed/aggregator-intact ours_cd 2
	ip -n peer addr add $IP_PEER/24 dev b1
	check malformed/ping wait_for 10 pings 3
	# unload with bonds, slaves and the LACP machines running
	check rmmod/with-running-bonds rmmod bonding
	check rmmod/slaves-released sh -c "! ip -d link show v0 | grep -q bond_slave"
	ns_cleanup
fi

# --- (d) no partner: implicit fallback, lacp_strict ---------------------------

# peer side without LACP: both ends in a bridge (which never forwards
# slow protocol frames) holding the peer address
peer_bridge() {
	ip -n peer link add br0 type bridge
	ip -n peer link set p0 master br0
	ip -n peer link set p1 master br0
	ip -n peer link set br0 up
	ip -n peer addr add $IP_PEER/24 dev br0
}

ping1() { ping -c 1 -W 0.3 -q $IP_PEER >/dev/null 2>&1; }

# carrying: how many slaves sent most of a 300-packet burst
carrying() {
	local s before=() i=0 n=0
	for s in v0 v1; do before+=("$(tx_of $s)"); done
	for port in $(seq 30000 30299); do
		echo x >/dev/udp/$IP_PEER/$port
	done 2>/dev/null
	sleep 0.3
	for s in v0 v1; do
		[ $(($(tx_of $s) - before[i])) -ge 250 ] && n=$((n + 1))
		i=$((i + 1))
	done
	echo $n
}

# fallback_once [lacp_strict]: time (ms) from bond up to the first ping
# answered, or "none" after 12 s; then how many ports carry traffic.
fallback_once() {
	local t0 t ms=none
	topo 2
	peer_bridge
	ip link add b0 type bond mode 802.3ad miimon 100 lacp_rate fast
	[ -n "${1:-}" ] && $BONDNL set b0 lacp_strict="$1"
	ip link set v0 master b0
	ip link set v1 master b0
	ip addr add $IP_OURS/24 dev b0
	t0=$(date +%s%N)
	ip link set b0 up
	while [ $((($(date +%s%N) - t0) / 1000000)) -lt 12000 ]; do
		if ping1; then
			ms=$((($(date +%s%N) - t0) / 1000000))
			break
		fi
		sleep 0.1
	done
	echo "$ms $(carrying) $(cat /sys/class/net/b0/carrier)"
}

# partner_appears: the bridge goes, one of our bonds takes both ends
partner_appears() {
	ip -n peer link del br0
	peer_bond b1 -- p0 p1
	ip -n peer addr add $IP_PEER/24 dev b1
	# the peer's address now sits on a device with another MAC: forget
	# the one learnt during the fallback (a real partner keeps its MAC)
	ip neigh flush dev b0
}

if want d; then
	# the stock module first, for comparison (no lacp_strict before 7.2)
	stock=
	if stock_load max_bonds=0; then
		stock=$(fallback_once)
		echo "stock fallback: ms/carrying/carrier = $stock"
		clean_links
		ns_cleanup
		rmmod bonding
		rm -f /run/bt/stock-allowed
	fi
	bond_load max_bonds=0
	ours=$(fallback_once)
	echo "ours fallback: ms/carrying/carrier = $ours"
	read -r ms n car <<<"$ours"
	# 3 periodic intervals (fast: 1 s) plus 1 s for the VM and the probe
	if [ "$ms" != none ] && [ "$ms" -le 4000 ]; then
		pass fallback/traffic-within-3-periodic
	else
		fail fallback/traffic-within-3-periodic "(first ping after $ms ms)"
	fi
	check_eq fallback/one-port-carries 1 "$n"
	check_eq fallback/carrier 1 "$car"
	if [ -n "$stock" ]; then
		read -r sms sn scar <<<"$stock"
		check_eq fallback/like-stock "1 1" "$n $car"
		check_eq fallback/stock-too "1 1" "$sn $scar"
		echo "fallback: first ping ours ${ms} ms, stock ${sms} ms"
	else
		skip fallback/like-stock "stock module not loadable"
	fi
	partner_appears
	check fallback/partner-appears-forms wait_for 30 ours_cd 2
	check fallback/partner-appears-ping wait_for 10 pings 3
	ip link del b0
	ns_cleanup

	ours=$(fallback_once 1)
	echo "ours strict: ms/carrying/carrier = $ours"
	read -r ms n car <<<"$ours"
	check_eq strict/no-traffic "none 0 0" "$ms $n $car"
	check_eq strict/no-slave-distributing 0 \
		$((($(ad_state v0) | $(ad_state v1)) & 0x20))
	partner_appears
	check strict/partner-appears-forms wait_for 30 ours_cd 2
	check strict/partner-appears-carrier wait_for 5 grep -q 1 /sys/class/net/b0/carrier
	check strict/partner-appears-ping wait_for 10 pings 3
	ip link del b0
	ns_cleanup
	bond_unload
fi

# --- (e) /proc's 802.3ad section against the stock module ------------------------

if want e; then
	if ! command -v teamd >/dev/null; then
		skip proc-stock "teamd not installed (libteam-utils)"
	else
		modprobe team 2>/dev/null
		check_differential proc-stock "$BT_LIB_DIR/scenarios/lacp-proc.sh"
		ns_cleanup
	fi
fi

finish
