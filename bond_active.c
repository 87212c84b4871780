// SPDX-License-Identifier: GPL-2.0
/*
 * The active slave of active-backup, balance-tlb and balance-alb: which
 * slave it should be (primary, primary_reselect, prio), the switch-over
 * (backup flags, address lists, fail_over_mac, peer notification, IGMP),
 * and the deferred work that announces it.
 *
 * Locking:
 *   everything here but the work items     RTNL
 *   notify_work, igmp_work                 process context, RTNL by trylock
 */
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/rtnetlink.h>

#include "bond.h"
#include "bond_active.h"
#include "bond_arp.h"
#include "bond_events.h"
#include "bond_mode.h"
#include "bond_netpoll.h"
#include "bond_slave.h"

#define BOND_IGMP_INTERVAL	(HZ / 5)

void bond_set_slave_backup(struct bond_slave *slave, bool backup)
{
	/*
	 * tlb/alb: every slave transmits, so none is a backup (state reads
	 * "active" as in stock); the non-active ones only stop receiving.
	 */
	WRITE_ONCE(slave->backup,
		   backup && !bond_mode_is_tlb_alb(slave->bond->params.mode));
	WRITE_ONCE(slave->inactive, backup);
}

/* Is @a a better primary candidate than @cur under "better"? */
static bool bond_primary_is_better(struct bond_slave *a, struct bond_slave *cur)
{
	if (a->speed != cur->speed)
		return a->speed != SPEED_UNKNOWN &&
		       (cur->speed == SPEED_UNKNOWN || a->speed > cur->speed);
	return a->duplex == DUPLEX_FULL && cur->duplex != DUPLEX_FULL;
}

/* The slave that should be active now, or NULL. RTNL. */
static struct bond_slave *bond_find_best(struct bond *bond)
{
	struct bond_slave *cur = rtnl_dereference(bond->active);
	struct bond_slave *prim = bond->primary_slave;
	struct bond_slave *slave, *best = NULL;
	bool cur_ok = cur && cur->link == BOND_LINK_UP;

	if (prim && prim->link == BOND_LINK_UP) {
		if (bond->force_primary || !cur_ok || cur == prim)
			return prim;
		switch (bond->params.primary_reselect) {
		case BOND_PRI_RESELECT_ALWAYS:
			return prim;
		case BOND_PRI_RESELECT_BETTER:
			if (bond_primary_is_better(prim, cur))
				return prim;
			return cur;
		case BOND_PRI_RESELECT_FAILURE:
			return cur;
		}
	}

	/*
	 * No usable primary: the up slave of highest prio stands in for it,
	 * the current one on a tie. It takes over from a current slave that
	 * is still up under the same primary_reselect rule as a primary.
	 */
	bond_for_each_slave(bond, slave) {
		if (slave->link != BOND_LINK_UP)
			continue;
		if (!best || slave->prio > best->prio)
			best = slave;
	}
	if (cur_ok && best && best != cur) {
		if (cur->prio >= best->prio)
			return cur;
		switch (bond->params.primary_reselect) {
		case BOND_PRI_RESELECT_ALWAYS:
			return best;
		case BOND_PRI_RESELECT_BETTER:
			return bond_primary_is_better(best, cur) ? best : cur;
		default:
			return cur;
		}
	}
	if (best)
		return best;

	/* none up: a slave still in its updelay may be promoted early */
	bond_for_each_slave(bond, slave) {
		if (slave->link != BOND_LINK_BACK)
			continue;
		if (!best || slave->delay < best->delay)
			best = slave;
	}
	return best;
}

/* Pick the active slave again and switch if it changed. RTNL. */
void bond_select_active(struct bond *bond, enum bond_change_reason why)
{
	struct bond_slave *best;

	ASSERT_RTNL();
	if (!bond_mode_uses_active(bond->params.mode))
		return;
	best = bond_find_best(bond);
	if (best != rtnl_dereference(bond->active))
		bond_change_active(bond, best, why);
}

/* Match params.primary against the slaves (after enslave, rename, set). */
void bond_primary_update(struct bond *bond)
{
	struct bond_slave *prim = NULL;

	ASSERT_RTNL();
	if (bond->params.primary[0])
		prim = bond_slave_by_name(bond, bond->params.primary);
	if (prim != bond->primary_slave) {
		bond->primary_slave = prim;
		/* a newly configured or enslaved primary takes over once */
		bond->force_primary = !!prim;
		if (prim)
			netdev_info(bond->dev, "Setting %s as primary slave\n",
				    prim->dev->name);
	}
	/* the forced takeover stays pending until the primary is active */
	if (bond_mode_uses_active(bond->params.mode) &&
	    netif_running(bond->dev))
		bond_select_active(bond, BOND_REASON_PRIMARY);
}

/*
 * The slave other than @new that holds the bond's MAC: the old active one,
 * or, when the active slave was dropped before this one was chosen (a
 * failure takes it out first), whichever still has it.
 */
static struct bond_slave *bond_mac_holder(struct bond *bond,
					  struct bond_slave *old,
					  struct bond_slave *new)
{
	struct bond_slave *slave;

	if (old && ether_addr_equal(old->dev->dev_addr, bond->dev->dev_addr))
		return old;
	bond_for_each_slave(bond, slave)
		if (slave != new &&
		    ether_addr_equal(slave->dev->dev_addr, bond->dev->dev_addr))
			return slave;
	return NULL;
}

static void bond_follow_macs(struct bond *bond, struct bond_slave *old,
			     struct bond_slave *new)
{
	struct bond_slave *holder = bond_mac_holder(bond, old, new);
	struct sockaddr_storage ss;
	u8 prev[MAX_ADDR_LEN];

	/* new takes the bond's MAC; its holder takes what new had */
	memcpy(prev, new->dev->dev_addr, new->dev->addr_len);
	ss.ss_family = new->dev->type;
	memcpy(ss.__data, bond->dev->dev_addr, bond->dev->addr_len);
	if (dev_set_mac_address(new->dev, (struct sockaddr *)&ss, NULL))
		netdev_err(bond->dev, "(slave %s): cannot give it the bond's MAC\n",
			   new->dev->name);
	if (holder) {
		memcpy(ss.__data, prev, new->dev->addr_len);
		if (dev_set_mac_address(holder->dev, (struct sockaddr *)&ss, NULL))
			netdev_err(bond->dev, "(slave %s): cannot move its MAC\n",
				   holder->dev->name);
	}
}

/* Make @new the active slave (NULL: none). RTNL. */
void bond_change_active(struct bond *bond, struct bond_slave *new,
			enum bond_change_reason why)
{
	struct bond_slave *old = rtnl_dereference(bond->active);
	bool ab = bond->params.mode == BOND_MODE_ACTIVEBACKUP;

	ASSERT_RTNL();
	if (new == old)
		return;
	if (new && new->link != BOND_LINK_UP && new->link != BOND_LINK_BACK)
		return;

	if (old) {
		bond_set_slave_backup(old, true);
		bond_rx_mode_sync_slave(bond, old, false);
		bond_sync_flags_slave(bond, old, false);
	}
	if (new) {
		bond_set_slave_backup(new, false);
		bond_rx_mode_sync_slave(bond, new, true);
		bond_sync_flags_slave(bond, new, true);
		if (new->link == BOND_LINK_BACK) {
			netdev_info(bond->dev, "(slave %s): making interface the new active one %d ms earlier\n",
				    new->dev->name,
				    new->delay * bond->params.miimon);
			new->link = BOND_LINK_UP;
			new->last_link_up = jiffies;
			bond_event_link(bond, new, BOND_LINK_BACK, BOND_LINK_UP,
					BOND_REASON_RECOVERED);
		}
	}

	if (ab && new && bond->params.fail_over_mac == BOND_FOM_ACTIVE) {
		dev_addr_set(bond->dev, new->dev->dev_addr);
		call_netdevice_notifiers(NETDEV_CHANGEADDR, bond->dev);
	} else if (ab && new && bond->params.fail_over_mac == BOND_FOM_FOLLOW) {
		bond_follow_macs(bond, old, new);
	}

	/* the primary's one forced takeover is used up once it is active */
	if (new && new == bond->primary_slave)
		bond->force_primary = false;

	bond_netpoll_block(bond, true);
	rcu_assign_pointer(bond->active, new);
	bond->active_since = ktime_get();
	if (bond->ops->active_change)
		bond->ops->active_change(bond, old, new);
	bond_netpoll_block(bond, false);
	bond_arp_active_changed(bond);

	if (new)
		netdev_info(bond->dev, "(slave %s): making interface the new active one\n",
			    new->dev->name);
	else if (old)
		netdev_info(bond->dev, "now running without any active interface!\n");

	if (old)
		bond_lower_state_changed(old);
	if (new)
		bond_lower_state_changed(new);
	bond_update_usable(bond);
	bond_event_failover(bond, old, new, why);

	if (!new)
		return;
	if (ab) {
		call_netdevice_notifiers(NETDEV_BONDING_FAILOVER, bond->dev);
		bond_peer_notify_arm(bond);
	}
	if (bond->params.resend_igmp) {
		bond->igmp_left = bond->params.resend_igmp;
		mod_delayed_work(bond_wq, &bond->igmp_work, 0);
	}
}

/*
 * The active slave is failing or leaving: switch to the best other slave,
 * or to none, announced as one failover away from it. RTNL.
 */
void bond_active_lost(struct bond *bond, enum bond_change_reason why)
{
	struct bond_slave *old = rtnl_dereference(bond->active);

	ASSERT_RTNL();
	if (!old)
		return;
	bond->ev_lost = old;
	bond_change_active(bond, NULL, why);
	bond_select_active(bond, why);
	if (bond->ev_lost) {
		/* nothing took over */
		bond->ev_lost = NULL;
		bond_event_failover(bond, old, NULL, why);
	}
}

/* active_slave set by hand (sysfs, netlink, ioctl). RTNL. */
int bond_set_active_by_hand(struct bond *bond, struct bond_slave *slave,
			    struct netlink_ext_ack *extack)
{
	struct bond_slave *cur = rtnl_dereference(bond->active);

	if (slave == cur) {
		netdev_dbg(bond->dev, "%s is already the current active slave\n",
			   slave->dev->name);
		return 0;
	}
	if (!netif_running(slave->dev) || slave->link != BOND_LINK_UP) {
		NL_SET_ERR_MSG(extack, "the new active slave must be up with link");
		netdev_err(bond->dev, "option active_slave: %s is not up; setting it as active slave failed\n",
			   slave->dev->name);
		return -EINVAL;
	}
	if (!cur) {
		NL_SET_ERR_MSG(extack, "there is no current active slave to replace");
		netdev_err(bond->dev, "option active_slave: unable to set %s as active slave: no active slave to replace\n",
			   slave->dev->name);
		return -EINVAL;
	}
	bond_change_active(bond, slave, BOND_REASON_ADMIN);
	return 0;
}

/* --- peer notification and IGMP ------------------------------------------------ */

static unsigned long bond_notify_period(struct bond *bond)
{
	u32 ms = bond->params.miimon ?: bond->params.arp_interval;

	return msecs_to_jiffies(ms ?: 100);
}

/* After an active-backup failover: num_peer_notif notifications. RTNL. */
void bond_peer_notify_arm(struct bond *bond)
{
	u32 every = max_t(u32, 1, bond->params.peer_notif_delay);

	bond->peer_notify_left = bond->params.num_peer_notif * every;
	if (bond->peer_notify_left)
		mod_delayed_work(bond_wq, &bond->notify_work, 0);
}

static void bond_notify_work(struct work_struct *work)
{
	struct bond *bond = container_of(work, struct bond, notify_work.work);
	u32 every;

	if (!rtnl_trylock()) {
		queue_delayed_work(bond_wq, &bond->notify_work, 1);
		return;
	}
	every = max_t(u32, 1, bond->params.peer_notif_delay);
	if (bond->peer_notify_left && netif_carrier_ok(bond->dev)) {
		if (bond->peer_notify_left % every == 0)
			call_netdevice_notifiers(NETDEV_NOTIFY_PEERS, bond->dev);
		bond->peer_notify_left--;
	} else if (!netif_carrier_ok(bond->dev)) {
		bond->peer_notify_left = 0;
	}
	if (bond->peer_notify_left && netif_running(bond->dev))
		queue_delayed_work(bond_wq, &bond->notify_work,
				   bond_notify_period(bond));
	rtnl_unlock();
}

static void bond_igmp_work(struct work_struct *work)
{
	struct bond *bond = container_of(work, struct bond, igmp_work.work);

	if (!rtnl_trylock()) {
		queue_delayed_work(bond_wq, &bond->igmp_work, 1);
		return;
	}
	if (bond->igmp_left && netif_running(bond->dev)) {
		call_netdevice_notifiers(NETDEV_RESEND_IGMP, bond->dev);
		if (--bond->igmp_left)
			queue_delayed_work(bond_wq, &bond->igmp_work,
					   BOND_IGMP_INTERVAL);
	}
	rtnl_unlock();
}

void bond_active_work_init(struct bond *bond)
{
	INIT_DELAYED_WORK(&bond->notify_work, bond_notify_work);
	INIT_DELAYED_WORK(&bond->igmp_work, bond_igmp_work);
}

void bond_active_work_cancel(struct bond *bond)
{
	cancel_delayed_work_sync(&bond->notify_work);
	cancel_delayed_work_sync(&bond->igmp_work);
	bond->peer_notify_left = 0;
	bond->igmp_left = 0;
}
