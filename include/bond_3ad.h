/* SPDX-License-Identifier: GPL-2.0 */
/* 802.3ad (LACP): what the rest of the driver asks of the engine. */
#ifndef _BOND_3AD_H
#define _BOND_3AD_H

#include <linux/types.h>
#include <linux/if_bonding.h>

struct bond;
struct bond_slave;

struct bond_3ad_slave_info {
	u16 aggregator_id;
	u8 actor_state;
	u8 partner_state;
	u8 churn_actor;		/* 0 monitoring, 1 churned, 2 none */
	u8 churn_partner;
};

int bond_3ad_get_info(struct bond *bond, struct ad_info *info);
int bond_3ad_get_slave_info(struct bond_slave *slave,
			    struct bond_3ad_slave_info *info);

#endif /* _BOND_3AD_H */
