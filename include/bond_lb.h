/* SPDX-License-Identifier: GPL-2.0 */
/* balance-tlb and balance-alb (bond_alb.c): module-wide pieces. */
#ifndef _BOND_LB_H
#define _BOND_LB_H

struct bond;

void bond_lb_debugfs_init(void);
void bond_lb_debugfs_exit(void);
void bond_lb_rename(struct bond *bond);

#endif /* _BOND_LB_H */
