// SPDX-License-Identifier: GPL-2.0
/*
 * 802.3ad / IEEE 802.1AX link aggregation: the LACP state machines of
 * every port (receive, periodic, selection, mux, transmit, churn), LACPDU
 * and marker build and parse, and what the data path and the status
 * surfaces need from them.
 *
 * Locking:
 *   what                                  context               lock
 *   ad->lock                              guards the port list, every port and
 *                                         aggregator field, ad->active
 *   bond_3ad_rx (LACPDU, marker)          softirq, RCU          spin_lock
 *   bond_3ad_rx (other frames)            softirq, RCU          none (READ_ONCE)
 *   ad_work (every 100 ms, bond_wq)       process               spin_lock_bh;
 *                                         then RTNL by trylock to publish the
 *                                         usable array, carrier, slave states
 *                                         (retried on the next tick)
 *   init/uninit, open/close               RTNL                  spin_lock_bh
 *   slave_add/del, link_change            RTNL                  spin_lock_bh
 *   carrier, slave_usable                 RTNL                  spin_lock_bh
 *   get_info, get_slave_info, show        RCU or RTNL           spin_lock_bh
 * Order: RTNL before ad->lock. No frame is sent and nothing sleeps with
 * ad->lock held: frames built under it are sent after it is dropped, with
 * a reference on their device. Ports are freed after an RCU grace period
 * (the receive path may still hold one); a freed port is unlinked first.
 */
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <linux/seq_file.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "bond.h"
#include "bond_3ad.h"
#include "bond_mode.h"
#include "bond_options.h"
#include "bond_slave.h"

/* --- protocol constants (802.1AX-2008 5.4.4, 802.3 annex 57A) ---------------- */

#define AD_TICK_MS		100
#define AD_TICKS(ms)		((ms) / AD_TICK_MS)
#define AD_FAST_PERIODIC	AD_TICKS(1000)
#define AD_SLOW_PERIODIC	AD_TICKS(30000)
#define AD_SHORT_TIMEOUT	AD_TICKS(3000)
#define AD_LONG_TIMEOUT		AD_TICKS(90000)
#define AD_AGGREGATE_WAIT	AD_TICKS(2000)
#define AD_CHURN_TIME		AD_TICKS(60000)
#define AD_TX_PER_SECOND	3

#define AD_SUBTYPE_LACP		1
#define AD_SUBTYPE_MARKER	2
#define AD_TLV_TERM		0
#define AD_TLV_ACTOR		1
#define AD_TLV_PARTNER		2
#define AD_TLV_COLLECTOR	3
#define AD_TLV_MARKER_INFO	1
#define AD_TLV_MARKER_RESP	2
#define AD_INFO_TLV_LEN		20
#define AD_COLLECTOR_TLV_LEN	16
#define AD_MARKER_TLV_LEN	16
#define AD_SLOW_PDU_LEN		110	/* 128-octet frame less header and FCS */
#define AD_SLOW_PDU_SLACK	4	/* an FCS some drivers leave in */

#define ST_ACT		LACP_STATE_LACP_ACTIVITY
#define ST_TIMEOUT	LACP_STATE_LACP_TIMEOUT
#define ST_AGG		LACP_STATE_AGGREGATION
#define ST_SYNC		LACP_STATE_SYNCHRONIZATION
#define ST_COLL		LACP_STATE_COLLECTING
#define ST_DIST		LACP_STATE_DISTRIBUTING
#define ST_DEFAULTED	LACP_STATE_DEFAULTED
#define ST_EXPIRED	LACP_STATE_EXPIRED

static const u8 ad_slow_mcast[ETH_ALEN] __aligned(2) = {
	0x01, 0x80, 0xc2, 0x00, 0x00, 0x02
};

/* Actor and Partner Information TLV (802.1AX-2008 5.4.2.2) */
struct ad_info_tlv {
	u8 type;
	u8 len;
	__be16 sys_prio;
	u8 system[ETH_ALEN];
	__be16 key;
	__be16 port_prio;
	__be16 port;
	u8 state;
	u8 reserved[3];
} __packed;

struct ad_lacpdu {
	u8 subtype;
	u8 version;
	struct ad_info_tlv actor;
	struct ad_info_tlv partner;
	u8 coll_type;
	u8 coll_len;
	__be16 coll_max_delay;
	u8 coll_reserved[12];
	u8 term_type;
	u8 term_len;
	u8 reserved[50];
} __packed;

/* Marker and Marker Response PDU (802.1AX-2008 5.5.3) */
struct ad_marker {
	u8 subtype;
	u8 version;
	u8 tlv_type;
	u8 tlv_len;
	__be16 port;
	u8 system[ETH_ALEN];
	__be32 transaction;
	__be16 pad;
	u8 term_type;
	u8 term_len;
	u8 reserved[90];
} __packed;

/* --- engine state ------------------------------------------------------------ */

/* one side's view of a port: what an information TLV carries */
struct ad_tuple {
	u16 sys_prio;
	u8 system[ETH_ALEN];
	u16 key;
	u16 port_prio;
	u16 port;
	u8 state;
};

enum ad_rx_state {
	AD_RX_DISABLED,		/* port not enabled (also: initial) */
	AD_RX_LACP_DISABLED,	/* enabled, LACP impossible (half duplex) */
	AD_RX_EXPIRED,
	AD_RX_DEFAULTED,
	AD_RX_CURRENT,
};

enum ad_mux_state {
	AD_MUX_DETACHED,
	AD_MUX_WAITING,
	AD_MUX_ATTACHED,
	AD_MUX_COLLECTING,	/* independent control */
	AD_MUX_DISTRIBUTING,	/* independent control */
	AD_MUX_COLL_DIST,	/* coupled control */
};

enum ad_selected {
	AD_UNSELECTED,
	AD_SELECTED,
	AD_STANDBY,
};

struct ad_port;

struct ad_agg {
	u16 id;
	bool individual;
	u16 actor_key;
	u16 partner_key;
	u16 partner_sys_prio;
	u8 partner_system[ETH_ALEN];
	unsigned int nports;		/* ports selected into it */
};

struct ad_port {
	struct list_head node;		/* in ad->ports */
	struct bond_slave *slave;
	struct rcu_head rcu;
	struct ad_agg own_agg;		/* the aggregator this port brings */
	struct ad_agg *agg;		/* the one it is selected into */
	struct ad_tuple actor;
	struct ad_tuple partner;
	u16 number;
	u8 rx;				/* enum ad_rx_state */
	u8 mux;				/* enum ad_mux_state */
	u8 selected;			/* enum ad_selected */
	bool enabled;			/* link up, bond up */
	bool lacp_enabled;		/* full duplex */
	bool ntt;
	bool gone;			/* unlinked, freed after RCU */
	bool published;			/* in bond->usable as last published */
	bool slow_mc;			/* ad_slow_mcast is on the slave */
	u8 rx_ok;			/* collecting: frames go to the bond */
	u8 tx_this_second;
	u8 second_ticks;
	u16 current_while;
	u16 periodic;
	u16 wait_while;
	u16 actor_churn_timer;
	u16 partner_churn_timer;
	u8 churn_actor;			/* enum bond_3ad_churn */
	u8 churn_partner;
	u32 actor_churned;
	u32 partner_churned;
	struct bond_3ad_stats stats;
};

struct bond_3ad {
	struct bond *bond;
	spinlock_t lock;
	struct list_head ports;
	struct delayed_work work;
	struct ad_agg *active;
	bool running;
	bool system_set;	/* /proc shows the system once it was set up */
};

static struct bond_3ad *ad_of(struct bond *bond)
{
	return bond->mode_priv;
}

/* --- actor information ------------------------------------------------------- */

static u16 ad_speed_code(u32 speed)
{
	switch (speed) {
	case SPEED_10:		return 2;
	case SPEED_100:		return 3;
	case SPEED_1000:	return 4;
	case SPEED_2500:	return 5;
	case SPEED_5000:	return 6;
	case SPEED_10000:	return 7;
	case SPEED_14000:	return 8;
	case SPEED_20000:	return 9;
	case SPEED_25000:	return 10;
	case SPEED_40000:	return 11;
	case SPEED_50000:	return 12;
	case SPEED_56000:	return 13;
	case SPEED_100000:	return 14;
	case SPEED_200000:	return 15;
	case SPEED_400000:	return 16;
#ifdef BOND_3AD_SPEED_800G
	case SPEED_800000:	return 17;
#endif
	}
	if (speed == 1)
		return 1;
	return 0;
}

/* the operational key: user key, speed code, full duplex (as stock) */
static u16 ad_port_key(struct bond *bond, struct bond_slave *slave)
{
	u16 key = READ_ONCE(bond->params.ad_user_port_key) << 6;

	key |= ad_speed_code(READ_ONCE(slave->speed)) << 1;
	if (READ_ONCE(slave->duplex) == DUPLEX_FULL)
		key |= 1;
	return key;
}

static void ad_system(struct bond *bond, u8 *mac)
{
	const u8 *sys = bond->params.ad_actor_system;

	if (is_zero_ether_addr(sys))
		sys = bond->dev->dev_addr;
	ether_addr_copy(mac, sys);
}

/* The partner a port assumes without LACPDUs (802.1AX Partner_Admin_*). */
static void ad_default_partner(struct bond *bond, struct ad_port *p)
{
	memset(&p->partner, 0, sizeof(p->partner));
	/* ask for fast periodic transmission, like an expired partner */
	p->partner.state = ST_TIMEOUT;
	/*
	 * Implicit fallback: without lacp_strict the default partner is in
	 * sync, so the port carries traffic as an individual link.
	 */
	if (!READ_ONCE(bond->params.lacp_strict))
		p->partner.state |= ST_SYNC | ST_COLL | ST_DIST;
}

static bool ad_same_partner(const struct ad_tuple *a, const struct ad_tuple *b)
{
	return a->sys_prio == b->sys_prio && ether_addr_equal(a->system, b->system) &&
	       a->key == b->key && a->port_prio == b->port_prio &&
	       a->port == b->port && (a->state & ST_AGG) == (b->state & ST_AGG);
}

static void ad_tuple_from_tlv(struct ad_tuple *t, const struct ad_info_tlv *tlv)
{
	t->sys_prio = ntohs(tlv->sys_prio);
	ether_addr_copy(t->system, tlv->system);
	t->key = ntohs(tlv->key);
	t->port_prio = ntohs(tlv->port_prio);
	t->port = ntohs(tlv->port);
	t->state = tlv->state;
}

static void ad_tuple_to_tlv(struct ad_info_tlv *tlv, const struct ad_tuple *t,
			    u8 type)
{
	tlv->type = type;
	tlv->len = AD_INFO_TLV_LEN;
	tlv->sys_prio = htons(t->sys_prio);
	ether_addr_copy(tlv->system, t->system);
	tlv->key = htons(t->key);
	tlv->port_prio = htons(t->port_prio);
	tlv->port = htons(t->port);
	tlv->state = t->state;
}

static void ad_set_actor_bit(struct ad_port *p, u8 bit, bool on)
{
	u8 st = on ? p->actor.state | bit : p->actor.state & ~bit;

	if (st != p->actor.state) {
		p->actor.state = st;
		p->ntt = true;
	}
}

/*
 * Refresh the administrative part of the actor information from the
 * options and the slave. A key change means another aggregator.
 */
static void ad_update_actor(struct bond_3ad *ad, struct ad_port *p)
{
	struct bond *bond = ad->bond;
	struct bond_slave *slave = p->slave;
	struct ad_tuple a = p->actor;

	a.sys_prio = READ_ONCE(bond->params.ad_actor_sys_prio);
	ad_system(bond, a.system);
	a.key = ad_port_key(bond, slave);
	a.port_prio = READ_ONCE(slave->actor_port_prio);
	a.port = p->number;
	if (a.key != p->actor.key)
		p->selected = AD_UNSELECTED;
	if (a.sys_prio != p->actor.sys_prio ||
	    !ether_addr_equal(a.system, p->actor.system) ||
	    a.key != p->actor.key || a.port_prio != p->actor.port_prio ||
	    a.port != p->actor.port) {
		p->actor = a;
		p->ntt = true;
	}
	ad_set_actor_bit(p, ST_ACT, READ_ONCE(bond->params.lacp_active));
	ad_set_actor_bit(p, ST_TIMEOUT, READ_ONCE(bond->params.lacp_fast));
	ad_set_actor_bit(p, ST_AGG, p->lacp_enabled);
}

/* --- receive machine --------------------------------------------------------- */

static void ad_churn_begin(struct ad_port *p)
{
	p->churn_actor = BOND_3AD_CHURN_MONITOR;
	p->churn_partner = BOND_3AD_CHURN_MONITOR;
	p->actor_churn_timer = AD_CHURN_TIME;
	p->partner_churn_timer = AD_CHURN_TIME;
}

static void ad_rx_expire(struct ad_port *p)
{
	p->rx = AD_RX_EXPIRED;
	/*
	 * A partner we heard is out of sync until it speaks again. The
	 * default partner of a port that never heard one keeps its state,
	 * so the implicit fallback does not wait for the expiry.
	 */
	if (!is_zero_ether_addr(p->partner.system))
		p->partner.state &= ~ST_SYNC;
	p->partner.state |= ST_TIMEOUT;
	ad_set_actor_bit(p, ST_EXPIRED, true);
	p->current_while = AD_SHORT_TIMEOUT;
}

static void ad_rx_default(struct bond_3ad *ad, struct ad_port *p)
{
	struct ad_tuple old = p->partner;

	ad_default_partner(ad->bond, p);
	if (!ad_same_partner(&old, &p->partner))
		p->selected = AD_UNSELECTED;
	p->rx = AD_RX_DEFAULTED;
	ad_set_actor_bit(p, ST_EXPIRED, false);
	ad_set_actor_bit(p, ST_DEFAULTED, true);
}

/* once per tick: the port's enable state and the receive timers */
static void ad_rx_tick(struct bond_3ad *ad, struct ad_port *p)
{
	struct bond_slave *slave = p->slave;
	bool enabled = ad->running && READ_ONCE(slave->link) == BOND_LINK_UP &&
		       netif_running(slave->dev);
	bool lacp = READ_ONCE(slave->duplex) == DUPLEX_FULL;

	if (!enabled) {
		if (p->rx != AD_RX_DISABLED) {
			p->rx = AD_RX_DISABLED;
			p->partner.state &= ~ST_SYNC;
			p->selected = AD_UNSELECTED;
		}
		p->enabled = false;
		return;
	}
	if (!p->enabled || lacp != p->lacp_enabled) {
		/* (re)start: 802.1AX rx INITIALIZE -> PORT_DISABLED -> ... */
		p->enabled = true;
		p->lacp_enabled = lacp;
		p->selected = AD_UNSELECTED;
		p->periodic = 0;
		ad_churn_begin(p);
		ad_update_actor(ad, p);
		if (!lacp) {
			ad_rx_default(ad, p);
			p->rx = AD_RX_LACP_DISABLED;
			p->partner.state &= ~ST_AGG;
		} else {
			/* 802.1AX rx INITIALIZE: recordDefault() */
			ad_default_partner(ad->bond, p);
			ad_set_actor_bit(p, ST_DEFAULTED, false);
			ad_rx_expire(p);
		}
		return;
	}
	switch (p->rx) {
	case AD_RX_EXPIRED:
		if (p->current_while && !--p->current_while)
			ad_rx_default(ad, p);
		break;
	case AD_RX_CURRENT:
		if (p->current_while && !--p->current_while)
			ad_rx_expire(p);
		break;
	case AD_RX_DEFAULTED:
	case AD_RX_LACP_DISABLED:
		/* lacp_strict may have changed */
		ad_default_partner(ad->bond, p);
		if (p->rx == AD_RX_LACP_DISABLED)
			p->partner.state &= ~ST_AGG;
		break;
	}
}

/* A valid LACPDU arrived (802.1AX-2008 5.4.12, CURRENT). */
static void ad_rx_lacpdu(struct bond_3ad *ad, struct ad_port *p,
			 const struct ad_lacpdu *pdu)
{
	struct ad_tuple remote, about_us;
	bool matches, sync;

	if (!p->enabled || !p->lacp_enabled)
		return;
	ad_tuple_from_tlv(&remote, &pdu->actor);
	ad_tuple_from_tlv(&about_us, &pdu->partner);

	/* update_Selected: another partner means another aggregator */
	if (!ad_same_partner(&remote, &p->partner))
		p->selected = AD_UNSELECTED;

	/* update_NTT: the partner's idea of us is out of date */
	if (about_us.port != p->actor.port ||
	    about_us.port_prio != p->actor.port_prio ||
	    !ether_addr_equal(about_us.system, p->actor.system) ||
	    about_us.sys_prio != p->actor.sys_prio ||
	    about_us.key != p->actor.key ||
	    (about_us.state & (ST_ACT | ST_TIMEOUT | ST_SYNC | ST_AGG)) !=
	    (p->actor.state & (ST_ACT | ST_TIMEOUT | ST_SYNC | ST_AGG)))
		p->ntt = true;

	/* recordPDU */
	matches = about_us.port == p->actor.port &&
		  about_us.port_prio == p->actor.port_prio &&
		  ether_addr_equal(about_us.system, p->actor.system) &&
		  about_us.sys_prio == p->actor.sys_prio &&
		  about_us.key == p->actor.key &&
		  (about_us.state & ST_AGG) == (p->actor.state & ST_AGG);
	sync = (remote.state & ST_SYNC) &&
	       (matches || !(remote.state & ST_AGG));
	p->partner = remote;
	if (!sync)
		p->partner.state &= ~ST_SYNC;

	ad_set_actor_bit(p, ST_DEFAULTED, false);
	ad_set_actor_bit(p, ST_EXPIRED, false);
	p->rx = AD_RX_CURRENT;
	p->current_while = (p->actor.state & ST_TIMEOUT) ? AD_SHORT_TIMEOUT :
							   AD_LONG_TIMEOUT;
}

/* --- selection logic --------------------------------------------------------- */

static bool ad_port_individual(const struct ad_port *p)
{
	return !(p->actor.state & ST_AGG) || !(p->partner.state & ST_AGG);
}

static bool ad_agg_matches(const struct ad_agg *agg, const struct ad_port *p)
{
	return agg->nports && !agg->individual &&
	       agg->actor_key == p->actor.key &&
	       agg->partner_key == p->partner.key &&
	       agg->partner_sys_prio == p->partner.sys_prio &&
	       ether_addr_equal(agg->partner_system, p->partner.system);
}

static void ad_agg_take(struct ad_agg *agg, struct ad_port *p)
{
	if (!agg->nports) {
		agg->individual = ad_port_individual(p);
		agg->actor_key = p->actor.key;
		agg->partner_key = p->partner.key;
		agg->partner_sys_prio = p->partner.sys_prio;
		ether_addr_copy(agg->partner_system, p->partner.system);
	}
	agg->nports++;
	p->agg = agg;
	p->selected = AD_SELECTED;
}

static void ad_agg_leave(struct bond_3ad *ad, struct ad_port *p)
{
	struct ad_agg *agg = p->agg;

	if (!agg)
		return;
	p->agg = NULL;
	if (!--agg->nports && ad->active == agg)
		ad->active = NULL;
}

/* An unselected, detached port picks its aggregator (802.1AX 5.4.14). */
static void ad_select_port(struct bond_3ad *ad, struct ad_port *p)
{
	struct ad_port *q;

	if (!p->enabled || p->selected != AD_UNSELECTED ||
	    p->mux != AD_MUX_DETACHED || p->agg)
		return;
	if (!ad_port_individual(p)) {
		list_for_each_entry(q, &ad->ports, node) {
			if (q != p && q->agg && ad_agg_matches(q->agg, p)) {
				ad_agg_take(q->agg, p);
				return;
			}
		}
	}
	/* a free aggregator: the first in port order */
	list_for_each_entry(q, &ad->ports, node) {
		if (!q->own_agg.nports) {
			ad_agg_take(&q->own_agg, p);
			return;
		}
	}
}

struct ad_agg_score {
	bool ok;
	bool aggregable;
	bool partnered;
	unsigned int ports;
	u64 bandwidth;
	u32 prio;
};

static void ad_agg_score(struct bond_3ad *ad, struct ad_agg *agg,
			 struct ad_agg_score *s)
{
	struct ad_port *p;
	u32 speed;

	memset(s, 0, sizeof(*s));
	list_for_each_entry(p, &ad->ports, node) {
		if (p->agg != agg || !p->enabled)
			continue;
		s->ports++;
		speed = READ_ONCE(p->slave->speed);
		if (speed != SPEED_UNKNOWN)
			s->bandwidth += speed;
		s->prio += p->actor.port_prio;
	}
	s->ok = s->ports > 0;
	s->aggregable = !agg->individual;
	s->partnered = !is_zero_ether_addr(agg->partner_system);
}

/* Is @a a better active aggregator than @b under ad_select @policy? */
static bool ad_agg_better(const struct ad_agg_score *a,
			  const struct ad_agg_score *b, u8 policy)
{
	if (a->aggregable != b->aggregable)
		return a->aggregable;
	if (a->partnered != b->partnered)
		return a->partnered;
	switch (policy) {
	case BOND_AD_PRIO:
		if (a->prio != b->prio)
			return a->prio > b->prio;
		fallthrough;
	case BOND_AD_COUNT:
		if (a->ports != b->ports)
			return a->ports > b->ports;
		fallthrough;
	default:
		return a->bandwidth > b->bandwidth;
	}
}

/* Choose the active aggregator and put the other aggregators on standby. */
static void ad_select_active(struct bond_3ad *ad)
{
	u8 policy = READ_ONCE(ad->bond->params.ad_select);
	struct ad_agg_score best_s, cur_s, s;
	struct ad_agg *best = NULL, *cur = ad->active;
	struct ad_port *p;

	list_for_each_entry(p, &ad->ports, node) {
		struct ad_agg *agg = &p->own_agg;

		if (!agg->nports)
			continue;
		ad_agg_score(ad, agg, &s);
		if (!s.ok)
			continue;
		if (!best || ad_agg_better(&s, &best_s, policy)) {
			best = agg;
			best_s = s;
		}
	}
	if (cur && policy == BOND_AD_STABLE) {
		/* stable: the active one stays while it can carry traffic */
		ad_agg_score(ad, cur, &cur_s);
		if (cur_s.ok &&
		    !(best && best_s.aggregable && !cur_s.aggregable) &&
		    !(best && best_s.partnered && !cur_s.partnered))
			best = cur;
	}
	if (best != cur && cur && best)
		netdev_dbg(ad->bond->dev, "802.3ad: active aggregator %u -> %u\n",
			   cur->id, best->id);
	ad->active = best;

	list_for_each_entry(p, &ad->ports, node) {
		if (!p->agg || p->selected == AD_UNSELECTED)
			continue;
		p->selected = p->agg == best ? AD_SELECTED : AD_STANDBY;
	}
}

/* --- mux machine ------------------------------------------------------------- */

static void ad_mux_enter(struct bond_3ad *ad, struct ad_port *p, u8 state)
{
	p->mux = state;
	switch (state) {
	case AD_MUX_DETACHED:
		ad_set_actor_bit(p, ST_SYNC | ST_COLL | ST_DIST, false);
		if (p->selected == AD_UNSELECTED)
			ad_agg_leave(ad, p);
		break;
	case AD_MUX_WAITING:
		p->wait_while = AD_AGGREGATE_WAIT;
		break;
	case AD_MUX_ATTACHED:
		ad_set_actor_bit(p, ST_SYNC, true);
		ad_set_actor_bit(p, ST_COLL | ST_DIST, false);
		break;
	case AD_MUX_COLLECTING:
		ad_set_actor_bit(p, ST_COLL, true);
		ad_set_actor_bit(p, ST_DIST, false);
		break;
	case AD_MUX_DISTRIBUTING:
	case AD_MUX_COLL_DIST:
		ad_set_actor_bit(p, ST_COLL | ST_DIST, true);
		break;
	}
	WRITE_ONCE(p->rx_ok, !!(p->actor.state & ST_COLL));
}

/* One step; returns whether the state changed. */
static bool ad_mux_step(struct bond_3ad *ad, struct ad_port *p)
{
	bool coupled = READ_ONCE(ad->bond->params.coupled_control);
	bool psync = p->partner.state & ST_SYNC;
	u8 next = p->mux;

	switch (p->mux) {
	case AD_MUX_DETACHED:
		if (p->selected == AD_UNSELECTED && p->agg)
			ad_agg_leave(ad, p);
		if (p->selected != AD_UNSELECTED && p->agg)
			next = AD_MUX_WAITING;
		break;
	case AD_MUX_WAITING:
		if (p->selected == AD_UNSELECTED)
			next = AD_MUX_DETACHED;
		else if (p->selected == AD_SELECTED &&
			 (!p->wait_while || p->agg->individual))
			/* no other port can join an individual aggregator */
			next = AD_MUX_ATTACHED;
		break;
	case AD_MUX_ATTACHED:
		if (p->selected != AD_SELECTED)
			next = AD_MUX_DETACHED;
		else if (psync)
			next = coupled ? AD_MUX_COLL_DIST : AD_MUX_COLLECTING;
		break;
	case AD_MUX_COLLECTING:
		if (p->selected != AD_SELECTED || !psync || coupled)
			next = AD_MUX_ATTACHED;
		else if (p->partner.state & ST_COLL)
			next = AD_MUX_DISTRIBUTING;
		break;
	case AD_MUX_DISTRIBUTING:
		if (p->selected != AD_SELECTED || !psync || coupled)
			next = AD_MUX_ATTACHED;
		else if (!(p->partner.state & ST_COLL))
			next = AD_MUX_COLLECTING;
		break;
	case AD_MUX_COLL_DIST:
		if (p->selected != AD_SELECTED || !psync || !coupled)
			next = AD_MUX_ATTACHED;
		break;
	}
	if (next == p->mux)
		return false;
	ad_mux_enter(ad, p, next);
	return true;
}

static void ad_mux_run(struct bond_3ad *ad, struct ad_port *p)
{
	int i;

	for (i = 0; i < 8 && ad_mux_step(ad, p); i++)
		;
}

/* --- churn detection (802.1AX-2008 6.4.17) ---------------------------------- */

static void ad_churn_one(u8 *state, u16 *timer, u32 *count, bool sync)
{
	switch (*state) {
	case BOND_3AD_CHURN_MONITOR:
		if (*timer && !--*timer) {
			if (sync) {
				*state = BOND_3AD_CHURN_NONE;
			} else {
				*state = BOND_3AD_CHURN_CHURNED;
				if (*count < U32_MAX)
					(*count)++;
			}
		}
		break;
	case BOND_3AD_CHURN_NONE:
		if (!sync) {
			*state = BOND_3AD_CHURN_MONITOR;
			*timer = AD_CHURN_TIME;
		}
		break;
	case BOND_3AD_CHURN_CHURNED:
		if (sync)
			*state = BOND_3AD_CHURN_NONE;
		break;
	}
}

static void ad_churn_tick(struct ad_port *p)
{
	if (!p->enabled)
		return;
	ad_churn_one(&p->churn_actor, &p->actor_churn_timer, &p->actor_churned,
		     p->actor.state & ST_SYNC);
	ad_churn_one(&p->churn_partner, &p->partner_churn_timer,
		     &p->partner_churned, p->partner.state & ST_SYNC);
}

/* --- periodic and transmit machines ----------------------------------------- */

/* Anyone active on this link? Passive ports speak only when spoken to. */
static bool ad_may_speak(const struct ad_port *p)
{
	return p->enabled && p->lacp_enabled &&
	       ((p->actor.state & ST_ACT) || (p->partner.state & ST_ACT));
}

static void ad_periodic_tick(struct ad_port *p)
{
	u16 want;

	if (!ad_may_speak(p)) {
		p->periodic = 0;
		return;
	}
	want = (p->partner.state & ST_TIMEOUT) ? AD_FAST_PERIODIC :
						 AD_SLOW_PERIODIC;
	if (!p->periodic || p->periodic > want) {
		/* entering (or speeding up) periodic transmission */
		p->periodic = want;
		p->ntt = true;
		return;
	}
	if (!--p->periodic) {
		p->periodic = want;
		p->ntt = true;
	}
}

static struct sk_buff *ad_alloc_slow(struct net_device *dev, const u8 *src,
				     unsigned int len)
{
	struct sk_buff *skb;
	struct ethhdr *eth;

	skb = alloc_skb(LL_RESERVED_SPACE(dev) + ETH_HLEN + len, GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reserve(skb, LL_RESERVED_SPACE(dev));
	skb_reset_mac_header(skb);
	eth = skb_put(skb, ETH_HLEN);
	ether_addr_copy(eth->h_dest, ad_slow_mcast);
	ether_addr_copy(eth->h_source, src);
	eth->h_proto = htons(ETH_P_SLOW);
	skb_set_network_header(skb, ETH_HLEN);
	skb->dev = dev;
	skb->protocol = htons(ETH_P_SLOW);
	skb->priority = TC_PRIO_CONTROL;
	return skb;
}

static struct sk_buff *ad_build_lacpdu(struct ad_port *p)
{
	struct net_device *dev = p->slave->dev;
	struct ad_lacpdu *pdu;
	struct sk_buff *skb;

	skb = ad_alloc_slow(dev, p->slave->perm_hwaddr, sizeof(*pdu));
	if (!skb)
		return NULL;
	pdu = skb_put_zero(skb, sizeof(*pdu));
	pdu->subtype = AD_SUBTYPE_LACP;
	pdu->version = 1;
	ad_tuple_to_tlv(&pdu->actor, &p->actor, AD_TLV_ACTOR);
	ad_tuple_to_tlv(&pdu->partner, &p->partner, AD_TLV_PARTNER);
	pdu->coll_type = AD_TLV_COLLECTOR;
	pdu->coll_len = AD_COLLECTOR_TLV_LEN;
	pdu->term_type = AD_TLV_TERM;
	return skb;
}

/* Transmit machine: at most AD_TX_PER_SECOND LACPDUs per second. */
static void ad_tx_tick(struct ad_port *p, struct sk_buff_head *out)
{
	struct sk_buff *skb;

	if (++p->second_ticks >= AD_TICKS(1000)) {
		p->second_ticks = 0;
		p->tx_this_second = 0;
	}
	if (!p->ntt)
		return;
	if (!ad_may_speak(p)) {
		p->ntt = false;
		return;
	}
	if (p->tx_this_second >= AD_TX_PER_SECOND)
		return;
	skb = ad_build_lacpdu(p);
	if (!skb)
		return;		/* try again next tick */
	p->ntt = false;
	p->tx_this_second++;
	p->stats.lacpdu_tx++;
	dev_hold(skb->dev);
	__skb_queue_tail(out, skb);
}

static void ad_send_queue(struct sk_buff_head *out)
{
	struct net_device *dev;
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(out))) {
		dev = skb->dev;
		dev_queue_xmit(skb);
		dev_put(dev);
	}
}

/* --- the periodic work ------------------------------------------------------- */

static bool ad_port_usable(struct bond_3ad *ad, struct ad_port *p)
{
	return p->agg && p->agg == ad->active && p->enabled &&
	       (p->actor.state & ST_DIST) &&
	       READ_ONCE(p->slave->link) == BOND_LINK_UP;
}

static bool ad_carrier_locked(struct bond_3ad *ad)
{
	u32 min = max_t(u32, READ_ONCE(ad->bond->params.min_links), 1);
	bool strict = READ_ONCE(ad->bond->params.lacp_strict);
	struct ad_port *p;
	u32 n = 0;

	if (!ad->active)
		return false;
	list_for_each_entry(p, &ad->ports, node) {
		if (p->agg != ad->active || !p->enabled)
			continue;
		if (strict ? (p->actor.state & (ST_COLL | ST_DIST)) ==
			     (ST_COLL | ST_DIST) :
			     p->selected == AD_SELECTED)
			n++;
	}
	return n >= min;
}

/* what the core should show for the slave: backup = outside the aggregator */
static void ad_slave_flags(struct bond_3ad *ad, struct ad_port *p,
			   u8 *backup, u8 *inactive)
{
	*backup = !(p->agg && p->agg == ad->active);
	*inactive = !(p->actor.state & ST_COLL) || *backup;
}

/* Under ad->lock: one tick of every machine of every port. */
static bool ad_tick_locked(struct bond_3ad *ad, struct sk_buff_head *out)
{
	struct ad_port *p;
	bool dirty = false;
	u8 backup, inactive;

	list_for_each_entry(p, &ad->ports, node) {
		ad_rx_tick(ad, p);
		if (p->enabled)
			ad_update_actor(ad, p);
		if (p->mux == AD_MUX_WAITING && p->wait_while)
			p->wait_while--;
		ad_mux_run(ad, p);
	}
	list_for_each_entry(p, &ad->ports, node)
		ad_select_port(ad, p);
	ad_select_active(ad);
	list_for_each_entry(p, &ad->ports, node) {
		ad_mux_run(ad, p);
		ad_churn_tick(p);
		ad_periodic_tick(p);
		ad_tx_tick(p, out);
		if (ad_port_usable(ad, p) != p->published)
			dirty = true;
		ad_slave_flags(ad, p, &backup, &inactive);
		if (backup != READ_ONCE(p->slave->backup) ||
		    inactive != READ_ONCE(p->slave->inactive))
			dirty = true;
	}
	if (ad_carrier_locked(ad) != netif_carrier_ok(ad->bond->dev))
		dirty = true;
	return dirty;
}

/* RTNL: make the core's view (usable array, carrier, slave states) match. */
static void ad_commit(struct bond_3ad *ad)
{
	struct bond *bond = ad->bond;
	struct bond_slave *slave;
	struct ad_port *p;
	u8 backup, inactive;
	bool changed;

	ASSERT_RTNL();
	bond_for_each_slave(bond, slave) {
		changed = false;
		spin_lock_bh(&ad->lock);
		p = slave->mode_priv;
		if (p) {
			ad_slave_flags(ad, p, &backup, &inactive);
			changed = backup != slave->backup ||
				  inactive != slave->inactive;
			WRITE_ONCE(slave->backup, backup);
			WRITE_ONCE(slave->inactive, inactive);
		}
		spin_unlock_bh(&ad->lock);
		if (changed)
			bond_lower_state_changed(slave);
	}
	bond_update_usable(bond);
	bond_set_carrier(bond);
}

static void ad_work(struct work_struct *work)
{
	struct bond_3ad *ad = container_of(work, struct bond_3ad, work.work);
	struct sk_buff_head out;
	bool dirty;

	__skb_queue_head_init(&out);
	spin_lock_bh(&ad->lock);
	dirty = ad_tick_locked(ad, &out);
	spin_unlock_bh(&ad->lock);
	ad_send_queue(&out);

	/* never wait for RTNL here: close cancels this work holding it */
	if (dirty && rtnl_trylock()) {
		ad_commit(ad);
		rtnl_unlock();
	}
	queue_delayed_work(bond_wq, &ad->work, msecs_to_jiffies(AD_TICK_MS));
}

/* --- receive ----------------------------------------------------------------- */

static bool ad_lacpdu_valid(const struct ad_lacpdu *pdu)
{
	return pdu->version >= 1 &&
	       pdu->actor.type == AD_TLV_ACTOR &&
	       pdu->actor.len == AD_INFO_TLV_LEN &&
	       pdu->partner.type == AD_TLV_PARTNER &&
	       pdu->partner.len == AD_INFO_TLV_LEN &&
	       pdu->coll_type == AD_TLV_COLLECTOR &&
	       pdu->coll_len == AD_COLLECTOR_TLV_LEN &&
	       pdu->term_type == AD_TLV_TERM && pdu->term_len == 0;
}

/* A marker: answer requests (802.1AX 5.5, the responder), count the rest. */
static struct sk_buff *ad_rx_marker(struct ad_port *p, struct sk_buff *skb)
{
	struct ad_marker buf, *m;
	struct sk_buff *resp;

	m = skb_header_pointer(skb, 0, sizeof(buf), &buf);
	if (!m || skb->len > sizeof(buf) + AD_SLOW_PDU_SLACK ||
	    m->version != 1 || m->tlv_len != AD_MARKER_TLV_LEN ||
	    m->term_type != AD_TLV_TERM || m->term_len) {
		p->stats.marker_unknown_rx++;
		return NULL;
	}
	switch (m->tlv_type) {
	case AD_TLV_MARKER_INFO:
		p->stats.marker_rx++;
		if (!p->enabled)
			return NULL;
		resp = ad_alloc_slow(p->slave->dev, p->slave->perm_hwaddr,
				     sizeof(*m));
		if (!resp)
			return NULL;
		m = skb_put_data(resp, m, sizeof(*m));
		m->tlv_type = AD_TLV_MARKER_RESP;
		memset(m->reserved, 0, sizeof(m->reserved));
		p->stats.marker_resp_tx++;
		return resp;
	case AD_TLV_MARKER_RESP:
		p->stats.marker_resp_rx++;
		return NULL;
	}
	p->stats.marker_unknown_rx++;
	return NULL;
}

static void ad_rx_slow(struct bond_3ad *ad, struct ad_port *p,
		       struct sk_buff *skb)
{
	struct ad_lacpdu buf;
	const struct ad_lacpdu *pdu;
	struct sk_buff *resp = NULL;
	u8 sub_buf, *sub;

	spin_lock(&ad->lock);
	if (p->gone)
		goto out;
	/*
	 * Slow protocol frames go to the group address and are never VLAN
	 * tagged (802.1AX 6.2.11; a priority tag, VID 0, is untagged): a
	 * tagged LACPDU belongs to no port of ours and must not set the
	 * partner.
	 */
	sub = skb_header_pointer(skb, 0, 1, &sub_buf);
	if (!sub || !ether_addr_equal(eth_hdr(skb)->h_dest, ad_slow_mcast) ||
	    (skb_vlan_tag_present(skb) && skb_vlan_tag_get_id(skb))) {
		p->stats.lacpdu_illegal_rx++;
		goto out;
	}
	switch (*sub) {
	case AD_SUBTYPE_LACP:
		pdu = skb_header_pointer(skb, 0, sizeof(buf), &buf);
		if (!pdu || skb->len > sizeof(buf) + AD_SLOW_PDU_SLACK ||
		    !ad_lacpdu_valid(pdu)) {
			p->stats.lacpdu_illegal_rx++;
			break;
		}
		p->stats.lacpdu_rx++;
		ad_rx_lacpdu(ad, p, pdu);
		break;
	case AD_SUBTYPE_MARKER:
		resp = ad_rx_marker(p, skb);
		if (resp)
			dev_hold(resp->dev);
		break;
	default:
		p->stats.lacpdu_unknown_rx++;
		break;
	}
out:
	spin_unlock(&ad->lock);
	if (resp) {
		struct net_device *dev = resp->dev;

		dev_queue_xmit(resp);
		dev_put(dev);
	}
}

enum bond_rx_verdict bond_3ad_rx(struct bond *bond, struct bond_slave *slave,
				 struct sk_buff *skb)
{
	struct bond_3ad *ad = ad_of(bond);
	struct ad_port *p = READ_ONCE(slave->mode_priv);

	if (unlikely(!ad || !p))
		return BOND_RX_INACTIVE;
	if (unlikely(skb->protocol == htons(ETH_P_SLOW))) {
		ad_rx_slow(ad, p, skb);
		consume_skb(skb);
		return BOND_RX_CONSUMED;
	}
	return READ_ONCE(p->rx_ok) ? BOND_RX_DELIVER : BOND_RX_INACTIVE;
}

/* --- mode hooks ---------------------------------------------------------------- */

int bond_3ad_init(struct bond *bond, struct netlink_ext_ack *extack)
{
	struct bond_3ad *ad = kzalloc(sizeof(*ad), GFP_KERNEL);

	if (!ad)
		return -ENOMEM;
	ad->bond = bond;
	spin_lock_init(&ad->lock);
	INIT_LIST_HEAD(&ad->ports);
	INIT_DELAYED_WORK(&ad->work, ad_work);
	bond->mode_priv = ad;
	return 0;
}

void bond_3ad_uninit(struct bond *bond)
{
	struct bond_3ad *ad = ad_of(bond);

	if (!ad)
		return;
	cancel_delayed_work_sync(&ad->work);
	WARN_ON_ONCE(!list_empty(&ad->ports));
	bond->mode_priv = NULL;
	kfree(ad);
}

/* Back to the state of a port that was never enabled. Under ad->lock. */
static void ad_port_reset(struct bond_3ad *ad, struct ad_port *p)
{
	p->selected = AD_UNSELECTED;
	ad_mux_enter(ad, p, AD_MUX_DETACHED);
	ad_agg_leave(ad, p);
	p->rx = AD_RX_DISABLED;
	p->enabled = false;
	p->ntt = false;
	p->periodic = 0;
	p->actor.state = 0;
	memset(&p->partner, 0, sizeof(p->partner));
	ad_churn_begin(p);
}

/*
 * RTNL: the slow protocols multicast address is on a slave while the bond
 * is up, as the bond's own address lists are (bond_rx_mode_sync_slave()).
 */
static int ad_slow_mcast_set(struct ad_port *p, bool on)
{
	int err;

	if (p->slow_mc == on)
		return 0;
	err = on ? dev_mc_add(p->slave->dev, ad_slow_mcast) :
		   dev_mc_del(p->slave->dev, ad_slow_mcast);
	if (!err)
		p->slow_mc = on;
	return err;
}

int bond_3ad_open(struct bond *bond)
{
	struct bond_3ad *ad = ad_of(bond);
	struct ad_port *p;

	ASSERT_RTNL();
	list_for_each_entry(p, &ad->ports, node)
		if (ad_slow_mcast_set(p, true))
			netdev_warn(bond->dev, "(slave %s): cannot add the LACP multicast address\n",
				    p->slave->dev->name);
	spin_lock_bh(&ad->lock);
	list_for_each_entry(p, &ad->ports, node)
		ad_port_reset(ad, p);
	ad->active = NULL;
	ad->running = true;
	spin_unlock_bh(&ad->lock);
	queue_delayed_work(bond_wq, &ad->work, 0);
	return 0;
}

void bond_3ad_close(struct bond *bond)
{
	struct bond_3ad *ad = ad_of(bond);
	struct ad_port *p;

	cancel_delayed_work_sync(&ad->work);
	spin_lock_bh(&ad->lock);
	ad->running = false;
	list_for_each_entry(p, &ad->ports, node)
		ad_port_reset(ad, p);
	ad->active = NULL;
	spin_unlock_bh(&ad->lock);
	ad_commit(ad);
	list_for_each_entry(p, &ad->ports, node)
		ad_slow_mcast_set(p, false);
}

static u16 ad_free_number(struct bond_3ad *ad)
{
	struct ad_port *p;
	u16 n;

	for (n = 1; n; n++) {
		bool used = false;

		list_for_each_entry(p, &ad->ports, node)
			if (p->number == n)
				used = true;
		if (!used)
			return n;
	}
	return 0;
}

int bond_3ad_slave_add(struct bond *bond, struct bond_slave *slave,
		       struct netlink_ext_ack *extack)
{
	struct bond_3ad *ad = ad_of(bond);
	struct ad_port *p;
	int err;

	ASSERT_RTNL();
	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->slave = slave;
	err = netif_running(bond->dev) ? ad_slow_mcast_set(p, true) : 0;
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot add the LACP multicast address to the slave");
		kfree(p);
		return err;
	}
	ad_churn_begin(p);
	spin_lock_bh(&ad->lock);
	p->number = ad_free_number(ad);
	p->own_agg.id = p->number;
	list_add_tail(&p->node, &ad->ports);
	WRITE_ONCE(slave->mode_priv, p);
	ad->system_set = true;
	spin_unlock_bh(&ad->lock);
	/* outside the aggregator until LACP says otherwise */
	WRITE_ONCE(slave->backup, 1);
	WRITE_ONCE(slave->inactive, 1);
	if (ad->running)
		mod_delayed_work(bond_wq, &ad->work, 0);
	return 0;
}

void bond_3ad_slave_del(struct bond *bond, struct bond_slave *slave)
{
	struct bond_3ad *ad = ad_of(bond);
	struct ad_port *p = slave->mode_priv, *q;

	ASSERT_RTNL();
	if (!p)
		return;
	spin_lock_bh(&ad->lock);
	ad_port_reset(ad, p);
	/* ports using this port's aggregator choose again */
	list_for_each_entry(q, &ad->ports, node) {
		if (q != p && q->agg == &p->own_agg) {
			q->selected = AD_UNSELECTED;
			ad_mux_enter(ad, q, AD_MUX_DETACHED);
		}
	}
	if (ad->active == &p->own_agg)
		ad->active = NULL;
	p->gone = true;
	list_del(&p->node);
	WRITE_ONCE(slave->mode_priv, NULL);
	spin_unlock_bh(&ad->lock);
	ad_slow_mcast_set(p, false);
	kfree_rcu(p, rcu);
	if (ad->running)
		mod_delayed_work(bond_wq, &ad->work, 0);
}

/*
 * RTNL: ad_actor_sys_prio or ad_actor_system was set. Like stock, /proc
 * reports the LACP system (priority 0, null MAC) as not set up until the
 * first slave joins or one of these is set; the LACPDUs pick the new
 * values up on the next tick.
 */
void bond_3ad_system_changed(struct bond *bond)
{
	struct bond_3ad *ad;

	if (READ_ONCE(bond->ops) != &bond_mode_8023ad)
		return;
	ad = ad_of(bond);
	spin_lock_bh(&ad->lock);
	ad->system_set = true;
	spin_unlock_bh(&ad->lock);
}

/* A committed link change: let the machines see it now, not next tick. */
void bond_3ad_link_change(struct bond *bond, struct bond_slave *slave,
			  int link)
{
	struct bond_3ad *ad = ad_of(bond);

	if (ad->running)
		mod_delayed_work(bond_wq, &ad->work, 0);
}

bool bond_3ad_carrier(struct bond *bond)
{
	struct bond_3ad *ad = ad_of(bond);
	bool on;

	spin_lock_bh(&ad->lock);
	on = ad->running && ad_carrier_locked(ad);
	spin_unlock_bh(&ad->lock);
	return on;
}

bool bond_3ad_slave_usable(struct bond *bond, struct bond_slave *slave)
{
	struct bond_3ad *ad = ad_of(bond);
	struct ad_port *p;
	bool ok = false;

	spin_lock_bh(&ad->lock);
	p = slave->mode_priv;
	if (p) {
		ok = ad_port_usable(ad, p);
		p->published = ok;
	}
	spin_unlock_bh(&ad->lock);
	return ok;
}

/* --- status ------------------------------------------------------------------ */

static unsigned int ad_agg_ports(struct bond_3ad *ad, struct ad_agg *agg)
{
	struct ad_port *p;
	unsigned int n = 0;

	list_for_each_entry(p, &ad->ports, node)
		if (p->agg == agg)
			n++;
	return n;
}

static int ad_get_info_locked(struct bond_3ad *ad, struct ad_info *info)
{
	struct ad_agg *agg = ad->active;

	if (!agg)
		return -ENODEV;
	info->aggregator_id = agg->id;
	info->ports = ad_agg_ports(ad, agg);
	info->actor_key = agg->actor_key;
	info->partner_key = agg->partner_key;
	ether_addr_copy(info->partner_system, agg->partner_system);
	return 0;
}

int bond_3ad_get_info(struct bond *bond, struct ad_info *info)
{
	struct bond_3ad *ad;
	int err;

	if (READ_ONCE(bond->params.mode) != BOND_MODE_8023AD)
		return -ENODEV;
	ad = ad_of(bond);
	if (!ad)
		return -ENODEV;
	spin_lock_bh(&ad->lock);
	err = ad_get_info_locked(ad, info);
	spin_unlock_bh(&ad->lock);
	return err;
}

int bond_3ad_get_slave_info(struct bond_slave *slave,
			    struct bond_3ad_slave_info *info)
{
	struct bond *bond = slave->bond;
	struct bond_3ad *ad;
	struct ad_port *p;
	int err = -ENODEV;

	if (READ_ONCE(bond->params.mode) != BOND_MODE_8023AD)
		return -ENODEV;
	ad = ad_of(bond);
	if (!ad)
		return -ENODEV;
	spin_lock_bh(&ad->lock);
	p = slave->mode_priv;
	if (p) {
		info->aggregator_id = p->agg ? p->agg->id : 0;
		info->actor_state = p->actor.state;
		info->partner_state = p->partner.state;
		info->churn_actor = p->churn_actor;
		info->churn_partner = p->churn_partner;
		err = 0;
	}
	spin_unlock_bh(&ad->lock);
	return err;
}

/* @slave NULL: the sum over the bond's ports. */
int bond_3ad_get_stats(struct bond *bond, struct bond_slave *slave,
		       struct bond_3ad_stats *stats)
{
	struct bond_3ad *ad;
	struct ad_port *p;
	u64 *dst = (u64 *)stats;
	unsigned int i;

	memset(stats, 0, sizeof(*stats));
	if (READ_ONCE(bond->params.mode) != BOND_MODE_8023AD)
		return -ENODEV;
	ad = ad_of(bond);
	if (!ad)
		return -ENODEV;
	spin_lock_bh(&ad->lock);
	list_for_each_entry(p, &ad->ports, node) {
		const u64 *src = (const u64 *)&p->stats;

		if (slave && p->slave != slave)
			continue;
		for (i = 0; i < sizeof(*stats) / sizeof(u64); i++)
			dst[i] += src[i];
	}
	spin_unlock_bh(&ad->lock);
	return 0;
}

static const char *const ad_churn_names[] = {
	[BOND_3AD_CHURN_MONITOR] = "monitoring",
	[BOND_3AD_CHURN_CHURNED] = "churned",
	[BOND_3AD_CHURN_NONE]	 = "none",
};

void bond_3ad_show(struct seq_file *m, struct bond *bond)
{
	const struct bond_params *prm = &bond->params;
	struct bond_3ad *ad = ad_of(bond);
	struct ad_info info;
	u8 sys[ETH_ALEN];
	bool set;
	int err;

	seq_puts(m, "\n802.3ad info\n");
	seq_printf(m, "LACP active: %s\n", prm->lacp_active ? "on" : "off");
	seq_printf(m, "LACP rate: %s\n", prm->lacp_fast ? "fast" : "slow");
	seq_printf(m, "Min links: %u\n", prm->min_links);
	seq_printf(m, "Aggregator selection policy (ad_select): %s\n",
		   bond_opt_value_name(BOND_OPT_AD_SELECT, prm->ad_select));
	if (!capable(CAP_NET_ADMIN))
		return;
	ad_system(bond, sys);
	spin_lock_bh(&ad->lock);
	set = ad->system_set;
	err = ad_get_info_locked(ad, &info);
	spin_unlock_bh(&ad->lock);
	if (!set)
		eth_zero_addr(sys);
	seq_printf(m, "System priority: %u\n", set ? prm->ad_actor_sys_prio : 0);
	seq_printf(m, "System MAC address: %pM\n", sys);
	if (err) {
		seq_printf(m, "bond %s has no active aggregator\n",
			   bond->dev->name);
		return;
	}
	seq_puts(m, "Active Aggregator Info:\n");
	seq_printf(m, "\tAggregator ID: %u\n", info.aggregator_id);
	seq_printf(m, "\tNumber of ports: %u\n", info.ports);
	seq_printf(m, "\tActor Key: %u\n", info.actor_key);
	seq_printf(m, "\tPartner Key: %u\n", info.partner_key);
	seq_printf(m, "\tPartner Mac Address: %pM\n", info.partner_system);
}

static void ad_show_tuple(struct seq_file *m, const char *who,
			  const char *key, const struct ad_tuple *t)
{
	seq_printf(m, "details %s lacp pdu:\n", who);
	seq_printf(m, "    system priority: %u\n", t->sys_prio);
	seq_printf(m, "    system mac address: %pM\n", t->system);
	seq_printf(m, "    %s: %u\n", key, t->key);
	seq_printf(m, "    port priority: %u\n", t->port_prio);
	seq_printf(m, "    port number: %u\n", t->port);
	seq_printf(m, "    port state: %u\n", t->state);
}

void bond_3ad_show_slave(struct seq_file *m, struct bond_slave *slave)
{
	struct bond_3ad *ad = ad_of(slave->bond);
	struct ad_tuple actor, partner;
	u32 achurned = 0, pchurned = 0;
	u8 achurn = 0, pchurn = 0;
	struct ad_port *p;
	u16 id = 0;

	spin_lock_bh(&ad->lock);
	p = slave->mode_priv;
	if (p && p->agg) {
		id = p->agg->id;
		actor = p->actor;
		partner = p->partner;
		achurn = p->churn_actor;
		pchurn = p->churn_partner;
		achurned = p->actor_churned;
		pchurned = p->partner_churned;
	}
	spin_unlock_bh(&ad->lock);
	if (!id) {
		seq_puts(m, "Aggregator ID: N/A\n");
		return;
	}
	seq_printf(m, "Aggregator ID: %u\n", id);
	seq_printf(m, "Actor Churn State: %s\n", ad_churn_names[achurn]);
	seq_printf(m, "Partner Churn State: %s\n", ad_churn_names[pchurn]);
	seq_printf(m, "Actor Churned Count: %u\n", achurned);
	seq_printf(m, "Partner Churned Count: %u\n", pchurned);
	if (!capable(CAP_NET_ADMIN))
		return;
	ad_show_tuple(m, "actor", "port key", &actor);
	ad_show_tuple(m, "partner", "oper key", &partner);
}
