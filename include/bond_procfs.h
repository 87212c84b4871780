/* SPDX-License-Identifier: GPL-2.0 */
/* /proc/net/bonding/<bond> */
#ifndef _BOND_PROCFS_H
#define _BOND_PROCFS_H

struct bond;
struct bond_net;

int bond_procfs_net_init(struct bond_net *bn);
void bond_procfs_net_uninit(struct bond_net *bn);
void bond_procfs_add(struct bond *bond);
void bond_procfs_del(struct bond *bond);
void bond_procfs_rename(struct bond *bond);

#endif /* _BOND_PROCFS_H */
