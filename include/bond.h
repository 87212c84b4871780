/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bond and its slaves: the structures every part of the driver shares.
 *
 * Locking, in short (details at the top of each file):
 *  - configuration (options, enslave/release, active slave changes) runs
 *    under RTNL;
 *  - the data path reads bond->slaves, bond->active and bond->usable under
 *    RCU (rcu_read_lock_bh on transmit, the rx_handler's RCU section on
 *    receive) and never takes a lock;
 *  - the link monitors inspect slaves under RCU and take RTNL by trylock
 *    only to commit a change.
 */
#ifndef _BOND_H
#define _BOND_H

#include <linux/netdevice.h>
#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/workqueue.h>
#include <linux/kobject.h>
#include <linux/in6.h>
#include <linux/if_bonding.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#define BOND_DRV_NAME		"bonding"
#define BOND_DRV_DESC		"Ethernet Channel Bonding Driver"
#ifndef BOND_DRV_VERSION
#define BOND_DRV_VERSION	"1.0"
#endif

#define BOND_DEFAULT_TX_QUEUES	16
#define BOND_MAX_TX_QUEUES	255
#define BOND_MAX_ARP_TARGETS	16
#define BOND_MAX_NS_TARGETS	16
#define BOND_DEFAULT_MIIMON	100	/* ms, forced in 802.3ad/tlb/alb */
#define BOND_DEFAULT_MISSED_MAX	2
#define BOND_MAX_PEER_NOTIF_DELAY 300000	/* ms */
#define BOND_FLAP_DEF_PENALTY	1000
#define BOND_FLAP_DEF_HALF_LIFE	15000	/* ms */
#define BOND_FLAP_DEF_REUSE	750
#define BOND_FLAP_DEF_MAX_SUPPRESS 60000	/* ms */
#define BOND_FLAP_MAX_MS	3600000	/* an hour */

/* xmit_hash_policy values (if_bonding.h has BOND_XMIT_POLICY_*) */
#ifndef BOND_XMIT_POLICY_VLAN_SRCMAC
#define BOND_XMIT_POLICY_VLAN_SRCMAC	5
#endif

enum bond_arp_validate {
	BOND_ARP_VALIDATE_NONE,
	BOND_ARP_VALIDATE_ACTIVE,
	BOND_ARP_VALIDATE_BACKUP,
	BOND_ARP_VALIDATE_ALL,
	BOND_ARP_FILTER,
	BOND_ARP_FILTER_ACTIVE,
	BOND_ARP_FILTER_BACKUP,
};

enum bond_fail_over_mac {
	BOND_FOM_NONE,
	BOND_FOM_ACTIVE,
	BOND_FOM_FOLLOW,
};

enum bond_primary_reselect {
	BOND_PRI_RESELECT_ALWAYS,
	BOND_PRI_RESELECT_BETTER,
	BOND_PRI_RESELECT_FAILURE,
};

enum bond_ad_select {
	BOND_AD_STABLE,
	BOND_AD_BANDWIDTH,
	BOND_AD_COUNT,
	BOND_AD_PRIO,
};

/* Everything an option can set; copied from the module defaults. */
struct bond_params {
	u8 mode;
	u8 xmit_policy;
	u8 arp_validate;
	u8 arp_all_targets;
	u8 fail_over_mac;
	u8 primary_reselect;
	u8 lacp_fast;
	u8 lacp_active;
	u8 ad_select;
	u8 use_carrier;
	u8 all_slaves_active;
	u8 tlb_dynamic_lb;
	u8 coupled_control;
	u8 broadcast_neighbor;
	u8 lacp_strict;
	u8 missed_max;
	u8 num_peer_notif;
	u32 miimon;
	u32 updelay;			/* in miimon ticks */
	u32 downdelay;			/* in miimon ticks */
	u32 peer_notif_delay;		/* in miimon ticks */
	u32 arp_interval;
	u32 resend_igmp;
	u32 min_links;
	u32 lp_interval;
	u32 packets_per_slave;
	u32 flap_penalty;		/* dampening: points per down */
	u32 flap_half_life;		/* ms */
	u32 flap_suppress;		/* points to suppress at; 0: dampening off */
	u32 flap_reuse;			/* points to release below */
	u32 flap_max_suppress;		/* ms, 0: no limit */
	u8 proc_extended;		/* health lines in /proc */
	u16 ad_actor_sys_prio;
	u16 ad_user_port_key;
	u8 ad_actor_system[ETH_ALEN];
	char primary[IFNAMSIZ];
	__be32 arp_targets[BOND_MAX_ARP_TARGETS];
	struct in6_addr ns_targets[BOND_MAX_NS_TARGETS];
};

struct bond_mode_ops;

/* Per network namespace state. */
struct bond_net {
	struct net *net;
	struct list_head bonds;		/* all bonds of this netns, RTNL */
	struct proc_dir_entry *proc_dir;
	struct class_attribute masters_attr;
};

/* One enslaved device. Freed through its kobject, after an RCU period. */
struct bond_slave {
	struct list_head list;		/* in bond->slaves: RTNL writers, RCU readers */
	struct net_device *dev;
	struct bond *bond;
	struct kobject kobj;		/* /sys/class/net/<slave>/bonding_slave */
	struct rcu_head rcu;

	/* saved at enslave, given back at release */
	u8 perm_hwaddr[MAX_ADDR_LEN];
	unsigned int orig_mtu;
	unsigned int orig_flags;	/* IFF_UP before enslave */

	/* link state: written under RTNL (or by the monitor owning it) */
	s8 link;			/* BOND_LINK_UP/FAIL/DOWN/BACK */
	s8 link_new;			/* proposed by a monitor, committed under RTNL */
	u8 backup;			/* BOND_STATE_BACKUP */
	u8 inactive;			/* receive filtered (backup, not in aggregator) */
	u8 promisc_on:1;		/* we gave it our promiscuity */
	u8 allmulti_on:1;		/* we gave it our allmulti */
	u8 addrs_synced:1;		/* our uc/mc lists are synced to it */
	u8 should_notify:1;		/* state change to announce */
	u8 ns_mc_on:1;			/* joined the NS targets' groups, RTNL */
	int delay;			/* up/down delay ticks left */
	u32 link_failure_count;
	u32 speed;			/* SPEED_UNKNOWN if unknown */
	u8 duplex;			/* DUPLEX_UNKNOWN if unknown */
	unsigned long last_link_up;	/* jiffies */
	unsigned long last_link_down;	/* jiffies */
	unsigned long last_rx;		/* jiffies, ARP/NS monitor */
	unsigned long last_tx;		/* jiffies, ARP/NS monitor */
	unsigned long target_last_rx[BOND_MAX_ARP_TARGETS];
	unsigned long ns_target_last_rx[BOND_MAX_NS_TARGETS];
	ktime_t fail_detected;		/* a monitor first saw it fail; 0: not failing */

	/* flap dampening (bond_flap.c) */
	u32 flap_pen;			/* penalty at flap_stamp */
	unsigned long flap_stamp;	/* jiffies */
	unsigned long flap_since;	/* suppressed since, jiffies */
	u8 flap_suppressed;		/* kept out of service */
	u8 flap_release;		/* monitor released it; announced under RTNL */
	u8 flap_carrier;		/* up, as the monitor last saw it suppressed */
	/* health (bond_flap.c, bond_arp.c) */
	u8 last_fail;			/* enum bond_change_reason of the last down */
	u32 arp_miss_run, arp_miss_total;	/* unanswered ARP probe rounds */
	u32 ns_miss_run, ns_miss_total;	/* unanswered NS probe rounds */
	unsigned long arp_probe_at;	/* jiffies | 1 of the last ARP round, 0: none */
	unsigned long ns_probe_at;	/* same for NS */
	unsigned long seen_up;		/* jiffies | 1 a monitor last saw it up, 0: never */
	unsigned long seen_down;	/* ... and down */

	u16 queue_id;
	s32 prio;
	u16 actor_port_prio;

	/* counters seen at the last stats fold, for the bond's totals */
	struct rtnl_link_stats64 stats_seen;

	void *mode_priv;		/* owned by the mode (3ad port, tlb info) */
	struct netpoll *np;		/* when the bond has netpoll */
};

/* The slaves a packet may leave on, republished under RCU on change. */
struct bond_usable {
	struct rcu_head rcu;
	unsigned int count;
	struct bond_slave *slaves[];
};

/* A bond device's private area (netdev_priv). */
struct bond {
	struct net_device *dev;
	struct list_head node;		/* in bond_net.bonds, RTNL */
	struct bond_net *bn;
	const struct bond_mode_ops *ops;	/* changed only down, slaveless */
	void *mode_priv;			/* owned by the mode */

	struct list_head slaves;	/* RTNL writers, RCU readers */
	unsigned int slave_cnt;		/* RTNL */
	struct bond_slave __rcu *active;	/* ab/tlb/alb current slave */
	struct bond_slave *primary_slave;	/* RTNL */
	bool force_primary;		/* primary takes over once */
	struct bond_usable __rcu *usable;

	struct bond_params params;

	/* totals folded in from the slaves' counters */
	spinlock_t stats_lock;
	struct rtnl_link_stats64 stats;

	struct proc_dir_entry *proc_entry;
	const struct header_ops *eth_header_ops;	/* ether_setup()'s */

	/* monitors and deferred work, on bond_wq */
	struct delayed_work mii_work;
	struct delayed_work arp_work;
	struct delayed_work notify_work;
	struct delayed_work igmp_work;
	struct work_struct usable_work;
	unsigned int peer_notify_left;	/* RTNL */
	unsigned int igmp_left;		/* RTNL */
	unsigned long arp_probe_start;	/* ab: when the current slave became active */
	struct bond_slave *arp_probe_slave;	/* ab: slave being probed with none active */
	bool mii_retry;			/* mii_work: this tick was not counted */
	bool arp_retry;			/* arp_work: this tick was not finished */
	u8 arp_ns_mc_cnt;		/* solicited-node groups joined, RTNL */
	u8 arp_ns_mc[BOND_MAX_NS_TARGETS][ETH_ALEN];
	bool warned_no_monitor;		/* bond_monitor_sanity(), RTNL */
	bool warned_arp_backups;
	unsigned int queue_override;	/* slaves with a non-zero queue_id, RTNL */
	ktime_t event_failover_start;	/* set while failing over on an event */
	ktime_t active_since;		/* when bond->active was last published, RTNL */
	struct bond_slave *ev_lost;	/* bond_active_lost(): the slave replaced, RTNL */
};

static inline struct bond *bond_of(const struct net_device *dev)
{
	return netdev_priv(dev);
}

/* module-wide state: bond_main.c */
extern unsigned int bond_net_id;
extern struct workqueue_struct *bond_wq;

static inline struct bond_net *bond_net_of(const struct net *net)
{
	return net_generic(net, bond_net_id);
}

#define bond_for_each_slave(bond, slave) \
	list_for_each_entry(slave, &(bond)->slaves, list)
#define bond_for_each_slave_rcu(bond, slave) \
	list_for_each_entry_rcu(slave, &(bond)->slaves, list)

static inline struct bond_slave *bond_first_slave(struct bond *bond)
{
	return list_first_entry_or_null(&bond->slaves, struct bond_slave, list);
}

static inline struct bond_slave *bond_first_slave_rcu(struct bond *bond)
{
	return list_first_or_null_rcu(&bond->slaves, struct bond_slave, list);
}

static inline bool bond_has_slaves(const struct bond *bond)
{
	return !list_empty(&bond->slaves);
}

static inline bool bond_mode_uses_active(u8 mode)
{
	return mode == BOND_MODE_ACTIVEBACKUP || mode == BOND_MODE_TLB ||
	       mode == BOND_MODE_ALB;
}

static inline bool bond_mode_is_tlb_alb(u8 mode)
{
	return mode == BOND_MODE_TLB || mode == BOND_MODE_ALB;
}

/* modes where every slave shares the bond's address lists and flags */
static inline bool bond_mode_addrs_to_all(u8 mode)
{
	return !bond_mode_uses_active(mode);
}

static inline bool bond_uses_arp_monitor(const struct bond *bond)
{
	return bond->params.arp_interval &&
	       !(bond->params.mode == BOND_MODE_8023AD ||
		 bond_mode_is_tlb_alb(bond->params.mode));
}

static inline bool bond_slave_is_up(const struct bond_slave *slave)
{
	return netif_running(slave->dev) && netif_oper_up(slave->dev);
}

/* A slave a packet may be sent on: link up and not a backup/inactive. */
static inline bool bond_slave_can_tx(const struct bond_slave *slave)
{
	return READ_ONCE(slave->link) == BOND_LINK_UP &&
	       netif_running(slave->dev) && !READ_ONCE(slave->inactive);
}

static inline struct bond_slave *bond_slave_of_rcu(const struct net_device *dev)
{
	return rcu_dereference(dev->rx_handler_data);
}

/* bond_device.c */
int bond_create(struct net *net, const char *name);
bool bond_name_reserved(const char *name);
void bond_setup(struct net_device *dev);
bool bond_is_ours(const struct net_device *dev);
const char *bond_mode_name(unsigned int mode);
void bond_compute_features(struct bond *bond);
void bond_set_carrier(struct bond *bond);
void bond_update_usable(struct bond *bond);
void bond_queue_usable_update(struct bond *bond);
void bond_fold_slave_stats(struct bond *bond, struct bond_slave *slave);
int bond_set_mac_all(struct bond *bond, const u8 *addr,
		     struct netlink_ext_ack *extack);
void bond_rx_mode_sync_slave(struct bond *bond, struct bond_slave *slave,
			     bool add);
void bond_sync_flags_slave(struct bond *bond, struct bond_slave *slave,
			   bool add);
netdev_tx_t bond_dev_queue_xmit(struct bond *bond, struct sk_buff *skb,
				struct net_device *slave_dev);
void bond_lower_state_changed(struct bond_slave *slave);

extern struct bond_params bond_default_params;

#endif /* _BOND_H */
