/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The contract between the core and a bonding mode. One implementation
 * per file under bond_modes/; the core knows nothing mode-specific beyond
 * these hooks. Every hook but xmit may be NULL. The mode of a bond only
 * changes while the bond is down and has no slaves, and the core calls
 * uninit (after a grace period) before init of the next mode.
 */
#ifndef _BOND_MODE_H
#define _BOND_MODE_H

#include <linux/netdevice.h>
#include <linux/if_bonding.h>

struct bond;
struct bond_slave;
struct seq_file;
struct netlink_ext_ack;

/* what the rx hook tells the core to do with a frame */
enum bond_rx_verdict {
	BOND_RX_DELIVER,	/* to the bond (unless the slave is inactive) */
	BOND_RX_CONSUMED,	/* the mode took the frame */
	BOND_RX_INACTIVE,	/* treat as received on an inactive slave */
	BOND_RX_DELIVER_ANY,	/* to the bond, even from an inactive slave */
};

struct bond_mode_ops {
	u8 mode;			/* BOND_MODE_* from if_bonding.h */
	const char *name;		/* option value, e.g. "balance-rr" */
	const char *proc_name;		/* "Bonding Mode:" text in /proc */
	u8 lag_tx_type;			/* enum netdev_lag_tx_type */

	/* RTNL: the bond switches to / away from this mode */
	int (*init)(struct bond *bond, struct netlink_ext_ack *extack);
	void (*uninit)(struct bond *bond);

	/* RTNL: bond up/down (after the core's own work on open) */
	int (*open)(struct bond *bond);
	void (*close)(struct bond *bond);

	/*
	 * Transmit, under rcu_read_lock_bh; consumes the skb. Must not be
	 * NULL: modes without a data path use bond_xmit_drop.
	 */
	netdev_tx_t (*xmit)(struct bond *bond, struct sk_buff *skb);

	/* RCU: the slave xmit would pick (ndo_get_xmit_slave), or NULL */
	struct bond_slave *(*xmit_slave)(struct bond *bond, struct sk_buff *skb,
					 bool all_slaves);

	/* RTNL: membership; slave_add may veto with an errno */
	int (*slave_add)(struct bond *bond, struct bond_slave *slave,
			 struct netlink_ext_ack *extack);
	void (*slave_del)(struct bond *bond, struct bond_slave *slave);

	/* RTNL: a slave's link state was committed (BOND_LINK_*) */
	void (*link_change)(struct bond *bond, struct bond_slave *slave,
			    int link);

	/* RTNL: the active slave changed (ab/tlb/alb) */
	void (*active_change)(struct bond *bond, struct bond_slave *old,
			      struct bond_slave *new);

	/* RTNL: the slave's speed or duplex changed */
	void (*speed_change)(struct bond *bond, struct bond_slave *slave);

	/*
	 * RTNL: set the bond's MAC; NULL means "every slave". Return 0 for
	 * the core to take the address, BOND_MAC_UNCHANGED to succeed without
	 * changing it, or an errno.
	 */
	int (*set_mac)(struct bond *bond, const u8 *addr,
		       struct netlink_ext_ack *extack);

	/* RCU, softirq: a frame arrived on a slave, before delivery */
	enum bond_rx_verdict (*rx)(struct bond *bond, struct bond_slave *slave,
				   struct sk_buff *skb);

	/* RTNL: recompute bond carrier; NULL means "any slave up" */
	bool (*carrier)(struct bond *bond);

	/* RTNL: may the slave carry traffic (for the usable array)? */
	bool (*slave_usable)(struct bond *bond, struct bond_slave *slave);

	/* RCU: /proc/net/bonding text, mode section and per slave */
	void (*show)(struct seq_file *m, struct bond *bond);
	void (*show_slave)(struct seq_file *m, struct bond_slave *slave);
};

#define BOND_MODE_COUNT		(BOND_MODE_ALB + 1)
#define BOND_MAC_UNCHANGED	1

extern const struct bond_mode_ops bond_mode_rr;
extern const struct bond_mode_ops bond_mode_ab;
extern const struct bond_mode_ops bond_mode_xor;
extern const struct bond_mode_ops bond_mode_bcast;
extern const struct bond_mode_ops bond_mode_8023ad;
extern const struct bond_mode_ops bond_mode_tlb;
extern const struct bond_mode_ops bond_mode_alb;

/*
 * The transmit functions the core calls through INDIRECT_CALL (direct
 * calls, no retpoline, for the common modes).
 */
netdev_tx_t bond_rr_xmit(struct bond *bond, struct sk_buff *skb);
netdev_tx_t bond_ab_xmit(struct bond *bond, struct sk_buff *skb);
netdev_tx_t bond_xor_xmit(struct bond *bond, struct sk_buff *skb);
netdev_tx_t bond_bc_xmit(struct bond *bond, struct sk_buff *skb);
struct bond_slave *bond_xor_xmit_slave(struct bond *bond, struct sk_buff *skb,
				       bool all_slaves);

const struct bond_mode_ops *bond_mode_get(unsigned int mode);
netdev_tx_t bond_xmit_drop(struct bond *bond, struct sk_buff *skb);
int bond_mode_not_ready(struct bond *bond, struct netlink_ext_ack *extack);

#endif /* _BOND_MODE_H */
