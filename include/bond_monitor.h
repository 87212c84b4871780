/* SPDX-License-Identifier: GPL-2.0 */
/* Link monitors: MII (carrier) and, in bond_arp.c, ARP and NS. */
#ifndef _BOND_MONITOR_H
#define _BOND_MONITOR_H

#include <linux/types.h>

#include "bond_active.h"

struct bond;
struct bond_slave;
struct netlink_ext_ack;

void bond_monitor_init(struct bond *bond);
void bond_monitor_start(struct bond *bond);
void bond_monitor_stop(struct bond *bond);
void bond_monitor_restart(struct bond *bond);
void bond_monitor_sanity(struct bond *bond, struct netlink_ext_ack *extack);
void bond_slave_init_link(struct bond *bond, struct bond_slave *slave);
bool bond_slave_carrier_ok(struct bond *bond, struct bond_slave *slave);
void bond_slave_link_event(struct bond_slave *slave, unsigned long event);
/* RTNL: apply a monitor's verdict on one slave; true if its link changed */
bool bond_monitor_commit_link(struct bond *bond, struct bond_slave *slave,
			      s8 next, enum bond_change_reason why);

#endif /* _BOND_MONITOR_H */
