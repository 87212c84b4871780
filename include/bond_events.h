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

/*
 * All of these run in process context under RTNL, except
 * bond_event_detected() and bond_event_cleared(), which the monitor owning
 * the slave's link state calls from its inspection (RCU, no RTNL).
 */

/* enslave, release (BOND_EV_ENSLAVED, BOND_EV_RELEASED) */
void bond_event_slave(struct bond *bond, struct bond_slave *slave,
		      enum bond_event_type type, enum bond_change_reason why);
/* @slave's link state went from @prev to @next (BOND_LINK_*) */
void bond_event_link(struct bond *bond, struct bond_slave *slave,
		     s8 prev, s8 next, enum bond_change_reason why);
/* the active slave changed from @old to @new (either may be NULL) */
void bond_event_failover(struct bond *bond, struct bond_slave *old,
			 struct bond_slave *new, enum bond_change_reason why);
/* flap dampening suppressed @slave (its link stays down) */
void bond_event_suppressed(struct bond *bond, struct bond_slave *slave);
/* a monitor first saw @slave fail: the start of the switch-over timing */
void bond_event_detected(struct bond_slave *slave);
/* ... and then saw it fine again before committing the failure */
void bond_event_cleared(struct bond_slave *slave);
/* "carrier", "arp", ...: enum bond_change_reason as events name it */
const char *bond_reason_name(u8 why);
int bond_events_init(void);
void bond_events_uninit(void);

#endif /* _BOND_EVENTS_H */
