// SPDX-License-Identifier: GPL-2.0
/*
 * The bond net_device: setup, creation, the net_device_ops, and what the
 * bond derives from its slaves (features, MTU, MAC, address lists,
 * carrier, statistics, the array of usable slaves).
 *
 * Locking of the entry points in this file:
 *   ndo_init/uninit, ndo_open/stop          RTNL, may sleep
 *   ndo_change_mtu, ndo_set_mac_address     RTNL, may sleep
 *   ndo_fix_features, ndo_add/del_slave     RTNL, may sleep
 *   ndo_vlan_rx_add/kill_vid                RTNL, may sleep
 *   ndo_set_rx_mode                         addr list lock (BH off), atomic
 *   ndo_change_rx_flags                     RTNL, may sleep
 *   ndo_start_xmit                          BH off, atomic; takes RCU
 *   ndo_select_queue                        rcu_read_lock_bh, atomic
 *   ndo_get_xmit_slave                      RCU, atomic
 *   ndo_get_stats64                         RCU or RTNL, atomic
 *   usable_work                             process context, RTNL by trylock
 *   bond_create()                           takes RTNL itself
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/indirect_call_wrapper.h>
#include <linux/rtnetlink.h>
#include <net/rtnetlink.h>

#include "bond.h"
#include "bond_active.h"
#include "bond_ethtool.h"
#include "bond_ioctl.h"
#include "bond_mode.h"
#include "bond_monitor.h"
#include "bond_netlink.h"
#include "bond_netpoll.h"
#include "bond_options.h"
#include "bond_params.h"
#include "bond_procfs.h"
#include "bond_slave.h"
#include "bond_sysfs.h"

#define BOND_VLAN_FEATURES	(NETIF_F_HW_CSUM | NETIF_F_SG | \
				 NETIF_F_FRAGLIST | NETIF_F_GSO_SOFTWARE | \
				 NETIF_F_GSO_ENCAP_ALL | NETIF_F_HIGHDMA | \
				 NETIF_F_LRO)
#define BOND_ENC_FEATURES	(NETIF_F_HW_CSUM | NETIF_F_SG | \
				 NETIF_F_RXCSUM | NETIF_F_GSO_SOFTWARE)
#define BOND_MPLS_FEATURES	(NETIF_F_HW_CSUM | NETIF_F_SG | \
				 NETIF_F_GSO_SOFTWARE)

static const struct bond_mode_ops *bond_modes[BOND_MODE_COUNT] = {
	[BOND_MODE_ROUNDROBIN]	 = &bond_mode_rr,
	[BOND_MODE_ACTIVEBACKUP] = &bond_mode_ab,
	[BOND_MODE_XOR]		 = &bond_mode_xor,
	[BOND_MODE_BROADCAST]	 = &bond_mode_bcast,
	[BOND_MODE_8023AD]	 = &bond_mode_8023ad,
	[BOND_MODE_TLB]		 = &bond_mode_tlb,
	[BOND_MODE_ALB]		 = &bond_mode_alb,
};

const struct bond_mode_ops *bond_mode_get(unsigned int mode)
{
	return mode < BOND_MODE_COUNT ? bond_modes[mode] : NULL;
}

const char *bond_mode_name(unsigned int mode)
{
	const struct bond_mode_ops *ops = bond_mode_get(mode);

	return ops ? ops->name : "unknown";
}

netdev_tx_t bond_xmit_drop(struct bond *bond, struct sk_buff *skb)
{
	dev_core_stats_tx_dropped_inc(bond->dev);
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

/* The init hook of a mode whose logic has not landed yet. */
int bond_mode_not_ready(struct bond *bond, struct netlink_ext_ack *extack)
{
	NL_SET_ERR_MSG(extack, "this bonding mode is not implemented yet");
	netdev_err(bond->dev, "option mode: this mode is not implemented yet in this driver\n");
	return -EOPNOTSUPP;
}

/* --- the usable-slave array ----------------------------------------------- */

static bool bond_slave_usable(struct bond *bond, struct bond_slave *slave)
{
	if (bond->ops->slave_usable)
		return bond->ops->slave_usable(bond, slave);
	return bond_slave_can_tx(slave);
}

/* Rebuild and publish the array of slaves transmit may use. RTNL. */
void bond_update_usable(struct bond *bond)
{
	struct bond_usable *new, *old;
	struct bond_slave *slave;

	ASSERT_RTNL();
	new = kzalloc(struct_size(new, slaves, bond->slave_cnt), GFP_KERNEL);
	if (!new) {
		/* keep the old array; retry from the work item */
		bond_queue_usable_update(bond);
		return;
	}
	bond_for_each_slave(bond, slave)
		if (bond_slave_usable(bond, slave))
			new->slaves[new->count++] = slave;
	old = rtnl_dereference(bond->usable);
	rcu_assign_pointer(bond->usable, new);
	if (old)
		kfree_rcu(old, rcu);
}

static void bond_usable_work(struct work_struct *work)
{
	struct bond *bond = container_of(work, struct bond, usable_work);

	if (!rtnl_trylock()) {
		queue_work(bond_wq, &bond->usable_work);
		return;
	}
	bond_update_usable(bond);
	rtnl_unlock();
}

/* For callers that cannot take RTNL (atomic context, monitors). */
void bond_queue_usable_update(struct bond *bond)
{
	queue_work(bond_wq, &bond->usable_work);
}

static void bond_free_usable(struct bond *bond)
{
	struct bond_usable *old = rtnl_dereference(bond->usable);

	RCU_INIT_POINTER(bond->usable, NULL);
	if (old)
		kfree_rcu(old, rcu);
}

/* --- carrier -------------------------------------------------------------- */

/* Carrier when at least min_links (at least one) slaves have link. RTNL. */
void bond_set_carrier(struct bond *bond)
{
	struct bond_slave *slave;
	unsigned int up = 0;
	bool on;

	if (bond->ops->carrier) {
		on = bond->ops->carrier(bond);
	} else {
		bond_for_each_slave(bond, slave)
			if (slave->link == BOND_LINK_UP)
				up++;
		on = up && up >= bond->params.min_links;
	}
	if (on && !netif_carrier_ok(bond->dev))
		netif_carrier_on(bond->dev);
	else if (!on && netif_carrier_ok(bond->dev))
		netif_carrier_off(bond->dev);
}

/* --- statistics ----------------------------------------------------------- */

/*
 * The bond's counters are the sum of what its slaves counted while they
 * were slaves: each fold adds what changed since the last one, so totals
 * stay monotonic when a slave leaves (folded one last time on release) or
 * its own counters are reset.
 */
static void bond_fold_stats(struct bond *bond, struct bond_slave *slave,
			    const struct rtnl_link_stats64 *now)
{
	const u64 *n = (const u64 *)now;
	u64 *seen = (u64 *)&slave->stats_seen;
	u64 *acc = (u64 *)&bond->stats;
	int i;

	for (i = 0; i < sizeof(*now) / sizeof(u64); i++) {
		if (n[i] >= seen[i])
			acc[i] += n[i] - seen[i];
		seen[i] = n[i];
	}
}

static int bond_stats_lock_class(const struct bond *bond)
{
	return min_t(int, bond->dev->lower_level, MAX_LOCKDEP_SUBCLASSES - 1);
}

void bond_fold_slave_stats(struct bond *bond, struct bond_slave *slave)
{
	struct rtnl_link_stats64 now;

	dev_get_stats(slave->dev, &now);
	spin_lock_nested(&bond->stats_lock, bond_stats_lock_class(bond));
	bond_fold_stats(bond, slave, &now);
	spin_unlock(&bond->stats_lock);
}

static void bond_ndo_get_stats64(struct net_device *dev,
				 struct rtnl_link_stats64 *stats)
{
	struct bond *bond = bond_of(dev);
	struct rtnl_link_stats64 now;
	struct bond_slave *slave;

	spin_lock_nested(&bond->stats_lock, bond_stats_lock_class(bond));
	rcu_read_lock();
	bond_for_each_slave_rcu(bond, slave) {
		dev_get_stats(slave->dev, &now);
		bond_fold_stats(bond, slave, &now);
	}
	rcu_read_unlock();
	memcpy(stats, &bond->stats, sizeof(*stats));
	spin_unlock(&bond->stats_lock);
}

/* --- features ------------------------------------------------------------- */

static netdev_features_t bond_ndo_fix_features(struct net_device *dev,
					       netdev_features_t features)
{
	struct bond *bond = bond_of(dev);
	netdev_features_t mask = features;
	struct bond_slave *slave;

	/*
	 * With no slave this leaves the bond without what a slave has to
	 * offer (SG, TSO, GSO, HIGHDMA), as stock does: the first slave
	 * brings them.
	 */
	features &= ~NETIF_F_ONE_FOR_ALL;
	features |= NETIF_F_ALL_FOR_ALL;
	bond_for_each_slave(bond, slave)
		features = netdev_increment_features(features,
						     slave->dev->features,
						     mask);
	return netdev_add_tso_features(features, mask);
}

/* Recompute what the bond offers from its slaves. RTNL. */
void bond_compute_features(struct bond *bond)
{
	netdev_features_t vlan = BOND_VLAN_FEATURES, enc = BOND_ENC_FEATURES;
	netdev_features_t mpls = BOND_MPLS_FEATURES;
	struct net_device *dev = bond->dev;
	unsigned int tso_size = TSO_MAX_SIZE, tso_segs = TSO_MAX_SEGS;
	unsigned short hlen = ETH_HLEN, headroom = 0, tailroom = 0;
	bool dst_release = true;
	struct bond_slave *slave;

	ASSERT_RTNL();
	if (bond_has_slaves(bond)) {
		vlan &= NETIF_F_ALL_FOR_ALL;
		enc &= NETIF_F_ALL_FOR_ALL;
		mpls &= NETIF_F_ALL_FOR_ALL;
		tso_size = UINT_MAX;
		tso_segs = UINT_MAX;
		hlen = 0;
	}
	bond_for_each_slave(bond, slave) {
		struct net_device *sd = slave->dev;

		vlan = netdev_increment_features(vlan, sd->vlan_features,
						 BOND_VLAN_FEATURES);
		enc = netdev_increment_features(enc, sd->hw_enc_features,
						BOND_ENC_FEATURES);
		mpls = netdev_increment_features(mpls, sd->mpls_features,
						 BOND_MPLS_FEATURES);
		dst_release &= !!(sd->priv_flags & IFF_XMIT_DST_RELEASE);
		hlen = max(hlen, sd->hard_header_len);
		headroom = max(headroom, sd->needed_headroom);
		tailroom = max(tailroom, sd->needed_tailroom);
		tso_size = min(tso_size, sd->tso_max_size);
		tso_segs = min_t(unsigned int, tso_segs, sd->tso_max_segs);
	}

	dev->vlan_features = vlan;
	dev->hw_enc_features = enc | NETIF_F_GSO_ENCAP_ALL |
			       NETIF_F_HW_VLAN_CTAG_TX | NETIF_F_HW_VLAN_STAG_TX;
	dev->mpls_features = mpls;
	dev->hard_header_len = hlen;
	dev->needed_headroom = headroom;
	dev->needed_tailroom = tailroom;
	netif_set_tso_max_size(dev, tso_size);
	netif_set_tso_max_segs(dev, tso_segs);
	dev->priv_flags &= ~IFF_XMIT_DST_RELEASE;
	if (dst_release && bond_has_slaves(bond))
		dev->priv_flags |= IFF_XMIT_DST_RELEASE;
	netdev_change_features(dev);
}

/* --- MTU and MAC ------------------------------------------------------------ */

static int bond_ndo_change_mtu(struct net_device *dev, int mtu)
{
	struct bond *bond = bond_of(dev);
	struct bond_slave *slave, *done;
	int err;

	bond_for_each_slave(bond, slave) {
		err = dev_set_mtu(slave->dev, mtu);
		if (err) {
			netdev_err(dev, "cannot set MTU %d on %s: error %d\n",
				   mtu, slave->dev->name, err);
			goto unwind;
		}
	}
	dev->mtu = mtu;
	return 0;

unwind:
	done = slave;
	bond_for_each_slave(bond, slave) {
		if (slave == done)
			break;
		dev_set_mtu(slave->dev, dev->mtu);
	}
	return err;
}

/* Give every slave the address, rolling back on failure. RTNL. */
int bond_set_mac_all(struct bond *bond, const u8 *addr,
		     struct netlink_ext_ack *extack)
{
	struct net_device *dev = bond->dev;
	struct bond_slave *slave, *done;
	struct sockaddr_storage ss;
	int err;

	bond_for_each_slave(bond, slave) {
		ss.ss_family = slave->dev->type;
		memcpy(ss.__data, addr, dev->addr_len);
		err = dev_set_mac_address(slave->dev, (struct sockaddr *)&ss,
					  extack);
		if (err) {
			netdev_err(dev, "cannot set MAC %pM on %s: error %d\n",
				   addr, slave->dev->name, err);
			goto unwind;
		}
	}
	return 0;

unwind:
	done = slave;
	bond_for_each_slave(bond, slave) {
		if (slave == done)
			break;
		ss.ss_family = slave->dev->type;
		memcpy(ss.__data, dev->dev_addr, dev->addr_len);
		dev_set_mac_address(slave->dev, (struct sockaddr *)&ss, NULL);
	}
	return err;
}

static int bond_ndo_set_mac_address(struct net_device *dev, void *p)
{
	struct bond *bond = bond_of(dev);
	struct sockaddr_storage *ss = p;
	int err;

	if (!is_valid_ether_addr(ss->__data))
		return -EADDRNOTAVAIL;
	if (bond->ops->set_mac)
		err = bond->ops->set_mac(bond, ss->__data, NULL);
	else
		err = bond_set_mac_all(bond, ss->__data, NULL);
	if (err < 0)
		return err;
	if (err != BOND_MAC_UNCHANGED)
		dev_addr_set(dev, ss->__data);
	return 0;
}

/* --- address lists and rx flags -------------------------------------------- */

/*
 * In active-backup, tlb and alb only the current active slave carries the
 * bond's address lists, promiscuity and allmulti; in the other modes every
 * slave does.
 */
static bool bond_slave_gets_addrs(struct bond *bond, struct bond_slave *slave)
{
	if (bond_mode_addrs_to_all(bond->params.mode))
		return true;
	return slave == rcu_access_pointer(bond->active);
}

/*
 * Give (add) or take back (!add) the bond's uc/mc lists. RTNL. Slaves carry
 * them only while the bond is up: unregistering flushes the bond's lists
 * before the slaves are released, so whatever was still synced to a slave
 * then would stay on it for good. ndo_stop takes them back, ndo_open gives
 * them again.
 */
void bond_rx_mode_sync_slave(struct bond *bond, struct bond_slave *slave,
			     bool add)
{
	struct net_device *dev = bond->dev;

	if (add && !slave->addrs_synced && netif_running(dev)) {
		netif_addr_lock_bh(dev);
		dev_uc_sync_multiple(slave->dev, dev);
		dev_mc_sync_multiple(slave->dev, dev);
		netif_addr_unlock_bh(dev);
		slave->addrs_synced = 1;
	} else if (!add && slave->addrs_synced) {
		/* unsync takes the bond's address lock itself */
		dev_uc_unsync(slave->dev, dev);
		dev_mc_unsync(slave->dev, dev);
		slave->addrs_synced = 0;
	}
}

/* Give (add) or take back (!add) the bond's promiscuity and allmulti. RTNL. */
void bond_sync_flags_slave(struct bond *bond, struct bond_slave *slave,
			   bool add)
{
	struct net_device *dev = bond->dev;

	if (add) {
		if ((dev->flags & IFF_PROMISC) && !slave->promisc_on &&
		    !dev_set_promiscuity(slave->dev, 1))
			slave->promisc_on = 1;
		if ((dev->flags & IFF_ALLMULTI) && !slave->allmulti_on &&
		    !dev_set_allmulti(slave->dev, 1))
			slave->allmulti_on = 1;
		return;
	}
	if (slave->promisc_on && !dev_set_promiscuity(slave->dev, -1))
		slave->promisc_on = 0;
	if (slave->allmulti_on && !dev_set_allmulti(slave->dev, -1))
		slave->allmulti_on = 0;
}

static void bond_ndo_set_rx_mode(struct net_device *dev)
{
	struct bond *bond = bond_of(dev);
	struct bond_slave *slave;

	rcu_read_lock();
	bond_for_each_slave_rcu(bond, slave) {
		if (!slave->addrs_synced)
			continue;
		dev_uc_sync_multiple(slave->dev, dev);
		dev_mc_sync_multiple(slave->dev, dev);
	}
	rcu_read_unlock();
}

static void bond_ndo_change_rx_flags(struct net_device *dev, int change)
{
	struct bond *bond = bond_of(dev);
	struct bond_slave *slave;

	ASSERT_RTNL();
	bond_for_each_slave(bond, slave) {
		if (!bond_slave_gets_addrs(bond, slave))
			continue;
		if (change & IFF_PROMISC) {
			bool want = dev->flags & IFF_PROMISC;

			if (want != slave->promisc_on &&
			    !dev_set_promiscuity(slave->dev, want ? 1 : -1))
				slave->promisc_on = want;
		}
		if (change & IFF_ALLMULTI) {
			bool want = dev->flags & IFF_ALLMULTI;

			if (want != slave->allmulti_on &&
			    !dev_set_allmulti(slave->dev, want ? 1 : -1))
				slave->allmulti_on = want;
		}
	}
}

/* --- VLANs ----------------------------------------------------------------- */

static int bond_ndo_vlan_rx_add_vid(struct net_device *dev, __be16 proto,
				    u16 vid)
{
	struct bond *bond = bond_of(dev);
	struct bond_slave *slave, *done;
	int err;

	bond_for_each_slave(bond, slave) {
		err = vlan_vid_add(slave->dev, proto, vid);
		if (err)
			goto unwind;
	}
	return 0;

unwind:
	done = slave;
	bond_for_each_slave(bond, slave) {
		if (slave == done)
			break;
		vlan_vid_del(slave->dev, proto, vid);
	}
	return err;
}

static int bond_ndo_vlan_rx_kill_vid(struct net_device *dev, __be16 proto,
				     u16 vid)
{
	struct bond *bond = bond_of(dev);
	struct bond_slave *slave;

	bond_for_each_slave(bond, slave)
		vlan_vid_del(slave->dev, proto, vid);
	return 0;
}

/* --- transmit -------------------------------------------------------------- */

static u16 bond_ndo_select_queue(struct net_device *dev, struct sk_buff *skb,
				 struct net_device *sb_dev)
{
	/*
	 * Keep the queue a forwarded frame came in on and put local traffic
	 * on queue 0, so that only a queue_mapping set on purpose (tc
	 * skbedit) matches a slave's queue_id.
	 */
	u16 txq = skb_rx_queue_recorded(skb) ? skb_get_rx_queue(skb) : 0;

	if (unlikely(txq >= dev->real_num_tx_queues))
		txq %= dev->real_num_tx_queues;
	return txq;
}

/* queue_id steering: a slave whose queue_id equals the skb's queue. */
static bool bond_xmit_by_queue(struct bond *bond, struct sk_buff *skb)
{
	struct bond_slave *slave;
	u16 q = skb_get_queue_mapping(skb);

	if (!q)
		return false;
	bond_for_each_slave_rcu(bond, slave) {
		if (READ_ONCE(slave->queue_id) != q)
			continue;
		if (!bond_slave_can_tx(slave))
			return false;
		bond_dev_queue_xmit(bond, skb, slave->dev);
		return true;
	}
	return false;
}

/*
 * The modes look up their slaves with rcu_dereference(), which wants
 * rcu_read_lock(): dev_queue_xmit() holds only rcu_read_lock_bh(), and
 * pktgen and netpoll call in with nothing but BH or IRQs off.
 */
static netdev_tx_t bond_ndo_start_xmit(struct sk_buff *skb,
				       struct net_device *dev)
{
	struct bond *bond = bond_of(dev);
	netdev_tx_t ret;

	if (unlikely(bond_netpoll_blocked(bond)))
		return NETDEV_TX_BUSY;
	rcu_read_lock();
	if (unlikely(bond->queue_override) && bond_xmit_by_queue(bond, skb))
		ret = NETDEV_TX_OK;
	else
		ret = INDIRECT_CALL_4(READ_ONCE(bond->ops)->xmit, bond_ab_xmit,
				      bond_xor_xmit, bond_rr_xmit, bond_bc_xmit,
				      bond, skb);
	rcu_read_unlock();
	return ret;
}

/* Hand a frame to a slave; consumes the skb. */
netdev_tx_t bond_dev_queue_xmit(struct bond *bond, struct sk_buff *skb,
				struct net_device *slave_dev)
{
	skb->dev = slave_dev;
	if (unlikely(netpoll_tx_running(bond->dev)))
		return bond_netpoll_send_skb(bond, skb, slave_dev);
	return dev_queue_xmit(skb);
}

static struct net_device *bond_ndo_get_xmit_slave(struct net_device *dev,
						  struct sk_buff *skb,
						  bool all_slaves)
{
	struct bond *bond = bond_of(dev);
	struct bond_slave *slave = NULL;
	const struct bond_mode_ops *ops = READ_ONCE(bond->ops);

	if (ops->xmit_slave)
		slave = ops->xmit_slave(bond, skb, all_slaves);
	return slave ? slave->dev : NULL;
}

/* --- life cycle ------------------------------------------------------------- */

static int bond_ndo_init(struct net_device *dev)
{
	struct bond_net *bn = bond_net_of(dev_net(dev));
	struct bond *bond = bond_of(dev);
	int err;

	ASSERT_RTNL();
	bond->dev = dev;
	bond->bn = bn;
	bond->eth_header_ops = dev->header_ops;
	INIT_LIST_HEAD(&bond->slaves);
	spin_lock_init(&bond->stats_lock);
	INIT_WORK(&bond->usable_work, bond_usable_work);
	bond->params = bond_default_params;
	bond->params.num_peer_notif = bond_params_num_peer_notif();
	bond->ops = bond_mode_get(bond->params.mode);
	if (bond->ops->init) {
		err = bond->ops->init(bond, NULL);
		if (err)
			return err;
	}
	bond_monitor_init(bond);
	bond_active_work_init(bond);
	netdev_lockdep_set_classes(dev);
	list_add_tail(&bond->node, &bn->bonds);
	bond_procfs_add(bond);
	return 0;
}

static void bond_ndo_uninit(struct net_device *dev)
{
	struct bond *bond = bond_of(dev);

	ASSERT_RTNL();
	bond_release_all(bond);
	bond_procfs_del(bond);
	list_del(&bond->node);
	cancel_work_sync(&bond->usable_work);
	bond_active_work_cancel(bond);
	if (bond->ops->uninit)
		bond->ops->uninit(bond);
	bond_free_usable(bond);
	pr_debug("bond device removed: %s\n", dev->name);
}

static int bond_ndo_open(struct net_device *dev)
{
	struct bond *bond = bond_of(dev);
	struct bond_slave *slave;
	int err;

	ASSERT_RTNL();
	/*
	 * Slaves come back into service on their current link state. Under
	 * miimon one still up with carrier stays up: updelay is for links
	 * coming up, and an active slave put back to wait for it would leave
	 * the bond without a usable slave for that long.
	 */
	bond_for_each_slave(bond, slave)
		if (!bond->params.miimon || slave->link != BOND_LINK_UP ||
		    !bond_slave_carrier_ok(bond, slave))
			bond_slave_init_link(bond, slave);
	if (bond->ops->open) {
		err = bond->ops->open(bond);
		if (err)
			return err;
	}
	if (bond_mode_uses_active(bond->params.mode))
		bond_select_active(bond, BOND_REASON_NONE);
	bond_for_each_slave(bond, slave)
		if (bond_slave_gets_addrs(bond, slave))
			bond_rx_mode_sync_slave(bond, slave, true);
	bond_update_usable(bond);
	bond_set_carrier(bond);
	bond_monitor_start(bond);
	bond_monitor_sanity(bond, NULL);
	return 0;
}

static int bond_ndo_stop(struct net_device *dev)
{
	struct bond *bond = bond_of(dev);
	struct bond_slave *slave;

	ASSERT_RTNL();
	bond_monitor_stop(bond);
	bond_active_work_cancel(bond);
	if (bond->ops->close)
		bond->ops->close(bond);
	bond_for_each_slave(bond, slave)
		bond_rx_mode_sync_slave(bond, slave, false);
	return 0;
}

static int bond_ndo_add_slave(struct net_device *dev,
			      struct net_device *slave_dev,
			      struct netlink_ext_ack *extack)
{
	return bond_enslave(bond_of(dev), slave_dev, extack);
}

static int bond_ndo_del_slave(struct net_device *dev,
			      struct net_device *slave_dev)
{
	return bond_release(bond_of(dev), slave_dev, NULL);
}

static const struct net_device_ops bond_netdev_ops = {
	.ndo_init		= bond_ndo_init,
	.ndo_uninit		= bond_ndo_uninit,
	.ndo_open		= bond_ndo_open,
	.ndo_stop		= bond_ndo_stop,
	.ndo_start_xmit		= bond_ndo_start_xmit,
	.ndo_select_queue	= bond_ndo_select_queue,
	.ndo_get_stats64	= bond_ndo_get_stats64,
	.ndo_eth_ioctl		= bond_ndo_eth_ioctl,
	.ndo_siocbond		= bond_ndo_siocbond,
	.ndo_siocdevprivate	= bond_ndo_siocdevprivate,
	.ndo_change_rx_flags	= bond_ndo_change_rx_flags,
	.ndo_set_rx_mode	= bond_ndo_set_rx_mode,
	.ndo_change_mtu		= bond_ndo_change_mtu,
	.ndo_set_mac_address	= bond_ndo_set_mac_address,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_vlan_rx_add_vid	= bond_ndo_vlan_rx_add_vid,
	.ndo_vlan_rx_kill_vid	= bond_ndo_vlan_rx_kill_vid,
#ifdef CONFIG_NET_POLL_CONTROLLER
	.ndo_netpoll_setup	= bond_ndo_netpoll_setup,
	.ndo_netpoll_cleanup	= bond_ndo_netpoll_cleanup,
	.ndo_poll_controller	= bond_ndo_poll_controller,
#endif
	.ndo_add_slave		= bond_ndo_add_slave,
	.ndo_del_slave		= bond_ndo_del_slave,
	.ndo_fix_features	= bond_ndo_fix_features,
	.ndo_features_check	= passthru_features_check,
	.ndo_get_xmit_slave	= bond_ndo_get_xmit_slave,
};

static const struct device_type bond_device_type = {
	.name = "bond",
};

bool bond_is_ours(const struct net_device *dev)
{
	return dev->netdev_ops == &bond_netdev_ops;
}

void bond_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->netdev_ops = &bond_netdev_ops;
	dev->ethtool_ops = &bond_ethtool_ops;
	dev->needs_free_netdev = true;
	SET_NETDEV_DEVTYPE(dev, &bond_device_type);
	bond_sysfs_setup(dev);

	dev->flags |= IFF_MASTER;
	dev->priv_flags |= IFF_BONDING | IFF_UNICAST_FLT | IFF_NO_QUEUE;
	dev->priv_flags &= ~(IFF_XMIT_DST_RELEASE | IFF_TX_SKB_SHARING);
	bond_compat_set_lltx(dev);
	bond_compat_set_netns_local(dev);

	/*
	 * VLAN tag insertion is always on (the slaves' own transmit puts the
	 * tag in software where they cannot), so not a switch; as with stock,
	 * a VLAN on a bond that never had a slave starts without offloads
	 * (vlan_features empty) and gets them with the first slave.
	 */
	dev->hw_features = BOND_VLAN_FEATURES | NETIF_F_HW_VLAN_CTAG_RX |
			   NETIF_F_HW_VLAN_CTAG_FILTER |
			   NETIF_F_HW_VLAN_STAG_RX |
			   NETIF_F_HW_VLAN_STAG_FILTER;
	dev->features |= dev->hw_features | NETIF_F_HW_VLAN_CTAG_TX |
			 NETIF_F_HW_VLAN_STAG_TX;
	dev->vlan_features = 0;
	dev->hw_enc_features = BOND_ENC_FEATURES | NETIF_F_GSO_ENCAP_ALL;
	dev->mpls_features = BOND_MPLS_FEATURES;

	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_MAX_MTU;
	eth_hw_addr_random(dev);
}

/*
 * /sys/class/net/bonding_masters is our file: a device of that name would
 * collide with it in sysfs (register_netdevice fails after a stack dump).
 */
bool bond_name_reserved(const char *name)
{
	return name && !strcmp(name, "bonding_masters");
}

/* Create a bond with the module defaults (bonding_masters, max_bonds). */
int bond_create(struct net *net, const char *name)
{
	struct net_device *dev;
	int err;

	if (bond_name_reserved(name)) {
		pr_err("bonding_masters: %s is the bonding control file's name, not allowed for a bond\n",
		       name);
		return -EEXIST;
	}
	rtnl_lock();
	dev = alloc_netdev_mqs(sizeof(struct bond), name ? name : "bond%d",
			       NET_NAME_UNKNOWN, bond_setup,
			       bond_defaults.tx_queues,
			       bond_defaults.tx_queues);
	if (!dev) {
		rtnl_unlock();
		return -ENOMEM;
	}
	dev_net_set(dev, net);
	dev->rtnl_link_ops = &bond_link_ops;

	err = register_netdevice(dev);
	if (err) {
		free_netdev(dev);
		rtnl_unlock();
		return err;
	}
	netif_carrier_off(dev);
	rtnl_unlock();
	return 0;
}
