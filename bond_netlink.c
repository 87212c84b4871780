// SPDX-License-Identifier: GPL-2.0
/*
 * rtnetlink: the "bond" link kind. "ip link add NAME type bond ...",
 * "ip link set NAME type bond ...", the bond's and its slaves' attributes
 * in dumps, and slave changes ("ip link set DEV type bond_slave ...").
 *
 * Every callback runs under RTNL. A change request is checked whole
 * against the options' generic rules before any of it is applied, so
 * that a bad attribute usually leaves the bond untouched; a setter may
 * still refuse after earlier attributes were applied, as in stock.
 */
#include <linux/etherdevice.h>
#include <linux/if_link.h>
#include <linux/module.h>
#include <net/ipv6.h>
#include <net/netlink.h>
#include <net/rtnetlink.h>

#include "bond.h"
#include "bond_3ad.h"
#include "bond_netlink.h"
#include "bond_monitor.h"
#include "bond_options.h"
#include "bond_params.h"
#include "bond_slave.h"

static const struct nla_policy bond_policy[BOND_IFLA_MAX + 1] = {
	[IFLA_BOND_MODE]		= { .type = NLA_U8 },
	[IFLA_BOND_ACTIVE_SLAVE]	= { .type = NLA_U32 },
	[IFLA_BOND_MIIMON]		= { .type = NLA_U32 },
	[IFLA_BOND_UPDELAY]		= { .type = NLA_U32 },
	[IFLA_BOND_DOWNDELAY]		= { .type = NLA_U32 },
	[IFLA_BOND_USE_CARRIER]		= { .type = NLA_U8 },
	[IFLA_BOND_ARP_INTERVAL]	= { .type = NLA_U32 },
	[IFLA_BOND_ARP_IP_TARGET]	= { .type = NLA_NESTED },
	[IFLA_BOND_ARP_VALIDATE]	= { .type = NLA_U32 },
	[IFLA_BOND_ARP_ALL_TARGETS]	= { .type = NLA_U32 },
	[IFLA_BOND_PRIMARY]		= { .type = NLA_U32 },
	[IFLA_BOND_PRIMARY_RESELECT]	= { .type = NLA_U8 },
	[IFLA_BOND_FAIL_OVER_MAC]	= { .type = NLA_U8 },
	[IFLA_BOND_XMIT_HASH_POLICY]	= { .type = NLA_U8 },
	[IFLA_BOND_RESEND_IGMP]		= { .type = NLA_U32 },
	[IFLA_BOND_NUM_PEER_NOTIF]	= { .type = NLA_U8 },
	[IFLA_BOND_ALL_SLAVES_ACTIVE]	= { .type = NLA_U8 },
	[IFLA_BOND_MIN_LINKS]		= { .type = NLA_U32 },
	[IFLA_BOND_LP_INTERVAL]		= { .type = NLA_U32 },
	[IFLA_BOND_PACKETS_PER_SLAVE]	= { .type = NLA_U32 },
	[IFLA_BOND_AD_LACP_RATE]	= { .type = NLA_U8 },
	[IFLA_BOND_AD_SELECT]		= { .type = NLA_U8 },
	[IFLA_BOND_AD_INFO]		= { .type = NLA_NESTED },
	[IFLA_BOND_AD_ACTOR_SYS_PRIO]	= { .type = NLA_U16 },
	[IFLA_BOND_AD_USER_PORT_KEY]	= { .type = NLA_U16 },
	[IFLA_BOND_AD_ACTOR_SYSTEM]	= { .type = NLA_BINARY, .len = ETH_ALEN },
	[IFLA_BOND_TLB_DYNAMIC_LB]	= { .type = NLA_U8 },
	[IFLA_BOND_PEER_NOTIF_DELAY]	= { .type = NLA_U32 },
	[IFLA_BOND_AD_LACP_ACTIVE]	= { .type = NLA_U8 },
	[IFLA_BOND_MISSED_MAX]		= { .type = NLA_U8 },
	[IFLA_BOND_NS_IP6_TARGET]	= { .type = NLA_NESTED },
	[IFLA_BOND_COUPLED_CONTROL]	= { .type = NLA_U8 },
	[BOND_IFLA_BROADCAST_NEIGH]	= { .type = NLA_U8 },
	[BOND_IFLA_LACP_STRICT]		= { .type = NLA_U8 },
};

static const struct nla_policy bond_slave_policy[BOND_IFLA_SLAVE_MAX + 1] = {
	[IFLA_BOND_SLAVE_QUEUE_ID]	 = { .type = NLA_U16 },
	[IFLA_BOND_SLAVE_PRIO]		 = { .type = NLA_S32 },
	[IFLA_BOND_SLAVE_ACTOR_PORT_PRIO] = { .type = NLA_U16 },
};

/* Attribute -> option, in the order a request is applied. */
struct bond_nl_opt {
	u16 attr;
	u16 opt;
};

static const struct bond_nl_opt bond_nl_opts[] = {
	{ IFLA_BOND_MODE,		BOND_OPT_MODE },
	{ IFLA_BOND_ACTIVE_SLAVE,	BOND_OPT_ACTIVE_SLAVE },
	{ IFLA_BOND_MIIMON,		BOND_OPT_MIIMON },
	{ IFLA_BOND_UPDELAY,		BOND_OPT_UPDELAY },
	{ IFLA_BOND_DOWNDELAY,		BOND_OPT_DOWNDELAY },
	{ IFLA_BOND_PEER_NOTIF_DELAY,	BOND_OPT_PEER_NOTIF_DELAY },
	{ IFLA_BOND_USE_CARRIER,	BOND_OPT_USE_CARRIER },
	{ IFLA_BOND_ARP_INTERVAL,	BOND_OPT_ARP_INTERVAL },
	{ IFLA_BOND_ARP_IP_TARGET,	BOND_OPT_ARP_TARGETS },
	{ IFLA_BOND_NS_IP6_TARGET,	BOND_OPT_NS_TARGETS },
	{ IFLA_BOND_ARP_VALIDATE,	BOND_OPT_ARP_VALIDATE },
	{ IFLA_BOND_ARP_ALL_TARGETS,	BOND_OPT_ARP_ALL_TARGETS },
	{ IFLA_BOND_PRIMARY,		BOND_OPT_PRIMARY },
	{ IFLA_BOND_PRIMARY_RESELECT,	BOND_OPT_PRIMARY_RESELECT },
	{ IFLA_BOND_FAIL_OVER_MAC,	BOND_OPT_FAIL_OVER_MAC },
	{ IFLA_BOND_XMIT_HASH_POLICY,	BOND_OPT_XMIT_HASH },
	{ IFLA_BOND_RESEND_IGMP,	BOND_OPT_RESEND_IGMP },
	{ IFLA_BOND_NUM_PEER_NOTIF,	BOND_OPT_NUM_PEER_NOTIF },
	{ IFLA_BOND_ALL_SLAVES_ACTIVE,	BOND_OPT_ALL_SLAVES_ACTIVE },
	{ IFLA_BOND_MIN_LINKS,		BOND_OPT_MINLINKS },
	{ IFLA_BOND_LP_INTERVAL,	BOND_OPT_LP_INTERVAL },
	{ IFLA_BOND_PACKETS_PER_SLAVE,	BOND_OPT_PACKETS_PER_SLAVE },
	{ IFLA_BOND_AD_LACP_ACTIVE,	BOND_OPT_LACP_ACTIVE },
	{ IFLA_BOND_AD_LACP_RATE,	BOND_OPT_LACP_RATE },
	{ IFLA_BOND_AD_SELECT,		BOND_OPT_AD_SELECT },
	{ IFLA_BOND_AD_ACTOR_SYS_PRIO,	BOND_OPT_AD_ACTOR_SYS_PRIO },
	{ IFLA_BOND_AD_USER_PORT_KEY,	BOND_OPT_AD_USER_PORT_KEY },
	{ IFLA_BOND_AD_ACTOR_SYSTEM,	BOND_OPT_AD_ACTOR_SYSTEM },
	{ IFLA_BOND_TLB_DYNAMIC_LB,	BOND_OPT_TLB_DYNAMIC_LB },
	{ IFLA_BOND_MISSED_MAX,		BOND_OPT_MISSED_MAX },
	{ IFLA_BOND_COUPLED_CONTROL,	BOND_OPT_COUPLED_CONTROL },
	{ BOND_IFLA_BROADCAST_NEIGH,	BOND_OPT_BROADCAST_NEIGH },
	{ BOND_IFLA_LACP_STRICT,	BOND_OPT_LACP_STRICT },
};

/* Room for the address lists of the target nests, per request. */
struct bond_nl_targets {
	__be32 arp[BOND_MAX_ARP_TARGETS];
	struct in6_addr ns[BOND_MAX_NS_TARGETS];
};

static int bond_nl_targets(struct nlattr *nest, void *out, size_t each,
			   unsigned int max, unsigned int *len,
			   struct netlink_ext_ack *extack)
{
	struct nlattr *a;
	unsigned int n = 0;
	int rem;

	nla_for_each_nested(a, nest, rem) {
		if (nla_len(a) < each) {
			NL_SET_ERR_MSG_ATTR(extack, a, "invalid target address length");
			return -EINVAL;
		}
		if (n == max) {
			NL_SET_ERR_MSG_ATTR(extack, a, "too many targets");
			return -EINVAL;
		}
		memcpy((u8 *)out + n * each, nla_data(a), each);
		n++;
	}
	*len = n * each;
	return 0;
}

/* Build the engine's argument for one attribute. */
static int bond_nl_arg(struct bond *bond, const struct bond_nl_opt *o,
		       struct nlattr *a, struct bond_optarg *arg,
		       struct bond_nl_targets *t, struct netlink_ext_ack *extack)
{
	struct net *net = dev_net(bond->dev);
	struct net_device *dev;
	u32 ifindex;

	memset(arg, 0, sizeof(*arg));
	switch (o->attr) {
	case IFLA_BOND_ACTIVE_SLAVE:
		ifindex = nla_get_u32(a);
		arg->str = "";
		if (!ifindex)
			return 0;
		dev = __dev_get_by_index(net, ifindex);
		if (!dev) {
			NL_SET_ERR_MSG_ATTR(extack, a, "active_slave: no device with this ifindex");
			return -ENODEV;
		}
		arg->dev = dev;
		return 0;
	case IFLA_BOND_PRIMARY:
		/* an unknown ifindex clears the primary, as in stock */
		dev = __dev_get_by_index(net, nla_get_u32(a));
		arg->dev = dev;
		arg->str = "";
		return 0;
	case IFLA_BOND_ARP_IP_TARGET:
		arg->data = t->arp;
		return bond_nl_targets(a, t->arp, sizeof(__be32),
				       BOND_MAX_ARP_TARGETS, &arg->len, extack);
	case IFLA_BOND_NS_IP6_TARGET:
		arg->data = t->ns;
		return bond_nl_targets(a, t->ns, sizeof(struct in6_addr),
				       BOND_MAX_NS_TARGETS, &arg->len, extack);
	case IFLA_BOND_AD_ACTOR_SYSTEM:
		if (nla_len(a) != ETH_ALEN) {
			NL_SET_ERR_MSG_ATTR(extack, a, "ad_actor_system must be 6 bytes");
			return -EINVAL;
		}
		arg->data = nla_data(a);
		arg->len = ETH_ALEN;
		return 0;
	}

	switch (bond_policy[o->attr].type) {
	case NLA_U8:
		arg->num = nla_get_u8(a);
		break;
	case NLA_U16:
		arg->num = nla_get_u16(a);
		break;
	default:
		arg->num = nla_get_u32(a);
		break;
	}
	return 0;
}

/* What applying @id with @arg does to the options later checks look at. */
static void bond_nl_stage(struct bond_params *p, enum bond_opt_id id,
			  const struct bond_optarg *arg)
{
	switch (id) {
	case BOND_OPT_MODE:
		bond_opt_mode_defaults(p, arg->num);
		p->mode = arg->num;
		break;
	case BOND_OPT_MIIMON:
		p->miimon = arg->num;
		if (arg->num)
			p->arp_interval = 0;
		break;
	case BOND_OPT_ARP_INTERVAL:
		p->arp_interval = arg->num;
		if (arg->num)
			p->miimon = 0;
		break;
	default:
		break;
	}
}

static bool bond_opt_is_delay(enum bond_opt_id id)
{
	return id == BOND_OPT_UPDELAY || id == BOND_OPT_DOWNDELAY ||
	       id == BOND_OPT_PEER_NOTIF_DELAY;
}

static int bond_changelink(struct net_device *bdev, struct nlattr *tb[],
			   struct nlattr *data[],
			   struct netlink_ext_ack *extack)
{
	struct bond *bond = bond_of(bdev);
	struct bond_nl_targets *t;
	struct bond_params staged;
	struct bond_optarg arg;
	int i, err = 0;

	ASSERT_RTNL();
	if (!data) {
		bond_monitor_sanity(bond, extack);
		return 0;
	}

	if (data[IFLA_BOND_MIIMON] && nla_get_u32(data[IFLA_BOND_MIIMON]) &&
	    ((data[IFLA_BOND_ARP_INTERVAL] &&
	      nla_get_u32(data[IFLA_BOND_ARP_INTERVAL])) ||
	     (data[IFLA_BOND_ARP_VALIDATE] &&
	      nla_get_u32(data[IFLA_BOND_ARP_VALIDATE])))) {
		NL_SET_ERR_MSG(extack, "ARP monitoring cannot be used with MII monitoring");
		netdev_err(bdev, "ARP monitoring cannot be used with MII monitoring\n");
		return -EINVAL;
	}

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;

	/* pass 1: check everything against the staged parameters */
	staged = bond->params;
	for (i = 0; i < ARRAY_SIZE(bond_nl_opts); i++) {
		const struct bond_nl_opt *o = &bond_nl_opts[i];
		struct nlattr *a = data[o->attr];

		if (!a)
			continue;
		err = bond_nl_arg(bond, o, a, &arg, t, extack);
		if (!err)
			err = bond_opt_check(bond, &staged, o->opt, &arg, extack);
		if (!err && bond_opt_is_delay(o->opt) && !staged.miimon) {
			BOND_NL_ERR_FMT(extack,
						  "option %s: unable to set as MII monitoring is disabled",
						  bond_opt_get(o->opt)->name);
			netdev_err(bdev, "option %s: unable to set as MII monitoring is disabled\n",
				   bond_opt_get(o->opt)->name);
			err = -EPERM;
		}
		if (err) {
			NL_SET_BAD_ATTR(extack, a);
			goto out;
		}
		bond_nl_stage(&staged, o->opt, &arg);
	}

	/* pass 2: apply in order */
	for (i = 0; i < ARRAY_SIZE(bond_nl_opts); i++) {
		const struct bond_nl_opt *o = &bond_nl_opts[i];
		struct nlattr *a = data[o->attr];

		if (!a)
			continue;
		err = bond_nl_arg(bond, o, a, &arg, t, extack);
		if (!err)
			err = bond_opt_set(bond, o->opt, &arg, extack);
		if (err) {
			NL_SET_BAD_ATTR(extack, a);
			goto out;
		}
	}
out:
	kfree(t);
	if (!err)
		bond_monitor_sanity(bond, extack);
	return err;
}

static int bond_validate(struct nlattr *tb[], struct nlattr *data[],
			 struct netlink_ext_ack *extack)
{
	if (tb[IFLA_IFNAME] &&
	    !nla_strcmp(tb[IFLA_IFNAME], "bonding_masters")) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_IFNAME],
				    "bonding_masters is the bonding control file's name, not allowed for a bond");
		return -EEXIST;
	}
	if (tb[IFLA_ADDRESS]) {
		if (nla_len(tb[IFLA_ADDRESS]) != ETH_ALEN) {
			NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS],
					    "bond address must be 6 bytes");
			return -EINVAL;
		}
		if (!is_valid_ether_addr(nla_data(tb[IFLA_ADDRESS]))) {
			NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS],
					    "bond address must be a valid unicast MAC");
			return -EADDRNOTAVAIL;
		}
	}
	return 0;
}

static int bond_newlink(struct net *src_net, struct net_device *dev,
			struct nlattr *tb[], struct nlattr *data[],
			struct netlink_ext_ack *extack)
{
	int err;

	err = register_netdevice(dev);
	if (err)
		return err;
	netif_carrier_off(dev);
	err = bond_changelink(dev, tb, data, extack);
	if (err)
		unregister_netdevice(dev);
	return err;
}

static unsigned int bond_get_num_queues(void)
{
	return bond_defaults.tx_queues;
}

/* --- dumps ---------------------------------------------------------------------- */

static size_t bond_get_size(const struct net_device *dev)
{
	return nla_total_size(sizeof(u8)) +	/* MODE */
		nla_total_size(sizeof(u32)) +	/* ACTIVE_SLAVE */
		nla_total_size(sizeof(u32)) * 3 + /* MIIMON, UPDELAY, DOWNDELAY */
		nla_total_size(sizeof(u32)) +	/* PEER_NOTIF_DELAY */
		nla_total_size(sizeof(u8)) +	/* USE_CARRIER */
		nla_total_size(sizeof(u32)) +	/* ARP_INTERVAL */
		nla_total_size(0) +		/* ARP_IP_TARGET */
		nla_total_size(sizeof(u32)) * BOND_MAX_ARP_TARGETS +
		nla_total_size(sizeof(u32)) * 2 + /* ARP_VALIDATE, ALL_TARGETS */
		nla_total_size(sizeof(u32)) +	/* PRIMARY */
		nla_total_size(sizeof(u8)) * 3 + /* RESELECT, FOM, XMIT_HASH */
		nla_total_size(sizeof(u32)) +	/* RESEND_IGMP */
		nla_total_size(sizeof(u8)) * 2 + /* NUM_PEER_NOTIF, ALL_SLAVES */
		nla_total_size(sizeof(u32)) * 3 + /* MIN_LINKS, LP, PPS */
		nla_total_size(sizeof(u8)) * 3 + /* LACP_ACTIVE, RATE, SELECT */
		nla_total_size(0) +		/* AD_INFO */
		nla_total_size(sizeof(u16)) * 4 +
		nla_total_size(ETH_ALEN) +
		nla_total_size(sizeof(u16)) * 2 + /* SYS_PRIO, USER_PORT_KEY */
		nla_total_size(ETH_ALEN) +	/* AD_ACTOR_SYSTEM */
		nla_total_size(sizeof(u8)) * 2 + /* TLB_DYNAMIC_LB, MISSED_MAX */
		nla_total_size(0) +		/* NS_IP6_TARGET */
		nla_total_size(sizeof(struct in6_addr)) * BOND_MAX_NS_TARGETS +
		nla_total_size(sizeof(u8)) * 3 + /* COUPLED, BCAST_NEIGH, STRICT */
		0;
}

static int bond_fill_targets(struct sk_buff *skb, const struct bond *bond)
{
	const struct bond_params *p = &bond->params;
	struct nlattr *nest;
	int i, n;

	for (i = 0, n = 0; i < BOND_MAX_ARP_TARGETS; i++)
		n += !!p->arp_targets[i];
	if (n) {
		nest = nla_nest_start_noflag(skb, IFLA_BOND_ARP_IP_TARGET);
		if (!nest)
			return -EMSGSIZE;
		for (i = 0, n = 0; i < BOND_MAX_ARP_TARGETS; i++)
			if (p->arp_targets[i] &&
			    nla_put_be32(skb, n++, p->arp_targets[i]))
				return -EMSGSIZE;
		nla_nest_end(skb, nest);
	}
	return 0;
}

static int bond_fill_ns_targets(struct sk_buff *skb, const struct bond *bond)
{
	const struct bond_params *p = &bond->params;
	struct nlattr *nest;
	int i, n;

	for (i = 0, n = 0; i < BOND_MAX_NS_TARGETS; i++)
		n += !ipv6_addr_any(&p->ns_targets[i]);
	if (!n)
		return 0;
	nest = nla_nest_start_noflag(skb, IFLA_BOND_NS_IP6_TARGET);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0, n = 0; i < BOND_MAX_NS_TARGETS; i++)
		if (!ipv6_addr_any(&p->ns_targets[i]) &&
		    nla_put_in6_addr(skb, n++, &p->ns_targets[i]))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int bond_fill_3ad(struct sk_buff *skb, struct bond *bond)
{
	const struct bond_params *p = &bond->params;
	struct ad_info info;
	struct nlattr *nest;

	if (capable(CAP_NET_ADMIN)) {
		if (nla_put_u16(skb, IFLA_BOND_AD_ACTOR_SYS_PRIO,
				p->ad_actor_sys_prio) ||
		    nla_put_u16(skb, IFLA_BOND_AD_USER_PORT_KEY,
				p->ad_user_port_key) ||
		    nla_put(skb, IFLA_BOND_AD_ACTOR_SYSTEM, ETH_ALEN,
			    p->ad_actor_system))
			return -EMSGSIZE;
	}
	if (bond_3ad_get_info(bond, &info))
		return 0;
	nest = nla_nest_start_noflag(skb, IFLA_BOND_AD_INFO);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u16(skb, IFLA_BOND_AD_INFO_AGGREGATOR, info.aggregator_id) ||
	    nla_put_u16(skb, IFLA_BOND_AD_INFO_NUM_PORTS, info.ports) ||
	    nla_put_u16(skb, IFLA_BOND_AD_INFO_ACTOR_KEY, info.actor_key) ||
	    nla_put_u16(skb, IFLA_BOND_AD_INFO_PARTNER_KEY, info.partner_key) ||
	    nla_put(skb, IFLA_BOND_AD_INFO_PARTNER_MAC, ETH_ALEN,
		    info.partner_system))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int bond_fill_info(struct sk_buff *skb, const struct net_device *dev)
{
	struct bond *bond = bond_of(dev);
	const struct bond_params *p = &bond->params;
	struct bond_slave *act;
	int err = -EMSGSIZE;

	if (nla_put_u8(skb, IFLA_BOND_MODE, p->mode))
		return err;
	rcu_read_lock();
	act = rcu_dereference(bond->active);
	if (act && bond_mode_uses_active(p->mode) &&
	    nla_put_u32(skb, IFLA_BOND_ACTIVE_SLAVE, act->dev->ifindex)) {
		rcu_read_unlock();
		return err;
	}
	act = READ_ONCE(bond->primary_slave);
	if (act && nla_put_u32(skb, IFLA_BOND_PRIMARY, act->dev->ifindex)) {
		rcu_read_unlock();
		return err;
	}
	rcu_read_unlock();

	if (nla_put_u32(skb, IFLA_BOND_MIIMON, p->miimon) ||
	    nla_put_u32(skb, IFLA_BOND_UPDELAY, p->updelay * p->miimon) ||
	    nla_put_u32(skb, IFLA_BOND_DOWNDELAY, p->downdelay * p->miimon) ||
	    nla_put_u32(skb, IFLA_BOND_PEER_NOTIF_DELAY,
			p->peer_notif_delay * p->miimon) ||
	    nla_put_u8(skb, IFLA_BOND_USE_CARRIER, p->use_carrier) ||
	    nla_put_u32(skb, IFLA_BOND_ARP_INTERVAL, p->arp_interval) ||
	    bond_fill_targets(skb, bond) ||
	    nla_put_u32(skb, IFLA_BOND_ARP_VALIDATE, p->arp_validate) ||
	    nla_put_u32(skb, IFLA_BOND_ARP_ALL_TARGETS, p->arp_all_targets) ||
	    nla_put_u8(skb, IFLA_BOND_PRIMARY_RESELECT, p->primary_reselect) ||
	    nla_put_u8(skb, IFLA_BOND_FAIL_OVER_MAC, p->fail_over_mac) ||
	    nla_put_u8(skb, IFLA_BOND_XMIT_HASH_POLICY, p->xmit_policy) ||
	    nla_put_u32(skb, IFLA_BOND_RESEND_IGMP, p->resend_igmp) ||
	    nla_put_u8(skb, IFLA_BOND_NUM_PEER_NOTIF, p->num_peer_notif) ||
	    nla_put_u8(skb, IFLA_BOND_ALL_SLAVES_ACTIVE, p->all_slaves_active) ||
	    nla_put_u32(skb, IFLA_BOND_MIN_LINKS, p->min_links) ||
	    nla_put_u32(skb, IFLA_BOND_LP_INTERVAL, p->lp_interval) ||
	    nla_put_u32(skb, IFLA_BOND_PACKETS_PER_SLAVE,
			p->packets_per_slave) ||
	    nla_put_u8(skb, IFLA_BOND_AD_LACP_ACTIVE, p->lacp_active) ||
	    nla_put_u8(skb, IFLA_BOND_AD_LACP_RATE, p->lacp_fast) ||
	    nla_put_u8(skb, IFLA_BOND_AD_SELECT, p->ad_select) ||
	    nla_put_u8(skb, IFLA_BOND_TLB_DYNAMIC_LB, p->tlb_dynamic_lb) ||
	    nla_put_u8(skb, IFLA_BOND_MISSED_MAX, p->missed_max) ||
	    bond_fill_ns_targets(skb, bond) ||
	    nla_put_u8(skb, IFLA_BOND_COUPLED_CONTROL, p->coupled_control) ||
	    nla_put_u8(skb, BOND_IFLA_BROADCAST_NEIGH, p->broadcast_neighbor) ||
	    nla_put_u8(skb, BOND_IFLA_LACP_STRICT, p->lacp_strict))
		return err;

	if (p->mode == BOND_MODE_8023AD && bond_fill_3ad(skb, bond))
		return err;
	return 0;
}

/* --- slaves ---------------------------------------------------------------------- */

static size_t bond_get_slave_size(const struct net_device *bdev,
				  const struct net_device *sdev)
{
	return nla_total_size(sizeof(u8)) +	/* STATE */
		nla_total_size(sizeof(u8)) +	/* MII_STATUS */
		nla_total_size(sizeof(u32)) +	/* LINK_FAILURE_COUNT */
		nla_total_size(MAX_ADDR_LEN) +	/* PERM_HWADDR */
		nla_total_size(sizeof(u16)) +	/* QUEUE_ID */
		nla_total_size(sizeof(u16)) +	/* AD_AGGREGATOR_ID */
		nla_total_size(sizeof(u8)) +	/* AD_ACTOR_OPER_PORT_STATE */
		nla_total_size(sizeof(u16)) +	/* AD_PARTNER_OPER_PORT_STATE */
		nla_total_size(sizeof(s32)) +	/* PRIO */
		nla_total_size(sizeof(u16)) +	/* ACTOR_PORT_PRIO */
		nla_total_size(sizeof(u8)) * 2 + /* AD_CHURN_* */
		0;
}

static int bond_fill_slave_info(struct sk_buff *skb,
				const struct net_device *bdev,
				const struct net_device *sdev)
{
	struct bond_slave *slave = bond_slave_of(sdev);
	struct bond_3ad_slave_info ad;

	if (!slave)
		return 0;
	if (nla_put_u8(skb, IFLA_BOND_SLAVE_STATE,
		       slave->backup ? BOND_STATE_BACKUP : BOND_STATE_ACTIVE) ||
	    nla_put_u8(skb, IFLA_BOND_SLAVE_MII_STATUS, slave->link) ||
	    nla_put_u32(skb, IFLA_BOND_SLAVE_LINK_FAILURE_COUNT,
			slave->link_failure_count) ||
	    nla_put(skb, IFLA_BOND_SLAVE_PERM_HWADDR, sdev->addr_len,
		    slave->perm_hwaddr) ||
	    nla_put_u16(skb, IFLA_BOND_SLAVE_QUEUE_ID, slave->queue_id) ||
	    nla_put_s32(skb, IFLA_BOND_SLAVE_PRIO, slave->prio))
		return -EMSGSIZE;

	if (slave->bond->params.mode != BOND_MODE_8023AD)
		return 0;
	if (nla_put_u16(skb, IFLA_BOND_SLAVE_ACTOR_PORT_PRIO,
			slave->actor_port_prio))
		return -EMSGSIZE;
	if (bond_3ad_get_slave_info(slave, &ad))
		return 0;
	if ((ad.aggregator_id &&
	     nla_put_u16(skb, IFLA_BOND_SLAVE_AD_AGGREGATOR_ID,
			 ad.aggregator_id)) ||
	    nla_put_u8(skb, IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE,
		       ad.actor_state) ||
	    nla_put_u16(skb, IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE,
			ad.partner_state) ||
	    nla_put_u8(skb, IFLA_BOND_SLAVE_AD_CHURN_ACTOR_STATE,
		       ad.churn_actor) ||
	    nla_put_u8(skb, IFLA_BOND_SLAVE_AD_CHURN_PARTNER_STATE,
		       ad.churn_partner))
		return -EMSGSIZE;
	return 0;
}

static int bond_slave_changelink(struct net_device *bdev,
				 struct net_device *sdev, struct nlattr *tb[],
				 struct nlattr *data[],
				 struct netlink_ext_ack *extack)
{
	struct bond *bond = bond_of(bdev);
	struct bond_optarg arg = { };
	int err;

	ASSERT_RTNL();
	if (!data)
		return 0;
	arg.slave = bond_slave_by_dev(bond, sdev);
	if (!arg.slave) {
		NL_SET_ERR_MSG(extack, "device is not a slave of this bond");
		return -ENODEV;
	}
	if (data[IFLA_BOND_SLAVE_QUEUE_ID]) {
		arg.num = nla_get_u16(data[IFLA_BOND_SLAVE_QUEUE_ID]);
		err = bond_opt_set(bond, BOND_OPT_QUEUE_ID, &arg, extack);
		if (err)
			return err;
	}
	if (data[IFLA_BOND_SLAVE_PRIO]) {
		arg.num = (u64)(s64)nla_get_s32(data[IFLA_BOND_SLAVE_PRIO]);
		err = bond_opt_set(bond, BOND_OPT_PRIO, &arg, extack);
		if (err)
			return err;
	}
	if (data[IFLA_BOND_SLAVE_ACTOR_PORT_PRIO]) {
		arg.num = nla_get_u16(data[IFLA_BOND_SLAVE_ACTOR_PORT_PRIO]);
		err = bond_opt_set(bond, BOND_OPT_ACTOR_PORT_PRIO, &arg, extack);
		if (err)
			return err;
	}
	return 0;
}

/* --- xstats: the 802.3ad protocol counters (ip -s link xstats type bond) ---- */

static size_t bond_get_linkxstats_size(const struct net_device *dev, int attr)
{
	return nla_total_size(0) +	/* LINK_XSTATS_TYPE_BOND */
	       nla_total_size(0) +	/* BOND_XSTATS_3AD */
	       nla_total_size_64bit(sizeof(u64)) * BOND_3AD_STAT_PAD;
}

static int bond_fill_linkxstats(struct sk_buff *skb,
				const struct net_device *dev,
				int *prividx, int attr)
{
	struct bond_3ad_stats st;
	struct bond_slave *slave = NULL;
	struct nlattr *nest, *nest3ad;
	struct bond *bond;
	const u64 *v = (const u64 *)&st;
	int i;

	BUILD_BUG_ON(sizeof(st) != BOND_3AD_STAT_PAD * sizeof(u64));
	if (attr == IFLA_STATS_LINK_XSTATS_SLAVE) {
		slave = bond_slave_of(dev);
		if (!slave)
			return 0;
		bond = slave->bond;
	} else {
		bond = bond_of(dev);
	}
	if (bond_3ad_get_stats(bond, slave, &st))
		return 0;

	nest = nla_nest_start_noflag(skb, LINK_XSTATS_TYPE_BOND);
	if (!nest)
		return -EMSGSIZE;
	nest3ad = nla_nest_start_noflag(skb, BOND_XSTATS_3AD);
	if (!nest3ad)
		goto cancel;
	for (i = 0; i < BOND_3AD_STAT_PAD; i++)
		if (nla_put_u64_64bit(skb, i, v[i], BOND_3AD_STAT_PAD))
			goto cancel;
	nla_nest_end(skb, nest3ad);
	nla_nest_end(skb, nest);
	return 0;
cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

struct rtnl_link_ops bond_link_ops __read_mostly = {
	.kind			= "bond",
	.priv_size		= sizeof(struct bond),
	.setup			= bond_setup,
	.maxtype		= BOND_IFLA_MAX,
	.policy			= bond_policy,
	.validate		= bond_validate,
	.newlink		= bond_newlink,
	.changelink		= bond_changelink,
	.get_size		= bond_get_size,
	.fill_info		= bond_fill_info,
	.get_num_tx_queues	= bond_get_num_queues,
	.get_num_rx_queues	= bond_get_num_queues,
	.slave_maxtype		= BOND_IFLA_SLAVE_MAX,
	.slave_policy		= bond_slave_policy,
	.slave_changelink	= bond_slave_changelink,
	.get_slave_size		= bond_get_slave_size,
	.fill_slave_info	= bond_fill_slave_info,
	.get_linkxstats_size	= bond_get_linkxstats_size,
	.fill_linkxstats	= bond_fill_linkxstats,
};

int bond_netlink_init(void)
{
	return rtnl_link_register(&bond_link_ops);
}

void bond_netlink_uninit(void)
{
	rtnl_link_unregister(&bond_link_ops);
}

MODULE_ALIAS_RTNL_LINK("bond");
