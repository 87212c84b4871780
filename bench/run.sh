#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# "make bench": build, boot the test kernel, run every bench/*.py inside
# (each prints its own table), our module and the stock one in the same
# guest run.
#   run.sh [--kver 6.1|6.12|RELEASE] [--cache DIR] [--only NAME]
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
kver=6.1 cache=${XDG_CACHE_HOME:-$HOME/.cache}/bonding only=
while [ $# -gt 0 ]; do
	case "$1" in
	--kver) kver=$2; shift 2 ;;
	--cache) cache=$2; shift 2 ;;
	--only) only=$2; shift 2 ;;
	*) echo "bench: unknown argument $1" >&2; exit 2 ;;
	esac
done
# shellcheck source=selftests/vm/packages.sh
. "$repo/selftests/vm/packages.sh"
"$repo/scripts/apt-sources.sh" || exit 1
kver=$("$repo/scripts/kver.sh" "$kver") || exit 1
"$repo/scripts/deps.sh" "${BT_HOST_PACKAGES[@]}" "${BT_GUEST_PACKAGES[@]}" \
	"headers:$kver" || exit 1
out=$cache/out/bench-$kver
rm -rf "$out"
mkdir -p "$out" "$cache/build/$kver"
make -C "$repo" module KDIR="/usr/src/linux-headers-$kver" >"$out/build.log" 2>&1 ||
	{ tail -30 "$out/build.log"; exit 1; }
cp "$repo/bonding.ko" "$cache/build/$kver/bonding.ko"
# as Debian ships its modules: no debug info (8 MB less to load per insmod)
strip --strip-debug "$cache/build/$kver/bonding.ko"
job='for b in bench/[!_]*.py; do n=$(basename $b .py); '
job+='[ -n "$BENCH_ONLY" ] && [ "$n" != "$BENCH_ONLY" ] && continue; '
job+='echo "== $n"; python3 $b || echo "bench $n failed"; done'
export BENCH_ONLY=$only
exec "$here/../selftests/vm/run.sh" --kver "$kver" --cache "$cache/vm" \
	--module "$cache/build/$kver/bonding.ko" --out "$out/guest" \
	--timeout 3600 --mem 3072 -- "$job"
