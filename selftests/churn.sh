#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Test that slaves may leave or die while pktgen blasts through the bond,
# in every mode: released through sysfs, deleted (veth pair gone), taken
# down and lost carrier. Nothing crashes or warns (the runner checks the
# kernel log), and the bond keeps transmitting on the slaves left.
# One slave stays usable throughout: pktgen stops for good as soon as the
# bond loses carrier, which would make the transmit check meaningless.
. "$(dirname "$0")/lib.sh"
PG=/proc/net/pktgen

tx() { cat /sys/class/net/$1/statistics/tx_packets; }
pg() { echo "$2" >"$PG/$1"; }

bond_load max_bonds=0
modprobe pktgen || { skip all "no pktgen"; finish; }
ns_add peer
peer_mac=02:00:00:00:00:99

for mode in balance-rr active-backup balance-xor broadcast; do
	ip link add b0 type bond mode $mode miimon 50
	for i in 0 1 2 3; do
		veth v$i p$i peer
		ip link set v$i master b0
	done
	ip link set b0 up
	sleep 0.5
	pg kpktgend_0 "rem_device_all"
	pg kpktgend_0 "add_device b0"
	pg b0 "count 0"
	pg b0 "clone_skb 0"
	pg b0 "pkt_size 60"
	pg b0 "delay 20000"
	pg b0 "dst 192.0.2.2"
	pg b0 "dst_mac $peer_mac"
	pg b0 "flag UDPSRC_RND"
	pg b0 "udp_src_min 1000"
	pg b0 "udp_src_max 2000"
	echo start >$PG/pgctrl &
	pgpid=$!
	sleep 1

	echo -v0 >/sys/class/net/b0/bonding/slaves	# released
	sleep 0.3
	ip link del v1					# deleted
	sleep 0.3
	ip link set v2 down				# admin down
	sleep 0.3
	ip link set v2 up
	sleep 0.3
	ip -n peer link set p3 down			# lost carrier
	sleep 0.3
	ip -n peer link set p3 up
	sleep 1
	a=$(tx b0)
	sleep 1
	b=$(tx b0)
	echo stop >$PG/pgctrl
	wait $pgpid 2>/dev/null
	if [ "$b" -gt "$a" ]; then
		pass "$mode-keeps-sending"
	else
		fail "$mode-keeps-sending" "(bond tx $a -> $b)"
	fi
	check_eq "$mode-slaves-left" "v2 v3" "$(cat /sys/class/net/b0/bonding/slaves)"
	pg kpktgend_0 "rem_device_all"
	ip link del b0
	for i in 0 2 3; do ip link del v$i 2>/dev/null; done
done
rmmod pktgen
finish
