#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Test tools/ifenslave (the SIOCBOND* client) against our module: usage
# errors, show (-a, no arguments, one bond), enslave (with a slave that
# is up, with an IPv4 address and -f), change active (-c), release (-d),
# and that every failure prints a message and exits non-zero.
. "$(dirname "$0")/lib.sh"
IFENSLAVE=${IFENSLAVE:-$BT_LIB_DIR/../tools/ifenslave/ifenslave}
sysb=/sys/class/net/bond0/bonding

if [ ! -x "$IFENSLAVE" ]; then
	fail build "no ifenslave binary at $IFENSLAVE (make tools)"
	finish
fi

case_name() { echo "$1" | tr -s ' ' '-' | tr -d "'()"; }
ok() { pass "$(case_name "$1")"; }
ko() { local n=${1%%:*}; fail "$(case_name "$n")" "${1#*:}"; }

# run ARGS...: run ifenslave, leaving stdout in $out, stderr in $err and the
# exit status in $rc.
run() {
	local e
	e=$(mktemp)
	out=$("$IFENSLAVE" "$@" 2>"$e")
	rc=$?
	err=$(cat "$e")
	rm -f "$e"
}

# check NAME EXPECTED_RC [STDOUT_REGEX [STDERR_REGEX]] -- ARGS...
check() {
	local name=$1 want=$2 ore='' ere=''
	shift 2
	[ "$1" != -- ] && { ore=$1; shift; }
	[ "$1" != -- ] && { ere=$1; shift; }
	shift
	run "$@"
	if [ "$rc" != "$want" ]; then
		ko "$name: exit status $rc, expected $want (stdout: $out; stderr: $err)"
	elif [ -n "$ore" ] && ! grep -Eq -- "$ore" <<<"$out"; then
		ko "$name: stdout does not match /$ore/: $out"
	elif [ -n "$ere" ] && ! grep -Eq -- "$ere" <<<"$err"; then
		ko "$name: stderr does not match /$ere/: $err"
	else
		ok "$name"
	fi
}

# match NAME TEXT REGEX: TEXT has a line matching the extended REGEX.
match() {
	if grep -Eq -- "$3" <<<"$2"; then
		ok "$1"
	else
		ko "$1: no line matches /$3/ in: $2"
	fi
}

# expect NAME ACTUAL WANTED
expect() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		ko "$1: got '$2', expected '$3'"
	fi
}

is_up() { ip -o link show "$1" | grep -q '[<,]UP[,>]' && echo up || echo down; }
slaves() { cat $sysb/slaves 2>/dev/null | xargs; }

# Options that need no bonding at all.
check "help" 0 '^Usage: ifenslave' -- -h
check "long help" 0 'change-active' -- --help
check "version" 0 '^ifenslave [0-9]' -- -V
check "bad option" 2 '' 'invalid option' -- -x
check "-d without slave" 2 '' '-d needs' -- -d bond0
check "-c without slave" 2 '' '-c needs' -- -c bond0
check "-c with two slaves" 2 '' '-c needs' -- -c bond0 a b
check "-a with a name" 2 '' '-a takes no' -- -a bond0
check "-c and -d together" 2 '' 'mutually exclusive' -- -c -d bond0 a

if [ ! -e /sys/class/net/bonding_masters ]; then
	check "no module: no args" 1 '' 'no bonding module is loaded' --
	check "no module: -a" 1 '' 'no bonding module is loaded' -- -a
else
	skip no-module "bonding already loaded"
fi

bond_load max_bonds=0
check "no bonds: no args" 0 '^no bonding masters$' --

ip link add bond0 type bond mode active-backup miimon 100
for i in 0 1 2 3; do
	ip link add v$i type veth peer name p$i
	ip link set p$i up
done
ip link set v0 up

check "show empty bond" 0 '^bond0: mode active-backup \(1\), 0 slaves, miimon 100 ms$' -- bond0
check "unknown bond" 1 '' '^ifenslave: nosuch: no such interface$' -- nosuch v1
check "unknown slave" 1 '' '^ifenslave: nosuch: no such interface$' -- bond0 nosuch
expect "unknown slave: nothing enslaved" "$(slaves)" ""
expect "bond0 still down" "$(is_up bond0)" down
check "not a master" 1 '' '^ifenslave: v2: not a bonding master$' -- v2 v3
check "show non-bond" 1 '' 'v2: not a bonding master' -- v2

expect "v0 up before enslave" "$(is_up v0)" up
check "enslave v0 (up) and v1 (down)" 0 -- bond0 v0 v1
expect "slaves after enslave" "$(slaves)" "v0 v1"
expect "bond0 brought up" "$(is_up bond0)" up
expect "v0 up after enslave" "$(is_up v0)" up
expect "v1 up after enslave" "$(is_up v1)" up
sleep 0.5
expect "active slave is v0" "$(cat $sysb/active_slave)" v0

check "show bond0" 0 '^bond0: mode active-backup \(1\), 2 slaves, miimon 100 ms$' -- bond0
match "show: slave 0 line" "$out" '^  slave 0: v0 link up state active link failures 0$'
match "show: slave 1 line" "$out" '^  slave 1: v1 link up state backup link failures 0$'

ip link add bond1 type bond mode balance-rr miimon 0
check "show all (no args)" 0 '^bond1: mode balance-rr \(0\), 0 slaves, miimon 0 ms$' --
match "show all lists bond0" "$out" '^bond0: mode active-backup \(1\), 2 slaves'
match "show all lists bond0's slaves" "$out" '^  slave 1: v1 '
check "show all (-a)" 0 '^bond1: mode balance-rr' -- -a
check "show all (--all-interfaces)" 0 '^bond0: mode active-backup' -- --all-interfaces

check "change active to v1" 0 -- -c bond0 v1
expect "active_slave is v1" "$(cat $sysb/active_slave)" v1
check "show after -c" 0 'slave 1: v1 link up state active' -- bond0
check "change active back (--change-active)" 0 -- --change-active bond0 v0
expect "active_slave is v0" "$(cat $sysb/active_slave)" v0
check "change active to a non-slave" 1 '' '^ifenslave: bond0: cannot make v2 the active slave: ' -- -c bond0 v2
expect "active_slave still v0" "$(cat $sysb/active_slave)" v0

check "enslave v0 twice" 1 '' '^ifenslave: bond0: cannot enslave v0: .*already a slave' -- bond0 v0
expect "v0 still a slave" "$(slaves)" "v0 v1"
expect "v0 left up" "$(is_up v0)" up
expect "active_slave still v0 after double enslave" "$(cat $sysb/active_slave)" v0
check "enslave bond0's slave to bond1" 1 '' '^ifenslave: bond1: cannot enslave v1: ' -- bond1 v1
expect "v1 still bond0's" "$(slaves)" "v0 v1"

check "release a non-slave" 1 '' '^ifenslave: bond0: cannot release v2: .*it is not a slave' -- -d bond0 v2
check "release from unknown bond" 1 '' 'nosuch: no such interface' -- -d nosuch v1
check "release unknown slave" 1 '' 'nosuch: no such interface' -- -d bond0 nosuch

check "several slaves, one bad" 1 '' 'nosuch: no such interface' -- bond0 nosuch v2
expect "the good one was enslaved" "$(slaves)" "v0 v1 v2"
check "several releases, one bad" 1 '' 'cannot release v3' -- -d bond0 v3 v2
expect "the good one was released" "$(slaves)" "v0 v1"

check "release v1 (-d)" 0 -- -d bond0 v1
expect "slaves after -d" "$(slaves)" "v0"
check "show after release" 0 '^bond0: mode active-backup \(1\), 1 slave, miimon 100 ms$' -- bond0

ip addr add 192.0.2.1/24 dev v2
ip link set v2 up
check "enslave slave with IPv4 address" 1 '' '^ifenslave: bond0: cannot enslave v2: it has IPv4 address 192.0.2.1 \(use -f' -- bond0 v2
expect "addressed slave not enslaved" "$(slaves)" "v0"
expect "addressed slave left up" "$(is_up v2)" up
check "enslave slave with IPv4 address (-f)" 0 -- -f bond0 v2
expect "addressed slave enslaved with -f" "$(slaves)" "v0 v2"
check "enslave with --force (already slave still fails)" 1 '' 'cannot enslave v2' -- --force bond0 v2

check "verbose release" 0 '' 'ioctl SIOCBONDRELEASE bond0 slave v2: ok' -- -v --detach bond0 v2
check "verbose enslave" 0 '' 'ioctl SIOCBONDENSLAVE bond0 slave v1: ok' -- --verbose bond0 v1
if grep -q 'ioctl SIOCSIFFLAGS v1' <<<"$err"; then
	ko "verbose: v1 was down, yet it was brought down: $err"
else
	ok "verbose: no SIOCSIFFLAGS for a down slave"
fi
check "verbose show" 0 '' 'ioctl SIOCBONDSLAVEINFOQUERY bond0 slave_id 1: ok' -- -v bond0

# A failed enslave puts back the UP flag it took away. A VLAN on top of
# the bond cannot become its slave (it would make a loop).
if ip link add link bond0 name bond0.5 type vlan id 5 2>/dev/null; then
	ip link set bond0.5 up
	check "enslave the bond's own VLAN" 1 '' '^ifenslave: bond0: cannot enslave bond0.5: ' -- bond0 bond0.5
	expect "failed slave brought back up" "$(is_up bond0.5)" up
	ip link del bond0.5
else
	skip restore-up-flag "no 8021q"
fi

check "-f with a non-master" 1 '' '^ifenslave: v2: cannot enslave v3: ' -- -f v2 v3
match "-f with a non-master: warning" "$err" '^ifenslave: v2: not a bonding master, trying anyway'
check "enslave bond to itself" 1 '' 'to itself' -- bond0 bond0
check "release all" 0 -- -d bond0 v0 v1
expect "no slaves left" "$(slaves)" ""
check "show after release all" 0 '^bond0: mode active-backup \(1\), 0 slaves' -- bond0

ip link del bond1
ip link del bond0
for i in 0 1 2 3; do ip link del v$i 2>/dev/null; done

finish
