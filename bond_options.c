// SPDX-License-Identifier: GPL-2.0
/*
 * The option table and the single entry point that sets an option, for
 * every door: module parameters (through the defaults), sysfs, rtnetlink
 * and the ioctls.
 *
 * bond_opt_set() runs under RTNL. It checks, in this order, that the
 * option applies to the bond's mode (-EACCES), that the bond is down if
 * the option needs it (-EBUSY), that it has no slaves if the option needs
 * it (-ENOTEMPTY), that the value is one the option accepts (-EINVAL),
 * and then calls the option's setter, which may refuse further. Every
 * refusal is logged against the bond and copied into the netlink extack;
 * a refused option keeps its value.
 */
#include <linux/ctype.h>
#include <linux/etherdevice.h>
#include <linux/inet.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/addrconf.h>
#include <net/ipv6.h>

#include "bond.h"
#include "bond_3ad.h"
#include "bond_active.h"
#include "bond_arp.h"
#include "bond_mode.h"
#include "bond_monitor.h"
#include "bond_flap.h"
#include "bond_options.h"
#include "bond_slave.h"

/* --- value names ---------------------------------------------------------- */

static const struct bond_opt_name mode_names[] = {
	{ "balance-rr",		BOND_MODE_ROUNDROBIN },
	{ "active-backup",	BOND_MODE_ACTIVEBACKUP },
	{ "balance-xor",	BOND_MODE_XOR },
	{ "broadcast",		BOND_MODE_BROADCAST },
	{ "802.3ad",		BOND_MODE_8023AD },
	{ "balance-tlb",	BOND_MODE_TLB },
	{ "balance-alb",	BOND_MODE_ALB },
	{ }
};

static const struct bond_opt_name xmit_hash_names[] = {
	{ "layer2",		BOND_XMIT_POLICY_LAYER2 },
	{ "layer3+4",		BOND_XMIT_POLICY_LAYER34 },
	{ "layer2+3",		BOND_XMIT_POLICY_LAYER23 },
	{ "encap2+3",		BOND_XMIT_POLICY_ENCAP23 },
	{ "encap3+4",		BOND_XMIT_POLICY_ENCAP34 },
	{ "vlan+srcmac",	BOND_XMIT_POLICY_VLAN_SRCMAC },
	{ }
};

static const struct bond_opt_name arp_validate_names[] = {
	{ "none",		BOND_ARP_VALIDATE_NONE },
	{ "active",		BOND_ARP_VALIDATE_ACTIVE },
	{ "backup",		BOND_ARP_VALIDATE_BACKUP },
	{ "all",		BOND_ARP_VALIDATE_ALL },
	{ "filter",		BOND_ARP_FILTER },
	{ "filter_active",	BOND_ARP_FILTER_ACTIVE },
	{ "filter_backup",	BOND_ARP_FILTER_BACKUP },
	{ }
};

static const struct bond_opt_name arp_all_targets_names[] = {
	{ "any", 0 },
	{ "all", 1 },
	{ }
};

static const struct bond_opt_name fail_over_mac_names[] = {
	{ "none",	BOND_FOM_NONE },
	{ "active",	BOND_FOM_ACTIVE },
	{ "follow",	BOND_FOM_FOLLOW },
	{ }
};

static const struct bond_opt_name lacp_rate_names[] = {
	{ "slow", 0 },
	{ "fast", 1 },
	{ }
};

static const struct bond_opt_name ad_select_names[] = {
	{ "stable",		BOND_AD_STABLE },
	{ "bandwidth",		BOND_AD_BANDWIDTH },
	{ "count",		BOND_AD_COUNT },
	{ "actor_port_prio",	BOND_AD_PRIO },
	{ }
};

static const struct bond_opt_name primary_reselect_names[] = {
	{ "always",	BOND_PRI_RESELECT_ALWAYS },
	{ "better",	BOND_PRI_RESELECT_BETTER },
	{ "failure",	BOND_PRI_RESELECT_FAILURE },
	{ }
};

static const struct bond_opt_name off_on_names[] = {
	{ "off", 0 },
	{ "on",  1 },
	{ }
};

/* --- helpers for setters -------------------------------------------------- */

#define bond_opt_err(bond, extack, opt, fmt, ...)			\
	do {								\
		netdev_err((bond)->dev, "option %s: " fmt "\n",	\
			   (opt)->name, ##__VA_ARGS__);			\
		BOND_NL_ERR_FMT(extack, "option %s: " fmt,		\
				(opt)->name, ##__VA_ARGS__);		\
	} while (0)

static bool bond_is_up(const struct bond *bond)
{
	return netif_running(bond->dev);
}

/* delays are kept in miimon ticks; refuse without miimon, round down */
static int bond_set_delay(struct bond *bond, const struct bond_option *opt,
			  u64 ms, u32 *ticks, struct netlink_ext_ack *extack)
{
	u32 miimon = bond->params.miimon;

	if (!miimon) {
		bond_opt_err(bond, extack, opt,
			     "unable to set as MII monitoring is disabled (miimon 0)");
		return -EPERM;
	}
	if (ms % miimon)
		netdev_warn(bond->dev,
			    "%s (%llu) is not a multiple of miimon (%u), value rounded to %llu ms\n",
			    opt->name, ms, miimon,
			    (unsigned long long)(ms / miimon) * miimon);
	*ticks = ms / miimon;
	return 0;
}

/* --- setters -------------------------------------------------------------- */

static int set_mode(struct bond *bond, const struct bond_option *opt,
		    struct bond_optarg *arg, struct netlink_ext_ack *extack)
{
	const struct bond_mode_ops *ops = bond_mode_get(arg->num);
	const struct bond_mode_ops *old = bond->ops;
	void *old_priv = bond->mode_priv, *new_priv;
	int err;

	if (ops == old)
		return 0;
	/* each mode's init and uninit see only their own mode_priv */
	bond->mode_priv = NULL;
	if (ops->init) {
		err = ops->init(bond, extack);
		if (err) {
			bond->mode_priv = old_priv;
			return err;
		}
	}
	new_priv = bond->mode_priv;
	/* the bond is down and slaveless: nothing in flight uses old state */
	WRITE_ONCE(bond->ops, ops);
	synchronize_net();
	bond->mode_priv = old_priv;
	if (old && old->uninit)
		old->uninit(bond);
	bond->mode_priv = new_priv;

	bond_opt_mode_defaults(&bond->params, arg->num);
	bond->params.mode = arg->num;
	netdev_dbg(bond->dev, "mode set to %s\n", ops->name);
	return 0;
}

static int set_num_u8(u8 *field, struct bond_optarg *arg)
{
	*field = arg->num;
	return 0;
}

static int set_packets_per_slave(struct bond *bond,
				 const struct bond_option *opt,
				 struct bond_optarg *arg,
				 struct netlink_ext_ack *extack)
{
	WRITE_ONCE(bond->params.packets_per_slave, arg->num);
	return 0;
}

static int set_xmit_hash(struct bond *bond, const struct bond_option *opt,
			 struct bond_optarg *arg, struct netlink_ext_ack *extack)
{
	WRITE_ONCE(bond->params.xmit_policy, arg->num);
	return 0;
}

static int set_arp_validate(struct bond *bond, const struct bond_option *opt,
			    struct bond_optarg *arg,
			    struct netlink_ext_ack *extack)
{
	WRITE_ONCE(bond->params.arp_validate, arg->num);
	bond_arp_ns_mc_sync(bond);
	if (bond_is_up(bond))
		bond_monitor_restart(bond);
	return 0;
}

static int set_arp_all_targets(struct bond *bond, const struct bond_option *opt,
			       struct bond_optarg *arg,
			       struct netlink_ext_ack *extack)
{
	return set_num_u8(&bond->params.arp_all_targets, arg);
}

static int set_fail_over_mac(struct bond *bond, const struct bond_option *opt,
			     struct bond_optarg *arg,
			     struct netlink_ext_ack *extack)
{
	return set_num_u8(&bond->params.fail_over_mac, arg);
}

static bool bond_has_arp_targets(const struct bond_params *p)
{
	return p->arp_targets[0] || !ipv6_addr_any(&p->ns_targets[0]);
}

static int set_arp_interval(struct bond *bond, const struct bond_option *opt,
			    struct bond_optarg *arg,
			    struct netlink_ext_ack *extack)
{
	struct bond_params *p = &bond->params;

	if (arg->num && p->miimon) {
		netdev_info(bond->dev,
			    "ARP monitoring cannot be used with MII monitoring; disabling MII monitoring\n");
		p->miimon = 0;
	}
	WRITE_ONCE(p->arp_interval, arg->num);
	if (arg->num && !bond_has_arp_targets(p))
		netdev_info(bond->dev,
			    "ARP monitoring has been set up, but no ARP targets have been specified\n");
	if (bond_is_up(bond))
		bond_monitor_restart(bond);
	return 0;
}

static int bond_arp_target_slot(const struct bond_params *p, __be32 ip)
{
	int i;

	for (i = 0; i < BOND_MAX_ARP_TARGETS; i++)
		if (p->arp_targets[i] == ip)
			return i;
	return -1;
}

static int bond_arp_target_add(struct bond *bond, const struct bond_option *opt,
			       __be32 ip, struct netlink_ext_ack *extack)
{
	struct bond_params *p = &bond->params;
	int slot;

	if (ipv4_is_zeronet(ip) || ip == htonl(INADDR_BROADCAST)) {
		bond_opt_err(bond, extack, opt, "invalid ARP target %pI4", &ip);
		return -EINVAL;
	}
	if (bond_arp_target_slot(p, ip) >= 0) {
		bond_opt_err(bond, extack, opt, "ARP target %pI4 is already present",
			     &ip);
		return -EINVAL;
	}
	slot = bond_arp_target_slot(p, 0);
	if (slot < 0) {
		bond_opt_err(bond, extack, opt,
			     "cannot add %pI4: the maximum of %d ARP targets is reached",
			     &ip, BOND_MAX_ARP_TARGETS);
		return -EINVAL;
	}
	WRITE_ONCE(p->arp_targets[slot], ip);
	return 0;
}

static int bond_arp_target_del(struct bond *bond, const struct bond_option *opt,
			       __be32 ip, struct netlink_ext_ack *extack)
{
	struct bond_params *p = &bond->params;
	struct bond_slave *slave;
	int slot, i;

	slot = bond_arp_target_slot(p, ip);
	if (ip == 0 || slot < 0) {
		bond_opt_err(bond, extack, opt, "unable to remove ARP target %pI4: not present",
			     &ip);
		return -EINVAL;
	}
	if (slot == 0 && !p->arp_targets[1] && p->arp_interval)
		netdev_warn(bond->dev, "Removing last arp target with arp_interval on\n");

	/* keep the list dense and the per-slave receive times aligned */
	bond_for_each_slave(bond, slave) {
		for (i = slot; i < BOND_MAX_ARP_TARGETS - 1; i++)
			slave->target_last_rx[i] = slave->target_last_rx[i + 1];
		slave->target_last_rx[i] = 0;
	}
	for (i = slot; i < BOND_MAX_ARP_TARGETS - 1; i++)
		WRITE_ONCE(p->arp_targets[i], p->arp_targets[i + 1]);
	WRITE_ONCE(p->arp_targets[i], 0);
	return 0;
}

static void bond_arp_targets_clear(struct bond *bond)
{
	struct bond_slave *slave;
	int i;

	for (i = 0; i < BOND_MAX_ARP_TARGETS; i++)
		WRITE_ONCE(bond->params.arp_targets[i], 0);
	bond_for_each_slave(bond, slave)
		memset(slave->target_last_rx, 0, sizeof(slave->target_last_rx));
}

/*
 * Text: "+a.b.c.d" adds, "-a.b.c.d" removes (sysfs). Binary: an array of
 * __be32 that replaces the list (netlink).
 */
static int set_arp_targets(struct bond *bond, const struct bond_option *opt,
			   struct bond_optarg *arg,
			   struct netlink_ext_ack *extack)
{
	const __be32 *list = arg->data;
	__be32 ip;
	int i, err;

	if (!arg->str) {
		/* a list replaces the targets: check all of it first */
		for (i = 0; i < arg->len / sizeof(__be32); i++) {
			int j;

			ip = list[i];
			if (ipv4_is_zeronet(ip) || ip == htonl(INADDR_BROADCAST)) {
				bond_opt_err(bond, extack, opt,
					     "invalid ARP target %pI4", &ip);
				return -EINVAL;
			}
			for (j = 0; j < i; j++) {
				if (list[j] == ip) {
					bond_opt_err(bond, extack, opt,
						     "ARP target %pI4 is listed twice",
						     &ip);
					return -EINVAL;
				}
			}
		}
		bond_arp_targets_clear(bond);
		for (i = 0; i < arg->len / sizeof(__be32); i++) {
			err = bond_arp_target_add(bond, opt, list[i], extack);
			if (err)
				return err;
		}
		if (!arg->len && bond->params.arp_interval)
			netdev_warn(bond->dev,
				    "Removing last arp target with arp_interval on\n");
		return 0;
	}

	if ((arg->str[0] != '+' && arg->str[0] != '-') ||
	    !in4_pton(arg->str + 1, -1, (u8 *)&ip, -1, NULL)) {
		bond_opt_err(bond, extack, opt,
			     "invalid input \"%s\"; use +a.b.c.d to add or -a.b.c.d to remove",
			     arg->str);
		return -EPERM;
	}
	if (arg->str[0] == '+')
		return bond_arp_target_add(bond, opt, ip, extack);
	return bond_arp_target_del(bond, opt, ip, extack);
}

/* the ARP monitor restarts every target's clock after a change */
static int set_arp_targets_reset(struct bond *bond,
				 const struct bond_option *opt,
				 struct bond_optarg *arg,
				 struct netlink_ext_ack *extack)
{
	int err = set_arp_targets(bond, opt, arg, extack);

	if (!err)
		bond_arp_targets_changed(bond);
	return err;
}

static unsigned int bond_ns_count(const struct bond_params *p)
{
	unsigned int n = 0;

	while (n < BOND_MAX_NS_TARGETS && !ipv6_addr_any(&p->ns_targets[n]))
		n++;
	return n;
}

/*
 * Text: "+addr" adds, "-addr" removes. Binary: an array of in6_addr that
 * replaces the list (netlink). The new list is built and checked whole
 * before it replaces the old one.
 */
static int set_ns_targets(struct bond *bond, const struct bond_option *opt,
			  struct bond_optarg *arg, struct netlink_ext_ack *extack)
{
	struct in6_addr next[BOND_MAX_NS_TARGETS] = { };
	struct bond_params *p = &bond->params;
	unsigned int n, i, j;
	struct in6_addr addr;

	if (!arg->str) {
		n = arg->len / sizeof(struct in6_addr);
		if (n > BOND_MAX_NS_TARGETS) {
			bond_opt_err(bond, extack, opt, "at most %d NS targets",
				     BOND_MAX_NS_TARGETS);
			return -EINVAL;
		}
		memcpy(next, arg->data, n * sizeof(struct in6_addr));
		if (!n && p->arp_interval)
			netdev_warn(bond->dev, "Removing last ns target with arp_interval on\n");
	} else {
		if ((arg->str[0] != '+' && arg->str[0] != '-') ||
		    !in6_pton(arg->str + 1, -1, addr.s6_addr, -1, NULL)) {
			bond_opt_err(bond, extack, opt,
				     "invalid input \"%s\"; use +addr to add or -addr to remove",
				     arg->str);
			return -EPERM;
		}
		n = bond_ns_count(p);
		memcpy(next, p->ns_targets, sizeof(next));
		for (i = 0; i < n; i++)
			if (ipv6_addr_equal(&next[i], &addr))
				break;
		if (arg->str[0] == '-') {
			if (i == n) {
				bond_opt_err(bond, extack, opt,
					     "%pI6c is not a target", &addr);
				return -EINVAL;
			}
			memmove(&next[i], &next[i + 1],
				(n - i - 1) * sizeof(struct in6_addr));
			next[--n] = in6addr_any;
		} else {
			if (i < n) {
				bond_opt_err(bond, extack, opt,
					     "NS target %pI6c is already present",
					     &addr);
				return -EINVAL;
			}
			if (n == BOND_MAX_NS_TARGETS) {
				bond_opt_err(bond, extack, opt,
					     "at most %d NS targets",
					     BOND_MAX_NS_TARGETS);
				return -EINVAL;
			}
			next[n++] = addr;
		}
	}

	for (i = 0; i < n; i++) {
		int type = ipv6_addr_type(&next[i]);

		if (ipv6_addr_any(&next[i]) || (type & IPV6_ADDR_MULTICAST) ||
		    (type & IPV6_ADDR_LOOPBACK)) {
			bond_opt_err(bond, extack, opt, "invalid NS target %pI6c",
				     &next[i]);
			return -EINVAL;
		}
		for (j = 0; j < i; j++) {
			if (ipv6_addr_equal(&next[j], &next[i])) {
				bond_opt_err(bond, extack, opt,
					     "NS target %pI6c is listed twice",
					     &next[i]);
				return -EINVAL;
			}
		}
	}
	memcpy(p->ns_targets, next, sizeof(next));
	bond_arp_targets_changed(bond);
	return 0;
}

static int set_downdelay(struct bond *bond, const struct bond_option *opt,
			 struct bond_optarg *arg, struct netlink_ext_ack *extack)
{
	return bond_set_delay(bond, opt, arg->num, &bond->params.downdelay,
			      extack);
}

static int set_updelay(struct bond *bond, const struct bond_option *opt,
		       struct bond_optarg *arg, struct netlink_ext_ack *extack)
{
	return bond_set_delay(bond, opt, arg->num, &bond->params.updelay,
			      extack);
}

static int set_peer_notif_delay(struct bond *bond,
				const struct bond_option *opt,
				struct bond_optarg *arg,
				struct netlink_ext_ack *extack)
{
	return bond_set_delay(bond, opt, arg->num,
			      &bond->params.peer_notif_delay, extack);
}

static int set_lacp_rate(struct bond *bond, const struct bond_option *opt,
			 struct bond_optarg *arg, struct netlink_ext_ack *extack)
{
	return set_num_u8(&bond->params.lacp_fast, arg);
}

static int set_min_links(struct bond *bond, const struct bond_option *opt,
			 struct bond_optarg *arg, struct netlink_ext_ack *extack)
{
	WRITE_ONCE(bond->params.min_links, arg->num);
	bond_set_carrier(bond);
	return 0;
}

static int set_ad_select(struct bond *bond, const struct bond_option *opt,
			 struct bond_optarg *arg, struct netlink_ext_ack *extack)
{
	return set_num_u8(&bond->params.ad_select, arg);
}

static int set_num_peer_notif(struct bond *bond, const struct bond_option *opt,
			      struct bond_optarg *arg,
			      struct netlink_ext_ack *extack)
{
	return set_num_u8(&bond->params.num_peer_notif, arg);
}

static int set_miimon(struct bond *bond, const struct bond_option *opt,
		      struct bond_optarg *arg, struct netlink_ext_ack *extack)
{
	struct bond_params *p = &bond->params;

	if (arg->num && p->arp_interval) {
		netdev_info(bond->dev,
			    "MII monitoring cannot be used with ARP monitoring; disabling ARP monitoring\n");
		p->arp_interval = 0;
		p->arp_validate = BOND_ARP_VALIDATE_NONE;
	}
	if (!arg->num && (p->updelay || p->downdelay))
		netdev_warn(bond->dev,
			    "miimon is 0: updelay and downdelay have no effect\n");
	WRITE_ONCE(p->miimon, arg->num);
	if (bond_is_up(bond))
		bond_monitor_restart(bond);
	return 0;
}

static int set_primary(struct bond *bond, const struct bond_option *opt,
		       struct bond_optarg *arg, struct netlink_ext_ack *extack)
{
	const char *name = arg->dev ? arg->dev->name : (arg->str ?: "");

	if (strlen(name) >= IFNAMSIZ) {
		bond_opt_err(bond, extack, opt, "\"%s\" is not an interface name",
			     name);
		return -EINVAL;
	}
	strscpy(bond->params.primary, name, IFNAMSIZ);
	if (!name[0])
		netdev_dbg(bond->dev, "primary cleared\n");
	/* as in stock, naming a slave (even the same one again) makes it
	 * take over once, whatever primary_reselect says
	 */
	if (name[0] && bond_slave_by_name(bond, name))
		bond->force_primary = true;
	bond_primary_update(bond);
	return 0;
}

static int set_primary_reselect(struct bond *bond,
				const struct bond_option *opt,
				struct bond_optarg *arg,
				struct netlink_ext_ack *extack)
{
	bond->params.primary_reselect = arg->num;
	if (bond_mode_uses_active(bond->params.mode))
		bond_select_active(bond, BOND_REASON_PRIMARY);
	return 0;
}

static int set_use_carrier(struct bond *bond, const struct bond_option *opt,
			   struct bond_optarg *arg,
			   struct netlink_ext_ack *extack)
{
	return set_num_u8(&bond->params.use_carrier, arg);
}

static int set_active_slave(struct bond *bond, const struct bond_option *opt,
			    struct bond_optarg *arg,
			    struct netlink_ext_ack *extack)
{
	struct net_device *dev = arg->dev;
	struct bond_slave *slave;

	if (!dev && arg->str && arg->str[0]) {
		dev = __dev_get_by_name(dev_net(bond->dev), arg->str);
		if (!dev) {
			bond_opt_err(bond, extack, opt, "no such device %s", arg->str);
			return -ENODEV;
		}
	}
	if (!dev) {
		/* empty: clear, and let the bond pick */
		bond_change_active(bond, NULL, BOND_REASON_ADMIN);
		bond_select_active(bond, BOND_REASON_ADMIN);
		return 0;
	}
	slave = bond_slave_by_dev(bond, dev);
	if (!slave) {
		bond_opt_err(bond, extack, opt, "%s is not a slave of %s",
			     dev->name, bond->dev->name);
		return -EINVAL;
	}
	return bond_set_active_by_hand(bond, slave, extack);
}

static int set_queue_id(struct bond *bond, const struct bond_option *opt,
			struct bond_optarg *arg, struct netlink_ext_ack *extack)
{
	struct bond_slave *slave = arg->slave, *other;
	char name[IFNAMSIZ];
	const char *colon;
	u16 qid;

	if (!slave) {
		/* text "ifname:qid" */
		colon = arg->str ? strchr(arg->str, ':') : NULL;
		if (!colon || colon == arg->str ||
		    colon - arg->str >= IFNAMSIZ ||
		    kstrtou16(colon + 1, 10, &qid)) {
			bond_opt_err(bond, extack, opt,
				     "invalid input \"%s\"; use ifname:queue_id",
				     arg->str ?: "");
			return -EPERM;
		}
		memcpy(name, arg->str, colon - arg->str);
		name[colon - arg->str] = '\0';
		slave = bond_slave_by_name(bond, name);
		if (!slave) {
			bond_opt_err(bond, extack, opt, "%s is not a slave of %s",
				     name, bond->dev->name);
			return -EPERM;
		}
	} else {
		qid = arg->num;
	}

	if (qid > bond->dev->real_num_tx_queues) {
		bond_opt_err(bond, extack, opt, "queue_id %u out of range 0 - %u",
			     qid, bond->dev->real_num_tx_queues);
		return -EPERM;
	}
	if (qid) {
		bond_for_each_slave(bond, other) {
			if (other != slave && other->queue_id == qid) {
				bond_opt_err(bond, extack, opt,
					     "queue_id %u is already used by %s",
					     qid, other->dev->name);
				return -EPERM;
			}
		}
	}
	if (!slave->queue_id && qid)
		bond->queue_override++;
	else if (slave->queue_id && !qid)
		bond->queue_override--;
	WRITE_ONCE(slave->queue_id, qid);
	return 0;
}

static int set_all_slaves_active(struct bond *bond,
				 const struct bond_option *opt,
				 struct bond_optarg *arg,
				 struct netlink_ext_ack *extack)
{
	WRITE_ONCE(bond->params.all_slaves_active, arg->num);
	return 0;
}

static int set_resend_igmp(struct bond *bond, const struct bond_option *opt,
			   struct bond_optarg *arg,
			   struct netlink_ext_ack *extack)
{
	bond->params.resend_igmp = arg->num;
	return 0;
}

static int set_lp_interval(struct bond *bond, const struct bond_option *opt,
			   struct bond_optarg *arg,
			   struct netlink_ext_ack *extack)
{
	WRITE_ONCE(bond->params.lp_interval, arg->num);
	return 0;
}

/* "+ifname" enslaves, "-ifname" releases (sysfs "slaves") */
static int set_slaves(struct bond *bond, const struct bond_option *opt,
		      struct bond_optarg *arg, struct netlink_ext_ack *extack)
{
	const char *s = arg->str ?: "";
	struct net_device *dev;

	if ((s[0] != '+' && s[0] != '-') || !s[1] || strlen(s + 1) >= IFNAMSIZ ||
	    !dev_valid_name(s + 1)) {
		bond_opt_err(bond, extack, opt,
			     "invalid input \"%s\"; use +ifname to enslave or -ifname to release",
			     s);
		return -EPERM;
	}
	dev = __dev_get_by_name(dev_net(bond->dev), s + 1);
	if (!dev) {
		bond_opt_err(bond, extack, opt, "interface %s does not exist", s + 1);
		return -ENODEV;
	}
	if (s[0] == '+')
		return bond_enslave(bond, dev, extack);
	return bond_release(bond, dev, extack);
}

static int set_tlb_dynamic_lb(struct bond *bond, const struct bond_option *opt,
			      struct bond_optarg *arg,
			      struct netlink_ext_ack *extack)
{
	return set_num_u8(&bond->params.tlb_dynamic_lb, arg);
}

static int set_ad_actor_sys_prio(struct bond *bond,
				 const struct bond_option *opt,
				 struct bond_optarg *arg,
				 struct netlink_ext_ack *extack)
{
	bond->params.ad_actor_sys_prio = arg->num;
	bond_3ad_system_changed(bond);
	return 0;
}

static int set_ad_actor_system(struct bond *bond,
			       const struct bond_option *opt,
			       struct bond_optarg *arg,
			       struct netlink_ext_ack *extack)
{
	u8 mac[ETH_ALEN];

	if (arg->str) {
		if (!mac_pton(arg->str, mac)) {
			bond_opt_err(bond, extack, opt,
				     "invalid MAC address \"%s\"", arg->str);
			return -EINVAL;
		}
	} else if (arg->len == ETH_ALEN) {
		memcpy(mac, arg->data, ETH_ALEN);
	} else {
		bond_opt_err(bond, extack, opt, "a MAC address is 6 bytes");
		return -EINVAL;
	}
	if (is_multicast_ether_addr(mac)) {
		bond_opt_err(bond, extack, opt,
			     "%pM is a multicast address; use a unicast MAC or 00:00:00:00:00:00",
			     mac);
		return -EINVAL;
	}
	ether_addr_copy(bond->params.ad_actor_system, mac);
	bond_3ad_system_changed(bond);
	return 0;
}

static int set_ad_user_port_key(struct bond *bond,
				const struct bond_option *opt,
				struct bond_optarg *arg,
				struct netlink_ext_ack *extack)
{
	bond->params.ad_user_port_key = arg->num;
	return 0;
}

static int set_lacp_active(struct bond *bond, const struct bond_option *opt,
			   struct bond_optarg *arg,
			   struct netlink_ext_ack *extack)
{
	return set_num_u8(&bond->params.lacp_active, arg);
}

static int set_missed_max(struct bond *bond, const struct bond_option *opt,
			  struct bond_optarg *arg,
			  struct netlink_ext_ack *extack)
{
	return set_num_u8(&bond->params.missed_max, arg);
}

static int set_prio(struct bond *bond, const struct bond_option *opt,
		    struct bond_optarg *arg, struct netlink_ext_ack *extack)
{
	struct bond_slave *slave = arg->slave;

	if (!slave) {
		bond_opt_err(bond, extack, opt, "applies to a slave");
		return -EINVAL;
	}
	WRITE_ONCE(slave->prio, (s32)arg->num);
	if (bond->params.primary[0])
		netdev_warn(bond->dev,
			    "prio of %s has no effect while primary %s is set\n",
			    slave->dev->name, bond->params.primary);
	else if (bond_mode_uses_active(bond->params.mode))
		bond_select_active(bond, BOND_REASON_PRIMARY);
	return 0;
}

static int set_coupled_control(struct bond *bond,
			       const struct bond_option *opt,
			       struct bond_optarg *arg,
			       struct netlink_ext_ack *extack)
{
	return set_num_u8(&bond->params.coupled_control, arg);
}

static int set_broadcast_neigh(struct bond *bond,
			       const struct bond_option *opt,
			       struct bond_optarg *arg,
			       struct netlink_ext_ack *extack)
{
	return set_num_u8(&bond->params.broadcast_neighbor, arg);
}

static int set_lacp_strict(struct bond *bond, const struct bond_option *opt,
			   struct bond_optarg *arg,
			   struct netlink_ext_ack *extack)
{
	WRITE_ONCE(bond->params.lacp_strict, arg->num);
	return 0;
}

static int set_flap_u32(struct bond *bond, u32 *field, struct bond_optarg *arg)
{
	WRITE_ONCE(*field, arg->num);
	bond_flap_reconfigured(bond);
	return 0;
}

static int set_flap_penalty(struct bond *bond, const struct bond_option *opt,
			    struct bond_optarg *arg,
			    struct netlink_ext_ack *extack)
{
	return set_flap_u32(bond, &bond->params.flap_penalty, arg);
}

static int set_flap_half_life(struct bond *bond, const struct bond_option *opt,
			      struct bond_optarg *arg,
			      struct netlink_ext_ack *extack)
{
	return set_flap_u32(bond, &bond->params.flap_half_life, arg);
}

/* suppress and reuse: reuse must stay below suppress while dampening is on */
static int bond_flap_check(struct bond *bond, u32 suppress, u32 reuse,
			   struct netlink_ext_ack *extack)
{
	if (!suppress || reuse < suppress)
		return 0;
	BOND_NL_ERR_FMT(extack, "flap_reuse (%u) must be below flap_suppress (%u)",
			reuse, suppress);
	netdev_err(bond->dev, "option flap_reuse (%u) must be below flap_suppress (%u); set flap_reuse first\n",
		   reuse, suppress);
	return -EINVAL;
}

static int set_flap_suppress(struct bond *bond, const struct bond_option *opt,
			     struct bond_optarg *arg,
			     struct netlink_ext_ack *extack)
{
	int err = bond_flap_check(bond, arg->num, bond->params.flap_reuse,
				  extack);

	return err ?: set_flap_u32(bond, &bond->params.flap_suppress, arg);
}

static int set_flap_reuse(struct bond *bond, const struct bond_option *opt,
			  struct bond_optarg *arg,
			  struct netlink_ext_ack *extack)
{
	int err = bond_flap_check(bond, bond->params.flap_suppress, arg->num,
				  extack);

	return err ?: set_flap_u32(bond, &bond->params.flap_reuse, arg);
}

static int set_flap_max_suppress(struct bond *bond,
				 const struct bond_option *opt,
				 struct bond_optarg *arg,
				 struct netlink_ext_ack *extack)
{
	return set_flap_u32(bond, &bond->params.flap_max_suppress, arg);
}

static int set_proc_extended(struct bond *bond, const struct bond_option *opt,
			     struct bond_optarg *arg,
			     struct netlink_ext_ack *extack)
{
	WRITE_ONCE(bond->params.proc_extended, arg->num);
	return 0;
}

static int set_actor_port_prio(struct bond *bond,
			       const struct bond_option *opt,
			       struct bond_optarg *arg,
			       struct netlink_ext_ack *extack)
{
	if (!arg->slave) {
		bond_opt_err(bond, extack, opt, "applies to a slave");
		return -EINVAL;
	}
	WRITE_ONCE(arg->slave->actor_port_prio, arg->num);
	if (bond->ops->speed_change)
		bond->ops->speed_change(bond, arg->slave);
	return 0;
}

/* --- the table ------------------------------------------------------------ */

#define NUM(_min, _max, _def)	.type = BOND_OPT_T_NUM, .min = (_min), \
				.max = (_max), .def = (_def)
#define ENUM(_names, _def)	.type = BOND_OPT_T_ENUM, .names = (_names), \
				.def = (_def)
#define TEXT			.type = BOND_OPT_T_TEXT

static const struct bond_option bond_options[BOND_OPT_COUNT] = {
	[BOND_OPT_MODE] = {
		.name = "mode", .desc = "bonding policy",
		ENUM(mode_names, BOND_MODE_ROUNDROBIN),
		.flags = BOND_OPTF_DOWN | BOND_OPTF_NOSLAVES,
		.set = set_mode,
	},
	[BOND_OPT_PACKETS_PER_SLAVE] = {
		.name = "packets_per_slave",
		.desc = "packets sent on a slave before moving on; 0 = random",
		NUM(0, U16_MAX, 1),
		.modes = BIT(BOND_MODE_ROUNDROBIN),
		.set = set_packets_per_slave,
	},
	[BOND_OPT_XMIT_HASH] = {
		.name = "xmit_hash_policy", .desc = "transmit hash policy",
		ENUM(xmit_hash_names, BOND_XMIT_POLICY_LAYER2),
		.set = set_xmit_hash,
	},
	[BOND_OPT_ARP_VALIDATE] = {
		.name = "arp_validate", .desc = "validate ARP/NS replies",
		ENUM(arp_validate_names, BOND_ARP_VALIDATE_NONE),
		.modes = BOND_MODES_NOT_LB,
		.set = set_arp_validate,
	},
	[BOND_OPT_ARP_ALL_TARGETS] = {
		.name = "arp_all_targets",
		.desc = "whether any or all targets must answer",
		ENUM(arp_all_targets_names, 0),
		.set = set_arp_all_targets,
	},
	[BOND_OPT_FAIL_OVER_MAC] = {
		.name = "fail_over_mac", .desc = "MAC handling on failover",
		ENUM(fail_over_mac_names, BOND_FOM_NONE),
		.flags = BOND_OPTF_NOSLAVES,
		.set = set_fail_over_mac,
	},
	[BOND_OPT_ARP_INTERVAL] = {
		.name = "arp_interval", .desc = "ARP monitor interval in ms",
		NUM(0, INT_MAX, 0),
		.modes = BOND_MODES_NOT_LB,
		.set = set_arp_interval,
	},
	[BOND_OPT_ARP_TARGETS] = {
		.name = "arp_ip_target", .desc = "ARP monitor targets",
		TEXT,
		.flags = BOND_OPTF_NODEFAULT,
		.set = set_arp_targets_reset,
	},
	[BOND_OPT_DOWNDELAY] = {
		.name = "downdelay", .desc = "delay before a link is declared down, ms",
		NUM(0, INT_MAX, 0),
		.set = set_downdelay,
	},
	[BOND_OPT_UPDELAY] = {
		.name = "updelay", .desc = "delay before a link is declared up, ms",
		NUM(0, INT_MAX, 0),
		.set = set_updelay,
	},
	[BOND_OPT_LACP_RATE] = {
		.name = "lacp_rate", .desc = "LACPDU rate asked of the partner",
		ENUM(lacp_rate_names, 0),
		.flags = BOND_OPTF_DOWN | BOND_OPTF_NODEFAULT,
		.modes = BIT(BOND_MODE_8023AD),
		.set = set_lacp_rate,
	},
	[BOND_OPT_MINLINKS] = {
		.name = "min_links", .desc = "slaves needed for carrier",
		NUM(0, INT_MAX, 0),
		.set = set_min_links,
	},
	[BOND_OPT_AD_SELECT] = {
		.name = "ad_select", .desc = "802.3ad aggregator selection",
		ENUM(ad_select_names, BOND_AD_STABLE),
		.flags = BOND_OPTF_DOWN,
		.set = set_ad_select,
	},
	[BOND_OPT_NUM_PEER_NOTIF] = {
		.name = "num_unsol_na",
		.desc = "peer notifications after a failover",
		NUM(0, 255, 1),
		.set = set_num_peer_notif,
	},
	[BOND_OPT_NUM_PEER_NOTIF_ALIAS] = {
		.name = "num_grat_arp",
		.desc = "peer notifications after a failover",
		NUM(0, 255, 1),
		.set = set_num_peer_notif,
	},
	[BOND_OPT_MIIMON] = {
		.name = "miimon", .desc = "MII link monitor interval in ms",
		NUM(0, INT_MAX, 0),
		.set = set_miimon,
	},
	[BOND_OPT_PRIMARY] = {
		.name = "primary", .desc = "preferred slave",
		TEXT,
		.flags = BOND_OPTF_NODEFAULT,
		.modes = BOND_MODES_ACTIVE,
		.set = set_primary,
	},
	[BOND_OPT_PRIMARY_RESELECT] = {
		.name = "primary_reselect", .desc = "when the primary takes over",
		ENUM(primary_reselect_names, BOND_PRI_RESELECT_ALWAYS),
		.set = set_primary_reselect,
	},
	[BOND_OPT_USE_CARRIER] = {
		.name = "use_carrier", .desc = "read link state from carrier",
		ENUM(off_on_names, 1),
		.flags = BOND_OPTF_SHOW_NUM,
		.set = set_use_carrier,
	},
	[BOND_OPT_ACTIVE_SLAVE] = {
		.name = "active_slave", .desc = "the slave in use",
		TEXT,
		.flags = BOND_OPTF_NODEFAULT,
		.modes = BOND_MODES_ACTIVE,
		.set = set_active_slave,
	},
	[BOND_OPT_QUEUE_ID] = {
		.name = "queue_id", .desc = "transmit queue that selects a slave",
		TEXT,
		.flags = BOND_OPTF_NODEFAULT,
		.min = 0, .max = U16_MAX,
		.set = set_queue_id,
	},
	[BOND_OPT_ALL_SLAVES_ACTIVE] = {
		.name = "all_slaves_active",
		.desc = "deliver frames received on backups",
		ENUM(off_on_names, 0),
		.flags = BOND_OPTF_SHOW_NUM,
		.set = set_all_slaves_active,
	},
	[BOND_OPT_RESEND_IGMP] = {
		.name = "resend_igmp", .desc = "IGMP reports after a failover",
		NUM(0, 255, 1),
		.set = set_resend_igmp,
	},
	[BOND_OPT_LP_INTERVAL] = {
		.name = "lp_interval", .desc = "learning packet interval, s",
		NUM(1, INT_MAX, 1),
		.set = set_lp_interval,
	},
	[BOND_OPT_SLAVES] = {
		.name = "slaves", .desc = "enslave (+ifname) or release (-ifname)",
		TEXT,
		.flags = BOND_OPTF_NODEFAULT,
		.set = set_slaves,
	},
	[BOND_OPT_TLB_DYNAMIC_LB] = {
		.name = "tlb_dynamic_lb", .desc = "balance tlb by load",
		ENUM(off_on_names, 1),
		.flags = BOND_OPTF_DOWN | BOND_OPTF_SHOW_NUM,
		.modes = BIT(BOND_MODE_TLB) | BIT(BOND_MODE_ALB),
		.set = set_tlb_dynamic_lb,
	},
	[BOND_OPT_AD_ACTOR_SYS_PRIO] = {
		.name = "ad_actor_sys_prio", .desc = "LACP system priority",
		NUM(1, U16_MAX, U16_MAX),
		.modes = BIT(BOND_MODE_8023AD),
		.set = set_ad_actor_sys_prio,
	},
	[BOND_OPT_AD_ACTOR_SYSTEM] = {
		.name = "ad_actor_system", .desc = "LACP system MAC",
		TEXT,
		.flags = BOND_OPTF_NODEFAULT,
		.modes = BIT(BOND_MODE_8023AD),
		.set = set_ad_actor_system,
	},
	[BOND_OPT_AD_USER_PORT_KEY] = {
		.name = "ad_user_port_key", .desc = "upper 10 bits of the port key",
		NUM(0, 1023, 0),
		.flags = BOND_OPTF_DOWN,
		.modes = BIT(BOND_MODE_8023AD),
		.set = set_ad_user_port_key,
	},
	[BOND_OPT_PEER_NOTIF_DELAY] = {
		.name = "peer_notif_delay",
		.desc = "delay between peer notifications, ms",
		NUM(0, BOND_MAX_PEER_NOTIF_DELAY, 0),
		.set = set_peer_notif_delay,
	},
	[BOND_OPT_LACP_ACTIVE] = {
		.name = "lacp_active", .desc = "send LACPDUs unasked",
		ENUM(off_on_names, 1),
		.flags = BOND_OPTF_DOWN,
		.modes = BIT(BOND_MODE_8023AD),
		.set = set_lacp_active,
	},
	[BOND_OPT_MISSED_MAX] = {
		.name = "arp_missed_max",
		.desc = "missed ARP/NS intervals before link down",
		NUM(1, 255, BOND_DEFAULT_MISSED_MAX),
		.modes = BOND_MODES_NOT_LB,
		.set = set_missed_max,
	},
	[BOND_OPT_NS_TARGETS] = {
		.name = "ns_ip6_target", .desc = "NS monitor targets",
		TEXT,
		.flags = BOND_OPTF_NODEFAULT,
		.set = set_ns_targets,
	},
	[BOND_OPT_PRIO] = {
		.name = "prio", .desc = "slave failover priority",
		NUM(S32_MIN, S32_MAX, 0),
		.flags = BOND_OPTF_SLAVE | BOND_OPTF_SIGNED,
		.modes = BOND_MODES_ACTIVE,
		.set = set_prio,
	},
	[BOND_OPT_COUPLED_CONTROL] = {
		.name = "coupled_control",
		.desc = "802.3ad mux: collecting and distributing together",
		ENUM(off_on_names, 1),
		.flags = BOND_OPTF_DOWN | BOND_OPTF_SHOW_NUM,
		.modes = BIT(BOND_MODE_8023AD),
		.set = set_coupled_control,
	},
	[BOND_OPT_BROADCAST_NEIGH] = {
		.name = "broadcast_neighbor",
		.desc = "802.3ad: ARP/ND on every port",
		ENUM(off_on_names, 0),
		.flags = BOND_OPTF_SHOW_NUM,
		.modes = BIT(BOND_MODE_8023AD),
		.set = set_broadcast_neigh,
	},
	[BOND_OPT_LACP_STRICT] = {
		.name = "lacp_strict",
		.desc = "802.3ad: no traffic without a LACP partner",
		ENUM(off_on_names, 0),
		.flags = BOND_OPTF_SHOW_NUM,
		.modes = BIT(BOND_MODE_8023AD),
		.set = set_lacp_strict,
	},
	[BOND_OPT_ACTOR_PORT_PRIO] = {
		.name = "actor_port_prio", .desc = "802.3ad port priority",
		NUM(0, U16_MAX, 255),
		.flags = BOND_OPTF_SLAVE,
		.modes = BIT(BOND_MODE_8023AD),
		.set = set_actor_port_prio,
	},
	[BOND_OPT_FLAP_PENALTY] = {
		.name = "flap_penalty", .desc = "dampening: points per link down",
		NUM(1, 1000000, BOND_FLAP_DEF_PENALTY),
		.set = set_flap_penalty,
	},
	[BOND_OPT_FLAP_HALF_LIFE] = {
		.name = "flap_half_life_ms",
		.desc = "dampening: half-life of the points in ms",
		NUM(1, BOND_FLAP_MAX_MS, BOND_FLAP_DEF_HALF_LIFE),
		.set = set_flap_half_life,
	},
	[BOND_OPT_FLAP_SUPPRESS] = {
		.name = "flap_suppress",
		.desc = "dampening: points that suppress a slave, 0 off",
		NUM(0, 100000000, 0),
		.set = set_flap_suppress,
	},
	[BOND_OPT_FLAP_REUSE] = {
		.name = "flap_reuse",
		.desc = "dampening: points below which a slave returns",
		NUM(1, 100000000, BOND_FLAP_DEF_REUSE),
		.set = set_flap_reuse,
	},
	[BOND_OPT_FLAP_MAX_SUPPRESS] = {
		.name = "flap_max_suppress_ms",
		.desc = "dampening: longest suppression in ms, 0 no limit",
		NUM(0, BOND_FLAP_MAX_MS, BOND_FLAP_DEF_MAX_SUPPRESS),
		.set = set_flap_max_suppress,
	},
	[BOND_OPT_PROC_EXTENDED] = {
		.name = "proc_extended",
		.desc = "health lines in /proc/net/bonding",
		ENUM(off_on_names, 0),
		.flags = BOND_OPTF_SHOW_NUM,
		.set = set_proc_extended,
	},
};

const struct bond_option *bond_opt_get(enum bond_opt_id id)
{
	return id < BOND_OPT_COUNT ? &bond_options[id] : NULL;
}

const char *bond_opt_value_name(enum bond_opt_id id, u64 value)
{
	const struct bond_opt_name *n = bond_options[id].names;

	for (; n && n->name; n++)
		if (n->value == value)
			return n->name;
	return "unknown";
}

/* The current value of a NUM or ENUM bond option, in the units it is set in. */
u64 bond_opt_value(const struct bond *bond, enum bond_opt_id id)
{
	const struct bond_params *p = &bond->params;
	u32 miimon = READ_ONCE(p->miimon);

	switch (id) {
	case BOND_OPT_MODE:			return READ_ONCE(p->mode);
	case BOND_OPT_PACKETS_PER_SLAVE:	return READ_ONCE(p->packets_per_slave);
	case BOND_OPT_XMIT_HASH:		return READ_ONCE(p->xmit_policy);
	case BOND_OPT_ARP_VALIDATE:		return READ_ONCE(p->arp_validate);
	case BOND_OPT_ARP_ALL_TARGETS:		return READ_ONCE(p->arp_all_targets);
	case BOND_OPT_FAIL_OVER_MAC:		return READ_ONCE(p->fail_over_mac);
	case BOND_OPT_ARP_INTERVAL:		return READ_ONCE(p->arp_interval);
	case BOND_OPT_DOWNDELAY:		return READ_ONCE(p->downdelay) * miimon;
	case BOND_OPT_UPDELAY:			return READ_ONCE(p->updelay) * miimon;
	case BOND_OPT_PEER_NOTIF_DELAY:	return READ_ONCE(p->peer_notif_delay) * miimon;
	case BOND_OPT_LACP_RATE:		return READ_ONCE(p->lacp_fast);
	case BOND_OPT_MINLINKS:			return READ_ONCE(p->min_links);
	case BOND_OPT_AD_SELECT:		return READ_ONCE(p->ad_select);
	case BOND_OPT_NUM_PEER_NOTIF:
	case BOND_OPT_NUM_PEER_NOTIF_ALIAS:	return READ_ONCE(p->num_peer_notif);
	case BOND_OPT_MIIMON:			return miimon;
	case BOND_OPT_PRIMARY_RESELECT:	return READ_ONCE(p->primary_reselect);
	case BOND_OPT_USE_CARRIER:		return READ_ONCE(p->use_carrier);
	case BOND_OPT_ALL_SLAVES_ACTIVE:	return READ_ONCE(p->all_slaves_active);
	case BOND_OPT_RESEND_IGMP:		return READ_ONCE(p->resend_igmp);
	case BOND_OPT_LP_INTERVAL:		return READ_ONCE(p->lp_interval);
	case BOND_OPT_TLB_DYNAMIC_LB:		return READ_ONCE(p->tlb_dynamic_lb);
	case BOND_OPT_AD_ACTOR_SYS_PRIO:	return READ_ONCE(p->ad_actor_sys_prio);
	case BOND_OPT_AD_USER_PORT_KEY:	return READ_ONCE(p->ad_user_port_key);
	case BOND_OPT_LACP_ACTIVE:		return READ_ONCE(p->lacp_active);
	case BOND_OPT_MISSED_MAX:		return READ_ONCE(p->missed_max);
	case BOND_OPT_COUPLED_CONTROL:		return READ_ONCE(p->coupled_control);
	case BOND_OPT_BROADCAST_NEIGH:		return READ_ONCE(p->broadcast_neighbor);
	case BOND_OPT_LACP_STRICT:		return READ_ONCE(p->lacp_strict);
	case BOND_OPT_FLAP_PENALTY:		return READ_ONCE(p->flap_penalty);
	case BOND_OPT_FLAP_HALF_LIFE:		return READ_ONCE(p->flap_half_life);
	case BOND_OPT_FLAP_SUPPRESS:		return READ_ONCE(p->flap_suppress);
	case BOND_OPT_FLAP_REUSE:		return READ_ONCE(p->flap_reuse);
	case BOND_OPT_FLAP_MAX_SUPPRESS:	return READ_ONCE(p->flap_max_suppress);
	case BOND_OPT_PROC_EXTENDED:		return READ_ONCE(p->proc_extended);
	default:				return 0;
	}
}

/* Mode-driven defaults, applied when the mode is set. */
void bond_opt_mode_defaults(struct bond_params *p, u8 mode)
{
	if (mode == BOND_MODE_8023AD || bond_mode_is_tlb_alb(mode)) {
		p->arp_interval = 0;
		if (!p->miimon)
			p->miimon = BOND_DEFAULT_MIIMON;
	}
	if (mode == BOND_MODE_ALB)
		p->tlb_dynamic_lb = 1;
	p->arp_validate = BOND_ARP_VALIDATE_NONE;
	p->broadcast_neighbor = 0;
}

/* --- parsing and checking ------------------------------------------------- */

static void bond_opt_explain(const struct bond_option *opt, const char *who)
{
	const struct bond_opt_name *n;
	char list[160];
	int len = 0;

	if (opt->type == BOND_OPT_T_NUM) {
		if (opt->flags & BOND_OPTF_SIGNED)
			pr_err("%s: option %s: allowed values %lld - %lld\n",
			       who, opt->name, opt->min, opt->max);
		else
			pr_err("%s: option %s: allowed values %llu - %llu\n",
			       who, opt->name, (u64)opt->min, (u64)opt->max);
		return;
	}
	if (opt->type != BOND_OPT_T_ENUM)
		return;
	for (n = opt->names; n->name && len < sizeof(list); n++)
		len += scnprintf(list + len, sizeof(list) - len, "%s%s(%llu)",
				 len ? " " : "", n->name, n->value);
	pr_err("%s: option %s: allowed values %s\n", who, opt->name, list);
}

static bool bond_all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit(*s))
			return false;
	return true;
}

/*
 * Turn arg->str into arg->num for NUM and ENUM options, or check arg->num.
 * "default" selects the option's default. ENUM values are taken as a
 * number when all digits, else as a name.
 */
int bond_opt_parse(const struct bond_option *opt, struct bond_optarg *arg,
		   const char *who, struct netlink_ext_ack *extack)
{
	const struct bond_opt_name *n;
	s64 sval;
	u64 val;

	if (opt->type == BOND_OPT_T_TEXT)
		return 0;

	if (arg->str) {
		if (!strcmp(arg->str, "default") &&
		    !(opt->flags & BOND_OPTF_NODEFAULT)) {
			arg->num = opt->def;
			return 0;
		}
		if (opt->type == BOND_OPT_T_ENUM && !bond_all_digits(arg->str)) {
			for (n = opt->names; n->name; n++) {
				if (!strcmp(n->name, arg->str)) {
					arg->num = n->value;
					return 0;
				}
			}
			goto invalid;
		}
		if (opt->flags & BOND_OPTF_SIGNED) {
			if (kstrtos64(arg->str, 10, &sval))
				goto invalid;
			arg->num = sval;
		} else if (kstrtou64(arg->str, 10, &arg->num)) {
			goto invalid;
		}
	}

	val = arg->num;
	if (opt->type == BOND_OPT_T_ENUM) {
		for (n = opt->names; n->name; n++)
			if (n->value == val)
				return 0;
		goto invalid;
	}
	if (opt->flags & BOND_OPTF_SIGNED) {
		sval = (s64)val;
		if (sval < opt->min || sval > opt->max)
			goto invalid;
	} else if (val < (u64)opt->min || val > (u64)opt->max) {
		goto invalid;
	}
	return 0;

invalid:
	if (arg->str) {
		pr_err("%s: option %s: invalid value (%s)\n", who, opt->name,
		       arg->str);
		BOND_NL_ERR_FMT(extack, "option %s: invalid value (%s)",
				opt->name, arg->str);
	} else {
		pr_err("%s: option %s: invalid value (%llu)\n", who, opt->name,
		       arg->num);
		if (opt->type == BOND_OPT_T_NUM && !(opt->flags & BOND_OPTF_SIGNED))
			BOND_NL_ERR_FMT(extack,
					"option %s: invalid value %llu, allowed %llu - %llu",
					opt->name, arg->num, (u64)opt->min,
					(u64)opt->max);
		else
			BOND_NL_ERR_FMT(extack, "option %s: invalid value (%llu)",
					opt->name, arg->num);
	}
	bond_opt_explain(opt, who);
	return -EINVAL;
}

/*
 * The checks every door shares, against @staged (the parameters as they
 * will be once earlier options of the same request are applied) and the
 * bond's state. No side effects beyond parsing @arg.
 */
int bond_opt_check(const struct bond *bond, const struct bond_params *staged,
		   enum bond_opt_id id, struct bond_optarg *arg,
		   struct netlink_ext_ack *extack)
{
	const struct bond_option *opt = bond_opt_get(id);
	const char *who = bond->dev->name;

	if (!opt)
		return -EINVAL;
	if (opt->modes && !(opt->modes & BIT(staged->mode))) {
		netdev_err(bond->dev,
			   "option %s: mode dependency failed, not supported in mode %s(%u)\n",
			   opt->name, bond_mode_name(staged->mode), staged->mode);
		BOND_NL_ERR_FMT(extack, "option %s: not supported in mode %s(%u)",
				opt->name, bond_mode_name(staged->mode),
				staged->mode);
		return -EACCES;
	}
	if ((opt->flags & BOND_OPTF_DOWN) && netif_running(bond->dev)) {
		netdev_err(bond->dev,
			   "option %s: unable to set because the bond device is up\n",
			   opt->name);
		BOND_NL_ERR_FMT(extack, "option %s: unable to set while %s is up",
				opt->name, who);
		return -EBUSY;
	}
	if ((opt->flags & BOND_OPTF_NOSLAVES) && bond_has_slaves(bond)) {
		netdev_err(bond->dev,
			   "option %s: unable to set because the bond device has slaves\n",
			   opt->name);
		BOND_NL_ERR_FMT(extack, "option %s: unable to set while %s has slaves",
				opt->name, who);
		return -ENOTEMPTY;
	}
	return bond_opt_parse(opt, arg, who, extack);
}

/* Set one option. RTNL. */
int bond_opt_set(struct bond *bond, enum bond_opt_id id,
		 struct bond_optarg *arg, struct netlink_ext_ack *extack)
{
	const struct bond_option *opt = bond_opt_get(id);
	int err;

	ASSERT_RTNL();
	if (!opt)
		return -EINVAL;
	err = bond_opt_check(bond, &bond->params, id, arg, extack);
	if (err)
		return err;
	err = opt->set(bond, opt, arg, extack);
	if (!err)
		netdev_dbg(bond->dev, "option %s set\n", opt->name);
	return err;
}

/* Set from text (sysfs, module defaults): white space is trimmed. */
int bond_opt_set_text(struct bond *bond, enum bond_opt_id id,
		      const char *text, struct netlink_ext_ack *extack)
{
	struct bond_optarg arg = { };
	char *buf, *s;
	int err;

	buf = kstrdup(text, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	s = strim(buf);
	arg.str = s;
	err = bond_opt_set(bond, id, &arg, extack);
	kfree(buf);
	return err;
}

int bond_opt_set_num(struct bond *bond, enum bond_opt_id id, u64 num,
		     struct netlink_ext_ack *extack)
{
	struct bond_optarg arg = { .num = num };

	return bond_opt_set(bond, id, &arg, extack);
}
