#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host side of "make demo": install what is missing, build bonding.ko for
# the test kernel and boot it to run demo-guest.sh, streaming its output.
#   demo.sh [--kver 6.1|6.12|RELEASE] [--cache DIR]
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
kver=6.1 cache=${XDG_CACHE_HOME:-$HOME/.cache}/bonding
while [ $# -gt 0 ]; do
	case "$1" in
	--kver) kver=$2; shift 2 ;;
	--cache) cache=$2; shift 2 ;;
	*) echo "demo.sh: unknown argument $1" >&2; exit 2 ;;
	esac
done

# shellcheck source=selftests/vm/packages.sh
. "$here/packages.sh"
"$repo/scripts/apt-sources.sh" || exit 1
kver=$("$repo/scripts/kver.sh" "$kver") || exit 1
"$repo/scripts/deps.sh" "${BT_HOST_PACKAGES[@]}" "${BT_GUEST_PACKAGES[@]}" \
	"headers:$kver" || exit 1

out=$cache/out/demo-$kver
rm -rf "$out"
mkdir -p "$out" "$cache/build/$kver"
echo "demo: building bonding.ko for $kver"
make -C "$repo" module KDIR="/usr/src/linux-headers-$kver" >"$out/build.log" 2>&1 ||
	{ tail -30 "$out/build.log"; exit 1; }
cp "$repo/bonding.ko" "$cache/build/$kver/bonding.ko"
# as Debian ships its modules: no debug info (8 MB less to load per insmod)
strip --strip-debug "$cache/build/$kver/bonding.ko"
echo "demo: booting $kver under QEMU (about 10 s)"
exec "$here/run.sh" --kver "$kver" --cache "$cache/vm" \
	--module "$cache/build/$kver/bonding.ko" --out "$out/guest" \
	--timeout 600 -- selftests/vm/demo-guest.sh
