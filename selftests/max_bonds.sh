#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Test the max_bonds module parameter (default 1, 0, 3, negative) and that
# rmmod with bonds present removes everything without a kernel complaint.
. "$(dirname "$0")/lib.sh"
M=/sys/class/net/bonding_masters

# Debian's systemd ships "options bonding max_bonds=0" in
# /lib/modprobe.d/systemd.conf; load without configuration files here.
bond_load_noconf
check_eq default-one "bond0" "$(cat $M)"
check_eq default-proc "bond0" "$(ls /proc/net/bonding)"
bond_unload

bond_load max_bonds=0
check_eq zero "" "$(cat $M)"
check zero-proc-dir test -d /proc/net/bonding
bond_unload

bond_load max_bonds=3
check_eq three "bond0 bond1 bond2" "$(cat $M)"
for b in bond0 bond1 bond2; do
	check "three-$b-is-bond" sh -c "ip -d link show $b | grep -q 'bond '"
done

# rmmod with the three bonds present (and one brought up)
ip link set bond1 up
kmsg_mark rmmod3
check rmmod-with-bonds rmmod bonding
check rmmod-no-devices sh -c '! ls /sys/class/net | grep -q "^bond"'
check rmmod-no-masters test ! -e $M
check rmmod-no-proc test ! -e /proc/net/bonding
check_eq rmmod-quiet "" "$(kmsg_since rmmod3 | grep -iE 'warn|error|bug|leak|waiting')"

bond_load_noconf max_bonds=-1
check_eq negative-resets-to-one "bond0" "$(cat $M)"
check negative-warns sh -c "dmesg | grep -q 'max_bonds (-1) not in range'"
bond_unload

# a name already taken is skipped over, as "bond%d" allocation does
ip link add bond0 type dummy
bond_load max_bonds=2
check_eq taken-name-skipped "bond1 bond2" "$(cat $M)"
bond_unload
ip link del bond0
finish
