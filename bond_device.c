// SPDX-License-Identifier: GPL-2.0
/*
 * The bond net_device: setup, creation, the net_device_ops and the
 * per-namespace list of bonds.
 *
 * Locking of the entry points in this file:
 *   ndo_init/ndo_uninit, ndo_open/ndo_stop   RTNL held, may sleep
 *   ndo_start_xmit                           rcu_read_lock_bh, atomic
 *   ndo_get_stats64                          RCU or RTNL, atomic
 *   bond_create()                            takes RTNL itself
 */
#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>
#include <net/rtnetlink.h>

#include "bond.h"
#include "bond_mode.h"
#include "bond_netlink.h"
#include "bond_params.h"
#include "bond_procfs.h"

static const struct bond_mode_ops *bond_modes[BOND_MODE_COUNT] = {
	[BOND_MODE_ROUNDROBIN]	 = &bond_mode_rr,
	[BOND_MODE_ACTIVEBACKUP] = &bond_mode_ab,
	[BOND_MODE_XOR]		 = &bond_mode_xor,
	[BOND_MODE_BROADCAST]	 = &bond_mode_bcast,
	[BOND_MODE_8023AD]	 = &bond_mode_8023ad,
	[BOND_MODE_TLB]		 = &bond_mode_tlb,
	[BOND_MODE_ALB]		 = &bond_mode_alb,
};

const struct bond_mode_ops *bond_mode_get(unsigned int mode)
{
	return mode < BOND_MODE_COUNT ? bond_modes[mode] : NULL;
}

netdev_tx_t bond_xmit_drop(struct bond *bond, struct sk_buff *skb)
{
	dev_core_stats_tx_dropped_inc(bond->dev);
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

static int bond_ndo_init(struct net_device *dev)
{
	struct bond *bond = bond_of(dev);
	struct bond_net *bn = bond_net_of(dev_net(dev));

	ASSERT_RTNL();
	bond->dev = dev;
	bond->bn = bn;
	bond->ops = bond_mode_get(bond_defaults.mode);
	list_add_tail(&bond->node, &bn->bonds);
	bond_procfs_add(bond);
	return 0;
}

static void bond_ndo_uninit(struct net_device *dev)
{
	struct bond *bond = bond_of(dev);

	ASSERT_RTNL();
	bond_procfs_del(bond);
	list_del(&bond->node);
	pr_debug("bond device removed: %s\n", dev->name);
}

static int bond_ndo_open(struct net_device *dev)
{
	return 0;
}

static int bond_ndo_stop(struct net_device *dev)
{
	return 0;
}

static netdev_tx_t bond_ndo_start_xmit(struct sk_buff *skb,
				       struct net_device *dev)
{
	struct bond *bond = bond_of(dev);

	return READ_ONCE(bond->ops)->xmit(bond, skb);
}

static const struct net_device_ops bond_netdev_ops = {
	.ndo_init		= bond_ndo_init,
	.ndo_uninit		= bond_ndo_uninit,
	.ndo_open		= bond_ndo_open,
	.ndo_stop		= bond_ndo_stop,
	.ndo_start_xmit		= bond_ndo_start_xmit,
	.ndo_validate_addr	= eth_validate_addr,
};

static const struct device_type bond_device_type = {
	.name = "bond",
};

bool bond_is_ours(const struct net_device *dev)
{
	return dev->netdev_ops == &bond_netdev_ops;
}

void bond_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->netdev_ops = &bond_netdev_ops;
	dev->needs_free_netdev = true;
	SET_NETDEV_DEVTYPE(dev, &bond_device_type);

	dev->flags |= IFF_MASTER;
	dev->priv_flags |= IFF_BONDING | IFF_UNICAST_FLT | IFF_NO_QUEUE;
	dev->priv_flags &= ~(IFF_XMIT_DST_RELEASE | IFF_TX_SKB_SHARING);
	bond_compat_set_lltx(dev);
	bond_compat_set_netns_local(dev);

	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_MAX_MTU;
	eth_hw_addr_random(dev);
}

/* Create a bond with the module defaults (bonding_masters, max_bonds). */
int bond_create(struct net *net, const char *name)
{
	struct net_device *dev;
	int err;

	rtnl_lock();
	dev = alloc_netdev_mqs(sizeof(struct bond), name ? name : "bond%d",
			       NET_NAME_UNKNOWN, bond_setup,
			       bond_defaults.tx_queues,
			       bond_defaults.tx_queues);
	if (!dev) {
		rtnl_unlock();
		return -ENOMEM;
	}
	dev_net_set(dev, net);
	dev->rtnl_link_ops = &bond_link_ops;

	err = register_netdevice(dev);
	if (err) {
		free_netdev(dev);
		rtnl_unlock();
		return err;
	}
	netif_carrier_off(dev);
	rtnl_unlock();
	return 0;
}
