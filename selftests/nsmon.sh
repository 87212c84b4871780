#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The NS (IPv6) link monitor, the same way as arpmon.sh: a bond over two
# veths to a bridge in a peer namespace holding the ns_ip6_target; tc
# drops ICMPv6 at a bridge port so the target stops answering while
# carrier stays up. Covers active-backup, arp_validate, arp_all_targets,
# balance-rr, probes over a VLAN, backups joining the targets'
# solicited-node groups, and an ARP and an NS target together.
. "$(dirname "$0")/lib.sh"

B=/sys/class/net/b0/bonding
# ms; generous, for a TCG guest on a busy host (3 missed = 3.5 intervals)
I=${ARPMON_INTERVAL:-500}
MON="arp_interval $I arp_missed_max 3"
T1=2001:db8::2
T2=2001:db8::3

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
# has_group DEV MAC: DEV's multicast list holds MAC
has_group() { ip maddr show dev $1 | grep -q "link  *$2"; }

# peer_drop PORT DIR [FLOWER...]: the bridge drops ICMPv6 on PORT
peer_drop() {
	local port=$1 dir=$2
	shift 2
	tc -n peer qdisc add dev $port clsact 2>/dev/null
	tc -n peer filter add dev $port $dir protocol ipv6 pref 10 \
		flower ip_proto icmpv6 "$@" action drop
}
peer_undrop() { tc -n peer qdisc del dev $1 clsact 2>/dev/null; }

# topo MODE ARGS...: b0 (2001:db8::1) over v0, v1; peer bridge with T1, T2
topo() {
	local mode=$1
	shift
	ns_add peer
	ip -n peer link add br0 type bridge mcast_snooping 0
	ip -n peer link set br0 up
	ip -n peer addr add $T1/64 dev br0 nodad
	ip -n peer addr add $T2/64 dev br0 nodad
	ip -n peer addr add 192.0.2.2/24 dev br0
	veth v0 p0 peer && veth v1 p1 peer || return 1
	ip -n peer link set p0 master br0
	ip -n peer link set p1 master br0
	ip link add b0 type bond mode $mode "$@" || return 1
	ip link set v0 master b0 && ip link set v1 master b0 || return 1
	ip addr add 2001:db8::1/64 dev b0 nodad
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

# --- active-backup ---------------------------------------------------------
topo active-backup $MON ns_ip6_target $T1 arp_validate active
check ab-both-up wait_for 15 both_up
check ab-v0-active wait_for 5 is_active v0
check ab-stays-up stays 4 both_up
fc=$(fail_count v0)
# nothing at all towards v0: as an unvalidated backup any frame (say the
# gratuitous ARP after failover) would bring it back up
tc -n peer qdisc add dev p0 clsact
tc -n peer filter add dev p0 egress protocol all pref 5 matchall action drop
peer_drop p0 ingress
check ab-down-sysfs wait_for 15 is_st v0 down
check_eq ab-down-proc down "$(proc_st v0)"
check_eq ab-fail-count $((fc + 1)) "$(fail_count v0)"
check ab-failover wait_for 15 is_active v1
check_eq ab-carrier-kept 1 "$(carrier)"
peer_undrop p0
check ab-back-up wait_for 15 is_st v0 up
check_eq ab-back-proc up "$(proc_st v0)"
n=$(grep -c "^NS IPv6 target/s (xx::xx form): $T1\$" /proc/net/bonding/b0)
check_eq ab-proc-targets 1 "$n"
untopo

# --- backups join the targets' solicited-node groups (validation on) -------
topo active-backup $MON ns_ip6_target $T1 arp_validate none
check mc-up wait_for 15 both_up
check mc-v0-active wait_for 5 is_active v0
G=33:33:ff:00:00:02
check_fail mc-none-no-group has_group v1 $G
ip link set b0 type bond arp_validate all
check mc-validate-backup-joins has_group v1 $G
check_fail mc-validate-active-not has_group v0 $G
check mc-validate-all-stays-up stays 4 both_up
ip link set b0 type bond ns_ip6_target $T1,$T2
G2=33:33:ff:00:00:03
check mc-second-target has_group v1 $G2
echo v1 >$B/active_slave
check mc-failover-moves-group wait_for 3 has_group v0 $G
check_fail mc-new-active-leaves has_group v1 $G
ip link set b0 type bond arp_validate none
check_fail mc-validate-off-leaves has_group v0 $G
check_fail mc-validate-off-leaves-2 has_group v0 $G2
ip link set b0 type bond arp_validate all
check mc-rejoin has_group v0 $G
ip link set v0 nomaster
check_fail mc-release-leaves has_group v0 $G
untopo

# --- arp_validate: other traffic only counts without validation -------------
topo active-backup $MON ns_ip6_target $T1 arp_validate none
check validate-up wait_for 15 both_up
check validate-v0-active wait_for 5 is_active v0
ip -n peer neigh replace 192.0.2.1 lladdr "$(cat /sys/class/net/b0/address)" \
	dev br0 nud permanent
ip netns exec peer ping -q -i 0.05 -c 1200 192.0.2.1 >/dev/null 2>&1 &
pinger=$!
sleep 1
peer_drop p0 egress
check validate-none-other-traffic-keeps-up stays 3 is_st v0 up
ip link set b0 type bond arp_validate active
check validate-active-needs-na wait_for 15 is_st v0 down
kill $pinger 2>/dev/null
wait $pinger 2>/dev/null
peer_undrop p0
check validate-recovers wait_for 15 both_up
untopo

# --- arp_all_targets: any keeps up on one answering target, all does not ---
# Test that with two NS targets one answering is enough under any, and
# that all takes the slave down and fails over (arpmon.sh's section 3)
topo active-backup $MON ns_ip6_target $T1,$T2 arp_validate all \
	arp_all_targets any
check targets-up wait_for 15 both_up
check targets-v0-active wait_for 5 is_active v0
# nothing about T2 gets through p0, whichever role v0 has: our NS for T2
# (to its solicited-node group) from v0, the active's NS for it flooded
# towards v0 as a backup, and all T2 sends (its NA, its own NS)
SN2=ff02::1:ff00:3
peer_drop p0 ingress dst_ip $SN2
peer_drop p0 egress dst_ip $SN2
tc -n peer filter add dev p0 egress protocol ipv6 pref 11 \
	flower ip_proto icmpv6 src_ip $T2 action drop
check targets-any-one-answers-is-enough stays 3 is_st v0 up
check_eq targets-any-v0-still-active v0 "$(active)"
ip link set b0 type bond arp_all_targets all
check targets-all-needs-every-target wait_for 15 is_st v0 down
check targets-all-failover wait_for 15 is_active v1
# the new active's probes reach T2 through p1: v1 stays up
check targets-all-other-stays-up stays 2 is_st v1 up
peer_undrop p0
check targets-all-recovers wait_for 15 both_up
untopo

# --- balance-rr ------------------------------------------------------------
topo balance-rr $MON ns_ip6_target $T1 arp_validate active
check rr-up wait_for 15 both_up
peer_drop p0 egress
peer_drop p0 ingress
check rr-path-down wait_for 15 is_st v0 down
check rr-other-stays-up stays 1 is_st v1 up
check_eq rr-carrier-on 1 "$(carrier)"
peer_undrop p0
check rr-path-back wait_for 15 both_up
untopo

# --- NS over a VLAN on the bond --------------------------------------------
topo active-backup $MON ns_ip6_target 2001:db8:10::2 \
	arp_validate active
ip -n peer link add link br0 name br0.10 type vlan id 10
ip -n peer addr add 2001:db8:10::2/64 dev br0.10 nodad
ip -n peer link set br0.10 up
ip link add link b0 name b0.10 type vlan id 10
ip addr add 2001:db8:10::1/64 dev b0.10 nodad
ip link set b0.10 up
# the path moves to the VLAN only now: the active slave may still drop
# once (its NSes went untagged until then), so wait for a steady state
check vlan-up wait_for 20 stays 3 both_up
check vlan-stays-up stays 4 both_up
n=$(ip netns exec peer timeout 5 tcpdump -c 2 -nn -e -i p0 \
	'vlan 10 and icmp6 and ip6[40] == 135' 2>/dev/null |
	grep -c "vlan 10.*2001:db8:10::1 > ff02::1:ff00:2.*neighbor solicitation, who has 2001:db8:10::2")
check vlan-tagged-on-wire test "$n" -ge 1
ip -n peer link del br0.10
ip -n peer addr add 2001:db8:10::2/64 dev br0 nodad
check vlan-wrong-path-goes-down wait_for 15 is_st v0 down
untopo

# --- a link-local target (validated, so answers must really come back) -----
topo active-backup $MON ns_ip6_target fe80::2 arp_validate active
ip -n peer addr add fe80::2/64 dev br0 nodad
check lladdr-up wait_for 15 both_up
check lladdr-stays-up stays 4 both_up
peer_drop p0 egress
peer_drop p0 ingress
check lladdr-down wait_for 15 is_st v0 down
untopo

# --- the bond's own address still tentative ---------------------------------
# Its address has not passed DAD (the bond had no carrier, or DAD is still
# running), so the NS goes out from :: and the target answers to all-nodes
# (RFC 4861 7.2.4): that NA counts, and the slaves come up while the
# address is still tentative. Upstream's bond-lladdr-target.sh is this
# case with a link-local target. A global target shows the other half:
# with nothing but tentative addresses on the bond the route's source
# would be ::1 (from lo), which no target answers, so the NS goes from ::
# there too. DAD is made slow (15 probes, 15 s) so that "still tentative"
# means something: a newly enslaved slave may come up for an interval or
# two before anything answered, giving the bond carrier and starting DAD.
both_down() { is_st v0 down && is_st v1 down; }
carrier_on() { [ "$(carrier)" = 1 ]; }
tentative() { ip -6 addr show dev b0 to "$1" | grep -q tentative; }
dad_done() { ! tentative "$1"; }
# tentative_case NAME TARGET BOND_ADDR: the peer's br0 holds TARGET
tentative_case() {
	local name=$1 target=$2 addr=$3
	ns_add peer
	ip -n peer link add br0 type bridge mcast_snooping 0
	ip -n peer addr add "$target/64" dev br0 nodad
	ip -n peer link set br0 up
	ip link add v0 type veth peer name p0 netns peer
	ip link add v1 type veth peer name p1 netns peer
	ip link add b0 type bond mode active-backup $MON ns_ip6_target "$target" \
		arp_validate all
	sysctl -qw net.ipv6.conf.b0.dad_transmits=15
	ip addr add "$addr/64" dev b0
	ip link set b0 up
	ip link set v0 master b0
	ip link set v1 master b0
	check $name-down-first wait_for 10 both_down
	ip -n peer link set p0 master br0
	ip -n peer link set p1 master br0
	ip -n peer link set p0 up
	ip -n peer link set p1 up
	# the active slave, judged by the NA; a backup is judged by our own
	# NS coming back, which says nothing while it is from ::
	check $name-active-up wait_for 6 carrier_on
	check $name-still-tentative tentative "$addr"
	check $name-dad-done wait_for 25 dad_done "$addr"
	check $name-both-up wait_for 10 both_up
	check $name-stays-up stays 2 both_up
	untopo
}
tentative_case tentative-ll fe80::2 fe80::beef
tentative_case tentative-global $T1 2001:db8::1

# --- an ARP and an NS target: each keeps the slave up alone (any) -----------
topo active-backup $MON arp_ip_target 192.0.2.2 \
	ns_ip6_target $T1
check mixed-up wait_for 15 both_up
peer_drop p0 egress
peer_drop p0 ingress
check mixed-arp-alone-keeps-up stays 4 is_st v0 up
tc -n peer filter add dev p0 egress protocol arp pref 20 matchall action drop
tc -n peer filter add dev p0 ingress protocol arp pref 20 matchall action drop
check mixed-both-gone-down wait_for 15 is_st v0 down
peer_undrop p0
check mixed-back wait_for 15 both_up
untopo
finish
