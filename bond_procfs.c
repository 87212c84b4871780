// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/net/bonding/<bond>: the bond's status in the stock driver's text
 * format, line for line; monitoring tools match these labels byte for
 * byte, so new lines only ever go at the end of a section. Entries are
 * added, renamed and removed under RTNL; reading walks the bond under RCU.
 */
#include <linux/ethtool.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <net/ipv6.h>

#include "bond.h"
#include "bond_flap.h"
#include "bond_mode.h"
#include "bond_options.h"
#include "bond_procfs.h"

static const char *const proc_link_names[] = {
	[BOND_LINK_UP]	 = "up",
	[BOND_LINK_FAIL] = "going down",
	[BOND_LINK_DOWN] = "down",
	[BOND_LINK_BACK] = "going back",
};

static void bond_proc_show_monitors(struct seq_file *m, struct bond *bond)
{
	const struct bond_params *p = &bond->params;
	int i, n = 0;

	seq_printf(m, "MII Status: %s\n",
		   netif_carrier_ok(bond->dev) ? "up" : "down");
	seq_printf(m, "MII Polling Interval (ms): %u\n", p->miimon);
	seq_printf(m, "Up Delay (ms): %u\n", p->updelay * p->miimon);
	seq_printf(m, "Down Delay (ms): %u\n", p->downdelay * p->miimon);
	seq_printf(m, "Peer Notification Delay (ms): %u\n",
		   p->peer_notif_delay * p->miimon);

	if (!p->arp_interval)
		return;
	seq_printf(m, "ARP Polling Interval (ms): %u\n", p->arp_interval);
	seq_printf(m, "ARP Missed Max: %u\n", p->missed_max);
	seq_puts(m, "ARP IP target/s (n.n.n.n form):");
	for (i = 0; i < BOND_MAX_ARP_TARGETS; i++) {
		if (!p->arp_targets[i])
			continue;
		seq_printf(m, "%s %pI4", n++ ? "," : "", &p->arp_targets[i]);
	}
	seq_putc(m, '\n');
	seq_puts(m, "NS IPv6 target/s (xx::xx form):");
	for (i = 0, n = 0; i < BOND_MAX_NS_TARGETS; i++) {
		if (ipv6_addr_any(&p->ns_targets[i]))
			continue;
		seq_printf(m, "%s %pI6c", n++ ? "," : "", &p->ns_targets[i]);
	}
	seq_putc(m, '\n');
}

static void bond_proc_show_bond(struct seq_file *m, struct bond *bond)
{
	const struct bond_params *p = &bond->params;
	const struct bond_mode_ops *ops = READ_ONCE(bond->ops);
	struct bond_slave *prim, *act;
	bool ab = p->mode == BOND_MODE_ACTIVEBACKUP;

	seq_printf(m, "Bonding Mode: %s", ops->proc_name);
	if (ab && p->fail_over_mac)
		seq_printf(m, " (fail_over_mac %s)",
			   bond_opt_value_name(BOND_OPT_FAIL_OVER_MAC,
					       p->fail_over_mac));
	seq_putc(m, '\n');

	if (p->mode == BOND_MODE_XOR || p->mode == BOND_MODE_8023AD ||
	    (bond_mode_is_tlb_alb(p->mode) && !p->tlb_dynamic_lb))
		seq_printf(m, "Transmit Hash Policy: %s (%u)\n",
			   bond_opt_value_name(BOND_OPT_XMIT_HASH,
					       p->xmit_policy),
			   p->xmit_policy);

	if (bond_mode_uses_active(p->mode)) {
		prim = READ_ONCE(bond->primary_slave);
		seq_printf(m, "Primary Slave: %s",
			   prim ? prim->dev->name : "None");
		if (prim)
			seq_printf(m, " (primary_reselect %s)",
				   bond_opt_value_name(BOND_OPT_PRIMARY_RESELECT,
						       p->primary_reselect));
		seq_putc(m, '\n');
		act = rcu_dereference(bond->active);
		seq_printf(m, "Currently Active Slave: %s\n",
			   act ? act->dev->name : "None");
	}

	bond_proc_show_monitors(m, bond);
	if (ops->show)
		ops->show(m, bond);
}

static void bond_proc_show_slave(struct seq_file *m, struct bond *bond,
				 struct bond_slave *slave)
{
	const struct bond_mode_ops *ops = READ_ONCE(bond->ops);
	s8 link = READ_ONCE(slave->link);
	u32 speed = READ_ONCE(slave->speed);
	u8 duplex = READ_ONCE(slave->duplex);

	seq_printf(m, "\nSlave Interface: %s\n", slave->dev->name);
	seq_printf(m, "MII Status: %s\n",
		   link >= 0 && link <= BOND_LINK_BACK ? proc_link_names[link] :
							 "unknown");
	if (speed == SPEED_UNKNOWN)
		seq_puts(m, "Speed: Unknown\n");
	else
		seq_printf(m, "Speed: %u Mbps\n", speed);
	if (duplex == DUPLEX_FULL)
		seq_puts(m, "Duplex: full\n");
	else if (duplex == DUPLEX_HALF)
		seq_puts(m, "Duplex: half\n");
	else
		seq_puts(m, "Duplex: Unknown\n");
	seq_printf(m, "Link Failure Count: %u\n",
		   READ_ONCE(slave->link_failure_count));
	seq_printf(m, "Permanent HW addr: %*phC\n", slave->dev->addr_len,
		   slave->perm_hwaddr);
	seq_printf(m, "Slave queue ID: %u\n", READ_ONCE(slave->queue_id));
	if (ops->show_slave)
		ops->show_slave(m, slave);
	bond_health_proc(m, bond, slave);
}

static int bond_proc_show(struct seq_file *m, void *v)
{
	struct bond *bond = m->private;
	struct bond_slave *slave;

	seq_printf(m, "%s: v%s\n\n", BOND_DRV_DESC, BOND_DRV_VERSION);
	rcu_read_lock();
	bond_proc_show_bond(m, bond);
	bond_for_each_slave_rcu(bond, slave)
		bond_proc_show_slave(m, bond, slave);
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

void bond_procfs_rename(struct bond *bond)
{
	bond_procfs_del(bond);
	bond_procfs_add(bond);
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
