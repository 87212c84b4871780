#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# PID 1 inside the test guest, after the initramfs switched to the overlay
# of the host root. Sets up the system, puts the module under test in place
# of the stock one, runs the job the host wrote into the results share and
# powers off. The host reads everything back from that share.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8 TERM=dumb

out=/mnt/out
log() { echo "guest: $*" >/dev/console; }
die() {
	log "$*"
	echo "HARNESS-ERROR $*" >>"$out/harness.log" 2>/dev/null
	echo 99 >"$out/exit_status" 2>/dev/null
	dmesg >"$out/dmesg.txt" 2>/dev/null
	sync
	echo o >/proc/sysrq-trigger
	sleep 30
}

mount -t proc proc /proc 2>/dev/null
mount -t sysfs sys /sys 2>/dev/null
mount -t devtmpfs dev /dev 2>/dev/null
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /tmp
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null
mkdir -p "$out"
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 results "$out" ||
	die "cannot mount the results share"
[ -f "$out/job.env" ] || die "no job.env in the results share"
# shellcheck disable=SC1091
. "$out/job.env"

hostname bt-guest
echo 127.0.0.1 localhost >/etc/hosts
ip link set lo up
# Kernel messages go to dmesg, not into the test output.
echo 1 >/proc/sys/kernel/printk
ulimit -c 0

# The host keeps only the headers' build link in /lib/modules; use the
# unpacked package's modules, writable through the overlay.
mkdir -p "/lib/modules/$BT_KVER"
mount --bind "$BT_KROOT/lib/modules/$BT_KVER" "/lib/modules/$BT_KVER" ||
	die "cannot bind the kernel's modules"
[ "$(uname -r)" = "$BT_KVER" ] || die "booted $(uname -r), expected $BT_KVER"
# configfs may be a module: mount it once the modules are reachable
modprobe -q configfs 2>/dev/null
mount -t configfs configfs /sys/kernel/config 2>/dev/null

# The host ran depmod over the cached modules plus updates/bonding.ko.
mkdir -p "/lib/modules/$BT_KVER/updates"
cp -r "$out/modules/lib/modules/$BT_KVER/updates/." "/lib/modules/$BT_KVER/updates/" &&
	cp "$out/modules/lib/modules/$BT_KVER"/modules.* "/lib/modules/$BT_KVER/" ||
	die "cannot install the module index"
if [ -n "$BT_MODULE" ]; then
	path=$(modinfo -n bonding)
	[ "$path" = "/lib/modules/$BT_KVER/updates/bonding.ko" ] ||
		die "modinfo -n bonding gives $path, not our module"
fi

cd "$BT_REPO" || die "no repository at $BT_REPO"
log "running $BT_JOB"
bash -c "$BT_JOB" >"$out/job.out" 2>&1 </dev/null
echo $? >"$out/exit_status"
dmesg >>"$out/dmesg.txt"
sync
echo o >/proc/sysrq-trigger
sleep 30
