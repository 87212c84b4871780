/* SPDX-License-Identifier: GPL-2.0 */
/* balance-tlb and balance-alb (bond_alb.c): module-wide pieces. */
#ifndef _BOND_LB_H
#define _BOND_LB_H

void bond_lb_debugfs_init(void);
void bond_lb_debugfs_exit(void);

#endif /* _BOND_LB_H */
