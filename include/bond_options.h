/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The option engine: one table of every bond and slave option, one entry
 * point for setting them. Module parameters, sysfs, rtnetlink and the
 * ioctls all go through bond_opt_set(), so validation and its error text
 * live in exactly one place.
 */
#ifndef _BOND_OPTIONS_H
#define _BOND_OPTIONS_H

#include <linux/types.h>
#include <linux/bits.h>

struct bond;
struct bond_slave;
struct bond_params;
struct net_device;
struct netlink_ext_ack;

enum bond_opt_id {
	BOND_OPT_MODE,
	BOND_OPT_PACKETS_PER_SLAVE,
	BOND_OPT_XMIT_HASH,
	BOND_OPT_ARP_VALIDATE,
	BOND_OPT_ARP_ALL_TARGETS,
	BOND_OPT_FAIL_OVER_MAC,
	BOND_OPT_ARP_INTERVAL,
	BOND_OPT_ARP_TARGETS,
	BOND_OPT_DOWNDELAY,
	BOND_OPT_UPDELAY,
	BOND_OPT_LACP_RATE,
	BOND_OPT_MINLINKS,
	BOND_OPT_AD_SELECT,
	BOND_OPT_NUM_PEER_NOTIF,
	BOND_OPT_MIIMON,
	BOND_OPT_PRIMARY,
	BOND_OPT_PRIMARY_RESELECT,
	BOND_OPT_USE_CARRIER,
	BOND_OPT_ACTIVE_SLAVE,
	BOND_OPT_QUEUE_ID,
	BOND_OPT_ALL_SLAVES_ACTIVE,
	BOND_OPT_RESEND_IGMP,
	BOND_OPT_LP_INTERVAL,
	BOND_OPT_SLAVES,
	BOND_OPT_TLB_DYNAMIC_LB,
	BOND_OPT_AD_ACTOR_SYS_PRIO,
	BOND_OPT_AD_ACTOR_SYSTEM,
	BOND_OPT_AD_USER_PORT_KEY,
	BOND_OPT_NUM_PEER_NOTIF_ALIAS,
	BOND_OPT_PEER_NOTIF_DELAY,
	BOND_OPT_LACP_ACTIVE,
	BOND_OPT_MISSED_MAX,
	BOND_OPT_NS_TARGETS,
	BOND_OPT_PRIO,
	BOND_OPT_COUPLED_CONTROL,
	BOND_OPT_BROADCAST_NEIGH,
	BOND_OPT_LACP_STRICT,
	BOND_OPT_ACTOR_PORT_PRIO,
	/* beyond stock: no module parameter or IFLA_BOND_* attribute */
	BOND_OPT_FLAP_PENALTY,
	BOND_OPT_FLAP_HALF_LIFE,
	BOND_OPT_FLAP_SUPPRESS,
	BOND_OPT_FLAP_REUSE,
	BOND_OPT_FLAP_MAX_SUPPRESS,
	BOND_OPT_PROC_EXTENDED,
	BOND_OPT_COUNT
};

enum bond_opt_type {
	BOND_OPT_T_NUM,		/* a number in [min, max] */
	BOND_OPT_T_ENUM,	/* one of names[], by name or by number */
	BOND_OPT_T_TEXT,	/* free text, parsed by the setter */
};

#define BOND_OPTF_DOWN		BIT(0)	/* only while the bond is down */
#define BOND_OPTF_NOSLAVES	BIT(1)	/* only while it has no slaves */
#define BOND_OPTF_NODEFAULT	BIT(2)	/* "default" is not a value */
#define BOND_OPTF_SLAVE		BIT(3)	/* a per-slave option */
#define BOND_OPTF_SIGNED	BIT(4)	/* min/max are s64 */
#define BOND_OPTF_SHOW_NUM	BIT(5)	/* sysfs prints the number alone */

#define BOND_MODES_ALL		GENMASK(6, 0)
#define BOND_MODES_NOT_LB	(BOND_MODES_ALL & ~(BIT(BOND_MODE_8023AD) | \
				 BIT(BOND_MODE_TLB) | BIT(BOND_MODE_ALB)))
#define BOND_MODES_ACTIVE	(BIT(BOND_MODE_ACTIVEBACKUP) | \
				 BIT(BOND_MODE_TLB) | BIT(BOND_MODE_ALB))

struct bond_opt_name {
	const char *name;
	u64 value;
};

/* What a caller hands to the engine. */
struct bond_optarg {
	const char *str;		/* text (sysfs, module parameter), or NULL */
	u64 num;			/* the number (netlink), or parsed from str */
	const void *data;		/* binary (MAC, address array) */
	unsigned int len;		/* bytes at data */
	struct net_device *dev;		/* device argument (active_slave, primary) */
	struct bond_slave *slave;	/* the slave a slave option applies to */
};

struct bond_option {
	const char *name;
	const char *desc;
	u8 type;
	u32 flags;
	u32 modes;			/* BIT(BOND_MODE_x) where it may be set */
	s64 min, max, def;
	const struct bond_opt_name *names;	/* ENUM: NULL-terminated */
	int (*set)(struct bond *bond, const struct bond_option *opt,
		   struct bond_optarg *arg, struct netlink_ext_ack *extack);
};

const struct bond_option *bond_opt_get(enum bond_opt_id id);
int bond_opt_set(struct bond *bond, enum bond_opt_id id,
		 struct bond_optarg *arg, struct netlink_ext_ack *extack);
int bond_opt_set_text(struct bond *bond, enum bond_opt_id id,
		      const char *text, struct netlink_ext_ack *extack);
int bond_opt_set_num(struct bond *bond, enum bond_opt_id id, u64 num,
		     struct netlink_ext_ack *extack);
int bond_opt_check(const struct bond *bond, const struct bond_params *staged,
		   enum bond_opt_id id, struct bond_optarg *arg,
		   struct netlink_ext_ack *extack);
int bond_opt_parse(const struct bond_option *opt, struct bond_optarg *arg,
		   const char *who, struct netlink_ext_ack *extack);
const char *bond_opt_value_name(enum bond_opt_id id, u64 value);
u64 bond_opt_value(const struct bond *bond, enum bond_opt_id id);
void bond_opt_mode_defaults(struct bond_params *p, u8 mode);

#endif /* _BOND_OPTIONS_H */
