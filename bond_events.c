// SPDX-License-Identifier: GPL-2.0
/*
 * Failure events. This first version records nothing beyond the kernel
 * log lines the monitors already print; the generic netlink family comes
 * with the link-monitoring work.
 */
#include "bond.h"
#include "bond_events.h"

void bond_event_slave(struct bond *bond, struct bond_slave *slave,
		      enum bond_event_type type, enum bond_change_reason why)
{
}

void bond_event_failover(struct bond *bond, struct bond_slave *old,
			 struct bond_slave *new, enum bond_change_reason why)
{
}

void bond_event_detected(struct bond_slave *slave)
{
}

int bond_events_init(void)
{
	return 0;
}

void bond_events_uninit(void)
{
}
