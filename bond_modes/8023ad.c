// SPDX-License-Identifier: GPL-2.0
/* Mode 802.3ad: not implemented yet, transmits nothing. */
#include "bond.h"
#include "bond_mode.h"

const struct bond_mode_ops bond_mode_8023ad = {
	.mode		= BOND_MODE_8023AD,
	.name		= "802.3ad",
	.proc_name	= "IEEE 802.3ad Dynamic link aggregation",
	.xmit		= bond_xmit_drop,
};
