// SPDX-License-Identifier: GPL-2.0
/* Mode broadcast: not implemented yet, transmits nothing. */
#include "bond.h"
#include "bond_mode.h"

const struct bond_mode_ops bond_mode_bcast = {
	.mode		= BOND_MODE_BROADCAST,
	.name		= "broadcast",
	.proc_name	= "fault-tolerance (broadcast)",
	.xmit		= bond_xmit_drop,
};
