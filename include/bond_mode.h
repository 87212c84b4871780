/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The contract between the core and a bonding mode. One implementation
 * per file under bond_modes/; the core knows nothing mode-specific beyond
 * these hooks.
 */
#ifndef _BOND_MODE_H
#define _BOND_MODE_H

#include <linux/netdevice.h>
#include <linux/if_bonding.h>

struct bond;
struct bond_slave;
struct seq_file;

struct bond_mode_ops {
	u8 mode;			/* BOND_MODE_* from if_bonding.h */
	const char *name;		/* option value, e.g. "balance-rr" */
	const char *proc_name;		/* "Bonding Mode:" text in /proc */

	/* Transmit, under rcu_read_lock_bh; must consume the skb. */
	netdev_tx_t (*xmit)(struct bond *bond, struct sk_buff *skb);
};

#define BOND_MODE_COUNT		(BOND_MODE_ALB + 1)

extern const struct bond_mode_ops bond_mode_rr;
extern const struct bond_mode_ops bond_mode_ab;
extern const struct bond_mode_ops bond_mode_xor;
extern const struct bond_mode_ops bond_mode_bcast;
extern const struct bond_mode_ops bond_mode_8023ad;
extern const struct bond_mode_ops bond_mode_tlb;
extern const struct bond_mode_ops bond_mode_alb;

const struct bond_mode_ops *bond_mode_get(unsigned int mode);
netdev_tx_t bond_xmit_drop(struct bond *bond, struct sk_buff *skb);

#endif /* _BOND_MODE_H */
