// SPDX-License-Identifier: GPL-2.0
/*
 * balance-tlb: not implemented yet. Selecting the mode fails with
 * EOPNOTSUPP and a message saying so.
 */
#include "bond.h"
#include "bond_mode.h"

const struct bond_mode_ops bond_mode_tlb = {
	.mode		= BOND_MODE_TLB,
	.name		= "balance-tlb",
	.proc_name	= "transmit load balancing",
	.lag_tx_type	= NETDEV_LAG_TX_TYPE_UNKNOWN,
	.init		= bond_mode_not_ready,
	.xmit		= bond_xmit_drop,
};
