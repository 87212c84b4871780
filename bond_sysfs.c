// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs: /sys/class/net/bonding_masters, one per network namespace.
 * Reads and writes take RTNL by trylock and restart the syscall when it
 * is busy, so a reader never holds up device unregistration.
 */
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/string.h>

#include "bond.h"
#include "bond_sysfs.h"

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
