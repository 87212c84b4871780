#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Test that Debian's dkms adds, builds and installs the module from our
# dkms.conf for the test kernel. Runs on the host, in throw-away DKMS,
# source and install trees; the built module is left for the guest test
# dkms_module.sh to load.
. "$(dirname "$0")/../lib.sh"

"$BT_REPO/scripts/deps.sh" dkms || { fail deps "cannot install dkms"; finish; }
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$BT_REPO/dkms.conf")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
src=$tmp/src/bonding-$ver
mkdir -p "$src" "$tmp/dkms" "$tmp/install/$BT_KVER"
(cd "$BT_REPO" && cp -r Kbuild dkms.conf LICENSE ./*.c include bond_modes "$src/")
find "$src" -name '*.o' -delete
opts=(--sourcetree "$tmp/src" --dkmstree "$tmp/dkms" --installtree "$tmp/install")

check add dkms add -m bonding -v "$ver" "${opts[@]}"
check build dkms build -m bonding -v "$ver" -k "$BT_KVER" \
	--kernelsourcedir "/usr/src/linux-headers-$BT_KVER" "${opts[@]}"
check install dkms install -m bonding -v "$ver" -k "$BT_KVER" \
	--kernelsourcedir "/usr/src/linux-headers-$BT_KVER" "${opts[@]}"
ko=$(find "$tmp/install/$BT_KVER" -name 'bonding.ko*' | head -1)
check installed-file test -n "$ko"
check_eq status "bonding/$ver, $BT_KVER, x86_64: installed" \
	"$(dkms status -m bonding -v "$ver" "${opts[@]}" 2>/dev/null)"
check_eq vermagic "$BT_KVER" "$(modinfo -F vermagic "$ko" 2>/dev/null | cut -d' ' -f1)"
check_eq srcversion "$(modinfo -F srcversion "$BT_KO")" "$(modinfo -F srcversion "$ko" 2>/dev/null)"
if [ -n "$ko" ]; then
	mkdir -p "$BT_CACHE/build/$BT_KVER/dkms"
	cp "$ko" "$BT_CACHE/build/$BT_KVER/dkms/bonding.ko"
fi
check remove dkms remove -m bonding -v "$ver" --all "${opts[@]}"
finish
