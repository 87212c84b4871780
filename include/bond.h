/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bond and its slaves: the structures every part of the driver shares.
 */
#ifndef _BOND_H
#define _BOND_H

#include <linux/netdevice.h>
#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/workqueue.h>
#include <linux/if_bonding.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#define BOND_DRV_NAME		"bonding"
#define BOND_DRV_DESC		"Ethernet Channel Bonding Driver"
#ifndef BOND_DRV_VERSION
#define BOND_DRV_VERSION	"1.0"
#endif

#define BOND_DEFAULT_TX_QUEUES	16
#define BOND_MAX_TX_QUEUES	255

struct bond_mode_ops;

/* Per network namespace state. */
struct bond_net {
	struct net *net;
	struct list_head bonds;		/* all bonds of this netns, RTNL */
	struct proc_dir_entry *proc_dir;
	struct class_attribute masters_attr;
};

/* A bond device's private area (netdev_priv). */
struct bond {
	struct net_device *dev;
	struct list_head node;		/* in bond_net.bonds, RTNL */
	struct bond_net *bn;
	const struct bond_mode_ops *ops;	/* changed only down, slaveless */
	struct proc_dir_entry *proc_entry;
};

static inline struct bond *bond_of(const struct net_device *dev)
{
	return netdev_priv(dev);
}

/* bond_main.c / module-wide */
extern unsigned int bond_net_id;
extern struct workqueue_struct *bond_wq;

static inline struct bond_net *bond_net_of(const struct net *net)
{
	return net_generic(net, bond_net_id);
}

/* bond_device.c */
int bond_create(struct net *net, const char *name);
void bond_setup(struct net_device *dev);
bool bond_is_ours(const struct net_device *dev);
int bond_device_init(void);
void bond_device_uninit(void);

#endif /* _BOND_H */
