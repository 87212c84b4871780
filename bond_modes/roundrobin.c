// SPDX-License-Identifier: GPL-2.0
/* Mode balance-rr: not implemented yet, transmits nothing. */
#include "bond.h"
#include "bond_mode.h"

const struct bond_mode_ops bond_mode_rr = {
	.mode		= BOND_MODE_ROUNDROBIN,
	.name		= "balance-rr",
	.proc_name	= "load balancing (round-robin)",
	.xmit		= bond_xmit_drop,
};
