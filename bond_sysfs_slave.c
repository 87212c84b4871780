// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs: /sys/class/net/<slave>/bonding_slave/, read-only per-slave state.
 * The directory is the slave record's kobject, whose release frees the
 * record. Reads take no lock.
 */
#include <linux/kobject.h>
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "bond.h"
#include "bond_3ad.h"
#include "bond_flap.h"
#include "bond_sysfs.h"

struct slave_attr {
	struct attribute attr;
	ssize_t (*show)(struct bond_slave *slave, char *buf);
};

#define to_slave(k)		container_of(k, struct bond_slave, kobj)
#define to_slave_attr(a)	container_of(a, struct slave_attr, attr)

static const char *const slave_link_names[] = {
	[BOND_LINK_UP]	 = "up",
	[BOND_LINK_FAIL] = "going down",
	[BOND_LINK_DOWN] = "down",
	[BOND_LINK_BACK] = "going back",
};

static ssize_t state_show(struct bond_slave *slave, char *buf)
{
	return sysfs_emit(buf, "%s\n", READ_ONCE(slave->backup) ? "backup" :
								  "active");
}

static ssize_t mii_status_show(struct bond_slave *slave, char *buf)
{
	s8 link = READ_ONCE(slave->link);

	if (link < 0 || link > BOND_LINK_BACK)
		return sysfs_emit(buf, "UNKNOWN\n");
	return sysfs_emit(buf, "%s\n", slave_link_names[link]);
}

static ssize_t link_failure_count_show(struct bond_slave *slave, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(slave->link_failure_count));
}

static ssize_t perm_hwaddr_show(struct bond_slave *slave, char *buf)
{
	return sysfs_emit(buf, "%*phC\n", slave->dev->addr_len,
			  slave->perm_hwaddr);
}

static ssize_t queue_id_show(struct bond_slave *slave, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(slave->queue_id));
}

static int slave_ad_info(struct bond_slave *slave,
			 struct bond_3ad_slave_info *info)
{
	int err;

	if (READ_ONCE(slave->bond->params.mode) != BOND_MODE_8023AD)
		return -ENODEV;
	rcu_read_lock();
	err = bond_3ad_get_slave_info(slave, info);
	rcu_read_unlock();
	return err;
}

static ssize_t ad_aggregator_id_show(struct bond_slave *slave, char *buf)
{
	struct bond_3ad_slave_info info;

	if (slave_ad_info(slave, &info) || !info.aggregator_id)
		return sysfs_emit(buf, "N/A\n");
	return sysfs_emit(buf, "%u\n", info.aggregator_id);
}

static ssize_t ad_actor_oper_port_state_show(struct bond_slave *slave,
					     char *buf)
{
	struct bond_3ad_slave_info info;

	if (slave_ad_info(slave, &info))
		return sysfs_emit(buf, "N/A\n");
	return sysfs_emit(buf, "%u\n", info.actor_state);
}

static ssize_t ad_partner_oper_port_state_show(struct bond_slave *slave,
					       char *buf)
{
	struct bond_3ad_slave_info info;

	if (slave_ad_info(slave, &info))
		return sysfs_emit(buf, "N/A\n");
	return sysfs_emit(buf, "%u\n", info.partner_state);
}

/* beyond stock: dampening and health (bond_flap.c) */
static ssize_t flap_penalty_show(struct bond_slave *slave, char *buf)
{
	return sysfs_emit(buf, "%u\n", bond_flap_penalty(slave->bond, slave));
}

static ssize_t suppressed_show(struct bond_slave *slave, char *buf)
{
	return sysfs_emit(buf, "%d\n", bond_flap_held(slave));
}

static ssize_t arp_missed_show(struct bond_slave *slave, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(slave->arp_miss_run));
}

static ssize_t arp_missed_total_show(struct bond_slave *slave, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(slave->arp_miss_total));
}

static ssize_t ns_missed_show(struct bond_slave *slave, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(slave->ns_miss_run));
}

static ssize_t ns_missed_total_show(struct bond_slave *slave, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(slave->ns_miss_total));
}

static ssize_t last_seen_up_show(struct bond_slave *slave, char *buf)
{
	return sysfs_emit(buf, "%lld\n",
			  bond_health_ms(READ_ONCE(slave->seen_up)));
}

static ssize_t last_seen_down_show(struct bond_slave *slave, char *buf)
{
	return sysfs_emit(buf, "%lld\n",
			  bond_health_ms(READ_ONCE(slave->seen_down)));
}

static ssize_t last_failure_show(struct bond_slave *slave, char *buf)
{
	return sysfs_emit(buf, "%s\n", bond_health_reason(slave));
}

#define SLAVE_ATTR_RO(_name)						\
static struct slave_attr slave_attr_##_name = {			\
	.attr = { .name = __stringify(_name), .mode = 0444 },		\
	.show = _name##_show,						\
}

SLAVE_ATTR_RO(state);
SLAVE_ATTR_RO(mii_status);
SLAVE_ATTR_RO(link_failure_count);
SLAVE_ATTR_RO(perm_hwaddr);
SLAVE_ATTR_RO(queue_id);
SLAVE_ATTR_RO(ad_aggregator_id);
SLAVE_ATTR_RO(ad_actor_oper_port_state);
SLAVE_ATTR_RO(ad_partner_oper_port_state);
SLAVE_ATTR_RO(flap_penalty);
SLAVE_ATTR_RO(suppressed);
SLAVE_ATTR_RO(arp_missed);
SLAVE_ATTR_RO(arp_missed_total);
SLAVE_ATTR_RO(ns_missed);
SLAVE_ATTR_RO(ns_missed_total);
SLAVE_ATTR_RO(last_seen_up);
SLAVE_ATTR_RO(last_seen_down);
SLAVE_ATTR_RO(last_failure);

static struct attribute *slave_attrs[] = {
	&slave_attr_state.attr,
	&slave_attr_mii_status.attr,
	&slave_attr_link_failure_count.attr,
	&slave_attr_perm_hwaddr.attr,
	&slave_attr_queue_id.attr,
	&slave_attr_ad_aggregator_id.attr,
	&slave_attr_ad_actor_oper_port_state.attr,
	&slave_attr_ad_partner_oper_port_state.attr,
	/* beyond stock */
	&slave_attr_flap_penalty.attr,
	&slave_attr_suppressed.attr,
	&slave_attr_arp_missed.attr,
	&slave_attr_arp_missed_total.attr,
	&slave_attr_ns_missed.attr,
	&slave_attr_ns_missed_total.attr,
	&slave_attr_last_seen_up.attr,
	&slave_attr_last_seen_down.attr,
	&slave_attr_last_failure.attr,
	NULL,
};
ATTRIBUTE_GROUPS(slave);

static ssize_t slave_attr_show(struct kobject *kobj, struct attribute *attr,
			       char *buf)
{
	return to_slave_attr(attr)->show(to_slave(kobj), buf);
}

static const struct sysfs_ops slave_sysfs_ops = {
	.show = slave_attr_show,
};

static void slave_kobj_release(struct kobject *kobj)
{
	kfree(to_slave(kobj));
}

static struct kobj_type slave_ktype = {
	.release = slave_kobj_release,
	.sysfs_ops = &slave_sysfs_ops,
	.default_groups = slave_groups,
};

void bond_sysfs_slave_init(struct bond_slave *slave)
{
	kobject_init(&slave->kobj, &slave_ktype);
}

int bond_sysfs_slave_add(struct bond_slave *slave)
{
	int err;

	err = kobject_add(&slave->kobj, &slave->dev->dev.kobj, "bonding_slave");
	if (err)
		netdev_err(slave->bond->dev, "(slave %s): cannot create bonding_slave in sysfs: error %d\n",
			   slave->dev->name, err);
	return err;
}

void bond_sysfs_slave_del(struct bond_slave *slave)
{
	if (slave->kobj.state_in_sysfs)
		kobject_del(&slave->kobj);
}

/* Drop the record's last reference; frees it. */
void bond_sysfs_slave_put(struct bond_slave *slave)
{
	kobject_put(&slave->kobj);
}
