#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# "make check-upstream": the kernel's own bonding kselftests
# (tools/testing/selftests/drivers/net/bonding, from Debian's
# linux-source-SERIES package, fetched and unpacked into the cache at test
# time, never committed), each run twice in one guest: against the stock
# bonding.ko of the test kernel, then against ours. A test that passes on
# stock and fails on ours fails the run; one that fails on both is
# reported as skipped.
#
#   upstream.sh [--kver 6.1|6.12|RELEASE] [--cache DIR] [--tests "PATTERN..."]
#               [--timeout SEC] [--modules "stock ours"]
#
# A PATTERN is a shell pattern matched against the test names (without
# .sh); PATTERN:SUB,SUB... runs only those of the script's own tests
# (its ALL_TESTS, as the forwarding library's TESTS= does), e.g.
# "bond_options:prio". Each test may take, per module, the directory's
# kselftest "settings" timeout or 600 s, whichever is longer, or for the
# scripts known to run long in the guest the time in long_timeout below;
# --timeout SEC sets one limit for all. --modules runs one module only
# (for iterating; the verdict is then that module's result).
set -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
kver=6.1 cache=${XDG_CACHE_HOME:-$HOME/.cache}/bonding tests= per_test=''
modules="stock ours"
while [ $# -gt 0 ]; do
	case "$1" in
	--kver) kver=$2; shift 2 ;;
	--cache) cache=$2; shift 2 ;;
	--tests) tests=$2; shift 2 ;;
	--timeout) per_test=$2; shift 2 ;;
	--modules) modules=$2; shift 2 ;;
	*) echo "check-upstream: unknown argument $1" >&2; exit 2 ;;
	esac
done
for m in $modules; do
	case "$m" in stock | ours) ;; *) echo "check-upstream: no module $m" >&2; exit 2 ;; esac
done
# Seconds per module the scripts that run long take in the 2-core test
# guest, with a margin (6.12: bond_options ran 15 prio cases at ~100 s
# each before its arp_validate and num_grat_arp ones; bond_macvlan_ipvlan
# needs ~650 s on stock).
declare -A long_timeout=([bond_options]=4200 [bond_macvlan_ipvlan]=1500)
t0=$(date +%s)
elapsed() {
	local s=$(($(date +%s) - t0))
	printf '%dm%02ds' $((s / 60)) $((s % 60))
}
die() {
	echo "check-upstream: $*" >&2
	echo "0 passed, 1 failed in $(elapsed)"
	exit 1
}

# What the upstream scripts call, beyond the harness's own packages:
# jq and mausezahn (net/forwarding/lib.sh requires both), ndisc6 and
# arping (neighbour probes), socat, bc, teamd (lag_lib.sh), tcpdump.
UP_PACKAGES=(jq netsniff-ng ndisc6 iputils-arping socat bc tcpdump
	libteam-utils iputils-ping)

# shellcheck source=selftests/vm/packages.sh
. "$here/packages.sh"
"$repo/scripts/apt-sources.sh" || die "cannot set up apt sources"
kver=$("$repo/scripts/kver.sh" "$kver") || die "no test kernel for $kver"
"$repo/scripts/deps.sh" "${BT_HOST_PACKAGES[@]}" "${BT_GUEST_PACKAGES[@]}" \
	"${UP_PACKAGES[@]}" "headers:$kver" || die "cannot install the test dependencies"
series=$(echo "$kver" | sed -E 's/^([0-9]+\.[0-9]+).*/\1/')
echo "check-upstream: test kernel $kver, kselftests of linux-source-$series"

# --- the upstream tests: download once, unpack once ------------------------
src=$cache/upstream/linux-source-$series
sel=linux-source-$series/tools/testing/selftests
bdir=$src/$sel/drivers/net/bonding
if ! [ -f "$src/.extracted" ]; then
	mkdir -p "$src"
	tarball=$(ls "$src"/linux-source-"$series".tar.* 2>/dev/null | head -1)
	if [ -z "$tarball" ]; then
		rm -rf "$src/dl"
		mkdir -p "$src/dl"
		echo "check-upstream: downloading linux-source-$series" >&2
		(cd "$src/dl" && apt-get download -q "linux-source-$series") >&2 ||
			die "cannot download linux-source-$series"
		dpkg -x "$src"/dl/linux-source-"$series"_*.deb "$src/dl/x" ||
			die "cannot unpack linux-source-$series"
		mv "$src"/dl/x/usr/src/linux-source-"$series".tar.* "$src/" ||
			die "no tarball in linux-source-$series"
		rm -rf "$src/dl"
		tarball=$(ls "$src"/linux-source-"$series".tar.* | head -1)
	fi
	echo "check-upstream: unpacking the bonding kselftests and the libraries they source" >&2
	rm -rf "${src:?}/linux-source-$series"
	# 6.1's bonding directory carries its own copy of the forwarding
	# library; 6.12's sources net/forwarding/lib.sh, which sources
	# net/lib.sh. Not every pattern exists in every release.
	tar -xf "$tarball" -C "$src" --wildcards \
		"$sel/drivers/net/bonding/*" "$sel/net/forwarding/*" \
		"$sel/net/lib.sh" "$sel/net/lib/*" "$sel/kselftest/*" 2>/dev/null
	[ -f "$bdir/Makefile" ] || die "no $sel/drivers/net/bonding in $tarball"
	touch "$src/.extracted"
fi

# TEST_PROGS of the directory's Makefile: the tests; the rest are libraries
mapfile -t progs < <(sed -n '/^TEST_PROGS/,/^$/p' "$bdir/Makefile" |
	sed 's/^TEST_PROGS *[:+]\?= *//; s/\\$//' | tr ' \t' '\n\n' | grep '\.sh$')
[ ${#progs[@]} -gt 0 ] || die "no TEST_PROGS in $bdir/Makefile"
# the kselftest runner's per-test limit for the directory
settings=$(sed -n 's/^timeout=\([0-9]*\)$/\1/p' "$bdir/settings" 2>/dev/null)
base=600
[ -n "$settings" ] && [ "$settings" -gt $base ] && base=$settings
list=() limits=() subs=() gtimeout=300
for t in "${progs[@]}"; do
	sub=
	if [ -n "$tests" ]; then
		m=
		for p in $tests; do
			# shellcheck disable=SC2053
			[[ ${t%.sh} == ${p%%:*} ]] || continue
			m=1
			[[ $p == *:* ]] && sub=${p#*:}
		done
		[ -n "$m" ] || continue
	fi
	lim=${per_test:-$base}
	if [ -z "$per_test" ] && [ "${long_timeout[${t%.sh}]:-0}" -gt "$lim" ]; then
		lim=${long_timeout[${t%.sh}]}
	fi
	list+=("$t")
	limits+=("$t=$lim")
	[ -n "$sub" ] && subs+=("$t=$sub")
	for m in $modules; do gtimeout=$((gtimeout + lim + 30)); done
done
[ ${#list[@]} -gt 0 ] || die "no upstream test matches \"$tests\""

# --- build ours, as check.sh does ------------------------------------------
out=$cache/out/upstream-$kver
rm -rf "$out"
mkdir -p "$out" "$cache/build/$kver"
make -C "$repo" module KDIR="/usr/src/linux-headers-$kver" >"$out/build.log" 2>&1 ||
	{ tail -30 "$out/build.log" >&2; die "the module does not build against $kver"; }
cp "$repo/bonding.ko" "$cache/build/$kver/bonding.ko"
# as Debian ships its modules: no debug info (8 MB less to load per insmod)
strip --strip-debug "$cache/build/$kver/bonding.ko"

# --- one guest: every test on stock, then on ours --------------------------
export BT_UP_DIR=$bdir BT_UP_TESTS="${list[*]}" BT_UP_TIMEOUTS="${limits[*]}" \
	BT_UP_SUBTESTS="${subs[*]}" BT_UP_MODULES="$modules"
"$here/run.sh" --kver "$kver" --cache "$cache/vm" \
	--module "$cache/build/$kver/bonding.ko" --out "$out/guest" \
	--timeout "$gtimeout" --mem 2048 -- "selftests/vm/upstream-guest.sh" >&2
grc=$?

# --- the table and the verdicts --------------------------------------------
res=$out/guest/results.txt
[ -f "$res" ] || die "the guest left no results (exit $grc; see $out/guest/console.log)"
# results.txt: MODULE TEST RESULT SECONDS [NOTE...]
get() {	# MODULE TEST -> RESULT
	awk -v m="$1" -v t="$2" '$1 == m && $2 == t { print $3 }' "$res"
}
note() {	# MODULE TEST -> NOTE
	awk -v m="$1" -v t="$2" '$1 == m && $2 == t { $1 = $2 = $3 = $4 = ""; sub(/^ +/, ""); print }' "$res"
}
secs() {	# MODULE TEST -> SECONDS
	awk -v m="$1" -v t="$2" '$1 == m && $2 == t { print $4 }' "$res"
}
ran() { [[ " $modules " == *" $1 "* ]]; }
cell() {	# MODULE TEST -> "RESULT SECONDSs" for the table
	local r
	ran "$1" || { echo "-"; return; }
	r=$(get "$1" "$2")
	echo "${r:-MISSING} $(secs "$1" "$2")s"
}
w=4
for t in "${list[@]}"; do [ ${#t} -gt $w ] && w=${#t}; done
echo
printf "%-${w}s  %-14s %-14s %s\n" test stock ours limit
for i in "${!list[@]}"; do
	t=${list[$i]}
	printf "%-${w}s  %-14s %-14s %s\n" "${t%.sh}" "$(cell stock "$t")" \
		"$(cell ours "$t")" "${limits[$i]#*=}s"
done
[ ${#subs[@]} -gt 0 ] && echo "only: ${subs[*]}"
echo
# subtests ("TEST: name [ OK ]") that pass on stock and fail on ours: a
# test that timed out on stock still shows what it passed before that
regressed() {	# TEST -> how many
	local t=${1%.sh}
	comm -12 <(sed -n 's/^TEST: \(.*[^ ]\) *\[ *OK *\]$/\1/p' \
			"$out/guest/stock/$t.log" 2>/dev/null | sort -u) \
		<(sed -n 's/^TEST: \(.*[^ ]\) *\[ *FAIL *\]$/\1/p' \
			"$out/guest/ours/$t.log" 2>/dev/null | sort -u) | wc -l
}
npass=0 nfail=0 nskip=0
for t in "${list[@]}"; do
	n=upstream/${t%.sh}
	s=$(get stock "$t") o=$(get ours "$t")
	s=${s:-MISSING} o=${o:-MISSING}
	if ! ran stock || ! ran ours; then
		m=ours r=$o
		ran ours || m=stock r=$s
		case $r in
		PASS) echo "PASS $n ($m only)"; npass=$((npass + 1)) ;;
		SKIP) echo "SKIP $n ($m only: $(note $m "$t"))"; nskip=$((nskip + 1)) ;;
		*) echo "FAIL $n ($m only: $r)"; nfail=$((nfail + 1)) ;;
		esac
		continue
	fi
	r=$(regressed "$t")
	if [ "$r" -gt 0 ] && [ "$s" != PASS ]; then
		echo "FAIL $n ($r subtests pass on stock, fail on ours; stock $s, ours $o)"
		nfail=$((nfail + 1))
	elif [ "$o" = INVALID ] || [ "$s" = INVALID ]; then
		m=ours
		[ "$s" = INVALID ] && m=stock
		echo "FAIL $n (invalid run on $m: $(note $m "$t"))"
		nfail=$((nfail + 1))
	elif [ "$o" = PASS ]; then
		if [ "$s" = PASS ]; then
			echo "PASS $n"
		else
			echo "PASS $n (stock: $s)"
		fi
		npass=$((npass + 1))
	elif [ "$s" = PASS ]; then
		echo "FAIL $n (passes on stock, $o on ours)"
		nfail=$((nfail + 1))
	elif [ "$s" = SKIP ] && [ "$o" = SKIP ]; then
		echo "SKIP $n (skipped on both: $(note ours "$t"))"
		nskip=$((nskip + 1))
	elif [ "$s" = MISSING ] || [ "$o" = MISSING ]; then
		echo "FAIL $n (no result: the guest did not finish it)"
		nfail=$((nfail + 1))
	else
		echo "SKIP $n (fails on stock too: stock $s, ours $o)"
		nskip=$((nskip + 1))
	fi
done
if [ $grc != 0 ] && [ $grc != 1 ]; then
	echo "FAIL upstream/guest the guest exited with $grc (see $out/guest/console.log)"
	nfail=$((nfail + 1))
fi
echo "check-upstream: each test's output in $out/guest/{stock,ours}/"
summary="$npass passed, $nfail failed"
[ $nskip -gt 0 ] && summary="$summary, $nskip skipped"
echo "$summary in $(elapsed)"
[ $nfail -eq 0 ]
