#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# balance-tlb and balance-alb on a switched segment: our bond in the init
# namespace, four peers h1..h4 (192.0.2.11-14) behind a bridge in "sw",
# slaves vN whose peers pN sit in that bridge. tlb: transmit spreads, receive
# stays on the active slave, a cable pull moves the bond's MAC and traffic
# goes on and the peers' neighbour entries hold a live slave's MAC, over 4
# and 2 slaves. alb: peers learn different slave MACs and receive spreads, a
# failure re-points the failed slave's peers and a recovery rebalances them,
# no duplicate replies (ICMP, and one ARP reply per ARP request of a peer,
# also after a failover), VLAN-tagged ARP. Both: permanent MACs restored on
# release, release/enslave under traffic, tlb_dynamic_lb=0 keeps a flow on
# one slave. The /proc comparison with stock is in proc_stock.sh.
. "$(dirname "$0")/lib.sh"

NPEERS=4
ADDR=192.0.2.1

peer_ip() { echo "192.0.2.1$1"; }
slave_mac() { printf '02:00:00:00:01:%02x' "$1"; }

topo_peers() {
	ns_add sw h1 h2 h3 h4 || return 1
	ip -n sw link add br0 type bridge stp_state 0 forward_delay 0
	ip -n sw link set br0 up
	for h in $(seq 1 $NPEERS); do
		ip link add e$h type veth peer name s$h
		ip link set e$h netns h$h
		ip link set s$h netns sw
		ip -n h$h link set e$h name eth0
		ip -n h$h link set eth0 address "02:00:00:00:00:1$h"
		ip -n h$h addr add "$(peer_ip $h)/24" dev eth0
		ip -n h$h link set eth0 up
		ip -n sw link set s$h master br0
		ip -n sw link set s$h up
	done
}

# bond b0 (mode $1) with $2 slaves, further args are bond options
topo_bond() {
	local mode=$1 n=$2 i
	shift 2
	NSLAVES=$n
	ip link add b0 type bond mode "$mode" miimon 50 "$@" || return 1
	for i in $(seq 0 $((n - 1))); do
		ip link add v$i type veth peer name p$i
		ip link set v$i address "$(slave_mac $i)"
		ip link set p$i netns sw
		ip -n sw link set p$i master br0
		ip -n sw link set p$i up
		ip link set v$i master b0 || return 1
	done
	ip link set b0 up
	ip addr add $ADDR/24 dev b0
	wait_for 10 bond_has_active
}

bond_has_active() { [ -n "$(cat /sys/class/net/b0/bonding/active_slave)" ]; }
active() { cat /sys/class/net/b0/bonding/active_slave; }
mac_of() { local m; read -r m </sys/class/net/$1/address; echo "$m"; }
cnt() { local c; read -r c </sys/class/net/$1/statistics/$2; echo "$c"; }
peer_neigh() { ip -n h$1 neigh show $ADDR | sed -n 's/.* lladdr \([0-9a-f:]*\).*/\1/p'; }

# snapshot / delta of one counter over the slaves
snap() {
	local i c
	for ((i = 0; i < NSLAVES; i++)); do
		read -r c </sys/class/net/v$i/statistics/$1
		eval "S_$1_$i=$c"
	done
}
delta() {
	local c
	read -r c </sys/class/net/v$2/statistics/$1
	eval "echo \$(( c - S_$1_$2 ))"
}

# how many slaves counted at least $2 of counter $1 since snap
busy_slaves() {
	local i n=0
	for i in $(seq 0 $((NSLAVES - 1))); do
		[ "$(delta "$1" $i)" -ge "$2" ] && n=$((n + 1))
	done
	echo $n
}

flood_peers() {	# from us to every peer
	local h
	for h in $(seq 1 $NPEERS); do
		ping -q -f -c "${1:-200}" -w 30 "$(peer_ip $h)" >/dev/null 2>&1 &
	done
	wait
}

flood_from_peers() {	# from every peer to us
	local h
	for h in $(seq 1 $NPEERS); do
		ip netns exec h$h ping -q -f -c "${1:-200}" -w 30 $ADDR \
			>/dev/null 2>&1 &
	done
	wait
}

peer_pings() { ip netns exec h$1 ping -c 2 -i 0.3 -w 6 $ADDR >/dev/null; }

all_peers_ping() {
	local h
	for h in $(seq 1 $NPEERS); do
		peer_pings $h || return 1
	done
}

all_peers_reach() { wait_for "${1:-10}" all_peers_ping; }

slaves_macs_unique() {
	local i
	for i in $(seq 0 $((NSLAVES - 1))); do mac_of v$i; done |
		sort | uniq -d | grep -q . && return 1
	return 0
}

# release every slave; their MACs must be the recorded ones again
release_all_restores() {
	local i bad=
	for i in $(seq 0 $((NSLAVES - 1))); do
		ip link set v$i nomaster
		[ "$(mac_of v$i)" = "$(slave_mac $i)" ] || bad="$bad v$i=$(mac_of v$i)"
	done
	[ -z "$bad" ] || { echo "not restored:$bad"; return 1; }
}

teardown_bond() {
	local i
	ip link del b0 2>/dev/null
	for i in $(seq 0 $((NSLAVES - 1))); do ip link del v$i 2>/dev/null; done
	for h in $(seq 1 $NPEERS); do ip -n h$h neigh flush dev eth0; done
	return 0
}

# the slave that carried most of a flood to peer $1
tx_slave_for_peer() {
	local i best=-1 bmax=0 d
	snap tx_packets
	ping -q -f -c 60 -w 20 "$(peer_ip $1)" >/dev/null 2>&1
	for i in $(seq 0 $((NSLAVES - 1))); do
		d=$(delta tx_packets $i)
		[ "$d" -gt "$bmax" ] && { bmax=$d; best=$i; }
	done
	echo $best
}

bond_load max_bonds=0
topo_peers || { fail topology "cannot build the peers"; finish; }

# ---------------------------------------------------------------- tlb
# every peer's neighbour entry for us holds the MAC of a live slave, not
# that of the failed slave $1
peer_neigh_on_live() {
	local h m i st live='' fmac
	read -r fmac </sys/class/net/"$1"/address
	for ((i = 0; i < NSLAVES; i++)); do
		[ "v$i" = "$1" ] && continue
		read -r st </sys/class/net/v$i/bonding_slave/mii_status
		[ "$st" = up ] || continue
		read -r m </sys/class/net/v$i/address
		live="$live $m"
	done
	for h in $(seq 1 $NPEERS); do
		m=$(peer_neigh $h)
		[ -n "$m" ] || { echo "h$h has no MAC for us"; return 1; }
		[ "$m" != "$fmac" ] || { echo "h$h: $m is failed $1's"; return 1; }
		case "$live " in
		*" $m "*) ;;
		*) echo "h$h: $m is none of the live slaves' ($live )"; return 1 ;;
		esac
	done
}

# churn_under_traffic TAG N: release and enslave each of the N slaves
# twice while the peers flood us; the MACs stay unique, the peers reach us
churn_under_traffic() {
	local fl r i
	flood_from_peers 300 &
	fl=$!
	for r in 1 2; do
		for i in $(seq 0 $(($2 - 1))); do
			ip link set v$i nomaster
			ip link set v$i master b0
		done
	done
	wait $fl
	check $1-churn-macs-unique slaves_macs_unique
	check $1-churn-peers-reach-us all_peers_reach 15
}

# tlb over $1 slaves; the 2-slave run leaves out the churn under traffic
tlb_run() {
	local n=$1 t=tlb$1 act ai new bmac rx_act others i r d m fl
	if topo_bond balance-tlb $n; then
		pass $t-up
	else
		fail $t-up "no active slave"
	fi
	check $t-proc-mode grep -qx "Bonding Mode: transmit load balancing" /proc/net/bonding/b0
	check $t-proc-active grep -qx "Currently Active Slave: $(active)" /proc/net/bonding/b0
	check $t-proc-primary grep -qx "Primary Slave: None" /proc/net/bonding/b0
	check_eq $t-active-has-bond-mac "$(mac_of b0)" "$(mac_of "$(active)")"
	check $t-slave-macs-unique slaves_macs_unique
	flood_peers 10		# neighbours resolved
	snap tx_packets
	snap rx_packets
	flood_peers 300
	m=$(busy_slaves tx_packets 200)
	[ "$m" -ge 2 ] && pass $t-tx-spread || fail $t-tx-spread "(only $m slaves sent >= 200 packets)"
	act=$(active)
	ai=${act#v}
	rx_act=$(delta rx_packets "$ai")
	others=0
	for i in $(seq 0 $((n - 1))); do
		[ "$i" = "$ai" ] && continue
		others=$((others + $(delta rx_packets $i)))
	done
	[ "$rx_act" -ge 1000 ] && [ "$others" -lt 100 ] && pass $t-rx-on-active ||
		fail $t-rx-on-active "(active $act rx $rx_act, others $others)"

	bmac=$(mac_of b0)
	ip -n sw link set p$ai down
	check $t-failover-new-active wait_for 10 sh -c "[ -n \"\$(cat /sys/class/net/b0/bonding/active_slave)\" ] && [ \"\$(cat /sys/class/net/b0/bonding/active_slave)\" != $act ]"
	new=$(active)
	check_eq $t-failover-mac-moved "$bmac" "$(mac_of "$new")"
	check $t-failover-macs-unique slaves_macs_unique
	check $t-failover-peers-reach-us all_peers_reach 15
	wait_for 5 peer_neigh_on_live $act
	check $t-failover-peer-neigh-on-live-slave peer_neigh_on_live $act
	snap tx_packets
	flood_peers 100
	d=$(delta tx_packets "$ai")
	[ "$d" -lt 10 ] && pass $t-failover-nothing-on-failed || fail $t-failover-nothing-on-failed "($act sent $d)"
	if [ $n -gt 2 ]; then
		m=$(busy_slaves tx_packets 50)
		[ "$m" -ge 2 ] && pass $t-failover-tx-spread || fail $t-failover-tx-spread "(only $m slaves)"
	else
		d=$(delta tx_packets "${new#v}")
		[ "$d" -ge 300 ] && pass $t-failover-tx-on-survivor || fail $t-failover-tx-on-survivor "($new sent $d of 400)"
	fi
	ip -n sw link set p$ai up
	check $t-recovery-peers-reach-us all_peers_reach 15

	# release and enslave under traffic
	[ $n -gt 2 ] && churn_under_traffic $t $n
	check $t-release-restores-mac release_all_restores
	teardown_bond
}
tlb_run 4
tlb_run 2

# ---------------------------------------------------------- tlb_dynamic_lb=0
if topo_bond balance-tlb 4 tlb_dynamic_lb 0; then
	check tlb-static-proc-hash grep -q "^Transmit Hash Policy: layer2 (0)" /proc/net/bonding/b0
	flood_peers 10
	stable=1
	for h in 1 2 3 4; do
		a=$(tx_slave_for_peer $h)
		b=$(tx_slave_for_peer $h)
		[ "$a" = "$b" ] && [ "$a" != -1 ] || stable="$h: $a $b"
	done
	[ "$stable" = 1 ] && pass tlb-static-same-flow-same-slave || fail tlb-static-same-flow-same-slave "(peer $stable)"
	check tlb-static-release-restores-mac release_all_restores
else
	fail tlb-static-up
fi
teardown_bond

# ---------------------------------------------------------------- alb
distinct_peer_macs() {
	local h
	for h in $(seq 1 $NPEERS); do peer_neigh $h; done | sort -u | grep -c .
}
peer_macs_are_slaves() {	# every peer's MAC for us is one of our slaves'
	local h m i ok
	for h in $(seq 1 $NPEERS); do
		m=$(peer_neigh $h)
		ok=
		for i in $(seq 0 $((NSLAVES - 1))); do
			[ "$m" = "$(mac_of v$i)" ] && ok=1
		done
		[ -n "$ok" ] || return 1
	done
}
slave_with_mac() {
	local i
	for i in $(seq 0 $((NSLAVES - 1))); do
		[ "$(mac_of v$i)" = "$1" ] && echo v$i
	done
}
peers_spread() { [ "$(distinct_peer_macs)" -ge "$1" ] && peer_macs_are_slaves; }
# Each peer asks for our MAC (broadcast, then unicast to the MAC it got)
# and gets one ARP reply per request (selftests/tools/arpreplies.py): a
# broadcast taken in on more than the active slave would be answered once
# per slave. Our entries for the peers are pinned meanwhile so that no
# broadcast request of ours sets off the unsolicited replies that restore
# the peers' assignment; the tool waits out those of slave events.
arp_one_reply_each() {
	local h out rc peers=()
	for h in $(seq 1 $NPEERS); do
		ip neigh replace "$(peer_ip $h)" lladdr 02:00:00:00:00:1$h nud permanent dev b0
		peers+=("h$h:eth0:$(peer_ip $h)")
	done
	out=$(python3 "$BT_LIB_DIR/tools/arpreplies.py" $ADDR 4 "${peers[@]}" 2>&1)
	rc=$?
	for h in $(seq 1 $NPEERS); do
		ip neigh replace "$(peer_ip $h)" lladdr 02:00:00:00:00:1$h nud stale dev b0
	done
	echo "$out" >/tmp/alb.arp
	[ $rc = 0 ] || { echo "$out" | tr '\n' ' '; echo; return 1; }
}

for n in 2 4; do
	if topo_bond balance-alb $n; then
		pass alb$n-up
	else
		fail alb$n-up "no active slave"
	fi
	check alb$n-proc-mode grep -qx "Bonding Mode: adaptive load balancing" /proc/net/bonding/b0
	check alb$n-proc-active grep -qx "Currently Active Slave: $(active)" /proc/net/bonding/b0
	check_eq alb$n-active-has-bond-mac "$(mac_of b0)" "$(mac_of "$(active)")"
	for h in $(seq 1 $NPEERS); do peer_pings $h; done
	check alb$n-peers-learn-distinct-macs wait_for 8 peers_spread $n
	# we ping them too (our ARP requests must not undo the spreading)
	for h in $(seq 1 $NPEERS); do ip neigh del "$(peer_ip $h)" dev b0 2>/dev/null; done
	flood_peers 5
	check alb$n-spread-after-our-requests wait_for 8 peers_spread $n
	snap rx_packets
	flood_from_peers 300
	m=$(busy_slaves rx_packets 250)
	[ "$m" = "$n" ] && pass alb$n-rx-spread || fail alb$n-rx-spread "(only $m of $n slaves received >= 250)"
	dups=$(ip netns exec h1 ping -c 5 -i 0.2 -w 8 $ADDR 2>&1 | grep -c 'DUP!')
	check_eq alb$n-no-duplicates 0 "$dups"
	check alb$n-arp-one-reply-per-request arp_one_reply_each
	if [ -d /sys/kernel/debug/bonding/b0 ]; then
		t=$(cat /sys/kernel/debug/bonding/b0/rlb_hash_table)
		check alb$n-debugfs-header sh -c "echo '$t' | head -1 | grep -qx 'SourceIP        DestinationIP   Destination MAC   DEV'"
		rows=$(echo "$t" | grep -c '^192\.0\.2\.1 *192\.0\.2\.1[1-4] ')
		check_eq alb$n-debugfs-rows 4 "$rows"
	else
		skip alb$n-debugfs "no /sys/kernel/debug/bonding/b0"
	fi

	if [ $n = 2 ]; then
		check alb2-release-restores-mac release_all_restores
		teardown_bond
		continue
	fi
	# a non-active slave that some peer uses fails
	act=$(active)
	victim= vpeer=
	for h in $(seq 1 $NPEERS); do
		s=$(slave_with_mac "$(peer_neigh $h)")
		[ -n "$s" ] && [ "$s" != "$act" ] && { victim=$s; vpeer=$h; break; }
	done
	if [ -z "$victim" ]; then
		fail alb$n-failure "no peer on a non-active slave"
	else
		vmac=$(mac_of $victim)
		ip -n sw link set p${victim#v} down
		check alb$n-failure-repoints-peer wait_for 10 sh -c "m=\$(ip -n h$vpeer neigh show $ADDR | sed -n 's/.* lladdr \([0-9a-f:]*\).*/\1/p'); [ -n \"\$m\" ] && [ \"\$m\" != $vmac ]"
		nm=$(slave_with_mac "$(peer_neigh $vpeer)")
		[ -n "$nm" ] && [ "$nm" != "$victim" ] && pass alb$n-failure-peer-on-survivor ||
			fail alb$n-failure-peer-on-survivor "(peer h$vpeer now on '$nm')"
		check alb$n-failure-peers-reach-us all_peers_reach 15
		ip -n sw link set p${victim#v} up
		check alb$n-recovery-rebalances wait_for 15 peers_spread $n
		check alb$n-recovery-peers-reach-us all_peers_reach 15
	fi

	# the active slave fails: its MAC moves, every peer still reaches us
	act=$(active)
	bmac=$(mac_of b0)
	ip -n sw link set p${act#v} down
	check alb$n-active-failover wait_for 10 sh -c "a=\$(cat /sys/class/net/b0/bonding/active_slave); [ -n \"\$a\" ] && [ \"\$a\" != $act ]"
	check_eq alb$n-active-failover-mac-moved "$bmac" "$(mac_of "$(active)")"
	check alb$n-active-failover-macs-unique slaves_macs_unique
	check alb$n-active-failover-peers-reach-us all_peers_reach 15
	check alb$n-arp-one-reply-after-failover arp_one_reply_each
	ip -n sw link set p${act#v} up
	check alb$n-active-recovery-rebalances wait_for 15 peers_spread $n
	dups=$(ip netns exec h2 ping -c 5 -i 0.2 -w 8 $ADDR 2>&1 | grep -c 'DUP!')
	check_eq alb$n-no-duplicates-after-failover 0 "$dups"
	check alb$n-arp-one-reply-after-recovery arp_one_reply_each

	churn_under_traffic alb$n $n
	check alb$n-release-restores-mac release_all_restores
	teardown_bond
done

# ---------------------------------------------------- alb with a VLAN on top
vlan_peer_neigh() { ip -n h$1 neigh show 198.51.100.1 | sed -n 's/.* lladdr \([0-9a-f:]*\).*/\1/p'; }
vlan_spread() {
	local h
	for h in 1 2 3 4; do vlan_peer_neigh $h; done | sort -u | grep -c . |
		{ read -r c; [ "$c" -ge 3 ]; }
}
if topo_bond balance-alb 4; then
	ip link add link b0 name b0.10 type vlan id 10
	ip addr add 198.51.100.1/24 dev b0.10
	ip link set b0.10 up
	for h in 1 2 3 4; do
		ip -n h$h link add link eth0 name eth0.10 type vlan id 10
		ip -n h$h addr add 198.51.100.2$h/24 dev eth0.10
		ip -n h$h link set eth0.10 up
	done
	for h in 1 2 3 4; do
		ip netns exec h$h ping -c 2 -i 0.3 -w 6 198.51.100.1 >/dev/null
	done
	check alb-vlan-peers-learn-distinct-macs wait_for 8 vlan_spread
	ok=1
	for h in 1 2 3 4; do
		ip netns exec h$h ping -c 2 -i 0.3 -w 6 198.51.100.1 >/dev/null || ok=0
	done
	check_eq alb-vlan-peers-reach-us 1 $ok
	check alb-vlan-untagged-still-works all_peers_reach 10
	for h in 1 2 3 4; do ip -n h$h link del eth0.10; done
	ip link del b0.10
	check alb-vlan-release-restores-mac release_all_restores
else
	fail alb-vlan-up
fi
teardown_bond

# ------------------------------------------- tlb and alb with a macvlan on top
# A macvlan's frames sent on a non-active slave leave with that slave's MAC
# (the switch must learn the macvlan only on the active slave's port, the
# one receiving for it), and the active slave's learning packets carry the
# macvlan's MAC: after a change of active slave the switch finds it on the
# new port before the macvlan sends anything (upstream
# bond_macvlan_ipvlan.sh, tlb/alb macvlan->client)
MVMAC=02:00:00:00:02:01
fdb_ports() {	# the switch ports that learned MAC $1
	bridge -n sw fdb show br br0 | awk -v m="$1" 'tolower($1) == m && $3 ~ /^p/ { print $3 }' |
		sort -u | tr '\n' ' ' | sed 's/ $//'
}
fdb_port_is() { [ "$(fdb_ports "$1")" = "$2" ]; }
mv_pings_all() {
	local h
	for h in $(seq 1 $NPEERS); do
		ip netns exec mv ping -c 2 -i 0.2 -w 4 "$(peer_ip $h)" >/dev/null || return 1
	done
}
for mode in balance-tlb balance-alb; do
	m=${mode#balance-}
	if ! topo_bond $mode 4; then
		fail $m-macvlan-up "no active slave"
		teardown_bond
		continue
	fi
	ns_add mv
	ip link add link b0 name mv0 address $MVMAC type macvlan mode bridge
	ip link set mv0 netns mv
	# no neighbour traffic of its own: only our learning packets can
	# move its MAC on the switch
	ip netns exec mv sysctl -qw net.ipv6.conf.mv0.disable_ipv6=1
	for h in $(seq 1 $NPEERS); do
		ip -n mv neigh replace "$(peer_ip $h)" lladdr 02:00:00:00:00:1$h \
			nud permanent dev mv0
		ip -n h$h neigh replace 192.0.2.50 lladdr $MVMAC nud permanent dev eth0
	done
	ip -n mv addr add 192.0.2.50/24 dev mv0
	ip -n mv link set mv0 up
	check $m-macvlan-reaches-peers wait_for 10 mv_pings_all
	# enough flows that every slave carries some
	for h in $(seq 1 $NPEERS); do
		ip netns exec mv ping -q -f -c 200 -w 20 "$(peer_ip $h)" >/dev/null 2>&1 &
	done
	wait
	act=$(active)
	check_eq $m-macvlan-learned-on-active-only "p${act#v}" "$(fdb_ports $MVMAC)"
	check $m-macvlan-reaches-peers-after-flood mv_pings_all
	new=v0
	[ "$act" = v0 ] && new=v1
	echo "$new" >/sys/class/net/b0/bonding/active_slave
	check $m-macvlan-learned-on-new-active wait_for 5 fdb_port_is $MVMAC "p${new#v}"
	check $m-macvlan-reaches-peers-after-change mv_pings_all
	ip -n mv link del mv0
	ip netns del mv
	for h in $(seq 1 $NPEERS); do ip -n h$h neigh del 192.0.2.50 dev eth0; done
	teardown_bond
done

# ------------------------------------- alb refuses slaves without live MAC change
ip link add b0 type bond mode balance-alb
NSLAVES=0
if [ -d /sys/kernel/debug/bonding/b0 ]; then
	ip link set b0 name balb
	check alb-debugfs-follows-rename test -e /sys/kernel/debug/bonding/balb/rlb_hash_table
	ip link set balb name b0
else
	skip alb-debugfs-follows-rename "no /sys/kernel/debug/bonding/b0"
fi
if ip link add d0 type dummy 2>/dev/null && ip link add mv0 link d0 type macvlan 2>/dev/null; then
	e=$(ip link set mv0 master b0 2>&1)
	case "$e" in
	*"change their MAC address while up"*) pass alb-refuses-no-live-mac ;;
	*) fail alb-refuses-no-live-mac "(got '$e')" ;;
	esac
	check alb-refused-not-enslaved test ! -e /sys/class/net/mv0/master
	ip link del mv0
	ip link del d0
else
	ip link del d0 2>/dev/null
	skip alb-refuses-no-live-mac "no dummy/macvlan"
fi
ip link del b0

ns_cleanup
finish
