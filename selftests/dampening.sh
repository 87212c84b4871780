#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Link-flap dampening (beyond stock, bond_flap.c), on the peer_topology of
# lib.sh with the MII monitor at 100 ms:
#  - the options' defaults, and refusals that change nothing;
#  - off (the default): ten flaps in five seconds end exactly as with the
#    stock module (same script run against both);
#  - on: a slave flapped ten times in five seconds is suppressed (sysfs,
#    /proc, the failure event with the reason "suppressed: flapping" in
#    the kernel log and from bondctl monitor), stays out of service with
#    its carrier back and carries nothing, and returns;
#  - timing, by the test's own clock (damp_watch.py below): a suppressed
#    slave returns (suppressed reads 0, MII status up) when its penalty has
#    decayed below flap_reuse, at the time the options predict (half-life
#    * log2(penalty / reuse) after the down), within one monitor interval;
#    flap_max_suppress_ms ends a suppression at that time, within one
#    monitor interval; turning dampening off releases at once.
. "$(dirname "$0")/lib.sh"

B=/sys/class/net/b0/bonding
SL() { cat /sys/class/net/$1/bonding_slave/$2; }
active() { cat $B/active_slave; }
txp() { cat /sys/class/net/$1/statistics/tx_packets; }
ms_now() { echo $(($(date +%s%N) / 1000000)); }
BONDCTL=$BT_LIB_DIR/../tools/bondctl/bondctl
# dmesg_has ERE / dmesg_since_has MARK ERE: a kernel log line matches
dmesg_has() { dmesg | grep -qE "$1"; }
dmesg_since_has() { kmsg_since "$1" | grep -qE "$2"; }

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
# the flapping is over, the cable is in: v0 has carrier but stays out.
# Read it all at once, and send through it, before anything slow (a
# python3 start takes seconds on a debug guest, and the suppression ends
# some 8 s after the flapping there; on-still-suppressed-after-ping says
# the traffic check ran while it held)
sup=$(SL v0 suppressed) carrier=$(cat /sys/class/net/v0/carrier)
mii=$(SL v0 mii_status) act=$(active) pen=$(SL v0 flap_penalty)
proc=$(grep -c '^Flap suppressed: yes' /proc/net/bonding/b0)
before=$(txp v0)
ping -c 10 -i 0.1 -W1 -q 192.0.2.2 >/dev/null
ping1=$(ping -c1 -W1 192.0.2.2 >/dev/null && echo ok)
sent=$(($(txp v0) - before))
still=$(SL v0 suppressed)
echo "10 flaps took $took s"
check on-flaps-within-6s python3 -c "import sys; sys.exit(float('$took') > 6)"
check_eq on-suppressed 1 "$sup"
check_eq on-carrier 1 "$carrier"
check_eq on-mii-down down "$mii"
check_eq on-active-is-backup v1 "$act"
check_eq on-proc-suppressed 1 "$proc"
check on-penalty-above-reuse [ "$pen" -ge 2000 ]
check_eq on-ping-through-v1 ok "$ping1"
check_eq on-still-suppressed-after-ping 1 "$still"
check_eq on-no-traffic-on-suppressed 0 "$sent"
kill $mon 2>/dev/null
wait $mon 2>/dev/null
# the suppression is a slave event of its own (down to down) with the
# reason the issue names, exactly: in the kernel log and from bondctl
check on-event-log dmesg_has \
	'b0: slave slave=v0 old=down new=down reason=suppressed: flapping backup=[01]$'
check on-log-notice dmesg_has \
	'b0: \(slave v0\): suppressed: flapping \(penalty [0-9]+, suppressed until it decays below 2000\)$'
check on-event-reason-json python3 -c '
import json, sys
evs = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
sup = [e for e in evs if e.get("event") == "slave" and e.get("slave") == "v0"
       and e.get("old") == "down" and e.get("new") == "down"]
if len(sup) != 1 or sup[0].get("reason") != "suppressed: flapping":
    sys.exit("suppression events of v0: %r" % sup)' /tmp/damp-events.json
check on-returns wait_for 40 sh -c "[ \$(cat /sys/class/net/v0/bonding_slave/mii_status) = up ]"
check on-primary-active-again wait_for 2 sh -c "[ \$(cat $B/active_slave) = v0 ]"
check on-proc-not-suppressed grep -q '^Flap suppressed: no' /proc/net/bonding/b0
# while suppressed its link stays down: later pulls are no new failures
check on-failures-until-suppressed [ "$(SL v0 link_failure_count)" -lt 10 ]

# damp_watch.py vDEV OTHER HOLD_S TIMEOUT_S WANT_MS MIIMON: one cable pull
# of vDEV, timed by the test's own clock (CLOCK_MONOTONIC) from one
# process, so that no program start is in the way: the peer end goes
# down, comes back HOLD_S later, and vDEV's bonding_slave/suppressed and
# mii_status are read every 5 ms until it is in service again. Prints, in
# ms after the pull, when suppressed first read 1 ("sup"), then 0 ("rel"),
# and when mii_status then read up ("up"). The monitor's ticks are seen
# through OTHER's last_seen_up (each tick stamps it); "late_rel" and
# "late_up" say by how much the latest tick between WANT_MS - MIIMON after
# the suppression and the release (the return) came later than MIIMON
# after the one before, which happens when a slow guest is starved.
cat >/tmp/damp_watch.py <<'EOF'
import ctypes, fcntl, json, os, socket, struct, sys, time

slave, other = sys.argv[1], sys.argv[2]
hold, timeout = float(sys.argv[3]), float(sys.argv[4])
want, miimon = int(sys.argv[5]), int(sys.argv[6])
port = "p" + slave[1:]
def fd(dev, f):
    return os.open("/sys/class/net/%s/bonding_slave/%s" % (dev, f), os.O_RDONLY)
fsup, fmii, fseen = fd(slave, "suppressed"), fd(slave, "mii_status"), fd(other, "last_seen_up")
def rd(f):
    return os.pread(f, 64, 0).decode().strip()
# the peer's end lives in netns "peer": the socket for its ioctls too
libc = ctypes.CDLL(None, use_errno=True)
if libc.setns(os.open("/run/netns/peer", os.O_RDONLY), 0x40000000):
    sys.exit("setns: " + os.strerror(ctypes.get_errno()))
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)

def set_up(up):
    req = struct.pack("16sH14x", port.encode(), 0)
    fl = struct.unpack("16sH14x", fcntl.ioctl(sock, 0x8913, req))[1]
    fl = fl | 1 if up else fl & ~1
    fcntl.ioctl(sock, 0x8914, struct.pack("16sH14x", port.encode(), fl))

if (rd(fsup), rd(fmii)) != ("0", "up"):
    sys.exit("%s not up and in service before the pull" % slave)
out, seen = {}, []
t0 = time.monotonic()
set_up(False)
plugged = False
while time.monotonic() - t0 < timeout:
    if not plugged and time.monotonic() - t0 >= hold:
        set_up(True)
        plugged = True
    sup, mii, s = rd(fsup), rd(fmii), int(rd(fseen))
    t = round((time.monotonic() - t0) * 1000)
    if not seen or seen[-1][1] != s:
        seen.append((t, s))
    if "sup" not in out:
        if sup == "1":
            out["sup"] = t
    elif "rel" not in out:
        if sup == "0":
            out["rel"] = t
    if "rel" in out and mii == "up":
        out["up"] = t
        break
    time.sleep(0.005)
if not plugged:
    set_up(True)
# ticks on our clock: kernel ms plus the smallest offset seen
if "sup" in out and len(seen) > 1:
    off = min(t - s for t, s in seen)
    ticks = [s + off for _, s in seen]
    for k in ("rel", "up"):
        if k in out:
            gaps = [b - a for a, b in zip(ticks, ticks[1:])
                    if out["sup"] + want - miimon <= b <= out[k] + 10]
            out["late_" + k] = max([0] + [g - miimon for g in gaps])
print(json.dumps(out))
EOF

# on_time CASE WHAT WANT_MS GOT_MS LATE_MS: GOT is within one monitor
# interval (MIIMON) of WANT, give or take SLACK (the 5 ms sampling, jiffies,
# the work's own drift); later only by as much as the monitor's tick
# itself ran late (LATE_MS, seen from outside: a starved guest).
MIIMON=100 SLACK=30
on_time() {
	local d late=${5:-0}
	if [ -z "$4" ]; then
		fail "$1" "($2 never seen; expected at $3 ms)"
		return
	fi
	d=$(($4 - $3))
	if [ $d -ge $((-MIIMON - SLACK)) ] && [ $d -le $((MIIMON + SLACK)) ]; then
		pass "$1"
	elif [ $d -ge 0 ] && [ $d -le $((MIIMON + SLACK + late)) ]; then
		echo "$1: $2 at $4 ms, $d ms after $3 ms: a monitor tick ran $late ms late"
		pass "$1"
	else
		fail "$1" "($2 at $4 ms, expected $3 ms +-$MIIMON (+-$SLACK slack; ticks late by $late ms))"
	fi
}

# timed CASE HOLD_S TIMEOUT_S WANT_MS: one watched pull of v0, its cable
# back after HOLD_S; the release (suppressed reads 0) and the return to
# service (mii_status up) must come WANT_MS after the down the penalty was
# added at, which is the moment suppressed read 1
timed() {
	local case=$1 w sup rel up lrel lup
	w=$(python3 /tmp/damp_watch.py v0 v1 "$2" "$3" "$4" $MIIMON 2>&1)
	echo "$case: want $4 ms; watched, in ms after the pull: $w"
	read -r sup rel up lrel lup <<<"$(python3 -c 'import json, sys
d = json.loads(sys.argv[1])
print(*(d.get(k, "-") for k in ("sup", "rel", "up", "late_rel", "late_up")))' "$w" 2>/dev/null)"
	[ "$sup" = - ] && sup=
	[ "$rel" = - ] && rel=
	[ "$up" = - ] && up=
	[ "$lrel" = - ] && lrel=0
	[ "$lup" = - ] && lup=0
	if [ -z "$sup" ]; then
		fail "$case-suppressed" "(never suppressed: $w)"
		return
	fi
	pass "$case-suppressed"
	# the down is committed on the carrier event itself (at the latest by
	# the next tick): the suppression is the moment of the pull
	check "$case-suppressed-at-pull" [ "$sup" -le $((MIIMON + SLACK)) ]
	on_time "$case-release-on-time" "suppressed 0" "$4" "${rel:+$((rel - sup))}" "$lrel"
	on_time "$case-back-on-time" "mii_status up" "$4" "${up:+$((up - sup))}" "$lup"
	# released at a tick, the slave (updelay 0) is up at the same tick
	if [ -n "$rel" ] && [ -n "$up" ] &&
	   [ $((up - rel)) -le $((SLACK + lup)) ]; then
		pass "$case-back-with-release"
	else
		fail "$case-back-with-release" "(released at $rel ms, up at $up ms)"
	fi
}

# reset_points HALF_LIFE REUSE PENALTY MAX SUPPRESS: dampening off (which
# clears every slave's points) and on again with these options
reset_points() {
	echo 0 >$B/flap_suppress
	echo "$1" >$B/flap_half_life_ms
	echo "$2" >$B/flap_reuse
	echo "$3" >$B/flap_penalty
	echo "$4" >$B/flap_max_suppress_ms
	echo "$5" >$B/flap_suppress
}

# --- The decay: back when the penalty crosses flap_reuse -------------------------
# One pull with a penalty above flap_suppress: the release time follows
# from the options alone, t = half-life * log2(penalty / reuse), here
# 2000 * log2(6000 / 1500) = 4000 ms after the down; the monitor
# (miimon 100) acts at its first tick after that.
check decay-up-before wait_for 10 sh -c "[ \$(cat $B/active_slave) = v0 ]"
reset_points 2000 1500 6000 0 3000
check_eq decay-no-points-before 0 "$(SL v0 flap_penalty)"
want=$(python3 -c "import math; print(round(2000 * math.log2(6000 / 1500)))")
kmsg_mark decay
timed decay 0.3 15 "$want"
# the penalty the expectation starts from is the one the kernel added
check decay-penalty-as-configured dmesg_since_has decay \
	'b0: \(slave v0\): suppressed: flapping \(penalty 6000,'
check decay-below-reuse-after [ "$(SL v0 flap_penalty)" -lt 1500 ]
kmsg_since decay | grep -E 'v0|b0: failover' | sed 's/^/    /'

# --- flap_max_suppress_ms ends a suppression --------------------------------
# half-life 60 s: 1.5 s after the down the points are still about 5900,
# far above flap_reuse; the limit alone releases, 1500 ms after the down
check max-primary-before wait_for 3 sh -c "[ \$(cat $B/active_slave) = v0 ]"
reset_points 60000 1500 6000 1500 3000
kmsg_mark max
timed max 0.3 10 1500
check max-penalty-still-high [ "$(SL v0 flap_penalty)" -ge 3000 ]
kmsg_since max | grep -E 'v0|b0: failover' | sed 's/^/    /'

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
