/* SPDX-License-Identifier: GPL-2.0 */
/* netpoll (netconsole) over the bond: every slave gets its own netpoll. */
#ifndef _BOND_NETPOLL_H
#define _BOND_NETPOLL_H

#include <linux/netdevice.h>
#include <linux/netpoll.h>

struct bond;
struct bond_slave;

#ifdef CONFIG_NET_POLL_CONTROLLER
int bond_netpoll_slave_enable(struct bond *bond, struct bond_slave *slave);
void bond_netpoll_slave_disable(struct bond_slave *slave);
netdev_tx_t bond_netpoll_send_skb(struct bond *bond, struct sk_buff *skb,
				  struct net_device *slave_dev);
int bond_ndo_netpoll_setup(struct net_device *dev, struct netpoll_info *ni);
void bond_ndo_netpoll_cleanup(struct net_device *dev);
void bond_ndo_poll_controller(struct net_device *dev);
void bond_netpoll_block(struct bond *bond, bool block);
bool bond_netpoll_blocked(struct bond *bond);
#else
static inline int bond_netpoll_slave_enable(struct bond *bond,
					    struct bond_slave *slave)
{
	return 0;
}

static inline void bond_netpoll_slave_disable(struct bond_slave *slave)
{
}

static inline netdev_tx_t bond_netpoll_send_skb(struct bond *bond,
						struct sk_buff *skb,
						struct net_device *slave_dev)
{
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

static inline void bond_netpoll_block(struct bond *bond, bool block)
{
}

static inline bool bond_netpoll_blocked(struct bond *bond)
{
	return false;
}
#endif

#endif /* _BOND_NETPOLL_H */
