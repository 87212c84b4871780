#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Differential test: the same scripts against the stock module and ours,
# addresses masked, must print the same. proc-format.sh covers the
# /proc/net/bonding grammar for active-backup, balance-xor, balance-rr and
# broadcast bonds (with primary, fail_over_mac, delays, ARP targets, a
# cable pull), the bonding_slave files and ip -d; proc-alb.sh the same for
# balance-tlb and balance-alb; fail-over-mac.sh who holds which MAC under
# fail_over_mac none, active and follow, through a failover and releases.
. "$(dirname "$0")/lib.sh"

check_differential proc-format "$BT_LIB_DIR/scenarios/proc-format.sh"
check_differential proc-tlb-alb "$BT_LIB_DIR/scenarios/proc-alb.sh"
check_differential fail-over-mac "$BT_LIB_DIR/scenarios/fail-over-mac.sh"
finish
