// SPDX-License-Identifier: GPL-2.0
/* Mode balance-alb: not implemented yet, transmits nothing. */
#include "bond.h"
#include "bond_mode.h"

const struct bond_mode_ops bond_mode_alb = {
	.mode		= BOND_MODE_ALB,
	.name		= "balance-alb",
	.proc_name	= "adaptive load balancing",
	.xmit		= bond_xmit_drop,
};
