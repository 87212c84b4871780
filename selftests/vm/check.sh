#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host side of "make check": install what is missing, build bonding.ko for
# the test kernel, run the host tests (selftests/host/), boot the test
# kernel and run every selftest inside, then print the summary line and
# the wall time. Exits non-zero on any failure.
#
#   check.sh [--kver 6.1|6.12|RELEASE] [--cache DIR] [--tests "PATTERN..."]
set -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
tdir=$repo/selftests
kver=6.1 cache=${XDG_CACHE_HOME:-$HOME/.cache}/bonding tests=
while [ $# -gt 0 ]; do
	case "$1" in
	--kver) kver=$2; shift 2 ;;
	--cache) cache=$2; shift 2 ;;
	--tests) tests=$2; shift 2 ;;
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
kver=$("$repo/scripts/kver.sh" "$kver") || die "no test kernel for $kver"
"$repo/scripts/deps.sh" "${BT_HOST_PACKAGES[@]}" "${BT_GUEST_PACKAGES[@]}" \
	"headers:$kver" || die "cannot install the test dependencies"
echo "check: test kernel $kver"

out=$cache/out/check-$kver
rm -rf "$out"
mkdir -p "$out"
if ! make -C "$repo" module KDIR="/usr/src/linux-headers-$kver" \
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
export BT_KVER=$kver BT_KO=$ko BT_CACHE=$cache BT_OUT_HOST=$out BT_REPO=$repo
for t in "$tdir"/host/*.sh; do
	[ -e "$t" ] || continue
	name=host-$(basename "$t" .sh)
	if [ -n "$tests" ]; then
		m=
		for p in $tests; do
			# shellcheck disable=SC2053
			[[ $name == $p ]] && m=1
		done
		[ -n "$m" ] || continue
	fi
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
	count <"$out/$name.res"
	if grep -q '^FAIL' "$out/$name.res"; then
		tail -20 "$out/$name.log" | sed 's/^/    | /'
	fi
done

# Guest tests.
export BT_NO_SUMMARY=1
[ -n "$tests" ] && export TESTS="$tests"
guest_tests=$(cd "$tdir" && ls ./*.sh ./*.py 2>/dev/null | grep -vc -e '^./lib.sh$')
if [ "$guest_tests" -gt 0 ]; then
	"$here/run.sh" --kver "$kver" --cache "$cache/vm" --module "$ko" \
		--out "$out/guest" --timeout 4500 --quiet \
		-- "selftests/vm/runner.sh" >"$out/run.log" 2>&1 &
	rpid=$!
	# stream the guest's lines as they come
	count < <(tail -n +1 -F --pid=$rpid "$out/guest/job.out" 2>/dev/null)
	wait $rpid
	rc=$?
	if [ $rc = 99 ] || ! [ -f "$out/guest/exit_status" ]; then
		sed 's/^/    | /' "$out/run.log"
		echo "FAIL guest the test guest did not finish (see $out/guest/console.log)"
		nfail=$((nfail + 1))
	fi
fi

echo "check: logs and the guest's dmesg in $out"
summary="$npass passed, $nfail failed"
[ $nskip -gt 0 ] && summary="$summary, $nskip skipped"
echo "$summary in $(elapsed)"
[ $nfail -eq 0 ]
