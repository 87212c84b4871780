// SPDX-License-Identifier: GPL-2.0
/*
 * active-backup: everything leaves on the active slave; backups send
 * nothing and deliver nothing (unless all_slaves_active). Which slave is
 * active is bond_active.c's business.
 */
#include <linux/rtnetlink.h>

#include "bond.h"
#include "bond_mode.h"

netdev_tx_t bond_ab_xmit(struct bond *bond, struct sk_buff *skb)
{
	struct bond_slave *slave = rcu_dereference(bond->active);

	if (unlikely(!slave))
		return bond_xmit_drop(bond, skb);
	return bond_dev_queue_xmit(bond, skb, slave->dev);
}

static struct bond_slave *ab_xmit_slave(struct bond *bond, struct sk_buff *skb,
					bool all_slaves)
{
	return rcu_dereference(bond->active);
}

/*
 * With fail_over_mac the bond's MAC follows the active slave: a request
 * to set it succeeds and changes nothing (ifenslave relies on that).
 */
static int ab_set_mac(struct bond *bond, const u8 *addr,
		      struct netlink_ext_ack *extack)
{
	if (bond->params.fail_over_mac)
		return BOND_MAC_UNCHANGED;
	return bond_set_mac_all(bond, addr, extack);
}

static bool ab_slave_usable(struct bond *bond, struct bond_slave *slave)
{
	return slave == rtnl_dereference(bond->active) &&
	       slave->link == BOND_LINK_UP;
}

const struct bond_mode_ops bond_mode_ab = {
	.mode		= BOND_MODE_ACTIVEBACKUP,
	.name		= "active-backup",
	.proc_name	= "fault-tolerance (active-backup)",
	.lag_tx_type	= NETDEV_LAG_TX_TYPE_ACTIVEBACKUP,
	.xmit		= bond_ab_xmit,
	.xmit_slave	= ab_xmit_slave,
	.slave_usable	= ab_slave_usable,
	.set_mac	= ab_set_mac,
};
