// SPDX-License-Identifier: GPL-2.0
/*
 * balance-xor: the slave is chosen by xmit_hash_policy over the array of
 * usable slaves, so a flow stays on one slave while membership holds.
 */
#include "bond.h"
#include "bond_hash.h"
#include "bond_mode.h"

static struct bond_slave *xor_pick(struct bond *bond, struct sk_buff *skb)
{
	struct bond_usable *u = rcu_dereference(bond->usable);

	if (unlikely(!u || !u->count))
		return NULL;
	return u->slaves[bond_xmit_hash(bond, skb) % u->count];
}

netdev_tx_t bond_xor_xmit(struct bond *bond, struct sk_buff *skb)
{
	struct bond_slave *slave = xor_pick(bond, skb);

	if (unlikely(!slave))
		return bond_xmit_drop(bond, skb);
	return bond_dev_queue_xmit(bond, skb, slave->dev);
}

/*
 * ndo_get_xmit_slave for balance-xor and 802.3ad. @all_slaves (RDMA's
 * "hash over all ports") hashes over every slave in list order, whatever
 * its state, so the answer for a flow does not move while a port is
 * down; otherwise the slave the flow really takes. RCU.
 */
struct bond_slave *bond_xor_xmit_slave(struct bond *bond, struct sk_buff *skb,
				       bool all_slaves)
{
	struct bond_slave *slave;
	unsigned int n = 0;
	u32 idx;

	if (!all_slaves)
		return xor_pick(bond, skb);
	bond_for_each_slave_rcu(bond, slave)
		n++;
	if (!n)
		return NULL;
	idx = bond_xmit_hash(bond, skb) % n;
	bond_for_each_slave_rcu(bond, slave)
		if (!idx--)
			return slave;
	return NULL;	/* the list shrank under us */
}

const struct bond_mode_ops bond_mode_xor = {
	.mode		= BOND_MODE_XOR,
	.name		= "balance-xor",
	.proc_name	= "load balancing (xor)",
	.lag_tx_type	= NETDEV_LAG_TX_TYPE_HASH,
	.xmit		= bond_xor_xmit,
	.xmit_slave	= bond_xor_xmit_slave,
};
