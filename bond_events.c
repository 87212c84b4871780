// SPDX-License-Identifier: GPL-2.0
/*
 * Failure events (beyond stock): every slave state change, enslave,
 * release and change of the active slave is
 *  - logged at notice level, one line of key=value facts, and
 *  - multicast on the "events" group of our generic netlink family
 *    "bonding" (include/bond_genl.h, registered by bond_genl.c), in the
 *    bond's network namespace.
 *
 * rtnetlink already tells `ip monitor link` about both: every slave state
 * change goes through netdev_lower_state_changed() (NETDEV_CHANGELOWERSTATE:
 * RTM_NEWLINK for the slave) and every new active slave through
 * NETDEV_BONDING_FAILOVER (RTM_NEWLINK for the bond, IFLA_EVENT_BONDING_
 * FAILOVER), so nothing is added there.
 *
 * A failover carries the time from detection to switch-over: from the
 * moment a monitor first saw the old active slave fail (bond_event_
 * detected(), or the carrier event itself: bond->event_failover_start) to
 * the moment the new active slave was published (bond->active_since).
 *
 * Locking: the bond_event_*() announcers run in process context under
 * RTNL (the monitors commit under RTNL, enslave/release and option changes
 * hold it), so messages are allocated with GFP_KERNEL. bond_event_detected()
 * and bond_event_cleared() only store a timestamp of the slave, and are
 * called by the monitor that owns the slave's link state; a race with an
 * RTNL writer (the carrier event) can only lose a measurement, which the
 * carrier event path does not need: it is timed by event_failover_start.
 */
#include <linux/ktime.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>

#include "bond.h"
#include "bond_events.h"
#include "bond_genl.h"
#include "bond_genl_family.h"

/* One event, as both the log line and the message are made from it. */
struct bond_ev {
	u8 cmd;				/* BOND_GENL_CMD_* */
	u8 why;				/* enum bond_change_reason */
	s8 old_link, new_link;		/* BOND_LINK_*, or -1: not sent */
	struct bond_slave *slave;	/* slave events */
	struct bond_slave *old, *new;	/* FAILOVER */
	u64 usec;			/* FAILOVER */
	u64 ts;
};

static const char *const bond_ev_reasons[] = {
	[BOND_REASON_NONE]	 = "none",
	[BOND_REASON_CARRIER]	 = "carrier",
	[BOND_REASON_ARP]	 = "arp",
	[BOND_REASON_NS]	 = "ns",
	[BOND_REASON_ADMIN]	 = "admin",
	[BOND_REASON_REMOVED]	 = "removed",
	[BOND_REASON_RECOVERED]	 = "recovered",
	[BOND_REASON_PRIMARY]	 = "primary",
	/* the only reason with a space (Documentation/events.rst) */
	[BOND_REASON_SUPPRESSED] = "suppressed: flapping",
};

static const char *const bond_ev_links[] = {
	[BOND_LINK_UP]	 = "up",
	[BOND_LINK_FAIL] = "fail",
	[BOND_LINK_DOWN] = "down",
	[BOND_LINK_BACK] = "back",
};

const char *bond_reason_name(u8 why)
{
	return why < ARRAY_SIZE(bond_ev_reasons) && bond_ev_reasons[why] ?
	       bond_ev_reasons[why] : "unknown";
}

static const char *bond_ev_link_name(s8 link)
{
	return link >= 0 && link < (s8)ARRAY_SIZE(bond_ev_links) ?
	       bond_ev_links[link] : "unknown";
}

static const char *bond_ev_name(struct bond_slave *slave)
{
	return slave ? slave->dev->name : "none";
}

/* the largest message any event makes */
static size_t bond_ev_size(void)
{
	return nla_total_size(sizeof(u32)) * 4 +	/* ifindexes */
	       nla_total_size(IFNAMSIZ) * 4 +		/* names */
	       nla_total_size(sizeof(u8)) * 4 +		/* states, backup, reason */
	       nla_total_size_64bit(sizeof(u64)) * 2;	/* usec, timestamp */
}

static int bond_ev_put_dev(struct sk_buff *skb, int a_ifindex, int a_name,
			   struct net_device *dev)
{
	if (nla_put_u32(skb, a_ifindex, dev->ifindex) ||
	    nla_put_string(skb, a_name, dev->name))
		return -EMSGSIZE;
	return 0;
}

static int bond_ev_fill(struct sk_buff *skb, struct bond *bond,
			const struct bond_ev *ev)
{
	struct bond_slave *slave = ev->slave;

	if (bond_ev_put_dev(skb, BOND_GENL_A_BOND_IFINDEX, BOND_GENL_A_BOND_NAME,
			    bond->dev) ||
	    nla_put_u8(skb, BOND_GENL_A_REASON, ev->why) ||
	    nla_put_u64_64bit(skb, BOND_GENL_A_TIMESTAMP, ev->ts,
			      BOND_GENL_A_PAD))
		return -EMSGSIZE;

	if (slave) {
		if (bond_ev_put_dev(skb, BOND_GENL_A_SLAVE_IFINDEX,
				    BOND_GENL_A_SLAVE_NAME, slave->dev) ||
		    nla_put_u8(skb, BOND_GENL_A_BACKUP, !!slave->backup))
			return -EMSGSIZE;
		if (ev->old_link >= 0 &&
		    nla_put_u8(skb, BOND_GENL_A_OLD_STATE, ev->old_link))
			return -EMSGSIZE;
		if (ev->new_link >= 0 &&
		    nla_put_u8(skb, BOND_GENL_A_NEW_STATE, ev->new_link))
			return -EMSGSIZE;
	}

	if (ev->cmd != BOND_GENL_CMD_FAILOVER)
		return 0;
	if (ev->old && bond_ev_put_dev(skb, BOND_GENL_A_OLD_ACTIVE_IFINDEX,
				       BOND_GENL_A_OLD_ACTIVE_NAME,
				       ev->old->dev))
		return -EMSGSIZE;
	if (ev->new && bond_ev_put_dev(skb, BOND_GENL_A_NEW_ACTIVE_IFINDEX,
				       BOND_GENL_A_NEW_ACTIVE_NAME,
				       ev->new->dev))
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, BOND_GENL_A_USEC, ev->usec,
			      BOND_GENL_A_PAD))
		return -EMSGSIZE;
	return 0;
}

/* Multicast @ev to the listeners in the bond's namespace, if any. */
static void bond_ev_send(struct bond *bond, const struct bond_ev *ev)
{
	struct net *net = dev_net(bond->dev);
	struct sk_buff *skb;
	void *hdr;

	if (!genl_has_listeners(&bond_genl_family, net, 0))
		return;
	skb = genlmsg_new(bond_ev_size(), GFP_KERNEL);
	if (!skb)
		return;
	hdr = genlmsg_put(skb, 0, 0, &bond_genl_family, 0, ev->cmd);
	if (!hdr || bond_ev_fill(skb, bond, ev)) {
		/* cannot happen: the size above covers every attribute */
		WARN_ON_ONCE(1);
		nlmsg_free(skb);
		return;
	}
	genlmsg_end(skb, hdr);
	/* consumes skb; -ESRCH when the last listener just went away */
	genlmsg_multicast_netns(&bond_genl_family, net, skb, 0, 0, GFP_KERNEL);
}

static void bond_ev_log(struct bond *bond, const struct bond_ev *ev)
{
	struct bond_slave *slave = ev->slave;
	const char *why = bond_reason_name(ev->why);

	switch (ev->cmd) {
	case BOND_GENL_CMD_FAILOVER:
		netdev_notice(bond->dev, "failover from=%s to=%s reason=%s usec=%llu\n",
			      bond_ev_name(ev->old), bond_ev_name(ev->new), why,
			      ev->usec);
		break;
	case BOND_GENL_CMD_SLAVE_STATE:
		netdev_notice(bond->dev, "slave slave=%s old=%s new=%s reason=%s backup=%u\n",
			      slave->dev->name, bond_ev_link_name(ev->old_link),
			      bond_ev_link_name(ev->new_link), why,
			      !!slave->backup);
		break;
	case BOND_GENL_CMD_ENSLAVE:
		netdev_notice(bond->dev, "enslave slave=%s new=%s reason=%s backup=%u\n",
			      slave->dev->name, bond_ev_link_name(ev->new_link),
			      why, !!slave->backup);
		break;
	case BOND_GENL_CMD_RELEASE:
		netdev_notice(bond->dev, "release slave=%s reason=%s\n",
			      slave->dev->name, why);
		break;
	}
}

static void bond_ev_emit(struct bond *bond, struct bond_ev *ev)
{
	ASSERT_RTNL();
	might_sleep();
	ev->ts = ktime_get_ns();
	bond_ev_log(bond, ev);
	bond_ev_send(bond, ev);
}

void bond_event_slave(struct bond *bond, struct bond_slave *slave,
		      enum bond_event_type type, enum bond_change_reason why)
{
	struct bond_ev ev = {
		.why = why,
		.slave = slave,
		.old_link = -1,
		.new_link = slave->link,
	};

	switch (type) {
	case BOND_EV_ENSLAVED:
		ev.cmd = BOND_GENL_CMD_ENSLAVE;
		WRITE_ONCE(slave->fail_detected, 0);
		break;
	case BOND_EV_RELEASED:
		ev.cmd = BOND_GENL_CMD_RELEASE;
		ev.new_link = -1;
		/* a failover away from it is timed from its failure, or here */
		bond_event_detected(slave);
		break;
	case BOND_EV_LINK_DOWN:
	case BOND_EV_LINK_UP:
		/* no previous state known: prefer bond_event_link() */
		ev.cmd = BOND_GENL_CMD_SLAVE_STATE;
		break;
	default:
		return;
	}
	bond_ev_emit(bond, &ev);
}

void bond_event_link(struct bond *bond, struct bond_slave *slave,
		     s8 prev, s8 next, enum bond_change_reason why)
{
	struct bond_ev ev = {
		.cmd = BOND_GENL_CMD_SLAVE_STATE,
		.why = why,
		.slave = slave,
		.old_link = prev,
		.new_link = next,
	};

	if (prev == next)
		return;
	if (next == BOND_LINK_UP || next == BOND_LINK_BACK) {
		/* whatever the monitor that saw it: the link came back */
		ev.why = BOND_REASON_RECOVERED;
		if (next == BOND_LINK_UP)
			WRITE_ONCE(slave->fail_detected, 0);
	} else if (!READ_ONCE(slave->fail_detected)) {
		/* committed without a monitor's detection (admin down, ...) */
		WRITE_ONCE(slave->fail_detected, ktime_get());
	}
	bond_ev_emit(bond, &ev);
}

/* Flap dampening keeps @slave (link down) out of service. */
void bond_event_suppressed(struct bond *bond, struct bond_slave *slave)
{
	struct bond_ev ev = {
		.cmd = BOND_GENL_CMD_SLAVE_STATE,
		.why = BOND_REASON_SUPPRESSED,
		.slave = slave,
		.old_link = BOND_LINK_DOWN,
		.new_link = BOND_LINK_DOWN,
	};

	bond_ev_emit(bond, &ev);
}

/* Detection to switch-over, in microseconds; 0 when there was no failure. */
static u64 bond_ev_usec(struct bond *bond, struct bond_slave *old)
{
	ktime_t start = bond->event_failover_start;

	if (!start && old)
		start = READ_ONCE(old->fail_detected);
	if (!start || ktime_before(bond->active_since, start))
		return 0;
	return ktime_us_delta(bond->active_since, start);
}

void bond_event_failover(struct bond *bond, struct bond_slave *old,
			 struct bond_slave *new, enum bond_change_reason why)
{
	struct bond_ev ev = {
		.cmd = BOND_GENL_CMD_FAILOVER,
		.why = why,
		.old_link = -1,
		.new_link = -1,
	};

	/*
	 * bond_active_lost(): the old active slave is first replaced by
	 * none, then by the best other one. Announce the two as one.
	 */
	if (bond->ev_lost) {
		if (!new && old == bond->ev_lost)
			return;		/* the successor follows */
		if (!old)
			old = bond->ev_lost;
		bond->ev_lost = NULL;
	}
	if (old == new)
		return;
	ev.old = old;
	ev.new = new;
	if (old)
		ev.usec = bond_ev_usec(bond, old);
	bond_ev_emit(bond, &ev);
}

void bond_event_detected(struct bond_slave *slave)
{
	if (!READ_ONCE(slave->fail_detected))
		WRITE_ONCE(slave->fail_detected, ktime_get());
}

void bond_event_cleared(struct bond_slave *slave)
{
	if (READ_ONCE(slave->fail_detected))
		WRITE_ONCE(slave->fail_detected, 0);
}

/* the uapi numbers are the driver's own; keep it that way */
#define BOND_EV_SAME(a, b)	BUILD_BUG_ON((int)(a) != (int)(b))

int bond_events_init(void)
{
	BOND_EV_SAME(BOND_GENL_LINK_UP, BOND_LINK_UP);
	BOND_EV_SAME(BOND_GENL_LINK_FAIL, BOND_LINK_FAIL);
	BOND_EV_SAME(BOND_GENL_LINK_DOWN, BOND_LINK_DOWN);
	BOND_EV_SAME(BOND_GENL_LINK_BACK, BOND_LINK_BACK);
	BOND_EV_SAME(BOND_GENL_REASON_NONE, BOND_REASON_NONE);
	BOND_EV_SAME(BOND_GENL_REASON_CARRIER, BOND_REASON_CARRIER);
	BOND_EV_SAME(BOND_GENL_REASON_ARP, BOND_REASON_ARP);
	BOND_EV_SAME(BOND_GENL_REASON_NS, BOND_REASON_NS);
	BOND_EV_SAME(BOND_GENL_REASON_ADMIN, BOND_REASON_ADMIN);
	BOND_EV_SAME(BOND_GENL_REASON_REMOVED, BOND_REASON_REMOVED);
	BOND_EV_SAME(BOND_GENL_REASON_RECOVERED, BOND_REASON_RECOVERED);
	BOND_EV_SAME(BOND_GENL_REASON_PRIMARY, BOND_REASON_PRIMARY);
	BOND_EV_SAME(BOND_GENL_REASON_SUPPRESSED, BOND_REASON_SUPPRESSED);

	/* the family is bond_genl.c's; the events are its multicasts */
	return bond_genl_register();
}

void bond_events_uninit(void)
{
	bond_genl_unregister();
}
