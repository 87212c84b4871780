// SPDX-License-Identifier: GPL-2.0
/* Mode balance-xor: not implemented yet, transmits nothing. */
#include "bond.h"
#include "bond_mode.h"

const struct bond_mode_ops bond_mode_xor = {
	.mode		= BOND_MODE_XOR,
	.name		= "balance-xor",
	.proc_name	= "load balancing (xor)",
	.xmit		= bond_xmit_drop,
};
