// SPDX-License-Identifier: GPL-2.0
/*
 * balance-rr: packets rotate over the usable slaves, packets_per_slave at
 * a time (0: a random slave per packet). The rotation counter is per CPU,
 * so transmit shares no cache line between CPUs. IGMP always leaves on
 * one slave (the first usable), so that a switch sees one member port.
 */
#include <linux/igmp.h>
#include <linux/ip.h>
#include <linux/percpu.h>
#include <linux/random.h>

#include "bond.h"
#include "bond_mode.h"

struct rr_priv {
	u32 __percpu *counter;
};

static struct rr_priv *rr_priv(struct bond *bond)
{
	return bond->mode_priv;
}

static int rr_init(struct bond *bond, struct netlink_ext_ack *extack)
{
	struct rr_priv *rr = kzalloc(sizeof(*rr), GFP_KERNEL);

	if (!rr)
		return -ENOMEM;
	rr->counter = alloc_percpu(u32);
	if (!rr->counter) {
		kfree(rr);
		return -ENOMEM;
	}
	bond->mode_priv = rr;
	return 0;
}

static void rr_uninit(struct bond *bond)
{
	struct rr_priv *rr = rr_priv(bond);

	bond->mode_priv = NULL;
	free_percpu(rr->counter);
	kfree(rr);
}

static bool rr_is_igmp(struct sk_buff *skb)
{
	const struct iphdr *iph;
	struct iphdr _iph;

	if (skb->protocol != htons(ETH_P_IP))
		return false;
	iph = skb_header_pointer(skb, skb_network_offset(skb), sizeof(_iph),
				 &_iph);
	return iph && iph->protocol == IPPROTO_IGMP;
}

static u32 rr_next(struct bond *bond)
{
	u32 pps = READ_ONCE(bond->params.packets_per_slave);
	u32 n;

	if (unlikely(!pps))
		return get_random_u32();
	n = this_cpu_inc_return(*rr_priv(bond)->counter) - 1;
	return pps == 1 ? n : n / pps;
}

/* RCU: the slave for the next packet (IGMP: always the first) */
static struct bond_slave *rr_pick(struct bond *bond, struct sk_buff *skb)
{
	struct bond_usable *u = rcu_dereference(bond->usable);
	unsigned int idx;

	if (unlikely(!u || !u->count))
		return NULL;
	idx = unlikely(rr_is_igmp(skb)) ? 0 : rr_next(bond) % u->count;
	return u->slaves[idx];
}

netdev_tx_t bond_rr_xmit(struct bond *bond, struct sk_buff *skb)
{
	struct bond_slave *slave = rr_pick(bond, skb);

	if (unlikely(!slave))
		return bond_xmit_drop(bond, skb);
	return bond_dev_queue_xmit(bond, skb, slave->dev);
}

/* ndo_get_xmit_slave: a query takes a turn in the rotation, as a packet */
static struct bond_slave *rr_xmit_slave(struct bond *bond, struct sk_buff *skb,
					bool all_slaves)
{
	return rr_pick(bond, skb);
}

const struct bond_mode_ops bond_mode_rr = {
	.mode		= BOND_MODE_ROUNDROBIN,
	.name		= "balance-rr",
	.proc_name	= "load balancing (round-robin)",
	.lag_tx_type	= NETDEV_LAG_TX_TYPE_ROUNDROBIN,
	.init		= rr_init,
	.uninit		= rr_uninit,
	.xmit		= bond_rr_xmit,
	.xmit_slave	= rr_xmit_slave,
};
