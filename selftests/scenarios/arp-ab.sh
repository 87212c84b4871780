#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario for differential tests: an active-backup bond with the ARP
# monitor loses its target on the active slave's path (carrier stays up),
# then gets it back. Prints who is active and each slave's state at each
# step; run with stock and with ours, the outputs must match.
. "$(dirname "$0")/../lib.sh"

B=/sys/class/net/b0/bonding
I=${ARPMON_INTERVAL:-500}
MON="arp_interval $I arp_missed_max 3"
st() { cat /sys/class/net/$1/bonding_slave/mii_status; }
fails() {
	awk -v s="Slave Interface: $1" '$0 == s { f = 1; next }
		f && /^Link Failure Count:/ { print $4; exit }' /proc/net/bonding/b0
}
show() {	# STEP: state, and v0's failures since the start
	echo "$1: active=$(cat $B/active_slave) v0=$(st v0) v1=$(st v1)" \
		"bond=$(cat $B/mii_status) v0_new_failures=$(($(fails v0) - f0))" \
		"carrier=$(cat /sys/class/net/b0/carrier)"
}
both_up() { [ "$(st v0)" = up ] && [ "$(st v1)" = up ]; }
v0_failed() { [ "$(st v0)" = down ] && [ "$(cat $B/active_slave)" = v1 ]; }
v0_back() { [ "$(st v0)" = up ] && [ "$(st v1)" = up ]; }

ns_add peer
ip netns exec peer sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
	net.ipv6.conf.default.disable_ipv6=1
ip -n peer link add br0 type bridge mcast_snooping 0
ip -n peer link set br0 up
ip -n peer addr add 192.0.2.2/24 dev br0
veth v0 p0 peer
veth v1 p1 peer
ip -n peer link set p0 master br0
ip -n peer link set p1 master br0
ip link add b0 type bond mode active-backup $MON \
	arp_ip_target 192.0.2.2 ${SCEN_ARGS:-}
sysctl -qw net.ipv6.conf.b0.disable_ipv6=1
ip link set v0 master b0
ip link set v1 master b0
ip addr add 192.0.2.1/24 dev b0
ip link set b0 up

wait_for 15 both_up
sleep 1
wait_for 15 both_up
f0=$(fails v0)
echo "start: v0=$(st v0) v1=$(st v1)"
tc -n peer qdisc add dev p0 clsact
tc -n peer filter add dev p0 egress protocol arp pref 10 matchall action drop
tc -n peer filter add dev p0 ingress protocol arp pref 10 matchall action drop
wait_for 15 v0_failed
show dropped
tc -n peer qdisc del dev p0 clsact
wait_for 15 v0_back
show restored
grep -E '^(ARP|MII Polling)' /proc/net/bonding/b0
ip link del b0
ip netns del peer
