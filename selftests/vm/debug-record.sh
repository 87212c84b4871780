#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# After a `make check-debug` run, append one line per test it ran to
# selftests/vm/debug-record.txt: the date, the commit, the kernel, the
# test, clean or not, its cases passed/failed/skipped and its guest time.
# The full suite takes longer on the debug kernel than one session or CI
# allows, so it is run in parts (TESTS=...); the record says which parts
# ran clean, when and at which commit. debug-record.sh --todo lists the
# tests that have not run clean on the debug kernel yet. A run shortened
# by hand (BT_FUZZ_OPS=..., STRESS_SECONDS=...) is marked "short" in the
# record by hand: it does not count. A test that cannot run there is
# marked "n/a" (dkms_module: check-debug runs no host tests): it does.
#   debug-record.sh [--cache DIR] [--commit REV]
#                                      record the last check-debug run
#                                      (REV: what it ran, default HEAD)
#   debug-record.sh --todo             tests without a clean run
set -e
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
rec=$here/debug-record.txt
cache=${XDG_CACHE_HOME:-$HOME/.cache}/bonding
if [ "$1" = --todo ]; then
	for t in $(cd "$repo/selftests" && ls ./*.sh ./*.py); do
		t=${t#./}; t=${t%.*}
		[ "$t" = lib ] && continue
		awk -v t="$t" '$4 == t && ($5 == "clean" || $5 == "n/a") { f = 1 } END { exit !f }' \
			"$rec" 2>/dev/null || echo "$t"
	done
	exit 0
fi
commit=$(git -C "$repo" rev-parse --short HEAD)
while [ $# -gt 0 ]; do
	case "$1" in
	--cache) cache=$2; shift 2 ;;
	--commit) commit=$(git -C "$repo" rev-parse --short "$2"); shift 2 ;;
	*) echo "usage: $0 [--cache DIR] [--commit REV] | --todo" >&2; exit 2 ;;
	esac
done
out=$(ls -d "$cache"/out/check-*-btdebug 2>/dev/null | head -1)
[ -d "$out" ] || { echo "debug-record: no check-debug output in $cache/out" >&2; exit 1; }
kver=${out##*/check-}
day=$(date -u -r "$out" +%F)
for g in "$out"/guest-*; do
	[ -f "$g/timing.txt" ] || continue
	while read -r name secs; do
		p=$(grep -c "^PASS $name/" "$g/job.out" || true)
		f=$(grep -c "^FAIL $name/" "$g/job.out" || true)
		s=$(grep -c "^SKIP $name/" "$g/job.out" || true)
		state=clean
		[ "$f" = 0 ] && [ "$p" -gt 0 ] || state=failed
		printf '%s %s %s %s %s %s/%s/%s %s\n' "$day" "$commit" "$kver" \
			"$name" "$state" "$p" "$f" "$s" "$secs"
	done <"$g/timing.txt"
done >>"$rec"
tail -n 40 "$rec"
