#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fetch and prepare a Debian test kernel for the VM harness, once.
#   kernel.sh KVER CACHEDIR
# Leaves in CACHEDIR/KVER/:
#   vmlinuz      the kernel
#   root/        the unpacked linux-image package (modules, depmod done)
#   initrd.img   busybox + virtio/9p/overlay modules + our /init
# The package is fetched with apt-get download and unpacked, never installed.
set -e
kver=$1
cache=$2
[ -n "$kver" ] && [ -n "$cache" ] || { echo "usage: $0 KVER CACHEDIR" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
dir=$cache/$kver

# Rebuild when the initramfs recipe changes.
sum=$(cat "$here/kernel.sh" "$here/initramfs-init" | md5sum | cut -c1-12)
[ -f "$dir/.ready-$sum" ] && exit 0

# make check starts its guests at once: on a fresh cache, one prepares the
# kernel and the others wait for it, instead of unpacking over each other
mkdir -p "$dir"
exec 8>"$dir/.lock"
flock 8
[ -f "$dir/.ready-$sum" ] && exit 0
if [ ! -f "$dir/root/boot/vmlinuz-$kver" ]; then
	rm -rf "$dir/dl" "$dir/root"
	mkdir -p "$dir/dl"
	echo "kernel: downloading linux-image-$kver" >&2
	( cd "$dir/dl" &&
	  { apt-get download -q "linux-image-$kver" 2>/dev/null ||
	    apt-get download -q "linux-image-$kver-unsigned" 2>/dev/null ||
	    { "$here/../../scripts/apt-sources.sh" &&
	      { apt-get download -q "linux-image-$kver" ||
	        apt-get download -q "linux-image-$kver-unsigned"; }; }; } ) >&2
	dpkg -x "$dir"/dl/linux-image-*.deb "$dir/root.tmp"
	mv "$dir/root.tmp" "$dir/root"
	rm -rf "$dir/dl"
fi
depmod -b "$dir/root" "$kver"
cp "$dir/root/boot/vmlinuz-$kver" "$dir/vmlinuz"

# initramfs: busybox, the modules needed to reach the 9p root, and /init.
bb=/bin/busybox
[ -x "$bb" ] && "$bb" --list 2>/dev/null | grep -qx switch_root || bb=/usr/bin/busybox
ldd "$bb" 2>&1 | grep -q "not a dynamic" ||
	{ echo "kernel: need a static busybox (busybox-static)" >&2; exit 1; }

ird=$(mktemp -d)
trap 'rm -rf "$ird"' EXIT
mkdir -p "$ird"/{bin,dev,proc,sys,mods,lower,upper,newroot}
cp "$bb" "$ird/bin/busybox"
n=0
while read -r verb path _; do
	[ "$verb" = insmod ] || continue
	n=$((n + 1))
	name=$(printf '%02d-%s' "$n" "$(basename "$path" | sed 's/\.ko.*$//')").ko
	case "$path" in
	*.xz)  xz -dc "$path" >"$ird/mods/$name" ;;
	*.zst) zstd -qdc "$path" >"$ird/mods/$name" ;;
	*.gz)  gzip -dc "$path" >"$ird/mods/$name" ;;
	*)     cp "$path" "$ird/mods/$name" ;;
	esac
done < <(modprobe -d "$dir/root" -S "$kver" --show-depends -a \
		virtio_pci 9pnet_virtio 9p overlay 2>/dev/null | awk '!seen[$0]++')
[ "$n" -gt 0 ] || echo "kernel: note: no modules needed (all built in?)" >&2
cp "$here/initramfs-init" "$ird/init"
chmod +x "$ird/init"
( cd "$ird" && find . | cpio -o -H newc --quiet | gzip -1 ) >"$dir/initrd.img"
rm -f "$dir"/.ready-*
touch "$dir/.ready-$sum"
echo "kernel: $kver ready in $dir" >&2
