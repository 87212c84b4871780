#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Test the bond net_device itself: "ip link add/del type bond", the flags
# and features that make the stack treat it as a bond (master, Ethernet,
# no queue, lockless TX, cannot change namespace), carrier off at start,
# queue counts from tx_queues, and module autoload by link kind.
. "$(dirname "$0")/lib.sh"

# "ip link add ... type bond" loads the module by its rtnl alias
check autoload ip link add b0 type bond
check autoload-is-ours module_is_ours
check kind sh -c "ip -d -j link show b0 | grep -q '\"info_kind\":\"bond\"'"
check master-flag sh -c "ip link show b0 | grep -q MASTER"
check_eq link-type ether "$(ip -j link show b0 | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["link_type"])')"
check_eq type-number 1 "$(cat /sys/class/net/b0/type)"
check_eq random-mac-type 1 "$(cat /sys/class/net/b0/addr_assign_type)"
check_eq queues-tx 16 "$(ls -d /sys/class/net/b0/queues/tx-* | wc -l)"
check_eq queues-rx 16 "$(ls -d /sys/class/net/b0/queues/rx-* | wc -l)"
# feature bits before 6.12, net_device flags (not shown by ethtool) after
for f in tx-lockless netns-local; do
	if ethtool -k b0 | grep -q "^$f:"; then
		check "$f" sh -c "ethtool -k b0 | grep -q '^$f: on \[fixed\]'"
	else
		skip "$f" "not an ethtool feature on $(uname -r)"
	fi
done
check up ip link set b0 up
check noqueue sh -c "ip link show b0 | grep -q 'qdisc noqueue'"
check no-carrier sh -c "ip link show b0 | grep -q NO-CARRIER"
check_eq carrier-file 0 "$(cat /sys/class/net/b0/carrier)"
ns_add other
check_fail cannot-change-netns ip link set b0 netns other
check still-here test -d /sys/class/net/b0
check del ip link del b0
check deleted test ! -e /sys/class/net/b0

check user-mac ip link add b1 address 02:11:22:33:44:55 type bond
check_eq user-mac-kept 02:11:22:33:44:55 "$(cat /sys/class/net/b1/address)"
check_eq user-mac-type 3 "$(cat /sys/class/net/b1/addr_assign_type)"
check_fail bad-mac ip link add b2 address 01:00:5e:00:00:01 type bond
check add-in-netns ip -n other link add nb type bond
check in-netns-proc ip netns exec other test -f /proc/net/bonding/nb
bond_unload

bond_load tx_queues=4 max_bonds=0
ip link add b3 type bond
check_eq tx-queues-param 4 "$(ls -d /sys/class/net/b3/queues/tx-* | wc -l)"
bond_unload
finish
