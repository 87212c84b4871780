/* SPDX-License-Identifier: GPL-2.0 */
/* sysfs: bonding_masters and the bond's bonding/ directory. */
#ifndef _BOND_SYSFS_H
#define _BOND_SYSFS_H

struct bond_net;

int bond_sysfs_net_init(struct bond_net *bn);
void bond_sysfs_net_uninit(struct bond_net *bn);

#endif /* _BOND_SYSFS_H */
