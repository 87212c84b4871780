#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Test that the guest runs the module under test and nothing else: the
# loaded bonding.ko is ours (srcversion and file), and the guard the runner
# applies after every test rejects the stock module loaded behind its back.
. "$(dirname "$0")/lib.sh"

check_eq modinfo-path "$OUR_KO" "$(modinfo -n bonding)"
bond_load max_bonds=1
check_eq srcversion "$BT_SRCVERSION" "$(cat /sys/module/bonding/srcversion)"
check_eq kernel "$BT_KVER" "$(uname -r)"
check guard-accepts-ours module_guard
check bond-created test -d /sys/class/net/bond0
check unload bond_unload

# The kernel's own module, loaded without stock_load(): must be caught.
modprobe -q tls
if insmod "$(stock_ko)"; then
	check_fail guard-rejects-stock module_guard
	rmmod bonding
else
	fail guard-rejects-stock "cannot load the stock module $(stock_ko)"
fi
check stock-unloaded test ! -d /sys/module/bonding

# The kernel-log filter the runner applies after every test.
for l in "WARNING: CPU: 1 PID: 42 at net/core/dev.c:1 x" \
	 "BUG: scheduling while atomic: ip/1/0x00000002" \
	 "BUG: sleeping function called from invalid context" \
	 "general protection fault, probably for non-canonical address" \
	 "refcount_t: underflow; use-after-free." \
	 "list_del corruption. prev->next should be" \
	 "unregister_netdevice: waiting for bond0 to become free. Usage count = 2" \
	 "Oops: 0000 [#1] PREEMPT SMP NOPTI" \
	 "BUG: KASAN: slab-use-after-free in bond_xmit+0x1/0x2 [bonding]" \
	 "WARNING: possible circular locking dependency detected" \
	 "WARNING: suspicious RCU usage" \
	 "unreferenced object 0xffff888003a1b200 (size 64):" \
	 "ODEBUG: free active (active state 0) object: x object type: timer_list" \
	 "UBSAN: array-index-out-of-bounds in bond_main.c:1:2"; do
	check "log-filter-catches[${l%% *}]" sh -c "echo '$l' | grep -qE '$BT_COMPLAINTS'"
done
for l in "bonding: module verification failed: signature and/or required key missing - tainting kernel" \
	 "bond0: (slave v0): Enslaving as a backup interface with an up link"; do
	check_fail "log-filter-ignores[${l%% *}]" sh -c "echo '$l' | grep -qE '$BT_COMPLAINTS'"
done
l="[   92.120852] pktgen: WARNING: trying to remove a running interface, stopping it now"
check_eq "log-filter-ignores[pktgen-remove]" "" "$(echo "$l" | kernel_complaints)"
check_eq "log-filter-still-catches-pktgen-splat" 1 \
	"$(echo "WARNING: CPU: 0 PID: 9 at net/core/pktgen.c:1 x" | kernel_complaints | wc -l)"
finish
