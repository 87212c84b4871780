#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Differential test: the same scripts against the stock module and ours,
# addresses masked, must print the same. proc-format.sh covers the
# /proc/net/bonding grammar for active-backup, balance-xor, balance-rr and
# broadcast bonds (with primary, fail_over_mac, delays, ARP targets, a
# cable pull), the bonding_slave files and ip -d; proc-alb.sh the same for
# balance-tlb and balance-alb; fail-over-mac.sh who holds which MAC under
# fail_over_mac none, active and follow, through a failover and releases;
# features.sh what the bond offers as slaves of different features come,
# change and go.
. "$(dirname "$0")/lib.sh"

check_differential proc-format "$BT_LIB_DIR/scenarios/proc-format.sh"
check_differential proc-tlb-alb "$BT_LIB_DIR/scenarios/proc-alb.sh"
check_differential fail-over-mac "$BT_LIB_DIR/scenarios/fail-over-mac.sh"
check_differential features "$BT_LIB_DIR/scenarios/features.sh"
# and the scenario shows what it is about (two empty outputs also match)
feature_of() { # SECTION DEVICE FEATURE: its value in our output
	awk -v s="== $1" -v d="  $2 $3:" '
		index($0, "== ") == 1 { on = ($0 == s) }
		on && index($0, d) == 1 { print $NF == "[fixed]" ? $(NF-1) : $NF }
	' $DIFF_OURS | head -1
}
# (TSO and SG are "one for all": the bond keeps them while any slave has
# them, and software does the work for a slave that has not)
seen=
for step in 'no slave' v0 'v0 and v1 (tso, sg, csum off; gso limits; mtu 9000)' \
	'v0 released, v1 alone' 'v1 offloads back on while enslaved' \
	'all released'; do
	seen+="$(feature_of "balance-xor: $step" b0 tcp-segmentation-offload) "
done
check_eq features-follow-slaves "off on on off on off " "$seen"
check_eq features-user-off-stays-off off \
	"$(feature_of 'balance-xor: dummy d0 joins' b0 generic-segmentation-offload)"
check_eq features-vlan-follows-slaves "off on" \
	"$(feature_of 'balance-xor: v0 released, v1 alone' b0.10 scatter-gather) $(feature_of 'balance-xor: v1 offloads back on while enslaved' b0.10 scatter-gather)"
finish
