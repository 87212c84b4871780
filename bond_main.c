// SPDX-License-Identifier: GPL-2.0
/*
 * Module init and exit, and the per-network-namespace state.
 */
#include <linux/module.h>
#include <linux/rtnetlink.h>
#include <net/net_namespace.h>

#include "bond.h"
#include "bond_events.h"
#include "bond_hash.h"
#include "bond_lb.h"
#include "bond_netlink.h"
#include "bond_params.h"
#include "bond_procfs.h"
#include "bond_slave.h"
#include "bond_sysfs.h"

unsigned int bond_net_id __read_mostly;
struct workqueue_struct *bond_wq __read_mostly;

static int __net_init bond_net_init(struct net *net)
{
	struct bond_net *bn = bond_net_of(net);

	bn->net = net;
	INIT_LIST_HEAD(&bn->bonds);
	bond_procfs_net_init(bn);
	return bond_sysfs_net_init(bn);
}

/* Bonds cannot leave their namespace; delete those still in it. */
static void __net_exit bond_net_exit_rtnl(struct list_head *net_list,
					  struct list_head *dev_kill_list)
{
	struct bond *bond, *tmp;
	struct net *net;

	ASSERT_RTNL();
	list_for_each_entry(net, net_list, exit_list) {
		struct bond_net *bn = bond_net_of(net);

		list_for_each_entry_safe(bond, tmp, &bn->bonds, node)
			unregister_netdevice_queue(bond->dev, dev_kill_list);
	}
}

static void __net_exit bond_net_pre_exit(struct net *net)
{
	bond_sysfs_net_uninit(bond_net_of(net));
}

static void __net_exit bond_net_exit(struct net *net)
{
	bond_procfs_net_uninit(bond_net_of(net));
}

static struct pernet_operations bond_net_ops = {
	.init		 = bond_net_init,
	.pre_exit	 = bond_net_pre_exit,
	.exit_batch_rtnl = bond_net_exit_rtnl,
	.exit		 = bond_net_exit,
	.id		 = &bond_net_id,
	.size		 = sizeof(struct bond_net),
};

static int __init bond_module_init(void)
{
	int err, i;

	err = bond_params_init();
	if (err)
		return err;
	bond_hash_init();

	bond_wq = alloc_workqueue(BOND_DRV_NAME, 0, 0);
	if (!bond_wq)
		return -ENOMEM;

	bond_lb_debugfs_init();
	err = register_pernet_subsys(&bond_net_ops);
	if (err)
		goto err_pernet;

	err = bond_slave_notifier_init();
	if (err)
		goto err_notifier;

	err = bond_events_init();
	if (err)
		goto err_events;

	err = bond_netlink_init();
	if (err)
		goto err_netlink;

	for (i = 0; i < bond_defaults.max_bonds; i++) {
		err = bond_create(&init_net, NULL);
		if (err)
			goto err_bonds;
	}

	pr_info("%s: v%s\n", BOND_DRV_DESC, BOND_DRV_VERSION);
	return 0;

err_bonds:
	bond_netlink_uninit();
err_netlink:
	bond_events_uninit();
err_events:
	bond_slave_notifier_uninit();
err_notifier:
	unregister_pernet_subsys(&bond_net_ops);
err_pernet:
	bond_lb_debugfs_exit();
	destroy_workqueue(bond_wq);
	return err;
}

static void __exit bond_module_exit(void)
{
	bond_netlink_uninit();		/* deletes every bond in every netns */
	bond_events_uninit();
	bond_slave_notifier_uninit();
	unregister_pernet_subsys(&bond_net_ops);
	bond_lb_debugfs_exit();
	destroy_workqueue(bond_wq);
	rcu_barrier();
}

module_init(bond_module_init);
module_exit(bond_module_exit);
MODULE_LICENSE("GPL");
MODULE_VERSION(BOND_DRV_VERSION);
MODULE_DESCRIPTION(BOND_DRV_DESC ", v" BOND_DRV_VERSION);
MODULE_AUTHOR("The bonding developers");
