#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build bonding-dkms_VERSION_all.deb: the module source under
# /usr/src/bonding-VERSION, which the package's postinst hands to DKMS
# (dkms add, build and install for each kernel that has its headers) and
# its prerm takes away again (dkms remove --all).
#
#   mkdeb.sh [OUTDIR]   (default: the repository root)
#
# postinst builds for the kernels named in BONDING_DKMS_KERNELS when set,
# else for the running kernel when its headers are installed, else for
# every kernel under /lib/modules that has them.
set -e
repo=$(cd "$(dirname "$0")/.." && pwd)
outdir=$(cd "${1:-$repo}" && pwd)
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$repo/dkms.conf")
[ -n "$ver" ] || { echo "mkdeb: no PACKAGE_VERSION in dkms.conf" >&2; exit 1; }
debver=$ver
git=$(git -C "$repo" describe --always --dirty 2>/dev/null || true)
[ -n "$git" ] && debver="$ver+g${git#g}"
debver=${debver//-/.}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
src=$root/usr/src/bonding-$ver
mkdir -p "$src" "$root/DEBIAN" "$root/usr/share/doc/bonding-dkms"
(cd "$repo" && cp -r Kbuild dkms.conf LICENSE ./*.c include bond_modes "$src/")
find "$src" \( -name '*.o' -o -name '.*.cmd' -o -name '*.ko' -o -name '*.mod*' \) -delete
cp "$repo/README.md" "$root/usr/share/doc/bonding-dkms/"
gzip -9n "$root/usr/share/doc/bonding-dkms/README.md"
cp "$repo/LICENSE" "$root/usr/share/doc/bonding-dkms/copyright"

cat >"$root/DEBIAN/control" <<EOC
Package: bonding-dkms
Version: $debver
Architecture: all
Section: kernel
Priority: optional
Maintainer: bonding developers <bonding@localhost>
Depends: dkms (>= 2.1), make, gcc
Recommends: linux-headers-amd64 | linux-headers-generic
Installed-Size: $(du -sk "$root" | cut -f1)
Description: Linux bonding driver (out of tree), DKMS source
 A drop-in replacement for the kernel's bonding.ko (drivers/net/bonding),
 built by DKMS for the installed kernels and installed to
 /lib/modules/KVER/updates/dkms, where it takes precedence over the stock
 module.
EOC

cat >"$root/DEBIAN/postinst" <<EOC
#!/bin/sh
set -e
NAME=bonding
VERSION=$ver
EOC
cat >>"$root/DEBIAN/postinst" <<'EOC'
[ "$1" = configure ] || exit 0
if ! dkms status -m $NAME -v $VERSION | grep -q .; then
	dkms add -m $NAME -v $VERSION
fi
kernels=${BONDING_DKMS_KERNELS:-}
if [ -z "$kernels" ]; then
	if [ -e "/lib/modules/$(uname -r)/build/Makefile" ]; then
		kernels=$(uname -r)
	else
		for d in /lib/modules/*/build/Makefile; do
			[ -e "$d" ] || continue
			d=${d%/build/Makefile}
			kernels="$kernels ${d##*/}"
		done
	fi
fi
for k in $kernels; do
	if [ ! -e "/lib/modules/$k/build/Makefile" ]; then
		echo "bonding-dkms: no headers for $k, not building for it" >&2
		continue
	fi
	echo "bonding-dkms: building for $k"
	dkms build -m $NAME -v $VERSION -k "$k"
	dkms install -m $NAME -v $VERSION -k "$k" --force
done
exit 0
EOC

cat >"$root/DEBIAN/prerm" <<EOC
#!/bin/sh
set -e
case "\$1" in
remove|upgrade|deconfigure)
	if dkms status -m bonding -v $ver | grep -q .; then
		dkms remove -m bonding -v $ver --all
	fi
	;;
esac
exit 0
EOC
chmod 755 "$root/DEBIAN/postinst" "$root/DEBIAN/prerm"
deb=$outdir/bonding-dkms_${debver}_all.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "$deb"
