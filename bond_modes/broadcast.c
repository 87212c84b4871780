// SPDX-License-Identifier: GPL-2.0
/* broadcast: a copy of every packet on every usable slave. */
#include "bond.h"
#include "bond_mode.h"

netdev_tx_t bond_bc_xmit(struct bond *bond, struct sk_buff *skb)
{
	struct bond_usable *u = rcu_dereference(bond->usable);
	struct sk_buff *copy;
	unsigned int i;

	if (unlikely(!u || !u->count))
		return bond_xmit_drop(bond, skb);
	for (i = 0; i + 1 < u->count; i++) {
		copy = skb_clone(skb, GFP_ATOMIC);
		if (unlikely(!copy)) {
			dev_core_stats_tx_dropped_inc(bond->dev);
			continue;
		}
		bond_dev_queue_xmit(bond, copy, u->slaves[i]->dev);
	}
	return bond_dev_queue_xmit(bond, skb, u->slaves[i]->dev);
}

const struct bond_mode_ops bond_mode_bcast = {
	.mode		= BOND_MODE_BROADCAST,
	.name		= "broadcast",
	.proc_name	= "fault-tolerance (broadcast)",
	.lag_tx_type	= NETDEV_LAG_TX_TYPE_BROADCAST,
	.xmit		= bond_bc_xmit,
};
