// SPDX-License-Identifier: GPL-2.0
/*
 * The ARP and NS link monitors. Not implemented yet: arp_interval is
 * accepted and stored, but no probes are sent.
 */
#include "bond.h"
#include "bond_arp.h"

void bond_arp_init(struct bond *bond)
{
}

void bond_arp_start(struct bond *bond)
{
}

void bond_arp_stop(struct bond *bond)
{
}

void bond_arp_rcv(struct bond *bond, struct bond_slave *slave,
		  struct sk_buff *skb)
{
}
