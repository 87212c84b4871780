#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host side of "make check": install what is missing, build bonding.ko for
# the test kernel, run the host tests (selftests/host/), boot the test
# kernel and run every selftest inside, then print the summary line and
# the wall time. Exits non-zero on any failure.
#
#   check.sh [--kver 6.1|6.12|RELEASE] [--cache DIR] [--tests "PATTERN..."]
#   check.sh --debug [--cache DIR] [--tests "PATTERN..."]
# --debug ("make check-debug") runs the guest tests on the KASAN/lockdep/
# kmemleak kernel that debug-kernel.sh builds once into CACHE/vm/, with
# more guest memory and time; the host tests are left to "make check".
set -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
tdir=$repo/selftests
kver=6.1 cache=${XDG_CACHE_HOME:-$HOME/.cache}/bonding tests=
debug=
while [ $# -gt 0 ]; do
	case "$1" in
	--kver) kver=$2; shift 2 ;;
	--cache) cache=$2; shift 2 ;;
	--tests) tests=$2; shift 2 ;;
	--debug) debug=1; shift ;;
	*) echo "check.sh: unknown argument $1" >&2; exit 2 ;;
	esac
done
t0=$(date +%s)

elapsed() {
	local s=$(($(date +%s) - t0))
	printf '%dm%02ds' $((s / 60)) $((s % 60))
}
die() {
	echo "check: $*" >&2
	echo "0 passed, 1 failed in $(elapsed)"
	exit 1
}

# shellcheck source=selftests/vm/packages.sh
. "$here/packages.sh"
"$repo/scripts/apt-sources.sh" || die "cannot set up apt sources"
# guest memory (MB) and time (s), per guest
mem=2048 gtimeout=4500
if [ -n "$debug" ]; then
	"$repo/scripts/deps.sh" "${BT_HOST_PACKAGES[@]}" "${BT_GUEST_PACKAGES[@]}" ||
		die "cannot install the test dependencies"
	kver=$("$here/debug-kernel.sh" "$cache") || die "cannot build the debug kernel"
	kbuild=$cache/vm/$kver/build
	mem=3072 gtimeout=9000
	# each half of the fuzz is 50,000 operations, some 90 minutes
	# there; a guest's own limit grows with what it was dealt (below)
	export BT_TEST_TIMEOUT=${BT_TEST_TIMEOUT:-14400}
	# tests that scale (fuzz, stress) run their long form on this kernel
	export BT_DEBUG=1
else
	kver=$("$repo/scripts/kver.sh" "$kver") || die "no test kernel for $kver"
	"$repo/scripts/deps.sh" "${BT_HOST_PACKAGES[@]}" "${BT_GUEST_PACKAGES[@]}" \
		"headers:$kver" || die "cannot install the test dependencies"
	kbuild=/usr/src/linux-headers-$kver
fi
echo "check: test kernel $kver"

out=$cache/out/check-$kver
rm -rf "$out"
mkdir -p "$out"
if ! make -C "$repo" module KDIR="$kbuild" \
	>"$out/build.log" 2>&1; then
	tail -30 "$out/build.log" >&2
	die "the module does not build against $kver"
fi
mkdir -p "$cache/build/$kver"
cp "$repo/bonding.ko" "$cache/build/$kver/bonding.ko"
# as Debian ships its modules: no debug info (8 MB less to load per insmod)
strip --strip-debug "$cache/build/$kver/bonding.ko"
if ! make -C "$repo" tools >"$out/tools.log" 2>&1; then
	tail -30 "$out/tools.log" >&2
	die "the tools do not build"
fi
ko=$cache/build/$kver/bonding.ko
# test helper modules (selftests/kmod), built out of the tree, beside it
kmod=$cache/build/$kver/kmod
rm -rf "$kmod"
cp -r "$tdir/kmod" "$kmod"
if ! make -C "$kbuild" M="$kmod" modules >"$out/kmod.log" 2>&1; then
	tail -30 "$out/kmod.log" >&2
	die "the test helper modules do not build against $kver"
fi
strip --strip-debug "$kmod"/*.ko
export BT_KMOD=$kmod

npass=0 nfail=0 nskip=0
count() {
	while IFS= read -r line; do
		echo "$line"
		case "$line" in
		"PASS "*) npass=$((npass + 1)) ;;
		"FAIL "*) nfail=$((nfail + 1)) ;;
		"SKIP "*) nskip=$((nskip + 1)) ;;
		esac
	done
}

# Host tests: things that need the host itself (dkms, packaging, tools).
# host/dkms.sh runs first, because the guest test dkms_module loads the
# module it builds; the others run beside the guests (they mostly compile,
# the guests mostly wait on timers) and are reported after them.
export BT_KVER=$kver BT_KO=$ko BT_CACHE=$cache BT_OUT_HOST=$out BT_REPO=$repo
host_list=()
for t in "$tdir"/host/*.sh; do
	[ -e "$t" ] || continue
	[ -z "$debug" ] || continue
	name=host-$(basename "$t" .sh)
	if [ -n "$tests" ]; then
		m=
		for p in $tests; do
			# shellcheck disable=SC2053
			[[ $name == $p ]] && m=1
		done
		[ -n "$m" ] || continue
	fi
	host_list+=("$t")
done
host_run() {	# TEST: run one host test into $out/NAME.{log,res}
	local t=$1 name rc
	name=host-$(basename "$t" .sh)
	T_NAME=$name bash "$t" >"$out/$name.log" 2>&1
	rc=$?
	if grep -qE '^(PASS|FAIL|SKIP) ' "$out/$name.log"; then
		grep -E '^(PASS|FAIL|SKIP) ' "$out/$name.log" >"$out/$name.res"
		[ $rc != 0 ] && ! grep -q '^FAIL' "$out/$name.res" &&
			echo "FAIL $name exit status $rc" >>"$out/$name.res"
	elif [ $rc = 0 ]; then
		echo "PASS $name" >"$out/$name.res"
	else
		echo "FAIL $name exit status $rc" >"$out/$name.res"
	fi
}
host_report() {	# TEST: its result lines, and the log's tail on failure
	local name
	name=host-$(basename "$1" .sh)
	count <"$out/$name.res"
	if grep -q '^FAIL' "$out/$name.res"; then
		tail -20 "$out/$name.log" | sed 's/^/    | /'
	fi
}
host_later=()
for t in "${host_list[@]}"; do
	if [ "$(basename "$t")" = dkms.sh ]; then
		host_run "$t"
		host_report "$t"
	else
		host_later+=("$t")
	fi
done
hpid=
if [ ${#host_later[@]} -gt 0 ]; then
	( for t in "${host_later[@]}"; do host_run "$t"; done ) &
	hpid=$!
fi

# Guest tests, split over BT_SHARDS guests (default: one per host core,
# at most two) that run side by side, each with its share of the cores.
# Most tests wait on timers, so two guests halve the wall time. Tests are
# dealt out longest first by the duration of their last run here, or by
# selftests/vm/timing.txt (timing-debug.txt for the debug kernel) on a
# machine that has not run them yet.
export BT_NO_SUMMARY=1
guest_list=()
for t in $(cd "$tdir" && ls ./*.sh ./*.py 2>/dev/null); do
	t=${t#./}
	[ "$t" = lib.sh ] && continue
	if [ -n "$tests" ]; then
		m=
		for p in $tests; do
			# shellcheck disable=SC2053
			[[ ${t%.*} == $p ]] && m=1
		done
		[ -n "$m" ] || continue
	fi
	guest_list+=("${t%.*}")
done
ncpu=$(nproc)
shards=${BT_SHARDS:-$((ncpu >= 2 ? 2 : 1))}
[ "$shards" -gt ${#guest_list[@]} ] && shards=${#guest_list[@]}
timing=$cache/timing-$kver.txt
rm -f "$timing.new"
if [ "$shards" -gt 0 ]; then
	smp=$((ncpu / shards))
	[ "$smp" -ge 1 ] || smp=1
	# name weight, longest first; unknown tests count 60 s. The debug
	# kernel has its own: its slowdown differs from test to test
	tbase=$here/timing.txt
	[ -n "$debug" ] && tbase=$here/timing-debug.txt
	mapfile -t dealt < <(for n in "${guest_list[@]}"; do
		w=$(awk -v n="$n" '$1 == n { w = $2 + 0 } END { print w }' \
			"$tbase" "$timing" 2>/dev/null)
		echo "$n ${w:-60}"
	done | awk '{ if ($2 == 0) $2 = 60; print }' | sort -k2,2nr -k1,1)
	declare -a load names
	for ((i = 0; i < shards; i++)); do load[i]=0 names[i]=; done
	for e in "${dealt[@]}"; do
		n=${e% *} w=${e#* } best=0
		for ((i = 1; i < shards; i++)); do
			[ "${load[i]}" -lt "${load[best]}" ] && best=$i
		done
		load[best]=$((load[best] + w))
		names[best]="${names[best]} $n"
	done
	pids=() files=()
	for ((i = 0; i < shards; i++)); do
		g=$out/guest-$((i + 1))
		mkdir -p "$g"
		: >"$g/job.out"
		files+=("$g/job.out")
		gt=$gtimeout
		[ -n "$debug" ] && [ $((load[i] * 3 / 2 + 1800)) -gt "$gt" ] &&
			gt=$((load[i] * 3 / 2 + 1800))
		TESTS="${names[i]# }" "$here/run.sh" --kver "$kver" \
			--cache "$cache/vm" --module "$ko" --smp "$smp" --mem "$mem" \
			--out "$g" --timeout "$gt" --quiet \
			-- "selftests/vm/runner.sh" >"$g/run.log" 2>&1 &
		pids+=($!)
	done
	# stream the guests' lines as they come, until the last one is done
	(
		for p in "${pids[@]}"; do
			while kill -0 "$p" 2>/dev/null; do sleep 1; done
		done
	) &
	wpid=$!
	count < <(tail -q -n +1 -F --pid=$wpid "${files[@]}" 2>/dev/null)
	for ((i = 0; i < shards; i++)); do
		g=$out/guest-$((i + 1))
		wait "${pids[i]}"
		rc=$?
		if [ $rc = 99 ] || ! [ -f "$g/exit_status" ]; then
			sed 's/^/    | /' "$g/run.log"
			echo "FAIL guest-$((i + 1)) the test guest did not finish (see $g/console.log)"
			nfail=$((nfail + 1))
		fi
		# remember how long each test took, for the next deal
		[ -f "$g/timing.txt" ] && cat "$g/timing.txt" >>"$timing.new"
	done
	if [ -f "$timing.new" ]; then
		awk '{ t[$1] = $2 } END { for (n in t) print n, t[n] }' \
			"$timing" "$timing.new" 2>/dev/null | sort >"$timing.tmp" &&
			mv "$timing.tmp" "$timing"
		rm -f "$timing.new"
	fi
fi

if [ -n "$hpid" ]; then
	wait "$hpid"
	for t in "${host_later[@]}"; do host_report "$t"; done
fi

echo "check: logs and the guest's dmesg in $out"
summary="$npass passed, $nfail failed"
[ $nskip -gt 0 ] && summary="$summary, $nskip skipped"
echo "$summary in $(elapsed)"
[ $nfail -eq 0 ]
