// SPDX-License-Identifier: GPL-2.0
/*
 * bondctl: the bonding driver's own control tool, speaking its generic
 * netlink family ("bonding", include/bond_genl.h) through libmnl.
 *
 *   bondctl monitor [--json] [BOND]   print failure events, one per line
 *   bondctl show [--json] [BOND]      every value of the bonds and slaves
 *   bondctl set BOND OPT=VALUE...     set options (as sysfs writes do)
 *
 * Each subcommand is one entry of the commands[] table with its own
 * option parsing; the netlink plumbing (family lookup, groups) is shared.
 */

#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <poll.h>
#include <net/if.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <libmnl/libmnl.h>

#include "bond_genl.h"

#define PROG "bondctl"
#define VERSION "1.0"

#define EXIT_OK		0
#define EXIT_USAGE	1	/* bad command line */
#define EXIT_NOFAMILY	2	/* the module (its netlink family) is absent */
#define EXIT_FAIL	3	/* any other failure */
#define EXIT_NOBOND	4	/* no such bond */
#define EXIT_INVAL	5	/* an option or value refused */
#define EXIT_PERM	6	/* not permitted (CAP_NET_ADMIN) */

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* --- generic netlink plumbing ------------------------------------------ */

struct genl_family_info {
	uint16_t id;
	uint32_t events_group;		/* 0: not found */
};

struct bondctl_nl {
	struct mnl_socket *sock;
	unsigned int portid;
	unsigned int seq;
	struct genl_family_info fam;
};

static int ctrl_group_cb(const struct nlattr *grp, struct genl_family_info *fam)
{
	const struct nlattr *a;
	const char *name = NULL;
	uint32_t id = 0;

	mnl_attr_for_each_nested(a, grp) {
		switch (mnl_attr_get_type(a)) {
		case CTRL_ATTR_MCAST_GRP_NAME:
			if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) >= 0)
				name = mnl_attr_get_str(a);
			break;
		case CTRL_ATTR_MCAST_GRP_ID:
			if (mnl_attr_validate(a, MNL_TYPE_U32) >= 0)
				id = mnl_attr_get_u32(a);
			break;
		}
	}
	if (name && id && !strcmp(name, BOND_GENL_MCGRP_EVENTS))
		fam->events_group = id;
	return MNL_CB_OK;
}

static int ctrl_family_cb(const struct nlmsghdr *nlh, void *data)
{
	struct genl_family_info *fam = data;
	const struct nlattr *a, *grp;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr)) {
		switch (mnl_attr_get_type(a)) {
		case CTRL_ATTR_FAMILY_ID:
			if (mnl_attr_validate(a, MNL_TYPE_U16) >= 0)
				fam->id = mnl_attr_get_u16(a);
			break;
		case CTRL_ATTR_MCAST_GROUPS:
			mnl_attr_for_each_nested(grp, a)
				ctrl_group_cb(grp, fam);
			break;
		}
	}
	return MNL_CB_OK;
}

/*
 * Open a generic netlink socket and look up our family. Returns 0, or
 * EXIT_NOFAMILY / EXIT_FAIL after saying why.
 */
static int bondctl_nl_open(struct bondctl_nl *nl)
{
	/*
	 * Large: the kernel sizes the messages of a dump by the largest
	 * receive buffer seen on the socket, and show's first dump message
	 * is built before show's own receive.
	 */
	static char buf[32768];
	struct genlmsghdr *genl;
	struct nlmsghdr *nlh;
	ssize_t n;
	int ret;

	memset(nl, 0, sizeof(*nl));
	nl->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sock) {
		fprintf(stderr, PROG ": cannot open a generic netlink socket: %s\n",
			strerror(errno));
		return EXIT_FAIL;
	}
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		fprintf(stderr, PROG ": cannot bind the netlink socket: %s\n",
			strerror(errno));
		goto err;
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = (unsigned int)getpid();

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	nlh->nlmsg_seq = ++nl->seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = CTRL_CMD_GETFAMILY;
	genl->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, BOND_GENL_NAME);

	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0) {
		fprintf(stderr, PROG ": cannot query generic netlink: %s\n",
			strerror(errno));
		goto err;
	}
	do {
		n = mnl_socket_recvfrom(nl->sock, buf, sizeof(buf));
		if (n < 0) {
			ret = MNL_CB_ERROR;
			break;
		}
		ret = mnl_cb_run(buf, n, nl->seq, nl->portid, ctrl_family_cb,
				 &nl->fam);
	} while (ret > MNL_CB_STOP);

	if (ret < 0) {
		if (errno == ENOENT) {
			fprintf(stderr, PROG ": the \"%s\" generic netlink family is not registered (is the bonding module loaded?)\n",
				BOND_GENL_NAME);
			mnl_socket_close(nl->sock);
			nl->sock = NULL;
			return EXIT_NOFAMILY;
		}
		fprintf(stderr, PROG ": cannot look up the \"%s\" family: %s\n",
			BOND_GENL_NAME, strerror(errno));
		goto err;
	}
	if (!nl->fam.id) {
		fprintf(stderr, PROG ": no id for the \"%s\" family\n",
			BOND_GENL_NAME);
		goto err;
	}
	return 0;
err:
	mnl_socket_close(nl->sock);
	nl->sock = NULL;
	return EXIT_FAIL;
}

static void bondctl_nl_close(struct bondctl_nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	nl->sock = NULL;
}

/* --- monitor ------------------------------------------------------------ */

static const char *const reason_names[] = {
	[BOND_GENL_REASON_NONE]		= "none",
	[BOND_GENL_REASON_CARRIER]	= "carrier",
	[BOND_GENL_REASON_ARP]		= "arp",
	[BOND_GENL_REASON_NS]		= "ns",
	[BOND_GENL_REASON_ADMIN]	= "admin",
	[BOND_GENL_REASON_REMOVED]	= "removed",
	[BOND_GENL_REASON_RECOVERED]	= "recovered",
	[BOND_GENL_REASON_PRIMARY]	= "primary",
	[BOND_GENL_REASON_SUPPRESSED]	= "suppressed: flapping",
};

static const char *const link_names[] = {
	[BOND_GENL_LINK_UP]	= "up",
	[BOND_GENL_LINK_FAIL]	= "fail",
	[BOND_GENL_LINK_DOWN]	= "down",
	[BOND_GENL_LINK_BACK]	= "back",
};

static const char *const event_names[] = {
	[BOND_GENL_CMD_SLAVE_STATE]	= "slave",
	[BOND_GENL_CMD_FAILOVER]	= "failover",
	[BOND_GENL_CMD_ENSLAVE]		= "enslave",
	[BOND_GENL_CMD_RELEASE]		= "release",
};

static const char *name_of(const char *const *names, size_t n, unsigned int v)
{
	return v < n && names[v] ? names[v] : "unknown";
}

/* attribute types for validation; unknown (newer) attributes are skipped */
static const enum mnl_attr_data_type attr_types[BOND_GENL_A_MAX + 1] = {
	[BOND_GENL_A_BOND_IFINDEX]		= MNL_TYPE_U32,
	[BOND_GENL_A_BOND_NAME]			= MNL_TYPE_NUL_STRING,
	[BOND_GENL_A_SLAVE_IFINDEX]		= MNL_TYPE_U32,
	[BOND_GENL_A_SLAVE_NAME]		= MNL_TYPE_NUL_STRING,
	[BOND_GENL_A_OLD_STATE]			= MNL_TYPE_U8,
	[BOND_GENL_A_NEW_STATE]			= MNL_TYPE_U8,
	[BOND_GENL_A_BACKUP]			= MNL_TYPE_U8,
	[BOND_GENL_A_REASON]			= MNL_TYPE_U8,
	[BOND_GENL_A_OLD_ACTIVE_IFINDEX]	= MNL_TYPE_U32,
	[BOND_GENL_A_OLD_ACTIVE_NAME]		= MNL_TYPE_NUL_STRING,
	[BOND_GENL_A_NEW_ACTIVE_IFINDEX]	= MNL_TYPE_U32,
	[BOND_GENL_A_NEW_ACTIVE_NAME]		= MNL_TYPE_NUL_STRING,
	[BOND_GENL_A_USEC]			= MNL_TYPE_U64,
	[BOND_GENL_A_TIMESTAMP]			= MNL_TYPE_U64,
};

struct monitor_opts {
	bool json;
	const char *bond;		/* only this bond's events, or NULL */
};

struct event {
	const struct nlattr *tb[BOND_GENL_A_MAX + 1];
};

static int event_attr_cb(const struct nlattr *a, void *data)
{
	struct event *ev = data;
	unsigned int type = mnl_attr_get_type(a);

	if (type > BOND_GENL_A_MAX || !attr_types[type])
		return MNL_CB_OK;
	if (mnl_attr_validate(a, attr_types[type]) < 0)
		return MNL_CB_OK;	/* malformed: treat as absent */
	ev->tb[type] = a;
	return MNL_CB_OK;
}

static const char *ev_str(const struct event *ev, int type)
{
	return ev->tb[type] ? mnl_attr_get_str(ev->tb[type]) : NULL;
}

static uint64_t ev_num(const struct event *ev, int type)
{
	const struct nlattr *a = ev->tb[type];

	if (!a)
		return 0;
	switch (attr_types[type]) {
	case MNL_TYPE_U8:
		return mnl_attr_get_u8(a);
	case MNL_TYPE_U32:
		return mnl_attr_get_u32(a);
	case MNL_TYPE_U64:
		return mnl_attr_get_u64(a);
	default:
		return 0;
	}
}

/* a JSON string, or null */
static void json_str(const char *key, const char *s)
{
	const unsigned char *p;

	printf(",\"%s\":", key);
	if (!s) {
		fputs("null", stdout);
		return;
	}
	putchar('"');
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

/* a JSON number, or null when the attribute is absent */
static void json_num(const struct event *ev, const char *key, int type)
{
	if (ev->tb[type])
		printf(",\"%s\":%" PRIu64, key, ev_num(ev, type));
	else
		printf(",\"%s\":null", key);
}

static const char *ev_link(const struct event *ev, int type)
{
	if (!ev->tb[type])
		return NULL;
	return name_of(link_names, ARRAY_SIZE(link_names), ev_num(ev, type));
}

static void print_json(const struct event *ev, unsigned int cmd)
{
	printf("{\"event\":\"%s\"",
	       name_of(event_names, ARRAY_SIZE(event_names), cmd));
	json_str("bond", ev_str(ev, BOND_GENL_A_BOND_NAME));
	json_num(ev, "bond_ifindex", BOND_GENL_A_BOND_IFINDEX);
	switch (cmd) {
	case BOND_GENL_CMD_FAILOVER:
		json_str("from", ev_str(ev, BOND_GENL_A_OLD_ACTIVE_NAME));
		json_num(ev, "from_ifindex", BOND_GENL_A_OLD_ACTIVE_IFINDEX);
		json_str("to", ev_str(ev, BOND_GENL_A_NEW_ACTIVE_NAME));
		json_num(ev, "to_ifindex", BOND_GENL_A_NEW_ACTIVE_IFINDEX);
		break;
	default:
		json_str("slave", ev_str(ev, BOND_GENL_A_SLAVE_NAME));
		json_num(ev, "slave_ifindex", BOND_GENL_A_SLAVE_IFINDEX);
		json_str("old", ev_link(ev, BOND_GENL_A_OLD_STATE));
		json_str("new", ev_link(ev, BOND_GENL_A_NEW_STATE));
		printf(",\"backup\":%s",
		       !ev->tb[BOND_GENL_A_BACKUP] ? "null" :
		       ev_num(ev, BOND_GENL_A_BACKUP) ? "true" : "false");
		break;
	}
	json_str("reason", ev->tb[BOND_GENL_A_REASON] ?
		 name_of(reason_names, ARRAY_SIZE(reason_names),
			 ev_num(ev, BOND_GENL_A_REASON)) : NULL);
	if (cmd == BOND_GENL_CMD_FAILOVER)
		json_num(ev, "usec", BOND_GENL_A_USEC);
	json_num(ev, "timestamp_ns", BOND_GENL_A_TIMESTAMP);
	puts("}");
}

static const char *or_none(const char *s)
{
	return s ? s : "none";
}

static void print_text(const struct event *ev, unsigned int cmd)
{
	const char *reason = name_of(reason_names, ARRAY_SIZE(reason_names),
				     ev_num(ev, BOND_GENL_A_REASON));

	printf("%s bond=%s",
	       name_of(event_names, ARRAY_SIZE(event_names), cmd),
	       or_none(ev_str(ev, BOND_GENL_A_BOND_NAME)));
	switch (cmd) {
	case BOND_GENL_CMD_FAILOVER:
		printf(" from=%s to=%s reason=%s usec=%" PRIu64 "\n",
		       or_none(ev_str(ev, BOND_GENL_A_OLD_ACTIVE_NAME)),
		       or_none(ev_str(ev, BOND_GENL_A_NEW_ACTIVE_NAME)),
		       reason, ev_num(ev, BOND_GENL_A_USEC));
		break;
	case BOND_GENL_CMD_SLAVE_STATE:
		printf(" slave=%s old=%s new=%s reason=%s backup=%" PRIu64 "\n",
		       or_none(ev_str(ev, BOND_GENL_A_SLAVE_NAME)),
		       or_none(ev_link(ev, BOND_GENL_A_OLD_STATE)),
		       or_none(ev_link(ev, BOND_GENL_A_NEW_STATE)),
		       reason, ev_num(ev, BOND_GENL_A_BACKUP));
		break;
	case BOND_GENL_CMD_ENSLAVE:
		printf(" slave=%s new=%s reason=%s backup=%" PRIu64 "\n",
		       or_none(ev_str(ev, BOND_GENL_A_SLAVE_NAME)),
		       or_none(ev_link(ev, BOND_GENL_A_NEW_STATE)),
		       reason, ev_num(ev, BOND_GENL_A_BACKUP));
		break;
	default:
		printf(" slave=%s reason=%s\n",
		       or_none(ev_str(ev, BOND_GENL_A_SLAVE_NAME)), reason);
		break;
	}
}

struct monitor_ctx {
	const struct monitor_opts *opts;
	uint16_t family;
};

static int monitor_cb(const struct nlmsghdr *nlh, void *data)
{
	struct monitor_ctx *ctx = data;
	const struct genlmsghdr *genl;
	const char *bond;
	struct event ev;

	if (nlh->nlmsg_type != ctx->family ||
	    nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(*genl))
		return MNL_CB_OK;
	genl = mnl_nlmsg_get_payload(nlh);
	if (genl->cmd < BOND_GENL_CMD_SLAVE_STATE ||
	    genl->cmd > BOND_GENL_CMD_MAX)
		return MNL_CB_OK;	/* a newer event: not ours to print */

	memset(&ev, 0, sizeof(ev));
	mnl_attr_parse(nlh, sizeof(*genl), event_attr_cb, &ev);
	bond = ev_str(&ev, BOND_GENL_A_BOND_NAME);
	if (ctx->opts->bond && (!bond || strcmp(bond, ctx->opts->bond)))
		return MNL_CB_OK;

	if (ctx->opts->json)
		print_json(&ev, genl->cmd);
	else
		print_text(&ev, genl->cmd);
	fflush(stdout);
	return MNL_CB_OK;
}

/*
 * Set by the handler, which runs only inside ppoll() (the signals are
 * blocked everywhere else), so a plain variable read after it will do.
 */
static sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

/*
 * SIGINT and SIGTERM end the monitor with status 0. They stay blocked but
 * while waiting in ppoll(), so one cannot slip in between the check and
 * the wait. @waitmask gets the mask to wait with.
 */
static int install_signals(sigset_t *waitmask)
{
	struct sigaction sa;
	sigset_t block;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &block, waitmask) ||
	    sigaction(SIGINT, &sa, NULL) || sigaction(SIGTERM, &sa, NULL))
		return -1;
	sigdelset(waitmask, SIGINT);
	sigdelset(waitmask, SIGTERM);
	return 0;
}

/* Wait for @fd to be readable or a signal. 1: readable, 0: signal, -1. */
static int wait_readable(int fd, const sigset_t *waitmask)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	if (ppoll(&pfd, 1, NULL, waitmask) < 0)
		return errno == EINTR ? 0 : -1;
	return 1;
}

static void monitor_usage(FILE *f)
{
	fprintf(f, "Usage: " PROG " monitor [--json] [BOND]\n");
}

static int cmd_monitor(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct monitor_opts opts = { 0 };
	struct monitor_ctx ctx = { .opts = &opts };
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct bondctl_nl nl;
	int c, ret, group;
	sigset_t waitmask;
	ssize_t n;

	optind = 1;
	while ((c = getopt_long(argc, argv, "jh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			opts.json = true;
			break;
		case 'h':
			monitor_usage(stdout);
			return EXIT_OK;
		default:
			monitor_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (argc - optind > 1) {
		monitor_usage(stderr);
		return EXIT_USAGE;
	}
	if (optind < argc) {
		opts.bond = argv[optind];
		if (strlen(opts.bond) >= IFNAMSIZ) {
			fprintf(stderr, PROG ": %s: interface name too long\n",
				opts.bond);
			return EXIT_USAGE;
		}
	}

	if (install_signals(&waitmask)) {
		fprintf(stderr, PROG ": cannot install signal handlers: %s\n",
			strerror(errno));
		return EXIT_FAIL;
	}
	ret = bondctl_nl_open(&nl);
	if (ret)
		return ret;
	if (!nl.fam.events_group) {
		fprintf(stderr, PROG ": the \"%s\" family has no \"%s\" group\n",
			BOND_GENL_NAME, BOND_GENL_MCGRP_EVENTS);
		bondctl_nl_close(&nl);
		return EXIT_FAIL;
	}
	group = (int)nl.fam.events_group;
	if (mnl_socket_setsockopt(nl.sock, NETLINK_ADD_MEMBERSHIP, &group,
				  sizeof(group)) < 0) {
		fprintf(stderr, PROG ": cannot join the \"%s\" group: %s\n",
			BOND_GENL_MCGRP_EVENTS, strerror(errno));
		bondctl_nl_close(&nl);
		return EXIT_FAIL;
	}
	ctx.family = nl.fam.id;

	ret = EXIT_OK;
	while (!stop_signal) {
		c = wait_readable(mnl_socket_get_fd(nl.sock), &waitmask);
		if (c <= 0) {
			if (c < 0) {
				fprintf(stderr, PROG ": poll: %s\n",
					strerror(errno));
				ret = EXIT_FAIL;
			}
			if (c < 0 || stop_signal)
				break;
			continue;
		}
		n = mnl_socket_recvfrom(nl.sock, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				/* we fell behind; the kernel dropped some */
				fprintf(stderr, PROG ": events lost (receive buffer overrun)\n");
				continue;
			}
			fprintf(stderr, PROG ": receive: %s\n", strerror(errno));
			ret = EXIT_FAIL;
			break;
		}
		/* notifications: sequence 0, from the kernel (port 0) */
		if (mnl_cb_run(buf, n, 0, 0, monitor_cb, &ctx) < 0 &&
		    errno != ESRCH && errno != EPROTO) {
			fprintf(stderr, PROG ": bad message: %s\n",
				strerror(errno));
		}
	}
	bondctl_nl_close(&nl);
	return ret;
}

/* --- requests: show and set ---------------------------------------------- */

/*
 * Replies to GET carry a bond's every value; with many slaves a message is
 * long, and the kernel sizes dump messages by the largest receive buffer
 * seen on the socket: receive with a big one from the start.
 */
#define REQ_BUFSIZE	(64 * 1024)

/* the kernel's extack message of the last failed request, or "" */
static char req_errmsg[256];

static int req_error_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;
	size_t off;

	(void)data;
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*err))) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		off = sizeof(*err);
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			off += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
		off = MNL_ALIGN(off);
		mnl_attr_for_each(a, nlh, off) {
			if (mnl_attr_get_type(a) == NLMSGERR_ATTR_MSG &&
			    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) >= 0)
				snprintf(req_errmsg, sizeof(req_errmsg), "%s",
					 mnl_attr_get_str(a));
		}
	}
	if (!err->error)
		return MNL_CB_STOP;	/* the ack */
	errno = -err->error;
	return MNL_CB_ERROR;
}

/* the end of a dump: an error the dump ended with comes as its payload */
static int req_done_cb(const struct nlmsghdr *nlh, void *data)
{
	const int *err = mnl_nlmsg_get_payload(nlh);

	(void)data;
	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(*err) && *err < 0) {
		errno = -*err;
		return MNL_CB_ERROR;
	}
	return MNL_CB_STOP;
}

/*
 * Send @nlh and run @cb on every reply until the ack or the end of the
 * dump. 0, or -errno (req_errmsg then holds the kernel's message, if any).
 */
static int req_run(struct bondctl_nl *nl, struct nlmsghdr *nlh,
		   mnl_cb_t cb, void *data)
{
	static mnl_cb_t ctl[NLMSG_MIN_TYPE] = {
		[NLMSG_ERROR] = req_error_cb,
		[NLMSG_DONE] = req_done_cb,
	};
	static char buf[REQ_BUFSIZE];
	unsigned int seq = nlh->nlmsg_seq;
	ssize_t n;
	int ret;

	req_errmsg[0] = '\0';
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		n = mnl_socket_recvfrom(nl->sock, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		ret = mnl_cb_run2(buf, n, seq, nl->portid, cb, data, ctl,
				  NLMSG_MIN_TYPE);
	} while (ret > MNL_CB_STOP);
	return ret < 0 ? -errno : 0;
}

static struct nlmsghdr *req_start(struct bondctl_nl *nl, char *buf,
				  uint8_t cmd, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = nl->fam.id;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++nl->seq;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = BOND_GENL_VERSION;
	return nlh;
}

/* ask for the extack messages, without our request echoed back */
static void req_sockopts(struct bondctl_nl *nl)
{
	int one = 1;

	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
}

/*
 * A failed request's exit status (see bondctl(8)), after saying why.
 * The permission check of the family refuses with EPERM and no message;
 * the option engine always explains its refusals.
 */
static int req_fail(const char *what, const char *bond, int err)
{
	const char *msg = req_errmsg[0] ? req_errmsg : strerror(-err);

	switch (-err) {
	case ENODEV:
		/* also an option naming a missing slave: the engine says so */
		if (req_errmsg[0] && strcmp(req_errmsg, "no such bond"))
			break;
		fprintf(stderr, PROG ": %s: no such bond \"%s\"\n", what,
			bond ? bond : "");
		return EXIT_NOBOND;
	case EPERM:
		if (!req_errmsg[0]) {
			fprintf(stderr, PROG ": %s: permission denied (needs CAP_NET_ADMIN)\n",
				what);
			return EXIT_PERM;
		}
		break;
	case ENOMEM:
	case ENOBUFS:
	case EMSGSIZE:
	case EBADMSG:
	case EPROTO:
		fprintf(stderr, PROG ": %s: %s\n", what, msg);
		return EXIT_FAIL;
	}
	fprintf(stderr, PROG ": %s: %s\n", what, msg);
	return req_errmsg[0] || -err == EINVAL || -err == ERANGE ?
	       EXIT_INVAL : EXIT_FAIL;
}

/* --- show ----------------------------------------------------------------- */

struct show_ctx {
	bool json;
	unsigned int bonds;		/* printed so far */
	uint16_t family;
};

/* a JSON string */
static void json_quote(const char *s)
{
	const unsigned char *p;

	putchar('"');
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

/* a decimal integer as JSON writes it: -?(0|[1-9][0-9]*), fits in 64 bits */
static bool is_json_int(const char *s)
{
	const char *d = *s == '-' ? s + 1 : s;
	size_t len = strlen(d);

	if (!len || len > 18 || (d[0] == '0' && len > 1))
		return false;
	return strspn(d, "0123456789") == len;
}

/* values that name interfaces: strings even when a name is all digits */
static bool is_text_key(const char *name)
{
	static const char *const keys[] = { "slaves", "primary", "active_slave" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keys); i++)
		if (!strcmp(name, keys[i]))
			return true;
	return false;
}

struct opt_pair {
	const char *name, *value;
	bool is_enum;
};

static int opt_attr_cb(const struct nlattr *a, void *data)
{
	struct opt_pair *o = data;

	switch (mnl_attr_get_type(a)) {
	case BOND_GENL_OPT_A_NAME:
		if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) >= 0)
			o->name = mnl_attr_get_str(a);
		break;
	case BOND_GENL_OPT_A_VALUE:
		if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING) >= 0)
			o->value = mnl_attr_get_str(a);
		break;
	case BOND_GENL_OPT_A_ENUM:
		o->is_enum = true;
		break;
	}
	return MNL_CB_OK;
}

/*
 * One value: text "key: value" at @indent, or a JSON member (after a comma
 * unless @first): an integer as a number, "NAME N" of an enumerated option
 * as {"name": NAME, "value": N}, anything else as a string.
 */
static void print_opt(const struct show_ctx *ctx, const struct nlattr *nest,
		      const char *indent, bool first)
{
	struct opt_pair o = { 0 };
	const char *sp;

	mnl_attr_parse_nested(nest, opt_attr_cb, &o);
	if (!o.name || !o.value)
		return;
	if (!ctx->json) {
		printf("%s%s:%s%s\n", indent, o.name, *o.value ? " " : "",
		       o.value);
		return;
	}
	printf("%s", first ? "" : ",");
	json_quote(o.name);
	putchar(':');
	sp = o.is_enum ? strrchr(o.value, ' ') : NULL;
	if (sp && is_json_int(sp + 1)) {
		char name[256];

		snprintf(name, sizeof(name), "%.*s", (int)(sp - o.value),
			 o.value);
		fputs("{\"name\":", stdout);
		json_quote(name);
		printf(",\"value\":%s}", sp + 1);
	} else if (is_json_int(o.value) && !is_text_key(o.name)) {
		fputs(o.value, stdout);
	} else {
		json_quote(o.value);
	}
}

static void print_slave(const struct show_ctx *ctx, const struct nlattr *nest,
			bool first)
{
	const struct nlattr *a;
	const char *name = "?";
	uint32_t ifindex = 0;

	mnl_attr_for_each_nested(a, nest) {
		if (mnl_attr_get_type(a) == BOND_GENL_SLAVE_A_NAME &&
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) >= 0)
			name = mnl_attr_get_str(a);
		else if (mnl_attr_get_type(a) == BOND_GENL_SLAVE_A_IFINDEX &&
			 mnl_attr_validate(a, MNL_TYPE_U32) >= 0)
			ifindex = mnl_attr_get_u32(a);
	}
	if (ctx->json) {
		printf("%s{\"name\":", first ? "" : ",");
		json_quote(name);
		printf(",\"ifindex\":%u", ifindex);
	} else {
		printf("  slave %s (ifindex %u)\n", name, ifindex);
	}
	mnl_attr_for_each_nested(a, nest)
		if (mnl_attr_get_type(a) == BOND_GENL_SLAVE_A_OPTION)
			print_opt(ctx, a, "    ", false);
	if (ctx->json)
		putchar('}');
}

static int show_cb(const struct nlmsghdr *nlh, void *data)
{
	struct show_ctx *ctx = data;
	const struct genlmsghdr *genl;
	const struct nlattr *a;
	const char *name = "?";
	uint32_t ifindex = 0;
	bool first;

	if (nlh->nlmsg_type != ctx->family ||
	    nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(*genl))
		return MNL_CB_OK;
	genl = mnl_nlmsg_get_payload(nlh);
	if (genl->cmd != BOND_GENL_CMD_GET)
		return MNL_CB_OK;

	mnl_attr_for_each(a, nlh, sizeof(*genl)) {
		if (mnl_attr_get_type(a) == BOND_GENL_A_BOND_NAME &&
		    mnl_attr_validate(a, MNL_TYPE_NUL_STRING) >= 0)
			name = mnl_attr_get_str(a);
		else if (mnl_attr_get_type(a) == BOND_GENL_A_BOND_IFINDEX &&
			 mnl_attr_validate(a, MNL_TYPE_U32) >= 0)
			ifindex = mnl_attr_get_u32(a);
	}
	if (ctx->json) {
		printf("%s{\"name\":", ctx->bonds ? "," : "");
		json_quote(name);
		printf(",\"ifindex\":%u,\"options\":{", ifindex);
	} else {
		printf("%sbond %s (ifindex %u)\n", ctx->bonds ? "\n" : "",
		       name, ifindex);
	}
	first = true;
	mnl_attr_for_each(a, nlh, sizeof(*genl)) {
		if (mnl_attr_get_type(a) != BOND_GENL_A_OPTION)
			continue;
		print_opt(ctx, a, "  ", first);
		first = false;
	}
	if (ctx->json)
		fputs("},\"slaves\":[", stdout);
	first = true;
	mnl_attr_for_each(a, nlh, sizeof(*genl)) {
		if (mnl_attr_get_type(a) != BOND_GENL_A_SLAVE)
			continue;
		print_slave(ctx, a, first);
		first = false;
	}
	if (ctx->json)
		fputs("]}", stdout);
	ctx->bonds++;
	return MNL_CB_OK;
}

static void show_usage(FILE *f)
{
	fprintf(f, "Usage: " PROG " show [--json] [BOND]\n");
}

static int cmd_show(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct show_ctx ctx = { 0 };
	const char *bond = NULL;
	struct bondctl_nl nl;
	struct nlmsghdr *nlh;
	int c, err;

	optind = 1;
	while ((c = getopt_long(argc, argv, "jh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			ctx.json = true;
			break;
		case 'h':
			show_usage(stdout);
			return EXIT_OK;
		default:
			show_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (argc - optind > 1) {
		show_usage(stderr);
		return EXIT_USAGE;
	}
	if (optind < argc) {
		bond = argv[optind];
		if (!*bond || strlen(bond) >= IFNAMSIZ) {
			fprintf(stderr, PROG ": \"%s\": not an interface name\n",
				bond);
			return EXIT_USAGE;
		}
	}

	err = bondctl_nl_open(&nl);
	if (err)
		return err;
	req_sockopts(&nl);
	ctx.family = nl.fam.id;
	nlh = req_start(&nl, buf, BOND_GENL_CMD_GET, bond ? 0 : NLM_F_DUMP);
	if (bond)
		mnl_attr_put_strz(nlh, BOND_GENL_A_BOND_NAME, bond);

	if (ctx.json)
		fputs("{\"bonds\":[", stdout);
	err = req_run(&nl, nlh, show_cb, &ctx);
	if (ctx.json)
		puts("]}");
	fflush(stdout);
	bondctl_nl_close(&nl);
	if (err)
		return req_fail("show", bond, err);
	return EXIT_OK;
}

/* --- set ------------------------------------------------------------------ */

static void set_usage(FILE *f)
{
	fprintf(f, "Usage: " PROG " set BOND OPTION=VALUE [OPTION=VALUE...]\n");
}

static int cmd_set(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	static char buf[REQ_BUFSIZE];
	struct bondctl_nl nl;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	const char *bond;
	int c, i, err;
	char *eq;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			set_usage(stdout);
			return EXIT_OK;
		default:
			set_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (argc - optind < 2) {
		set_usage(stderr);
		return EXIT_USAGE;
	}
	bond = argv[optind++];
	if (!*bond || strlen(bond) >= IFNAMSIZ) {
		fprintf(stderr, PROG ": \"%s\": not an interface name\n", bond);
		return EXIT_USAGE;
	}
	for (i = optind; i < argc; i++) {
		eq = strchr(argv[i], '=');
		if (!eq || eq == argv[i] ||
		    eq - argv[i] > BOND_GENL_OPT_NAME_MAX ||
		    strlen(eq + 1) > BOND_GENL_OPT_VALUE_MAX) {
			fprintf(stderr, PROG ": \"%s\": not OPTION=VALUE (option names up to %d characters, values up to %d)\n",
				argv[i], BOND_GENL_OPT_NAME_MAX,
				BOND_GENL_OPT_VALUE_MAX);
			return EXIT_USAGE;
		}
	}

	err = bondctl_nl_open(&nl);
	if (err)
		return err;
	req_sockopts(&nl);
	nlh = req_start(&nl, buf, BOND_GENL_CMD_SET, 0);
	mnl_attr_put_strz(nlh, BOND_GENL_A_BOND_NAME, bond);
	for (i = optind; i < argc; i++) {
		eq = strchr(argv[i], '=');
		*eq = '\0';
		nest = mnl_attr_nest_start(nlh, BOND_GENL_A_OPTION);
		mnl_attr_put_strz(nlh, BOND_GENL_OPT_A_NAME, argv[i]);
		mnl_attr_put_strz(nlh, BOND_GENL_OPT_A_VALUE, eq + 1);
		mnl_attr_nest_end(nlh, nest);
		*eq = '=';
	}
	err = req_run(&nl, nlh, NULL, NULL);
	bondctl_nl_close(&nl);
	if (err)
		return req_fail("set", bond, err);
	return EXIT_OK;
}

/* --- main --------------------------------------------------------------- */

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *help;
};

static const struct command commands[] = {
	{ "monitor", cmd_monitor, "monitor [--json] [BOND]   print failure events" },
	{ "show", cmd_show, "show [--json] [BOND]      print every value of the bonds and their slaves" },
	{ "set", cmd_set, "set BOND OPTION=VALUE...  set options of a bond" },
};

static void usage(FILE *f)
{
	size_t i;

	fprintf(f, "Usage: " PROG " [-h|-V] COMMAND [ARGS]\nCommands:\n");
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %s\n", commands[i].help);
}

int main(int argc, char **argv)
{
	static char prog_cmd[64];
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
		printf(PROG " " VERSION "\n");
		return EXIT_OK;
	}
	for (i = 0; i < ARRAY_SIZE(commands); i++) {
		if (strcmp(argv[1], commands[i].name))
			continue;
		/* getopt's messages then start with "bondctl COMMAND:" */
		snprintf(prog_cmd, sizeof(prog_cmd), PROG " %s",
			 commands[i].name);
		argv[1] = prog_cmd;
		return commands[i].run(argc - 1, argv + 1);
	}
	fprintf(stderr, PROG ": unknown command \"%s\"\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
