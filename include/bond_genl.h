/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The bonding generic netlink family: failure events for monitoring.
 * Shared by the module and the user tools (tools/bondctl); user-space ABI,
 * so numbers are only ever added, never changed.
 *
 * Family "bonding", version 1, multicast group "events". The event
 * commands (SLAVE_STATE .. RELEASE) are notifications sent to the group in
 * the bond's network namespace (Documentation/events.rst). GET and SET are
 * requests (Documentation/bondctl.8, "GENERIC NETLINK"):
 *
 *  GET  doit: one bond, by BOND_IFINDEX or BOND_NAME; dump: every bond of
 *       the caller's namespace. Reply per bond: BOND_IFINDEX, BOND_NAME,
 *       one OPTION nest per bond value (the option table's names and the
 *       read-only files of /sys/class/net/<bond>/bonding/) and one SLAVE
 *       nest per slave (its ifindex, name and one OPTION per file of
 *       /sys/class/net/<slave>/bonding_slave/ and per slave option).
 *  SET  doit, CAP_NET_ADMIN: one bond, by BOND_IFINDEX or BOND_NAME, and
 *       one or more OPTION nests (NAME, VALUE as written to sysfs), set
 *       in order; the first refusal ends the request with its errno and
 *       extack message.
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
	BOND_GENL_CMD_GET,		/* request: bonds, options, slaves */
	BOND_GENL_CMD_SET,		/* request: set options of a bond */

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
	/* nest, enum bond_genl_opt_attr, repeated: GET reply, SET request */
	BOND_GENL_A_OPTION,
	/* nest, enum bond_genl_slave_attr, repeated: GET reply */
	BOND_GENL_A_SLAVE,

	__BOND_GENL_A_MAX,
};
#define BOND_GENL_A_MAX		(__BOND_GENL_A_MAX - 1)

/* in BOND_GENL_A_OPTION and BOND_GENL_SLAVE_A_OPTION */
enum bond_genl_opt_attr {
	BOND_GENL_OPT_A_UNSPEC,
	BOND_GENL_OPT_A_NAME,		/* string: option or sysfs file name */
	/* string: the value as sysfs shows it (no newline); SET: as written */
	BOND_GENL_OPT_A_VALUE,
	/* flag, GET: VALUE is "NAME NUMBER" of an enumerated option */
	BOND_GENL_OPT_A_ENUM,

	__BOND_GENL_OPT_A_MAX,
};
#define BOND_GENL_OPT_A_MAX	(__BOND_GENL_OPT_A_MAX - 1)

/* longest SET option name and value, without the terminating NUL */
#define BOND_GENL_OPT_NAME_MAX	63
#define BOND_GENL_OPT_VALUE_MAX	255

/* in BOND_GENL_A_SLAVE */
enum bond_genl_slave_attr {
	BOND_GENL_SLAVE_A_UNSPEC,
	BOND_GENL_SLAVE_A_IFINDEX,	/* u32 */
	BOND_GENL_SLAVE_A_NAME,		/* string */
	BOND_GENL_SLAVE_A_OPTION,	/* nest, enum bond_genl_opt_attr, repeated */

	__BOND_GENL_SLAVE_A_MAX,
};
#define BOND_GENL_SLAVE_A_MAX	(__BOND_GENL_SLAVE_A_MAX - 1)

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
