// SPDX-License-Identifier: GPL-2.0
/*
 * ifenslave: attach, detach and inspect bonding slaves with the SIOCBOND* ioctls.
 */

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <linux/sockios.h>
#include <linux/if_bonding.h>

#ifndef ifr_slave
#define ifr_slave ifr_ifru.ifru_slave
#endif

#define PROG "ifenslave"
#define VERSION "1.0"
#define BONDING_MASTERS "/sys/class/net/bonding_masters"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define EXIT_OPFAIL 1
#define EXIT_USAGE 2

enum action {
	ACT_NONE,
	ACT_ENSLAVE,
	ACT_DETACH,
	ACT_CHANGE_ACTIVE,
	ACT_SHOW_ALL,
	ACT_SHOW_ONE,
};

static int sock = -1;
static bool verbose;
static bool force;

static const char * const mode_names[] = {
	[BOND_MODE_ROUNDROBIN] = "balance-rr",
	[BOND_MODE_ACTIVEBACKUP] = "active-backup",
	[BOND_MODE_XOR] = "balance-xor",
	[BOND_MODE_BROADCAST] = "broadcast",
	[BOND_MODE_8023AD] = "802.3ad",
	[BOND_MODE_TLB] = "balance-tlb",
	[BOND_MODE_ALB] = "balance-alb",
};

static const char * const link_names[] = {
	[BOND_LINK_UP] = "up",
	[BOND_LINK_FAIL] = "going down",
	[BOND_LINK_DOWN] = "down",
	[BOND_LINK_BACK] = "going back",
};

static const char * const state_names[] = {
	[BOND_STATE_ACTIVE] = "active",
	[BOND_STATE_BACKUP] = "backup",
};

static const struct option long_opts[] = {
	{ "all-interfaces", no_argument, NULL, 'a' },
	{ "change-active", no_argument, NULL, 'c' },
	{ "detach", no_argument, NULL, 'd' },
	{ "force", no_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: " PROG " [-f] [-v] BOND SLAVE...     enslave SLAVEs to BOND\n"
		"       " PROG " -d [-v] BOND SLAVE...       release SLAVEs from BOND\n"
		"       " PROG " -c [-v] BOND SLAVE          make SLAVE the active slave\n"
		"       " PROG " [-a]                        show all bonding masters\n"
		"       " PROG " BOND                        show BOND\n"
		"       " PROG " -h | -V\n"
		"\n"
		"Options:\n"
		"  -a, --all-interfaces  show information about all bonding masters\n"
		"  -c, --change-active   change the active slave of BOND to SLAVE\n"
		"  -d, --detach          release (detach) SLAVEs from BOND\n"
		"  -f, --force           enslave even when sanity checks fail\n"
		"  -h, --help            show this help and exit\n"
		"  -v, --verbose         print each ioctl as it is done\n"
		"  -V, --version         show the version and exit\n");
}

static const char *name_of(const char * const *names, size_t n, int val)
{
	if (val < 0 || (size_t)val >= n || !names[val])
		return "unknown";
	return names[val];
}

static const char *ioctl_name(unsigned long req)
{
	switch (req) {
	case SIOCGIFFLAGS:
		return "SIOCGIFFLAGS";
	case SIOCSIFFLAGS:
		return "SIOCSIFFLAGS";
	case SIOCGIFADDR:
		return "SIOCGIFADDR";
	case SIOCBONDENSLAVE:
		return "SIOCBONDENSLAVE";
	case SIOCBONDRELEASE:
		return "SIOCBONDRELEASE";
	case SIOCBONDCHANGEACTIVE:
		return "SIOCBONDCHANGEACTIVE";
	case SIOCBONDINFOQUERY:
		return "SIOCBONDINFOQUERY";
	case SIOCBONDSLAVEINFOQUERY:
		return "SIOCBONDSLAVEINFOQUERY";
	}
	return "ioctl";
}

/* Do one ioctl on ifr; with -v, trace it and its result on stderr. */
static int do_ioctl(unsigned long req, struct ifreq *ifr, const char *detail)
{
	int ret, err;

	ret = ioctl(sock, req, ifr);
	err = errno;
	if (verbose) {
		fprintf(stderr, PROG ": ioctl %s %s%s%s: %s\n", ioctl_name(req),
			ifr->ifr_name, detail ? " " : "", detail ? detail : "",
			ret < 0 ? strerror(err) : "ok");
	}
	errno = err;
	return ret;
}

static void set_name(struct ifreq *ifr, const char *name)
{
	memset(ifr, 0, sizeof(*ifr));
	strncpy(ifr->ifr_name, name, IFNAMSIZ - 1);
}

static int get_flags(const char *name, short *flags)
{
	struct ifreq ifr;

	set_name(&ifr, name);
	if (do_ioctl(SIOCGIFFLAGS, &ifr, NULL) < 0)
		return -1;
	*flags = ifr.ifr_flags;
	return 0;
}

static int set_flags(const char *name, short flags)
{
	struct ifreq ifr;
	char detail[32];

	set_name(&ifr, name);
	ifr.ifr_flags = flags;
	snprintf(detail, sizeof(detail), "flags 0x%x", (unsigned short)flags);
	return do_ioctl(SIOCSIFFLAGS, &ifr, detail);
}

/* Check that name is a plausible, existing interface; report it if not. */
static int check_iface(const char *name)
{
	if (!*name || strlen(name) >= IFNAMSIZ) {
		fprintf(stderr, PROG ": %s: invalid interface name\n", name);
		return -1;
	}
	if (!if_nametoindex(name)) {
		if (errno == ENODEV || errno == ENXIO)
			fprintf(stderr, PROG ": %s: no such interface\n", name);
		else
			fprintf(stderr, PROG ": %s: cannot look up interface: %s\n", name,
				strerror(errno));
		return -1;
	}
	return 0;
}

/* Check that bond exists and is a bonding master. */
static int check_master(const char *bond)
{
	short flags;

	if (check_iface(bond))
		return -1;
	if (get_flags(bond, &flags) < 0) {
		fprintf(stderr, PROG ": %s: cannot get interface flags: %s\n", bond,
			strerror(errno));
		return -1;
	}
	if (!(flags & IFF_MASTER)) {
		if (!force) {
			fprintf(stderr, PROG ": %s: not a bonding master\n", bond);
			return -1;
		}
		fprintf(stderr, PROG ": %s: not a bonding master, trying anyway (-f)\n", bond);
	}
	return 0;
}

/*
 * Bring the bond up, as classic ifenslave did, once per run and only when a
 * slave is about to be enslaved. Returns 0 if the bond is up.
 */
static int bond_up(const char *bond)
{
	static int state;	/* 0: not tried yet, 1: up, -1: failed */
	short flags;

	if (state)
		return state > 0 ? 0 : -1;
	state = -1;
	if (get_flags(bond, &flags) < 0) {
		fprintf(stderr, PROG ": %s: cannot get interface flags: %s\n", bond,
			strerror(errno));
		return -1;
	}
	if (!(flags & IFF_UP) && set_flags(bond, flags | IFF_UP) < 0) {
		fprintf(stderr, PROG ": %s: cannot bring the bond up: %s\n", bond,
			strerror(errno));
		return -1;
	}
	state = 1;
	return 0;
}

/* Returns 1 if name has an IPv4 address (put in buf), 0 if not, -1 on error. */
static int has_ipv4(const char *name, char *buf, size_t len)
{
	struct sockaddr_in sin;
	struct ifreq ifr;

	set_name(&ifr, name);
	if (do_ioctl(SIOCGIFADDR, &ifr, NULL) < 0)
		return errno == EADDRNOTAVAIL ? 0 : -1;
	memcpy(&sin, &ifr.ifr_addr, sizeof(sin));
	if (!inet_ntop(AF_INET, &sin.sin_addr, buf, len))
		snprintf(buf, len, "?");
	return 1;
}

static int bond_op(unsigned long req, const char *bond, const char *slave)
{
	struct ifreq ifr;
	char detail[IFNAMSIZ + 8];

	set_name(&ifr, bond);
	strncpy(ifr.ifr_slave, slave, IFNAMSIZ - 1);
	snprintf(detail, sizeof(detail), "slave %s", slave);
	return do_ioctl(req, &ifr, detail);
}

static int enslave_one(const char *bond, const char *slave)
{
	char addr[INET_ADDRSTRLEN];
	short flags;
	int err, ret;

	if (check_iface(slave))
		return -1;
	if (!strcmp(bond, slave)) {
		fprintf(stderr, PROG ": %s: cannot enslave a bond to itself\n", bond);
		return -1;
	}
	if (get_flags(slave, &flags) < 0) {
		fprintf(stderr, PROG ": %s: cannot get interface flags: %s\n", slave,
			strerror(errno));
		return -1;
	}

	ret = has_ipv4(slave, addr, sizeof(addr));
	if (ret < 0 && verbose)
		fprintf(stderr, PROG ": %s: cannot get the IPv4 address: %s\n", slave,
			strerror(errno));
	if (ret > 0 && !force) {
		fprintf(stderr,
			PROG ": %s: cannot enslave %s: it has IPv4 address %s (use -f to force)\n",
			bond, slave, addr);
		return -1;
	}
	if (ret > 0 && verbose)
		fprintf(stderr, PROG ": %s: has IPv4 address %s, enslaving anyway\n", slave, addr);

	if (bond_up(bond))
		return -1;

	/*
	 * The driver refuses devices that are up, and brings the slave up
	 * itself. Leave a device that is already a slave alone: taking it
	 * down would disturb the bond it belongs to.
	 */
	if ((flags & IFF_UP) && !(flags & IFF_SLAVE)) {
		if (set_flags(slave, flags & ~IFF_UP) < 0) {
			fprintf(stderr, PROG ": %s: cannot bring %s down: %s\n", bond, slave,
				strerror(errno));
			return -1;
		}
	}

	if (bond_op(SIOCBONDENSLAVE, bond, slave) < 0) {
		err = errno;
		fprintf(stderr, PROG ": %s: cannot enslave %s: %s%s\n", bond, slave,
			strerror(err), (flags & IFF_SLAVE) ? " (it is already a slave)" : "");
		/* Put back an up device we took down. */
		if ((flags & IFF_UP) && !(flags & IFF_SLAVE))
			set_flags(slave, flags);
		return -1;
	}
	return 0;
}

static int release_one(const char *bond, const char *slave)
{
	bool not_slave;
	short flags;
	int err;

	if (check_iface(slave))
		return -1;
	if (bond_op(SIOCBONDRELEASE, bond, slave) < 0) {
		err = errno;
		not_slave = !get_flags(slave, &flags) && !(flags & IFF_SLAVE);
		fprintf(stderr, PROG ": %s: cannot release %s: %s%s\n", bond, slave,
			strerror(err), not_slave ? " (it is not a slave)" : "");
		return -1;
	}
	return 0;
}

static int change_active(const char *bond, const char *slave)
{
	if (check_iface(slave))
		return -1;
	if (bond_op(SIOCBONDCHANGEACTIVE, bond, slave) < 0) {
		fprintf(stderr, PROG ": %s: cannot make %s the active slave: %s\n", bond, slave,
			strerror(errno));
		return -1;
	}
	return 0;
}

static int show_bond(const char *bond)
{
	struct ifbond info;
	struct ifslave si;
	struct ifreq ifr;
	char detail[24];
	int i, ret = 0;

	if (check_master(bond))
		return -1;

	memset(&info, 0, sizeof(info));
	set_name(&ifr, bond);
	ifr.ifr_data = (char *)&info;
	if (do_ioctl(SIOCBONDINFOQUERY, &ifr, NULL) < 0) {
		fprintf(stderr, PROG ": %s: cannot get bond information: %s\n", bond,
			strerror(errno));
		return -1;
	}
	printf("%s: mode %s (%d), %d slave%s, miimon %d ms\n", bond,
	       name_of(mode_names, ARRAY_SIZE(mode_names), info.bond_mode),
	       info.bond_mode, info.num_slaves, info.num_slaves == 1 ? "" : "s",
	       info.miimon);

	for (i = 0; i < info.num_slaves; i++) {
		memset(&si, 0, sizeof(si));
		si.slave_id = i;
		set_name(&ifr, bond);
		ifr.ifr_data = (char *)&si;
		snprintf(detail, sizeof(detail), "slave_id %d", i);
		if (do_ioctl(SIOCBONDSLAVEINFOQUERY, &ifr, detail) < 0) {
			fprintf(stderr, PROG ": %s: cannot get information on slave %d: %s\n",
				bond, i, strerror(errno));
			ret = -1;
			continue;
		}
		si.slave_name[IFNAMSIZ - 1] = '\0';
		printf("  slave %d: %s link %s state %s link failures %u\n", i, si.slave_name,
		       name_of(link_names, ARRAY_SIZE(link_names), si.link),
		       name_of(state_names, ARRAY_SIZE(state_names), si.state),
		       si.link_failure_count);
	}
	return ret;
}

static int show_all(void)
{
	char buf[4096], *name, *save = NULL;
	size_t len;
	int ret = 0, count = 0;
	FILE *f;

	f = fopen(BONDING_MASTERS, "r");
	if (!f) {
		if (errno == ENOENT)
			fprintf(stderr, PROG ": no bonding module is loaded (%s not found)\n",
				BONDING_MASTERS);
		else
			fprintf(stderr, PROG ": cannot open %s: %s\n", BONDING_MASTERS,
				strerror(errno));
		return -1;
	}
	len = fread(buf, 1, sizeof(buf) - 1, f);
	if (ferror(f)) {
		fprintf(stderr, PROG ": cannot read %s: %s\n", BONDING_MASTERS, strerror(errno));
		fclose(f);
		return -1;
	}
	fclose(f);
	buf[len] = '\0';

	for (name = strtok_r(buf, " \t\n", &save); name; name = strtok_r(NULL, " \t\n", &save)) {
		count++;
		if (show_bond(name))
			ret = -1;
	}
	if (!count)
		printf("no bonding masters\n");
	return ret;
}

static int usage_error(const char *msg)
{
	fprintf(stderr, PROG ": %s\n", msg);
	fprintf(stderr, "Try '" PROG " --help' for more information.\n");
	return EXIT_USAGE;
}

static int set_action(enum action *act, enum action new)
{
	if (*act != ACT_NONE && *act != new)
		return -1;
	*act = new;
	return 0;
}

int main(int argc, char **argv)
{
	enum action act = ACT_NONE;
	const char *bond;
	int c, i, nargs, ret = 0;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "acdfhvV", long_opts, NULL)) != -1) {
		switch (c) {
		case 'a':
			if (set_action(&act, ACT_SHOW_ALL))
				return usage_error("options -a, -c and -d are mutually exclusive");
			break;
		case 'c':
			if (set_action(&act, ACT_CHANGE_ACTIVE))
				return usage_error("options -a, -c and -d are mutually exclusive");
			break;
		case 'd':
			if (set_action(&act, ACT_DETACH))
				return usage_error("options -a, -c and -d are mutually exclusive");
			break;
		case 'f':
			force = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'v':
			verbose = true;
			break;
		case 'V':
			printf(PROG " " VERSION "\n");
			return 0;
		default:
			if (optopt)
				fprintf(stderr, PROG ": invalid option '-%c'\n", optopt);
			else
				fprintf(stderr, PROG ": invalid option '%s'\n", argv[optind - 1]);
			fprintf(stderr, "Try '" PROG " --help' for more information.\n");
			return EXIT_USAGE;
		}
	}
	nargs = argc - optind;

	switch (act) {
	case ACT_NONE:
		if (nargs == 0)
			act = ACT_SHOW_ALL;
		else if (nargs == 1)
			act = ACT_SHOW_ONE;
		else
			act = ACT_ENSLAVE;
		break;
	case ACT_SHOW_ALL:
		if (nargs)
			return usage_error("-a takes no interface names");
		break;
	case ACT_DETACH:
		if (nargs < 2)
			return usage_error("-d needs a bond and at least one slave");
		break;
	case ACT_CHANGE_ACTIVE:
		if (nargs != 2)
			return usage_error("-c needs exactly a bond and one slave");
		break;
	default:
		break;
	}

	sock = socket(AF_INET, SOCK_DGRAM, 0);
	if (sock < 0) {
		fprintf(stderr, PROG ": cannot open a socket: %s\n", strerror(errno));
		return EXIT_OPFAIL;
	}

	bond = nargs ? argv[optind] : NULL;
	switch (act) {
	case ACT_SHOW_ALL:
		ret = show_all();
		break;
	case ACT_SHOW_ONE:
		ret = show_bond(bond);
		break;
	case ACT_CHANGE_ACTIVE:
		ret = check_master(bond);
		if (!ret)
			ret = change_active(bond, argv[optind + 1]);
		break;
	case ACT_DETACH:
		ret = check_master(bond);
		if (ret)
			break;
		for (i = optind + 1; i < argc; i++)
			if (release_one(bond, argv[i]))
				ret = -1;
		break;
	case ACT_ENSLAVE:
		ret = check_master(bond);
		if (ret)
			break;
		for (i = optind + 1; i < argc; i++)
			if (enslave_one(bond, argv[i]))
				ret = -1;
		break;
	default:
		break;
	}

	close(sock);
	return ret ? EXIT_OPFAIL : 0;
}
