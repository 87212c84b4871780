/* SPDX-License-Identifier: GPL-2.0 */
/* ethtool for the bond: driver info and link settings. */
#ifndef _BOND_ETHTOOL_H
#define _BOND_ETHTOOL_H

#include <linux/ethtool.h>

extern const struct ethtool_ops bond_ethtool_ops;

#endif /* _BOND_ETHTOOL_H */
