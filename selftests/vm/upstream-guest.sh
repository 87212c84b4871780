#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of "make check-upstream": run each upstream bonding kselftest
# (BT_UP_TESTS, from BT_UP_DIR) on the stock bonding.ko, then on ours.
# Autoload and modprobe pick /lib/modules/KVER/updates/bonding.ko, so each
# pass copies its module there. A test during which a bonding module other
# than the pass's own was loaded is INVALID. Writes BT_OUT/results.txt:
#   MODULE TEST PASS|FAIL|SKIP|TIMEOUT|KWARN|INVALID SECONDS [NOTE]
# and each test's output and kernel log to BT_OUT/MODULE/TEST.{log,dmesg}.
cd "$(dirname "$0")/.." || exit 1
# shellcheck source=selftests/lib.sh
. ./lib.sh
out=${BT_OUT:-/tmp}
# the forwarding library runs $TESTS instead of its ALL_TESTS, and
# "make check-upstream TESTS=..." reaches here in the environment; a
# test's own selection comes in BT_UP_SUBTESTS
unset TESTS
read -ra tests <<<"${BT_UP_TESTS:-}"
declare -A limit sub
for e in ${BT_UP_TIMEOUTS:-}; do limit[${e%%=*}]=${e#*=}; done
for e in ${BT_UP_SUBTESTS:-}; do sub[${e%%=*}]=${e#*=}; done
[ ${#tests[@]} -gt 0 ] && [ -d "${BT_UP_DIR:-}" ] ||
	{ echo "upstream-guest: no BT_UP_TESTS or BT_UP_DIR" >&2; exit 2; }
upd=/lib/modules/$BT_KVER/updates/bonding.ko
res=$out/results.txt
: >"$res"

mkdir -p /run/up
cp "$upd" /run/up/ours.ko || exit 2
st=$(stock_ko)
case "$st" in
*.xz) xz -dc "$st" >/run/up/stock.ko ;;
*.zst) zstd -qdc "$st" >/run/up/stock.ko ;;
*) cp "$st" /run/up/stock.ko ;;
esac || { echo "upstream-guest: cannot unpack $st" >&2; exit 2; }
# Which bonding module is loaded: ours by its srcversion; Debian builds
# in-tree modules without one, and the stock module does not taint with O.
loaded_id() {
	[ -d /sys/module/bonding ] || return 0
	if [ -f /sys/module/bonding/srcversion ]; then
		cat /sys/module/bonding/srcversion
	elif grep -q O /sys/module/bonding/taint 2>/dev/null; then
		echo out-of-tree
	else
		echo in-tree
	fi
}
declare -A want
want[ours]=$BT_SRCVERSION
want[stock]=in-tree
[ -n "${want[ours]}" ] && [ -z "$(modinfo -F srcversion /run/up/stock.ko)" ] &&
	[ "$(modinfo -F intree /run/up/stock.ko)" = Y ] ||
	{ echo "upstream-guest: cannot tell the modules apart" >&2; exit 2; }

cleanup() {
	local n d i
	for n in $(ip netns list 2>/dev/null | cut -d' ' -f1); do
		ip netns del "$n" 2>/dev/null
	done
	for d in $(ls /sys/class/net); do
		case "$d" in lo | bonding_masters) continue ;; esac
		ip link del "$d" 2>/dev/null
	done
	# netns teardown is asynchronous: the bonds inside may hold the module
	for i in $(seq 50); do
		[ -d /sys/module/bonding ] || break
		rmmod bonding 2>/dev/null && break
		sleep 0.2
	done
	for m in team_mode_loadbalance team_mode_activebackup team_mode_lacp \
		 team_mode_roundrobin team_mode_broadcast team netdevsim; do
		[ -d /sys/module/$m ] && rmmod $m 2>/dev/null
	done
}

for mod in ${BT_UP_MODULES:-stock ours}; do
	mkdir -p "$out/$mod"
	cp "/run/up/$mod.ko" "$upd"
	# the stock module needs tls; modules.dep was computed for ours
	modprobe -q tls 2>/dev/null
	cleanup
	echo "== $mod: $(modinfo -n bonding), srcversion $(modinfo -F srcversion bonding)"
	for t in "${tests[@]}"; do
		name=${t%.sh}
		cleanup
		dmesg -c >/dev/null
		# every srcversion seen while the test runs
		(while :; do loaded_id; sleep 0.3; done) \
			>/run/up/seen 2>/dev/null &
		poller=$!
		per_test=${limit[$t]:-600}
		start=$SECONDS
		# its own session, so that what it leaves running can be ended
		(
			cd "$BT_UP_DIR" || exit 2
			[ -n "${sub[$t]:-}" ] && export TESTS="${sub[$t]//,/ }"
			exec setsid -w timeout -k 10 "$per_test" bash "./$t"
		) >"$out/$mod/$name.log" 2>&1 </dev/null &
		tpid=$!
		wait $tpid
		rc=$?
		kill -9 -- "-$tpid" 2>/dev/null
		loaded_id >>/run/up/seen
		kill $poller 2>/dev/null
		wait $poller 2>/dev/null
		secs=$((SECONDS - start))
		case $rc in
		0) r=PASS ;;
		4) r=SKIP ;;
		124 | 137) r=TIMEOUT ;;
		*) r=FAIL ;;
		esac
		note=
		[ $r = SKIP ] && note=$(grep -m1 -i 'skip' "$out/$mod/$name.log")
		[ $r = TIMEOUT ] && note="after ${per_test}s"
		[ $r = FAIL ] && note="exit status $rc"
		foreign=$(sort -u /run/up/seen | grep -vx "${want[$mod]}" | tr '\n' ' ')
		if [ -n "$foreign" ]; then
			r=INVALID note="bonding $foreign loaded, not ${want[$mod]}"
		elif ! grep -qx "${want[$mod]}" /run/up/seen && [ $r = PASS ]; then
			# every test makes bonds: a pass without them proved nothing
			r=INVALID note="bonding was never loaded"
		fi
		log=$(dmesg -c)
		echo "$log" >"$out/$mod/$name.dmesg"
		bad=$(echo "$log" | kernel_complaints | head -1 | sed 's/^\[[ 0-9.]*\] //')
		if [ -n "$bad" ] && [ $r = PASS ]; then
			r=KWARN note="kernel log: $bad"
		fi
		echo "$mod $t $r $secs $note" >>"$res"
		echo "$mod $name: $r (${secs}s) $note"
		[ $r = PASS ] || [ $r = SKIP ] || tail -15 "$out/$mod/$name.log" | sed 's/^/    | /'
	done
	cleanup
done
cp "/run/up/ours.ko" "$upd"
sync
exit 0
