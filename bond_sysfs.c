// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs: /sys/class/net/bonding_masters (one per network namespace) and
 * the bond's /sys/class/net/<bond>/bonding/ directory, with the stock
 * driver's files, read formats and write semantics. Writes go through the
 * option engine.
 *
 * Locking: writes take RTNL by trylock and restart the syscall when it is
 * busy, so that a writer never holds up device unregistration (which
 * removes these files under RTNL). Reads take no lock: they read single
 * values with READ_ONCE and walk lists under RCU.
 */
#include <linux/capability.h>
#include <linux/device.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/string.h>
#include <net/ipv6.h>

#include "bond.h"
#include "bond_3ad.h"
#include "bond_mode.h"
#include "bond_options.h"
#include "bond_sysfs.h"

/* --- bonding_masters ------------------------------------------------------- */

static ssize_t bonding_masters_show(BOND_CLASS_CONST struct class *cls,
				    BOND_CLASS_CONST struct class_attribute *attr,
				    char *buf)
{
	struct bond_net *bn = container_of(attr, struct bond_net, masters_attr);
	struct bond *bond;
	int len = 0;

	if (!rtnl_trylock())
		return restart_syscall();
	list_for_each_entry(bond, &bn->bonds, node) {
		const char *name = bond->dev->name;

		/* "++more++" and a newline must still fit */
		if (len + strlen(name) + 1 > PAGE_SIZE - 10) {
			len += sysfs_emit_at(buf, len, "++more++ ");
			break;
		}
		len += sysfs_emit_at(buf, len, "%s ", name);
	}
	rtnl_unlock();
	if (len)
		len--;	/* the last separator */
	len += sysfs_emit_at(buf, len, "\n");
	return len;
}

static int bonding_masters_del(struct bond_net *bn, const char *name)
{
	struct net_device *dev;

	if (!rtnl_trylock())
		return restart_syscall();
	dev = __dev_get_by_name(bn->net, name);
	if (!dev || !bond_is_ours(dev)) {
		rtnl_unlock();
		pr_err("bonding_masters: unable to delete non-existent bond %s\n",
		       name);
		return -ENODEV;
	}
	unregister_netdevice(dev);
	rtnl_unlock();
	pr_info("%s is being deleted...\n", name);
	return 0;
}

static ssize_t bonding_masters_store(BOND_CLASS_CONST struct class *cls,
				     BOND_CLASS_CONST struct class_attribute *attr,
				     const char *buf, size_t count)
{
	struct bond_net *bn = container_of(attr, struct bond_net, masters_attr);
	char cmd[IFNAMSIZ + 2];
	const char *name;
	size_t len;
	int err;

	/* one "+name" or "-name" token; surrounding white space is ignored */
	buf = skip_spaces(buf);
	len = strcspn(buf, " \t\n");
	if (len < 2 || len > IFNAMSIZ || (buf[0] != '+' && buf[0] != '-')) {
		pr_err("bonding_masters: no command found in bonding_masters - use +ifname or -ifname\n");
		return -EPERM;
	}
	memcpy(cmd, buf, len);
	cmd[len] = '\0';
	name = cmd + 1;
	if (!dev_valid_name(name)) {
		pr_err("bonding_masters: '%s' is not a valid interface name - use +ifname or -ifname\n",
		       name);
		return -EPERM;
	}

	if (cmd[0] == '-') {
		err = bonding_masters_del(bn, name);
		return err ? err : count;
	}

	pr_info("%s is being created...\n", name);
	err = bond_create(bn->net, name);
	if (err == -EEXIST)
		pr_err("bonding_masters: %s already exists\n", name);
	else if (err)
		pr_err("bonding_masters: %s cannot be created: error %d\n",
		       name, err);
	return err ? err : count;
}

int bond_sysfs_net_init(struct bond_net *bn)
{
	int err;

	sysfs_attr_init(&bn->masters_attr.attr);
	bn->masters_attr.attr.name = "bonding_masters";
	bn->masters_attr.attr.mode = 0644;
	bn->masters_attr.show = bonding_masters_show;
	bn->masters_attr.store = bonding_masters_store;

	err = netdev_class_create_file_ns(&bn->masters_attr, bn->net);
	if (err == -EEXIST) {
		/* a device is named bonding_masters; stock stays silent */
		bn->masters_attr.attr.name = NULL;
		return 0;
	}
	if (err)
		pr_err("cannot create bonding_masters in sysfs: error %d\n", err);
	return err;
}

void bond_sysfs_net_uninit(struct bond_net *bn)
{
	if (bn->masters_attr.attr.name)
		netdev_class_remove_file_ns(&bn->masters_attr, bn->net);
}

/* --- the bond's bonding/ directory ------------------------------------------ */

struct bond_attr {
	struct device_attribute attr;
	int opt;		/* enum bond_opt_id, or -1 for read-only files */
	ssize_t (*show)(struct bond *bond, char *buf);
};

#define to_bond_attr(a)	container_of(a, struct bond_attr, attr)

static ssize_t bond_show_value(struct bond *bond, int id, char *buf);

static ssize_t bond_attr_show(struct device *d, struct device_attribute *a,
			      char *buf)
{
	struct bond *bond = bond_of(to_net_dev(d));
	struct bond_attr *ba = to_bond_attr(a);

	if (!ba->show)
		return bond_show_value(bond, ba->opt, buf);
	return ba->show(bond, buf);
}

static ssize_t bond_attr_store(struct device *d, struct device_attribute *a,
			       const char *buf, size_t count)
{
	struct bond *bond = bond_of(to_net_dev(d));
	int err;

	if (!rtnl_trylock())
		return restart_syscall();
	err = bond_opt_set_text(bond, to_bond_attr(a)->opt, buf, NULL);
	if (!err)
		call_netdevice_notifiers(NETDEV_CHANGEINFODATA, bond->dev);
	rtnl_unlock();
	return err ? err : count;
}

/* NUM options: the number; ENUM: "name N", or N alone where stock does */
static ssize_t bond_show_value(struct bond *bond, int id, char *buf)
{
	const struct bond_option *opt = bond_opt_get(id);
	u64 val = bond_opt_value(bond, id);

	if (opt->type == BOND_OPT_T_NUM || (opt->flags & BOND_OPTF_SHOW_NUM))
		return sysfs_emit(buf, "%llu\n", val);
	return sysfs_emit(buf, "%s %llu\n", bond_opt_value_name(id, val), val);
}

static ssize_t show_slaves(struct bond *bond, char *buf)
{
	struct bond_slave *slave;
	int len = 0;

	rcu_read_lock();
	bond_for_each_slave_rcu(bond, slave) {
		if (len + IFNAMSIZ + 1 > PAGE_SIZE - 10) {
			len += sysfs_emit_at(buf, len, "++more++ ");
			break;
		}
		len += sysfs_emit_at(buf, len, "%s ", slave->dev->name);
	}
	rcu_read_unlock();
	if (len)
		len--;
	return len + sysfs_emit_at(buf, len, "\n");
}

static ssize_t show_arp_targets(struct bond *bond, char *buf)
{
	int i, len = 0;
	__be32 ip;

	for (i = 0; i < BOND_MAX_ARP_TARGETS; i++) {
		ip = READ_ONCE(bond->params.arp_targets[i]);
		if (ip)
			len += sysfs_emit_at(buf, len, "%pI4 ", &ip);
	}
	if (len)
		len--;
	return len + sysfs_emit_at(buf, len, "\n");
}

static ssize_t show_primary(struct bond *bond, char *buf)
{
	struct bond_slave *prim;
	ssize_t len;

	/* cleared before the slave's grace period on release */
	rcu_read_lock();
	prim = READ_ONCE(bond->primary_slave);
	len = sysfs_emit(buf, "%s\n", prim ? prim->dev->name : "");
	rcu_read_unlock();
	return len;
}

static ssize_t show_active_slave(struct bond *bond, char *buf)
{
	struct bond_slave *act;
	ssize_t len;

	rcu_read_lock();
	act = rcu_dereference(bond->active);
	len = sysfs_emit(buf, "%s\n", act ? act->dev->name : "");
	rcu_read_unlock();
	return len;
}

static ssize_t show_queue_id(struct bond *bond, char *buf)
{
	struct bond_slave *slave;
	int len = 0;

	rcu_read_lock();
	bond_for_each_slave_rcu(bond, slave) {
		if (len + IFNAMSIZ + 7 > PAGE_SIZE - 10) {
			len += sysfs_emit_at(buf, len, "++more++ ");
			break;
		}
		len += sysfs_emit_at(buf, len, "%s:%u ", slave->dev->name,
				     READ_ONCE(slave->queue_id));
	}
	rcu_read_unlock();
	if (len)
		len--;
	return len + sysfs_emit_at(buf, len, "\n");
}

static ssize_t show_mii_status(struct bond *bond, char *buf)
{
	return sysfs_emit(buf, "%s\n", netif_carrier_ok(bond->dev) ? "up" : "down");
}

static bool bond_is_3ad(struct bond *bond)
{
	return READ_ONCE(bond->params.mode) == BOND_MODE_8023AD;
}

/* 802.3ad values readable by CAP_NET_ADMIN only, empty otherwise */
static bool bond_3ad_private(struct bond *bond)
{
	return bond_is_3ad(bond) && capable(CAP_NET_ADMIN);
}

static ssize_t show_ad_actor_sys_prio(struct bond *bond, char *buf)
{
	if (!bond_3ad_private(bond))
		return sysfs_emit(buf, "\n");
	return sysfs_emit(buf, "%u\n", bond->params.ad_actor_sys_prio);
}

static ssize_t show_ad_actor_system(struct bond *bond, char *buf)
{
	if (!bond_3ad_private(bond))
		return sysfs_emit(buf, "\n");
	return sysfs_emit(buf, "%pM\n", bond->params.ad_actor_system);
}

static ssize_t show_ad_user_port_key(struct bond *bond, char *buf)
{
	if (!bond_3ad_private(bond))
		return sysfs_emit(buf, "\n");
	return sysfs_emit(buf, "%u\n", bond->params.ad_user_port_key);
}

static int bond_ad_info(struct bond *bond, struct ad_info *info)
{
	int err;

	if (!bond_is_3ad(bond))
		return -ENODEV;
	rcu_read_lock();
	err = bond_3ad_get_info(bond, info);
	rcu_read_unlock();
	return err;
}

static ssize_t show_ad_aggregator(struct bond *bond, char *buf)
{
	struct ad_info info;

	if (!bond_is_3ad(bond))
		return sysfs_emit(buf, "\n");
	return sysfs_emit(buf, "%u\n", bond_ad_info(bond, &info) ? 0 :
			  info.aggregator_id);
}

static ssize_t show_ad_num_ports(struct bond *bond, char *buf)
{
	struct ad_info info;

	if (!bond_is_3ad(bond))
		return sysfs_emit(buf, "\n");
	return sysfs_emit(buf, "%u\n", bond_ad_info(bond, &info) ? 0 :
			  info.ports);
}

static ssize_t show_ad_actor_key(struct bond *bond, char *buf)
{
	struct ad_info info;

	if (!bond_3ad_private(bond))
		return sysfs_emit(buf, "\n");
	return sysfs_emit(buf, "%u\n", bond_ad_info(bond, &info) ? 0 :
			  info.actor_key);
}

static ssize_t show_ad_partner_key(struct bond *bond, char *buf)
{
	struct ad_info info;

	if (!bond_3ad_private(bond))
		return sysfs_emit(buf, "\n");
	return sysfs_emit(buf, "%u\n", bond_ad_info(bond, &info) ? 0 :
			  info.partner_key);
}

static ssize_t show_ad_partner_mac(struct bond *bond, char *buf)
{
	struct ad_info info;

	if (!bond_3ad_private(bond) || bond_ad_info(bond, &info))
		return sysfs_emit(buf, "\n");
	return sysfs_emit(buf, "%pM\n", info.partner_system);
}

#define BOND_ATTR(_name, _opt, _show)					\
static struct bond_attr bond_attr_##_name = {				\
	.attr = __ATTR(_name, 0644, bond_attr_show, bond_attr_store),	\
	.opt = _opt,							\
	.show = _show,							\
}

#define BOND_ATTR_RO(_name, _show)					\
static struct bond_attr bond_attr_##_name = {				\
	.attr = __ATTR(_name, 0444, bond_attr_show, NULL),		\
	.opt = -1,							\
	.show = _show,							\
}

BOND_ATTR(slaves, BOND_OPT_SLAVES, show_slaves);
BOND_ATTR(mode, BOND_OPT_MODE, NULL);
BOND_ATTR(xmit_hash_policy, BOND_OPT_XMIT_HASH, NULL);
BOND_ATTR(arp_validate, BOND_OPT_ARP_VALIDATE, NULL);
BOND_ATTR(arp_all_targets, BOND_OPT_ARP_ALL_TARGETS, NULL);
BOND_ATTR(fail_over_mac, BOND_OPT_FAIL_OVER_MAC, NULL);
BOND_ATTR(arp_interval, BOND_OPT_ARP_INTERVAL, NULL);
BOND_ATTR(arp_ip_target, BOND_OPT_ARP_TARGETS, show_arp_targets);
BOND_ATTR(arp_missed_max, BOND_OPT_MISSED_MAX, NULL);
BOND_ATTR(downdelay, BOND_OPT_DOWNDELAY, NULL);
BOND_ATTR(updelay, BOND_OPT_UPDELAY, NULL);
BOND_ATTR(peer_notif_delay, BOND_OPT_PEER_NOTIF_DELAY, NULL);
BOND_ATTR(lacp_active, BOND_OPT_LACP_ACTIVE, NULL);
BOND_ATTR(lacp_rate, BOND_OPT_LACP_RATE, NULL);
BOND_ATTR(min_links, BOND_OPT_MINLINKS, NULL);
BOND_ATTR(ad_select, BOND_OPT_AD_SELECT, NULL);
BOND_ATTR(num_grat_arp, BOND_OPT_NUM_PEER_NOTIF_ALIAS, NULL);
BOND_ATTR(num_unsol_na, BOND_OPT_NUM_PEER_NOTIF, NULL);
BOND_ATTR(miimon, BOND_OPT_MIIMON, NULL);
BOND_ATTR(primary, BOND_OPT_PRIMARY, show_primary);
BOND_ATTR(primary_reselect, BOND_OPT_PRIMARY_RESELECT, NULL);
BOND_ATTR(use_carrier, BOND_OPT_USE_CARRIER, NULL);
BOND_ATTR(active_slave, BOND_OPT_ACTIVE_SLAVE, show_active_slave);
BOND_ATTR(queue_id, BOND_OPT_QUEUE_ID, show_queue_id);
BOND_ATTR(all_slaves_active, BOND_OPT_ALL_SLAVES_ACTIVE, NULL);
BOND_ATTR(resend_igmp, BOND_OPT_RESEND_IGMP, NULL);
BOND_ATTR(lp_interval, BOND_OPT_LP_INTERVAL, NULL);
BOND_ATTR(packets_per_slave, BOND_OPT_PACKETS_PER_SLAVE, NULL);
BOND_ATTR(tlb_dynamic_lb, BOND_OPT_TLB_DYNAMIC_LB, NULL);
BOND_ATTR(ad_actor_sys_prio, BOND_OPT_AD_ACTOR_SYS_PRIO, show_ad_actor_sys_prio);
BOND_ATTR(ad_actor_system, BOND_OPT_AD_ACTOR_SYSTEM, show_ad_actor_system);
BOND_ATTR(ad_user_port_key, BOND_OPT_AD_USER_PORT_KEY, show_ad_user_port_key);
BOND_ATTR(flap_penalty, BOND_OPT_FLAP_PENALTY, NULL);
BOND_ATTR(flap_half_life_ms, BOND_OPT_FLAP_HALF_LIFE, NULL);
BOND_ATTR(flap_suppress, BOND_OPT_FLAP_SUPPRESS, NULL);
BOND_ATTR(flap_reuse, BOND_OPT_FLAP_REUSE, NULL);
BOND_ATTR(flap_max_suppress_ms, BOND_OPT_FLAP_MAX_SUPPRESS, NULL);
BOND_ATTR(proc_extended, BOND_OPT_PROC_EXTENDED, NULL);
BOND_ATTR_RO(mii_status, show_mii_status);
BOND_ATTR_RO(ad_aggregator, show_ad_aggregator);
BOND_ATTR_RO(ad_num_ports, show_ad_num_ports);
BOND_ATTR_RO(ad_actor_key, show_ad_actor_key);
BOND_ATTR_RO(ad_partner_key, show_ad_partner_key);
BOND_ATTR_RO(ad_partner_mac, show_ad_partner_mac);

static struct attribute *bond_attrs[] = {
	&bond_attr_slaves.attr.attr,
	&bond_attr_mode.attr.attr,
	&bond_attr_fail_over_mac.attr.attr,
	&bond_attr_arp_validate.attr.attr,
	&bond_attr_arp_all_targets.attr.attr,
	&bond_attr_arp_interval.attr.attr,
	&bond_attr_arp_ip_target.attr.attr,
	&bond_attr_arp_missed_max.attr.attr,
	&bond_attr_downdelay.attr.attr,
	&bond_attr_updelay.attr.attr,
	&bond_attr_peer_notif_delay.attr.attr,
	&bond_attr_lacp_active.attr.attr,
	&bond_attr_lacp_rate.attr.attr,
	&bond_attr_ad_select.attr.attr,
	&bond_attr_xmit_hash_policy.attr.attr,
	&bond_attr_num_grat_arp.attr.attr,
	&bond_attr_num_unsol_na.attr.attr,
	&bond_attr_miimon.attr.attr,
	&bond_attr_primary.attr.attr,
	&bond_attr_primary_reselect.attr.attr,
	&bond_attr_use_carrier.attr.attr,
	&bond_attr_active_slave.attr.attr,
	&bond_attr_mii_status.attr.attr,
	&bond_attr_ad_aggregator.attr.attr,
	&bond_attr_ad_num_ports.attr.attr,
	&bond_attr_ad_actor_key.attr.attr,
	&bond_attr_ad_partner_key.attr.attr,
	&bond_attr_ad_partner_mac.attr.attr,
	&bond_attr_queue_id.attr.attr,
	&bond_attr_all_slaves_active.attr.attr,
	&bond_attr_resend_igmp.attr.attr,
	&bond_attr_min_links.attr.attr,
	&bond_attr_lp_interval.attr.attr,
	&bond_attr_packets_per_slave.attr.attr,
	&bond_attr_tlb_dynamic_lb.attr.attr,
	&bond_attr_ad_actor_sys_prio.attr.attr,
	&bond_attr_ad_actor_system.attr.attr,
	&bond_attr_ad_user_port_key.attr.attr,
	/* beyond stock */
	&bond_attr_flap_penalty.attr.attr,
	&bond_attr_flap_half_life_ms.attr.attr,
	&bond_attr_flap_suppress.attr.attr,
	&bond_attr_flap_reuse.attr.attr,
	&bond_attr_flap_max_suppress_ms.attr.attr,
	&bond_attr_proc_extended.attr.attr,
	NULL,
};

static const struct attribute_group bond_group = {
	.name = "bonding",
	.attrs = bond_attrs,
};

/*
 * The bond's files, for bond_genl.c, which reads every one of them (under
 * RTNL: no show function here may take it).
 */
const struct attribute_group *bond_sysfs_group(void)
{
	return &bond_group;
}

/* Before register_netdevice: the core creates the group with the device. */
void bond_sysfs_setup(struct net_device *dev)
{
	dev->sysfs_groups[0] = &bond_group;
}
