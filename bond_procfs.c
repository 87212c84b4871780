// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/net/bonding/<bond>: the bond's status in the stock text format.
 * Entries are added and removed under RTNL; the show side reads the bond
 * under RCU.
 */
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

#include "bond.h"
#include "bond_mode.h"
#include "bond_procfs.h"

static int bond_proc_show(struct seq_file *m, void *v)
{
	struct bond *bond = m->private;

	seq_printf(m, "%s: v%s\n\n", BOND_DRV_DESC, BOND_DRV_VERSION);
	rcu_read_lock();
	seq_printf(m, "Bonding Mode: %s\n", READ_ONCE(bond->ops)->proc_name);
	rcu_read_unlock();
	return 0;
}

void bond_procfs_add(struct bond *bond)
{
	struct bond_net *bn = bond->bn;

	if (!bn->proc_dir)
		return;
	bond->proc_entry = proc_create_single_data(bond->dev->name, 0444,
						   bn->proc_dir,
						   bond_proc_show, bond);
	if (!bond->proc_entry)
		netdev_warn(bond->dev, "Cannot create /proc/net/%s/%s\n",
			    BOND_DRV_NAME, bond->dev->name);
}

void bond_procfs_del(struct bond *bond)
{
	proc_remove(bond->proc_entry);
	bond->proc_entry = NULL;
}

int bond_procfs_net_init(struct bond_net *bn)
{
	bn->proc_dir = proc_mkdir(BOND_DRV_NAME, bn->net->proc_net);
	if (!bn->proc_dir)
		pr_warn("Warning: Cannot create /proc/net/%s\n", BOND_DRV_NAME);
	return 0;
}

void bond_procfs_net_uninit(struct bond_net *bn)
{
	if (bn->proc_dir)
		remove_proc_entry(BOND_DRV_NAME, bn->net->proc_net);
	bn->proc_dir = NULL;
}
