/* SPDX-License-Identifier: GPL-2.0 */
/* Enslave, release and the slaves' netdev events. */
#ifndef _BOND_SLAVE_H
#define _BOND_SLAVE_H

struct bond;
struct bond_slave;
struct net_device;
struct netlink_ext_ack;

int bond_enslave(struct bond *bond, struct net_device *slave_dev,
		 struct netlink_ext_ack *extack);
int bond_release(struct bond *bond, struct net_device *slave_dev,
		 struct netlink_ext_ack *extack);
void bond_release_all(struct bond *bond);
struct bond_slave *bond_slave_by_dev(struct bond *bond,
				     const struct net_device *dev);
struct bond_slave *bond_slave_by_name(struct bond *bond, const char *name);
struct bond_slave *bond_slave_of(const struct net_device *dev);
void bond_slave_update_speed(struct bond_slave *slave);
int bond_slave_notifier_init(void);
void bond_slave_notifier_uninit(void);

#endif /* _BOND_SLAVE_H */
