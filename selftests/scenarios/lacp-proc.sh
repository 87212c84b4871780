#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Scenario for a differential test: an 802.3ad bond of two ports against
# teamd's lacp runner; once both ports are collecting and distributing on
# both sides, print /proc/net/bonding/b0, the bond's ad_* sysfs files, the
# slaves' bonding_slave files and ip -d's bond lines. Run with stock and
# with ours; with addresses masked the outputs must match.
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/lacp-common.sh"

topo 2
team_start 2 true true || { echo "teamd did not start"; exit 1; }
bond_make 2 lacp_rate fast xmit_hash_policy layer2+3
if ! wait_for 60 ours_cd 2 || ! wait_for 30 team_sel 2; then
	echo "did not converge"
fi
for s in v0 v1; do
	wait_for 10 sh -c "[ \$(cat /sys/class/net/$s/bonding_slave/ad_partner_oper_port_state) = 63 ]"
done
sleep 2
# Which aggregator wins depends on which port's first LACPDU the state
# machine sees first (stock itself gives 1 or 2 run to run), so the
# number is masked; what must hold is that both ports and the bond name
# the same one.
agg=$(cat $S/ad_aggregator)
same=yes
for s in v0 v1; do
	[ "$(ad_agg $s)" = "$agg" ] || same=no
done
echo "one-aggregator=$same"
# the partner's port numbers are teamd's ifindexes, which differ per run
tail -n +2 /proc/net/bonding/b0 |
	sed -e '/^details partner/,/port state/s/port number: .*/port number: PEER/' \
	    -e "s/Aggregator ID: $agg\$/Aggregator ID: AGG/" |
	sed -e "s/\(Aggregator ID: \)[0-9]\+$/\1OTHER/"
for f in ad_aggregator ad_num_ports ad_actor_key ad_partner_key \
	ad_partner_mac ad_actor_sys_prio ad_user_port_key ad_select \
	lacp_rate lacp_active min_links mii_status; do
	echo "$f=[$(cat $S/$f)]"
done | sed "s/^ad_aggregator=\[$agg\]/ad_aggregator=[AGG]/"
for s in v0 v1; do
	for f in state ad_aggregator_id ad_actor_oper_port_state \
		ad_partner_oper_port_state; do
		echo "$s/$f=[$(cat /sys/class/net/$s/bonding_slave/$f)]"
	done | sed "s/^\($s\/ad_aggregator_id=\)\[$agg\]/\1[AGG]/"
	ip -d link show $s | grep -o 'bond_slave.*' |
		sed "s/ ad_aggregator_id $agg / ad_aggregator_id AGG /"
done
ip -d link show b0 | grep -o 'ad_.*' | sed "s/ aggregator $agg / aggregator AGG /"
team_stop
ip link del b0
ns_cleanup
