// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "bonding" (include/bond_genl.h): its
 * registration, the "events" group bond_events.c multicasts on, and the
 * requests:
 *
 *  GET  every value of a bond (doit) or of every bond of the caller's
 *       namespace (dumpit): the option table's values and read-only state,
 *       as text exactly as sysfs shows it, and the same for each slave;
 *  SET  options of one bond from text, through the option engine, as a
 *       sysfs write does.
 *
 * The values are the sysfs files' own: the bond's come from walking the
 * bond's attribute group (bond_sysfs_group()) and the slave's from walking
 * the groups of the slave record's kobject type, calling each file's show
 * function, so a file added there is reported here with no change. Option
 * table entries that have no sysfs file (netlink-only options) are added
 * from the option engine's values.
 *
 * Locking: both requests run in process context under genl_mutex (the
 * family is not parallel_ops) and take RTNL, so the bond, its slaves and
 * its parameters are stable while a reply is built. The sysfs show
 * functions called here take no lock beyond RCU (bond_sysfs.c and
 * bond_sysfs_slave.c read with READ_ONCE and RCU; they must never take
 * RTNL, which sysfs readers do not hold, and would deadlock here). A dump
 * takes RTNL anew for each reply skb and resumes by the bond's position in
 * the namespace's list; a bond added or removed between two parts of a
 * dump may be missed or seen twice, as with rtnetlink dumps.
 *
 * sysfs_emit() insists on a page-aligned buffer: the values are rendered
 * into a page of our own.
 */
#include <linux/gfp.h>
#include <linux/kobject.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <net/genetlink.h>
#include <net/ipv6.h>

#include "bond.h"
#include "bond_genl.h"
#include "bond_genl_family.h"
#include "bond_options.h"
#include "bond_sysfs.h"

/* --- policies --------------------------------------------------------------- */

static const struct nla_policy bond_genl_opt_policy[BOND_GENL_OPT_A_MAX + 1] = {
	[BOND_GENL_OPT_A_NAME]	= { .type = NLA_NUL_STRING,
				    .len = BOND_GENL_OPT_NAME_MAX },
	[BOND_GENL_OPT_A_VALUE]	= { .type = NLA_NUL_STRING,
				    .len = BOND_GENL_OPT_VALUE_MAX },
	[BOND_GENL_OPT_A_ENUM]	= { .type = NLA_REJECT },	/* replies only */
};

static const struct nla_policy bond_genl_get_policy[BOND_GENL_A_MAX + 1] = {
	[BOND_GENL_A_BOND_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[BOND_GENL_A_BOND_NAME]		= { .type = NLA_NUL_STRING,
					    .len = IFNAMSIZ - 1 },
};

static const struct nla_policy bond_genl_set_policy[BOND_GENL_A_MAX + 1] = {
	[BOND_GENL_A_BOND_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[BOND_GENL_A_BOND_NAME]		= { .type = NLA_NUL_STRING,
					    .len = IFNAMSIZ - 1 },
	[BOND_GENL_A_OPTION]		= NLA_POLICY_NESTED(bond_genl_opt_policy),
};

/* --- finding the bond ------------------------------------------------------- */

/* The bond named by the request, in the caller's namespace. RTNL. */
static struct bond *bond_genl_find(struct genl_info *info)
{
	struct nlattr *a_idx = info->attrs[BOND_GENL_A_BOND_IFINDEX];
	struct nlattr *a_name = info->attrs[BOND_GENL_A_BOND_NAME];
	struct net *net = genl_info_net(info);
	struct net_device *dev = NULL;

	ASSERT_RTNL();
	if (!a_idx && !a_name) {
		NL_SET_ERR_MSG(info->extack, "bond ifindex or name required");
		return ERR_PTR(-EINVAL);
	}
	if (a_idx)
		dev = __dev_get_by_index(net, nla_get_u32(a_idx));
	else
		dev = __dev_get_by_name(net, nla_data(a_name));
	if (dev && a_idx && a_name && strcmp(dev->name, nla_data(a_name))) {
		NL_SET_ERR_MSG_ATTR(info->extack, a_name,
				    "bond ifindex and name do not match");
		return ERR_PTR(-EINVAL);
	}
	if (!dev || !bond_is_ours(dev)) {
		NL_SET_ERR_MSG_ATTR(info->extack, a_idx ? a_idx : a_name,
				    "no such bond");
		return ERR_PTR(-ENODEV);
	}
	return bond_of(dev);
}

/* --- GET ---------------------------------------------------------------------- */

/* One (name, value) pair; @len bytes of @val, a trailing newline dropped. */
static int bond_genl_put_opt(struct sk_buff *skb, int type, const char *name,
			     char *val, ssize_t len, bool is_enum)
{
	struct nlattr *nest;

	if (len < 0)
		return 0;	/* unreadable just now: left out */
	len = min_t(ssize_t, len, PAGE_SIZE - 1);
	while (len && val[len - 1] == '\n')
		len--;
	val[len] = '\0';

	nest = nla_nest_start(skb, type);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_string(skb, BOND_GENL_OPT_A_NAME, name) ||
	    nla_put_string(skb, BOND_GENL_OPT_A_VALUE, val) ||
	    (is_enum && nla_put_flag(skb, BOND_GENL_OPT_A_ENUM))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* The option table's entry called @name, or -1. */
static int bond_genl_opt_id(const char *name)
{
	const struct bond_option *opt;
	int id;

	for (id = 0; id < BOND_OPT_COUNT; id++) {
		opt = bond_opt_get(id);
		if (opt && opt->name && !strcmp(opt->name, name))
			return id;
	}
	return -1;
}

/* sysfs shows an enumerated option as "name number" unless SHOW_NUM */
static bool bond_genl_opt_is_enum(int id)
{
	const struct bond_option *opt = id >= 0 ? bond_opt_get(id) : NULL;

	return opt && opt->type == BOND_OPT_T_ENUM &&
	       !(opt->flags & BOND_OPTF_SHOW_NUM);
}

static bool bond_genl_attr_readable(struct kobject *kobj,
				    const struct attribute_group *grp,
				    struct attribute *attr, int n)
{
	umode_t mode = attr->mode;

	if (grp->is_visible)
		mode = grp->is_visible(kobj, attr, n);
	return mode & 0444;
}

static bool bond_genl_has_attr(const struct attribute_group *grp,
			       const char *name)
{
	struct attribute *const *a;

	for (a = grp->attrs; a && *a; a++)
		if (!strcmp((*a)->name, name))
			return true;
	return false;
}

/* ns_ip6_target has no sysfs file: its value as a list like arp_ip_target */
static ssize_t bond_genl_show_ns_targets(struct bond *bond, char *buf)
{
	const struct in6_addr *t;
	int i, len = 0;

	for (i = 0; i < BOND_MAX_NS_TARGETS; i++) {
		t = &bond->params.ns_targets[i];
		if (!ipv6_addr_any(t))
			len += scnprintf(buf + len, PAGE_SIZE - len, "%s%pI6c",
					 len ? " " : "", t);
	}
	return len;
}

/* An option without a sysfs file, from the option engine; -1: none to show. */
static ssize_t bond_genl_show_opt(struct bond *bond, int id, char *buf)
{
	const struct bond_option *opt = bond_opt_get(id);
	u64 val;

	if (id == BOND_OPT_NS_TARGETS)
		return bond_genl_show_ns_targets(bond, buf);
	if (opt->type == BOND_OPT_T_TEXT)
		return -1;	/* no generic way to read it back */
	val = bond_opt_value(bond, id);
	if (opt->flags & BOND_OPTF_SIGNED)
		return scnprintf(buf, PAGE_SIZE, "%lld", (s64)val);
	if (!bond_genl_opt_is_enum(id))
		return scnprintf(buf, PAGE_SIZE, "%llu", val);
	return scnprintf(buf, PAGE_SIZE, "%s %llu",
			 bond_opt_value_name(id, val), val);
}

/* A slave option without a bonding_slave file; -1: unknown to us. */
static ssize_t bond_genl_show_slave_opt(struct bond_slave *slave, int id,
					char *buf)
{
	switch (id) {
	case BOND_OPT_PRIO:
		return scnprintf(buf, PAGE_SIZE, "%d", READ_ONCE(slave->prio));
	case BOND_OPT_ACTOR_PORT_PRIO:
		return scnprintf(buf, PAGE_SIZE, "%u",
				 READ_ONCE(slave->actor_port_prio));
	default:
		return -1;
	}
}

static int bond_genl_fill_bond_opts(struct sk_buff *skb, struct bond *bond,
				    char *page)
{
	const struct attribute_group *grp = bond_sysfs_group();
	struct device *d = &bond->dev->dev;
	const struct bond_option *opt;
	struct device_attribute *da;
	struct attribute *const *a;
	int id, n, err;

	/* every file of bonding/, in its order */
	for (a = grp->attrs, n = 0; *a; a++, n++) {
		if (!bond_genl_attr_readable(&d->kobj, grp, *a, n))
			continue;
		da = container_of(*a, struct device_attribute, attr);
		if (!da->show)
			continue;
		err = bond_genl_put_opt(skb, BOND_GENL_A_OPTION, (*a)->name,
					page, da->show(d, da, page),
					bond_genl_opt_is_enum(bond_genl_opt_id((*a)->name)));
		if (err)
			return err;
	}
	/* then the bond options that have no file */
	for (id = 0; id < BOND_OPT_COUNT; id++) {
		opt = bond_opt_get(id);
		if (!opt || !opt->name || (opt->flags & BOND_OPTF_SLAVE) ||
		    bond_genl_has_attr(grp, opt->name))
			continue;
		err = bond_genl_put_opt(skb, BOND_GENL_A_OPTION, opt->name, page,
					bond_genl_show_opt(bond, id, page),
					bond_genl_opt_is_enum(id));
		if (err)
			return err;
	}
	return 0;
}

/* Does any group of @kt have a file called @name? */
static bool bond_genl_kt_has_attr(const struct kobj_type *kt, const char *name)
{
	const struct attribute_group *const *g;

	for (g = kt->default_groups; g && *g; g++)
		if (bond_genl_has_attr(*g, name))
			return true;
	return false;
}

static int bond_genl_fill_slave(struct sk_buff *skb, struct bond_slave *slave,
				char *page)
{
	struct kobject *kobj = &slave->kobj;
	const struct kobj_type *kt = get_ktype(kobj);
	const struct attribute_group *const *g;
	const struct bond_option *opt;
	struct attribute *const *a;
	struct nlattr *nest;
	int id, n, err = -EMSGSIZE;

	nest = nla_nest_start(skb, BOND_GENL_A_SLAVE);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, BOND_GENL_SLAVE_A_IFINDEX, slave->dev->ifindex) ||
	    nla_put_string(skb, BOND_GENL_SLAVE_A_NAME, slave->dev->name))
		goto cancel;

	/* every file of bonding_slave/, whatever bond_sysfs_slave.c has */
	for (g = kt->default_groups; g && *g; g++) {
		for (a = (*g)->attrs, n = 0; a && *a; a++, n++) {
			if (!bond_genl_attr_readable(kobj, *g, *a, n))
				continue;
			err = bond_genl_put_opt(skb, BOND_GENL_SLAVE_A_OPTION,
						(*a)->name, page,
						kt->sysfs_ops->show(kobj, *a, page),
						false);
			if (err)
				goto cancel;
		}
	}
	/* and the slave options without a file */
	for (id = 0; id < BOND_OPT_COUNT; id++) {
		opt = bond_opt_get(id);
		if (!opt || !opt->name || !(opt->flags & BOND_OPTF_SLAVE) ||
		    bond_genl_kt_has_attr(kt, opt->name))
			continue;
		err = bond_genl_put_opt(skb, BOND_GENL_SLAVE_A_OPTION, opt->name,
					page, bond_genl_show_slave_opt(slave, id, page),
					false);
		if (err)
			goto cancel;
	}
	nla_nest_end(skb, nest);
	return 0;
cancel:
	nla_nest_cancel(skb, nest);
	return err;
}

/* One GET reply message for @bond. RTNL. */
static int bond_genl_fill(struct sk_buff *skb, struct bond *bond, u32 portid,
			  u32 seq, int flags, char *page)
{
	struct bond_slave *slave;
	void *hdr;

	ASSERT_RTNL();
	hdr = genlmsg_put(skb, portid, seq, &bond_genl_family, flags,
			  BOND_GENL_CMD_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, BOND_GENL_A_BOND_IFINDEX, bond->dev->ifindex) ||
	    nla_put_string(skb, BOND_GENL_A_BOND_NAME, bond->dev->name) ||
	    bond_genl_fill_bond_opts(skb, bond, page))
		goto cancel;
	bond_for_each_slave(bond, slave)
		if (bond_genl_fill_slave(skb, slave, page))
			goto cancel;
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* the largest reply a doit tries before giving up */
#define BOND_GENL_REPLY_MAX	(1U << 20)

static int bond_genl_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	size_t size = NLMSG_GOODSIZE;
	struct sk_buff *msg = NULL;
	struct bond *bond;
	char *page;
	int err;

	page = (char *)__get_free_page(GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	rtnl_lock();
	bond = bond_genl_find(info);
	if (IS_ERR(bond)) {
		err = PTR_ERR(bond);
		goto out;
	}
	/* as big as it takes: many slaves make a long message */
	for (;;) {
		msg = genlmsg_new(size, GFP_KERNEL);
		if (!msg) {
			err = -ENOMEM;
			goto out;
		}
		err = bond_genl_fill(msg, bond, info->snd_portid, info->snd_seq,
				     0, page);
		if (err != -EMSGSIZE || size >= BOND_GENL_REPLY_MAX)
			break;
		nlmsg_free(msg);
		msg = NULL;
		size *= 4;
	}
	if (err) {
		nlmsg_free(msg);
		msg = NULL;
		NL_SET_ERR_MSG(info->extack, "bond state too large for a message");
	}
out:
	rtnl_unlock();
	free_page((unsigned long)page);
	if (err)
		return err;
	return genlmsg_reply(msg, info);
}

static int bond_genl_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct bond_net *bn = bond_net_of(sock_net(skb->sk));
	long start = cb->args[0], idx = 0;
	struct bond *bond;
	char *page;
	int err = 0;

	page = (char *)__get_free_page(GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	rtnl_lock();
	list_for_each_entry(bond, &bn->bonds, node) {
		if (idx < start) {
			idx++;
			continue;
		}
		err = bond_genl_fill(skb, bond, NETLINK_CB(cb->skb).portid,
				     cb->nlh->nlmsg_seq, NLM_F_MULTI, page);
		if (err)
			break;
		idx++;
	}
	rtnl_unlock();
	free_page((unsigned long)page);
	cb->args[0] = idx;
	/* a bond that does not fit even alone ends the dump with the error */
	if (err && idx == start)
		return err;
	return skb->len;
}

/* --- SET ---------------------------------------------------------------------- */

struct bond_genl_setopt {
	int id;
	const char *name, *value;
	const struct nlattr *attr;
};

/* the most options one SET may carry */
#define BOND_GENL_SET_MAX	BOND_OPT_COUNT

/*
 * Check a NUM or ENUM value's syntax and range before anything is applied,
 * so that a bad value changes nothing. State-dependent checks (mode, up,
 * slaves) and the setters' own are left to bond_opt_set_text(), in order.
 */
static int bond_genl_precheck(struct bond *bond, const struct bond_genl_setopt *o,
			      struct netlink_ext_ack *extack)
{
	const struct bond_option *opt = bond_opt_get(o->id);
	struct bond_optarg arg = { };
	char *buf;
	int err;

	if (opt->type == BOND_OPT_T_TEXT)
		return 0;
	buf = kstrdup(o->value, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	arg.str = strim(buf);
	err = bond_opt_parse(opt, &arg, bond->dev->name, extack);
	kfree(buf);
	return err;
}

static int bond_genl_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[BOND_GENL_OPT_A_MAX + 1];
	struct netlink_ext_ack *extack = info->extack;
	struct bond_genl_setopt *opts;
	int i, n = 0, rem, err = 0;
	struct nlattr *a;
	struct bond *bond;

	opts = kcalloc(BOND_GENL_SET_MAX, sizeof(*opts), GFP_KERNEL);
	if (!opts)
		return -ENOMEM;

	/* the pairs, in order; the message is already validated */
	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(a) != BOND_GENL_A_OPTION)
			continue;
		if (n == BOND_GENL_SET_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, a, "too many options");
			err = -E2BIG;
			goto free;
		}
		err = nla_parse_nested(tb, BOND_GENL_OPT_A_MAX, a,
				       bond_genl_opt_policy, extack);
		if (err)
			goto free;
		if (!tb[BOND_GENL_OPT_A_NAME] || !tb[BOND_GENL_OPT_A_VALUE]) {
			NL_SET_ERR_MSG_ATTR(extack, a, "option needs a name and a value");
			err = -EINVAL;
			goto free;
		}
		opts[n].name = nla_data(tb[BOND_GENL_OPT_A_NAME]);
		opts[n].value = nla_data(tb[BOND_GENL_OPT_A_VALUE]);
		opts[n].attr = a;
		opts[n].id = bond_genl_opt_id(opts[n].name);
		if (opts[n].id < 0) {
			BOND_NL_ERR_FMT(extack, "unknown option %s", opts[n].name);
			NL_SET_BAD_ATTR(extack, a);
			err = -EINVAL;
			goto free;
		}
		n++;
	}
	if (!n) {
		NL_SET_ERR_MSG(extack, "no option given");
		err = -EINVAL;
		goto free;
	}

	rtnl_lock();
	bond = bond_genl_find(info);
	if (IS_ERR(bond)) {
		err = PTR_ERR(bond);
		goto unlock;
	}
	for (i = 0; i < n; i++) {
		err = bond_genl_precheck(bond, &opts[i], extack);
		if (err) {
			NL_SET_BAD_ATTR(extack, opts[i].attr);
			goto unlock;
		}
	}
	for (i = 0; i < n; i++) {
		err = bond_opt_set_text(bond, opts[i].id, opts[i].value, extack);
		if (err) {
			/* every refusal names the option; make sure */
			if (!extack->_msg)
				BOND_NL_ERR_FMT(extack, "option %s: refused (%d)",
						opts[i].name, err);
			NL_SET_BAD_ATTR(extack, opts[i].attr);
			break;
		}
	}
	/* what was applied is announced, as after a sysfs write */
	if (i)
		call_netdevice_notifiers(NETDEV_CHANGEINFODATA, bond->dev);
unlock:
	rtnl_unlock();
free:
	kfree(opts);
	return err;
}

/* --- the family ----------------------------------------------------------- */

static const struct genl_ops bond_genl_ops[] = {
	{
		.cmd	 = BOND_GENL_CMD_GET,
		.doit	 = bond_genl_get_doit,
		.dumpit	 = bond_genl_get_dumpit,
		.policy	 = bond_genl_get_policy,
		.maxattr = BOND_GENL_A_MAX,
	},
	{
		.cmd	 = BOND_GENL_CMD_SET,
		.doit	 = bond_genl_set_doit,
		.policy	 = bond_genl_set_policy,
		.maxattr = BOND_GENL_A_MAX,
		.flags	 = GENL_UNS_ADMIN_PERM,
	},
};

static const struct genl_multicast_group bond_genl_mcgrps[] = {
	{ .name = BOND_GENL_MCGRP_EVENTS, },
};

struct genl_family bond_genl_family __ro_after_init = {
	.name		= BOND_GENL_NAME,
	.version	= BOND_GENL_VERSION,
	.maxattr	= BOND_GENL_A_MAX,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.ops		= bond_genl_ops,
	.n_ops		= ARRAY_SIZE(bond_genl_ops),
	.mcgrps		= bond_genl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(bond_genl_mcgrps),
	/* the requests get strict validation; the events are not requests */
	.resv_start_op	= BOND_GENL_CMD_GET,
};

int bond_genl_register(void)
{
	return genl_register_family(&bond_genl_family);
}

void bond_genl_unregister(void)
{
	genl_unregister_family(&bond_genl_family);
}
