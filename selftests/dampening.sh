#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Link-flap dampening (beyond stock, bond_flap.c), on the peer_topology of
# lib.sh with the MII monitor at 100 ms:
#  - the options' defaults, and refusals that change nothing;
#  - off (the default): ten flaps in five seconds end exactly as with the
#    stock module (same script run against both);
#  - on: a slave flapped ten times in five seconds is suppressed (sysfs,
#    /proc, the failure event), stays out of service with its carrier back
#    and carries nothing, and returns; a suppressed slave returns when its
#    penalty has decayed below flap_reuse, at the time the half-life
#    predicts within one monitor interval (the kernel's own log of how long
#    it lasted); flap_max_suppress_ms ends a suppression early; turning
#    dampening off releases at once.
. "$(dirname "$0")/lib.sh"

B=/sys/class/net/b0/bonding
SL() { cat /sys/class/net/$1/bonding_slave/$2; }
active() { cat $B/active_slave; }
txp() { cat /sys/class/net/$1/statistics/tx_packets; }
ms_now() { echo $(($(date +%s%N) / 1000000)); }
BONDCTL=$BT_LIB_DIR/../tools/bondctl/bondctl

# flap vDEV N: N cable pulls of vDEV (its peer end goes down), 250 ms
# down and 250 ms up each, from one process (selftests/tools/flap.py);
# prints the seconds it took
flap() {
	ip netns exec peer python3 "$BT_LIB_DIR/tools/flap.py" "p${1#v}" "$2" 0.25 0.25
}

# the state a flapping script ends in, for the stock comparison
flap_outcome() {
	peer_topology mode active-backup miimon 100 primary v0
	flap v0 10 >/dev/null
	sleep 1
	echo "v0 mii=$(SL v0 mii_status) failures=$(SL v0 link_failure_count)"
	echo "v1 mii=$(SL v1 mii_status) failures=$(SL v1 link_failure_count)"
	echo "active=$(active)"
	ping -c1 -W2 192.0.2.2 >/dev/null && echo "ping ok" || echo "ping lost"
	peer_teardown
}

# --- Off by default, and identical to stock -------------------------------------
stock_load max_bonds=0
stock_out=$(flap_outcome)
rmmod bonding
bond_load max_bonds=0
ours_out=$(flap_outcome)
check_eq off-like-stock "$stock_out" "$ours_out"

peer_topology mode active-backup miimon 100 primary v0
check_eq default-suppress 0 "$(cat $B/flap_suppress)"
check_eq default-penalty 1000 "$(cat $B/flap_penalty)"
check_eq default-half-life 15000 "$(cat $B/flap_half_life_ms)"
check_eq default-reuse 750 "$(cat $B/flap_reuse)"
check_eq default-max 60000 "$(cat $B/flap_max_suppress_ms)"
check_eq default-proc-extended 0 "$(cat $B/proc_extended)"
check_eq off-slave-penalty 0 "$(SL v0 flap_penalty)"
check_eq off-slave-suppressed 0 "$(SL v0 suppressed)"
check off-no-proc-lines sh -c "! grep -q '^Flap' /proc/net/bonding/b0"

# --- Refusals change nothing ------------------------------------------------
echo 3000 >$B/flap_suppress
check_eq reuse-above-suppress-errno EINVAL \
	"$(errno_of sysfs_write $B/flap_reuse 3000)"
check_eq reuse-above-suppress-kept 750 "$(cat $B/flap_reuse)"
check_eq suppress-below-reuse-errno EINVAL \
	"$(errno_of sysfs_write $B/flap_suppress 500)"
check_eq suppress-below-reuse-kept 3000 "$(cat $B/flap_suppress)"
check_eq half-life-zero-errno EINVAL \
	"$(errno_of sysfs_write $B/flap_half_life_ms 0)"
check_eq half-life-kept 15000 "$(cat $B/flap_half_life_ms)"
check_eq penalty-text-errno EINVAL \
	"$(errno_of sysfs_write $B/flap_penalty lots)"
check_eq penalty-kept 1000 "$(cat $B/flap_penalty)"
check_eq max-too-big-errno EINVAL \
	"$(errno_of sysfs_write $B/flap_max_suppress_ms 3600001)"
echo 0 >$B/flap_suppress

# --- On: ten flaps in five seconds suppress -----------------------------------
# (a half-life long enough that a slow guest's flapping still adds up)
echo 5000 >$B/flap_half_life_ms
echo 2000 >$B/flap_reuse
echo 3000 >$B/flap_suppress
echo 0 >$B/flap_max_suppress_ms
$BONDCTL monitor --json b0 >/tmp/damp-events.json 2>&1 &
mon=$!
sleep 0.5
took=$(flap v0 10)
echo "10 flaps took $took s"
check on-flaps-within-6s python3 -c "import sys; sys.exit(float('$took') > 6)"
# the flapping is over, the cable is in: v0 has carrier but stays out
check_eq on-suppressed 1 "$(SL v0 suppressed)"
check_eq on-carrier 1 "$(cat /sys/class/net/v0/carrier)"
check_eq on-mii-down down "$(SL v0 mii_status)"
check_eq on-active-is-backup v1 "$(active)"
check on-proc-suppressed grep -q '^Flap suppressed: yes' /proc/net/bonding/b0
check on-penalty-above-reuse [ "$(SL v0 flap_penalty)" -ge 2000 ]
before=$(txp v0)
ping -c 10 -i 0.1 -W1 -q 192.0.2.2 >/dev/null
check on-ping-through-v1 ping -c1 -W1 192.0.2.2
check_eq on-no-traffic-on-suppressed 0 $(($(txp v0) - before))
kill $mon 2>/dev/null
wait $mon 2>/dev/null
check on-event-suppressed grep -q '"reason": *"suppressed' /tmp/damp-events.json
check on-returns wait_for 40 sh -c "[ \$(cat /sys/class/net/v0/bonding_slave/mii_status) = up ]"
check on-primary-active-again wait_for 2 sh -c "[ \$(cat $B/active_slave) = v0 ]"
check on-proc-not-suppressed grep -q '^Flap suppressed: no' /proc/net/bonding/b0
# while suppressed its link stays down: later pulls are no new failures
check on-failures-until-suppressed [ "$(SL v0 link_failure_count)" -lt 10 ]

# suppressed_for MARK: penalty at suppression and the ms it lasted, as the
# kernel logged them after MARK
suppressed_for() {
	local log
	log=$(kmsg_since "$1")
	echo "$(echo "$log" | sed -nE 's/.*suppressed: flapping \(penalty ([0-9]+).*/\1/p' | head -1) \
$(echo "$log" | sed -nE 's/.*no longer suppressed \(penalty [0-9]+ after ([0-9]+) ms.*/\1/p' | head -1)"
}

# --- The decay: back when the penalty crosses flap_reuse -------------------------
# One pull with a penalty above flap_suppress: the release time follows
# from the penalty alone, t = half-life * log2(penalty / reuse), and the
# monitor acts at its next tick (miimon 100).
echo 2000 >$B/flap_half_life_ms
echo 1500 >$B/flap_reuse
echo 6000 >$B/flap_penalty
kmsg_mark decay
peer_pull v0; sleep 0.3; peer_plug v0
check decay-returns wait_for 20 sh -c "[ \$(cat /sys/class/net/v0/bonding_slave/mii_status) = up ]"
read -r pen took <<<"$(suppressed_for decay)"
if [ -n "$pen" ] && [ -n "$took" ]; then
	want=$(python3 -c "import math; print(round(2000 * math.log2($pen / 1500)))")
	if [ $((took - want)) -ge -20 ] && [ $((took - want)) -le 120 ]; then
		pass decay-release-on-time
	else
		fail decay-release-on-time "(penalty $pen: expected $want ms (+ one 100 ms tick), took $took ms)"
	fi
else
	fail decay-release-on-time "(no suppression logged: '$pen' '$took')"
fi

# --- flap_max_suppress_ms ends a suppression --------------------------------
echo 60000 >$B/flap_half_life_ms
echo 1500 >$B/flap_max_suppress_ms
kmsg_mark max
peer_pull v0; sleep 0.3; peer_plug v0
check max-returns wait_for 10 sh -c "[ \$(cat /sys/class/net/v0/bonding_slave/mii_status) = up ]"
read -r pen took <<<"$(suppressed_for max)"
if [ -n "$took" ] && [ "$took" -ge 1500 ] && [ "$took" -le 1620 ]; then
	pass max-release-on-time
else
	fail max-release-on-time "(expected 1500 ms (+ one tick), took '$took' ms)"
fi
check max-penalty-still-high [ "$(SL v0 flap_penalty)" -ge 3000 ]

# --- Turning dampening off releases at once ----------------------------------
echo 0 >$B/flap_max_suppress_ms
peer_pull v0; sleep 0.3; peer_plug v0
wait_for 3 sh -c "[ \$(cat /sys/class/net/v0/carrier) = 1 ]"
check_eq offswitch-suppressed 1 "$(SL v0 suppressed)"
echo 0 >$B/flap_suppress
check_eq offswitch-released 0 "$(SL v0 suppressed)"
check offswitch-up wait_for 2 sh -c "[ \$(cat /sys/class/net/v0/bonding_slave/mii_status) = up ]"
check_eq offswitch-penalty 0 "$(SL v0 flap_penalty)"
peer_teardown

# --- balance-rr: a suppressed slave carries nothing -------------------------
peer_topology mode balance-rr miimon 100
echo 20000 >$B/flap_half_life_ms
echo 1500 >$B/flap_reuse
echo 3000 >$B/flap_suppress
echo 5000 >$B/flap_penalty
flap v1 1 >/dev/null
check_eq rr-suppressed 1 "$(SL v1 suppressed)"
b0=$(txp v0) b1=$(txp v1)
ping -c 20 -i 0.05 -W1 -q 192.0.2.2 >/dev/null
check_eq rr-none-on-suppressed 0 $(($(txp v1) - b1))
check rr-all-on-other [ $(($(txp v0) - b0)) -ge 20 ]
peer_teardown

finish
