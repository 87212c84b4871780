/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Module parameters: the defaults that every new bond starts from.
 */
#ifndef _BOND_PARAMS_H
#define _BOND_PARAMS_H

#include <linux/types.h>

struct bond_defaults {
	int max_bonds;
	unsigned int tx_queues;
};

extern struct bond_defaults bond_defaults;

int bond_params_init(void);
u8 bond_params_num_peer_notif(void);

#endif /* _BOND_PARAMS_H */
