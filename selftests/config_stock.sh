#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Differential test: config-surface.sh exercises sysfs reads and writes
# (with errnos), netlink changes, enslave refusals, bonding_slave files,
# /proc and ip -d for a bond in each mode, with the stock module and with
# ours; with addresses masked the outputs must be identical. Modes this
# build does not implement yet are left out. Deliberate differences are
# not exercised here: our extack texts are more specific, a netlink
# request is checked whole before any of it applies, and enslaving a
# bridge is refused (as mainline does); enslave.sh tests those.
. "$(dirname "$0")/lib.sh"

bond_load max_bonds=0
modes=
for m in 0 1 2 3 4 5 6; do
	ip link add bprobe type bond mode $m 2>/dev/null && modes="$modes $m"
	ip link del bprobe 2>/dev/null
done
bond_unload
SCEN_MODES=$modes check_differential config-surface \
	"$BT_LIB_DIR/scenarios/config-surface.sh"
finish
