/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The bonding generic netlink family: failure events for monitoring.
 * Shared by the module and the user tools (tools/bondctl); user-space ABI,
 * so numbers are only ever added, never changed.
 *
 * Family "bonding", version 1, multicast group "events". Every message is
 * a notification (no request commands yet) sent to the group in the bond's
 * network namespace. See Documentation/events.rst.
 */
#ifndef _BOND_GENL_H
#define _BOND_GENL_H

#define BOND_GENL_NAME		"bonding"
#define BOND_GENL_VERSION	1
#define BOND_GENL_MCGRP_EVENTS	"events"

enum bond_genl_cmd {
	BOND_GENL_CMD_UNSPEC,
	BOND_GENL_CMD_SLAVE_STATE,	/* a slave's link state changed */
	BOND_GENL_CMD_FAILOVER,		/* the active slave changed */
	BOND_GENL_CMD_ENSLAVE,		/* a slave was added */
	BOND_GENL_CMD_RELEASE,		/* a slave is being removed */

	__BOND_GENL_CMD_MAX,
};
#define BOND_GENL_CMD_MAX	(__BOND_GENL_CMD_MAX - 1)

enum bond_genl_attr {
	BOND_GENL_A_UNSPEC,
	BOND_GENL_A_PAD,
	BOND_GENL_A_BOND_IFINDEX,	/* u32 */
	BOND_GENL_A_BOND_NAME,		/* string */
	BOND_GENL_A_SLAVE_IFINDEX,	/* u32: SLAVE_STATE, ENSLAVE, RELEASE */
	BOND_GENL_A_SLAVE_NAME,		/* string */
	BOND_GENL_A_OLD_STATE,		/* u8, enum bond_genl_link (SLAVE_STATE) */
	BOND_GENL_A_NEW_STATE,		/* u8, enum bond_genl_link */
	BOND_GENL_A_BACKUP,		/* u8: 1 backup, 0 active (slave events) */
	BOND_GENL_A_REASON,		/* u8, enum bond_genl_reason */
	BOND_GENL_A_OLD_ACTIVE_IFINDEX,	/* u32: FAILOVER, absent if none */
	BOND_GENL_A_OLD_ACTIVE_NAME,	/* string */
	BOND_GENL_A_NEW_ACTIVE_IFINDEX,	/* u32: FAILOVER, absent if none */
	BOND_GENL_A_NEW_ACTIVE_NAME,	/* string */
	BOND_GENL_A_USEC,		/* u64: FAILOVER, detection to switch-over */
	BOND_GENL_A_TIMESTAMP,		/* u64: CLOCK_MONOTONIC ns of the event */

	__BOND_GENL_A_MAX,
};
#define BOND_GENL_A_MAX		(__BOND_GENL_A_MAX - 1)

/* link states, as in /sys/class/net/<slave>/bonding_slave/mii_status */
enum bond_genl_link {
	BOND_GENL_LINK_UP,
	BOND_GENL_LINK_FAIL,
	BOND_GENL_LINK_DOWN,
	BOND_GENL_LINK_BACK,
};

enum bond_genl_reason {
	BOND_GENL_REASON_NONE,		/* none given (e.g. initial selection) */
	BOND_GENL_REASON_CARRIER,	/* carrier lost */
	BOND_GENL_REASON_ARP,		/* ARP targets unanswered */
	BOND_GENL_REASON_NS,		/* NS targets unanswered */
	BOND_GENL_REASON_ADMIN,		/* administrative */
	BOND_GENL_REASON_REMOVED,	/* slave removed */
	BOND_GENL_REASON_RECOVERED,	/* link came back */
	BOND_GENL_REASON_PRIMARY,	/* primary or prio reselection */
	BOND_GENL_REASON_SUPPRESSED,	/* flap dampening */
};

#endif /* _BOND_GENL_H */
