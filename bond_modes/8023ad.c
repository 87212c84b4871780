// SPDX-License-Identifier: GPL-2.0
/*
 * 802.3ad: not implemented yet. Selecting the mode fails with
 * EOPNOTSUPP and a message saying so.
 */
#include "bond.h"
#include "bond_mode.h"

const struct bond_mode_ops bond_mode_8023ad = {
	.mode		= BOND_MODE_8023AD,
	.name		= "802.3ad",
	.proc_name	= "IEEE 802.3ad Dynamic link aggregation",
	.lag_tx_type	= NETDEV_LAG_TX_TYPE_HASH,
	.init		= bond_mode_not_ready,
	.xmit		= bond_xmit_drop,
};
