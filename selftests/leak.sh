#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Test that enslave and release do not leak: 1,000 cycles of enslaving
# and releasing four veths (through ip, sysfs and the ioctls in turn)
# while other processes read ip -d link, /proc and sysfs in a loop. The
# kernel's slab usage must come back to its baseline, and the kernel log
# stays clean (the runner checks that).
. "$(dirname "$0")/lib.sh"
CYCLES=${LEAK_CYCLES:-1000}
IFENSLAVE=$BT_LIB_DIR/../tools/ifenslave/ifenslave
S=/sys/class/net/b0/bonding

bond_load max_bonds=0
ip link add b0 type bond mode active-backup miimon 100
for i in 0 1 2 3; do
	veth v$i p$i
	ip link set p$i up
done
ip link set b0 up

# warm-up cycles so that lazily allocated kernel state exists
for c in 1 2 3 4 5; do
	for i in 0 1 2 3; do echo +v$i >$S/slaves; done
	for i in 0 1 2 3; do echo -v$i >$S/slaves; done
done
base=$(slab_bytes /tmp/leak-slab.0)

# the readers pause between rounds: on a one-CPU guest, readers that never
# sleep took half the CPU from the cycles (466 s for this test); pausing,
# they still land in the middle of enslaves and releases
(while :; do ip -d link show >/dev/null; cat /proc/net/bonding/b0 >/dev/null
	sleep 0.05; done) &
r1=$!
(while :; do cat $S/* /sys/class/net/v*/bonding_slave/* >/dev/null 2>&1
	sleep 0.02; done) &
r2=$!

start=$SECONDS
for c in $(seq 1 "$CYCLES"); do
	# every door, sysfs most often: it needs no process per operation
	case $((c % 10)) in
	0)
		for i in 0 1 2 3; do ip link set v$i master b0; done
		for i in 0 1 2 3; do ip link set v$i nomaster; done
		;;
	5)
		"$IFENSLAVE" b0 v0 v1 v2 v3 >/dev/null
		"$IFENSLAVE" -d b0 v0 v1 v2 v3 >/dev/null
		;;
	*)
		for i in 0 1 2 3; do echo +v$i >$S/slaves; done
		for i in 0 1 2 3; do echo -v$i >$S/slaves; done
		;;
	esac
done
kill $r1 $r2
wait $r1 $r2 2>/dev/null
echo "cycles: $CYCLES in $((SECONDS - start)) s"
check_eq no-slaves-left "" "$(cat $S/slaves)"

after=$(slab_bytes /tmp/leak-slab.1)
echo "kmalloc objects: $base bytes before, $after bytes after"
echo "grew most: $(slab_growth /tmp/leak-slab.0 /tmp/leak-slab.1)"
# 4 x $CYCLES enslaves: leaking one small object per enslave would show
limit=$((base + CYCLES * 16))
if [ "$after" -le "$limit" ]; then
	pass slab-back-to-baseline
else
	fail slab-back-to-baseline "(kmalloc objects $base -> $after bytes)"
fi
ip link del b0
check rmmod rmmod bonding
finish
