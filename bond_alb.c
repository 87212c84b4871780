// SPDX-License-Identifier: GPL-2.0
/*
 * balance-tlb and balance-alb: transmit spread over the slaves by load
 * relative to speed, and (alb) receive spread over them by answering each
 * IPv4 peer's ARP with a different slave's MAC.
 *
 * Locking:
 *   what                                  how
 *   ------------------------------------  ----------------------------------
 *   tx table, per-slave loads, client     lb->lock: plain spin_lock on
 *   table, round-robin cursor             transmit (rcu_read_lock_bh, BH off)
 *                                         and receive (softirq); spin_lock_bh
 *                                         in process context
 *   slave MACs, every mode hook but       RTNL, process context (may sleep:
 *   xmit and rx                           dev_set_mac_address)
 *   lb->work: rebalance, learning         process context on bond_wq, RCU
 *   packets, client updates               for the slaves, never RTNL;
 *                                         started in open, cancelled in close
 *                                         and uninit
 *   slave list on the data path           RCU
 *   struct lb_slave (slave->mode_priv)    freed after a grace period; "dead"
 *                                         set under lb->lock on release
 *   debugfs rlb_hash_table                lb->lock, RCU for slave names
 */
#include <linux/debugfs.h>
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <net/arp.h>
#include <net/ipv6.h>
#include <net/ndisc.h>

#include "bond.h"
#include "bond_arp.h"
#include "bond_hash.h"
#include "bond_lb.h"
#include "bond_mode.h"

#define LB_TX_SIZE	256
#define LB_RX_SIZE	256
#define LB_TICK		(HZ / 10)
#define LB_REBALANCE	(10 * HZ)
#define LB_UPDATES	3		/* ARP updates per re-pointed peer */
#define LB_UPDATE_GAP	(HZ + HZ / 5)	/* more than the peers' ARP locktime */
#define LB_REQ_RESTORE	(2 * HZ)	/* after our own broadcast request */
#define LB_LP_UC_MAX	16		/* extra unicast MACs announced */

/* slave->mode_priv */
struct lb_slave {
	struct rcu_head rcu;
	u64 load;		/* bytes: its entries' last interval + this one */
	unsigned int entries;	/* tx entries assigned to it */
	bool dead;		/* released: never assigned again */
};

struct lb_tx {
	struct bond_slave *slave;	/* NULL: unassigned */
	u64 bytes;			/* this interval */
	u64 last;			/* the interval before */
};

/* one IPv4 peer whose ARP cache we steer */
struct lb_client {
	__be32 ip_src;			/* our address */
	__be32 ip_dst;			/* the peer's */
	u8 mac_dst[ETH_ALEN];
	bool used;
	bool mac_known;
	u8 ntt;				/* ARP updates still to send */
	__be16 vlan_proto;
	u16 vlan_tci;			/* 0: untagged */
	unsigned long due;		/* next update, jiffies */
	struct bond_slave *slave;
};

/* bond->mode_priv */
struct lb_bond {
	struct bond *bond;
	bool alb;
	spinlock_t lock;
	unsigned int rr;		/* round-robin cursor over fast slaves */
	bool rx_rebalance;		/* spread the clients again on next tick */
	unsigned long next_rebalance;
	unsigned long next_lp;
	struct delayed_work work;
	struct dentry *dbg;
	struct lb_tx tx[LB_TX_SIZE];
	struct lb_client rx[LB_RX_SIZE];
};

/* an Ethernet/IPv4 ARP packet */
struct lb_arp {
	__be16 htype;
	__be16 ptype;
	u8 hlen;
	u8 plen;
	__be16 op;
	u8 sha[ETH_ALEN];
	__be32 sip;
	u8 tha[ETH_ALEN];
	__be32 tip;
} __packed;

static struct dentry *lb_dbg_root;

static struct lb_bond *lb_of(struct bond *bond)
{
	return bond->mode_priv;
}

static struct lb_slave *lbs(const struct bond_slave *slave)
{
	return slave->mode_priv;
}

/* May the slave carry balanced traffic? */
static bool lb_slave_ok(const struct bond_slave *slave)
{
	return READ_ONCE(slave->link) == BOND_LINK_UP &&
	       netif_running(slave->dev) && !READ_ONCE(lbs(slave)->dead);
}

static u64 lb_speed(const struct bond_slave *slave)
{
	u32 speed = READ_ONCE(slave->speed);

	return speed == SPEED_UNKNOWN || !speed ? 1 : speed;
}

/* --- transmit load table -------------------------------------------------- */

/* The slave with the least load for its speed. lb->lock, RCU. */
static struct bond_slave *lb_least_loaded(struct bond *bond)
{
	struct bond_slave *slave, *best = NULL;
	u64 best_load = 0, best_speed = 1;

	bond_for_each_slave_rcu(bond, slave) {
		u64 load, speed;

		if (!lb_slave_ok(slave))
			continue;
		load = lbs(slave)->load;
		speed = lb_speed(slave);
		if (!best || load * best_speed < best_load * speed ||
		    (load * best_speed == best_load * speed &&
		     lbs(slave)->entries < lbs(best)->entries)) {
			best = slave;
			best_load = load;
			best_speed = speed;
		}
	}
	return best;
}

/* lb->lock */
static void lb_tx_unassign(struct lb_tx *e)
{
	struct lb_slave *info = lbs(e->slave);

	info->entries--;
	info->load -= min(info->load, e->bytes + e->last);
	e->slave = NULL;
}

/* The slave of hash bucket @h, assigned on first use. BH off, RCU. */
static struct bond_slave *lb_tx_pick(struct bond *bond, struct lb_bond *lb,
				     u32 h, unsigned int len)
{
	struct lb_tx *e = &lb->tx[h & (LB_TX_SIZE - 1)];
	struct bond_slave *slave;

	spin_lock(&lb->lock);
	slave = e->slave;
	if (slave && !lb_slave_ok(slave)) {
		lb_tx_unassign(e);
		slave = NULL;
	}
	if (!slave) {
		slave = lb_least_loaded(bond);
		if (slave) {
			e->slave = slave;
			lbs(slave)->entries++;
		}
	}
	if (slave) {
		e->bytes += len;
		lbs(slave)->load += len;
	}
	spin_unlock(&lb->lock);
	return slave;
}

/* tlb_dynamic_lb=0: by hash over the usable slaves. RCU. */
static struct bond_slave *lb_hash_pick(struct bond *bond, u32 hash)
{
	struct bond_usable *u = rcu_dereference(bond->usable);

	if (!u || !u->count)
		return NULL;
	return u->slaves[hash % u->count];
}

/*
 * Every LB_REBALANCE: the buckets that carried traffic are laid out again,
 * biggest first, each onto the slave with the least load for its speed;
 * idle buckets are freed for the next flow. Process context, RCU.
 */
static void lb_tx_rebalance(struct bond *bond, struct lb_bond *lb)
{
	DECLARE_BITMAP(todo, LB_TX_SIZE);
	struct bond_slave *slave;
	int i, big;

	bitmap_zero(todo, LB_TX_SIZE);
	spin_lock_bh(&lb->lock);
	bond_for_each_slave_rcu(bond, slave) {
		lbs(slave)->load = 0;
		lbs(slave)->entries = 0;
	}
	for (i = 0; i < LB_TX_SIZE; i++) {
		struct lb_tx *e = &lb->tx[i];

		e->last = e->bytes;
		e->bytes = 0;
		e->slave = NULL;
		if (e->last)
			__set_bit(i, todo);
	}
	for (;;) {
		big = -1;
		for_each_set_bit(i, todo, LB_TX_SIZE)
			if (big < 0 || lb->tx[i].last > lb->tx[big].last)
				big = i;
		if (big < 0)
			break;
		__clear_bit(big, todo);
		slave = lb_least_loaded(bond);
		if (!slave)
			break;
		lb->tx[big].slave = slave;
		lbs(slave)->entries++;
		lbs(slave)->load += lb->tx[big].last;
	}
	spin_unlock_bh(&lb->lock);
}

/* --- the client table (alb) ----------------------------------------------- */

static unsigned int lb_client_idx(__be32 ip)
{
	return ((const u8 *)&ip)[3];
}

/*
 * The next slave for a client: round robin over the fastest slaves that
 * can carry traffic, @skip excepted. lb->lock, RCU.
 */
static struct bond_slave *lb_next_rx_slave(struct bond *bond,
					   struct lb_bond *lb,
					   struct bond_slave *skip)
{
	struct bond_slave *slave;
	unsigned int n = 0, k;
	u64 top = 0;

	bond_for_each_slave_rcu(bond, slave) {
		if (slave == skip || !lb_slave_ok(slave))
			continue;
		if (lb_speed(slave) > top) {
			top = lb_speed(slave);
			n = 1;
		} else if (lb_speed(slave) == top) {
			n++;
		}
	}
	if (!n)
		return NULL;
	k = lb->rr++ % n;
	bond_for_each_slave_rcu(bond, slave) {
		if (slave == skip || !lb_slave_ok(slave) ||
		    lb_speed(slave) != top)
			continue;
		if (!k--)
			return slave;
	}
	return NULL;
}

/* Send @c its ARP updates from now on. lb->lock. */
static void lb_client_touch(struct lb_client *c, u8 count, unsigned long due)
{
	if (!c->used || !c->mac_known || !c->slave)
		return;
	c->ntt = max(c->ntt, count);
	c->due = due;
}

/* Clients of @from go to the others, and are told. lb->lock, RCU. */
static void lb_clients_move(struct bond *bond, struct lb_bond *lb,
			    struct bond_slave *from)
{
	int i;

	for (i = 0; i < LB_RX_SIZE; i++) {
		struct lb_client *c = &lb->rx[i];

		if (!c->used || c->slave != from)
			continue;
		c->slave = lb_next_rx_slave(bond, lb, from);
		lb_client_touch(c, LB_UPDATES, jiffies);
	}
}

/* Tell the clients of @slave again (its MAC changed). lb->lock. */
static void lb_clients_retell(struct lb_bond *lb, struct bond_slave *slave)
{
	int i;

	for (i = 0; i < LB_RX_SIZE; i++)
		if (lb->rx[i].used && lb->rx[i].slave == slave)
			lb_client_touch(&lb->rx[i], LB_UPDATES, jiffies);
}

/* A slave came or came back: deal the clients out again. Process, RCU. */
static void lb_clients_rebalance(struct bond *bond, struct lb_bond *lb)
{
	struct bond_slave *slave;
	int i;

	spin_lock_bh(&lb->lock);
	WRITE_ONCE(lb->rx_rebalance, false);
	lb->rr = 0;
	for (i = 0; i < LB_RX_SIZE; i++) {
		struct lb_client *c = &lb->rx[i];

		if (!c->used)
			continue;
		slave = lb_next_rx_slave(bond, lb, NULL);
		if (!slave || slave == c->slave)
			continue;
		c->slave = slave;
		lb_client_touch(c, LB_UPDATES, jiffies);
	}
	spin_unlock_bh(&lb->lock);
}

/* The slave for the peer @peer we talk to from @ours. BH off, RCU. */
static struct bond_slave *lb_client_assign(struct bond *bond,
					   struct lb_bond *lb, __be32 ours,
					   __be32 peer, const u8 *mac,
					   __be16 vproto, u16 vtci)
{
	struct lb_client *c = &lb->rx[lb_client_idx(peer)];
	struct bond_slave *slave;

	spin_lock(&lb->lock);
	if (!c->used || c->ip_dst != peer || c->ip_src != ours) {
		memset(c, 0, sizeof(*c));
		c->used = true;
		c->ip_src = ours;
		c->ip_dst = peer;
	}
	c->vlan_proto = vproto;
	c->vlan_tci = vtci;
	if (mac && is_valid_ether_addr(mac)) {
		ether_addr_copy(c->mac_dst, mac);
		c->mac_known = true;
	}
	slave = c->slave;
	if (!slave || !lb_slave_ok(slave)) {
		slave = lb_next_rx_slave(bond, lb, NULL);
		c->slave = slave;
	}
	spin_unlock(&lb->lock);
	return slave;
}

/*
 * Our broadcast ARP taught every peer on the segment the sender MAC: put
 * the other clients of that address back where they belong once their ARP
 * locktime has passed. BH off.
 */
static void lb_restore_later(struct lb_bond *lb, __be32 ours, __be32 target)
{
	int i;

	spin_lock(&lb->lock);
	for (i = 0; i < LB_RX_SIZE; i++) {
		struct lb_client *c = &lb->rx[i];

		if (c->used && c->ip_src == ours && c->ip_dst != target)
			lb_client_touch(c, 2, jiffies + LB_REQ_RESTORE);
	}
	spin_unlock(&lb->lock);
}

/* Where an Ethernet/IPv4 ARP header starts in an outgoing frame, or 0. */
static unsigned int lb_tx_arp_off(struct sk_buff *skb, __be16 *vproto,
				  u16 *vtci)
{
	const struct ethhdr *eth = (const struct ethhdr *)skb->data;
	unsigned int off = ETH_HLEN;
	const struct vlan_hdr *vh;
	const struct lb_arp *a;
	struct vlan_hdr _vh;
	struct lb_arp _a;
	__be16 proto = eth->h_proto;

	if (skb_vlan_tag_present(skb)) {
		*vproto = skb->vlan_proto;
		*vtci = skb_vlan_tag_get(skb);
	} else if (eth_type_vlan(proto)) {
		vh = skb_header_pointer(skb, off, sizeof(_vh), &_vh);
		if (!vh)
			return 0;
		*vproto = proto;
		*vtci = ntohs(vh->h_vlan_TCI);
		proto = vh->h_vlan_encapsulated_proto;
		off += VLAN_HLEN;
	}
	if (proto != htons(ETH_P_ARP))
		return 0;
	a = skb_header_pointer(skb, off, sizeof(_a), &_a);
	if (!a || a->htype != htons(ARPHRD_ETHER) ||
	    a->ptype != htons(ETH_P_IP) || a->hlen != ETH_ALEN || a->plen != 4)
		return 0;
	return off;
}

/*
 * An ARP the host sends: a reply or a request of ours goes out on the
 * slave assigned to the peer, with that slave's MAC as sender. Anything
 * not from the bond's own MAC (bridge, macvlan above us) is left alone.
 */
static struct bond_slave *lb_arp_xmit(struct bond *bond, struct lb_bond *lb,
				      struct sk_buff *skb, unsigned int off,
				      __be16 vproto, u16 vtci)
{
	const u8 *peer_mac = NULL;
	struct bond_slave *slave;
	struct ethhdr *eth;
	struct lb_arp *a;
	bool bcast;

	if (skb_ensure_writable(skb, off + sizeof(*a)))
		return NULL;
	eth = (struct ethhdr *)skb->data;
	a = (struct lb_arp *)(skb->data + off);
	if (!ether_addr_equal(a->sha, bond->dev->dev_addr))
		return NULL;
	bcast = is_broadcast_ether_addr(eth->h_dest);
	if (a->op != htons(ARPOP_REPLY) && a->op != htons(ARPOP_REQUEST))
		return NULL;
	if (!a->sip || !a->tip || a->sip == a->tip) {
		/* gratuitous or probe: everyone hears the bond's MAC */
		if (bcast && a->sip)
			lb_restore_later(lb, a->sip, 0);
		return NULL;
	}
	if (!is_multicast_ether_addr(eth->h_dest))
		peer_mac = eth->h_dest;
	slave = lb_client_assign(bond, lb, a->sip, a->tip, peer_mac,
				 vproto, vtci);
	if (a->op == htons(ARPOP_REQUEST) && bcast)
		lb_restore_later(lb, a->sip, a->tip);
	if (slave)
		ether_addr_copy(a->sha, slave->dev->dev_addr);
	return slave;
}

/*
 * A new client only from a reply sent to us (our MAC, an address of ours
 * on the device its VLAN tag leads to): the bond announces the entry's
 * source address as its own to the client. RCU.
 */
static bool lb_arp_for_us(struct bond *bond, const struct sk_buff *skb,
			  __be32 tip)
{
	struct net_device *dev = bond->dev;

	if (skb->pkt_type != PACKET_HOST)
		return false;
	if (skb_vlan_tag_present(skb))
		dev = bond_rx_vlan_dev(dev, skb->vlan_proto,
				       skb_vlan_tag_get_id(skb));
	return dev && bond_addr_is_ours(dev, tip, NULL);
}

/* An ARP reply to us: note the peer's MAC, or take it on. RCU, softirq. */
static void lb_arp_rcv(struct bond *bond, struct lb_bond *lb,
		       struct sk_buff *skb)
{
	const struct lb_arp *a;
	struct lb_client *c;
	struct lb_arp _a;
	bool for_us;
	u16 vid;

	/* like arp_rcv(): not what was sent to another host's MAC */
	if (skb->pkt_type == PACKET_OTHERHOST ||
	    skb->pkt_type == PACKET_LOOPBACK)
		return;
	a = skb_header_pointer(skb, 0, sizeof(_a), &_a);
	if (!a || a->htype != htons(ARPHRD_ETHER) ||
	    a->ptype != htons(ETH_P_IP) || a->hlen != ETH_ALEN ||
	    a->plen != 4 || a->op != htons(ARPOP_REPLY))
		return;
	if (!is_valid_ether_addr(a->sha) || !a->sip || !a->tip ||
	    a->sip == a->tip)
		return;
	for_us = lb_arp_for_us(bond, skb, a->tip);
	vid = skb_vlan_tag_present(skb) ? skb_vlan_tag_get_id(skb) : 0;

	c = &lb->rx[lb_client_idx(a->sip)];
	spin_lock(&lb->lock);
	/* a client is known in its own VLAN only */
	if (c->used && c->ip_dst == a->sip && c->ip_src == a->tip &&
	    (c->vlan_tci & VLAN_VID_MASK) == vid) {
		ether_addr_copy(c->mac_dst, a->sha);
		c->mac_known = true;
		if (!c->slave || !lb_slave_ok(c->slave)) {
			c->slave = lb_next_rx_slave(bond, lb, NULL);
			lb_client_touch(c, LB_UPDATES, jiffies);
		}
	} else if (for_us) {
		memset(c, 0, sizeof(*c));
		c->used = true;
		c->ip_src = a->tip;
		c->ip_dst = a->sip;
		ether_addr_copy(c->mac_dst, a->sha);
		c->mac_known = true;
		if (skb_vlan_tag_present(skb)) {
			c->vlan_proto = skb->vlan_proto;
			c->vlan_tci = skb_vlan_tag_get(skb);
		}
		c->slave = lb_next_rx_slave(bond, lb, NULL);
		lb_client_touch(c, LB_UPDATES, jiffies);
	}
	spin_unlock(&lb->lock);
}

/* A unicast ARP reply telling the peer of @c its slave's MAC. RCU. */
static void lb_send_update(const struct lb_client *c)
{
	struct net_device *sdev = c->slave->dev;
	struct sk_buff *skb;

	skb = arp_create(ARPOP_REPLY, ETH_P_ARP, c->ip_dst, sdev, c->ip_src,
			 c->mac_dst, sdev->dev_addr, c->mac_dst);
	if (!skb)
		return;
	if (c->vlan_tci)
		__vlan_hwaccel_put_tag(skb, c->vlan_proto, c->vlan_tci);
	skb->priority = TC_PRIO_CONTROL;
	dev_queue_xmit(skb);
}

/* The updates that are due. Process context, RCU. */
static void lb_send_updates(struct lb_bond *lb)
{
	struct lb_client copy;
	int i;

	for (i = 0; i < LB_RX_SIZE; i++) {
		struct lb_client *c = &lb->rx[i];

		spin_lock_bh(&lb->lock);
		if (!c->used || !c->ntt || !c->mac_known || !c->slave ||
		    time_before(jiffies, c->due)) {
			spin_unlock_bh(&lb->lock);
			continue;
		}
		copy = *c;
		c->ntt--;
		c->due = jiffies + LB_UPDATE_GAP;
		spin_unlock_bh(&lb->lock);
		if (lb_slave_ok(copy.slave))
			lb_send_update(&copy);
	}
}

/* --- learning packets ----------------------------------------------------- */

static void lb_send_lp_one(struct net_device *sdev, const u8 *mac,
			   __be16 vproto, u16 vid)
{
	struct sk_buff *skb;
	struct ethhdr *eth;

	skb = dev_alloc_skb(ETH_ZLEN);
	if (!skb)
		return;
	eth = skb_put_zero(skb, ETH_ZLEN);
	ether_addr_copy(eth->h_dest, mac);
	ether_addr_copy(eth->h_source, mac);
	eth->h_proto = htons(ETH_P_LOOPBACK);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	skb->protocol = htons(ETH_P_LOOPBACK);
	skb->priority = TC_PRIO_CONTROL;
	skb->dev = sdev;
	if (vid)
		__vlan_hwaccel_put_tag(skb, vproto, vid);
	dev_queue_xmit(skb);
}

/* From @slave with @mac, untagged and on each VLAN of the bond. RCU. */
static void lb_send_lp_mac(struct bond *bond, struct bond_slave *slave,
			   const u8 *mac)
{
	struct net_device *upper;
	struct list_head *iter;

	lb_send_lp_one(slave->dev, mac, 0, 0);
	netdev_for_each_upper_dev_rcu(bond->dev, upper, iter)
		if (is_vlan_dev(upper))
			lb_send_lp_one(slave->dev, mac,
				       vlan_dev_vlan_proto(upper),
				       vlan_dev_vlan_id(upper));
}

/*
 * From @slave with its MAC; from the active slave also with each extra
 * unicast address of the bond (a macvlan's above us), which is received
 * only there: the switch learns them on its port. RCU.
 */
static void lb_send_lp(struct bond *bond, struct bond_slave *slave)
{
	u8 mac[LB_LP_UC_MAX + 1][ETH_ALEN];
	struct netdev_hw_addr *ha;
	unsigned int n = 0, i;

	ether_addr_copy(mac[n++], slave->dev->dev_addr);
	if (slave == rcu_access_pointer(bond->active)) {
		netif_addr_lock_bh(bond->dev);
		netdev_for_each_uc_addr(ha, bond->dev) {
			if (n > LB_LP_UC_MAX)
				break;
			if (is_valid_ether_addr(ha->addr) &&
			    !ether_addr_equal(ha->addr, mac[0]))
				ether_addr_copy(mac[n++], ha->addr);
		}
		netif_addr_unlock_bh(bond->dev);
	}
	for (i = 0; i < n; i++)
		lb_send_lp_mac(bond, slave, mac[i]);
}

/* --- periodic work -------------------------------------------------------- */

static void lb_work(struct work_struct *work)
{
	struct lb_bond *lb = container_of(work, struct lb_bond, work.work);
	struct bond *bond = lb->bond;
	bool dynamic = READ_ONCE(bond->params.tlb_dynamic_lb);
	struct bond_slave *slave;

	rcu_read_lock();
	if (dynamic && time_after_eq(jiffies, lb->next_lp)) {
		bond_for_each_slave_rcu(bond, slave)
			if (lb_slave_ok(slave))
				lb_send_lp(bond, slave);
		lb->next_lp = jiffies +
			(unsigned long)READ_ONCE(bond->params.lp_interval) * HZ;
	}
	if (dynamic && time_after_eq(jiffies, lb->next_rebalance)) {
		lb_tx_rebalance(bond, lb);
		lb->next_rebalance = jiffies + LB_REBALANCE;
	}
	if (lb->alb) {
		if (READ_ONCE(lb->rx_rebalance))
			lb_clients_rebalance(bond, lb);
		lb_send_updates(lb);
	}
	rcu_read_unlock();

	if (netif_running(bond->dev))
		queue_delayed_work(bond_wq, &lb->work, LB_TICK);
}

/* --- MACs (RTNL) ---------------------------------------------------------- */

static int lb_set_mac(struct bond_slave *slave, const u8 *addr)
{
	struct net_device *sdev = slave->dev;
	struct sockaddr_storage ss;
	int err;

	if (ether_addr_equal(sdev->dev_addr, addr))
		return 0;
	ss.ss_family = sdev->type;
	memcpy(ss.__data, addr, ETH_ALEN);
	err = dev_set_mac_address(sdev, (struct sockaddr *)&ss, NULL);
	if (err)
		netdev_err(slave->bond->dev, "(slave %s): cannot set MAC %pM: error %d\n",
			   sdev->name, addr, err);
	return err;
}

/* Does a slave other than @skip carry @addr? */
static bool lb_mac_used(struct bond *bond, const u8 *addr,
			struct bond_slave *skip)
{
	struct bond_slave *slave;

	bond_for_each_slave(bond, slave)
		if (slave != skip && ether_addr_equal(slave->dev->dev_addr, addr))
			return true;
	return false;
}

static bool lb_mac_free(struct bond *bond, const u8 *addr)
{
	return !ether_addr_equal(addr, bond->dev->dev_addr) &&
	       !lb_mac_used(bond, addr, NULL);
}

/* A MAC for a slave without one: a free permanent one, else random. */
static void lb_pick_free_mac(struct bond *bond, u8 *out)
{
	struct bond_slave *slave;

	bond_for_each_slave(bond, slave) {
		if (lb_mac_free(bond, slave->perm_hwaddr)) {
			ether_addr_copy(out, slave->perm_hwaddr);
			return;
		}
	}
	eth_random_addr(out);
}

/* The new active slave takes the bond's MAC, the old one what it had. */
static void lb_swap_macs(struct bond *bond, struct bond_slave *old,
			 struct bond_slave *new)
{
	const u8 *bmac = bond->dev->dev_addr;
	u8 prev[ETH_ALEN];

	ether_addr_copy(prev, new->dev->dev_addr);
	if (lb_set_mac(new, bmac))
		return;
	if (old && ether_addr_equal(old->dev->dev_addr, bmac) &&
	    !ether_addr_equal(prev, bmac))
		lb_set_mac(old, prev);
}

/* No slave but the active one carries the bond's MAC, none share one. */
static void lb_fix_macs(struct bond *bond)
{
	struct bond_slave *act = rtnl_dereference(bond->active);
	struct bond_slave *slave;
	u8 mac[ETH_ALEN];

	bond_for_each_slave(bond, slave) {
		if (slave == act)
			continue;
		if (!(act && ether_addr_equal(slave->dev->dev_addr,
					      bond->dev->dev_addr)) &&
		    !lb_mac_used(bond, slave->dev->dev_addr, slave))
			continue;
		if (lb_mac_free(bond, slave->perm_hwaddr))
			ether_addr_copy(mac, slave->perm_hwaddr);
		else
			lb_pick_free_mac(bond, mac);
		lb_set_mac(slave, mac);
	}
}

static bool lb_is_listed(struct bond *bond, struct bond_slave *which)
{
	struct bond_slave *slave;

	bond_for_each_slave(bond, slave)
		if (slave == which)
			return true;
	return false;
}

/* --- mode hooks ----------------------------------------------------------- */

static bool lb_balanced(struct bond *bond, struct sk_buff *skb, bool alb,
			u32 *hash)
{
	const struct ethhdr *eth = (const struct ethhdr *)skb->data;

	if (is_multicast_ether_addr(eth->h_dest))
		return false;
	switch (eth->h_proto) {
	case htons(ETH_P_IP): {
		const struct iphdr *iph;
		struct iphdr _iph;
		u32 h;

		iph = skb_header_pointer(skb, ETH_HLEN, sizeof(_iph), &_iph);
		if (!iph)
			return false;
		if (!alb) {
			*hash = bond_xmit_hash(bond, skb);
			return true;
		}
		if (iph->daddr == htonl(INADDR_BROADCAST) ||
		    iph->protocol == IPPROTO_IGMP)
			return false;
		h = ntohl(iph->daddr);
		h ^= h >> 16;
		*hash = h ^ (h >> 8);
		return true;
	}
	case htons(ETH_P_IPV6): {
		const struct ipv6hdr *ip6;
		struct ipv6hdr _ip6;
		u8 _type;
		const u8 *type;
		u32 h;

		ip6 = skb_header_pointer(skb, ETH_HLEN, sizeof(_ip6), &_ip6);
		if (!ip6)
			return false;
		if (ipv6_addr_is_multicast(&ip6->daddr) ||
		    ipv6_addr_any(&ip6->saddr))
			return false;
		if (ip6->nexthdr == IPPROTO_ICMPV6) {
			type = skb_header_pointer(skb, ETH_HLEN + sizeof(_ip6),
						  1, &_type);
			if (!type || (*type >= NDISC_ROUTER_SOLICITATION &&
				      *type <= NDISC_REDIRECT))
				return false;
		}
		if (!alb) {
			*hash = bond_xmit_hash(bond, skb);
			return true;
		}
		h = (__force u32)(ip6->daddr.s6_addr32[0] ^
				  ip6->daddr.s6_addr32[1] ^
				  ip6->daddr.s6_addr32[2] ^
				  ip6->daddr.s6_addr32[3]);
		h ^= h >> 16;
		*hash = h ^ (h >> 8);
		return true;
	}
	}
	return false;
}

/*
 * The slave a balanced frame leaves on, or NULL: unbalanced (broadcast,
 * multicast, not IP, ...), it takes the active slave. @len is what it
 * adds to its bucket's load. BH off, RCU.
 */
static struct bond_slave *lb_balance(struct bond *bond, struct lb_bond *lb,
				     struct sk_buff *skb, unsigned int len)
{
	u32 hash;

	if (!lb_balanced(bond, skb, lb->alb, &hash))
		return NULL;
	if (READ_ONCE(bond->params.tlb_dynamic_lb))
		return lb_tx_pick(bond, lb, hash, len);
	return lb_hash_pick(bond, hash);
}

static netdev_tx_t lb_xmit(struct bond *bond, struct sk_buff *skb)
{
	struct bond_slave *act = rcu_dereference(bond->active), *tx = NULL;
	struct lb_bond *lb = lb_of(bond);
	unsigned int off;
	struct ethhdr *eth;
	__be16 vproto = 0;
	u16 vtci = 0;

	if (unlikely(!pskb_may_pull(skb, ETH_HLEN)))
		return bond_xmit_drop(bond, skb);
	/* netpoll from hard irq: no table, the active slave */
	if (unlikely(in_hardirq() || irqs_disabled()))
		goto out;

	if (lb->alb) {
		off = lb_tx_arp_off(skb, &vproto, &vtci);
		if (off) {
			tx = lb_arp_xmit(bond, lb, skb, off, vproto, vtci);
			goto out;
		}
	}
	tx = lb_balance(bond, lb, skb, skb->len);
out:
	if (!tx)
		tx = act;
	if (unlikely(!tx))
		return bond_xmit_drop(bond, skb);
	if (tx != act) {
		/*
		 * Frames on a non-active slave carry that slave's MAC, the
		 * bond's and any other source (a macvlan above us) alike:
		 * only the active slave receives for those, so the switch
		 * must not learn them on another port.
		 */
		if (skb_cow_head(skb, 0))
			return bond_xmit_drop(bond, skb);
		eth = (struct ethhdr *)skb->data;
		ether_addr_copy(eth->h_source, tx->dev->dev_addr);
	}
	return bond_dev_queue_xmit(bond, skb, tx->dev);
}

/*
 * ndo_get_xmit_slave: the slave the frame would leave on. A new flow gets
 * its bucket as on sending, without load. An ARP of ours in balance-alb
 * is answered with the active slave: only sending it assigns its client.
 * RCU; in-kernel callers (RDMA) come with BH on, the table lock wants it
 * off.
 */
static struct bond_slave *lb_xmit_slave(struct bond *bond,
					struct sk_buff *skb, bool all_slaves)
{
	struct bond_slave *tx = NULL;
	__be16 vproto = 0;
	struct lb_bond *lb;
	u16 vtci = 0;

	/*
	 * Asked at any time, not only while the bond is up: without slaves
	 * the mode may be switching under RTNL, and mode_priv with it.
	 */
	if (!bond_first_slave_rcu(bond))
		return NULL;
	lb = lb_of(bond);
	if (skb_headlen(skb) >= ETH_HLEN && !in_hardirq() &&
	    !irqs_disabled() &&
	    !(lb->alb && lb_tx_arp_off(skb, &vproto, &vtci))) {
		local_bh_disable();
		tx = lb_balance(bond, lb, skb, 0);
		local_bh_enable();
	}
	return tx ?: rcu_dereference(bond->active);
}

/*
 * alb receive: the active slave delivers everything; the others deliver
 * the unicast sent to their own MAC (that is the point of RLB) and drop
 * broadcast and multicast, which the active slave delivers once.
 */
static enum bond_rx_verdict lb_rx(struct bond *bond, struct bond_slave *slave,
				  struct sk_buff *skb)
{
	if (skb->protocol == htons(ETH_P_ARP))
		lb_arp_rcv(bond, lb_of(bond), skb);
	if (slave == rcu_access_pointer(bond->active) ||
	    READ_ONCE(bond->params.all_slaves_active))
		return BOND_RX_DELIVER;
	if (skb->pkt_type == PACKET_HOST)
		return BOND_RX_DELIVER_ANY;
	return BOND_RX_INACTIVE;
}

static bool lb_slave_usable(struct bond *bond, struct bond_slave *slave)
{
	return slave->link == BOND_LINK_UP && netif_running(slave->dev);
}

static void lb_reset_tables(struct bond *bond, struct lb_bond *lb)
{
	struct bond_slave *slave;

	spin_lock_bh(&lb->lock);
	memset(lb->tx, 0, sizeof(lb->tx));
	memset(lb->rx, 0, sizeof(lb->rx));
	lb->rr = 0;
	bond_for_each_slave(bond, slave) {
		lbs(slave)->load = 0;
		lbs(slave)->entries = 0;
	}
	spin_unlock_bh(&lb->lock);
}

static int lb_open(struct bond *bond)
{
	struct lb_bond *lb = lb_of(bond);

	lb_reset_tables(bond, lb);
	lb->next_lp = jiffies;
	lb->next_rebalance = jiffies + LB_REBALANCE;
	queue_delayed_work(bond_wq, &lb->work, LB_TICK);
	return 0;
}

static void lb_close(struct bond *bond)
{
	cancel_delayed_work_sync(&lb_of(bond)->work);
}

static int lb_slave_add(struct bond *bond, struct bond_slave *slave,
			struct netlink_ext_ack *extack)
{
	struct net_device *sdev = slave->dev;
	struct lb_bond *lb = lb_of(bond);
	struct lb_slave *info;
	u8 mac[ETH_ALEN];
	int err;

	if (lb->alb && (!sdev->netdev_ops->ndo_set_mac_address ||
			!(sdev->priv_flags & IFF_LIVE_ADDR_CHANGE))) {
		NL_SET_ERR_MSG(extack, "balance-alb needs slaves that can change their MAC address while up");
		netdev_err(bond->dev, "(slave %s): Error: balance-alb needs slaves that can change their MAC address while up\n",
			   sdev->name);
		return -EOPNOTSUPP;
	}
	info = kzalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return -ENOMEM;
	slave->mode_priv = info;

	/* each slave keeps its own MAC; a duplicate gets a free one */
	if ((rtnl_dereference(bond->active) &&
	     ether_addr_equal(sdev->dev_addr, bond->dev->dev_addr)) ||
	    lb_mac_used(bond, sdev->dev_addr, NULL)) {
		lb_pick_free_mac(bond, mac);
		err = lb_set_mac(slave, mac);
		if (err) {
			slave->mode_priv = NULL;
			kfree(info);
			return err;
		}
	}
	if (lb->alb)
		WRITE_ONCE(lb->rx_rebalance, true);
	return 0;
}

static void lb_slave_del(struct bond *bond, struct bond_slave *slave)
{
	struct bond_slave *act = rtnl_dereference(bond->active);
	struct lb_bond *lb = lb_of(bond);
	struct lb_slave *info = lbs(slave);
	struct bond_slave *other;
	u8 mac[ETH_ALEN];
	int i;

	rcu_read_lock();
	spin_lock_bh(&lb->lock);
	WRITE_ONCE(info->dead, true);
	for (i = 0; i < LB_TX_SIZE; i++)
		if (lb->tx[i].slave == slave)
			lb->tx[i].slave = NULL;
	if (lb->alb)
		lb_clients_move(bond, lb, slave);
	spin_unlock_bh(&lb->lock);
	rcu_read_unlock();

	/* it gets its permanent MAC back: no other slave may keep it */
	bond_for_each_slave(bond, other) {
		if (other == act ||
		    !ether_addr_equal(other->dev->dev_addr, slave->perm_hwaddr))
			continue;
		if (lb_mac_free(bond, slave->dev->dev_addr))
			ether_addr_copy(mac, slave->dev->dev_addr);
		else
			lb_pick_free_mac(bond, mac);
		lb_set_mac(other, mac);
	}
	kfree_rcu(info, rcu);
}

static void lb_link_change(struct bond *bond, struct bond_slave *slave,
			   int link)
{
	struct lb_bond *lb = lb_of(bond);
	int i;

	rcu_read_lock();
	spin_lock_bh(&lb->lock);
	if (link != BOND_LINK_UP) {
		/* its destinations go to the others on their next packet */
		for (i = 0; i < LB_TX_SIZE; i++)
			if (lb->tx[i].slave == slave)
				lb_tx_unassign(&lb->tx[i]);
		if (lb->alb)
			lb_clients_move(bond, lb, slave);
	} else if (lb->alb) {
		WRITE_ONCE(lb->rx_rebalance, true);
	}
	spin_unlock_bh(&lb->lock);
	rcu_read_unlock();
}

static void lb_active_change(struct bond *bond, struct bond_slave *old,
			     struct bond_slave *new)
{
	struct lb_bond *lb = lb_of(bond);

	if (!new)
		return;
	if (old && !lb_is_listed(bond, old))
		old = NULL;
	lb_swap_macs(bond, old, new);
	lb_fix_macs(bond);

	/* the switch learns where the MACs went */
	rcu_read_lock();
	lb_send_lp(bond, new);
	if (old && lb_slave_ok(old))
		lb_send_lp(bond, old);
	if (lb->alb) {
		spin_lock_bh(&lb->lock);
		lb_clients_retell(lb, new);
		if (old)
			lb_clients_retell(lb, old);
		spin_unlock_bh(&lb->lock);
	}
	rcu_read_unlock();
}

/* The bond's MAC is set: the active slave carries it. */
static int lb_set_bond_mac(struct bond *bond, const u8 *addr,
			   struct netlink_ext_ack *extack)
{
	struct bond_slave *act = rtnl_dereference(bond->active);
	struct lb_bond *lb = lb_of(bond);
	struct bond_slave *slave;
	u8 prev[ETH_ALEN];
	int err;

	if (!act)
		return 0;
	ether_addr_copy(prev, act->dev->dev_addr);
	err = lb_set_mac(act, addr);
	if (err)
		return err;
	bond_for_each_slave(bond, slave)
		if (slave != act && ether_addr_equal(slave->dev->dev_addr, addr))
			lb_set_mac(slave, prev);
	if (lb->alb) {
		spin_lock_bh(&lb->lock);
		lb_clients_retell(lb, act);
		spin_unlock_bh(&lb->lock);
	}
	return 0;
}

/* --- debugfs -------------------------------------------------------------- */

static int lb_dbg_show(struct seq_file *m, void *v)
{
	struct lb_bond *lb = m->private;
	int i;

	seq_puts(m, "SourceIP        DestinationIP   Destination MAC   DEV\n");
	rcu_read_lock();
	spin_lock_bh(&lb->lock);
	for (i = 0; i < LB_RX_SIZE; i++) {
		const struct lb_client *c = &lb->rx[i];

		if (!c->used)
			continue;
		seq_printf(m, "%-15pI4 %-15pI4 %-17pM %s\n", &c->ip_src,
			   &c->ip_dst, c->mac_dst,
			   c->slave ? c->slave->dev->name : "(none)");
	}
	spin_unlock_bh(&lb->lock);
	rcu_read_unlock();
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(lb_dbg);

void bond_lb_debugfs_init(void)
{
	lb_dbg_root = debugfs_create_dir(BOND_DRV_NAME, NULL);
}

void bond_lb_debugfs_exit(void)
{
	debugfs_remove_recursive(lb_dbg_root);
	lb_dbg_root = NULL;
}

/* The bond was renamed: so is its debugfs directory. RTNL. */
void bond_lb_rename(struct bond *bond)
{
	struct lb_bond *lb;
	struct dentry *d;

	if (bond->ops != &bond_mode_alb)
		return;
	lb = lb_of(bond);
	if (IS_ERR_OR_NULL(lb->dbg))
		return;
	d = debugfs_rename(lb_dbg_root, lb->dbg, lb_dbg_root, bond->dev->name);
	if (IS_ERR(d))
		netdev_warn(bond->dev, "cannot rename its debugfs directory\n");
}

/* --- init ----------------------------------------------------------------- */

static int lb_init(struct bond *bond, bool alb)
{
	struct lb_bond *lb = kvzalloc(sizeof(*lb), GFP_KERNEL);

	if (!lb)
		return -ENOMEM;
	lb->bond = bond;
	lb->alb = alb;
	spin_lock_init(&lb->lock);
	INIT_DELAYED_WORK(&lb->work, lb_work);
	/* one directory per bond name: bonds of the initial namespace only */
	if (alb && !IS_ERR_OR_NULL(lb_dbg_root) &&
	    net_eq(dev_net(bond->dev), &init_net)) {
		lb->dbg = debugfs_create_dir(bond->dev->name, lb_dbg_root);
		if (!IS_ERR(lb->dbg))
			debugfs_create_file("rlb_hash_table", 0400, lb->dbg, lb,
					    &lb_dbg_fops);
	}
	bond->mode_priv = lb;
	return 0;
}

static int tlb_init(struct bond *bond, struct netlink_ext_ack *extack)
{
	return lb_init(bond, false);
}

static int alb_init(struct bond *bond, struct netlink_ext_ack *extack)
{
	return lb_init(bond, true);
}

static void lb_uninit(struct bond *bond)
{
	struct lb_bond *lb = lb_of(bond);

	cancel_delayed_work_sync(&lb->work);
	debugfs_remove_recursive(lb->dbg);
	bond->mode_priv = NULL;
	kvfree(lb);
}

const struct bond_mode_ops bond_mode_tlb = {
	.mode		= BOND_MODE_TLB,
	.name		= "balance-tlb",
	.proc_name	= "transmit load balancing",
	.lag_tx_type	= NETDEV_LAG_TX_TYPE_UNKNOWN,
	.init		= tlb_init,
	.uninit		= lb_uninit,
	.open		= lb_open,
	.close		= lb_close,
	.xmit		= lb_xmit,
	.xmit_slave	= lb_xmit_slave,
	.slave_add	= lb_slave_add,
	.slave_del	= lb_slave_del,
	.link_change	= lb_link_change,
	.active_change	= lb_active_change,
	.set_mac	= lb_set_bond_mac,
	.slave_usable	= lb_slave_usable,
};

const struct bond_mode_ops bond_mode_alb = {
	.mode		= BOND_MODE_ALB,
	.name		= "balance-alb",
	.proc_name	= "adaptive load balancing",
	.lag_tx_type	= NETDEV_LAG_TX_TYPE_UNKNOWN,
	.init		= alb_init,
	.uninit		= lb_uninit,
	.open		= lb_open,
	.close		= lb_close,
	.xmit		= lb_xmit,
	.xmit_slave	= lb_xmit_slave,
	.slave_add	= lb_slave_add,
	.slave_del	= lb_slave_del,
	.link_change	= lb_link_change,
	.active_change	= lb_active_change,
	.set_mac	= lb_set_bond_mac,
	.rx		= lb_rx,
	.slave_usable	= lb_slave_usable,
};
