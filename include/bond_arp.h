/* SPDX-License-Identifier: GPL-2.0 */
/* The ARP (IPv4) and NS (IPv6) link monitors. */
#ifndef _BOND_ARP_H
#define _BOND_ARP_H

#include <linux/types.h>

struct bond;
struct bond_slave;
struct in6_addr;
struct net_device;
struct sk_buff;

void bond_arp_init(struct bond *bond);
void bond_arp_start(struct bond *bond);
void bond_arp_stop(struct bond *bond);
void bond_arp_rcv(struct bond *bond, struct bond_slave *slave,
		  struct sk_buff *skb);
void bond_arp_slave_init(struct bond *bond, struct bond_slave *slave);
void bond_arp_slave_release(struct bond *bond, struct bond_slave *slave);
void bond_arp_active_changed(struct bond *bond);
void bond_arp_targets_changed(struct bond *bond);
void bond_arp_ns_mc_sync(struct bond *bond);
bool bond_addr_is_ours(struct net_device *dev, __be32 ip4,
		       const struct in6_addr *ip6);
struct net_device *bond_rx_vlan_dev(struct net_device *dev, __be16 proto,
				    u16 vid);

#endif /* _BOND_ARP_H */
