// SPDX-License-Identifier: GPL-2.0
/*
 * The SIOCBOND* ioctls that ifenslave speaks, the same under their old
 * SIOCDEVPRIVATE numbers, and the MII ioctls that report the bond's
 * carrier. Enslave, release and change-active go through the option
 * engine like every other door. The core calls these under RTNL.
 */
#include <linux/capability.h>
#include <linux/etherdevice.h>
#include <linux/if_bonding.h>
#include <linux/mii.h>
#include <linux/rtnetlink.h>
#include <linux/uaccess.h>

#include "bond.h"
#include "bond_ioctl.h"
#include "bond_options.h"

static int bond_info_query(struct bond *bond, void __user *data)
{
	struct ifbond info = {
		.bond_mode	= bond->params.mode,
		.num_slaves	= bond->slave_cnt,
		.miimon		= bond->params.miimon,
	};

	return copy_to_user(data, &info, sizeof(info)) ? -EFAULT : 0;
}

static int bond_slave_info_query(struct bond *bond, void __user *data)
{
	struct bond_slave *slave;
	struct ifslave info;
	int i = 0;

	if (copy_from_user(&info, data, sizeof(info)))
		return -EFAULT;
	bond_for_each_slave(bond, slave) {
		if (i++ != info.slave_id)
			continue;
		strscpy(info.slave_name, slave->dev->name,
			sizeof(info.slave_name));
		info.link = slave->link;
		info.state = slave->backup ? BOND_STATE_BACKUP :
					     BOND_STATE_ACTIVE;
		info.link_failure_count = slave->link_failure_count;
		return copy_to_user(data, &info, sizeof(info)) ? -EFAULT : 0;
	}
	return -ENODEV;
}

/* The bond takes the MAC of @sdev (SIOCBONDSETHWADDR). */
static int bond_take_hwaddr(struct bond *bond, struct net_device *sdev)
{
	if (sdev->addr_len != bond->dev->addr_len)
		return -EINVAL;
	dev_addr_set(bond->dev, sdev->dev_addr);
	bond->dev->addr_assign_type = NET_ADDR_STOLEN;
	call_netdevice_notifiers(NETDEV_CHANGEADDR, bond->dev);
	return 0;
}

static int bond_do_ioctl(struct net_device *dev, struct ifreq *ifr,
			 void __user *data, int cmd)
{
	struct bond *bond = bond_of(dev);
	struct net *net = dev_net(dev);
	char name[IFNAMSIZ + 1];
	struct net_device *sdev;
	int err;

	ASSERT_RTNL();
	switch (cmd) {
	case SIOCBONDINFOQUERY:
		return bond_info_query(bond, data);
	case SIOCBONDSLAVEINFOQUERY:
		return bond_slave_info_query(bond, data);
	case SIOCBONDENSLAVE:
	case SIOCBONDRELEASE:
	case SIOCBONDSETHWADDR:
	case SIOCBONDCHANGEACTIVE:
		break;
	default:
		return -EOPNOTSUPP;
	}

	if (!ns_capable(net->user_ns, CAP_NET_ADMIN))
		return -EPERM;
	strscpy(name + 1, ifr->ifr_slave, IFNAMSIZ);
	sdev = __dev_get_by_name(net, name + 1);
	if (!sdev)
		return -ENODEV;

	switch (cmd) {
	case SIOCBONDENSLAVE:
		name[0] = '+';
		return bond_opt_set_text(bond, BOND_OPT_SLAVES, name, NULL);
	case SIOCBONDRELEASE:
		name[0] = '-';
		return bond_opt_set_text(bond, BOND_OPT_SLAVES, name, NULL);
	case SIOCBONDSETHWADDR:
		return bond_take_hwaddr(bond, sdev);
	case SIOCBONDCHANGEACTIVE:
		err = bond_opt_set_text(bond, BOND_OPT_ACTIVE_SLAVE, name + 1,
					NULL);
		if (!err)
			call_netdevice_notifiers(NETDEV_CHANGEINFODATA, dev);
		return err;
	}
	return -EOPNOTSUPP;
}

int bond_ndo_siocbond(struct net_device *dev, struct ifreq *ifr, int cmd)
{
	return bond_do_ioctl(dev, ifr, ifr->ifr_data, cmd);
}

/* The pre-2.6 numbers, SIOCDEVPRIVATE + n. */
int bond_ndo_siocdevprivate(struct net_device *dev, struct ifreq *ifr,
			    void __user *data, int cmd)
{
	switch (cmd) {
	case BOND_ENSLAVE_OLD:
		cmd = SIOCBONDENSLAVE;
		break;
	case BOND_RELEASE_OLD:
		cmd = SIOCBONDRELEASE;
		break;
	case BOND_SETHWADDR_OLD:
		cmd = SIOCBONDSETHWADDR;
		break;
	case BOND_SLAVE_INFO_QUERY_OLD:
		cmd = SIOCBONDSLAVEINFOQUERY;
		break;
	case BOND_INFO_QUERY_OLD:
		cmd = SIOCBONDINFOQUERY;
		break;
	case BOND_CHANGE_ACTIVE_OLD:
		cmd = SIOCBONDCHANGEACTIVE;
		break;
	default:
		return -EOPNOTSUPP;
	}
	return bond_do_ioctl(dev, ifr, data, cmd);
}

/* MII: PHY 0, and BMSR's link bit is the bond's carrier. */
int bond_ndo_eth_ioctl(struct net_device *dev, struct ifreq *ifr, int cmd)
{
	struct mii_ioctl_data *mii = if_mii(ifr);

	switch (cmd) {
	case SIOCGMIIPHY:
		mii->phy_id = 0;
		fallthrough;
	case SIOCGMIIREG:
		if (mii->reg_num == MII_BMSR)
			mii->val_out = netif_carrier_ok(dev) ? BMSR_LSTATUS : 0;
		return 0;
	}
	return -EOPNOTSUPP;
}
