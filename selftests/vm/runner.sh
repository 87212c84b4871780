#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest side of "make check": run each selftest in turn, print one
# PASS/FAIL/SKIP line per case, fail a test whose run left a kernel
# complaint in dmesg or loaded the stock bonding module, and clean up
# between tests. Last line: "N passed, N failed[, N skipped]".
#
#   runner.sh [PATTERN...]   (default: every selftests/*.sh; TESTS= also works)
cd "$(dirname "$0")/.." || exit 1
# shellcheck source=selftests/lib.sh
. ./lib.sh
out=${BT_OUT:-/tmp}
per_test_timeout=${BT_TEST_TIMEOUT:-900}

patterns=("$@")
[ ${#patterns[@]} -eq 0 ] && [ -n "${TESTS:-}" ] && read -ra patterns <<<"$TESTS"

tests=()
for t in *.sh *.py; do
	[ -e "$t" ] || continue
	[ "$t" = lib.sh ] && continue
	if [ ${#patterns[@]} -gt 0 ]; then
		m=
		for p in "${patterns[@]}"; do
			# shellcheck disable=SC2053
			[[ ${t%.*} == $p ]] && m=1
		done
		[ -n "$m" ] || continue
	fi
	tests+=("$t")
done

cleanup() {
	local n d
	for n in $(ip netns list 2>/dev/null | cut -d' ' -f1); do
		ip netns del "$n" 2>/dev/null
	done
	for d in $(ls /sys/class/net); do
		case "$d" in lo | bonding_masters) continue ;; esac
		ip link del "$d" 2>/dev/null
	done
	for m in bonding team_mode_loadbalance team_mode_activebackup \
		 team_mode_lacp team_mode_roundrobin team_mode_broadcast team \
		 pktgen netconsole; do
		[ -d /sys/module/$m ] && rmmod $m 2>/dev/null
	done
	rm -rf /run/bt
	mkdir -p /run/bt
}

npass=0 nfail=0 nskip=0
report() {	# LINE
	echo "$1"
	case "$1" in
	PASS*) npass=$((npass + 1)) ;;
	FAIL*) nfail=$((nfail + 1)) ;;
	SKIP*) nskip=$((nskip + 1)) ;;
	esac
}

# kmemleak_scan: on a kernel with kmemleak (make check-debug), scan now and
# print what the scan reports as unreferenced, then forget those objects so
# that the next scan reports only new ones. An object must be 5 s old to be
# reported, so a leak may show at a later scan; its backtrace names the
# allocation. One scan of a KASAN guest under TCG takes minutes, so the
# runner scans after every BT_KMEMLEAK_EVERY tests (default 8) and at the
# end, and a leak names the tests since the previous scan.
kmemleak=/sys/kernel/debug/kmemleak
kmemleak_every=${BT_KMEMLEAK_EVERY:-8}
kmemleak_tests=()
kmemleak_scan() {
	[ -w $kmemleak ] || return 0
	echo scan >$kmemleak 2>/dev/null
	cat $kmemleak 2>/dev/null
	echo clear >$kmemleak 2>/dev/null
}

# check_kernel NAME [now]: complaints in the kernel log since the last
# check; "now" forces the kmemleak scan.
check_kernel() {
	local log bad leaks=
	if [ -w $kmemleak ]; then
		kmemleak_tests+=("$1")
		if [ "${2:-}" = now ] || [ ${#kmemleak_tests[@]} -ge "$kmemleak_every" ]; then
			leaks=$(kmemleak_scan)
			[ -n "$leaks" ] && leaks="kmemleak: unreferenced objects after tests: ${kmemleak_tests[*]}
$leaks"
			kmemleak_tests=()
		fi
	fi
	log=$(dmesg -c)
	[ -n "$leaks" ] && log="$log
$leaks"
	{ echo "=== $1"; echo "$log"; } >>"$out/dmesg.txt"
	bad=$(echo "$log" | kernel_complaints | head -3)
	if [ -n "$bad" ]; then
		report "FAIL $1/kernel-log $(echo "$bad" | head -1 | sed 's/^\[[ 0-9.]*\] //')"
		echo "$log" | grep -E -A25 "$BT_COMPLAINTS" | head -60 | sed 's/^/    | /'
	fi
}

# check_module NAME: a test may load the stock module only through
# stock_load (lib.sh); anything else means the run tested the wrong driver.
check_module() {
	module_guard ||
		report "FAIL $1/module the loaded bonding.ko is not the one under test"
}

mkdir -p /run/bt
dmesg -c >>"$out/dmesg.txt"
# what kmemleak finds left over from boot is not the tests' doing
if [ -w $kmemleak ]; then
	{
		echo "=== kmemleak before the tests (not counted)"
		kmemleak_scan
		dmesg -c	# its "new suspected memory leaks" line
	} >>"$out/dmesg.txt"
fi
for t in "${tests[@]}"; do
	name=${t%.*}
	run=bash
	[ "${t##*.}" = py ] && run=python3
	res=/run/bt-results.$name
	: >"$res"
	cleanup
	start=$SECONDS
	T_NAME=$name T_RESULTS=$res timeout -k 5 "$per_test_timeout" \
		$run "./$t" >"/tmp/$name.log" 2>&1 </dev/null
	rc=$?
	# a test's lines go out in one write, so that the host can merge
	# the streams of guests that run side by side
	{
	check_module "$name"
	got=0
	while read -r line; do
		report "$line"
		got=1
	done <"$res"
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		report "FAIL $name timed out after ${per_test_timeout}s"
	elif [ $got = 0 ]; then
		if [ $rc = 0 ]; then
			report "PASS $name"
		else
			report "FAIL $name exit status $rc"
		fi
	elif [ $rc != 0 ] && ! grep -q '^FAIL' "$res"; then
		report "FAIL $name exit status $rc"
	fi
	if [ $rc != 0 ] || grep -q '^FAIL' "$res"; then
		echo "    --- last lines of $name's output:"
		tail -25 "/tmp/$name.log" | sed 's/^/    | /'
	fi
	cp "/tmp/$name.log" "$out/$name.log" 2>/dev/null
	cleanup
	check_kernel "$name"
	} >/tmp/bt-block 2>&1
	cat /tmp/bt-block
	echo "$name $((SECONDS - start))s" >>"$out/timing.txt"
done

cleanup
# the last test's leaks reach the age kmemleak reports
[ -w $kmemleak ] && sleep 6
check_kernel teardown now
if [ -z "${BT_NO_SUMMARY:-}" ]; then
	summary="$npass passed, $nfail failed"
	[ $nskip -gt 0 ] && summary="$summary, $nskip skipped"
	echo "$summary"
fi
[ $nfail -eq 0 ]
