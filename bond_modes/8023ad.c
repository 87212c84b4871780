// SPDX-License-Identifier: GPL-2.0
/*
 * 802.3ad: transmit hashes with xmit_hash_policy over the usable array,
 * which holds the distributing ports of the active aggregator (the same
 * transmit path as balance-xor); the LACP engine in bond_3ad.c decides
 * which ports those are, what is received, and the bond's carrier.
 */
#include "bond.h"
#include "bond_3ad.h"
#include "bond_hash.h"
#include "bond_mode.h"

const struct bond_mode_ops bond_mode_8023ad = {
	.mode		= BOND_MODE_8023AD,
	.name		= "802.3ad",
	.proc_name	= "IEEE 802.3ad Dynamic link aggregation",
	.lag_tx_type	= NETDEV_LAG_TX_TYPE_HASH,
	.init		= bond_3ad_init,
	.uninit		= bond_3ad_uninit,
	.open		= bond_3ad_open,
	.close		= bond_3ad_close,
	.xmit		= bond_xor_xmit,
	.xmit_slave	= bond_xor_xmit_slave,
	.slave_add	= bond_3ad_slave_add,
	.slave_del	= bond_3ad_slave_del,
	.link_change	= bond_3ad_link_change,
	.rx		= bond_3ad_rx,
	.carrier	= bond_3ad_carrier,
	.slave_usable	= bond_3ad_slave_usable,
	.show		= bond_3ad_show,
	.show_slave	= bond_3ad_show_slave,
};
