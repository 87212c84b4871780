// SPDX-License-Identifier: GPL-2.0
/*
 * rtnetlink: "ip link add NAME type bond", changelink and dumps.
 * All callbacks run under RTNL.
 */
#include <linux/etherdevice.h>
#include <linux/module.h>
#include <net/rtnetlink.h>

#include "bond.h"
#include "bond_netlink.h"
#include "bond_params.h"

static unsigned int bond_get_num_queues(void)
{
	return bond_defaults.tx_queues;
}

static int bond_validate(struct nlattr *tb[], struct nlattr *data[],
			 struct netlink_ext_ack *extack)
{
	if (tb[IFLA_ADDRESS]) {
		if (nla_len(tb[IFLA_ADDRESS]) != ETH_ALEN) {
			NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS],
					    "bond address must be 6 bytes");
			return -EINVAL;
		}
		if (!is_valid_ether_addr(nla_data(tb[IFLA_ADDRESS]))) {
			NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS],
					    "bond address must be a valid unicast MAC");
			return -EADDRNOTAVAIL;
		}
	}
	return 0;
}

static int bond_newlink(struct net *src_net, struct net_device *dev,
			struct nlattr *tb[], struct nlattr *data[],
			struct netlink_ext_ack *extack)
{
	int err;

	err = register_netdevice(dev);
	if (err)
		return err;
	netif_carrier_off(dev);
	return 0;
}

struct rtnl_link_ops bond_link_ops __read_mostly = {
	.kind			= "bond",
	.priv_size		= sizeof(struct bond),
	.setup			= bond_setup,
	.maxtype		= BOND_IFLA_MAX,
	.validate		= bond_validate,
	.newlink		= bond_newlink,
	.get_num_tx_queues	= bond_get_num_queues,
	.get_num_rx_queues	= bond_get_num_queues,
};

int bond_netlink_init(void)
{
	return rtnl_link_register(&bond_link_ops);
}

void bond_netlink_uninit(void)
{
	rtnl_link_unregister(&bond_link_ops);
}

MODULE_ALIAS_RTNL_LINK("bond");
