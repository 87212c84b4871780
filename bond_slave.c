// SPDX-License-Identifier: GPL-2.0
/*
 * Enslave and release (every door ends here), the rx_handler that hands a
 * slave's frames to the bond, and the netdev notifier for slaves and bonds.
 *
 * Locking:
 *   bond_enslave, bond_release, bond_release_all    RTNL, may sleep
 *   bond_handle_frame (rx_handler)                  RCU, softirq
 *   bond_netdev_event (notifier)                    RTNL, may sleep
 */
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "bond.h"
#include "bond_active.h"
#include "bond_arp.h"
#include "bond_events.h"
#include "bond_lb.h"
#include "bond_mode.h"
#include "bond_monitor.h"
#include "bond_netpoll.h"
#include "bond_procfs.h"
#include "bond_slave.h"
#include "bond_sysfs.h"

#define bond_enslave_err(bond, sdev, extack, err, msg)			\
	({								\
		NL_SET_ERR_MSG(extack, msg);				\
		netdev_err((bond)->dev, "(slave %s): Error: %s\n",	\
			   (sdev)->name, msg);				\
		(err);							\
	})

static rx_handler_result_t bond_handle_frame(struct sk_buff **pskb);

/* --- lookups ----------------------------------------------------------------- */

/* The slave record of @dev if it is a slave of one of our bonds. RTNL. */
struct bond_slave *bond_slave_of(const struct net_device *dev)
{
	if (rcu_access_pointer(dev->rx_handler) != bond_handle_frame)
		return NULL;
	return rcu_dereference_rtnl(dev->rx_handler_data);
}

struct bond_slave *bond_slave_by_dev(struct bond *bond,
				     const struct net_device *dev)
{
	struct bond_slave *slave = bond_slave_of(dev);

	return slave && slave->bond == bond ? slave : NULL;
}

struct bond_slave *bond_slave_by_name(struct bond *bond, const char *name)
{
	struct bond_slave *slave;

	bond_for_each_slave(bond, slave)
		if (!strcmp(slave->dev->name, name))
			return slave;
	return NULL;
}

/* Read the slave's speed and duplex (0 and DUPLEX_UNKNOWN if unknown). */
void bond_slave_update_speed(struct bond_slave *slave)
{
	struct ethtool_link_ksettings ks;
	u32 speed = SPEED_UNKNOWN;
	u8 duplex = DUPLEX_UNKNOWN;

	if (!__ethtool_get_link_ksettings(slave->dev, &ks)) {
		if (ks.base.speed && ks.base.speed != SPEED_UNKNOWN)
			speed = ks.base.speed;
		if (ks.base.duplex == DUPLEX_FULL || ks.base.duplex == DUPLEX_HALF)
			duplex = ks.base.duplex;
	}
	WRITE_ONCE(slave->speed, speed);
	WRITE_ONCE(slave->duplex, duplex);
}

/* --- type change for non-Ethernet slaves (active-backup only) --------------- */

static int bond_take_type(struct bond *bond, struct net_device *sdev,
			  struct netlink_ext_ack *extack)
{
	struct net_device *dev = bond->dev;
	int err;

	err = call_netdevice_notifiers(NETDEV_PRE_TYPE_CHANGE, dev);
	err = notifier_to_errno(err);
	if (err) {
		NL_SET_ERR_MSG(extack, "an upper of the bond refuses its type change");
		netdev_err(dev, "refused to change device type to that of %s\n",
			   sdev->name);
		return -EBUSY;
	}
	dev_uc_flush(dev);
	dev_mc_flush(dev);
	dev->header_ops = sdev->header_ops;
	dev->type = sdev->type;
	dev->hard_header_len = sdev->hard_header_len;
	dev->needed_headroom = sdev->needed_headroom;
	dev->addr_len = sdev->addr_len;
	memcpy(dev->broadcast, sdev->broadcast, sdev->addr_len);
	if (sdev->flags & IFF_POINTOPOINT) {
		dev->flags &= ~(IFF_BROADCAST | IFF_MULTICAST);
		dev->flags |= IFF_POINTOPOINT | IFF_NOARP;
	}
	call_netdevice_notifiers(NETDEV_POST_TYPE_CHANGE, dev);
	return 0;
}

/* Back to Ethernet when the last non-Ethernet slave left; flags are kept. */
static void bond_restore_ether(struct bond *bond)
{
	struct net_device *dev = bond->dev;

	if (dev->type == ARPHRD_ETHER)
		return;
	if (notifier_to_errno(call_netdevice_notifiers(NETDEV_PRE_TYPE_CHANGE,
						       dev)))
		return;
	dev_uc_flush(dev);
	dev_mc_flush(dev);
	dev->type = ARPHRD_ETHER;
	dev->header_ops = bond->eth_header_ops;
	dev->hard_header_len = ETH_HLEN;
	dev->min_header_len = ETH_HLEN;
	dev->addr_len = ETH_ALEN;
	eth_broadcast_addr(dev->broadcast);
	dev->flags &= ~(IFF_POINTOPOINT | IFF_NOARP);
	dev->flags |= IFF_BROADCAST | IFF_MULTICAST;
	eth_hw_addr_random(dev);
	call_netdevice_notifiers(NETDEV_POST_TYPE_CHANGE, dev);
}

/* --- enslave ------------------------------------------------------------------ */

/* Why @sdev may not join @bond, or 0. */
static int bond_enslave_checks(struct bond *bond, struct net_device *sdev,
			       struct netlink_ext_ack *extack)
{
	struct net_device *dev = bond->dev;
	struct net_device *master;

	if (sdev == dev)
		return bond_enslave_err(bond, sdev, extack, -EPERM,
					"Cannot enslave bond to itself.");
	if (sdev->flags & IFF_LOOPBACK)
		return bond_enslave_err(bond, sdev, extack, -EPERM,
					"Loopback device cannot be enslaved");
	master = netdev_master_upper_dev_get(sdev);
	if (master == dev)
		return bond_enslave_err(bond, sdev, extack, -EBUSY,
					"Device is already a slave of this bond");
	if (master)
		return bond_enslave_err(bond, sdev, extack, -EBUSY,
					"Device already has a master");
	if (netdev_has_upper_dev(dev, sdev))
		return bond_enslave_err(bond, sdev, extack, -EBUSY,
					"Device is stacked on top of this bond; enslaving it would make a loop");
	if (netif_is_bridge_master(sdev) || netif_is_team_master(sdev) ||
	    netif_is_ovs_master(sdev))
		return bond_enslave_err(bond, sdev, extack, -EPERM,
					"Device type (master device) cannot be enslaved");
	if (rcu_access_pointer(sdev->rx_handler))
		return bond_enslave_err(bond, sdev, extack, -EBUSY,
					"Device is in use and cannot be enslaved");
	if (sdev->flags & IFF_UP)
		return bond_enslave_err(bond, sdev, extack, -EPERM,
					"Device can not be enslaved while up");
	if ((sdev->features & NETIF_F_VLAN_CHALLENGED) && vlan_uses_dev(dev))
		return bond_enslave_err(bond, sdev, extack, -EPERM,
					"Device is VLAN challenged and the bond has VLANs");
	if (sdev->type == ARPHRD_CAN)
		return bond_enslave_err(bond, sdev, extack, -EPERM,
					"CAN devices cannot be enslaved");
	if (sdev->type != ARPHRD_ETHER &&
	    bond->params.mode == BOND_MODE_8023AD)
		return bond_enslave_err(bond, sdev, extack, -EINVAL,
					"8023AD mode requires Ethernet devices");
	if (sdev->type != ARPHRD_ETHER &&
	    bond->params.mode != BOND_MODE_ACTIVEBACKUP)
		return bond_enslave_err(bond, sdev, extack, -EOPNOTSUPP,
					"Non-Ethernet devices can only be enslaved in active-backup mode");
	if (bond_has_slaves(bond) && sdev->type != dev->type)
		return bond_enslave_err(bond, sdev, extack, -EINVAL,
					"Device type differs from the other slaves");
	if (!sdev->netdev_ops->ndo_set_mac_address &&
	    bond->params.mode == BOND_MODE_ACTIVEBACKUP &&
	    bond->params.fail_over_mac != BOND_FOM_ACTIVE &&
	    bond_has_slaves(bond))
		return bond_enslave_err(bond, sdev, extack, -EOPNOTSUPP,
					"Slave device does not support setting the MAC address, but fail_over_mac is not set to active");
	if (dev->npinfo && (sdev->priv_flags & IFF_DISABLE_NETPOLL))
		return bond_enslave_err(bond, sdev, extack, -EBUSY,
					"Device does not support netpoll, which the bond uses");
	return 0;
}

static int bond_slave_set_mac(struct net_device *sdev, const u8 *addr,
			      struct netlink_ext_ack *extack)
{
	struct sockaddr_storage ss;

	ss.ss_family = sdev->type;
	memcpy(ss.__data, addr, sdev->addr_len);
	return dev_set_mac_address(sdev, (struct sockaddr *)&ss, extack);
}

/* The bond takes @sdev's address (first slave, bond MAC still random). */
static void bond_take_mac(struct bond *bond, struct net_device *sdev)
{
	dev_addr_set(bond->dev, sdev->dev_addr);
	bond->dev->addr_assign_type = NET_ADDR_STOLEN;
	call_netdevice_notifiers(NETDEV_CHANGEADDR, bond->dev);
}

/* Does @slave get the bond's MAC at enslave? */
static bool bond_slave_takes_bond_mac(struct bond *bond)
{
	if (bond_mode_is_tlb_alb(bond->params.mode))
		return false;
	return !(bond->params.mode == BOND_MODE_ACTIVEBACKUP &&
		 bond->params.fail_over_mac != BOND_FOM_NONE);
}

static enum netdev_lag_hash bond_lag_hash(struct bond *bond)
{
	switch (bond->params.xmit_policy) {
	case BOND_XMIT_POLICY_LAYER2:	return NETDEV_LAG_HASH_L2;
	case BOND_XMIT_POLICY_LAYER34:	return NETDEV_LAG_HASH_L34;
	case BOND_XMIT_POLICY_LAYER23:	return NETDEV_LAG_HASH_L23;
	case BOND_XMIT_POLICY_ENCAP23:	return NETDEV_LAG_HASH_E23;
	case BOND_XMIT_POLICY_ENCAP34:	return NETDEV_LAG_HASH_E34;
	case BOND_XMIT_POLICY_VLAN_SRCMAC: return NETDEV_LAG_HASH_VLAN_SRCMAC;
	}
	return NETDEV_LAG_HASH_UNKNOWN;
}

void bond_lower_state_changed(struct bond_slave *slave)
{
	struct netdev_lag_lower_state_info info = {
		.link_up = slave->link == BOND_LINK_UP ||
			   slave->link == BOND_LINK_FAIL,
		.tx_enabled = bond_slave_can_tx(slave),
	};

	netdev_lower_state_changed(slave->dev, &info);
}

int bond_enslave(struct bond *bond, struct net_device *sdev,
		 struct netlink_ext_ack *extack)
{
	struct netdev_lag_upper_info lag = { };
	struct net_device *dev = bond->dev;
	struct bond_slave *slave;
	bool first = !bond_has_slaves(bond);
	bool took_type = false;
	int err;

	ASSERT_RTNL();
	err = bond_enslave_checks(bond, sdev, extack);
	if (err)
		return err;

	if (!sdev->netdev_ops->ndo_set_mac_address) {
		netdev_warn(dev, "(slave %s): The slave device specified does not support setting the MAC address\n",
			    sdev->name);
		if (bond->params.mode == BOND_MODE_ACTIVEBACKUP &&
		    bond->params.fail_over_mac != BOND_FOM_ACTIVE) {
			bond->params.fail_over_mac = BOND_FOM_ACTIVE;
			netdev_warn(dev, "(slave %s): Setting fail_over_mac to active for active-backup mode\n",
				    sdev->name);
		}
	}

	call_netdevice_notifiers(NETDEV_JOIN, sdev);

	if (first && sdev->type != dev->type) {
		err = bond_take_type(bond, sdev, extack);
		if (err)
			return err;
		took_type = true;
	}

	slave = kzalloc(sizeof(*slave), GFP_KERNEL);
	if (!slave) {
		err = -ENOMEM;
		goto err_type;
	}
	slave->dev = sdev;
	slave->bond = bond;
	slave->actor_port_prio = 255;
	slave->link = BOND_LINK_DOWN;
	slave->link_new = BOND_LINK_DOWN;
	slave->orig_mtu = sdev->mtu;
	memcpy(slave->perm_hwaddr, sdev->dev_addr, sdev->addr_len);
	bond_sysfs_slave_init(slave);

	if (first && dev->addr_assign_type == NET_ADDR_RANDOM)
		bond_take_mac(bond, sdev);

	if (sdev->mtu != dev->mtu) {
		err = dev_set_mtu(sdev, dev->mtu);
		if (err) {
			netdev_err(dev, "(slave %s): Error %d calling dev_set_mtu\n",
				   sdev->name, err);
			goto err_free;
		}
	}

	if (bond_slave_takes_bond_mac(bond)) {
		err = bond_slave_set_mac(sdev, dev->dev_addr, extack);
		if (err) {
			netdev_err(dev, "(slave %s): Error %d calling set_mac_address\n",
				   sdev->name, err);
			goto err_mtu;
		}
	} else if (bond->params.mode == BOND_MODE_ACTIVEBACKUP &&
		   bond->params.fail_over_mac == BOND_FOM_FOLLOW && !first &&
		   ether_addr_equal(sdev->dev_addr, dev->dev_addr)) {
		u8 rnd[ETH_ALEN];

		/* a backup must not share the active one's (the bond's) MAC */
		eth_random_addr(rnd);
		err = bond_slave_set_mac(sdev, rnd, extack);
		if (err)
			goto err_mtu;
	}

	/* IFF_SLAVE before the slave opens: no IPv6 addrconf on it */
	bond_compat_mark_slave(sdev);
	err = dev_open(sdev, extack);
	if (err) {
		netdev_err(dev, "(slave %s): Opening slave failed\n", sdev->name);
		goto err_mac;
	}
	sdev->priv_flags |= IFF_BONDING;
	if (!(dev->features & NETIF_F_LRO))
		dev_disable_lro(sdev);

	err = vlan_vids_add_by_dev(sdev, dev);
	if (err) {
		netdev_err(dev, "(slave %s): Couldn't add bond vlan ids\n",
			   sdev->name);
		goto err_close;
	}

	err = bond_netpoll_slave_enable(bond, slave);
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot set up netpoll on the slave");
		goto err_vlans;
	}

	err = netdev_rx_handler_register(sdev, bond_handle_frame, slave);
	if (err) {
		netdev_err(dev, "(slave %s): Error %d calling netdev_rx_handler_register\n",
			   sdev->name, err);
		goto err_netpoll;
	}

	lag.tx_type = bond->ops->lag_tx_type;
	lag.hash_type = bond_lag_hash(bond);
	err = netdev_master_upper_dev_link(sdev, dev, slave, &lag, extack);
	if (err) {
		netdev_err(dev, "(slave %s): Error %d calling netdev_upper_dev_link\n",
			   sdev->name, err);
		goto err_rx_handler;
	}

	err = bond_sysfs_slave_add(slave);
	if (err)
		goto err_unlink;

	bond_slave_update_speed(slave);
	bond_slave_init_link(bond, slave);
	if (bond->ops->slave_add) {
		err = bond->ops->slave_add(bond, slave, extack);
		if (err)
			goto err_sysfs;
	}

	if (bond_mode_addrs_to_all(bond->params.mode)) {
		bond_rx_mode_sync_slave(bond, slave, true);
		bond_sync_flags_slave(bond, slave, true);
	}

	if (bond_mode_uses_active(bond->params.mode))
		bond_set_slave_backup(slave, true);

	list_add_tail_rcu(&slave->list, &bond->slaves);
	bond->slave_cnt++;
	bond_event_slave(bond, slave, BOND_EV_ENSLAVED, BOND_REASON_ADMIN);

	bond_compute_features(bond);
	if (bond_mode_uses_active(bond->params.mode)) {
		bond_primary_update(bond);
		bond_select_active(bond, BOND_REASON_NONE);
	}
	bond_arp_ns_mc_sync(bond);
	bond_update_usable(bond);
	bond_set_carrier(bond);
	bond_lower_state_changed(slave);

	netdev_info(dev, "(slave %s): Enslaving as %s interface with %s link\n",
		    sdev->name,
		    bond_slave_can_tx(slave) ? "an active" : "a backup",
		    slave->link == BOND_LINK_UP ? "an up" : "a down");
	return 0;

err_sysfs:
	bond_sysfs_slave_del(slave);
err_unlink:
	netdev_upper_dev_unlink(sdev, dev);
err_rx_handler:
	netdev_rx_handler_unregister(sdev);
err_netpoll:
	bond_netpoll_slave_disable(slave);
err_vlans:
	vlan_vids_del_by_dev(sdev, dev);
err_close:
	sdev->priv_flags &= ~IFF_BONDING;
	dev_close(sdev);
err_mac:
	bond_compat_unmark_slave(sdev);
	if (!ether_addr_equal(sdev->dev_addr, slave->perm_hwaddr))
		bond_slave_set_mac(sdev, slave->perm_hwaddr, NULL);
err_mtu:
	if (sdev->mtu != slave->orig_mtu)
		dev_set_mtu(sdev, slave->orig_mtu);
err_free:
	if (first && ether_addr_equal(dev->dev_addr, sdev->dev_addr) &&
	    dev->addr_assign_type == NET_ADDR_STOLEN) {
		eth_hw_addr_random(dev);
		call_netdevice_notifiers(NETDEV_CHANGEADDR, dev);
	}
	bond_sysfs_slave_put(slave);
err_type:
	if (took_type)
		bond_restore_ether(bond);
	return err;
}

/* --- release ------------------------------------------------------------------ */

static int __bond_release(struct bond *bond, struct net_device *sdev,
			  bool unregistering, struct netlink_ext_ack *extack)
{
	struct net_device *dev = bond->dev;
	struct bond_slave *slave;
	bool was_active;

	ASSERT_RTNL();
	slave = bond_slave_by_dev(bond, sdev);
	if (!slave) {
		NL_SET_ERR_MSG(extack, "Device is not a slave of this bond");
		netdev_err(dev, "(slave %s): cannot release: not a slave of %s\n",
			   sdev->name, dev->name);
		return -EINVAL;
	}

	netdev_info(dev, "(slave %s): Releasing %s interface\n", sdev->name,
		    bond_slave_can_tx(slave) ? "active" : "backup");
	bond_event_slave(bond, slave, BOND_EV_RELEASED, BOND_REASON_REMOVED);

	/* last look at its counters while they still count for the bond */
	bond_fold_slave_stats(bond, slave);

	was_active = rtnl_dereference(bond->active) == slave;
	list_del_rcu(&slave->list);
	bond->slave_cnt--;
	if (slave->queue_id)
		bond->queue_override--;
	if (bond->primary_slave == slave)
		bond->primary_slave = NULL;
	if (bond->arp_probe_slave == slave)
		WRITE_ONCE(bond->arp_probe_slave, NULL);
	bond_arp_slave_release(bond, slave);
	if (was_active)
		bond_active_lost(bond, BOND_REASON_REMOVED);
	if (bond->ops->slave_del)
		bond->ops->slave_del(bond, slave);
	bond_update_usable(bond);
	bond_set_carrier(bond);

	/* after this, no reader on the data path can see the slave */
	netdev_rx_handler_unregister(sdev);
	netdev_upper_dev_unlink(sdev, dev);
	bond_sysfs_slave_del(slave);

	bond_rx_mode_sync_slave(bond, slave, false);
	bond_sync_flags_slave(bond, slave, false);
	vlan_vids_del_by_dev(sdev, dev);
	bond_netpoll_slave_disable(slave);

	if (!bond_has_slaves(bond)) {
		bond_set_carrier(bond);
		if (dev->type == ARPHRD_ETHER) {
			eth_hw_addr_random(dev);
			call_netdevice_notifiers(NETDEV_CHANGEADDR, dev);
		}
		call_netdevice_notifiers(NETDEV_RELEASE, dev);
	} else if (ether_addr_equal(dev->dev_addr, slave->perm_hwaddr) &&
		   !(bond->params.mode == BOND_MODE_ACTIVEBACKUP &&
		     bond->params.fail_over_mac)) {
		netdev_warn(dev, "(slave %s): the permanent HWaddr of slave - %pM - is still in use by bond - set the HWaddr of slave to a different address to avoid conflicts\n",
			    sdev->name, slave->perm_hwaddr);
	}

	sdev->priv_flags &= ~IFF_BONDING;
	if (!unregistering) {
		/* close first, then restore what the slave had */
		dev_close(sdev);
		if (!(bond->params.mode == BOND_MODE_ACTIVEBACKUP &&
		      bond->params.fail_over_mac == BOND_FOM_ACTIVE) &&
		    !ether_addr_equal(sdev->dev_addr, slave->perm_hwaddr))
			bond_slave_set_mac(sdev, slave->perm_hwaddr, NULL);
		if (sdev->mtu != slave->orig_mtu)
			dev_set_mtu(sdev, slave->orig_mtu);
	}
	bond_compat_unmark_slave(sdev);
	if (!unregistering)
		netdev_state_change(sdev);

	bond_compute_features(bond);
	if (!bond_has_slaves(bond))
		bond_restore_ether(bond);
	bond_sysfs_slave_put(slave);
	return 0;
}

int bond_release(struct bond *bond, struct net_device *sdev,
		 struct netlink_ext_ack *extack)
{
	return __bond_release(bond, sdev, false, extack);
}

void bond_release_all(struct bond *bond)
{
	struct bond_slave *slave;

	while ((slave = bond_first_slave(bond)))
		__bond_release(bond, slave->dev,
			       slave->dev->reg_state != NETREG_REGISTERED, NULL);
}

/* --- receive ------------------------------------------------------------------ */

static rx_handler_result_t bond_handle_frame(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb, *nskb;
	const struct bond_mode_ops *ops;
	enum bond_rx_verdict v = BOND_RX_DELIVER;
	struct bond_slave *slave;
	struct bond *bond;

	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb))
		return RX_HANDLER_CONSUMED;
	*pskb = skb;

	slave = bond_slave_of_rcu(skb->dev);
	bond = slave->bond;

	bond_arp_rcv(bond, slave, skb);
	ops = READ_ONCE(bond->ops);
	if (ops->rx) {
		v = ops->rx(bond, slave, skb);
		if (v == BOND_RX_CONSUMED)
			return RX_HANDLER_CONSUMED;
	}

	/* frames on inactive slaves reach only what is bound to the slave */
	if (v == BOND_RX_INACTIVE ||
	    (v != BOND_RX_DELIVER_ANY && READ_ONCE(slave->inactive) &&
	     !READ_ONCE(bond->params.all_slaves_active)))
		return RX_HANDLER_EXACT;

	/* link-local frames stay on the slave, with a copy for the bond */
	if (unlikely(is_link_local_ether_addr(eth_hdr(skb)->h_dest))) {
		nskb = skb_clone(skb, GFP_ATOMIC);
		if (nskb) {
			nskb->dev = bond->dev;
			nskb->queue_mapping = 0;
			netif_rx(nskb);
		}
		return RX_HANDLER_PASS;
	}

	skb->dev = bond->dev;
	return RX_HANDLER_ANOTHER;
}

/* --- netdev events -------------------------------------------------------------- */

static int bond_slave_event(unsigned long event, struct net_device *sdev,
			    struct bond_slave *slave)
{
	struct bond *bond = slave->bond;

	switch (event) {
	case NETDEV_UNREGISTER:
		__bond_release(bond, sdev, true, NULL);
		break;
	case NETDEV_UP:
	case NETDEV_CHANGE:
		bond_slave_update_speed(slave);
		if (bond->ops->speed_change)
			bond->ops->speed_change(bond, slave);
		fallthrough;
	case NETDEV_DOWN:
		bond_slave_link_event(slave, event);
		break;
	case NETDEV_CHANGENAME:
		if (bond_mode_uses_active(bond->params.mode))
			bond_primary_update(bond);
		break;
	case NETDEV_FEAT_CHANGE:
		bond_compute_features(bond);
		break;
	case NETDEV_PRE_TYPE_CHANGE:
		/* a slave changing type would break the bond */
		return NOTIFY_BAD;
	case NETDEV_RESEND_IGMP:
		call_netdevice_notifiers(NETDEV_RESEND_IGMP, bond->dev);
		break;
	}
	return NOTIFY_DONE;
}

static int bond_master_event(unsigned long event, struct net_device *dev)
{
	struct bond *bond = bond_of(dev);

	switch (event) {
	case NETDEV_CHANGENAME:
		bond_procfs_rename(bond);
		bond_lb_rename(bond);
		break;
	}
	return NOTIFY_DONE;
}

static int bond_netdev_event(struct notifier_block *nb, unsigned long event,
			     void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct bond_slave *slave;
	int ret = NOTIFY_DONE;

	/* a bond may be a slave of another bond: both roles get the event */
	if (bond_is_ours(dev))
		ret = bond_master_event(event, dev);
	slave = bond_slave_of(dev);
	if (slave && ret != NOTIFY_BAD)
		ret = bond_slave_event(event, dev, slave);
	return ret;
}

static struct notifier_block bond_netdev_notifier = {
	.notifier_call = bond_netdev_event,
};

int bond_slave_notifier_init(void)
{
	return register_netdevice_notifier(&bond_netdev_notifier);
}

void bond_slave_notifier_uninit(void)
{
	unregister_netdevice_notifier(&bond_netdev_notifier);
}
