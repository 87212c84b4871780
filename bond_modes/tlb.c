// SPDX-License-Identifier: GPL-2.0
/* Mode balance-tlb: not implemented yet, transmits nothing. */
#include "bond.h"
#include "bond_mode.h"

const struct bond_mode_ops bond_mode_tlb = {
	.mode		= BOND_MODE_TLB,
	.name		= "balance-tlb",
	.proc_name	= "transmit load balancing",
	.xmit		= bond_xmit_drop,
};
