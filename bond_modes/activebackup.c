// SPDX-License-Identifier: GPL-2.0
/* Mode active-backup: not implemented yet, transmits nothing. */
#include "bond.h"
#include "bond_mode.h"

const struct bond_mode_ops bond_mode_ab = {
	.mode		= BOND_MODE_ACTIVEBACKUP,
	.name		= "active-backup",
	.proc_name	= "fault-tolerance (active-backup)",
	.xmit		= bond_xmit_drop,
};
