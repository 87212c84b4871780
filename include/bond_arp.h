/* SPDX-License-Identifier: GPL-2.0 */
/* The ARP (IPv4) and NS (IPv6) link monitors. */
#ifndef _BOND_ARP_H
#define _BOND_ARP_H

struct bond;
struct bond_slave;
struct sk_buff;

void bond_arp_init(struct bond *bond);
void bond_arp_start(struct bond *bond);
void bond_arp_stop(struct bond *bond);
void bond_arp_rcv(struct bond *bond, struct bond_slave *slave,
		  struct sk_buff *skb);

#endif /* _BOND_ARP_H */
