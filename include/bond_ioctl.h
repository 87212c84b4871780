/* SPDX-License-Identifier: GPL-2.0 */
/* The SIOCBOND* ioctls (ifenslave), their old numbers, and the MII ones. */
#ifndef _BOND_IOCTL_H
#define _BOND_IOCTL_H

#include <linux/netdevice.h>

int bond_ndo_siocbond(struct net_device *dev, struct ifreq *ifr, int cmd);
int bond_ndo_siocdevprivate(struct net_device *dev, struct ifreq *ifr,
			    void __user *data, int cmd);
int bond_ndo_eth_ioctl(struct net_device *dev, struct ifreq *ifr, int cmd);

#endif /* _BOND_IOCTL_H */
