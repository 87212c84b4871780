#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Failure events (Documentation/events.rst): the "bonding" generic netlink
# family's events group as printed by tools/bondctl "monitor", the notice
# lines in the kernel log, and rtnetlink (ip monitor link). An
# active-backup bond over two veths to a bridge in a peer namespace: pull
# the active slave's far end and see the failover, with its reason and
# timing, within a second; bring it back, switch by hand, with downdelay,
# release; JSON output; exit codes; network namespace isolation.
. "$(dirname "$0")/lib.sh"

BONDCTL=${BONDCTL:-$BT_LIB_DIR/../tools/bondctl/bondctl}
S=/sys/class/net/b0/bonding
TXT=/tmp/events.txt
JSON=/tmp/events.json
IPMON=/tmp/events.ipmon
PIDS=()

if [ ! -x "$BONDCTL" ]; then
	fail build "no bondctl binary at $BONDCTL (make tools)"
	finish
fi

cleanup() {
	local p
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
	ns_cleanup
}
trap cleanup EXIT

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# stamp: prefix each line of stdin with the time (us) it arrived, no fork
stamp() {
	local l t
	while IFS= read -r l; do
		t=$EPOCHREALTIME
		printf '%s %s\n' "${t/[.,]/}" "$l"
	done
}

# wait_line FILE REGEX TIMEOUT_MS: wait for a matching line; print how long
# it took (ms) and succeed, or fail after TIMEOUT_MS.
wait_line() {
	local start end
	start=$(now_ms)
	end=$((start + $3))
	while ! grep -qE "$2" "$1"; do
		[ "$(now_ms)" -ge $end ] && return 1
		sleep 0.02
	done
	echo $(($(now_ms) - start))
}

# check_line CASE FILE REGEX [TIMEOUT_MS]
check_line() {
	if wait_line "$2" "$3" "${4:-3000}" >/dev/null; then
		pass "$1"
	else
		fail "$1" "(no line /$3/ in $2: $(tail -3 "$2" | tr '\n' '|'))"
	fi
}

# field FILE REGEX KEY: KEY's value on the last line matching REGEX
field() {
	grep -E "$2" "$1" | tail -1 | tr ' ' '\n' | sed -n "s/^$3=//p"
}

# start_monitor OUTFILE [NETNS] ARGS...: bondctl monitor in the background
start_monitor() {
	local out=$1 ns=$2
	shift 2
	if [ -n "$ns" ]; then
		ip netns exec "$ns" "$BONDCTL" monitor "$@" >"$out" 2>&1 &
	else
		"$BONDCTL" monitor "$@" >"$out" 2>&1 &
	fi
	PIDS+=($!)
	MON_PID=$!
}

# sync_on NETNS BOND SLAVE FILE...: enslave and release SLAVE on BOND (in
# NETNS, or here if empty) until every FILE shows an event of BOND: then
# the listeners writing them have all joined (a fixed sleep is not enough
# on a loaded host).
sync_on() {
	local ns=$1 bond=$2 slave=$3 f ok end=$((SECONDS + 30))
	shift 3
	while :; do
		ip ${ns:+-n "$ns"} link set "$slave" master "$bond"
		ip ${ns:+-n "$ns"} link set "$slave" nomaster
		ok=1
		for f in "$@"; do
			grep -qaE "bond=$bond |: $bond: |\"bond\":\"$bond\"" "$f" || ok=0
		done
		[ $ok = 1 ] && return 0
		[ $SECONDS -ge $end ] && return 1
		sleep 0.2
	done
}

# sync_bond [NETNS]: the bond "bs" and its would-be slave "sv0" for sync_on
sync_bond() {
	ip ${1:+-n "$1"} link add bs type bond
	ip ${1:+-n "$1"} link add sv0 type veth peer name sp0
}

# --- without the module ------------------------------------------------------

bond_unload >/dev/null 2>&1
out=$("$BONDCTL" monitor 2>&1)
check_eq no-module-exit-2 2 "$?"
case "$out" in
*"not registered"*"bonding module"*) pass no-module-message ;;
*) fail no-module-message "(got '$out')" ;;
esac
"$BONDCTL" monitor --bogus >/dev/null 2>&1
check_eq usage-exit-1 1 "$?"
"$BONDCTL" frobnicate >/dev/null 2>&1
check_eq unknown-command-exit-1 1 "$?"

# --- the bond ------------------------------------------------------------------

bond_load max_bonds=0
check family-registered sh -c "'$BONDCTL' monitor & p=\$!; sleep 0.5; kill -0 \$p && kill \$p"
ns_add peer
ip -n peer link add br0 type bridge
ip -n peer link set br0 up
ip link add b0 type bond mode active-backup miimon 100
for i in 0 1; do
	veth v$i p$i peer
	ip -n peer link set p$i master br0
	ip link set v$i master b0
done
ip link set b0 up
check active-is-v0 wait_for 5 grep -qx v0 $S/active_slave

start_monitor $TXT ""
MON_TXT=$MON_PID
start_monitor $JSON "" --json
MON_JSON=$MON_PID
start_monitor /tmp/events.bsonly "" bs
MON_FILTER=$MON_PID
# the time each line reaches a reader, for the 1 s acceptance (a FIFO: the
# guest has no /dev/fd for process substitution)
rm -f /tmp/events.fifo
mkfifo /tmp/events.fifo
stamp </tmp/events.fifo >/tmp/events.stamped &
PIDS+=($!)
"$BONDCTL" monitor >/tmp/events.fifo 2>&1 &
PIDS+=($!)
: >$IPMON
ip monitor link >>$IPMON 2>&1 &	# appending: the file is emptied between cases
PIDS+=($!)
sync_bond
check monitors-joined sync_on "" bs sv0 $TXT $JSON /tmp/events.bsonly $IPMON \
	/tmp/events.stamped

# --- cable pull: carrier lost on the active slave --------------------------------

kmsg_mark events-pull
: >$IPMON
# from just before the pull to the line reaching a reader, with no fork
# between the two clock readings
t0=$EPOCHREALTIME
t0=${t0/[.,]/}
ip -n peer link set p0 down
if wait_line /tmp/events.stamped '^[0-9]+ failover bond=b0 ' 5000 >/dev/null; then
	t1=$(grep -m1 -E '^[0-9]+ failover bond=b0 ' /tmp/events.stamped | cut -d' ' -f1)
	ms=$(((t1 - t0) / 1000))
	echo "pull: the failover line reached a reader after $ms ms"
	if [ "$ms" -lt 1000 ]; then
		pass pull-failover-within-1s
	else
		fail pull-failover-within-1s "(took $ms ms)"
	fi
else
	fail pull-failover-within-1s "(no failover line: $(tr '\n' '|' <$TXT))"
fi
re='^failover bond=b0 '
check_eq pull-from v0 "$(field $TXT "$re" from)"
check_eq pull-to v1 "$(field $TXT "$re" to)"
check_eq pull-reason carrier "$(field $TXT "$re" reason)"
usec=$(field $TXT "$re" usec)
if [[ "$usec" =~ ^[0-9]+$ ]] && [ "$usec" -lt 1000000 ]; then
	pass pull-usec-plausible
else
	fail pull-usec-plausible "(usec='$usec')"
fi
check_line pull-slave-down $TXT \
	'^slave bond=b0 slave=v0 old=up new=down reason=carrier backup=0$'
# the slave event comes first, then the failover
first=$(grep -nE '^(slave bond=b0 slave=v0 old=up new=down|failover bond=b0 from=v0)' $TXT |
	head -1 | cut -d: -f2 | cut -d' ' -f1)
check_eq pull-slave-before-failover slave "$first"
check_eq pull-single-failover 1 "$(grep -c '^failover bond=b0 ' $TXT)"
check_eq active-is-v1 v1 "$(cat $S/active_slave)"

log=$(kmsg_since events-pull)
if echo "$log" | grep -qE "b0: failover from=v0 to=v1 reason=carrier usec=$usec\$"; then
	pass pull-dmesg-failover
else
	fail pull-dmesg-failover "($(echo "$log" | grep failover | head -2 | tr '\n' '|'))"
fi
if dmesg -l notice | grep -qE "b0: slave slave=v0 old=up new=down reason=carrier"; then
	pass pull-dmesg-notice-level
else
	fail pull-dmesg-notice-level "(no notice-level slave line)"
fi
check_line pull-ip-monitor $IPMON ': b0: ' 3000

# --- recovery -------------------------------------------------------------------

ip -n peer link set p0 up
check_line back-slave-up $TXT \
	'^slave bond=b0 slave=v0 old=down new=up reason=recovered backup=1$'
sleep 0.3
check_eq back-no-failover 1 "$(grep -c '^failover bond=b0 ' $TXT)"

# --- by hand ---------------------------------------------------------------------

: >$IPMON
sysfs_write $S/active_slave v0
check_line admin-failover $TXT '^failover bond=b0 from=v1 to=v0 reason=admin usec=0$'
# no carrier changed: these come from the lower state and failover notifiers
check_line admin-ip-monitor-bond $IPMON ': b0: '
check_line admin-ip-monitor-old $IPMON ': v1@'
check_line admin-ip-monitor-new $IPMON ': v0@'

# --- monitor path with downdelay: timed from the first sight of the failure ------

ip link set b0 type bond downdelay 300
lines=$(wc -l <$TXT)
ip -n peer link set p0 down
check_line downdelay-fail $TXT \
	'^slave bond=b0 slave=v0 old=up new=fail reason=carrier backup=0$'
check_line downdelay-down $TXT \
	'^slave bond=b0 slave=v0 old=fail new=down reason=carrier backup=0$'
check_line downdelay-failover $TXT '^failover bond=b0 from=v0 to=v1 reason=carrier '
usec=$(tail -n +$((lines + 1)) $TXT | grep '^failover' | tail -1 | tr ' ' '\n' | sed -n 's/^usec=//p')
# downdelay 300 ms after the tick that saw it, give or take a tick or two
if [[ "$usec" =~ ^[0-9]+$ ]] && [ "$usec" -ge 250000 ] && [ "$usec" -lt 1500000 ]; then
	pass downdelay-usec
else
	fail downdelay-usec "(usec='$usec', expected about 300000)"
fi
ip -n peer link set p0 up
check_line downdelay-back $TXT '^slave bond=b0 slave=v0 old=down new=up reason=recovered'
ip link set b0 type bond downdelay 0

# --- the active slave set down by hand ---------------------------------------------

check active-is-v1-again wait_for 3 grep -qx v1 $S/active_slave
ip link set v1 down
check_line admin-down-slave $TXT '^slave bond=b0 slave=v1 old=up new=down reason=admin backup=0$'
check_line admin-down-failover $TXT '^failover bond=b0 from=v1 to=v0 reason=admin usec=[0-9]+$'
ip link set v1 up
check_line admin-up-slave $TXT '^slave bond=b0 slave=v1 old=down new=up reason=recovered backup=1$'

# --- release of the active slave -------------------------------------------------

check active-is-v0-again wait_for 3 grep -qx v0 $S/active_slave
ip link set v0 nomaster
check_line release-event $TXT '^release bond=b0 slave=v0 reason=removed$'
check_line release-failover $TXT '^failover bond=b0 from=v0 to=v1 reason=removed usec=[0-9]+$'
ip link set v0 master b0
check_line enslave-event $TXT '^enslave bond=b0 slave=v0 new=up reason=admin backup=1$'

# the last slave goes: a failover to none
ip link set v0 nomaster
ip link set v1 nomaster
check_line release-last $TXT '^failover bond=b0 from=v1 to=none reason=removed usec=[0-9]+$'

# --- the filter, JSON, signals --------------------------------------------------------

check_eq filter-other-bond 0 "$(grep -c 'bond=b0' /tmp/events.bsonly)"

kill -TERM $MON_TXT
wait $MON_TXT
check_eq sigterm-exit-0 0 "$?"
kill -INT $MON_JSON
wait $MON_JSON
check_eq sigint-exit-0 0 "$?"
kill $MON_FILTER 2>/dev/null

cat >/tmp/events-json.py <<'EOF'
import json, sys
keys = {
    "failover": ["event", "bond", "bond_ifindex", "from", "from_ifindex", "to",
                 "to_ifindex", "reason", "usec", "timestamp_ns"],
    "slave": ["event", "bond", "bond_ifindex", "slave", "slave_ifindex", "old",
              "new", "backup", "reason", "timestamp_ns"],
}
keys["enslave"] = keys["release"] = keys["slave"]
n = 0
carrier = None
last_ts = 0
for line in open(sys.argv[1]):
    ev = json.loads(line)
    if ev.get("bond") == "bs":
        continue        # sync_on's
    want = keys[ev["event"]]
    if sorted(ev) != sorted(want):
        sys.exit("keys of %s: %s" % (ev["event"], sorted(ev)))
    if not isinstance(ev["bond_ifindex"], int) or ev["bond"] != "b0":
        sys.exit("bond: %r" % ev)
    if ev["timestamp_ns"] < last_ts:
        sys.exit("timestamps go back: %r" % ev)
    last_ts = ev["timestamp_ns"]
    if ev["event"] == "failover" and ev["reason"] == "carrier" and carrier is None:
        carrier = ev
    n += 1
if not carrier:
    sys.exit("no carrier failover")
if carrier["from"] != "v0" or carrier["to"] != "v1":
    sys.exit("carrier failover: %r" % carrier)
if not isinstance(carrier["usec"], int) or not 0 <= carrier["usec"] < 1000000:
    sys.exit("usec: %r" % carrier)
print(n)
EOF
if out=$(python3 /tmp/events-json.py $JSON 2>&1); then
	pass json-keys-and-values
	check_eq json-same-count "$(grep -c 'bond=b0 ' $TXT)" "$out"
else
	fail json-keys-and-values "($out)"
fi
if python3 -m json.tool --json-lines $JSON >/dev/null 2>&1; then
	pass json-tool
else
	fail json-tool "(python3 -m json.tool --json-lines failed)"
fi

# --- a listener that falls behind loses events, says so, and goes on ----------------

ip link add b2 type bond mode active-backup miimon 100
for i in 1 2; do
	veth x$i y$i
	ip link set y$i up
done
ip link set x1 master b2
ip link set b2 up
wait_for 5 grep -qx x1 /sys/class/net/b2/bonding/active_slave
start_monitor /tmp/events.slow "" b2
MON_SLOW=$MON_PID
check overrun-joined sync_on "" b2 x2 /tmp/events.slow
ip link set x2 master b2
wait_for 5 grep -q '^enslave bond=b2 slave=x2 ' /tmp/events.slow
kill -STOP $MON_SLOW
for i in $(seq 400); do
	echo x2 >/sys/class/net/b2/bonding/active_slave
	echo x1 >/sys/class/net/b2/bonding/active_slave
done 2>/dev/null
kill -CONT $MON_SLOW
check_line overrun-reported /tmp/events.slow '^bondctl: events lost'
ip link set x2 nomaster
check_line overrun-goes-on /tmp/events.slow '^release bond=b2 slave=x2 reason=removed$'
check overrun-still-running kill -0 $MON_SLOW
kill $MON_SLOW
ip link del b2

# --- network namespaces: events stay in the bond's namespace ---------------------

ns_add other
ip -n other link add b1 type bond mode active-backup miimon 100
ip -n other link add w0 type veth peer name x0
start_monitor /tmp/events.other other
MON_OTHER=$MON_PID
start_monitor /tmp/events.init ""
MON_INIT=$MON_PID
sync_bond other
check netns-joined-other sync_on other bs sv0 /tmp/events.other
check netns-joined-init sync_on "" bs sv0 /tmp/events.init
ip -n other link set w0 master b1
ip link add v2 type veth peer name p2
ip link set v2 master b0
check_line netns-other-sees-its-own /tmp/events.other '^enslave bond=b1 slave=w0 '
check_line netns-init-sees-its-own /tmp/events.init '^enslave bond=b0 slave=v2 '
sleep 0.5
check_eq netns-other-not-in-init 0 "$(grep -c 'bond=b1' /tmp/events.init)"
check_eq netns-init-not-in-other 0 "$(grep -c 'bond=b0' /tmp/events.other)"
kill $MON_OTHER $MON_INIT 2>/dev/null

# --- unload while monitoring ---------------------------------------------------------

start_monitor /tmp/events.unload ""
MON_UNLOAD=$MON_PID
sync_on "" bs sv0 /tmp/events.unload
ip link del b0
ip -n other link del b1
ns_cleanup
check module-unload bond_unload
check family-gone sh -c "'$BONDCTL' monitor >/dev/null 2>&1; [ \$? = 2 ]"
kill $MON_UNLOAD 2>/dev/null
finish
