// SPDX-License-Identifier: GPL-2.0
/*
 * Transmit hashing (xmit_hash_policy) for balance-xor, 802.3ad and
 * balance-tlb: one 32-bit hash per packet, the same for every packet of a
 * flow. Headers are read with the kernel's flow dissector: the outer ones
 * for layer2+3 and layer3+4, the innermost for encap2+3 and encap3+4.
 * Runs on the transmit path (RCU, atomic), allocates nothing.
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/skbuff.h>
#include <net/flow_dissector.h>
#include <net/ip.h>
#include <net/ipv6.h>

#include "bond.h"
#include "bond_hash.h"

struct bond_flow {
	struct flow_dissector_key_control control;
	struct flow_dissector_key_basic basic;
	struct flow_dissector_key_addrs addrs;
	struct flow_dissector_key_ports ports;
	struct flow_dissector_key_icmp icmp;
};

static const struct flow_dissector_key bond_flow_keys[] = {
	{ FLOW_DISSECTOR_KEY_CONTROL, offsetof(struct bond_flow, control) },
	{ FLOW_DISSECTOR_KEY_BASIC, offsetof(struct bond_flow, basic) },
	{ FLOW_DISSECTOR_KEY_IPV4_ADDRS, offsetof(struct bond_flow, addrs) },
	{ FLOW_DISSECTOR_KEY_IPV6_ADDRS, offsetof(struct bond_flow, addrs) },
	{ FLOW_DISSECTOR_KEY_PORTS, offsetof(struct bond_flow, ports) },
	{ FLOW_DISSECTOR_KEY_ICMP, offsetof(struct bond_flow, icmp) },
};

static struct flow_dissector bond_flow_dissector __read_mostly;

void bond_hash_init(void)
{
	skb_flow_dissector_init(&bond_flow_dissector, bond_flow_keys,
				ARRAY_SIZE(bond_flow_keys));
}

/* layer2: the last bytes of both MACs and the EtherType */
static u32 bond_hash_l2(struct sk_buff *skb)
{
	const struct ethhdr *eth;
	struct ethhdr _eth;

	eth = skb_header_pointer(skb, skb_mac_offset(skb), sizeof(_eth), &_eth);
	if (!eth)
		return 0;
	return eth->h_dest[5] ^ eth->h_source[5] ^ ntohs(eth->h_proto);
}

/* vlan+srcmac: the VLAN tag and the source MAC */
static u32 bond_hash_vlan_srcmac(struct sk_buff *skb)
{
	const struct ethhdr *eth;
	struct ethhdr _eth;
	u32 srcmac_hi, srcmac_lo;
	u16 tag = 0;

	eth = skb_header_pointer(skb, skb_mac_offset(skb), sizeof(_eth), &_eth);
	if (!eth)
		return 0;
	srcmac_hi = eth->h_source[0] << 16 | eth->h_source[1] << 8 |
		    eth->h_source[2];
	srcmac_lo = eth->h_source[3] << 16 | eth->h_source[4] << 8 |
		    eth->h_source[5];
	if (skb_vlan_tag_present(skb))
		tag = skb_vlan_tag_get(skb);
	return tag ^ srcmac_hi ^ srcmac_lo;
}

static u32 bond_fold_addrs(const struct bond_flow *f)
{
	const struct flow_dissector_key_addrs *a = &f->addrs;

	switch (f->control.addr_type) {
	case FLOW_DISSECTOR_KEY_IPV4_ADDRS:
		return (__force u32)a->v4addrs.src ^ (__force u32)a->v4addrs.dst;
	case FLOW_DISSECTOR_KEY_IPV6_ADDRS:
		return (__force u32)ipv6_addr_hash(&a->v6addrs.src) ^
		       (__force u32)ipv6_addr_hash(&a->v6addrs.dst);
	}
	return 0;
}

/* the 32 bits standing for the L4 flow: ports, or ICMP type/code/id */
static u32 bond_l4_word(const struct bond_flow *f)
{
	if (f->control.flags & FLOW_DIS_IS_FRAGMENT)
		return 0;
	if (f->basic.ip_proto == IPPROTO_ICMP ||
	    f->basic.ip_proto == IPPROTO_ICMPV6)
		return f->icmp.type << 24 | f->icmp.code << 16 | f->icmp.id;
	return (__force u32)f->ports.ports;
}

/*
 * The common case without the flow dissector: an untunnelled IPv4 or IPv6
 * packet; for layer3+4 one with TCP or UDP that is not a fragment. Gives
 * the same words the dissector would (addresses folded from the fixed
 * header, then the raw port word), so a flow hashes alike on either path;
 * anything else (fragments, IPv6 extension headers, ICMP and other
 * protocols under layer3+4, bad headers) returns false and goes to the
 * dissector.
 */
static bool bond_hash_ip_fast(struct sk_buff *skb, bool l4, u32 *h)
{
	int nhoff = skb_network_offset(skb), thoff;
	__be32 _ports, *ports;
	bool frag = false;
	u8 proto;

	if (skb->protocol == htons(ETH_P_IP)) {
		const struct iphdr *iph;
		struct iphdr _iph;

		iph = skb_header_pointer(skb, nhoff, sizeof(_iph), &_iph);
		if (!iph || iph->ihl < 5)
			return false;
		*h = (__force u32)iph->saddr ^ (__force u32)iph->daddr;
		frag = ip_is_fragment(iph);
		proto = iph->protocol;
		thoff = nhoff + iph->ihl * 4;
	} else if (skb->protocol == htons(ETH_P_IPV6)) {
		const struct ipv6hdr *ip6h;
		struct ipv6hdr _ip6h;

		ip6h = skb_header_pointer(skb, nhoff, sizeof(_ip6h), &_ip6h);
		if (!ip6h)
			return false;
		*h = (__force u32)ipv6_addr_hash(&ip6h->saddr) ^
		     (__force u32)ipv6_addr_hash(&ip6h->daddr);
		proto = ip6h->nexthdr;
		thoff = nhoff + sizeof(*ip6h);
	} else {
		return false;
	}
	if (!l4)
		return true;
	/* an IPv6 extension header is a nexthdr other than TCP or UDP */
	if (frag || (proto != IPPROTO_TCP && proto != IPPROTO_UDP))
		return false;
	ports = skb_header_pointer(skb, thoff, sizeof(_ports), &_ports);
	if (!ports)
		return false;
	*h ^= (__force u32)*ports;
	return true;
}

static u32 bond_hash_finish(u32 h, bool l4)
{
	h ^= h >> 16;
	h ^= h >> 8;
	return l4 ? h >> 1 : h;
}

u32 bond_xmit_hash(struct bond *bond, struct sk_buff *skb)
{
	u8 policy = READ_ONCE(bond->params.xmit_policy);
	unsigned int flags = FLOW_DISSECTOR_F_STOP_AT_ENCAP;
	struct bond_flow f;
	bool l4;
	u32 h;

	switch (policy) {
	case BOND_XMIT_POLICY_LAYER2:
		return bond_hash_l2(skb);
	case BOND_XMIT_POLICY_VLAN_SRCMAC:
		return bond_hash_vlan_srcmac(skb);
	case BOND_XMIT_POLICY_ENCAP34:
		if (skb->l4_hash)
			return skb->hash;
		fallthrough;
	case BOND_XMIT_POLICY_ENCAP23:
		flags = 0;
		break;
	}

	l4 = policy == BOND_XMIT_POLICY_LAYER34 ||
	     policy == BOND_XMIT_POLICY_ENCAP34;
	/* encap policies look into tunnels: the dissector's work */
	if (flags && bond_hash_ip_fast(skb, l4, &h))
		return bond_hash_finish(l4 ? h : h ^ bond_hash_l2(skb), l4);

	memset(&f, 0, sizeof(f));
	if (!skb_flow_dissect(skb, &bond_flow_dissector, &f, flags) ||
	    !f.control.addr_type)
		return bond_hash_l2(skb);

	h = bond_fold_addrs(&f);
	if (l4)
		h ^= bond_l4_word(&f);
	else
		h ^= bond_hash_l2(skb);
	return bond_hash_finish(h, l4);
}
