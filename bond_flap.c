// SPDX-License-Identifier: GPL-2.0
/*
 * Link-flap dampening and per-slave health (beyond stock, opt-in).
 *
 * Dampening, as routers dampen flapping routes: every time a slave's link
 * is declared down it earns flap_penalty points, and its points halve every
 * flap_half_life_ms. When they reach flap_suppress the slave is suppressed:
 * it stays out of service (link down) even with its carrier back, until its
 * points decay below flap_reuse or it has been suppressed for
 * flap_max_suppress_ms. While suppressed, every loss of carrier the MII
 * monitor sees (or of ARP/NS replies, with the ARP monitor) adds points
 * again. flap_suppress 0 turns it all off: the default, and stock's
 * behaviour.
 *
 * Health: the monitors note when they last saw each slave up and down
 * (bond_health_seen()), why it last went down, and (bond_arp.c) how many
 * ARP and NS probe rounds went unanswered, in a run and in total.
 *
 * Locking: the penalty changes under RTNL when a down is committed
 * (bond_flap_down()), and, while the slave is suppressed (its link is down,
 * so no commit touches it), by the monitor work that owns its link state
 * (bond_flap_inspect()). That monitor also ends the suppression, in its
 * inspection, as soon as it sees the penalty below flap_reuse (or the time
 * limit passed): the same tick's commit, which decides again under RTNL,
 * then finds the slave free and brings its link up at once (a release
 * left to the commit would come up one tick later). The commit announces
 * the release (bond_flap_commit()). Nothing else writes flap_suppressed
 * while the link is down but bond_flap_reconfigured() (RTNL), which only
 * clears it too. Readers (sysfs, /proc, netlink) take no lock and may see
 * a penalty one update old.
 */
#include <linux/jiffies.h>
#include <linux/math64.h>
#include <linux/rtnetlink.h>
#include <linux/seq_file.h>

#include "bond.h"
#include "bond_events.h"
#include "bond_flap.h"

/* 2^(-k/16) in 1/65536 units, k = 0..16 */
static const u32 bond_flap_frac[17] = {
	65536, 62757, 60097, 57549, 55109, 52773, 50535, 48393, 46341,
	44376, 42495, 40693, 38968, 37316, 35734, 34219, 32768,
};

/* @penalty after @ms of exponential decay with a half-life of @half_life_ms */
u32 bond_flap_decay(u32 penalty, u32 ms, u32 half_life_ms)
{
	u32 halvings, rest, idx, f, factor;
	u64 pos;

	if (!half_life_ms)
		return 0;
	halvings = ms / half_life_ms;
	if (halvings >= 32)
		return 0;
	penalty >>= halvings;
	rest = ms % half_life_ms;
	/* position within the half-life in 1/16 steps, 8 bits of fraction */
	pos = div_u64((u64)rest << 12, half_life_ms);
	idx = pos >> 8;
	f = pos & 0xff;
	factor = bond_flap_frac[idx] -
		 (((bond_flap_frac[idx] - bond_flap_frac[idx + 1]) * f) >> 8);
	return ((u64)penalty * factor) >> 16;
}

/* The slave's penalty now. Any context. */
u32 bond_flap_penalty(const struct bond *bond, const struct bond_slave *slave)
{
	unsigned long stamp = READ_ONCE(slave->flap_stamp);
	u32 pen = READ_ONCE(slave->flap_pen);

	if (!pen)
		return 0;
	return bond_flap_decay(pen, jiffies_to_msecs(jiffies - stamp),
			       READ_ONCE(bond->params.flap_half_life));
}

static void bond_flap_add(struct bond *bond, struct bond_slave *slave)
{
	u32 pen = bond_flap_penalty(bond, slave);
	u32 add = READ_ONCE(bond->params.flap_penalty);

	pen = pen > U32_MAX - add ? U32_MAX : pen + add;
	WRITE_ONCE(slave->flap_pen, pen);
	WRITE_ONCE(slave->flap_stamp, jiffies);
}

/* The slave's link was declared down. RTNL. */
void bond_flap_down(struct bond *bond, struct bond_slave *slave)
{
	ASSERT_RTNL();
	if (!bond_flap_enabled(bond))
		return;
	bond_flap_add(bond, slave);
	if (slave->flap_suppressed ||
	    slave->flap_pen < bond->params.flap_suppress)
		return;
	WRITE_ONCE(slave->flap_since, jiffies);
	WRITE_ONCE(slave->flap_suppressed, 1);
	slave->flap_carrier = 0;
	netdev_notice(bond->dev, "(slave %s): suppressed: flapping (penalty %u, suppressed until it decays below %u)\n",
		      slave->dev->name, slave->flap_pen,
		      bond->params.flap_reuse);
	bond_event_suppressed(bond, slave);
}

/*
 * A suppressed slave, looked at by the monitor that owns its link state
 * (RCU, or RTNL): @up is what the monitor sees (carrier, or ARP/NS
 * replies). Once the penalty is below flap_reuse, or the slave has been
 * suppressed for flap_max_suppress_ms, the suppression ends here and now.
 * Returns whether it ended: the monitor commits, and its decision under
 * RTNL treats the slave as any other down slave with this @up.
 */
bool bond_flap_inspect(struct bond *bond, struct bond_slave *slave, bool up)
{
	u32 max = READ_ONCE(bond->params.flap_max_suppress);

	if (READ_ONCE(slave->flap_carrier) && !up)
		bond_flap_add(bond, slave);
	WRITE_ONCE(slave->flap_carrier, up);
	if (bond_flap_penalty(bond, slave) >= READ_ONCE(bond->params.flap_reuse) &&
	    !(max && time_after_eq(jiffies, READ_ONCE(slave->flap_since) +
				   msecs_to_jiffies(max))))
		return false;
	/* to be announced by bond_flap_commit() */
	WRITE_ONCE(slave->flap_release, 1);
	WRITE_ONCE(slave->flap_suppressed, 0);
	return true;
}

/* Announce a release the monitor made. RTNL. */
bool bond_flap_commit(struct bond *bond, struct bond_slave *slave)
{
	ASSERT_RTNL();
	if (!slave->flap_release)
		return false;
	WRITE_ONCE(slave->flap_release, 0);
	/* dampening turned off meanwhile: bond_flap_reconfigured() said so */
	if (!bond_flap_enabled(bond))
		return false;
	netdev_notice(bond->dev, "(slave %s): no longer suppressed (penalty %u after %u ms)\n",
		      slave->dev->name, bond_flap_penalty(bond, slave),
		      jiffies_to_msecs(jiffies - slave->flap_since));
	return true;
}

/* Dampening settings changed; turned off, it lets every slave go. RTNL. */
void bond_flap_reconfigured(struct bond *bond)
{
	struct bond_slave *slave;

	ASSERT_RTNL();
	if (bond_flap_enabled(bond))
		return;
	bond_for_each_slave(bond, slave) {
		if (slave->flap_suppressed)
			netdev_notice(bond->dev, "(slave %s): no longer suppressed (dampening off)\n",
				      slave->dev->name);
		WRITE_ONCE(slave->flap_suppressed, 0);
		WRITE_ONCE(slave->flap_release, 0);
		WRITE_ONCE(slave->flap_pen, 0);
	}
}

/* A monitor saw the slave up or down just now. */
void bond_health_seen(struct bond_slave *slave, bool up)
{
	if (up)
		WRITE_ONCE(slave->seen_up, jiffies | 1);
	else
		WRITE_ONCE(slave->seen_down, jiffies | 1);
}

/* The last failure reason, by the names the events use. */
const char *bond_health_reason(const struct bond_slave *slave)
{
	return bond_reason_name(READ_ONCE(slave->last_fail));
}

/* A "seen" time as milliseconds of uptime (jiffies), -1 when never. */
long long bond_health_ms(unsigned long seen)
{
	return seen ? (long long)jiffies64_to_msecs(seen - INITIAL_JIFFIES) : -1;
}

/* The lines appended to a slave's /proc block. RCU. */
void bond_health_proc(struct seq_file *m, struct bond *bond,
		      struct bond_slave *slave)
{
	if (bond_flap_enabled(bond)) {
		seq_printf(m, "Flap penalty: %u\n", bond_flap_penalty(bond, slave));
		seq_printf(m, "Flap suppressed: %s\n",
			   bond_flap_held(slave) ? "yes" : "no");
	}
	if (!READ_ONCE(bond->params.proc_extended))
		return;
	seq_printf(m, "ARP probes missed: %u (total %u)\n",
		   READ_ONCE(slave->arp_miss_run),
		   READ_ONCE(slave->arp_miss_total));
	seq_printf(m, "NS probes missed: %u (total %u)\n",
		   READ_ONCE(slave->ns_miss_run),
		   READ_ONCE(slave->ns_miss_total));
	seq_printf(m, "Last seen up: %lld ms\n",
		   bond_health_ms(READ_ONCE(slave->seen_up)));
	seq_printf(m, "Last seen down: %lld ms\n",
		   bond_health_ms(READ_ONCE(slave->seen_down)));
	seq_printf(m, "Last failure reason: %s\n", bond_health_reason(slave));
}
