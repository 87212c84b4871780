#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario for differential tests: balance-tlb and balance-alb bonds with
# two slaves each (a primary, tlb_dynamic_lb=0, a cable pull), their
# /proc/net/bonding files, bonding_slave files and ip -d output.
. "$(dirname "$0")/../lib.sh"

mk() {	# NAME ARGS...: a bond with two veth slaves whose peers are up
	local b=$1
	shift
	ip link add "$b" type bond "$@" || return 1
	for i in 0 1; do
		ip link add "$b-s$i" type veth peer name "$b-p$i"
		ip link set "$b-p$i" up
		ip link set "$b-s$i" master "$b"
	done
}
show() {
	echo "==== $1"
	cat "/proc/net/bonding/$1"
	grep -H . /sys/class/net/"$1"-s[01]/bonding_slave/* | not_ours
	ip -d link show "$1" | sed -n '3p' | sed 's/ tso_max_size [0-9]*//'
	cd /sys/class/net/$1/bonding &&
		grep -H . mode active_slave primary tlb_dynamic_lb lp_interval \
			miimon xmit_hash_policy
	cd / || return
}

bonds="tlb1 tlb2 tlb3 alb1 alb2"
mk tlb1 mode balance-tlb
mk tlb2 mode balance-tlb miimon 200 updelay 400 lp_interval 3
ip link set tlb2 type bond primary tlb2-s1
mk tlb3 mode balance-tlb tlb_dynamic_lb 0 xmit_hash_policy layer3+4
mk alb1 mode balance-alb
mk alb2 mode balance-alb primary_reselect failure
ip link set alb2 type bond primary alb2-s1
for b in $bonds; do ip link set $b up; done
sleep 1.5
for b in $bonds; do show $b; done

echo "==== after a cable pull"
ip link set tlb1-p0 down
ip link set alb1-p0 down
sleep 1.5
show tlb1
show alb1
for b in $bonds; do
	ip link del $b
	for i in 0 1; do ip link del "$b-s$i" 2>/dev/null; done
done
