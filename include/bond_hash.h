/* SPDX-License-Identifier: GPL-2.0 */
/* Transmit hashing by xmit_hash_policy. */
#ifndef _BOND_HASH_H
#define _BOND_HASH_H

#include <linux/types.h>

struct bond;
struct sk_buff;

void bond_hash_init(void);
u32 bond_xmit_hash(struct bond *bond, struct sk_buff *skb);

#endif /* _BOND_HASH_H */
