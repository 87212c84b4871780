/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Link-flap dampening and per-slave health (beyond stock). See
 * bond_flap.c and Documentation/bonding.rst, "Flap dampening and health".
 */
#ifndef _BOND_FLAP_H
#define _BOND_FLAP_H

#include <linux/types.h>

#include "bond.h"

struct bond;
struct bond_slave;
struct seq_file;

/* dampening is on when the suppress threshold is set */
static inline bool bond_flap_enabled(const struct bond *bond)
{
	return READ_ONCE(bond->params.flap_suppress) != 0;
}

static inline bool bond_flap_held(const struct bond_slave *slave)
{
	return READ_ONCE(slave->flap_suppressed);
}

u32 bond_flap_decay(u32 penalty, u32 ms, u32 half_life_ms);
u32 bond_flap_penalty(const struct bond *bond, const struct bond_slave *slave);
void bond_flap_down(struct bond *bond, struct bond_slave *slave);
bool bond_flap_inspect(struct bond *bond, struct bond_slave *slave, bool carrier);
bool bond_flap_commit(struct bond *bond, struct bond_slave *slave);
void bond_flap_reconfigured(struct bond *bond);

void bond_health_seen(struct bond_slave *slave, bool up);
const char *bond_health_reason(const struct bond_slave *slave);
long long bond_health_ms(unsigned long seen);
void bond_health_proc(struct seq_file *m, struct bond *bond,
		      struct bond_slave *slave);

#endif /* _BOND_FLAP_H */
