// SPDX-License-Identifier: GPL-2.0
/*
 * netpoll (netconsole) over the bond. When netpoll is set up on the bond,
 * every slave gets a netpoll of its own, and frames the bond sends while
 * netpoll transmits go out through the slave's netpoll. While the active
 * slave changes, netpoll transmit is held off (ndo_start_xmit answers
 * busy, and netpoll retries).
 *
 * Locking: setup, cleanup, enable and disable run under RTNL; send runs
 * with interrupts off from netpoll.
 */
#include <linux/netpoll.h>
#include <linux/rtnetlink.h>

#include "bond.h"
#include "bond_netpoll.h"

static atomic_t bond_netpoll_block_cnt = ATOMIC_INIT(0);

static int bond_netpoll_slave_setup(struct bond_slave *slave)
{
	struct netpoll *np;
	int err;

	np = kzalloc(sizeof(*np), GFP_KERNEL);
	if (!np)
		return -ENOMEM;
	err = __netpoll_setup(np, slave->dev);
	if (err) {
		kfree(np);
		return err;
	}
	slave->np = np;
	return 0;
}

/* A slave joins a bond that already has netpoll. RTNL. */
int bond_netpoll_slave_enable(struct bond *bond, struct bond_slave *slave)
{
	ASSERT_RTNL();
	if (!bond->dev->npinfo)
		return 0;
	return bond_netpoll_slave_setup(slave);
}

void bond_netpoll_slave_disable(struct bond_slave *slave)
{
	struct netpoll *np = slave->np;

	if (!np)
		return;
	slave->np = NULL;
	__netpoll_free(np);
}

netdev_tx_t bond_netpoll_send_skb(struct bond *bond, struct sk_buff *skb,
				  struct net_device *slave_dev)
{
	struct bond_slave *slave = bond_slave_of_rcu(slave_dev);
	struct netpoll *np = slave ? READ_ONCE(slave->np) : NULL;

	if (unlikely(!np)) {
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	return netpoll_send_skb(np, skb);
}

int bond_ndo_netpoll_setup(struct net_device *dev, struct netpoll_info *ni)
{
	struct bond *bond = bond_of(dev);
	struct bond_slave *slave;
	int err = 0;

	/* the core sets the bond's npinfo only after this returns */
	bond_for_each_slave(bond, slave) {
		err = bond_netpoll_slave_setup(slave);
		if (err) {
			bond_ndo_netpoll_cleanup(dev);
			break;
		}
	}
	return err;
}

void bond_ndo_netpoll_cleanup(struct net_device *dev)
{
	struct bond *bond = bond_of(dev);
	struct bond_slave *slave;

	bond_for_each_slave(bond, slave)
		bond_netpoll_slave_disable(slave);
}

void bond_ndo_poll_controller(struct net_device *dev)
{
	struct bond *bond = bond_of(dev);
	struct bond_slave *slave;

	rcu_read_lock();
	bond_for_each_slave_rcu(bond, slave)
		if (READ_ONCE(slave->np) && bond_slave_can_tx(slave))
			netpoll_poll_dev(slave->dev);
	rcu_read_unlock();
}

/* Hold netpoll transmit off while the active slave changes. RTNL. */
void bond_netpoll_block(struct bond *bond, bool block)
{
	if (!bond->dev->npinfo)
		return;
	if (block)
		atomic_inc(&bond_netpoll_block_cnt);
	else
		atomic_dec(&bond_netpoll_block_cnt);
}

bool bond_netpoll_blocked(struct bond *bond)
{
	return netpoll_tx_running(bond->dev) &&
	       atomic_read(&bond_netpoll_block_cnt);
}
