#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario for differential tests: bonds in active-backup, balance-xor,
# balance-rr and broadcast with two slaves each and various options, and
# their /proc/net/bonding files, bonding_slave files and ip -d output.
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
	for i in 0 1; do
		for f in $(ls -d /sys/class/net/"$1-s$i"/bonding_slave/* | not_ours); do
			printf '%s %s=[%s]\n' "$1-s$i" "$(basename "$f")" "$(cat "$f")"
		done
	done
	ip -d link show "$1" | sed -n '3p' | sed 's/ tso_max_size [0-9]*//'
}

mk ab1 mode active-backup miimon 100
mk ab2 mode active-backup miimon 100 updelay 200 downdelay 100 \
	primary_reselect better fail_over_mac active \
	peer_notify_delay 300 num_grat_arp 3
ip link set ab2 type bond primary ab2-s1
mk ab3 mode active-backup arp_interval 500 arp_ip_target 192.0.2.1,192.0.2.2 \
	arp_validate all arp_missed_max 3
mk xor1 mode balance-xor miimon 50 xmit_hash_policy layer3+4
mk rr1 mode balance-rr miimon 100 packets_per_slave 3
mk bc1 mode broadcast
ip link set ab1 up; ip link set ab2 up; ip link set xor1 up
ip link set rr1 up; ip link set bc1 up
sleep 1.5
echo ab1-s1:3 >/sys/class/net/ab1/bonding/queue_id
for b in ab1 ab2 ab3 xor1 rr1 bc1; do show $b; done

echo "==== after a cable pull"
ip link set ab1-p0 down
ip link set xor1-p1 down
sleep 1.5
show ab1
show xor1
for b in ab1 ab2 ab3 xor1 rr1 bc1; do
	ip link del $b
	for i in 0 1; do ip link del "$b-s$i" 2>/dev/null; done
done
