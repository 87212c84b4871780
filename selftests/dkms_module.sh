#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Test that the module DKMS built on the host (host/dkms.sh) loads in the
# guest and creates a bond.
. "$(dirname "$0")/lib.sh"

ko=${BT_CACHE:-/nonexistent}/build/$BT_KVER/dkms/bonding.ko
if [ ! -f "$ko" ]; then
	skip load "no DKMS-built module (host/dkms.sh did not run)"
	finish
fi
check insmod insmod "$ko" max_bonds=1
check_eq srcversion "$BT_SRCVERSION" "$(cat /sys/module/bonding/srcversion)"
check bond0 test -d /sys/class/net/bond0
check rmmod rmmod bonding
finish
