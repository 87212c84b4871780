#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario for differential tests: who holds which MAC in an active-backup
# bond with fail_over_mac none, active and follow, after enslaving, a
# failover, the old active back, releasing the active and the last slave.
# The MACs are printed by name (A: v0's own, B: v1's own, R: the bond's
# own before any slave, "other" for anything else), so the output needs
# no masking; run with stock and with ours, the outputs must match.
. "$(dirname "$0")/../lib.sh"

A=02:00:00:00:0a:00 B=02:00:00:00:0b:00 R=02:00:00:00:0c:00
S=/sys/class/net/b0/bonding
name() {
	case $(cat /sys/class/net/$1/address) in
	$A) echo A ;; $B) echo B ;; $R) echo R ;; *) echo other ;;
	esac
}
show() {
	echo "$1: active=$(cat $S/active_slave) b0=$(name b0) v0=$(name v0)" \
		"v1=$(name v1)"
}
is_active() { [ "$(cat $S/active_slave)" = "$1" ]; }
mii_up() { [ "$(cat /sys/class/net/$1/bonding_slave/mii_status)" = up ]; }

peer_bridge
for fom in none active follow; do
	ip link set v0 address $A
	ip link set v1 address $B
	ip link add b0 address $R type bond mode active-backup miimon 50 \
		fail_over_mac $fom
	echo "fail_over_mac $fom"
	ip link set v0 master b0
	show "  v0 enslaved"
	ip link set v1 master b0
	ip link set b0 up
	wait_for 10 mii_up v1
	show "  v1 enslaved"
	peer_pull v0
	wait_for 10 is_active v1
	show "  failover"
	peer_plug v0
	wait_for 10 mii_up v0
	show "  v0 back"
	ip link set v1 nomaster
	wait_for 10 is_active v0
	show "  active released"
	echo "  released: v1=$(name v1)"
	ip link set v0 nomaster
	echo "  last released: b0=$(name b0) v0=$(name v0)"
	ip link del b0
done
peer_teardown
