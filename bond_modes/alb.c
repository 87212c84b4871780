// SPDX-License-Identifier: GPL-2.0
/*
 * balance-alb: not implemented yet. Selecting the mode fails with
 * EOPNOTSUPP and a message saying so.
 */
#include "bond.h"
#include "bond_mode.h"

const struct bond_mode_ops bond_mode_alb = {
	.mode		= BOND_MODE_ALB,
	.name		= "balance-alb",
	.proc_name	= "adaptive load balancing",
	.lag_tx_type	= NETDEV_LAG_TX_TYPE_UNKNOWN,
	.init		= bond_mode_not_ready,
	.xmit		= bond_xmit_drop,
};
