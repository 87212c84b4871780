#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build a debug test kernel (KASAN, lockdep, kmemleak, debug objects) from
# Debian's linux-source-6.1 once, and cache it in the layout kernel.sh
# leaves for a Debian kernel, so run.sh and check.sh boot it unchanged.
#   debug-kernel.sh CACHEDIR        -> prints the kernel release
#   debug-kernel.sh --cached CACHEDIR  prints the release if it is built,
#                                      else exits 1 (builds nothing)
# Leaves in CACHEDIR/vm/RELEASE/:
#   src/ build/  the source tree and the O= build tree (KDIR for bonding.ko)
#   vmlinuz, root/ (modules_install + boot/vmlinuz-RELEASE), initrd.img
# The config is x86_64 defconfig + kvm_guest.config, trimmed, plus the debug
# options and what the guest and the tests need. Everything the guest needs
# to reach its root (virtio, 9p, overlay) is built in. Builds under nice.
set -e
cached=
[ "$1" = --cached ] && { cached=1; shift; }
cache=$1
[ -n "$cache" ] || { echo "usage: $0 [--cached] CACHEDIR" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
series=6.1
localversion=-btdebug
jobs=${BT_DEBUG_JOBS:-2}

# The config recipe's checksum names the finished build: change an option,
# rebuild (incrementally, in the same tree).
sum=$(grep -E '^[[:space:]]*(cfg |mk -s [a-z_.]*config|-[dem] |--set)' "$here/debug-kernel.sh" |
	md5sum | cut -c1-12)
for f in "$cache"/vm/*"$localversion"/.debug-ready-"$sum"; do
	[ -f "$f" ] || continue
	d=$(dirname "$f")
	if [ -n "$cached" ]; then
		basename "$d"
		exit 0
	fi
	"$here/kernel.sh" "$(basename "$d")" "$cache/vm" >&2
	basename "$d"
	exit 0
done
[ -z "$cached" ] || exit 1

"$repo/scripts/deps.sh" flex bison bc libelf-dev libssl-dev cpio kmod busybox-static >&2
tree=$("$repo/scripts/linux-source.sh" "$series" "$cache" Makefile)
tarball=$(ls "$(dirname "$tree")"/linux-source-"$series".tar.* | head -1)
release=$(awk -F' *= *' '$1 == "VERSION" { v = $2 } $1 == "PATCHLEVEL" { p = $2 }
	$1 == "SUBLEVEL" { s = $2; print v "." p "." s; exit }' "$tree/Makefile")$localversion
dir=$cache/vm/$release
src=$dir/src
obj=$dir/build
log=$dir/build.log
mkdir -p "$dir"
start=$(date +%s)

if [ ! -f "$src/.extracted" ]; then
	echo "debug-kernel: extracting $(basename "$tarball") into $src" >&2
	rm -rf "$src" "$dir/src.tmp"
	mkdir -p "$dir/src.tmp"
	tar -xf "$tarball" -C "$dir/src.tmp" --strip-components=1
	mv "$dir/src.tmp" "$src"
	touch "$src/.extracted"
fi

mk() { nice -n 10 make -C "$src" O="$obj" "$@"; }
cfg() { "$src/scripts/config" --file "$obj/.config" "$@"; }

mkdir -p "$obj"
echo "debug-kernel: configuring $release" >&2
mk -s defconfig >"$log" 2>&1
mk -s kvm_guest.config >>"$log" 2>&1

# trim what a virtio guest never uses, to keep the build short
cfg -d DRM -d SOUND -d USB_SUPPORT -d WLAN -d WIRELESS -d CFG80211 \
	-d MAC80211 -d RFKILL -d AGP -d FB -d HID -d INPUT_JOYSTICK \
	-d INPUT_TABLET -d INPUT_TOUCHSCREEN -d INPUT_MISC -d INPUT_MOUSE \
	-d NFS_FS -d NFSD -d PCCARD -d HIBERNATION -d SUSPEND -d NETFILTER \
	-d SECURITY_SELINUX -d AUDIT -d ATA -d MD -d BLK_DEV_DM -d SCSI \
	-d EXT4_FS -d ISO9660_FS -d MSDOS_FS -d VFAT_FS -d AUTOFS_FS \
	-d QUOTA -d XFRM_USER -d NET_KEY -d INET_ESP -d INET6_ESP \
	-d NET_VENDOR_INTEL -d NET_VENDOR_REALTEK -d NET_VENDOR_BROADCOM \
	-d NET_VENDOR_AMD -d NET_VENDOR_NVIDIA -d NET_VENDOR_MARVELL \
	-d FUSION -d CPU_FREQ -d KVM -d XEN -d HYPERV -d EFI -d LOGO \
	-d MICROCODE -d X86_MCE -d PERF_EVENTS_INTEL_UNCORE \
	-d PERF_EVENTS_INTEL_RAPL -d PERF_EVENTS_INTEL_CSTATE \
	-d PERF_EVENTS_AMD_UNCORE -d NUMA -d KEXEC -d CRASH_DUMP -d KPROBES \
	-d FTRACE -d BLK_DEV_IO_TRACE -d AMD_IOMMU -d INTEL_IOMMU -d HWMON \
	-d THERMAL -d WATCHDOG -d I2C -d DMADEVICES -d HUGETLBFS -d IP_PNP \
	-d NETLABEL -d SECURITY -d KEYS -d ETHERNET -d INPUT_KEYBOARD \
	-d CGROUP_DEBUG -d CGROUP_RDMA -d BPF_SYSCALL -d PROFILING \
	-d XFRM_AH -d IPV6_SIT -d BLK_DEV_LOOP -d VGA_CONSOLE -d NLS \
	-d ACPI_AC -d ACPI_BATTERY -d ACPI_VIDEO -d ACPI_FAN -d ACPI_DOCK \
	-d ACPI_THERMAL -d ACPI_TABLE_UPGRADE -d ACPI_CONTAINER -d ACPI_WMI \
	-d ACPI_BUTTON -d X86_PLATFORM_DEVICES -d INPUT -d VT -d PPS \
	-d PTP_1588_CLOCK -d POWER_SUPPLY -d NEW_LEDS -d VIRTIO_INPUT \
	-d VIRTIO_BLK -d BLK_DEV -d VIRTIO_NET -d NET_FAILOVER -d PHYLIB \
	-d HW_RANDOM_VIA -d HW_RANDOM_INTEL -d HW_RANDOM_AMD \
	-d SERIAL_8250_EXTENDED -d FW_LOADER -d XFRM -d VIRTIO_BALLOON \
	-d DEBUG_INFO -d DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT -d DEBUG_INFO_DWARF4 \
	-d DEBUG_INFO_DWARF5 -e DEBUG_INFO_NONE -d DEBUG_INFO_BTF \
	-d MODULE_SIG -d LOCALVERSION_AUTO --set-str LOCALVERSION "$localversion"

# debug options
cfg -e KASAN -e KASAN_GENERIC -e KASAN_INLINE -d KASAN_OUTLINE \
	-e PROVE_LOCKING -e DEBUG_LOCKDEP -e DEBUG_ATOMIC_SLEEP -e PROVE_RCU \
	-e DEBUG_KMEMLEAK -d DEBUG_KMEMLEAK_DEFAULT_OFF \
	--set-val DEBUG_KMEMLEAK_MEM_POOL_SIZE 40000 -d DEBUG_KMEMLEAK_AUTO_SCAN \
	-e DEBUG_LIST -e REFCOUNT_FULL -e DEBUG_OBJECTS -e DEBUG_OBJECTS_WORK \
	-e DEBUG_OBJECTS_TIMERS -e DEBUG_OBJECTS_RCU_HEAD -e DEBUG_OBJECTS_FREE \
	-e DEBUG_FS -e KALLSYMS -e KALLSYMS_ALL -e MODULES -e MODULE_UNLOAD \
	-e FRAME_POINTER -e STACKTRACE -e MAGIC_SYSRQ -e PANIC_ON_OOPS

# the guest: serial console, initramfs, virtio, 9p root under an overlay
cfg -e SERIAL_8250 -e SERIAL_8250_CONSOLE -e BLK_DEV_INITRD -e RD_GZIP \
	-e DEVTMPFS -e TMPFS -e TMPFS_POSIX_ACL -e BINFMT_ELF -e BINFMT_SCRIPT \
	-e VIRTIO -e VIRTIO_PCI -e VIRTIO_PCI_LEGACY -e VIRTIO_CONSOLE \
	-e HW_RANDOM -e HW_RANDOM_VIRTIO -e NET_9P -e NET_9P_VIRTIO -e 9P_FS \
	-e 9P_FS_POSIX_ACL -e NETWORK_FILESYSTEMS -e OVERLAY_FS -e CONFIGFS_FS \
	-e NAMESPACES -e NET_NS -e UTS_NS -e IPC_NS -e PID_NS -e USER_NS \
	-e UNIX -e INET -e IPV6 -e PACKET -e PROC_FS -e SYSFS

# the tests: bonding itself, its peers and the tools around them
cfg -m BONDING -m VETH -m DUMMY -m BRIDGE -m VLAN_8021Q -m MACVLAN \
	-m MACVTAP -m IPVLAN -m NLMON -m NET_TEAM -m NET_TEAM_MODE_BROADCAST \
	-m NET_TEAM_MODE_ROUNDROBIN -m NET_TEAM_MODE_RANDOM \
	-m NET_TEAM_MODE_ACTIVEBACKUP -m NET_TEAM_MODE_LOADBALANCE \
	-m NET_PKTGEN -e NETDEVICES -e NET_CORE -e NETPOLL -m NETCONSOLE \
	-e NETCONSOLE_DYNAMIC -m TLS -m NET_IPGRE_DEMUX -m NET_IPGRE \
	-m IPV6_GRE -m NET_IPIP -m TUN \
	-e NET_SCHED -e NET_CLS -e NET_CLS_ACT -m NET_SCH_INGRESS \
	-m NET_CLS_FLOWER -m NET_CLS_MATCHALL -m NET_CLS_U32 -m NET_ACT_GACT \
	-m NET_ACT_MIRRED -m NET_SCH_NETEM -m NET_SCH_PRIO -m NET_SCH_HTB \
	-m NET_SCH_TBF -m NET_SCH_FQ_CODEL -m NET_SCH_MULTIQ -m NET_ACT_SKBEDIT \
	-e BRIDGE_VLAN_FILTERING \
	-e VLAN_8021Q_GVRP -e VLAN_8021Q_MVRP -e IPV6_MULTIPLE_TABLES \
	-e IP_MULTICAST -e IP_ADVANCED_ROUTER -e NET_FLOW_LIMIT

mk -s olddefconfig >>"$log" 2>&1
for o in KASAN PROVE_LOCKING DEBUG_KMEMLEAK DEBUG_OBJECTS 9P_FS OVERLAY_FS; do
	grep -q "^CONFIG_$o=y" "$obj/.config" ||
		{ echo "debug-kernel: CONFIG_$o did not stick" >&2; exit 1; }
done
grep -q "^CONFIG_BONDING=m" "$obj/.config" ||
	{ echo "debug-kernel: CONFIG_BONDING=m did not stick" >&2; exit 1; }
echo "debug-kernel: building $release with -j$jobs under nice (log: $log)" >&2
if ! mk -j"$jobs" bzImage modules >>"$log" 2>&1; then
	tail -40 "$log" >&2
	exit 1
fi
r=$(cat "$obj/include/config/kernel.release")
[ "$r" = "$release" ] || { echo "debug-kernel: release $r, expected $release" >&2; exit 1; }
rm -rf "$dir/root"
mkdir -p "$dir/root/boot"
mk -s INSTALL_MOD_PATH="$dir/root" modules_install >>"$log" 2>&1
cp "$obj/arch/x86/boot/bzImage" "$dir/root/boot/vmlinuz-$release"
cp "$obj/.config" "$dir/root/boot/config-$release"
"$here/kernel.sh" "$release" "$cache/vm" >&2
rm -f "$dir"/.debug-ready-*
touch "$dir/.debug-ready-$sum"
echo "debug-kernel: $release built in $(( ($(date +%s) - start) / 60 )) min" >&2
echo "$(( ($(date +%s) - start) / 60 ))" >"$dir/build-minutes"
echo "$release"
