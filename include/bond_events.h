/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Failure events: every slave state change and every change of the active
 * slave, logged and sent to subscribers (rtnetlink and our own generic
 * netlink multicast group) with what failed, why, what took over and how
 * long the switch-over took.
 */
#ifndef _BOND_EVENTS_H
#define _BOND_EVENTS_H

#include "bond_active.h"

struct bond;
struct bond_slave;

enum bond_event_type {
	BOND_EV_LINK_DOWN,
	BOND_EV_LINK_UP,
	BOND_EV_ENSLAVED,
	BOND_EV_RELEASED,
	BOND_EV_FAILOVER,
};

void bond_event_slave(struct bond *bond, struct bond_slave *slave,
		      enum bond_event_type type, enum bond_change_reason why);
void bond_event_failover(struct bond *bond, struct bond_slave *old,
			 struct bond_slave *new, enum bond_change_reason why);
/* a monitor first saw @slave fail: the start of the switch-over timing */
void bond_event_detected(struct bond_slave *slave);
int bond_events_init(void);
void bond_events_uninit(void);

#endif /* _BOND_EVENTS_H */
