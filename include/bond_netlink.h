/* SPDX-License-Identifier: GPL-2.0 */
/* rtnetlink: the "bond" link kind. */
#ifndef _BOND_NETLINK_H
#define _BOND_NETLINK_H

#include <net/rtnetlink.h>

extern struct rtnl_link_ops bond_link_ops;

int bond_netlink_init(void);
void bond_netlink_uninit(void);

#endif /* _BOND_NETLINK_H */
