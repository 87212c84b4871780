/* SPDX-License-Identifier: GPL-2.0 */
/* 802.3ad (LACP): what the rest of the driver asks of the engine. */
#ifndef _BOND_3AD_H
#define _BOND_3AD_H

#include <linux/types.h>
#include <linux/if_bonding.h>
#include <linux/netdevice.h>

#include "bond_mode.h"

struct bond;
struct bond_slave;
struct seq_file;
struct sk_buff;

/* churn machine states as user space sees them (/proc, netlink) */
enum bond_3ad_churn {
	BOND_3AD_CHURN_MONITOR = 0,
	BOND_3AD_CHURN_CHURNED = 1,
	BOND_3AD_CHURN_NONE = 2,
};

struct bond_3ad_slave_info {
	u16 aggregator_id;
	u8 actor_state;
	u8 partner_state;
	u8 churn_actor;		/* enum bond_3ad_churn */
	u8 churn_partner;
};

/* per-port protocol counters, BOND_3AD_STAT_* order */
struct bond_3ad_stats {
	u64 lacpdu_rx;
	u64 lacpdu_tx;
	u64 lacpdu_unknown_rx;
	u64 lacpdu_illegal_rx;
	u64 marker_rx;
	u64 marker_tx;
	u64 marker_resp_rx;
	u64 marker_resp_tx;
	u64 marker_unknown_rx;
};

int bond_3ad_get_info(struct bond *bond, struct ad_info *info);
int bond_3ad_get_slave_info(struct bond_slave *slave,
			    struct bond_3ad_slave_info *info);
void bond_3ad_system_changed(struct bond *bond);
int bond_3ad_get_stats(struct bond *bond, struct bond_slave *slave,
		       struct bond_3ad_stats *stats);

/* the mode hooks (bond_modes/8023ad.c puts them in bond_mode_8023ad) */
int bond_3ad_init(struct bond *bond, struct netlink_ext_ack *extack);
void bond_3ad_uninit(struct bond *bond);
int bond_3ad_open(struct bond *bond);
void bond_3ad_close(struct bond *bond);
int bond_3ad_slave_add(struct bond *bond, struct bond_slave *slave,
		       struct netlink_ext_ack *extack);
void bond_3ad_slave_del(struct bond *bond, struct bond_slave *slave);
void bond_3ad_link_change(struct bond *bond, struct bond_slave *slave,
			  int link);
enum bond_rx_verdict bond_3ad_rx(struct bond *bond, struct bond_slave *slave,
				 struct sk_buff *skb);
bool bond_3ad_carrier(struct bond *bond);
bool bond_3ad_slave_usable(struct bond *bond, struct bond_slave *slave);
void bond_3ad_show(struct seq_file *m, struct bond *bond);
void bond_3ad_show_slave(struct seq_file *m, struct bond_slave *slave);

#endif /* _BOND_3AD_H */
