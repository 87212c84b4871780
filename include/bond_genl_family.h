/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic netlink family "bonding" inside the module: bond_genl.c owns
 * it (registration, GET/SET requests); bond_events.c multicasts on it.
 * The user-space ABI is include/bond_genl.h.
 */
#ifndef _BOND_GENL_FAMILY_H
#define _BOND_GENL_FAMILY_H

struct genl_family;

extern struct genl_family bond_genl_family;

int bond_genl_register(void);
void bond_genl_unregister(void);

#endif /* _BOND_GENL_FAMILY_H */
