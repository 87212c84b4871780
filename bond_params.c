// SPDX-License-Identifier: GPL-2.0
/*
 * Module parameters, checked once at load (with the option engine's
 * parser) and turned into the defaults that every bond created later
 * (max_bonds, bonding_masters, ip link) copies. As in stock, some bad
 * values fail the load and others are reset to the default with a
 * warning.
 */
#include <linux/inet.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "bond.h"
#include "bond_mode.h"
#include "bond_options.h"
#include "bond_params.h"

static int max_bonds = 1;
module_param(max_bonds, int, 0);
MODULE_PARM_DESC(max_bonds, "Max number of bonded devices");
static int tx_queues = BOND_DEFAULT_TX_QUEUES;
module_param(tx_queues, int, 0);
MODULE_PARM_DESC(tx_queues, "Max number of transmit queues (default = 16)");
static int num_peer_notif = 1;
module_param_named(num_grat_arp, num_peer_notif, int, 0644);
MODULE_PARM_DESC(num_grat_arp, "Number of peer notifications to send on failover event (alias of num_unsol_na)");
module_param_named(num_unsol_na, num_peer_notif, int, 0644);
MODULE_PARM_DESC(num_unsol_na, "Number of peer notifications to send on failover event (alias of num_grat_arp)");
static int miimon;
module_param(miimon, int, 0);
MODULE_PARM_DESC(miimon, "Link check interval in milliseconds");
static int updelay;
module_param(updelay, int, 0);
MODULE_PARM_DESC(updelay, "Delay before considering link up, in milliseconds");
static int downdelay;
module_param(downdelay, int, 0);
MODULE_PARM_DESC(downdelay, "Delay before considering link down, in milliseconds");
static int use_carrier = 1;
module_param(use_carrier, int, 0);
MODULE_PARM_DESC(use_carrier, "Use netif_carrier_ok (vs MII ioctls) in miimon; 0 for off, 1 for on (default)");
static char *mode;
module_param(mode, charp, 0);
MODULE_PARM_DESC(mode, "Mode of operation; 0 for balance-rr, 1 for active-backup, 2 for balance-xor, 3 for broadcast, 4 for 802.3ad, 5 for balance-tlb, 6 for balance-alb");
static char *primary;
module_param(primary, charp, 0);
MODULE_PARM_DESC(primary, "Primary network device to use");
static char *primary_reselect;
module_param(primary_reselect, charp, 0);
MODULE_PARM_DESC(primary_reselect, "Reselect primary slave once it comes up; 0 for always (default), 1 for only if speed of primary is better, 2 for only on active slave failure");
static char *lacp_rate;
module_param(lacp_rate, charp, 0);
MODULE_PARM_DESC(lacp_rate, "LACPDU tx rate to request from 802.3ad partner; 0 for slow, 1 for fast");
static char *ad_select;
module_param(ad_select, charp, 0);
MODULE_PARM_DESC(ad_select, "802.3ad aggregation selection logic; 0 for stable (default), 1 for bandwidth, 2 for count, 3 for actor_port_prio");
static int min_links;
module_param(min_links, int, 0);
MODULE_PARM_DESC(min_links, "Minimum number of available links before turning on carrier");
static char *xmit_hash_policy;
module_param(xmit_hash_policy, charp, 0);
MODULE_PARM_DESC(xmit_hash_policy, "balance-alb, balance-tlb, balance-xor, 802.3ad hashing method; 0 for layer 2 (default), 1 for layer 3+4, 2 for layer 2+3, 3 for encap layer 2+3, 4 for encap layer 3+4, 5 for vlan+srcmac");
static int arp_interval;
module_param(arp_interval, int, 0);
MODULE_PARM_DESC(arp_interval, "arp interval in milliseconds");
static char *arp_ip_target[BOND_MAX_ARP_TARGETS];
module_param_array(arp_ip_target, charp, NULL, 0);
MODULE_PARM_DESC(arp_ip_target, "arp targets in n.n.n.n form");
static char *arp_validate;
module_param(arp_validate, charp, 0);
MODULE_PARM_DESC(arp_validate, "validate src/dst of ARP probes; 0 for none (default), 1 for active, 2 for backup, 3 for all, 4 for filter, 5 for filter_active, 6 for filter_backup");
static char *arp_all_targets;
module_param(arp_all_targets, charp, 0);
MODULE_PARM_DESC(arp_all_targets, "fail on any/all arp targets timeout; 0 for any (default), 1 for all");
static char *fail_over_mac;
module_param(fail_over_mac, charp, 0);
MODULE_PARM_DESC(fail_over_mac, "For active-backup, do not set all slaves to the same MAC; 0 for none (default), 1 for active, 2 for follow");
static int all_slaves_active;
module_param(all_slaves_active, int, 0);
MODULE_PARM_DESC(all_slaves_active, "Keep all frames received on an interface by setting active flag for all slaves; 0 for never (default), 1 for always.");
static int resend_igmp = 1;
module_param(resend_igmp, int, 0);
MODULE_PARM_DESC(resend_igmp, "Number of IGMP membership reports to send on link failure");
static int packets_per_slave = 1;
module_param(packets_per_slave, int, 0);
MODULE_PARM_DESC(packets_per_slave, "Packets to send per slave in balance-rr mode; 0 for a random slave, 1 packet per slave (default), >1 packets per slave.");
static int lp_interval = 1;
module_param(lp_interval, int, 0);
MODULE_PARM_DESC(lp_interval, "The number of seconds between instances where the bonding driver sends learning packets to each slaves peer switch. The default is 1.");

struct bond_defaults bond_defaults = {
	.max_bonds	= 1,
	.tx_queues	= BOND_DEFAULT_TX_QUEUES,
};

struct bond_params bond_default_params;

/* An enum parameter: 0 and the value, or -EINVAL (fatal, logged). */
static int bond_param_enum(enum bond_opt_id id, const char *text, u8 *out)
{
	struct bond_optarg arg = { .str = text };
	int err;

	if (!text)
		return 0;
	err = bond_opt_parse(bond_opt_get(id), &arg, BOND_DRV_NAME, NULL);
	if (err)
		return err;
	*out = arg.num;
	return 0;
}

/* A ranged integer parameter: out of range is reset with a warning. */
static u32 bond_param_range(const char *name, int val, int min, int max,
			    int def)
{
	if (val < min || val > max) {
		pr_warn("Warning: %s (%d) not in range %d-%d, so it was reset to %d\n",
			name, val, min, max, def);
		return def;
	}
	return val;
}

static u32 bond_param_ms(const char *name, int val)
{
	if (val < 0) {
		pr_warn("Warning: %s module parameter (%d), not in range 0-%d, so it was reset to 0\n",
			name, val, INT_MAX);
		return 0;
	}
	return val;
}

static void bond_params_arp_targets(struct bond_params *p)
{
	int i, n = 0, j;
	__be32 ip;

	for (i = 0; i < BOND_MAX_ARP_TARGETS && arp_ip_target[i]; i++) {
		if (!in4_pton(arp_ip_target[i], -1, (u8 *)&ip, -1, NULL) ||
		    ipv4_is_zeronet(ip) || ip == htonl(INADDR_BROADCAST)) {
			pr_warn("Warning: bad arp_ip_target module parameter (%s), ARP monitoring will not be performed\n",
				arp_ip_target[i]);
			p->arp_interval = 0;
			continue;
		}
		for (j = 0; j < n; j++)
			if (p->arp_targets[j] == ip)
				break;
		if (j < n) {
			pr_warn("Warning: duplicate address %pI4 in arp_ip_target, skipping\n",
				&ip);
			continue;
		}
		p->arp_targets[n++] = ip;
	}
	if (p->arp_interval && !n) {
		pr_warn("Warning: arp_interval module parameter (%d) specified without providing an arp_ip_target parameter, arp_interval was reset to 0\n",
			p->arp_interval);
		p->arp_interval = 0;
	}
}

int bond_params_init(void)
{
	struct bond_params *p = &bond_default_params;
	u8 v;
	int err;

	memset(p, 0, sizeof(*p));
	p->use_carrier = 1;
	p->lacp_active = 1;
	p->tlb_dynamic_lb = 1;
	p->coupled_control = 1;
	p->missed_max = BOND_DEFAULT_MISSED_MAX;
	p->ad_actor_sys_prio = U16_MAX;
	/* flap dampening: off (flap_suppress 0) until asked for */
	p->flap_penalty = BOND_FLAP_DEF_PENALTY;
	p->flap_half_life = BOND_FLAP_DEF_HALF_LIFE;
	p->flap_reuse = BOND_FLAP_DEF_REUSE;
	p->flap_max_suppress = BOND_FLAP_DEF_MAX_SUPPRESS;

	err = bond_param_enum(BOND_OPT_MODE, mode, &p->mode);
	if (err)
		return err;
	/* as in stock, these are only read in the modes they apply to */
	if (p->mode == BOND_MODE_XOR || p->mode == BOND_MODE_8023AD ||
	    bond_mode_is_tlb_alb(p->mode))
		err = bond_param_enum(BOND_OPT_XMIT_HASH, xmit_hash_policy,
				      &p->xmit_policy);
	if (!err && p->mode == BOND_MODE_8023AD)
		err = bond_param_enum(BOND_OPT_LACP_RATE, lacp_rate,
				      &p->lacp_fast);
	err = err ?:
	      bond_param_enum(BOND_OPT_AD_SELECT, ad_select, &p->ad_select) ?:
	      bond_param_enum(BOND_OPT_FAIL_OVER_MAC, fail_over_mac,
			      &p->fail_over_mac) ?:
	      bond_param_enum(BOND_OPT_ARP_VALIDATE, arp_validate,
			      &p->arp_validate);
	if (err)
		return err;
	if (bond_mode_get(p->mode)->init == bond_mode_not_ready) {
		pr_err("mode %s is not implemented yet in this driver\n",
		       bond_mode_name(p->mode));
		return -EOPNOTSUPP;
	}
	if (primary && primary_reselect) {
		err = bond_param_enum(BOND_OPT_PRIMARY_RESELECT,
				      primary_reselect, &p->primary_reselect);
		if (err)
			return err;
	}
	if (arp_all_targets) {
		v = 0;
		if (bond_param_enum(BOND_OPT_ARP_ALL_TARGETS, arp_all_targets, &v))
			pr_err("Invalid arp_all_targets value %s\n",
			       arp_all_targets);
		p->arp_all_targets = v;
	}

	if (lacp_rate && p->mode != BOND_MODE_8023AD)
		pr_info("lacp_rate param is irrelevant in mode %s\n",
			bond_opt_value_name(BOND_OPT_MODE, p->mode));
	if (ad_select && p->mode != BOND_MODE_8023AD)
		pr_warn("ad_select param only affects 802.3ad mode\n");
	if (xmit_hash_policy && !(p->mode == BOND_MODE_XOR ||
				  p->mode == BOND_MODE_8023AD ||
				  bond_mode_is_tlb_alb(p->mode)))
		pr_info("xmit_hash_policy param is irrelevant in mode %s\n",
			bond_opt_value_name(BOND_OPT_MODE, p->mode));
	if (fail_over_mac && p->mode != BOND_MODE_ACTIVEBACKUP)
		pr_warn("Warning: fail_over_mac only affects active-backup mode\n");

	max_bonds = bond_param_range("max_bonds", max_bonds, 0, INT_MAX, 1);
	bond_defaults.max_bonds = max_bonds;
	tx_queues = bond_param_range("tx_queues", tx_queues, 1,
				     BOND_MAX_TX_QUEUES, BOND_DEFAULT_TX_QUEUES);
	bond_defaults.tx_queues = tx_queues;

	num_peer_notif = bond_param_range("num_grat_arp/num_unsol_na",
					  num_peer_notif, 0, 255, 1);
	p->num_peer_notif = num_peer_notif;
	p->use_carrier = bond_param_range("use_carrier", use_carrier, 0, 1, 1);
	p->all_slaves_active = bond_param_range("all_slaves_active",
						all_slaves_active, 0, 1, 0);
	p->resend_igmp = bond_param_range("resend_igmp", resend_igmp, 0, 255, 1);
	p->packets_per_slave = bond_param_range("packets_per_slave",
						packets_per_slave, 0, U16_MAX, 1);
	p->lp_interval = bond_param_range("lp_interval", lp_interval, 1,
					  INT_MAX, 1);
	p->min_links = min_links < 0 ? 0 : min_links;

	p->miimon = bond_param_ms("miimon", miimon);
	p->arp_interval = bond_param_ms("arp_interval", arp_interval);
	updelay = bond_param_ms("updelay", updelay);
	downdelay = bond_param_ms("downdelay", downdelay);

	if (p->mode == BOND_MODE_8023AD || bond_mode_is_tlb_alb(p->mode)) {
		if (!p->miimon) {
			pr_warn("Warning: miimon must be specified, otherwise bonding will not detect link failure, speed and duplex which are essential for 802.3ad operation\n");
			pr_warn("Forcing miimon to 100msec\n");
			p->miimon = BOND_DEFAULT_MIIMON;
		}
		if (p->arp_interval) {
			pr_warn("Warning: ARP monitoring can't be used simultaneously with this mode; disabling it\n");
			p->arp_interval = 0;
		}
	}
	if (p->mode == BOND_MODE_ALB)
		p->tlb_dynamic_lb = 1;

	if (p->miimon && p->arp_interval) {
		pr_warn("Warning: miimon (%u) and arp_interval (%u) can't be used simultaneously, disabling ARP monitoring\n",
			p->miimon, p->arp_interval);
		p->arp_interval = 0;
	}
	if (!p->miimon && (updelay || downdelay))
		pr_warn("Warning: miimon module parameter not set and updelay (%d) or downdelay (%d) module parameter is set; updelay and downdelay have no effect unless miimon is set\n",
			updelay, downdelay);
	if (p->miimon) {
		if (updelay % p->miimon)
			pr_warn("Warning: updelay (%d) is not a multiple of miimon (%u), updelay rounded to %u ms\n",
				updelay, p->miimon,
				(updelay / p->miimon) * p->miimon);
		if (downdelay % p->miimon)
			pr_warn("Warning: downdelay (%d) is not a multiple of miimon (%u), downdelay rounded to %u ms\n",
				downdelay, p->miimon,
				(downdelay / p->miimon) * p->miimon);
		p->updelay = updelay / p->miimon;
		p->downdelay = downdelay / p->miimon;
	}

	if (p->arp_interval || arp_ip_target[0])
		bond_params_arp_targets(p);
	if (arp_validate && !p->arp_interval) {
		pr_err("arp_validate requires arp_interval\n");
		return -EINVAL;
	}
	if (!p->miimon && !p->arp_interval)
		pr_info("Warning: either miimon or arp_interval and arp_ip_target module parameters must be specified, otherwise bonding will not detect link failures! see bonding.txt for details\n");

	if (primary) {
		if (!bond_mode_uses_active(p->mode))
			pr_warn("Warning: %s primary device specified but has no effect in %s mode\n",
				primary, bond_opt_value_name(BOND_OPT_MODE, p->mode));
		else
			strscpy(p->primary, primary, IFNAMSIZ);
	}
	return 0;
}

/* num_grat_arp/num_unsol_na stay writable: new bonds take the current value. */
u8 bond_params_num_peer_notif(void)
{
	int v = READ_ONCE(num_peer_notif);

	return v < 0 || v > 255 ? 1 : v;
}
