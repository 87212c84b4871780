#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# "make deb" builds bonding-dkms_*.deb; dpkg -i installs it on this host,
# its postinst has DKMS build and install the module for the test kernel
# (BONDING_DKMS_KERNELS names it: the host's running kernel is not the
# test kernel), and dpkg -r takes everything away again: the source, the
# DKMS tree and the module. The host's own DKMS state is used, so the test
# refuses to run when a bonding DKMS module is already registered.
. "$(dirname "$0")/../lib.sh"

"$BT_REPO/scripts/deps.sh" dkms || { fail deps "cannot install dkms"; finish; }
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$BT_REPO/dkms.conf")
if dpkg-query -W -f='${Status}\n' bonding-dkms 2>/dev/null | grep -q 'ok installed'; then
	skip all "bonding-dkms is installed on this host already"
	finish
fi
if [ -n "$(dkms status -m bonding 2>/dev/null)" ]; then
	skip all "a bonding DKMS module is registered on this host already"
	finish
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check build make -s -C "$BT_REPO" deb DEBDIR="$tmp"
debs=("$tmp"/bonding-dkms_*_all.deb)
deb=${debs[0]}
check_eq deb-file 1 "$(find "$tmp" -name 'bonding-dkms_*_all.deb' | wc -l)"
check_eq package bonding-dkms "$(dpkg-deb -f "$deb" Package 2>/dev/null)"
check_eq ships-dkms.conf 1 \
	"$(dpkg-deb -c "$deb" | grep -c "/usr/src/bonding-$ver/dkms.conf$")"

ko=/lib/modules/$BT_KVER/updates/dkms/bonding.ko
if BONDING_DKMS_KERNELS=$BT_KVER dpkg -i "$deb" >"$tmp/install.log" 2>&1; then
	pass install
else
	fail install "(dpkg -i: $(tail -1 "$tmp/install.log"))"
	tail -20 "$tmp/install.log"
fi
check_eq dpkg-status "install ok installed" \
	"$(dpkg-query -W -f='${Status}' bonding-dkms 2>/dev/null)"
check_eq dkms-status "bonding/$ver, $BT_KVER, x86_64: installed" \
	"$(dkms status -m bonding -v "$ver" -k "$BT_KVER" 2>/dev/null)"
check module-file test -f "$ko"
check_eq vermagic "$BT_KVER" "$(modinfo -F vermagic "$ko" 2>/dev/null | cut -d' ' -f1)"
check_eq srcversion "$(modinfo -F srcversion "$BT_KO")" "$(modinfo -F srcversion "$ko" 2>/dev/null)"
check_eq modules.dep 1 "$(grep -c '^updates/dkms/bonding.ko' "/lib/modules/$BT_KVER/modules.dep")"

if dpkg -r bonding-dkms >"$tmp/remove.log" 2>&1; then
	pass remove
else
	fail remove "(dpkg -r: $(tail -1 "$tmp/remove.log"))"
	tail -20 "$tmp/remove.log"
fi
check_fail module-gone test -e "$ko"
check_fail source-gone test -e "/usr/src/bonding-$ver"
check_eq dkms-gone "" "$(dkms status -m bonding 2>/dev/null)"
check_eq modules.dep-clean 0 "$(grep -c '^updates/dkms/bonding.ko' "/lib/modules/$BT_KVER/modules.dep")"
check_eq dpkg-gone "" "$(dpkg-query -W -f='${Status}' bonding-dkms 2>/dev/null | grep -v 'not-installed')"
finish
