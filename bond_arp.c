// SPDX-License-Identifier: GPL-2.0
/*
 * The ARP (IPv4) and NS (IPv6) link monitors.
 *
 * Every arp_interval ms the monitor sends an ARP request to each
 * arp_ip_target and a neighbour solicitation to each ns_ip6_target, and
 * judges a slave by when it last sent (last_tx) and last received
 * (last_rx, or with arp_all_targets=all the oldest per-target time).
 * What counts as received is decided in bond_arp_rcv() from arp_validate.
 *
 *  - balance-rr, balance-xor, broadcast: probes leave on every slave with
 *    carrier; a slave comes up when it sent and received within one
 *    interval, and goes down when either is older than arp_missed_max.
 *  - active-backup: probes leave on the active slave only. It goes down
 *    when it has not sent or received for arp_missed_max intervals, a
 *    backup when it has not received for arp_missed_max + 1 (and no probe
 *    is running); both get two intervals' grace after coming up or
 *    becoming active. With no active slave one slave per tick is probed,
 *    in turn (arp_probe_slave), until one of them hears back.
 *
 * A failure is reported as BOND_REASON_NS when the bond has NS targets
 * and no ARP target, else as BOND_REASON_ARP.
 *
 * Like the MII monitor, the work inspects the slaves under RCU without
 * locks, and takes RTNL only by trylock to commit; when RTNL is busy it
 * comes back one jiffy later and finishes the same tick then (probes go
 * out once per finished tick). It never blocks the workqueue on RTNL.
 *
 * Locking:
 *   arp_work (bond_arp_work)           process context; RCU, RTNL by trylock
 *   bond_arp_rcv                       RCU, softirq (rx_handler); reads the
 *                                      frame only, writes last_rx and the
 *                                      per-target times (WRITE_ONCE)
 *   bond_arp_start/stop                RTNL
 *   bond_arp_slave_init/release        RTNL
 *   bond_arp_active_changed            RTNL
 *   bond_arp_targets_changed           RTNL
 *   bond_arp_ns_mc_sync                RTNL
 *   bond->arp_probe_slave              written under RTNL only (the work's
 *                                      commit, release); read under RCU
 */
#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/inetdevice.h>
#include <linux/ipv6.h>
#include <linux/icmpv6.h>
#include <linux/rtnetlink.h>
#include <linux/pkt_sched.h>
#include <net/arp.h>
#include <net/route.h>
#include <net/addrconf.h>
#include <net/if_inet6.h>
#include <net/ip6_route.h>
#include <net/ip6_checksum.h>
#include <net/ndisc.h>

#include "bond.h"
#include "bond_active.h"
#include "bond_arp.h"
#include "bond_events.h"
#include "bond_flap.h"
#include "bond_monitor.h"

#define BOND_ARP_ALL_TARGETS	1	/* arp_all_targets "all" */
#define BOND_ARP_MAX_TAGS	8	/* VLANs stacked between bond and route */

/* The VLAN tags a probe needs to reach the device its route leaves by. */
struct bond_arp_path {
	int n;
	struct {
		__be16 proto;
		u16 vid;
	} tag[BOND_ARP_MAX_TAGS];	/* outermost first */
};

/* The parts of an ARP packet for IPv4 over Ethernet. */
struct bond_arp_pkt {
	struct arphdr hdr;
	u8 sha[ETH_ALEN];
	__be32 sip;
	u8 tha[ETH_ALEN];
	__be32 tip;
} __packed;

/* An IPv6 neighbour solicitation or advertisement, up to its target. */
struct bond_nd_pkt {
	struct ipv6hdr ip6;
	struct icmp6hdr icmp;
	struct in6_addr target;
} __packed;

/* --- time ------------------------------------------------------------------- */

static unsigned long bond_arp_delta(const struct bond *bond)
{
	return msecs_to_jiffies(READ_ONCE(bond->params.arp_interval));
}

/* Was @t within the last @n intervals (half an interval of jitter)? */
static bool bond_arp_in(const struct bond *bond, unsigned long t, int n)
{
	unsigned long delta = bond_arp_delta(bond);

	return time_in_range(jiffies, t - delta, t + n * delta + delta / 2);
}

static bool bond_arp_validates(const struct bond *bond,
			       const struct bond_slave *slave)
{
	u8 v = READ_ONCE(bond->params.arp_validate);

	if (READ_ONCE(slave->backup))
		return v & BOND_ARP_VALIDATE_BACKUP;
	return v & BOND_ARP_VALIDATE_ACTIVE;
}

/* When the slave last received, as arp_all_targets counts it. */
static unsigned long bond_arp_last_rx(const struct bond *bond,
				      const struct bond_slave *slave)
{
	unsigned long t, oldest = 0;
	bool any = false;
	int i;

	if (READ_ONCE(bond->params.arp_all_targets) != BOND_ARP_ALL_TARGETS ||
	    !bond_arp_validates(bond, slave))
		return READ_ONCE(slave->last_rx);

	for (i = 0; i < BOND_MAX_ARP_TARGETS; i++) {
		if (!READ_ONCE(bond->params.arp_targets[i]))
			break;
		t = READ_ONCE(slave->target_last_rx[i]);
		if (!any || time_before(t, oldest))
			oldest = t;
		any = true;
	}
	for (i = 0; i < BOND_MAX_NS_TARGETS; i++) {
		if (ipv6_addr_any(&bond->params.ns_targets[i]))
			break;
		t = READ_ONCE(slave->ns_target_last_rx[i]);
		if (!any || time_before(t, oldest))
			oldest = t;
		any = true;
	}
	return any ? oldest : READ_ONCE(slave->last_rx);
}

static enum bond_change_reason bond_arp_reason(const struct bond *bond)
{
	if (!bond->params.arp_targets[0] &&
	    !ipv6_addr_any(&bond->params.ns_targets[0]))
		return BOND_REASON_NS;
	return BOND_REASON_ARP;
}

/* --- the way out: route, source address, VLAN tags -------------------------- */

/* Depth-first search from @from up to @to, noting the VLANs on the way. RCU. */
static bool bond_arp_find_upper(struct net_device *from, struct net_device *to,
				struct bond_arp_path *path, int depth)
{
	struct net_device *upper;
	struct list_head *iter;

	if (depth >= MAX_NEST_DEV)
		return false;
	netdev_for_each_upper_dev_rcu(from, upper, iter) {
		bool vlan = is_vlan_dev(upper) && path->n < BOND_ARP_MAX_TAGS;

		if (vlan) {
			path->tag[path->n].proto = vlan_dev_vlan_proto(upper);
			path->tag[path->n].vid = vlan_dev_vlan_id(upper);
			path->n++;
		}
		if (upper == to || bond_arp_find_upper(upper, to, path, depth + 1))
			return true;
		if (vlan)
			path->n--;
	}
	return false;
}

/* Does a route leaving by @dev go through the bond? RCU. */
static bool bond_arp_path_to(struct bond *bond, struct net_device *dev,
			     struct bond_arp_path *path)
{
	path->n = 0;
	if (dev == bond->dev)
		return true;
	return bond_arp_find_upper(bond->dev, dev, path, 0);
}

/* Put the tags on a frame whose data starts at the MAC header. */
static struct sk_buff *bond_arp_tag(struct sk_buff *skb,
				    const struct bond_arp_path *path)
{
	int i;

	/* innermost first: each insertion lands in front of the last one */
	for (i = path->n - 1; i > 0; i--) {
		skb = vlan_insert_tag_set_proto(skb, path->tag[i].proto,
						path->tag[i].vid);
		if (!skb)
			return NULL;
	}
	if (path->n)
		__vlan_hwaccel_put_tag(skb, path->tag[0].proto,
				       path->tag[0].vid);
	return skb;
}

static void bond_arp_xmit(struct bond_slave *slave, struct sk_buff *skb,
			  const struct bond_arp_path *path)
{
	skb = bond_arp_tag(skb, path);
	if (!skb)
		return;
	skb->dev = slave->dev;
	skb->priority = TC_PRIO_CONTROL;
	/* before sending: the answer may be back before dev_queue_xmit is */
	WRITE_ONCE(slave->last_tx, jiffies);
	dev_queue_xmit(skb);
}

/* One ARP request for @target out of @slave. RCU. */
static void bond_arp_probe4(struct bond *bond, struct bond_slave *slave,
			    __be32 target)
{
	struct flowi4 fl4 = { .daddr = target };
	struct bond_arp_path path = { };
	struct sk_buff *skb;
	struct rtable *rt;
	__be32 src = 0;

	rt = ip_route_output_key(dev_net(bond->dev), &fl4);
	if (IS_ERR(rt)) {
		/* no route: untagged, from 0.0.0.0 */
		if (READ_ONCE(bond->params.arp_validate))
			net_warn_ratelimited("%s: no route to arp_ip_target %pI4 and arp_validate is set\n",
					     bond->dev->name, &target);
	} else {
		if (!bond_arp_path_to(bond, rt->dst.dev, &path)) {
			net_dbg_ratelimited("%s: no path to arp_ip_target %pI4 via %s\n",
					    bond->dev->name, &target,
					    rt->dst.dev->name);
			ip_rt_put(rt);
			return;
		}
		src = fl4.saddr;
		if (!src)
			src = inet_select_addr(rt->dst.dev, target,
					       RT_SCOPE_LINK);
		ip_rt_put(rt);
	}

	skb = arp_create(ARPOP_REQUEST, ETH_P_ARP, target, slave->dev, src,
			 NULL, bond->dev->dev_addr, NULL);
	if (!skb) {
		net_err_ratelimited("%s: ARP packet allocation failed\n",
				    bond->dev->name);
		return;
	}
	bond_arp_xmit(slave, skb, &path);
}

#if IS_ENABLED(CONFIG_IPV6)
/* Build a neighbour solicitation for @target from @src (may be ::). */
static struct sk_buff *bond_ns_build(struct bond *bond, struct net_device *dev,
				     const struct in6_addr *target,
				     const struct in6_addr *src)
{
	int len = sizeof(struct nd_msg) + (ipv6_addr_any(src) ? 0 : 8);
	int hlen = LL_RESERVED_SPACE(dev);
	struct in6_addr daddr;
	struct sk_buff *skb;
	u8 mac[ETH_ALEN];
	struct ipv6hdr *ip6;
	struct nd_msg *msg;

	skb = alloc_skb(hlen + sizeof(*ip6) + len + dev->needed_tailroom,
			GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reserve(skb, hlen);
	addrconf_addr_solict_mult(target, &daddr);

	skb_reset_network_header(skb);
	ip6 = skb_put(skb, sizeof(*ip6));
	ip6_flow_hdr(ip6, 0, 0);
	ip6->payload_len = htons(len);
	ip6->nexthdr = IPPROTO_ICMPV6;
	ip6->hop_limit = 255;
	ip6->saddr = *src;
	ip6->daddr = daddr;

	skb_set_transport_header(skb, skb->len);
	msg = skb_put_zero(skb, len);
	msg->icmph.icmp6_type = NDISC_NEIGHBOUR_SOLICITATION;
	msg->target = *target;
	if (!ipv6_addr_any(src)) {
		/* RFC 4861: the source link-layer address, never from :: */
		msg->opt[0] = ND_OPT_SOURCE_LL_ADDR;
		msg->opt[1] = 1;
		memcpy(&msg->opt[2], bond->dev->dev_addr, ETH_ALEN);
	}
	msg->icmph.icmp6_cksum = csum_ipv6_magic(src, &daddr, len,
						 IPPROTO_ICMPV6,
						 csum_partial(msg, len, 0));

	skb->protocol = htons(ETH_P_IPV6);
	skb->dev = dev;
	ipv6_eth_mc_map(&daddr, mac);
	if (dev_hard_header(skb, dev, ETH_P_IPV6, mac, bond->dev->dev_addr,
			    skb->len) < 0) {
		kfree_skb(skb);
		return NULL;
	}
	return skb;
}

/* One NS for @target out of @slave. RCU. */
static void bond_ns_probe(struct bond *bond, struct bond_slave *slave,
			  const struct in6_addr *target)
{
	struct net *net = dev_net(bond->dev);
	struct bond_arp_path path = { };
	struct in6_addr src = in6addr_any;
	struct flowi6 fl6 = { };
	struct dst_entry *dst;
	struct sk_buff *skb;

	if (slave->dev->type != ARPHRD_ETHER)
		return;
	fl6.daddr = *target;
	/* a link-local target is on the bond's own link */
	if (ipv6_addr_type(target) & IPV6_ADDR_LINKLOCAL)
		fl6.flowi6_oif = bond->dev->ifindex;
	dst = ip6_route_output(net, NULL, &fl6);
	if (dst->error) {
		if (READ_ONCE(bond->params.arp_validate))
			net_warn_ratelimited("%s: no route to ns_ip6_target %pI6c and arp_validate is set\n",
					     bond->dev->name, target);
	} else {
		if (!dst->dev || !bond_arp_path_to(bond, dst->dev, &path)) {
			net_dbg_ratelimited("%s: no path to ns_ip6_target %pI6c\n",
					    bond->dev->name, target);
			dst_release(dst);
			return;
		}
		/*
		 * With only tentative addresses on the way out the choice
		 * can fall on lo's ::1, which no receiver accepts from the
		 * wire (RFC 4291 2.5.3): send from :: then, as DAD does, and
		 * the target answers to all-nodes.
		 */
		if (ipv6_dev_get_saddr(net, dst->dev, target, 0, &src) ||
		    ipv6_addr_loopback(&src))
			src = in6addr_any;
	}
	dst_release(dst);

	skb = bond_ns_build(bond, slave->dev, target, &src);
	if (!skb) {
		net_err_ratelimited("%s: NS packet allocation failed\n",
				    bond->dev->name);
		return;
	}
	bond_arp_xmit(slave, skb, &path);
}
#endif

/* Probe every target out of @slave. RCU. */
static void bond_arp_probe(struct bond *bond, struct bond_slave *slave)
{
	__be32 ip;
	int i;

	for (i = 0; i < BOND_MAX_ARP_TARGETS; i++) {
		ip = READ_ONCE(bond->params.arp_targets[i]);
		if (!ip)
			break;
		bond_arp_probe4(bond, slave, ip);
	}
	if (i)
		WRITE_ONCE(slave->arp_probe_at, jiffies | 1);
#if IS_ENABLED(CONFIG_IPV6)
	for (i = 0; i < BOND_MAX_NS_TARGETS; i++) {
		struct in6_addr t = bond->params.ns_targets[i];

		if (ipv6_addr_any(&t))
			break;
		bond_ns_probe(bond, slave, &t);
	}
	if (i)
		WRITE_ONCE(slave->ns_probe_at, jiffies | 1);
#endif
}

/* Health: did the round of probes sent at @at get an answer that counts? */
static bool bond_arp_answered(const struct bond *bond,
			      const struct bond_slave *slave,
			      const unsigned long *times, unsigned long at)
{
	unsigned long since = at - 1;	/* at is jiffies | 1 */
	int i;

	if (!bond_arp_validates(bond, slave))
		return time_after_eq(READ_ONCE(slave->last_rx), since);
	for (i = 0; i < BOND_MAX_ARP_TARGETS; i++)
		if (time_after_eq(READ_ONCE(times[i]), since))
			return true;
	return false;
}

static void bond_arp_count(u32 *run, u32 *total, bool answered)
{
	if (answered) {
		WRITE_ONCE(*run, 0);
		return;
	}
	if (*run < U32_MAX)
		WRITE_ONCE(*run, *run + 1);
	if (*total < U32_MAX)
		WRITE_ONCE(*total, *total + 1);
}

/*
 * Health: count last tick's unanswered probe rounds, before this tick's
 * are sent. The ARP work is the only writer. RCU.
 */
static void bond_arp_tally(struct bond *bond)
{
	struct bond_slave *slave;
	unsigned long at;

	bond_for_each_slave_rcu(bond, slave) {
		at = READ_ONCE(slave->arp_probe_at);
		if (at) {
			bond_arp_count(&slave->arp_miss_run,
				       &slave->arp_miss_total,
				       bond_arp_answered(bond, slave,
							 slave->target_last_rx,
							 at));
			WRITE_ONCE(slave->arp_probe_at, 0);
		}
		at = READ_ONCE(slave->ns_probe_at);
		if (at) {
			bond_arp_count(&slave->ns_miss_run,
				       &slave->ns_miss_total,
				       bond_arp_answered(bond, slave,
							 slave->ns_target_last_rx,
							 at));
			WRITE_ONCE(slave->ns_probe_at, 0);
		}
	}
}

/* --- receive ---------------------------------------------------------------- */

static int bond_arp_target4(const struct bond *bond, __be32 ip)
{
	__be32 t;
	int i;

	for (i = 0; i < BOND_MAX_ARP_TARGETS; i++) {
		t = READ_ONCE(bond->params.arp_targets[i]);
		if (!t)
			break;
		if (t == ip)
			return i;
	}
	return -1;
}

static bool bond_dev_has_ip4(struct net_device *dev, __be32 ip)
{
	struct in_device *in_dev = __in_dev_get_rcu(dev);
	const struct in_ifaddr *ifa;

	if (!in_dev)
		return false;
	in_dev_for_each_ifa_rcu(ifa, in_dev)
		if (ifa->ifa_local == ip)
			return true;
	return false;
}

/* An address looked for on the bond and the devices above it. */
struct bond_arp_addr {
	__be32 ip4;
	const struct in6_addr *ip6;
};

static bool bond_dev_has_addr(struct net_device *dev,
			      const struct bond_arp_addr *a)
{
	if (!a->ip6)
		return bond_dev_has_ip4(dev, a->ip4);
#if IS_ENABLED(CONFIG_IPV6)
	return ipv6_chk_addr(dev_net(dev), a->ip6, dev, 0);
#else
	return false;
#endif
}

static int bond_arp_upper_has(struct net_device *upper,
			      struct netdev_nested_priv *priv)
{
	return bond_dev_has_addr(upper, priv->data);
}

/*
 * Is the address one of ours: on @dev (the bond, or the VLAN device above
 * it a frame's tags lead to) or a device above that? RCU.
 */
bool bond_addr_is_ours(struct net_device *dev, __be32 ip4,
		       const struct in6_addr *ip6)
{
	struct bond_arp_addr a = { .ip4 = ip4, .ip6 = ip6 };
	struct netdev_nested_priv priv = { .data = &a };

	if (bond_dev_has_addr(dev, &a))
		return true;
	return netdev_walk_all_upper_dev_rcu(dev, bond_arp_upper_has, &priv);
}

/*
 * The device above @dev that a frame tagged @proto/@vid is for, or NULL:
 * a VLAN nobody configured, or VID 4095 (reserved, never on the wire),
 * says nothing about the bond's own links. VID 0 (priority only) is
 * untagged. RCU.
 */
struct net_device *bond_rx_vlan_dev(struct net_device *dev, __be16 proto,
				    u16 vid)
{
	vid &= VLAN_VID_MASK;
	if (!vid)
		return dev;
	if (vid == VLAN_VID_MASK)
		return NULL;
	return __vlan_find_dev_deep_rcu(dev, proto, vid);
}

/* which way a validated frame must go to count */
enum bond_arp_dir {
	BOND_ARP_NONE = -1,		/* nothing counts now */
	BOND_ARP_FROM_US,		/* our own request, seen on a backup */
	BOND_ARP_FROM_TARGET,		/* a target's answer to us */
};

static enum bond_arp_dir bond_arp_direction(struct bond *bond,
					    struct bond_slave *slave)
{
	struct bond_slave *cur, *probe;

	if (!READ_ONCE(slave->backup))
		return BOND_ARP_FROM_TARGET;
	cur = rcu_dereference(bond->active);
	/* a backup hears our own requests, once the active one hears back */
	if (cur && time_after(READ_ONCE(cur->last_rx),
			      READ_ONCE(bond->arp_probe_start)))
		return BOND_ARP_FROM_US;
	/* no active slave: replies to the slave being probed count */
	probe = READ_ONCE(bond->arp_probe_slave);
	if (!cur && probe && bond_arp_in(bond, READ_ONCE(probe->last_tx), 1))
		return BOND_ARP_FROM_TARGET;
	return BOND_ARP_NONE;
}

static void bond_arp_hit(unsigned long *times, int i)
{
	WRITE_ONCE(times[i], jiffies);
}

static void bond_arp_rcv4(struct bond *bond, struct bond_slave *slave,
			  struct sk_buff *skb, int off, struct net_device *dev)
{
	const struct bond_arp_pkt *arp;
	struct bond_arp_pkt buf;
	enum bond_arp_dir dir;
	__be32 from, to;
	int i;

	/* Ethernet/IPv4 requests and replies only, like arp_rcv() */
	arp = skb_header_pointer(skb, off, sizeof(buf), &buf);
	if (!arp || arp->hdr.ar_hrd != htons(ARPHRD_ETHER) ||
	    arp->hdr.ar_pro != htons(ETH_P_IP) ||
	    arp->hdr.ar_hln != ETH_ALEN || arp->hdr.ar_pln != 4 ||
	    (arp->hdr.ar_op != htons(ARPOP_REQUEST) &&
	     arp->hdr.ar_op != htons(ARPOP_REPLY)))
		return;
	dir = bond_arp_direction(bond, slave);
	if (dir == BOND_ARP_NONE)
		return;
	from = dir == BOND_ARP_FROM_TARGET ? arp->sip : arp->tip; /* target */
	to = dir == BOND_ARP_FROM_TARGET ? arp->tip : arp->sip;	  /* us */
	i = bond_arp_target4(bond, from);
	if (i < 0 || !bond_addr_is_ours(dev, to, NULL))
		return;
	WRITE_ONCE(slave->last_rx, jiffies);
	bond_arp_hit(slave->target_last_rx, i);
}

#if IS_ENABLED(CONFIG_IPV6)
static int bond_ns_target(const struct bond *bond, const struct in6_addr *a)
{
	int i;

	for (i = 0; i < BOND_MAX_NS_TARGETS; i++) {
		if (ipv6_addr_any(&bond->params.ns_targets[i]))
			break;
		if (ipv6_addr_equal(&bond->params.ns_targets[i], a))
			return i;
	}
	return -1;
}
#endif

/* ND options from @off to @end: each a whole number of 8 octets, not 0. */
static bool bond_nd_opts_ok(const struct sk_buff *skb, int off, int end)
{
	u8 buf[2];
	const u8 *o;

	while (off < end) {
		o = skb_header_pointer(skb, off, sizeof(buf), buf);
		if (!o || !o[1] || o[1] * 8 > end - off)
			return false;
		off += o[1] * 8;
	}
	return true;
}

/*
 * Is the IPv6 packet at @off a valid NS or NA? The checks of RFC 4861
 * 7.1.1/7.1.2 that ndisc makes before believing one (hop limit 255, code
 * 0, the length, the options, the checksum): a frame the stack would drop
 * is no proof of link either.
 */
static const struct bond_nd_pkt *bond_nd_get(struct sk_buff *skb, int off,
					     struct bond_nd_pkt *buf)
{
	const struct bond_nd_pkt *nd;
	int len, start = off + sizeof(nd->ip6);

	nd = skb_header_pointer(skb, off, sizeof(*buf), buf);
	if (!nd || nd->ip6.version != 6 || nd->ip6.nexthdr != IPPROTO_ICMPV6 ||
	    (nd->icmp.icmp6_type != NDISC_NEIGHBOUR_SOLICITATION &&
	     nd->icmp.icmp6_type != NDISC_NEIGHBOUR_ADVERTISEMENT))
		return NULL;
	len = ntohs(nd->ip6.payload_len);
	if (nd->ip6.hop_limit != 255 || nd->icmp.icmp6_code ||
	    len < (int)(sizeof(nd->icmp) + sizeof(nd->target)) ||
	    len > skb->len - start ||
	    !bond_nd_opts_ok(skb, off + sizeof(*nd), start + len))
		return NULL;
	if (csum_ipv6_magic(&nd->ip6.saddr, &nd->ip6.daddr, len,
			    IPPROTO_ICMPV6, skb_checksum(skb, start, len, 0)))
		return NULL;
	return nd;
}

static void bond_ns_rcv(struct bond *bond, struct bond_slave *slave,
			const struct bond_nd_pkt *nd, struct net_device *dev)
{
#if IS_ENABLED(CONFIG_IPV6)
	const struct in6_addr *from, *to;
	enum bond_arp_dir dir;
	bool na;
	int i;

	dir = bond_arp_direction(bond, slave);
	if (dir == BOND_ARP_NONE)
		return;
	/*
	 * From a target: an NA (or NS) it sent, source the target, to our
	 * address. From us (seen on a backup): our NS for a target, or an NA
	 * we sent about our address.
	 */
	na = nd->icmp.icmp6_type == NDISC_NEIGHBOUR_ADVERTISEMENT;
	if (dir == BOND_ARP_FROM_TARGET) {
		from = &nd->ip6.saddr;
		to = na ? &nd->ip6.daddr : &nd->target;
	} else {
		to = &nd->ip6.saddr;
		from = na ? &nd->ip6.daddr : &nd->target;
	}
	i = bond_ns_target(bond, from);
	if (i < 0)
		return;
	/*
	 * An NA to all-nodes counts too: the target's answer to an NS from
	 * :: (the bond's own addresses still tentative, say before its
	 * first carrier), or an unsolicited one. Either way it came over
	 * this link.
	 */
	if (!(dir == BOND_ARP_FROM_TARGET && na &&
	      ipv6_addr_is_ll_all_nodes(to)) &&
	    !bond_addr_is_ours(dev, 0, to))
		return;
	WRITE_ONCE(slave->last_rx, jiffies);
	bond_arp_hit(slave->ns_target_last_rx, i);
#endif
}

/*
 * The protocol under the VLAN tags still in the frame (the outer one is
 * already out of the data when the rx_handler runs), its offset, and in
 * @dev the device the tags lead to from the bond (NULL: none of ours).
 */
static __be16 bond_arp_l3(struct bond *bond, struct sk_buff *skb, int *off,
			  struct net_device **dev)
{
	__be16 proto = skb->protocol;
	struct net_device *d = bond->dev;
	const struct vlan_hdr *vh;
	struct vlan_hdr vbuf;
	int i;

	if (skb_vlan_tag_present(skb))
		d = bond_rx_vlan_dev(d, skb->vlan_proto,
				     skb_vlan_tag_get_id(skb));
	*off = 0;
	for (i = 0; i < BOND_ARP_MAX_TAGS && eth_type_vlan(proto); i++) {
		vh = skb_header_pointer(skb, *off, sizeof(vbuf), &vbuf);
		if (!vh)
			return 0;
		if (d)
			d = bond_rx_vlan_dev(d, proto, ntohs(vh->h_vlan_TCI));
		proto = vh->h_vlan_encapsulated_proto;
		*off += VLAN_HLEN;
	}
	*dev = d;
	return proto;
}

/*
 * Every frame a slave receives, in its rx_handler (RCU, softirq). Only
 * looks at the frame: never changes or takes it.
 */
void bond_arp_rcv(struct bond *bond, struct bond_slave *slave,
		  struct sk_buff *skb)
{
	const struct bond_nd_pkt *nd = NULL;
	struct net_device *dev;
	struct bond_nd_pkt buf;
	__be16 proto;
	int off;
	u8 v;

	if (likely(!READ_ONCE(bond->params.arp_interval)))
		return;
	v = READ_ONCE(bond->params.arp_validate);
	if (!bond_arp_validates(bond, slave) && !(v & BOND_ARP_FILTER)) {
		/* any frame counts */
		WRITE_ONCE(slave->last_rx, jiffies);
		return;
	}

	proto = bond_arp_l3(bond, skb, &off, &dev);
	if (proto == htons(ETH_P_IPV6))
		nd = bond_nd_get(skb, off, &buf);
	if (!bond_arp_validates(bond, slave)) {
		/* filter*: only ARP, NS and NA count */
		if (proto == htons(ETH_P_ARP) || nd)
			WRITE_ONCE(slave->last_rx, jiffies);
		return;
	}
	/*
	 * Validated: only what was sent to us (like arp_rcv() and ndisc,
	 * not to another host's MAC) in a VLAN of ours.
	 */
	if (!dev || skb->pkt_type == PACKET_OTHERHOST ||
	    skb->pkt_type == PACKET_LOOPBACK)
		return;
	if (proto == htons(ETH_P_ARP))
		bond_arp_rcv4(bond, slave, skb, off, dev);
	else if (nd)
		bond_ns_rcv(bond, slave, nd, dev);
}

/* --- NS targets' solicited-node groups on active-backup backups --------------- */

static bool bond_ns_mc_wanted(const struct bond *bond,
			      const struct bond_slave *slave)
{
	return bond->params.mode == BOND_MODE_ACTIVEBACKUP &&
	       bond->params.arp_validate && bond->arp_ns_mc_cnt &&
	       slave->backup && slave->dev->type == ARPHRD_ETHER;
}

static void bond_ns_mc_del(struct bond *bond, struct bond_slave *slave)
{
	int i;

	for (i = 0; i < bond->arp_ns_mc_cnt; i++)
		dev_mc_del(slave->dev, bond->arp_ns_mc[i]);
	slave->ns_mc_on = 0;
}

static void bond_ns_mc_add(struct bond *bond, struct bond_slave *slave)
{
	int i;

	for (i = 0; i < bond->arp_ns_mc_cnt; i++)
		if (dev_mc_add(slave->dev, bond->arp_ns_mc[i]))
			netdev_warn(bond->dev, "(slave %s): cannot join the NS target group %pM\n",
				    slave->dev->name, bond->arp_ns_mc[i]);
	slave->ns_mc_on = 1;
}

/* Backups join the groups of the NS targets while validating. RTNL. */
void bond_arp_ns_mc_sync(struct bond *bond)
{
	u8 mc[BOND_MAX_NS_TARGETS][ETH_ALEN];
	struct bond_slave *slave;
	struct in6_addr group;
	int n = 0, i;
	bool changed;

	ASSERT_RTNL();
	for (i = 0; i < BOND_MAX_NS_TARGETS; i++) {
		if (ipv6_addr_any(&bond->params.ns_targets[i]))
			break;
		addrconf_addr_solict_mult(&bond->params.ns_targets[i], &group);
		ipv6_eth_mc_map(&group, mc[n++]);
	}
	changed = n != bond->arp_ns_mc_cnt ||
		  memcmp(mc, bond->arp_ns_mc, n * ETH_ALEN);

	bond_for_each_slave(bond, slave)
		if (slave->ns_mc_on && (changed || !bond_ns_mc_wanted(bond, slave)))
			bond_ns_mc_del(bond, slave);
	if (changed) {
		memcpy(bond->arp_ns_mc, mc, n * ETH_ALEN);
		bond->arp_ns_mc_cnt = n;
	}
	bond_for_each_slave(bond, slave)
		if (!slave->ns_mc_on && bond_ns_mc_wanted(bond, slave))
			bond_ns_mc_add(bond, slave);
}

/* --- the monitor ------------------------------------------------------------ */

/* rr, xor, broadcast. RCU. Returns whether anything needs committing. */
static bool bond_lb_inspect(struct bond *bond, bool first)
{
	int missed = READ_ONCE(bond->params.missed_max);
	struct bond_slave *slave;
	bool commit = false;

	bond_for_each_slave_rcu(bond, slave) {
		unsigned long tx = READ_ONCE(slave->last_tx);
		unsigned long rx = bond_arp_last_rx(bond, slave);
		s8 link = READ_ONCE(slave->link), next = link;

		if (link != BOND_LINK_UP) {
			bool up = bond_arp_in(bond, tx, 1) && bond_arp_in(bond, rx, 1);

			bond_health_seen(slave, up);
			if (bond_flap_held(slave))
				commit |= bond_flap_inspect(bond, slave, up);
			else if (up)
				next = BOND_LINK_UP;
		} else if (!bond_arp_in(bond, tx, missed) ||
			   !bond_arp_in(bond, rx, missed)) {
			next = BOND_LINK_DOWN;
			if (first)
				bond_event_detected(slave);
		}
		if (link == BOND_LINK_UP)
			bond_health_seen(slave, next == BOND_LINK_UP);
		slave->link_new = next;
		commit |= next != link;
	}
	return commit;
}

/* active-backup. RCU. Returns whether anything needs committing. */
static bool bond_ab_inspect(struct bond *bond, bool first)
{
	struct bond_slave *probe = READ_ONCE(bond->arp_probe_slave);
	struct bond_slave *cur = rcu_dereference(bond->active);
	int missed = READ_ONCE(bond->params.missed_max);
	struct bond_slave *slave;
	bool commit = false;

	bond_for_each_slave_rcu(bond, slave) {
		unsigned long rx = bond_arp_last_rx(bond, slave);
		s8 link = READ_ONCE(slave->link), next = link;

		if (link != BOND_LINK_UP) {
			bool up = bond_arp_in(bond, rx, 1);

			bond_health_seen(slave, up);
			if (bond_flap_held(slave))
				commit |= bond_flap_inspect(bond, slave, up);
			else if (up)
				next = BOND_LINK_UP;
		} else if (bond_arp_in(bond, READ_ONCE(slave->last_link_up), 2) ||
			   (slave == cur &&
			    bond_arp_in(bond, READ_ONCE(bond->arp_probe_start), 2))) {
			/* just came up or became active: grace */
		} else if (slave == cur) {
			if (!bond_arp_in(bond, READ_ONCE(slave->last_tx), missed) ||
			    !bond_arp_in(bond, rx, missed))
				next = BOND_LINK_DOWN;
		} else if (!probe && !bond_arp_in(bond, rx, missed + 1)) {
			next = BOND_LINK_DOWN;
		}
		if (next == BOND_LINK_DOWN && first)
			bond_event_detected(slave);
		if (link == BOND_LINK_UP)
			bond_health_seen(slave, next == BOND_LINK_UP);
		slave->link_new = next;
		commit |= next != link;
	}
	/* without an active slave the probe moves on every tick */
	if (cur ? !!probe : bond_has_slaves(bond))
		commit = true;
	return commit;
}

static bool bond_arp_inspect(struct bond *bond, bool first)
{
	if (bond->params.mode == BOND_MODE_ACTIVEBACKUP)
		return bond_ab_inspect(bond, first);
	return bond_lb_inspect(bond, first);
}

/* No active slave: probe the next slave with carrier. RTNL. */
static void bond_arp_rotate(struct bond *bond)
{
	struct bond_slave *prev = bond->arp_probe_slave, *slave, *next = NULL;
	bool after = !prev;

	if (rtnl_dereference(bond->active) ||
	    bond->params.mode != BOND_MODE_ACTIVEBACKUP) {
		WRITE_ONCE(bond->arp_probe_slave, NULL);
		return;
	}
	bond_for_each_slave(bond, slave) {
		if (after && bond_slave_is_up(slave)) {
			next = slave;
			break;
		}
		if (slave == prev)
			after = true;
	}
	if (!next) {
		bond_for_each_slave(bond, slave) {
			if (bond_slave_is_up(slave)) {
				next = slave;
				break;
			}
		}
	}
	if (next && next != prev)
		netdev_dbg(bond->dev, "(slave %s): probing with ARP/NS\n",
			   next->dev->name);
	WRITE_ONCE(bond->arp_probe_slave, next);
}

static void bond_arp_commit(struct bond *bond)
{
	enum bond_change_reason why = bond_arp_reason(bond);
	struct bond_slave *slave;
	bool changed = false;

	ASSERT_RTNL();
	bond_for_each_slave(bond, slave)
		changed |= bond_monitor_commit_link(bond, slave, slave->link_new,
						    why);
	if (bond->params.mode == BOND_MODE_ACTIVEBACKUP) {
		if (!rtnl_dereference(bond->active))
			bond_select_active(bond, why);
		bond_arp_rotate(bond);
	}
	if (changed) {
		bond_update_usable(bond);
		bond_set_carrier(bond);
	}
}

/* Send this tick's probes. RCU. */
static void bond_arp_send_probes(struct bond *bond)
{
	struct bond_slave *slave;

	if (bond->params.mode == BOND_MODE_ACTIVEBACKUP) {
		slave = rcu_dereference(bond->active);
		if (!slave)
			slave = READ_ONCE(bond->arp_probe_slave);
		if (slave && bond_slave_is_up(slave))
			bond_arp_probe(bond, slave);
		return;
	}
	bond_for_each_slave_rcu(bond, slave)
		if (bond_slave_is_up(slave))
			bond_arp_probe(bond, slave);
}

static void bond_arp_work(struct work_struct *work)
{
	struct bond *bond = container_of(work, struct bond, arp_work.work);
	bool first = !bond->arp_retry;
	unsigned long next;
	bool commit;

	if (!bond_uses_arp_monitor(bond))
		return;
	next = bond_arp_delta(bond);
	bond->arp_retry = false;

	rcu_read_lock();
	commit = bond_arp_inspect(bond, first);
	rcu_read_unlock();

	if (commit) {
		if (!rtnl_trylock()) {
			/* finish this tick as soon as RTNL is free */
			bond->arp_retry = true;
			next = 1;
			goto rearm;
		}
		/* things may have moved while we waited: decide again */
		rcu_read_lock();
		bond_arp_inspect(bond, false);
		rcu_read_unlock();
		bond_arp_commit(bond);
		rtnl_unlock();
	}

	rcu_read_lock();
	bond_arp_tally(bond);
	bond_arp_send_probes(bond);
	rcu_read_unlock();
rearm:
	if (READ_ONCE(bond->params.arp_interval))
		queue_delayed_work(bond_wq, &bond->arp_work, next);
}

/* --- control ---------------------------------------------------------------- */

/* A slave enters ARP monitoring: it has about one interval to hear back. RTNL. */
void bond_arp_slave_init(struct bond *bond, struct bond_slave *slave)
{
	unsigned long t = jiffies - bond_arp_delta(bond) - 1;
	int i;

	WRITE_ONCE(slave->last_rx, t);
	WRITE_ONCE(slave->last_tx, t);
	for (i = 0; i < BOND_MAX_ARP_TARGETS; i++)
		WRITE_ONCE(slave->target_last_rx[i], t);
	for (i = 0; i < BOND_MAX_NS_TARGETS; i++)
		WRITE_ONCE(slave->ns_target_last_rx[i], t);
}

/* The slave leaves the bond (already off the list). RTNL. */
void bond_arp_slave_release(struct bond *bond, struct bond_slave *slave)
{
	ASSERT_RTNL();
	if (slave->ns_mc_on)
		bond_ns_mc_del(bond, slave);
}

/* bond_change_active() switched the active slave. RTNL. */
void bond_arp_active_changed(struct bond *bond)
{
	ASSERT_RTNL();
	WRITE_ONCE(bond->arp_probe_start, jiffies);
	if (rtnl_dereference(bond->active))
		WRITE_ONCE(bond->arp_probe_slave, NULL);
	bond_arp_ns_mc_sync(bond);
}

/* arp_ip_target or ns_ip6_target changed: every target starts afresh. RTNL. */
void bond_arp_targets_changed(struct bond *bond)
{
	struct bond_slave *slave;
	unsigned long now = jiffies;
	int i;

	ASSERT_RTNL();
	bond_for_each_slave(bond, slave) {
		for (i = 0; i < BOND_MAX_ARP_TARGETS; i++)
			WRITE_ONCE(slave->target_last_rx[i], now);
		for (i = 0; i < BOND_MAX_NS_TARGETS; i++)
			WRITE_ONCE(slave->ns_target_last_rx[i], now);
	}
	bond_arp_ns_mc_sync(bond);
}

void bond_arp_init(struct bond *bond)
{
	INIT_DELAYED_WORK(&bond->arp_work, bond_arp_work);
}

void bond_arp_start(struct bond *bond)
{
	struct bond_slave *slave;

	ASSERT_RTNL();
	bond->arp_retry = false;
	WRITE_ONCE(bond->arp_probe_start, jiffies);
	bond_for_each_slave(bond, slave)
		bond_arp_slave_init(bond, slave);
	queue_delayed_work(bond_wq, &bond->arp_work, 0);
}

/* RTNL; the work never blocks on RTNL, so waiting for it here is safe. */
void bond_arp_stop(struct bond *bond)
{
	cancel_delayed_work_sync(&bond->arp_work);
	bond->arp_retry = false;
	WRITE_ONCE(bond->arp_probe_slave, NULL);
}
