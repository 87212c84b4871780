#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Concurrency stress, every mode. Per mode, bond b0 over v0-v2 (v3 comes
# and goes), their far ends on a bridge in netns "peer":
#
#   pktgen (kpktgend_0)                      netns "peer"
#     |
#   [ b0 192.0.2.1 ] -- v0 ===== p0 --+     (p0 always up: one usable slave)
#     |  b0.N vlans  -- v1 ===== p1 --+
#     |              -- v2 ===== p2 --+-- br0 192.0.2.2
#     `  (+/-)       .. v3 ===== p3 --+
#
# Test that, while pktgen blasts through b0, all of these at once neither
# crash nor warn (the runner checks the kernel log) nor wedge: option
# changes that fit the mode (sysfs and netlink), option changes that need
# the bond down (a down/set/up loop), the ARP monitor switched on and off,
# enslave and release of v3 (sysfs +v3/-v3 and ip link master/nomaster),
# carrier toggles from the peer side, MTU changes, MAC changes, VLANs
# added and removed, and readers of /proc/net/bonding/b0, every file in
# bonding/ and bonding_slave/, ip -d link and bondctl show.
# Test that the bond still answers afterwards (link, /proc, sysfs mode),
# that pktgen really went through it (bond tx grew) and that every churn
# loop was alive and making progress until the end.
#
# Then two teardowns under traffic:
#
#   [ b0 rr | b1 802.3ad | b2 alb ] <- pktgen, readers, a vlan   (rmmod)
#
#   netns "bns": [ b0 802.3ad | b1 alb | b2 active-backup ]
#                  | v0..v5 ===== p0..p5 (init_net, bridge bt0) <- pktgen, ping -f
#
# Test that rmmod bonding under traffic unloads (module gone, slaves
# survive, pktgen lets go of the bonds). Test that deleting a network
# namespace holding bonds with slaves while traffic flows into them
# removes everything (the far ends vanish with their pairs) without a
# hang ("unregister_netdevice: waiting" fails the run).
# Test that kmalloc slab use after all of it is back near where it was
# after the first mode (long form, or STRESS_SLAB=1), and (kmemleak
# kernels) that no bonding object is reported unreferenced.
#
# Duration per mode: STRESS_SECONDS (or BT_STRESS_SECONDS), else 300 s on
# the debug kernel (BT_DEBUG=1, make check-debug), else 8 s; STRESS_MODES
# names the modes to run: by default all seven in the long form, and in
# make check's short form the three with the most state to race on
# (active-backup, 802.3ad, balance-alb), to keep make check inside its
# budget. run.sh passes STRESS_* to the guest.
# On the debug kernel the seven modes are split over two tests that run on
# two guests side by side: stress (balance-rr, active-backup, balance-xor,
# broadcast) and stress2, a link to this file (802.3ad, balance-tlb,
# balance-alb); each then does both teardowns and its own slab and kmemleak
# checks. Elsewhere, or with STRESS_MODES, stress2 skips.
. "$(dirname "$0")/lib.sh"
PG=/proc/net/pktgen
BONDCTL=$BT_LIB_DIR/../tools/bondctl/bondctl
D=/tmp/stress
PART=1
[ "$(basename "$0")" = stress2.sh ] && PART=2
MODES=${STRESS_MODES:-}
if [ -z "$MODES" ] && [ "${BT_DEBUG:-}" = 1 ]; then
	MODES="balance-rr active-backup balance-xor broadcast"
	[ $PART = 2 ] && MODES="802.3ad balance-tlb balance-alb"
elif [ $PART = 2 ]; then
	skip second-part "(stress runs these modes: stress2 takes half of them on the debug kernel only, make check-debug)"
	finish
fi
MODES=${MODES:-active-backup 802.3ad balance-alb}
if [ -n "${STRESS_SECONDS:-${BT_STRESS_SECONDS:-}}" ]; then
	DUR=${STRESS_SECONDS:-$BT_STRESS_SECONDS}
elif [ "${BT_DEBUG:-}" = 1 ]; then
	DUR=300
else
	DUR=8
fi
BR_MAC=02:00:00:00:00:fe
# how long a loop may take for one round before it counts as stuck: on the
# debug kernel beside another guest, the stock module's loops took over
# 30 s for a round of ip commands too (stress against stock, 2026-12-02)
STUCK_S=30 PPS_MIN=50
[ "${BT_DEBUG:-}" = 1 ] && STUCK_S=180 PPS_MIN=5
# the namespace deletion's traffic: 3 x 6,000 frames a second saturate a
# debug guest's one vCPU (ksoftirqd and kpktgend always runnable), and
# there cleanup_net waited in synchronize_rcu for over 6 minutes, with no
# RCU stall report, until pktgen stopped (2026-12-03); 3 x 500 a second
# is still traffic through all three bonds when the namespace goes
NETNS_PG_DELAY=150000
[ "${BT_DEBUG:-}" = 1 ] && NETNS_PG_DELAY=2000000
# the slab comparison costs some 20 s (slab_bytes waits for deferred
# frees): the short form, whose few hundred operations it could not tell
# from noise anyway, leaves it out
SLAB=${STRESS_SLAB:-}
[ "$DUR" -ge 60 ] && SLAB=1

# The loops run on a TCG guest's two vCPUs: they keep to shell builtins
# where they can (no $(...), no sleep), or forks would be all they do.
tx() { local n=0; read -r n <"/sys/class/net/$1/statistics/tx_packets"; echo "$n"; }
pg() { echo "$2" >"$PG/$1"; }
sysw() { echo "$2" >"/sys/class/net/b0/bonding/$1"; }
# pick WORD...: one of the words, in $R
pick() { R=${*:RANDOM % $# + 1:1}; }
stopping() { [ -e $D/stop ]; }
carrier_on() { local c=0; read -r c <"/sys/class/net/$1/carrier"; [ "$c" = 1 ]; }
# nap SEC: sleep without a fork, on fd 9 (a FIFO nobody writes to until
# stop_loops, which so wakes every loop at once)
nap() { read -r -t "$1" -u 9 _; }
pause() { nap "0.$((RANDOM % 3 + 1))"; }
# slurp FILE...: read each file whole, as a reader would
slurp() { local f; for f; do read -r -d '' _ <"$f"; done; }

# pktgen_add THREAD DEV DST DST_MAC [DELAY_NS]: endless 60-byte UDP on DEV. Delays
# under 100 us make pktgen spin on its CPU; 150 us lets it sleep between
# packets (some 6,000 a second), so that the loops have both vCPUs.
pktgen_add() {
	pg "$1" "add_device $2"
	pg "$2" "count 0"
	pg "$2" "clone_skb 0"
	pg "$2" "pkt_size 60"
	pg "$2" "delay ${5:-150000}"
	pg "$2" "dst $3"
	pg "$2" "dst_mac $4"
	pg "$2" "flag UDPSRC_RND"
	pg "$2" "udp_src_min 1000"
	pg "$2" "udp_src_max 2000"
}
# the devices the pktgen threads still hold
pktgen_devs() {
	sed -n 's/^\(Running\|Stopped\): *//p' "$PG"/kpktgend_* | tr -s ' \n' ' ' |
		sed 's/^ //; s/ $//'
}
pktgen_clear() {
	local t
	for t in "$PG"/kpktgend_*; do echo rem_device_all >"$t"; done
}

# --- the churn loops: one kind of change each, until $D/stop ----------------

# spawn NAME FUNC: run FUNC over and over in the background; each round
# bumps the counter in $D/NAME, so that the end can tell it is alive.
LOOPS=()
LPIDS=()
spawn() {
	(
		n=0
		while ! stopping; do
			"$2"
			n=$((n + 1))
			echo $n >"$D/$1"
		done
	) >/dev/null 2>&1 </dev/null &
	LOOPS+=("$1")
	LPIDS+=($!)
}

# pktgen stops for good when the bond loses carrier or goes down (the
# carrier, down/up and ARP loops do that now and then): start it again.
# But a start must never reach kpktgend while b0 runs: taking one, it
# drops the skb it holds without freeing it (pktgen_run() sets
# pkt_dev->skb = NULL), and kmemleak reports that skb. "echo start"
# returns after 125 ms whether kpktgend took it or not, and on a loaded
# debug guest it often has not. So the next start waits until the last
# one was taken (b0's Result line changed) and b0 stopped again.
pg_result() {
	local l
	R=
	while read -r l; do
		case $l in Result:*) R=$l; return ;; esac
	done <"$PG/b0"
}
pg_running() {
	local l
	while read -r l; do
		case $l in Running:*b0*) return 0 ;; esac
	done <"$PG/kpktgend_0"
	return 1
}
l_pktgen() {
	local r0 i
	pg_result
	r0=$R
	echo start >$PG/pgctrl
	for ((i = 0; i < 600; i++)); do
		pg_result
		[ "$R" != "$r0" ] && break
		stopping && return
		nap 0.05
	done
	while pg_running; do
		stopping && return
		nap 0.05
	done
	stopping || nap 0.2
}

l_options() {
	if [ $((RANDOM % 3)) = 0 ]; then
		pick "${NL_OPTS[@]}"
		# shellcheck disable=SC2086
		ip link set b0 type bond $R
	else
		pick "${SYS_OPTS[@]}"
		sysw "${R%% *}" "${R#* }"
	fi
	nap 0.05
}

l_slave_opts() {
	local s=v$((RANDOM % 3))
	case $((RANDOM % 3)) in
	0) sysw queue_id "$s:$((RANDOM % 4))" ;;
	1) ip link set "$s" type bond_slave queue_id $((RANDOM % 4)) ;;
	2) [ -n "$SLAVE_NL" ] &&
		ip link set "$s" type bond_slave "$SLAVE_NL" $((RANDOM % 10)) ;;
	esac
	nap 0.1
}

l_arpmon() {
	sysw arp_ip_target +192.0.2.2
	sysw arp_interval 100
	nap 1
	sysw miimon 50
	sysw arp_interval 0
	sysw arp_ip_target -192.0.2.2
	nap 0.5
}

# options that need the bond down, and the close/open itself
l_downup() {
	local o
	ip link set b0 down
	for o in "${DOWN_OPTS[@]}"; do
		[ $((RANDOM % 2)) = 0 ] || continue
		# shellcheck disable=SC2086
		pick ${o#* }
		sysw "${o%% *}" "$R"
	done
	ip link set b0 up
	nap 1
}

# v3 in and out; a release closes it, but a failed enslave leaves it up,
# and the bond takes no slave that is up
l_enslave() {
	local fl=0
	read -r fl </sys/class/net/v3/flags
	[ $((fl & 1)) = 0 ] || ip link set v3 down
	if [ $((RANDOM % 2)) = 0 ]; then
		echo +v3 >/sys/class/net/b0/bonding/slaves
		pause
		echo -v3 >/sys/class/net/b0/bonding/slaves
	else
		ip link set v3 master b0
		pause
		ip link set v3 nomaster
	fi
	pause
}

l_carrier() {
	local p=p$((RANDOM % 3 + 1))
	if [ $((RANDOM % 4)) = 0 ]; then
		# our side, admin down (v3 is the enslave loop's)
		p=v$((RANDOM % 2 + 1))
		ip link set $p down
		pause
		ip link set $p up
	else
		ip -n peer link set $p down
		pause
		ip -n peer link set $p up
	fi
	pause
}

l_mtu() {
	pick 1500 9000 1280 1500 4000
	ip link set b0 mtu "$R"
	pause
}

l_mac() {
	local mac
	printf -v mac '02:00:00:00:01:%02x' $((RANDOM % 256))
	ip link set b0 address "$mac"
	pause
}

l_vlan() {
	pick 10 20 30
	ip link add link b0 name "b0.$R" type vlan id "$R" &&
		ip link set "b0.$R" up &&
		ip addr add "198.51.$R.1/24" dev "b0.$R"
	pause
	ip link del "b0.$R"
}

l_read_proc() {
	slurp /proc/net/bonding/b0 /proc/net/bonding/b0 /proc/net/bonding/b0
	if [ $((RANDOM % 4)) = 0 ]; then
		ip -d link show
		[ -x "$BONDCTL" ] && "$BONDCTL" show b0
	fi
	nap 0.05
}

l_read_sysfs() {
	slurp /sys/class/net/b0/bonding/* /sys/class/net/v*/bonding_slave/* \
		/sys/class/net/b0/lower_*/operstate
	nap 0.05
}

# mode_opts MODE: the option values the loops may set in MODE.
mode_opts() {
	SYS_OPTS=("miimon 50" "miimon 100" "updelay 0" "updelay 100"
		"downdelay 0" "downdelay 100" "use_carrier 0" "use_carrier 1"
		"all_slaves_active 0" "all_slaves_active 1" "resend_igmp 0"
		"resend_igmp 2" "num_grat_arp 0" "num_grat_arp 2"
		"peer_notif_delay 0" "peer_notif_delay 100" "min_links 0"
		"min_links 1" "xmit_hash_policy layer2"
		"xmit_hash_policy layer3+4" "xmit_hash_policy layer2+3"
		"xmit_hash_policy encap3+4" "xmit_hash_policy vlan+srcmac"
		"proc_extended 0" "proc_extended 1" "flap_suppress 0"
		"flap_suppress 5000" "flap_half_life_ms 500" "lp_interval 1")
	NL_OPTS=("miimon 50" "miimon 80" "updelay 0" "downdelay 0"
		"xmit_hash_policy layer2" "xmit_hash_policy layer3+4"
		"min_links 0" "num_grat_arp 1" "all_slaves_active 0")
	DOWN_OPTS=()
	SLAVE_NL=
	ARPMON=
	case $1 in
	balance-rr)
		SYS_OPTS+=("packets_per_slave 0" "packets_per_slave 1"
			"packets_per_slave 3")
		NL_OPTS+=("packets_per_slave 2")
		ARPMON=1 ;;
	active-backup)
		SYS_OPTS+=("primary v1" "primary v2" "primary v0" "primary "
			"primary_reselect always" "primary_reselect better"
			"primary_reselect failure" "active_slave v0"
			"active_slave v1" "active_slave v2" "arp_validate none"
			"arp_validate active" "arp_validate all"
			"arp_validate filter" "arp_all_targets any"
			"arp_all_targets all")
		NL_OPTS+=("primary_reselect better" "primary v1"
			"active_slave v2")
		SLAVE_NL=prio
		ARPMON=1 ;;
	balance-xor | broadcast)
		ARPMON=1 ;;
	802.3ad)
		SYS_OPTS+=("ad_actor_sys_prio 100" "ad_actor_sys_prio 65535"
			"ad_actor_system 02:00:00:00:02:01"
			"broadcast_neighbor 0" "broadcast_neighbor 1")
		NL_OPTS+=("ad_actor_sys_prio 200")
		DOWN_OPTS=("lacp_rate slow fast" "ad_select stable bandwidth count"
			"ad_user_port_key 0 5" "lacp_active on off on"
			"coupled_control 1 0")
		SLAVE_NL=actor_port_prio ;;
	balance-tlb | balance-alb)
		SYS_OPTS+=("primary v1" "primary v2" "primary "
			"primary_reselect always" "primary_reselect failure"
			"active_slave v0" "active_slave v1" "lp_interval 2")
		DOWN_OPTS=("tlb_dynamic_lb 0 1")
		SLAVE_NL=prio ;;
	esac
}

# rounds NAME: how often loop NAME went round so far
# (the loop rewrites the file each round: a read between its truncation
# and its write finds it empty, so read again; a MID of "" made alive_check
# call a live loop stuck and wait its full 180 s x 10 rounds on a debug
# guest. One still empty after 100 reads stays "": MODE-counters-read)
rounds() {
	local i
	R=0
	[ -e "$D/$1" ] || return 0
	for ((i = 0; i < 100; i++)); do
		read -r R <"$D/$1"
		[ -n "$R" ] && return 0
	done
}

# alive_check MODE: every loop is still there and went round since MID,
# the middle of the run, or else does within $STUCK_S s (rounds are slow on a
# loaded TCG host, so no fixed window); one that does not is stuck in the
# kernel. pktgen's round is one long "start": not going round is how it
# should be.
declare -A MID
alive_check() {
	local i t name dead='' left
	for ((t = 0; t < STUCK_S * 10; t++)); do
		left=
		for i in "${!LOOPS[@]}"; do
			name=${LOOPS[i]}
			[ "$name" = pktgen ] && continue
			rounds "$name"
			[ "$R" -gt "${MID[$name]}" ] || left="$left $name"
		done
		[ -z "$left" ] && break
		nap 0.1
	done
	for i in "${!LOOPS[@]}"; do
		kill -0 "${LPIDS[i]}" 2>/dev/null || dead="$dead ${LOOPS[i]}(exited)"
	done
	for name in $left; do dead="$dead $name(stuck)"; done
	check_eq "$1-loops-alive" "" "${dead# }"
}

# tree PID: PID and every process below it
tree() {
	local c
	echo "$1"
	# shellcheck disable=SC2013
	for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do tree "$c"; done
}

# stuck_report NAME...: what the loops that would not stop are doing, and
# every task that is not asleep interruptibly (one in D holding RTNL, or
# one spinning, is what holds the others up); each with its kernel stack
# show_task PID: the task's line and its kernel stack
show_task() {
	echo "    | $(ps -o pid=,ppid=,stat=,time=,wchan:32=,args= -p "$1")"
	sed 's/^/    |     /' /proc/"$1"/stack 2>/dev/null
}
stuck_report() {
	local i p pids=
	echo "    --- loops not stopped $STUCK_S s after the stop:$*"
	for i in "${!LOOPS[@]}"; do
		case " $* " in *" ${LOOPS[i]} "*) ;; *) continue ;; esac
		pids="$pids $(tree "${LPIDS[i]}")"
	done
	pids="$pids $(ps -eo pid=,stat= | awk '$2 !~ /^[SIZ]/ {print $1}')"
	# shellcheck disable=SC2086
	for p in $(printf '%s\n' $pids | sort -un); do
		[ -r /proc/"$p"/stack ] || continue
		[ "$p" = $$ ] || [ "$p" = "$BASHPID" ] && continue
		show_task "$p"
	done
}

# await_loops N: wait for the loops to end, asking pktgen to stop again
# every 0.1 s, for N such waits in all; names those still running in $LEFT
await_loops() {
	local i n=$1
	LEFT=
	for i in "${!LPIDS[@]}"; do
		while kill -0 "${LPIDS[i]}" 2>/dev/null && [ $n -gt 0 ]; do
			echo stop >$PG/pgctrl
			sleep 0.1
			n=$((n - 1))
		done
		kill -0 "${LPIDS[i]}" 2>/dev/null && LEFT="$LEFT ${LOOPS[i]}"
	done
}

# stop_loops: ask every loop to stop and reap them; a loop that does not
# stop within $STUCK_S s is stuck in the kernel. Names those in $STUCK.
# The limit counts rounds of 0.1 s naps, not the clock: a guest that the
# host did not run for a while (a TCG guest on a busy 2-core host) has its
# clock jump, and the loops are not to blame for that. Loops past the limit
# get a report, and twice as long again, to tell a slow loop (one that
# stops late) from one that never does.
stop_loops() {
	local t0=$SECONDS
	touch $D/stop
	echo stop >$PG/pgctrl
	# wake the naps
	printf '\n%.0s' {1..100} >&9
	await_loops $((STUCK_S * 10))
	STUCK=$LEFT
	if [ -n "$STUCK" ]; then
		# shellcheck disable=SC2086
		stuck_report $STUCK
		await_loops $((STUCK_S * 20))
		echo "    --- $((SECONDS - t0)) s after the stop, still running:${LEFT:- none}"
		kill -9 "${LPIDS[@]}" 2>/dev/null
	fi
	wait "${LPIDS[@]}" 2>/dev/null
	echo "    loops stopped in $((SECONDS - t0)) s"
	exec 9>&-
}

proc_mode() {
	case $1 in
	balance-rr) echo "load balancing (round-robin)" ;;
	active-backup) echo "fault-tolerance (active-backup)" ;;
	balance-xor) echo "load balancing (xor)" ;;
	broadcast) echo "fault-tolerance (broadcast)" ;;
	802.3ad) echo "IEEE 802.3ad Dynamic link aggregation" ;;
	balance-tlb) echo "transmit load balancing" ;;
	balance-alb) echo "adaptive load balancing" ;;
	esac
}

stress_mode() {
	local mode=$1 i t0 tx0 txm tx1 out bad
	kmsg_mark "stress-$mode"
	mode_opts "$mode"
	# in batches: every ip costs a fork and an exec, slow under TCG
	ip -b - <<-EOF
	link add b0 type bond mode $mode miimon 50
	$(for i in 0 1 2 3; do echo "link add v$i type veth peer name p$i netns peer"; done)
	$(for i in 0 1 2; do echo "link set v$i master b0"; done)
	addr add 192.0.2.1/24 dev b0
	link set b0 up
	EOF
	ip -n peer -b - <<-EOF
	$(for i in 0 1 2 3; do echo "link set p$i master br0"; echo "link set p$i up"; done)
	EOF
	wait_for 10 carrier_on b0
	tx0=$(tx b0)
	pktgen_clear
	pktgen_add kpktgend_0 b0 192.0.2.2 $BR_MAC

	rm -f $D/*
	mkfifo $D/naps
	exec 9<>$D/naps
	spawn pktgen l_pktgen
	spawn options l_options
	spawn slave-opts l_slave_opts
	[ -n "$ARPMON" ] && spawn arpmon l_arpmon
	spawn downup l_downup
	spawn enslave l_enslave
	spawn carrier l_carrier
	spawn mtu l_mtu
	spawn mac l_mac
	spawn vlan l_vlan
	spawn read-proc l_read_proc
	spawn read-sysfs l_read_sysfs

	t0=$SECONDS
	sleep $((DUR / 2))
	bad=
	for i in "${LOOPS[@]}"; do
		rounds "$i"
		MID[$i]=$R
		[[ $R =~ ^[0-9]+$ ]] || bad="$bad $i=$R"
	done
	check_eq "$mode-counters-read" "" "${bad# }"
	txm=$(tx b0)
	sleep $((DUR - DUR / 2))
	alive_check "$mode"
	stop_loops
	check_eq "$mode-loops-stop" "" "${STUCK# }"
	tx1=$(tx b0)
	out="$mode: $((SECONDS - t0)) s, bond tx $tx0 -> $tx1; rounds:"
	for i in "${LOOPS[@]}"; do rounds "$i"; out="$out $i $R"; done
	echo "$out"
	LOOPS=()
	LPIDS=()
	# pktgen at 6 kpps: even a slow TCG guest manages 50 per second, the
	# debug kernel's (one vCPU, KASAN on every skb, a dozen loops of ip
	# beside it) 5; and the bond sent in both halves of the run
	if [ $((tx1 - tx0)) -ge $((DUR * PPS_MIN)) ] && [ "$txm" -gt "$tx0" ] &&
		[ "$tx1" -gt "$txm" ]; then
		pass "$mode-pktgen-sent"
	else
		fail "$mode-pktgen-sent" "(bond tx $tx0 -> $txm -> $tx1 in $DUR s)"
	fi

	# back to a known state, and the bond answers
	pktgen_clear
	ip -n peer -b - <<-EOF
	$(for i in 1 2 3; do echo "link set p$i up"; done)
	EOF
	ip -b - <<-EOF
	link set v1 up
	link set v2 up
	EOF
	sysw arp_interval 0 2>/dev/null
	sysw miimon 50
	ip link set b0 up
	check "$mode-link" ip link show b0
	check_eq "$mode-proc" "Bonding Mode: $(proc_mode "$mode")" \
		"$(grep '^Bonding Mode:' /proc/net/bonding/b0)"
	check_eq "$mode-sysfs-mode" "$mode" \
		"$(cut -d' ' -f1 /sys/class/net/b0/bonding/mode)"
	check "$mode-carrier" wait_for 10 carrier_on b0
	ip -b - <<-EOF
	link del b0
	$(for i in 0 1 2 3; do echo "link del v$i"; done)
	EOF
}

# --- rmmod under traffic ---------------------------------------------------

rmmod_under_traffic() {
	local b i m s pid tx0 r1 r2
	kmsg_mark stress-rmmod
	pktgen_clear
	i=0
	for m in balance-rr 802.3ad balance-alb; do
		echo "link add b$i type bond mode $m miimon 50"
		for s in $((2 * i)) $((2 * i + 1)); do
			echo "link add v$s type veth peer name p$s netns peer"
			echo "link set v$s master b$i"
		done
		echo "link set b$i up"
		i=$((i + 1))
	done >$D/batch
	echo "link add link b0 name b0.10 type vlan id 10" >>$D/batch
	echo "link set b0.10 up" >>$D/batch
	ip -b $D/batch
	for s in 0 1 2 3 4 5; do
		echo "link set p$s master br0"
		echo "link set p$s up"
	done >$D/batch
	ip -n peer -b $D/batch
	for b in b0 b1 b2; do
		wait_for 10 carrier_on $b
		pktgen_add kpktgend_0 $b 192.0.2.2 $BR_MAC
	done
	tx0=$(tx b0)
	echo start >$PG/pgctrl &
	pid=$!
	(while :; do slurp /proc/net/bonding/b* /sys/class/net/b*/bonding/*; done) \
		>/dev/null 2>&1 &
	r1=$!
	(while :; do ip -d link show; slurp /sys/class/net/v*/bonding_slave/*; done) \
		>/dev/null 2>&1 &
	r2=$!
	sleep 2
	if [ "$(tx b0)" -gt "$tx0" ]; then
		pass rmmod-traffic-flows
	else
		fail rmmod-traffic-flows "(b0 tx $tx0 -> $(tx b0))"
	fi
	check rmmod-unloads rmmod bonding
	check rmmod-module-gone test ! -d /sys/module/bonding
	kill $r1 $r2
	wait $r1 $r2 2>/dev/null
	echo stop >$PG/pgctrl
	wait $pid 2>/dev/null
	check rmmod-bonds-gone test ! -e /sys/class/net/b0 -a ! -e /sys/class/net/b2
	check_eq rmmod-slaves-survive "v0 v1 v2 v3 v4 v5" \
		"$(cd /sys/class/net && echo v[0-5])"
	check_eq rmmod-pktgen-let-go "" "$(pktgen_devs)"
	pktgen_clear
	for s in 0 1 2 3 4 5; do echo "link del v$s"; done >$D/batch
	ip -b $D/batch
	bond_load max_bonds=0
}

# --- netns deletion under traffic ------------------------------------------

bns_cat() { ip netns exec bns sh -c "cat /sys/class/net/b[012]/$1"; }
bns_rx() { bns_cat statistics/rx_packets | awk '{ s += $1 } END { print s + 0 }'; }
bns_carriers() { [ "$(bns_cat carrier | tr -d '\n')" = 111 ]; }

bns_gone() { [ ! -e /sys/class/net/p0 ] && [ ! -e /sys/class/net/p5 ]; }

# netns_report: where a namespace's cleanup waits, or that none runs
netns_report() {
	local p n=0
	echo "    --- after ip netns del: namespaces held by tasks:"
	lsns -t net -o NS,NPROCS,PID,COMMAND 2>&1 | sed 's/^/    |   /'
	for p in /proc/[0-9]*; do
		p=${p#/proc/}
		grep -qE 'cleanup_net|pernet|rtnl_lock|synchronize_rcu|rcu_barrier|netdev_run_todo|pktgen|kernfs_drain' \
			/proc/"$p"/stack 2>/dev/null || continue
		grep -q cleanup_net /proc/"$p"/stack && n=$((n + 1))
		show_task "$p"
	done
	[ $n = 0 ] && echo "    | no task is in cleanup_net: something still holds the namespace"
	grep -H . "$PG"/kpktgend_* 2>/dev/null | sed 's/^/    |   /'
	echo "    | $(nproc) CPUs, load $(cat /proc/loadavg); most CPU time:"
	ps -eo pid=,stat=,time=,comm= --sort=-time | head -8 | sed 's/^/    |   /'
}

netns_delete_under_traffic() {
	local i s b m mac ping pid rx0 t0
	kmsg_mark stress-netns
	ns_add bns
	pktgen_clear
	{
		echo "link add bt0 type bridge stp_state 0 forward_delay 0"
		echo "link set bt0 up"
		echo "addr add 198.18.0.254/24 dev bt0"
		for s in 0 1 2 3 4 5; do
			echo "link add p$s type veth peer name v$s netns bns"
			echo "link set p$s master bt0"
			echo "link set p$s up"
		done
	} >$D/batch
	ip -b $D/batch
	i=0
	for m in 802.3ad balance-alb active-backup; do
		b=b$i
		echo "link add $b type bond mode $m miimon 50"
		for s in $((2 * i)) $((2 * i + 1)); do
			echo "link set v$s master $b"
		done
		echo "link add link $b name $b.5 type vlan id 5"
		echo "addr add 198.18.0.$((i + 1))/24 dev $b"
		echo "link set $b up"
		echo "link set $b.5 up"
		i=$((i + 1))
	done >$D/batch
	ip -n bns -b $D/batch
	wait_for 10 bns_carriers
	i=0
	while read -r b _ mac _; do
		pktgen_add kpktgend_0 p$((2 * i)) 198.18.0.$((i + 1)) "$mac" $NETNS_PG_DELAY
		i=$((i + 1))
	done <<<"$(ip -n bns -br link show type bond)"
	rx0=$(bns_rx)
	echo start >$PG/pgctrl &
	pid=$!
	# the pings stay in init_net: a process in bns would keep it alive
	ping=()
	for i in 1 2 3; do
		ping -f -q 198.18.0.$i >/dev/null 2>&1 &
		ping+=($!)
	done
	sleep 2
	if [ "$(bns_rx)" -gt "$rx0" ]; then
		pass netns-traffic-flows
	else
		fail netns-traffic-flows "(the bonds' rx stayed at $rx0)"
	fi
	ip netns del bns
	# shellcheck disable=SC2034	# lib.sh's list of namespaces
	T_NETNS=(peer)
	# cleanup_net runs in a worker: the far ends go with their pairs (on a
	# debug guest under this load, that took over 60 s)
	t0=$SECONDS
	if wait_for $((STUCK_S * 2)) bns_gone; then
		pass netns-bonds-gone
	else
		fail netns-bonds-gone "(p0 and p5 still there $((SECONDS - t0)) s after ip netns del)"
		netns_report
		# what lets it go: the pings ending, pktgen stopping, or pktgen
		# letting go of its devices? (a debug guest of one vCPU: the
		# cleanup waited until the last, 2026-12-02)
		kill "${ping[@]}"
		wait_for 20 bns_gone && echo "    | gone $((SECONDS - t0)) s after, once the pings ended"
		bns_gone || { echo stop >$PG/pgctrl; wait_for 20 bns_gone &&
			echo "    | gone $((SECONDS - t0)) s after, once pktgen stopped"; }
	fi
	kill "${ping[@]}" 2>/dev/null
	echo stop >$PG/pgctrl
	wait "${ping[@]}" $pid 2>/dev/null
	check_eq netns-pktgen-let-go "" "$(pktgen_devs)"
	pktgen_clear
	bns_gone || { wait_for 30 bns_gone &&
		echo "    | gone $((SECONDS - t0)) s after, once pktgen let go of its devices"; }
	ip link del bt0
	check netns-rmmod rmmod bonding
}

# --- main ------------------------------------------------------------------

bond_load max_bonds=0
if ! modprobe pktgen 2>/dev/null || ! [ -d $PG ]; then
	skip all "no pktgen"
	finish
fi
mkdir -p $D
ns_add peer
ip -n peer -b - <<EOF
link add br0 type bridge stp_state 0 forward_delay 0
link set br0 address $BR_MAC
link set br0 up
addr add 192.0.2.2/24 dev br0
EOF
echo "stress: $DUR s per mode"

start=$SECONDS
base=
for mode in $MODES; do
	t0=$SECONDS
	stress_mode "$mode"
	echo "$mode with setup and teardown: $((SECONDS - t0)) s"
	# the baseline after a first round: lazily made kernel state exists
	[ -n "$SLAB" ] && [ -z "$base" ] && base=$(slab_bytes)
done
t0=$SECONDS
rmmod_under_traffic
echo "rmmod under traffic: $((SECONDS - t0)) s"
t0=$SECONDS
netns_delete_under_traffic
echo "netns deletion under traffic: $((SECONDS - t0)) s"

ns_cleanup
if [ -n "$base" ]; then
	after=$(slab_bytes)
	echo "kmalloc objects: $base bytes after the first mode, $after at the end;" \
		"$(grep Slab: /proc/meminfo)"
	# the long form's tens of thousands of operations would show a
	# leaked object per operation; what the kernel itself caches stays
	# well below this
	limit=$((base + 512 * 1024))
	if [ "$after" -le "$limit" ]; then
		pass slab-back-to-baseline
	else
		fail slab-back-to-baseline "(kmalloc objects $base -> $after bytes)"
	fi
else
	skip slab-back-to-baseline "(short form; STRESS_SLAB=1 or a run of 60 s a mode)"
fi
echo "stress: $((SECONDS - start)) s in all"

# the runner reports any kmemleak find as a kernel-log failure; this names
# the bonding ones here (without clearing, so its backtraces still go to
# the run's dmesg.txt)
kml=/sys/kernel/debug/kmemleak
if [ -w $kml ]; then
	echo scan >$kml
	check_eq kmemleak-no-bonding-objects "" \
		"$(grep -A20 unreferenced $kml | grep -m1 -E '\[bonding\]|bond_')"
else
	skip kmemleak-no-bonding-objects "(no kmemleak in this kernel)"
fi
rmmod pktgen
finish
