// SPDX-License-Identifier: GPL-2.0
/*
 * The MII (carrier) link monitor, the link state every slave starts with,
 * and failover on the carrier event itself.
 *
 * Each slave's link moves UP -> FAIL (downdelay) -> DOWN -> BACK (updelay)
 * -> UP. The monitor work looks at every slave under RCU without locks
 * (inspect), and only when something must change takes RTNL by trylock to
 * commit it; if RTNL is busy it comes back one jiffy later without
 * counting that tick. It never blocks the workqueue on RTNL.
 *
 * Locking:
 *   mii_work                                 process context; RCU, RTNL by trylock
 *   bond_monitor_start/stop/restart          RTNL
 *   bond_slave_init_link, bond_slave_link_event   RTNL
 */
#include <linux/ethtool.h>
#include <linux/rtnetlink.h>

#include "bond.h"
#include "bond_active.h"
#include "bond_arp.h"
#include "bond_events.h"
#include "bond_flap.h"
#include "bond_mode.h"
#include "bond_monitor.h"
#include "bond_options.h"
#include "bond_slave.h"

/* Does the slave have link? (use_carrier=0: ask the driver's ethtool.) */
bool bond_slave_carrier_ok(struct bond *bond, struct bond_slave *slave)
{
	struct net_device *dev = slave->dev;

	if (!netif_running(dev))
		return false;
	if (!READ_ONCE(bond->params.use_carrier) && dev->ethtool_ops &&
	    dev->ethtool_ops->get_link)
		return dev->ethtool_ops->get_link(dev);
	return netif_carrier_ok(dev);
}

/* The link state a slave starts with (enslave, bond up). RTNL. */
void bond_slave_init_link(struct bond *bond, struct bond_slave *slave)
{
	bool up = bond_slave_carrier_ok(bond, slave);

	if (bond->params.miimon) {
		if (up && bond->params.updelay) {
			slave->link = BOND_LINK_BACK;
			slave->delay = bond->params.updelay;
		} else {
			slave->link = up ? BOND_LINK_UP : BOND_LINK_DOWN;
		}
	} else if (bond->params.arp_interval) {
		slave->link = up ? BOND_LINK_UP : BOND_LINK_DOWN;
		bond_arp_slave_init(bond, slave);
	} else {
		/* nothing watches the link: it is taken to be up */
		slave->link = BOND_LINK_UP;
	}
	slave->link_new = slave->link;
	if (slave->link == BOND_LINK_UP)
		slave->last_link_up = jiffies;
}

/* Is any slave usable, so that updelay has to be honoured? */
static bool bond_has_usable(struct bond *bond)
{
	struct bond_slave *slave;

	if (bond_mode_uses_active(bond->params.mode))
		return !!rcu_access_pointer(bond->active);
	bond_for_each_slave_rcu(bond, slave)
		if (READ_ONCE(slave->link) == BOND_LINK_UP)
			return true;
	return false;
}

/*
 * Decide each slave's next state from its carrier. Writes only link_new
 * and the monitor-owned delay counter; @count is false on a retry of the
 * same tick. Returns whether anything needs committing.
 */
static bool bond_mii_inspect(struct bond *bond, bool count)
{
	bool usable = bond_has_usable(bond), commit = false;
	u32 down = bond->params.downdelay, up = bond->params.updelay;
	struct bond_slave *slave;

	bond_for_each_slave_rcu(bond, slave) {
		bool c = bond_slave_carrier_ok(bond, slave);
		s8 link = READ_ONCE(slave->link), next = link;

		bond_health_seen(slave, c);
		switch (link) {
		case BOND_LINK_UP:
			if (c) {
				bond_event_cleared(slave);
			} else {
				bond_event_detected(slave);
				next = down ? BOND_LINK_FAIL : BOND_LINK_DOWN;
				/* this tick counts: down after @down ticks */
				if (down && count)
					slave->delay = down - 1;
			}
			break;
		case BOND_LINK_FAIL:
			if (c)
				next = BOND_LINK_UP;
			else if (slave->delay <= 0)
				next = BOND_LINK_DOWN;
			else if (count)
				slave->delay--;
			break;
		case BOND_LINK_DOWN:
			if (bond_flap_held(slave)) {
				/* suppressed: stays down whatever its carrier */
				if (bond_flap_inspect(bond, slave, c))
					commit = true;
			} else if (c) {
				if (!up || !usable) {
					next = BOND_LINK_UP;
				} else {
					next = BOND_LINK_BACK;
					if (count)
						slave->delay = up - 1;
				}
			}
			break;
		case BOND_LINK_BACK:
			if (!c)
				next = BOND_LINK_DOWN;
			else if (!usable || slave->delay <= 0)
				next = BOND_LINK_UP;
			else if (count)
				slave->delay--;
			break;
		}
		slave->link_new = next;
		if (next != link)
			commit = true;
	}
	return commit;
}

static const char *bond_duplex_name(u8 duplex)
{
	return duplex == DUPLEX_FULL ? "full" :
	       duplex == DUPLEX_HALF ? "half" : "unknown";
}

/* Apply one slave's new link state. RTNL. Returns whether it changed. */
static bool bond_commit_link(struct bond *bond, struct bond_slave *slave,
			     s8 next, enum bond_change_reason why)
{
	bool is_active = rcu_access_pointer(bond->active) == slave;
	u32 miimon = bond->params.miimon;
	s8 prev = slave->link;

	bond_flap_commit(bond, slave);
	if (next == prev)
		return false;
	/* a suppressed slave comes back only once released */
	if ((next == BOND_LINK_UP || next == BOND_LINK_BACK) &&
	    bond_flap_held(slave)) {
		slave->link_new = prev;
		return false;
	}
	WRITE_ONCE(slave->link, next);
	slave->link_new = next;
	bond_event_link(bond, slave, prev, next, why);

	switch (next) {
	case BOND_LINK_FAIL:
		netdev_info(bond->dev, "(slave %s): link status down for %sinterface, disabling it in %u ms\n",
			    slave->dev->name, is_active ? "active " : "",
			    bond->params.downdelay * miimon);
		break;
	case BOND_LINK_BACK:
		netdev_info(bond->dev, "(slave %s): link status up, enabling it in %u ms\n",
			    slave->dev->name, bond->params.updelay * miimon);
		break;
	case BOND_LINK_DOWN:
		if (prev == BOND_LINK_BACK) {
			netdev_info(bond->dev, "(slave %s): link status down again after %u ms\n",
				    slave->dev->name,
				    (bond->params.updelay - slave->delay) * miimon);
			break;
		}
		if (slave->link_failure_count < UINT_MAX)
			slave->link_failure_count++;
		slave->last_link_down = jiffies;
		WRITE_ONCE(slave->last_fail, why);
		netdev_info(bond->dev, "(slave %s): link status definitely down, disabling slave\n",
			    slave->dev->name);
		if (bond->ops->link_change)
			bond->ops->link_change(bond, slave, next);
		if (is_active)
			bond_active_lost(bond, why);
		bond_flap_down(bond, slave);
		break;
	case BOND_LINK_UP:
		if (prev == BOND_LINK_FAIL) {
			netdev_info(bond->dev, "(slave %s): link status up again after %u ms\n",
				    slave->dev->name,
				    (bond->params.downdelay - slave->delay) * miimon);
			break;
		}
		slave->last_link_up = jiffies;
		bond_slave_update_speed(slave);
		netdev_info(bond->dev, "(slave %s): link status definitely up, %u Mbps %s duplex\n",
			    slave->dev->name,
			    slave->speed == SPEED_UNKNOWN ? 0 : slave->speed,
			    bond_duplex_name(slave->duplex));
		if (bond->ops->link_change)
			bond->ops->link_change(bond, slave, next);
		bond_select_active(bond, BOND_REASON_RECOVERED);
		break;
	}
	bond_lower_state_changed(slave);
	return true;
}

/* The same commit for the ARP/NS monitors (bond_arp.c). RTNL. */
bool bond_monitor_commit_link(struct bond *bond, struct bond_slave *slave,
			      s8 next, enum bond_change_reason why)
{
	return bond_commit_link(bond, slave, next, why);
}

/* Commit every proposal from the last inspection. RTNL. */
static void bond_mii_commit(struct bond *bond)
{
	struct bond_slave *slave;
	bool changed = false;

	ASSERT_RTNL();
	bond_for_each_slave(bond, slave)
		changed |= bond_commit_link(bond, slave, slave->link_new,
					    BOND_REASON_CARRIER);
	if (!changed)
		return;
	if (bond_mode_uses_active(bond->params.mode) &&
	    !rtnl_dereference(bond->active))
		bond_select_active(bond, BOND_REASON_CARRIER);
	bond_update_usable(bond);
	bond_set_carrier(bond);
}

static void bond_mii_work(struct work_struct *work)
{
	struct bond *bond = container_of(work, struct bond, mii_work.work);
	unsigned long next = msecs_to_jiffies(bond->params.miimon);
	bool commit;

	rcu_read_lock();
	commit = bond_mii_inspect(bond, !bond->mii_retry);
	rcu_read_unlock();
	bond->mii_retry = false;

	if (commit) {
		if (!rtnl_trylock()) {
			/* come back soon, without counting this tick twice */
			bond->mii_retry = true;
			next = 1;
			goto rearm;
		}
		/* state may have moved while we waited: decide again */
		bond_mii_inspect(bond, false);
		bond_mii_commit(bond);
		rtnl_unlock();
	}
rearm:
	if (bond->params.miimon)
		queue_delayed_work(bond_wq, &bond->mii_work, next);
}

/*
 * Failover on the carrier event itself (beyond stock): when the MII
 * monitor is on and no downdelay applies, a slave that loses carrier is
 * taken down now instead of at the next tick. The monitor stays the
 * safety net for everything else (updelay, drivers without events).
 */
void bond_slave_link_event(struct bond_slave *slave, unsigned long event)
{
	struct bond *bond = slave->bond;

	ASSERT_RTNL();
	if (!netif_running(bond->dev) || !bond->params.miimon ||
	    bond->params.downdelay)
		return;
	if (slave->link != BOND_LINK_UP && slave->link != BOND_LINK_FAIL)
		return;
	if (bond_slave_carrier_ok(bond, slave))
		return;
	bond->event_failover_start = ktime_get();
	if (bond_commit_link(bond, slave, BOND_LINK_DOWN,
			     event == NETDEV_DOWN ? BOND_REASON_ADMIN :
						    BOND_REASON_CARRIER)) {
		bond_update_usable(bond);
		bond_set_carrier(bond);
	}
	bond->event_failover_start = 0;
}

void bond_monitor_init(struct bond *bond)
{
	INIT_DELAYED_WORK(&bond->mii_work, bond_mii_work);
	bond_arp_init(bond);
}

void bond_monitor_start(struct bond *bond)
{
	ASSERT_RTNL();
	if (bond_uses_arp_monitor(bond))
		bond_arp_start(bond);
	else if (bond->params.miimon)
		queue_delayed_work(bond_wq, &bond->mii_work, 0);
}

void bond_monitor_stop(struct bond *bond)
{
	cancel_delayed_work_sync(&bond->mii_work);
	bond->mii_retry = false;
	bond_arp_stop(bond);
}

/* After miimon/arp_interval/arp_validate changed on a running bond. */
void bond_monitor_restart(struct bond *bond)
{
	ASSERT_RTNL();
	bond_monitor_stop(bond);
	bond_monitor_start(bond);
}

/*
 * Misconfigurations that make a bond fail silently (beyond stock): logged
 * once per bond until fixed, and told to every netlink request that
 * leaves the bond so. RTNL.
 */
void bond_monitor_sanity(struct bond *bond, struct netlink_ext_ack *extack)
{
	const struct bond_params *p = &bond->params;

	ASSERT_RTNL();
	if (bond_mode_uses_active(p->mode) && !p->miimon && !p->arp_interval) {
		NL_SET_ERR_MSG_MOD(extack,
				   "no link monitor (miimon and arp_interval are 0): link failures will not be detected");
		if (!bond->warned_no_monitor)
			netdev_warn(bond->dev, "Warning: %s bond without a link monitor (miimon and arp_interval are 0): link failures will not be detected and it will never fail over; set miimon (e.g. 100) or arp_interval with arp_ip_target\n",
				    bond_mode_name(p->mode));
		bond->warned_no_monitor = true;
	} else {
		bond->warned_no_monitor = false;
	}

	if (p->mode == BOND_MODE_ACTIVEBACKUP && p->arp_interval &&
	    !(p->arp_validate & BOND_ARP_VALIDATE_BACKUP)) {
		if (!bond->warned_arp_backups)
			netdev_warn(bond->dev, "Warning: ARP monitoring with arp_validate %s cannot judge the backup slaves (any frame they receive counts as proof of link); set arp_validate backup or all\n",
				    bond_opt_value_name(BOND_OPT_ARP_VALIDATE,
							p->arp_validate));
		bond->warned_arp_backups = true;
	} else {
		bond->warned_arp_backups = false;
	}
}
