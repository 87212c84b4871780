// SPDX-License-Identifier: GPL-2.0
/*
 * Module parameters, checked once at load and turned into the defaults
 * that bonds created later (max_bonds, bonding_masters, ip link) copy.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "bond.h"
#include "bond_params.h"

static int max_bonds = 1;
module_param(max_bonds, int, 0);
MODULE_PARM_DESC(max_bonds, "Max number of bonded devices");

static int tx_queues = BOND_DEFAULT_TX_QUEUES;
module_param(tx_queues, int, 0);
MODULE_PARM_DESC(tx_queues, "Max number of transmit queues (default = 16)");

struct bond_defaults bond_defaults = {
	.max_bonds	= 1,
	.tx_queues	= BOND_DEFAULT_TX_QUEUES,
	.mode		= BOND_MODE_ROUNDROBIN,
};

int bond_params_init(void)
{
	if (max_bonds < 0) {
		pr_warn("Warning: max_bonds (%d) not in range %d-%d, so it was reset to 1\n",
			max_bonds, 0, INT_MAX);
		max_bonds = 1;
	}
	bond_defaults.max_bonds = max_bonds;

	if (tx_queues < 1 || tx_queues > BOND_MAX_TX_QUEUES) {
		pr_warn("Warning: tx_queues (%d) should be between 1 and %d, resetting to %d\n",
			tx_queues, BOND_MAX_TX_QUEUES, BOND_DEFAULT_TX_QUEUES);
		tx_queues = BOND_DEFAULT_TX_QUEUES;
	}
	bond_defaults.tx_queues = tx_queues;
	return 0;
}
