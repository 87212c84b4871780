/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every kernel-version difference the driver has to bridge, in one place.
 * Force-included into every object by Kbuild; no other file tests
 * LINUX_VERSION_CODE.
 */
#ifndef _BOND_COMPAT_H
#define _BOND_COMPAT_H

#include <linux/version.h>
#include <linux/netdevice.h>
#include <linux/if_link.h>

/* class attribute callbacks take const pointers since 6.4 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#define BOND_CLASS_CONST const
#else
#define BOND_CLASS_CONST
#endif

/* LLTX and netns-local moved from feature bits to net_device bits (6.12) */
static inline void bond_compat_set_lltx(struct net_device *dev)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	dev->lltx = true;
#else
	dev->features |= NETIF_F_LLTX;
#endif
}

static inline void bond_compat_set_netns_local(struct net_device *dev)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	dev->netns_immutable = true;
#else
	dev->features |= NETIF_F_NETNS_LOCAL;
#endif
}

/*
 * IFLA_BOND_* / IFLA_BOND_SLAVE_* numbers newer than the kernels' uapi
 * headers. They are enum members upstream, so they cannot be tested with
 * #ifdef; the values are mainline ABI and never change.
 */
#define BOND_IFLA_BROADCAST_NEIGH	33
#define BOND_IFLA_LACP_STRICT		34
#define BOND_IFLA_MAX			34

#define BOND_IFLA_SLAVE_MAX		12

#endif /* _BOND_COMPAT_H */
