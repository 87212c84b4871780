/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The active slave of active-backup, balance-tlb and balance-alb: choice
 * by primary, primary_reselect and prio, and the switch-over itself.
 */
#ifndef _BOND_ACTIVE_H
#define _BOND_ACTIVE_H

#include <linux/types.h>

struct bond;
struct bond_slave;
struct netlink_ext_ack;

enum bond_change_reason {
	BOND_REASON_NONE,
	BOND_REASON_CARRIER,		/* carrier lost (MII monitor, event) */
	BOND_REASON_ARP,		/* ARP targets unanswered */
	BOND_REASON_NS,			/* NS targets unanswered */
	BOND_REASON_ADMIN,		/* set by hand, admin down */
	BOND_REASON_REMOVED,		/* slave released or unregistered */
	BOND_REASON_RECOVERED,		/* link came back */
	BOND_REASON_PRIMARY,		/* primary or prio reselection */
	BOND_REASON_SUPPRESSED,		/* flap dampening */
};

void bond_select_active(struct bond *bond, enum bond_change_reason why);
int bond_set_active_by_hand(struct bond *bond, struct bond_slave *slave,
			    struct netlink_ext_ack *extack);
void bond_change_active(struct bond *bond, struct bond_slave *new,
			enum bond_change_reason why);
void bond_active_lost(struct bond *bond, enum bond_change_reason why);
void bond_primary_update(struct bond *bond);
void bond_set_slave_backup(struct bond_slave *slave, bool backup);
void bond_peer_notify_arm(struct bond *bond);
void bond_active_work_init(struct bond *bond);
void bond_active_work_cancel(struct bond *bond);

#endif /* _BOND_ACTIVE_H */
