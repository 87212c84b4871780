/* SPDX-License-Identifier: GPL-2.0 */
/* sysfs: bonding_masters, the bond's bonding/ and the slaves' bonding_slave/. */
#ifndef _BOND_SYSFS_H
#define _BOND_SYSFS_H

struct attribute_group;
struct bond_net;
struct bond_slave;
struct net_device;

int bond_sysfs_net_init(struct bond_net *bn);
void bond_sysfs_net_uninit(struct bond_net *bn);
void bond_sysfs_setup(struct net_device *dev);
const struct attribute_group *bond_sysfs_group(void);

void bond_sysfs_slave_init(struct bond_slave *slave);
int bond_sysfs_slave_add(struct bond_slave *slave);
void bond_sysfs_slave_del(struct bond_slave *slave);
void bond_sysfs_slave_put(struct bond_slave *slave);

#endif /* _BOND_SYSFS_H */
