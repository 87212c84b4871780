// SPDX-License-Identifier: GPL-2.0
/*
 * 802.3ad (LACP). Not implemented yet: the mode refuses itself, and these
 * report that there is no aggregator.
 */
#include "bond.h"
#include "bond_3ad.h"

int bond_3ad_get_info(struct bond *bond, struct ad_info *info)
{
	return -ENODEV;
}

int bond_3ad_get_slave_info(struct bond_slave *slave,
			    struct bond_3ad_slave_info *info)
{
	return -ENODEV;
}
