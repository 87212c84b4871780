#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Test /sys/class/net/bonding_masters: list, +add, -remove, and refusal
# of duplicates, bad names and unknown bonds with the stock errnos and no
# change; the same in a second network namespace, which sees only its own
# bonds; and that deleting a namespace deletes its bonds.
. "$(dirname "$0")/lib.sh"
M=/sys/class/net/bonding_masters

bond_load max_bonds=0
check_eq empty-list "" "$(cat $M)"

check add-first sysfs_write $M +bA
check add-second sysfs_write $M +bB
check_eq list "bA bB" "$(cat $M)"
check is-bond-device sh -c "ip -d link show bA | grep -q 'bond '"
check has-proc-file test -f /proc/net/bonding/bA

check_eq duplicate-errno EEXIST "$(errno_of sysfs_write $M +bA)"
check_eq duplicate-no-change "bA bB" "$(cat $M)"

ip link add dummyX type dummy
check_eq non-bond-name-errno EEXIST "$(errno_of sysfs_write $M +dummyX)"
check_eq remove-non-bond-errno ENODEV "$(errno_of sysfs_write $M -dummyX)"
check non-bond-kept test -d /sys/class/net/dummyX
ip link del dummyX

for bad in "bA" "+" "-" "+a/b" "+a:b" "+." "+.." "+abcdefghijklmnopq" "*bC" ""; do
	check_eq "bad-name-errno[$bad]" EPERM "$(errno_of sysfs_write $M "$bad")"
done
check_eq bad-names-no-change "bA bB" "$(cat $M)"
# caught by the fuzzer: a bond named like the control file collided with
# it in sysfs (a stack dump, then -EEXIST); refused up front, on both doors
check_eq reserved-name-masters EEXIST "$(errno_of sysfs_write $M +bonding_masters)"
check_fail reserved-name-netlink ip link add bonding_masters type bond
check_eq reserved-name-no-change "bA bB" "$(cat $M)"
check reserved-name-file-kept test -f $M

check_eq unknown-errno ENODEV "$(errno_of sysfs_write $M -nosuch)"
check remove sysfs_write $M -bA
check_eq after-remove "bB" "$(cat $M)"
check removed-device test ! -e /sys/class/net/bA
check removed-proc test ! -e /proc/net/bonding/bA

# 15 characters is the longest valid name
check longest-name sysfs_write $M +abcdefghijklmno
check_eq longest-listed "bB abcdefghijklmno" "$(cat $M)"
sysfs_write $M -abcdefghijklmno

# a second namespace has its own list
ns_add ns2
nsx() { ip netns exec ns2 "$@"; }
check_eq ns2-empty "" "$(nsx cat $M)"
check ns2-add nsx bash -c "echo +nb1 > $M"
ip -n ns2 link add nb2 type bond
check_eq ns2-list "nb1 nb2" "$(nsx cat $M)"
check_eq init-list-unchanged "bB" "$(cat $M)"
check_eq ns2-cannot-remove-init-bond ENODEV "$(errno_of nsx bash -c "echo -bB > $M")"
check ns2-proc nsx test -f /proc/net/bonding/nb1
check_eq ns2-duplicate EEXIST "$(errno_of nsx bash -c "echo +nb1 > $M")"
# the same name may exist in both namespaces
check same-name-other-ns nsx bash -c "echo +bB > $M"
check_eq ns2-list-2 "nb1 nb2 bB" "$(nsx cat $M)"
check ns2-remove nsx bash -c "echo -nb2 > $M"
check_eq ns2-list-3 "nb1 bB" "$(nsx cat $M)"

# Deleting the namespace deletes its bonds: each bond's removal is logged
# at debug level, which we switch on for the module.
dd=/sys/kernel/debug/dynamic_debug/control
if [ -w $dd ]; then
	echo 'module bonding +p' >$dd
	kmsg_mark nsdel
	ip netns del ns2
	T_NETNS=()
	wait_for 10 sh -c "dmesg | sed -n '/bt-mark: nsdel/,\$p' | grep -q 'bond device removed: nb1'"
	check_eq netns-delete-removes-bonds "bB nb1" \
		"$(kmsg_since nsdel | sed -n 's/.*: bond device removed: \([^ ]*\)$/\1/p' | sort | xargs)"
	echo 'module bonding -p' >$dd
else
	skip netns-delete-removes-bonds "no dynamic debug control"
	ip netns del ns2
fi
check_eq init-list-after-nsdel "bB" "$(cat $M)"
check unload bond_unload
check masters-gone test ! -e $M
finish
