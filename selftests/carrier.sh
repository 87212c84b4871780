#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Test the bond's carrier: on exactly when at least min_links slaves (at
# least one) have link, in every mode with a data path; sysfs mii_status,
# /proc and operstate agree.
. "$(dirname "$0")/lib.sh"

carrier() { cat /sys/class/net/b0/carrier; }
agree() {	# all views say $1 (1 or 0)
	local want=$1 st=down
	[ "$want" = 1 ] && st=up
	[ "$(carrier)" = "$want" ] &&
		[ "$(cat /sys/class/net/b0/bonding/mii_status)" = "$st" ] &&
		grep -q "^MII Status: $st" /proc/net/bonding/b0
}

bond_load max_bonds=0
ns_add peer
for mode in balance-rr active-backup balance-xor broadcast; do
	ip link add b0 type bond mode $mode miimon 50 min_links 2
	for i in 0 1 2; do
		veth v$i p$i peer
		ip link set v$i master b0
	done
	ip link set b0 up
	check "$mode-three-up" wait_for 3 agree 1
	ip -n peer link set p0 down
	check "$mode-two-up" wait_for 3 agree 1
	ip -n peer link set p1 down
	check "$mode-one-up-below-min-links" wait_for 3 agree 0
	ip link set b0 type bond min_links 1
	check "$mode-min-links-lowered" wait_for 3 agree 1
	ip -n peer link set p2 down
	check "$mode-none-up" wait_for 3 agree 0
	ip -n peer link set p1 up
	check "$mode-one-back" wait_for 3 agree 1
	ip link set b0 type bond min_links 0
	check "$mode-min-links-0-means-1" wait_for 3 agree 1
	ip link del b0
	for i in 0 1 2; do ip link del v$i 2>/dev/null; done
done
finish
