#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The ARP link monitor: a bond over two veths to a bridge in a peer
# namespace that holds the targets. The far end stops answering (tc drops
# ARP at a bridge port) while carrier stays up; the monitor must notice,
# fail over, and bring the slave back when answers return. Covers
# active-backup, arp_validate, arp_all_targets, balance-rr/xor, probes
# over a VLAN on the bond, option changes while running, rmmod with the
# monitor on, and the same scenario against the stock driver.
. "$(dirname "$0")/lib.sh"

B=/sys/class/net/b0/bonding
# ms; generous, for a TCG guest on a busy host (3 missed = 3.5 intervals)
I=${ARPMON_INTERVAL:-500}
MON="arp_interval $I arp_missed_max 3"
T1=192.0.2.2
T2=192.0.2.3

slave_st() { cat /sys/class/net/$1/bonding_slave/mii_status 2>/dev/null; }
proc_st() {
	awk -v s="Slave Interface: $1" '$0 == s { f = 1; next }
		f && /^MII Status:/ { print $3; exit }' /proc/net/bonding/b0
}
fail_count() {
	awk -v s="Slave Interface: $1" '$0 == s { f = 1; next }
		f && /^Link Failure Count:/ { print $4; exit }' /proc/net/bonding/b0
}
active() { cat $B/active_slave; }
is_st() { [ "$(slave_st $1)" = "$2" ]; }
is_active() { [ "$(active)" = "$1" ]; }
both_up() { is_st v0 up && is_st v1 up; }
carrier() { cat /sys/class/net/b0/carrier; }


# peer_drop PORT DIR [FLOWER...]: the bridge drops ARP on PORT (DIR ingress
# is from the bond, egress towards it); all of it, or what FLOWER matches
peer_drop() {
	local port=$1 dir=$2
	shift 2
	tc -n peer qdisc add dev $port clsact 2>/dev/null
	if [ $# -eq 0 ]; then
		tc -n peer filter add dev $port $dir protocol arp pref 10 \
			matchall action drop
	else
		tc -n peer filter add dev $port $dir protocol arp pref 10 \
			flower "$@" action drop
	fi
}
peer_undrop() { tc -n peer qdisc del dev $1 clsact 2>/dev/null; }

# topo MODE ARGS...: b0 (192.0.2.1) over v0, v1; peer bridge br0 with T1, T2
topo() {
	local mode=$1
	shift
	ns_add peer
	ip netns exec peer sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
	ip -n peer link add br0 type bridge mcast_snooping 0
	ip -n peer link set br0 up
	ip -n peer addr add $T1/24 dev br0
	ip -n peer addr add $T2/24 dev br0
	veth v0 p0 peer && veth v1 p1 peer || return 1
	ip -n peer link set p0 master br0
	ip -n peer link set p1 master br0
	ip link add b0 type bond mode $mode "$@" || return 1
	sysctl -qw net.ipv6.conf.b0.disable_ipv6=1
	ip link set v0 master b0 && ip link set v1 master b0 || return 1
	ip addr add 192.0.2.1/24 dev b0
	ip link set b0 up
}
untopo() {
	ip link del b0 2>/dev/null
	ip link del v0 2>/dev/null
	ip link del v1 2>/dev/null
	ns_cleanup
}

bond_load max_bonds=0

# --- 1. active-backup, one target -----------------------------------------
topo active-backup $MON arp_ip_target $T1
check ab-both-up wait_for 15 both_up
check ab-v0-active wait_for 5 is_active v0
check_eq ab-carrier 1 "$(carrier)"
check ab-stays-up stays 4 both_up
fc=$(fail_count v0)
# both ways: as a backup it would hear the new active's broadcasts
peer_drop p0 egress
peer_drop p0 ingress
check ab-down-sysfs wait_for 15 is_st v0 down
check_eq ab-down-proc down "$(proc_st v0)"
check_eq ab-fail-count $((fc + 1)) "$(fail_count v0)"
check ab-failover wait_for 15 is_active v1
check_eq ab-carrier-kept 1 "$(carrier)"
kmsg_mark arp-ab-down
peer_undrop p0
check ab-back-up wait_for 15 is_st v0 up
check_eq ab-back-proc up "$(proc_st v0)"
check ab-v1-still-active stays 1 is_active v1

# options while running: arp_interval off and on again, miimon takes over
ip link set b0 type bond arp_interval 0
check ab-interval-0 stays 1 both_up
ip link set b0 type bond $MON
check ab-interval-back stays 4 both_up
peer_drop p1 egress
peer_drop p1 ingress
check ab-interval-back-monitors wait_for 15 is_st v1 down
check ab-interval-back-failover wait_for 15 is_active v0
peer_undrop p1
check ab-interval-back-recovers wait_for 15 both_up
echo 100 >$B/miimon
check_eq ab-miimon-turns-arp-off 0 "$(cat $B/arp_interval)"
echo $I >$B/arp_interval
check_eq ab-arp-turns-miimon-off 0 "$(cat $B/miimon)"
check ab-arp-again stays 1 both_up
untopo

# --- 2. arp_validate: other traffic counts only without validation ----------
topo active-backup $MON arp_ip_target $T1 \
	arp_validate none
check validate-up wait_for 15 both_up
check validate-v0-active wait_for 5 is_active v0
ip -n peer neigh replace 192.0.2.1 lladdr "$(cat /sys/class/net/b0/address)" \
	dev br0 nud permanent
# the peer keeps sending v0 unicast pings; then replies to v0 are lost
ip netns exec peer ping -q -i 0.05 -c 1200 192.0.2.1 >/dev/null 2>&1 &
pinger=$!
sleep 1
peer_drop p0 egress
check validate-none-other-traffic-keeps-up stays 3 is_st v0 up
ip link set b0 type bond arp_validate active
check validate-active-needs-replies wait_for 15 is_st v0 down
check validate-active-failover wait_for 15 is_active v1
kill $pinger 2>/dev/null
wait $pinger 2>/dev/null
peer_undrop p0
check validate-active-recovers wait_for 15 both_up
for v in backup all filter filter_active filter_backup; do
	ip link set b0 type bond arp_validate $v
	check "validate-$v-stays-up" stays 1 both_up
done
untopo

# --- 3. arp_all_targets ---------------------------------------------------
topo active-backup $MON \
	arp_ip_target $T1,$T2 arp_validate all arp_all_targets any
check targets-up wait_for 15 both_up
check targets-v0-active wait_for 5 is_active v0
# nothing about T2 gets through p0, whichever role v0 has
peer_drop p0 ingress arp_tip $T2
peer_drop p0 egress arp_tip $T2
tc -n peer filter add dev p0 egress protocol arp pref 11 flower arp_sip $T2 \
	action drop
check targets-any-one-answers-is-enough stays 3 is_st v0 up
check_eq targets-any-v0-still-active v0 "$(active)"
ip link set b0 type bond arp_all_targets all
check targets-all-needs-every-target wait_for 15 is_st v0 down
check targets-all-failover wait_for 15 is_active v1
peer_undrop p0
check targets-all-recovers wait_for 15 both_up
untopo

# --- 4. load balancing modes ----------------------------------------------
for mode in balance-rr balance-xor broadcast; do
	topo $mode $MON arp_ip_target $T1
	check $mode-up wait_for 15 both_up
	check $mode-stays-up stays 4 both_up
	peer_drop p0 egress
	peer_drop p0 ingress
	check $mode-path-down wait_for 15 is_st v0 down
	check $mode-other-stays-up stays 1 is_st v1 up
	check_eq $mode-carrier-on 1 "$(carrier)"
	peer_undrop p0
	check $mode-path-back wait_for 15 both_up
	untopo
done

# --- 5. probes carry the tag of a VLAN on the bond -------------------------
topo active-backup $MON arp_ip_target 198.51.100.2 \
	arp_validate active
ip -n peer link add link br0 name br0.10 type vlan id 10
ip -n peer addr add 198.51.100.2/24 dev br0.10
ip -n peer link set br0.10 up
ip link add link b0 name b0.10 type vlan id 10
ip addr add 198.51.100.1/24 dev b0.10
ip link set b0.10 up
check vlan-up wait_for 15 both_up
check vlan-stays-up stays 4 both_up
n=$(ip netns exec peer timeout 5 tcpdump -c 2 -nn -e -i p0 'vlan 10 and arp' \
	2>/dev/null | grep -c "vlan 10.*Request who-has 198.51.100.2 tell 198.51.100.1")
check vlan-tagged-on-wire test "$n" -ge 1
# the target moves to the untagged bridge: tagged probes go unanswered
ip -n peer link del br0.10
ip -n peer addr add 198.51.100.2/24 dev br0
check vlan-wrong-path-goes-down wait_for 15 is_st v0 down
# stacked: 802.1ad 20 then 802.1Q 30 (QinQ)
ip -n peer addr del 198.51.100.2/24 dev br0
ip -n peer link add link br0 name br0.20 type vlan proto 802.1ad id 20
ip -n peer link add link br0.20 name br0.20.30 type vlan id 30
ip -n peer addr add 198.51.100.2/24 dev br0.20.30
ip -n peer link set br0.20 up
ip -n peer link set br0.20.30 up
ip link del b0.10
ip link add link b0 name b0.20 type vlan proto 802.1ad id 20
ip link add link b0.20 name b0.20.30 type vlan id 30
ip addr add 198.51.100.1/24 dev b0.20.30
ip link set b0.20 up
ip link set b0.20.30 up
# the slave that was active when the path broke may still count as up for
# up to arp_missed_max intervals: wait for both up to hold longer than that
check vlan-qinq-up wait_for 20 stays 3 both_up
check vlan-qinq-stays-up stays 4 both_up
untopo

# --- 6. rmmod with the monitor running -------------------------------------
topo active-backup $MON arp_ip_target $T1
wait_for 15 both_up
check rmmod-running rmmod bonding
untopo
bond_load max_bonds=0

# --- 7. the same failover with the stock driver ----------------------------
check_differential stock-ab "$BT_LIB_DIR/scenarios/arp-ab.sh"
finish
