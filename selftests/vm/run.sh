#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot a Debian test kernel under QEMU (TCG), with the host root read-only
# over 9p under a throwaway overlay, run one job inside and bring back its
# output, its exit status and the guest's dmesg.
#
#   run.sh --kver KVER --out DIR [--module bonding.ko] [--cache DIR]
#          [--timeout SEC] [--mem MB] [--smp N] -- 'command in the guest'
#
# The command runs from the repository root with BT_OUT (the results
# share), BT_KVER and BT_MODULE in its environment. Its stdout/stderr are
# streamed here while it runs and kept in OUT/job.out. Exit status: the
# job's, or 99 when the guest never reported one (crash, panic, timeout).
set -e
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
kver= out= module= cache=${BT_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/bonding}/vm timeout=1800 mem=2048 smp=2 quiet=
while [ $# -gt 0 ]; do
	case "$1" in
	--kver) kver=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--module) module=$2; shift 2 ;;
	--cache) cache=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--quiet) quiet=1; shift ;;
	--) shift; break ;;
	*) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
	esac
done
job=$*
[ -n "$kver" ] && [ -n "$out" ] && [ -n "$job" ] || {
	sed -n '2,/^set -e/p' "$0" | sed 's/^# \?//' >&2
	exit 2
}

"$here/kernel.sh" "$kver" "$cache"
kdir=$cache/$kver

mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out"/{job.env,job.out,exit_status,dmesg.txt,console.log,harness.log}
if [ -n "$module" ]; then
	module=$(readlink -f "$module")
	[ -f "$module" ] || { echo "run.sh: no module $module" >&2; exit 2; }
	vm=$(modinfo -F vermagic "$module" | cut -d' ' -f1)
	[ "$vm" = "$kver" ] || {
		echo "run.sh: $module is built for $vm, not $kver" >&2
		exit 2
	}
fi
q() { printf '%q' "$1"; }
{
	echo "BT_KVER=$(q "$kver")"
	echo "BT_KROOT=$(q "$kdir/root")"
	echo "BT_MODULE=$(q "$module")"
	echo "BT_REPO=$(q "$repo")"
	echo "BT_JOB=$(q "$job")"
	echo "export BT_OUT=/mnt/out BT_KVER BT_MODULE BT_REPO"
	[ -n "$module" ] && echo "export BT_SRCVERSION=$(q "$(modinfo -F srcversion "$module")")"
	env | grep -E '^(BT_[A-Z0-9_]*|TESTS|BENCH_[A-Z0-9_]*|STRESS_[A-Z0-9_]*)=' | while IFS== read -r k v; do
		case "$k" in BT_KVER|BT_KROOT|BT_MODULE|BT_REPO|BT_JOB|BT_OUT) continue ;; esac
		echo "export $k=$(q "$v")"
	done
} >"$out/job.env"
: >"$out/job.out"

# depmod under TCG takes ~15 s; do it here, in a tree whose kernel/ is the
# cached one and whose updates/ holds the module under test. The guest copies
# the resulting index files over its /lib/modules/KVER.
rm -rf "$out/modules"
mkdir -p "$out/modules/lib/modules/$kver/updates"
md=$out/modules/lib/modules/$kver
ln -s "$kdir/root/lib/modules/$kver/kernel" "$md/kernel"
cp "$kdir/root/lib/modules/$kver"/modules.{order,builtin,builtin.modinfo} "$md/"
[ -n "$module" ] && cp "$module" "$md/updates/bonding.ko"
depmod -b "$out/modules" "$kver"

qemu=(qemu-system-x86_64 -accel tcg -cpu max -smp "$smp" -m "$mem"
	-nographic -no-reboot -nodefaults -serial stdio
	-kernel "$kdir/vmlinuz" -initrd "$kdir/initrd.img"
	-append "console=ttyS0 panic=-1 oops=panic softlockup_panic=1 hung_task_panic=1 loglevel=4 quiet bt.init=$here/guest-init.sh"
	-virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap"
	-virtfs "local,path=$out,mount_tag=results,security_model=none,multidevs=remap"
	-device virtio-rng-pci)

timeout -k 10 "$timeout" "${qemu[@]}" </dev/null >"$out/console.log" 2>&1 &
qpid=$!
if [ -z "$quiet" ]; then
	tail -n +1 -F --pid=$qpid "$out/job.out" 2>/dev/null &
	tpid=$!
fi
set +e
wait $qpid
qrc=$?
[ -n "$tpid" ] && { sleep 0.5; kill $tpid 2>/dev/null; wait $tpid 2>/dev/null; }

if [ -f "$out/exit_status" ]; then
	rc=$(cat "$out/exit_status")
else
	rc=99
	if [ $qrc = 124 ] || [ $qrc = 137 ]; then
		echo "run.sh: the guest did not finish within ${timeout}s" >&2
	else
		echo "run.sh: the guest stopped without an exit status (qemu $qrc)" >&2
	fi
	echo "run.sh: last console lines:" >&2
	tail -30 "$out/console.log" | sed 's/^/  | /' >&2
fi
if grep -q HARNESS-ERROR "$out/harness.log" 2>/dev/null; then
	sed -n 's/^HARNESS-ERROR /run.sh: guest: /p' "$out/harness.log" >&2
fi
exit "$rc"
