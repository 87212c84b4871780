#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Test that transmit holds the RCU read lock its slave lookups need, in
# every mode and whichever way a frame comes in: dev_queue_xmit, which
# holds only rcu_read_lock_bh(), and pktgen, which calls ndo_start_xmit
# with just BH off. On a PROVE_RCU kernel (make check-debug) a missing
# rcu_read_lock() shows as "suspicious rcu_dereference_check() usage"; on
# other kernels this is a transmit smoke test of every mode.
. "$(dirname "$0")/lib.sh"
PG=/proc/net/pktgen

pg() { echo "$2" >"$PG/$1"; }
tx() { cat "/sys/class/net/$1/statistics/tx_packets"; }

bond_load max_bonds=0
ns_add peer
pktgen=
modprobe pktgen 2>/dev/null && [ -d $PG ] && pktgen=1

for mode in balance-rr active-backup balance-xor broadcast 802.3ad \
	    balance-tlb balance-alb; do
	kmsg_mark "xmit_rcu-$mode"
	ip link add b0 type bond mode $mode miimon 50
	for i in 0 1; do
		veth v$i p$i peer
		ip link set v$i master b0
	done
	ip addr add 192.0.2.1/24 dev b0
	ip link set b0 up
	wait_for 5 grep -q 1 /sys/class/net/b0/carrier
	a=$(tx b0)
	# dev_queue_xmit: ARP and ICMP to a neighbour nobody answers for
	ping -c 3 -i 0.2 -W 1 192.0.2.2 >/dev/null 2>&1
	if [ -n "$pktgen" ]; then
		pg kpktgend_0 "rem_device_all"
		pg kpktgend_0 "add_device b0"
		pg b0 "count 200"
		pg b0 "clone_skb 0"
		pg b0 "pkt_size 60"
		pg b0 "dst 192.0.2.2"
		pg b0 "dst_mac 02:00:00:00:00:99"
		echo start >$PG/pgctrl
		echo stop >$PG/pgctrl
		pg kpktgend_0 "rem_device_all"
	fi
	b=$(tx b0)
	if [ "$b" -gt "$a" ]; then
		pass "$mode-sends"
	else
		fail "$mode-sends" "(bond tx $a -> $b)"
	fi
	bad=$(kmsg_since "xmit_rcu-$mode" | grep -E "suspicious RCU|suspicious rcu_dereference" | head -1)
	check_eq "$mode-rcu-clean" "" "$bad"
	ip link del b0
	for i in 0 1; do ip link del v$i 2>/dev/null; done
done
[ -n "$pktgen" ] && rmmod pktgen
finish
