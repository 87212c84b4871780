#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario for differential tests: exercise the configuration surfaces of
# whichever bonding module is loaded and print what is observable (values
# read back, errnos, /proc, ip -d). Run once with stock and once with ours;
# the outputs, with addresses masked, must match.
. "$(dirname "$0")/../lib.sh"

B=/sys/class/net/bond0/bonding
w() {	# FILE VALUE: write and report errno and the value read back
	printf '%-22s %-18s -> %-10s %s\n' "$1" "'$2'" \
		"$(errno_of sysfs_write "$B/$1" "$2")" "$(cat "$B/$1" 2>&1)"
}
dump() {
	local f
	for f in $(ls $B | not_ours); do
		printf '%s=[%s]\n' "$f" "$(cat $B/$f 2>&1)"
	done
}
nl() {	# ip link set ARGS: did a netlink change go through
	local out
	if out=$(ip link set bond0 type bond "$@" 2>&1); then
		echo "ip: $* -> OK"
	else
		# extack wording is ours to choose; success or not is not
		echo "ip: $* -> refused"
	fi
}
# the modes to cover (SCEN_MODES), by default all seven
MODES=${SCEN_MODES:-0 1 2 3 4 5 6}
has_mode() { [[ " $MODES " == *" $1 "* ]]; }

echo "== fresh bond, every mode"
for m in $MODES; do
	ip link add bond0 type bond mode $m || { echo "mode $m: refused"; continue; }
	echo "-- mode $m"
	dump
	ip -d link show bond0 | sed -n 3p
	cat /proc/net/bonding/bond0 | tail -n +3
	ip link del bond0
done

echo "== writes in balance-rr, down, no slaves"
ip link add bond0 type bond
for kv in "mode 7" "mode foo" "mode 1" "mode balance-rr" "mode default" \
	"miimon -1" "miimon abc" "miimon 100" "updelay 250" "downdelay 99" \
	"peer_notif_delay 300" "peer_notif_delay 300001" "miimon 50" \
	"arp_interval 200" "arp_ip_target +1.2.3.4" "arp_ip_target 1.2.3.4" \
	"arp_ip_target +0.0.0.0" "arp_ip_target +255.255.255.255" \
	"arp_ip_target +1.2.3.4" "arp_ip_target +5.6.7.8" "arp_ip_target -9.9.9.9" \
	"arp_ip_target -1.2.3.4" "arp_validate 3" "arp_validate filter_backup" \
	"arp_validate 7" "arp_all_targets all" "arp_all_targets 2" \
	"arp_missed_max 0" "arp_missed_max 255" "arp_missed_max 256" \
	"miimon 100" "xmit_hash_policy layer3+4" "xmit_hash_policy 5" \
	"xmit_hash_policy 6" "lacp_rate fast" "lacp_active off" "ad_select 1" \
	"ad_select bandwidth" "ad_select 4" "primary v0" "active_slave v0" \
	"primary_reselect better" "primary_reselect 3" "fail_over_mac 1" \
	"fail_over_mac follow" "packets_per_slave 0" "packets_per_slave 65535" \
	"packets_per_slave 65536" "min_links 3" "min_links -1" \
	"num_grat_arp 0" "num_unsol_na 255" "num_grat_arp 256" \
	"resend_igmp 0" "resend_igmp 255" "resend_igmp 256" "lp_interval 0" \
	"lp_interval 2147483647" "tlb_dynamic_lb 0" "ad_actor_sys_prio 0" \
	"ad_user_port_key 1023" "ad_actor_system 02:00:00:00:00:01" \
	"all_slaves_active 1" "all_slaves_active 2" "use_carrier 0" \
	"use_carrier 2" "queue_id v0:1" "slaves v0" "slaves +nosuch" \
	"slaves -nosuch" "mode default"; do
	w $kv
done
ip link del bond0

echo "== writes in active-backup and 802.3ad"
ip link add bond0 type bond mode active-backup
for kv in "primary nosuch" "primary" "primary_reselect failure" \
	"active_slave nosuch" "active_slave" "tlb_dynamic_lb 0" "lacp_rate 1"; do
	w $kv
done
ip link del bond0
if has_mode 4 && ip link add bond0 type bond mode 802.3ad; then
	for kv in "lacp_rate fast" "lacp_rate default" "lacp_active 0" \
		"ad_select count" "ad_actor_sys_prio 0" "ad_actor_sys_prio 1" \
		"ad_actor_sys_prio 65536" "ad_user_port_key 1024" \
		"ad_user_port_key 5" "ad_actor_system 01:00:00:00:00:01" \
		"ad_actor_system 02:00:00:00:00:02" "ad_actor_system foo" \
		"arp_interval 100" "arp_validate 1" "arp_missed_max 3" \
		"primary x" "miimon 0"; do
		w $kv
	done
	ip link set bond0 up
	for kv in "lacp_rate slow" "ad_select stable" "ad_user_port_key 1" \
		"lacp_active on" "mode 1"; do
		w $kv
	done
	ip link del bond0
fi

echo "== netlink"
ip link add bond0 type bond
nl mode 9
nl miimon 100 arp_interval 100
nl miimon 0
nl updelay 100
nl miimon 100 updelay 250
nl arp_interval 100 arp_ip_target 1.2.3.4,5.6.7.8
cat $B/arp_ip_target $B/miimon $B/arp_interval
nl arp_ip_target 0.0.0.0
nl lacp_rate fast
nl primary lo
nl ad_actor_sys_prio 5
ip link set bond0 up
nl mode 1
nl ad_select count
ip link del bond0

echo "== enslave refusals"
ip link add bond0 type bond mode active-backup miimon 100
ip link add v0 type veth peer name p0
ip link add v1 type veth peer name p1
ip link add dm0 type dummy
ip link set v1 up
for d in bond0 lo v1; do
	printf 'enslave %s: %s\n' $d "$(errno_of sysfs_write $B/slaves +$d)"
done
ip link set v1 down
echo "enslave v0: $(errno_of sysfs_write $B/slaves +v0)"
echo "enslave v0 again: $(errno_of sysfs_write $B/slaves +v0)"
ip link add bond1 type bond
echo "enslave v0 to bond1: $(errno_of sysfs_write /sys/class/net/bond1/bonding/slaves +v0)"
echo "enslave bond1: $(errno_of sysfs_write $B/slaves +bond1)"
echo "enslave bond0 into bond1: $(errno_of sysfs_write /sys/class/net/bond1/bonding/slaves +bond0)"
echo "release dm0: $(errno_of sysfs_write $B/slaves -dm0)"
echo "mode with slaves: $(errno_of sysfs_write $B/mode 0)"
echo "fail_over_mac with slaves: $(errno_of sysfs_write $B/fail_over_mac 1)"
ip link del bond1
echo "enslave v1: $(errno_of sysfs_write $B/slaves +v1)"
ip link set bond0 up
ip link set p0 up; ip link set p1 up
sleep 1
dump
ip -d link show v0 | sed -n 4p
ls /sys/class/net/v0/bonding_slave/ | not_ours
for f in $(ls -d /sys/class/net/v0/bonding_slave/* | not_ours); do
	printf '%s=[%s]\n' "$(basename $f)" "$(cat $f)"
done
cat /proc/net/bonding/bond0 | tail -n +3
w active_slave v1
w active_slave v1
w primary v0
w queue_id v1:2
w queue_id v1:17
w queue_id v0:2
w queue_id v1
w queue_id nosuch:1
ip link set p0 down
sleep 1
w active_slave v0
cat /proc/net/bonding/bond0 | tail -n +3
echo "release v0: $(errno_of sysfs_write $B/slaves -v0)"
echo "release v1: $(errno_of sysfs_write $B/slaves -v1)"
ip link del bond0
