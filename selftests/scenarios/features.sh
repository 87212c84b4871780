#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario for differential tests: what a bond offers (ethtool -k of the
# bond and of a VLAN on it, the TSO/GSO limits, the MTU) as slaves with
# different features join, change and leave, and as the user turns an
# offload off on the bond itself. Run with stock and with ours, the
# outputs must match, but for the IPsec (ESP) offload lines: stock offers
# to pass ESP offload through to an active-backup slave, we do not offer
# it (our bond has no xfrmdev_ops), so those lines are left out.
. "$(dirname "$0")/../lib.sh"

feat() { ethtool -k "$1" | sed 1d | grep -v esp; }
limits() {
	ip -d link show "$1" | grep -oE '(gso|tso)_max_(size|segs) [0-9]+' |
		tr '\n' ' '
	echo "mtu $(cat /sys/class/net/$1/mtu)"
}
show() {
	echo "== $1"
	feat b0 | sed 's/^/  b0 /'
	[ -e /sys/class/net/b0.10 ] && feat b0.10 | sed 's/^/  b0.10 /'
	echo "  b0 $(limits b0)"
}

modprobe dummy numdummies=0
peer_bridge
ip link add d0 type dummy
for mode in active-backup balance-xor; do
	ip link add b0 type bond mode $mode miimon 100
	ip link add link b0 name b0.10 type vlan id 10
	show "$mode: no slave"
	ip link set v0 master b0
	show "$mode: v0"
	ethtool -K v1 tso off sg off tx-checksumming off >/dev/null 2>&1
	ip link set v1 gso_max_size 32768 gso_max_segs 100
	ip link set v1 mtu 9000
	ip link set v1 master b0
	show "$mode: v0 and v1 (tso, sg, csum off; gso limits; mtu 9000)"
	echo "  v1 mtu $(cat /sys/class/net/v1/mtu)"
	ethtool -K v0 gro off rx-vlan-offload off tx-vlan-offload off \
		>/dev/null 2>&1
	show "$mode: v0 changed while enslaved (gro, vlan offloads off)"
	ip link set v0 nomaster
	show "$mode: v0 released, v1 alone"
	ethtool -K v1 tso on sg on tx-checksumming on >/dev/null 2>&1
	show "$mode: v1 offloads back on while enslaved"
	ip link set v0 master b0
	ip link set v1 nomaster
	show "$mode: v0 back, v1 released"
	ethtool -K b0 tso off gso off >/dev/null 2>&1
	ip link set v1 master b0
	show "$mode: user turned tso and gso off on b0, v1 back"
	ip link set d0 master b0
	show "$mode: dummy d0 joins"
	ethtool -K b0 tso on gso on >/dev/null 2>&1
	show "$mode: user turned tso and gso back on"
	ip link set v0 nomaster
	ip link set v1 nomaster
	ip link set d0 nomaster
	show "$mode: all released"
	ip link del b0
	ethtool -K v0 gro on rx-vlan-offload on tx-vlan-offload on \
		>/dev/null 2>&1
	ip link set v1 mtu 1500
	ip link set v1 gso_max_size 65536 gso_max_segs 65535
done
ip link del d0
peer_teardown
