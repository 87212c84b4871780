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
 * Marking a device as a bond's slave. IPv6 addrconf skips slaves: up to 6.2
 * it looks at IFF_SLAVE, from 6.3 at the private flag IFF_NO_ADDRCONF,
 * which bonding and team set alongside IFF_SLAVE.
 */
static inline void bond_compat_mark_slave(struct net_device *sdev)
{
	sdev->flags |= IFF_SLAVE;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	sdev->priv_flags |= IFF_NO_ADDRCONF;
#endif
}

static inline void bond_compat_unmark_slave(struct net_device *sdev)
{
	sdev->flags &= ~IFF_SLAVE;
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	sdev->priv_flags &= ~IFF_NO_ADDRCONF;
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

/*
 * A formatted netlink extack message. 6.2+ format into the extack itself;
 * on 6.1 the text goes into one of a few rotating static buffers, which
 * live long enough for the ack sent right after the request.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#define BOND_NL_ERR_FMT(extack, fmt, ...) \
	NL_SET_ERR_MSG_FMT(extack, fmt, ##__VA_ARGS__)
#else
#include <linux/atomic.h>
#include <linux/netlink.h>

#define BOND_COMPAT_MSG_SLOTS	16
#define BOND_COMPAT_MSG_LEN	80

static inline char *bond_compat_msg_slot(void)
{
	static char slots[BOND_COMPAT_MSG_SLOTS][BOND_COMPAT_MSG_LEN];
	static atomic_t next = ATOMIC_INIT(0);

	return slots[(unsigned int)atomic_inc_return(&next) %
		     BOND_COMPAT_MSG_SLOTS];
}

#define BOND_NL_ERR_FMT(extack, fmt, ...)				\
	do {								\
		struct netlink_ext_ack *__ack = (extack);		\
		char *__buf;						\
									\
		if (__ack) {						\
			__buf = bond_compat_msg_slot();			\
			snprintf(__buf, BOND_COMPAT_MSG_LEN, fmt,	\
				 ##__VA_ARGS__);			\
			__ack->_msg = __buf;				\
		}							\
	} while (0)
#endif

/* 802.3ad port keys know 800G where the kernel does (6.12, not 6.1) */
#include <uapi/linux/ethtool.h>
#ifdef SPEED_800000
#define BOND_3AD_SPEED_800G
#endif

#endif /* _BOND_COMPAT_H */
