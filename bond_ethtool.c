// SPDX-License-Identifier: GPL-2.0
/*
 * ethtool for the bond: "bonding" and our version as driver info, the
 * bond's carrier as link, and as speed the sum over the slaves that can
 * transmit (the active one in active-backup, the distributing ports in
 * 802.3ad; the slowest in broadcast, where every slave carries every
 * frame). The ethtool core calls these under RTNL.
 */
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "bond.h"
#include "bond_ethtool.h"
#include "bond_mode.h"

static void bond_get_drvinfo(struct net_device *dev,
			     struct ethtool_drvinfo *info)
{
	strscpy(info->driver, BOND_DRV_NAME, sizeof(info->driver));
	strscpy(info->version, BOND_DRV_VERSION, sizeof(info->version));
	snprintf(info->fw_version, sizeof(info->fw_version), "%d",
		 BOND_ABI_VERSION);
}

static bool bond_slave_counts_for_speed(struct bond *bond,
					struct bond_slave *slave)
{
	struct bond_usable *u;
	unsigned int i;

	if (bond->params.mode == BOND_MODE_ACTIVEBACKUP)
		return slave == rtnl_dereference(bond->active);
	if (bond->params.mode == BOND_MODE_8023AD) {
		u = rtnl_dereference(bond->usable);
		for (i = 0; u && i < u->count; i++)
			if (u->slaves[i] == slave)
				return true;
		return false;
	}
	return bond_slave_is_up(slave) && slave->link == BOND_LINK_UP;
}

static int bond_get_link_ksettings(struct net_device *dev,
				   struct ethtool_link_ksettings *ks)
{
	struct bond *bond = bond_of(dev);
	bool bcast = bond->params.mode == BOND_MODE_BROADCAST;
	struct bond_slave *slave;
	u32 speed = 0;

	ASSERT_RTNL();
	ks->base.duplex = DUPLEX_UNKNOWN;
	ks->base.port = PORT_OTHER;

	bond_for_each_slave(bond, slave) {
		if (!bond_slave_counts_for_speed(bond, slave))
			continue;
		if (slave->speed != SPEED_UNKNOWN) {
			if (bcast)
				speed = speed ? min(speed, slave->speed) :
						slave->speed;
			else
				speed += slave->speed;
		}
		if (ks->base.duplex == DUPLEX_UNKNOWN &&
		    slave->duplex != DUPLEX_UNKNOWN)
			ks->base.duplex = slave->duplex;
	}
	ks->base.speed = speed ?: SPEED_UNKNOWN;
	return 0;
}

const struct ethtool_ops bond_ethtool_ops = {
	.get_drvinfo		= bond_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_link_ksettings	= bond_get_link_ksettings,
};
