# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the selftests. Source it first thing:
#
#	. "$(dirname "$0")/lib.sh"
#
# A test reports cases with pass/fail/skip (or check/check_eq, which decide
# for it). Each becomes one "PASS|FAIL|SKIP <test>/<case> [reason]" line.
# Tests run inside the guest as root, one at a time; the runner cleans up
# namespaces, links and modules between them, but tests should still tidy
# after themselves through the helpers below.

BT_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
T_NAME=${T_NAME:-$(basename "$0" .sh)}
T_RESULTS=${T_RESULTS:-/dev/stdout}
T_FAILED=0
T_NETNS=()

_result() {	# STATUS CASE [REASON]
	local line="$1 $T_NAME${2:+/$2}"
	[ -n "${3:-}" ] && line="$line $3"
	echo "$line" >>"$T_RESULTS"
	[ "$T_RESULTS" = /dev/stdout ] || echo "$line"
}
pass() { _result PASS "$1"; }
fail() { _result FAIL "$1" "${2:-}"; T_FAILED=1; }
skip() { _result SKIP "$1" "${2:-}"; }

# check CASE CMD...: pass when CMD succeeds.
check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		pass "$name"
	else
		fail "$name" "($* -> $(echo "$out" | tail -1))"
	fi
}

# check_fail CASE CMD...: pass when CMD fails.
check_fail() {
	local name=$1
	shift
	if "$@" >/dev/null 2>&1; then
		fail "$name" "($* succeeded)"
	else
		pass "$name"
	fi
}

# check_eq CASE EXPECTED ACTUAL
check_eq() {
	if [ "$2" = "$3" ]; then
		pass "$1"
	else
		fail "$1" "(expected '$2', got '$3')"
	fi
}

# wait_for TIMEOUT_SEC CMD...: poll CMD every 0.1 s until it succeeds.
wait_for() {
	local end=$((SECONDS + $1))
	shift
	while ! "$@" >/dev/null 2>&1; do
		[ $SECONDS -ge $end ] && return 1
		sleep 0.1
	done
}

# stays SECONDS CMD...: CMD holds at every 0.1 s sample for SECONDS.
stays() {
	local end=$((SECONDS + $1))
	shift
	while [ $SECONDS -lt $end ]; do
		"$@" >/dev/null 2>&1 || return 1
		sleep 0.1
	done
}

# --- the module under test ------------------------------------------------

BT_KVER=${BT_KVER:-$(uname -r)}
OUR_KO=/lib/modules/$BT_KVER/updates/bonding.ko

# module_is_ours: the loaded bonding module is the one under test.
module_is_ours() {
	[ -d /sys/module/bonding ] || return 1
	[ -n "${BT_SRCVERSION:-}" ] || return 1
	[ "$(cat /sys/module/bonding/srcversion 2>/dev/null)" = "$BT_SRCVERSION" ] ||
		return 1
	[ "$(modinfo -n bonding 2>/dev/null)" = "$OUR_KO" ]
}

# bond_load [PARAM=VALUE...]: load our module, and abort the test if the
# loaded one is not ours.
bond_load() {
	modprobe bonding "$@" || { fail load "modprobe bonding $* failed"; exit 1; }
	if ! module_is_ours; then
		fail load "the loaded bonding module is not the one under test"
		exit 1
	fi
}

# bond_load_noconf [PARAM=VALUE...]: the same, ignoring /etc/modprobe.d and
# /lib/modprobe.d (Debian's systemd sets max_bonds=0 there).
bond_load_noconf() {
	modprobe -C /dev/null bonding "$@" ||
		{ fail load "modprobe -C /dev/null bonding $* failed"; exit 1; }
	module_is_ours || { fail load "the loaded bonding module is not ours"; exit 1; }
}

bond_unload() {
	local b
	for b in $(cat /sys/class/net/bonding_masters 2>/dev/null); do
		ip link del "$b" 2>/dev/null
	done
	rmmod bonding 2>/dev/null
	! [ -d /sys/module/bonding ]
}

# The stock module of the running kernel, for differential tests.
stock_ko() {
	find "/lib/modules/$BT_KVER/kernel/drivers/net/bonding" -name 'bonding.ko*' | head -1
}

# stock_load [PARAM=VALUE...]: load the kernel's own bonding.ko. Allowed
# only through this helper, which tells the runner it was on purpose.
stock_load() {
	mkdir -p /run/bt
	touch /run/bt/stock-allowed
	modprobe -q tls 2>/dev/null
	insmod "$(stock_ko)" "$@"
}

# module_guard: succeeds unless a bonding module other than ours is loaded
# without stock_load having said so. The runner calls it after every test.
module_guard() {
	[ -d /sys/module/bonding ] || return 0
	[ -f /run/bt/stock-allowed ] && return 0
	[ "$(cat /sys/module/bonding/srcversion 2>/dev/null)" = "${BT_SRCVERSION:-}" ]
}

# Kernel log lines that fail a test run.
BT_COMPLAINTS='WARNING:|BUG:|kernel BUG|Oops|general protection fault|scheduling while atomic|refcount_t:|list_add corruption|list_del corruption|Call Trace|KASAN|UBSAN|possible circular locking|possible recursive locking|inconsistent lock state|suspicious RCU usage|unregister_netdevice: waiting|kmemleak|stack-protector|Kernel panic|soft lockup|blocked for more than|detected stalls on CPU|rcu_sched detected stalls|rcu_preempt detected stalls|unreferenced object|ODEBUG:|DEBUG_LOCKS_WARN_ON'

# sysfs files of ours that stock has no counterpart for (beyond-stock
# features, Documentation/bonding.rst): differential scenarios leave them
# out of what they compare. BT_OUR_EXTRAS is a grep -E pattern for a file
# name; not_ours filters a list of names or paths on stdin.
BT_OUR_EXTRAS='(^|/)(flap_penalty|flap_half_life_ms|flap_suppress|flap_reuse|flap_max_suppress_ms|proc_extended|suppressed|arp_missed|arp_missed_total|ns_missed|ns_missed_total|last_seen_up|last_seen_down|last_failure)(:|$)'
not_ours() { grep -Ev "$BT_OUR_EXTRAS"; }

# Lines that match BT_COMPLAINTS but are a module's own words, no splat:
# pktgen says "WARNING:" when a device it still runs on goes away, which
# stress does on purpose (namespace deletion under traffic).
BT_BENIGN='^(\[[ 0-9.]*\] )?pktgen: WARNING: trying to remove a running interface, stopping it now$'

# kernel_complaints: the lines of stdin (a kernel log) that fail a run.
kernel_complaints() {
	grep -E "$BT_COMPLAINTS" | grep -Ev "$BT_BENIGN"
}

# mask_addrs: hide what differs between runs (MACs, the driver version).
mask_addrs() {
	sed -E 's/([0-9a-f]{2}:){5}[0-9a-f]{2}/MAC/g
		s/^(Ethernet Channel Bonding Driver:) .*/\1 VERSION/'
}

# clean_links: delete every link but lo (between the two halves of a
# differential test).
clean_links() {
	local d
	for d in $(ls /sys/class/net); do
		case "$d" in lo | bonding_masters) continue ;; esac
		ip link del "$d" 2>/dev/null
	done
}

# differential SCENARIO [ARGS...]: run SCENARIO (a script that drives
# whatever bonding module is loaded and prints what it observes) with the
# stock module and then with ours, addresses masked. DIFF_KO names the
# module file of the half running, for scenarios that reload it. Leaves the outputs in
# $DIFF_STOCK and $DIFF_OURS; returns 0 if they are identical.
DIFF_STOCK=/tmp/diff.stock
DIFF_OURS=/tmp/diff.ours
differential() {
	local scen=$1
	shift
	bond_unload >/dev/null 2>&1
	stock_load max_bonds=0 || { echo "cannot load the stock module" >$DIFF_STOCK; return 2; }
	DIFF_KO=$(stock_ko) bash "$scen" "$@" 2>&1 | mask_addrs >$DIFF_STOCK
	clean_links
	rmmod bonding
	rm -f /run/bt/stock-allowed
	bond_load max_bonds=0
	# our extack warnings (beyond stock) are not part of the comparison
	DIFF_KO=$OUR_KO bash "$scen" "$@" 2>&1 | mask_addrs |
		grep -v '^Warning: bonding: no link monitor' >$DIFF_OURS
	clean_links
	if [ -d "${BT_OUT:-}" ]; then
		cp $DIFF_STOCK "$BT_OUT/$T_NAME.$(basename "$scen" .sh).stock"
		cp $DIFF_OURS "$BT_OUT/$T_NAME.$(basename "$scen" .sh).ours"
	fi
	diff -q $DIFF_STOCK $DIFF_OURS >/dev/null
}

# check_differential CASE SCENARIO [ARGS...]: pass when both modules print
# the same; on failure show the start of the diff.
check_differential() {
	local name=$1
	shift
	if differential "$@"; then
		pass "$name"
	else
		fail "$name" "(stock and ours differ)"
		diff -u $DIFF_STOCK $DIFF_OURS | head -60 | sed 's/^/    /'
	fi
}

# --- namespaces and links -------------------------------------------------

# ns_add NAME...: create network namespaces (deleted by ns_cleanup).
ns_add() {
	local n
	for n in "$@"; do
		ip netns add "$n" || return 1
		ip -n "$n" link set lo up
		T_NETNS+=("$n")
	done
}

ns_cleanup() {
	local n
	for n in $(ip netns list | cut -d' ' -f1); do
		ip netns del "$n"
	done
	T_NETNS=()
}

# veth NAME PEER [PEER_NETNS]: a veth pair, PEER optionally moved away.
veth() {
	ip link add "$1" type veth peer name "$2" || return 1
	if [ -n "${3:-}" ]; then
		ip link set "$2" netns "$3" || return 1
		ip -n "$3" link set "$2" up
	fi
}

# peer_topology BOND_ARGS...: a bond b0 192.0.2.1/24 of v0 and v1, whose
# far ends p0 and p1 sit on a bridge br0 192.0.2.2/24 in netns "peer":
#
#   [ b0 192.0.2.1 ]                         netns "peer"
#     |-- v0 ===== veth ===== p0 --+
#     `-- v1 ===== veth ===== p1 --+-- br0 192.0.2.2
#
# The arguments follow "ip link add b0 type bond". peer_pull/peer_plug
# vDEV take the far end of a slave down and up (a cable pull).
# peer_bridge: only the peer side (netns, bridge, veths v0/p0 and v1/p1).
peer_bridge() {
	local i
	ns_add peer
	ip -n peer link add br0 type bridge
	ip -n peer link set br0 up
	ip -n peer addr add 192.0.2.2/24 dev br0
	for i in 0 1; do
		veth v$i p$i peer
		ip -n peer link set p$i master br0
	done
}
peer_topology() {
	peer_bridge
	ip link add b0 type bond "$@"
	ip link set v0 master b0
	ip link set v1 master b0
	ip link set b0 up
	ip addr add 192.0.2.1/24 dev b0
	wait_for 5 ping -c1 -W1 192.0.2.2
}
peer_teardown() {
	ip link del b0 2>/dev/null
	ip link del v0 2>/dev/null
	ip link del v1 2>/dev/null
	ns_cleanup
}
peer_pull() { ip -n peer link set "p${1#v}" down; }
peer_plug() { ip -n peer link set "p${1#v}" up; }

# sysfs_write FILE VALUE: write like "echo VALUE > FILE" and report errno
# text on failure (stderr), returning non-zero.
sysfs_write() {
	printf '%s\n' "$2" >"$1"
}

# errno_of CMD...: the errno name a failing write produced ("OK" if none).
errno_of() {
	local err
	if err=$("$@" 2>&1); then
		echo OK
		return
	fi
	case "$err" in
	*"File exists"*) echo EEXIST ;;
	*"No such device"*) echo ENODEV ;;
	*"Operation not permitted"*) echo EPERM ;;
	*"Invalid argument"*) echo EINVAL ;;
	*"Permission denied"*) echo EACCES ;;
	*"Device or resource busy"*) echo EBUSY ;;
	*"Directory not empty"*) echo ENOTEMPTY ;;
	*"Operation not supported"*) echo EOPNOTSUPP ;;
	*"No such file"*) echo ENOENT ;;
	*) echo "OTHER($err)" ;;
	esac
}

# kmsg_since MARK: kernel log lines after the last MARK written with kmsg_mark.
kmsg_mark() { echo "bt-mark: $1" >/dev/kmsg; }
kmsg_since() { dmesg | sed -n "/bt-mark: $1\$/,\$p" | tail -n +2; }

# Bytes in live kmalloc objects, once deferred frees have run (kfree_rcu
# batches drain after up to 5 s on 6.1) and SLUB has given back its per-CPU
# slabs (whose free objects would otherwise count as in use).
slab_bytes() {
	local f
	sync
	echo 3 >/proc/sys/vm/drop_caches
	sleep 7
	for f in /sys/kernel/slab/*/shrink; do echo 1 >"$f" 2>/dev/null; done
	[ -n "${1:-}" ] && awk 'NR > 2 { print $1, $2 * $4 }' /proc/slabinfo >"$1"
	awk '$1 ~ /^kmalloc-/ { s += $2 * $4 } END { print s }' /proc/slabinfo
}

# slab_growth BEFORE AFTER: the caches that grew most between two
# slab_bytes FILE snapshots, in bytes, five at most
slab_growth() {
	awk 'NR == FNR { b[$1] = $2; next }
		$2 - b[$1] > 0 { print $2 - b[$1], $1 }' "$1" "$2" |
		sort -rn | head -5 | awk '{ printf "%s +%d B; ", $2, $1 }'
	echo
}

# finish: exit status from the reported cases; call at the end of a test.
finish() {
	exit "$T_FAILED"
}
