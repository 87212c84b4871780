#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Test active-backup failover under the MII monitor:
#
#   [ b0 192.0.2.1 ]                         netns "peer"
#     |-- v0 ===== veth ===== p0 --+
#     `-- v1 ===== veth ===== p1 --+-- br0 192.0.2.2
#
# A cable pull (the far end of the active slave goes down) moves traffic to
# the backup while a ping keeps running; the link failure count and /proc
# follow. primary with primary_reselect always/failure decides who is
# active when the primary comes back. updelay and downdelay hold for as
# long as configured (measured). With no downdelay the carrier event
# itself fails over, long before the next miimon tick (measured, and the
# same against stock, which waits for the tick). The peer sees
# num_grat_arp gratuitous ARPs (tagged ones for a VLAN above it, and
# unsolicited NAs) per failover, exactly as many as configured. A slave
# flapped 1,000 times under traffic leaves a correct active slave and no
# leak.
. "$(dirname "$0")/lib.sh"

B=/sys/class/net/b0/bonding
active() { cat $B/active_slave; }
is_active() { [ "$(active)" = "$1" ]; }
no_active() { [ -z "$(active)" ]; }
mii_is() { [ "$(mii "$1")" = "$2" ]; }
mii() { cat /sys/class/net/$1/bonding_slave/mii_status; }
lfc() { cat /sys/class/net/$1/bonding_slave/link_failure_count; }
txp() { cat /sys/class/net/$1/statistics/tx_packets; }
proc_active() { sed -n 's/^Currently Active Slave: //p' /proc/net/bonding/b0; }
proc_lfc() {	# the Link Failure Count in DEV's /proc block
	awk -v d="$1" '/^Slave Interface:/ { s = ($3 == d) }
		s && /^Link Failure Count:/ { print $4 }' /proc/net/bonding/b0
}
ms_now() { echo $(($(date +%s%N) / 1000000)); }
# ms_until TIMEOUT_MS CMD...: poll CMD every 10 ms, print the ms it took
# (or TIMEOUT_MS when it never succeeded, returning 1).
ms_until() {
	local t0 lim=$1 now
	shift
	t0=$(ms_now)
	while ! "$@" >/dev/null 2>&1; do
		now=$(ms_now)
		if [ $((now - t0)) -ge "$lim" ]; then
			echo "$lim"
			return 1
		fi
		sleep 0.01
	done
	echo $(($(ms_now) - t0))
}
# first_state_not STATE DEV: the first mii_status of DEV other than
# STATE, polled as fast as the shell can, with the active slave then
first_state_not() {
	local st end=$((SECONDS + 5))
	while [ $SECONDS -lt $end ]; do
		st=$(mii "$2")
		if [ "$st" != "$1" ]; then
			echo "$st $(active)"
			return
		fi
	done
	echo "still $1"
}
# klog_ms MARK TEXT: the kernel-log time (ms) of the first line after
# MARK that contains TEXT (or of the mark itself, when TEXT is the mark)
klog_ms() {
	local v
	v=$(dmesg | sed -n "/bt-mark: $1\$/,\$p" | grep -F -m1 "$2" |
		sed -E 's/^\[ *([0-9]+)\.([0-9]{3}).*/\1\2/; s/^0*([0-9])/\1/')
	# not logged: a value no range accepts
	echo "${v:--9999999}"
}
# in_range CASE LO HI VALUE
in_range() {
	if [ "$4" -ge "$2" ] && [ "$4" -le "$3" ]; then
		pass "$1"
	else
		fail "$1" "(expected $2..$3 ms, measured $4 ms)"
	fi
}

topology() { peer_topology mode active-backup "$@"; }
teardown() { peer_teardown; }
pull() { peer_pull "$1"; }
plug() { peer_plug "$1"; }
other() { [ "$1" = v0 ] && echo v1 || echo v0; }

bond_load max_bonds=0

# --- Test that a cable pull on the active slave moves traffic to the backup
topology miimon 100
check cable-initial-ping ping -c1 -W2 192.0.2.2
a=$(active)
b=$(other "$a")
check_eq cable-proc-shows-active "$a" "$(proc_active)"
lfc0=$(lfc "$a")
ping -i 0.05 -w 8 192.0.2.2 >/tmp/fo-ping.log 2>&1 &
ppid=$!
sleep 1
tx_b=$(txp "$b")
pull "$a"
check cable-backup-takes-over wait_for 3 is_active "$b"
check_eq cable-proc-new-active "$b" "$(proc_active)"
check_eq cable-old-slave-down down "$(mii "$a")"
check_eq cable-lfc-incremented $((lfc0 + 1)) "$(lfc "$a")"
check_eq cable-proc-lfc-incremented $((lfc0 + 1)) "$(proc_lfc "$a")"
sleep 1
tx_b2=$(txp "$b")
check cable-traffic-on-backup test $((tx_b2 - tx_b)) -ge 10
wait $ppid
rx=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' /tmp/fo-ping.log)
sent=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' /tmp/fo-ping.log)
# 8 s at 20/s; a failover on the carrier event costs a packet or two
check cable-ping-survives test "${rx:-0}" -ge $((${sent:-1} - 5))
check cable-ping-after ping -c1 -W2 192.0.2.2
plug "$a"
check cable-old-slave-back wait_for 3 mii_is "$a" up
check_eq cable-no-primary-stays "$b" "$(active)"
teardown

# --- Test that primary_reselect always gives the primary back, failure not
for pr in always failure better; do
	topology miimon 100 primary v0 primary_reselect $pr
	check "primary-$pr-primary-active" wait_for 3 is_active v0
	pull v0
	check "primary-$pr-failover" wait_for 3 is_active v1
	plug v0
	check "primary-$pr-primary-up" wait_for 3 mii_is v0 up
	sleep 0.5
	case $pr in
	always) check_eq "primary-$pr-takes-over" v0 "$(active)" ;;
	# same speed and duplex: better keeps the current one
	failure | better) check_eq "primary-$pr-stays" v1 "$(active)" ;;
	esac
	# naming the primary again, unchanged, makes it take over once (stock)
	echo v0 >$B/primary
	check "primary-$pr-rewrite-takes-over" wait_for 2 is_active v0
	# ... and named while down, it takes over when it comes back
	pull v0
	check "primary-$pr-down-again" wait_for 3 is_active v1
	echo v0 >$B/primary
	plug v0
	check "primary-$pr-named-while-down-takes-over" wait_for 3 is_active v0
	teardown
done

# --- Test that with the primary down, the up slave of highest prio stands
# in for it under the same primary_reselect rule: always moves to it when
# it comes up, better (same speed) and failure keep the current slave
# (upstream bond_options.sh "prio ... primary_reselect 1/2")
for pr in always better failure; do
	peer_bridge
	veth v2 p2 peer
	ip -n peer link set p2 master br0
	ip link add b0 type bond mode active-backup miimon 100 primary v1 \
		primary_reselect $pr
	for i in 0 1 2; do ip link set v$i master b0; done
	ip link set v0 type bond_slave prio 0
	ip link set v1 type bond_slave prio 10
	ip link set v2 type bond_slave prio 11
	ip link set b0 up
	check "prio-$pr-primary-active" wait_for 3 is_active v1
	pull v1
	check "prio-$pr-highest-prio-takes-over" wait_for 3 is_active v2
	pull v2
	check "prio-$pr-last-one-up" wait_for 3 is_active v0
	plug v2
	check "prio-$pr-higher-prio-up" wait_for 3 mii_is v2 up
	sleep 0.5
	case $pr in
	always) check_eq "prio-$pr-higher-prio-takes-over" v2 "$(active)" ;;
	*) check_eq "prio-$pr-higher-prio-waits" v0 "$(active)" ;;
	esac
	plug v1
	check "prio-$pr-primary-up" wait_for 3 mii_is v1 up
	sleep 0.5
	case $pr in
	always) check_eq "prio-$pr-primary-takes-over" v1 "$(active)" ;;
	*) check_eq "prio-$pr-primary-waits" v0 "$(active)" ;;
	esac
	# the current one failing: the primary if up, whatever the prios
	case $pr in
	always)
		pull v1
		check "prio-$pr-highest-prio-after-primary" wait_for 3 is_active v2
		;;
	*)
		pull v0
		check "prio-$pr-primary-after-failure" wait_for 3 is_active v1
		;;
	esac
	ip link del v2 2>/dev/null
	teardown
done

# --- Test that downdelay and updelay hold for as long as configured,
# measured on the kernel log's clock (a loaded host cannot skew it)
topology miimon 100 downdelay 1000 updelay 1000 primary v0
check delay-primary-active wait_for 3 is_active v0
# v1 waits out its updelay first: coming up while v0 is going down, it
# would be chosen at once (stock too)
check delay-backup-up wait_for 5 mii_is v1 up
kmsg_mark delay-down
pull v0
first=$(first_state_not up v0)
check_eq delay-going-down-state "going down v0" "$first"
check delay-failover-after-downdelay wait_for 5 is_active v1
t0=$(klog_ms delay-down 'slave v0): link status down for active interface, disabling it in 1000 ms')
t1=$(klog_ms delay-down 'slave v0): link status definitely down')
t2=$(klog_ms delay-down 'slave v1): making interface the new active one')
in_range delay-downdelay-measured 950 1350 $((t1 - t0))
in_range delay-failover-at-downdelay 0 100 $((t2 - t1))
kmsg_mark delay-up
plug v0
first=$(first_state_not down v0)
check_eq delay-going-back-state "going back v1" "$first"
check delay-primary-back-after-updelay wait_for 5 is_active v0
t0=$(klog_ms delay-up 'slave v0): link status up, enabling it in 1000 ms')
t1=$(klog_ms delay-up 'slave v0): link status definitely up')
t2=$(klog_ms delay-up 'slave v0): making interface the new active one')
in_range delay-updelay-measured 950 1350 $((t1 - t0))
in_range delay-primary-takes-over-at-updelay 0 100 $((t2 - t1))
# with no slave up, the first one back is taken at once, updelay or not
pull v0
pull v1
check delay-none-active wait_for 5 no_active
kmsg_mark delay-first
plug v1
check delay-first-back-active wait_for 5 is_active v1
t0=$(klog_ms delay-first 'bt-mark: delay-first')
t1=$(klog_ms delay-first 'slave v1): making interface the new active one')
# the carrier event, then the next tick (100 ms) at most
in_range delay-first-back-ignores-updelay 0 400 $((t1 - t0))
# a bond taken down and up again keeps a slave that is still up up, and
# active: updelay is for links coming up (upstream mode-1-recovery-updelay)
ip link set b0 down
ip link set b0 up
check_eq delay-reopen-slave-still-up up "$(mii v1)"
check_eq delay-reopen-still-active v1 "$(active)"
teardown

# --- Test that the carrier event itself fails over (beyond stock): with no
# downdelay a pull of the active slave moves active_slave at once, not at
# the next miimon tick. miimon is 5000 ms and each pull comes right after
# a tick (the one that saw the other slave come back up), so polling alone
# takes most of 5 s every time (stock: 3.7 to 4.4 s on the kernel's clock
# in a loaded guest); the carrier event, a few ms. Times on the wall clock
# (pull command started to sysfs showing the new active slave, as the
# shell sees it: up to 1.1 s measured under load, mostly the shell and ip
# themselves) and on the kernel log's, which a loaded host cannot skew
# (the peer bridge logging the port down to the bond logging the new
# active one). The same scenario with stock shows what polling gives.
EV_PULLS=3
EV_MIIMON=5000
EV_BOUND=2000	# ms, wall clock
EV_KBOUND=500	# ms, kernel clock
both_up() { mii_is v0 up && mii_is v1 up; }
# event_scenario TAG: prints "PULL WALL_MS KLOG_MS" for each pull
event_scenario() {
	local i a b t0 wall kl
	topology miimon $EV_MIIMON
	wait_for 15 both_up || echo "setup: slaves not up"
	# a first tick to pull right after: the backup down and up again
	b=$(other "$(active)")
	pull "$b"
	wait_for 15 mii_is "$b" down
	plug "$b"
	for i in $(seq $EV_PULLS); do
		a=$(active)
		b=$(other "$a")
		# the backup seen back up: a tick has just run
		wait_for 15 mii_is "$b" up
		kmsg_mark "ev-$1-$i"
		t0=$(ms_now)
		pull "$a"
		ms_until $((EV_MIIMON * 3 / 2)) is_active "$b" >/dev/null
		wall=$(($(ms_now) - t0))
		kl=$(($(klog_ms "ev-$1-$i" "slave $b): making interface the new active one") -
			$(klog_ms "ev-$1-$i" "(p${a#v}) entered disabled state")))
		echo "$i $wall $kl"
		plug "$a"
	done
	wait_for 15 both_up
	teardown
}
event_scenario ours >/tmp/fo-event.ours
sed 's/^/    ours: pull, wall ms, kernel ms: /' /tmp/fo-event.ours
for i in $(seq $EV_PULLS); do
	read -r _ wall kl <<<"$(sed -n "${i}p" /tmp/fo-event.ours)"
	in_range "event-failover-$i-fast" 0 $EV_BOUND "${wall:--1}"
	in_range "event-failover-$i-fast-klog" 0 $EV_KBOUND "${kl:--1}"
done
# stock polls: each pull waits for the next tick, beyond both bounds
bond_unload
check event-stock-load stock_load max_bonds=0
event_scenario stock >/tmp/fo-event.stock
bond_unload
rm -f /run/bt/stock-allowed
bond_load max_bonds=0
sed 's/^/    stock: pull, wall ms, kernel ms: /' /tmp/fo-event.stock
[ -d "${BT_OUT:-}" ] && cp /tmp/fo-event.ours /tmp/fo-event.stock "$BT_OUT/"
for i in $(seq $EV_PULLS); do
	read -r _ wall kl <<<"$(sed -n "${i}p" /tmp/fo-event.stock)"
	in_range "event-stock-$i-waits-for-tick" $EV_BOUND $((EV_MIIMON + 1000)) "${kl:--1}"
done

# --- Test that the peer sees num_grat_arp gratuitous ARPs per failover, as
# many as configured
# Stock 6.1 is erratic here (n=1 gives 1, n=5 gives 4, n=2 and 3 gave 0 or 2
# in the same run), so this checks the count the option asks for.
garp_scenario() {	# NUM_GRAT_ARP: prints the counts the peer saw
	ns_add peer
	ip -n peer link add br0 type bridge
	ip -n peer link set br0 up
	ip -n peer addr add 192.0.2.2/24 dev br0
	ip -n peer link add link br0 name br0.10 type vlan id 10
	ip -n peer link set br0.10 up
	ip -n peer addr add 198.51.100.2/24 dev br0.10
	for i in 0 1; do
		veth v$i p$i peer
		ip -n peer link set p$i master br0
	done
	ip link add b0 type bond mode active-backup miimon 100 num_grat_arp "$1" primary v0
	ip link set v0 master b0
	ip link set v1 master b0
	ip link set b0 up
	ip addr add 192.0.2.1/24 dev b0
	ip addr add 2001:db8::1/64 dev b0 nodad
	ip link add link b0 name b0.10 type vlan id 10
	ip link set b0.10 up
	ip addr add 198.51.100.1/24 dev b0.10
	wait_for 5 ping -c1 -W1 192.0.2.2
	wait_for 5 ping -c1 -W1 198.51.100.2
	sleep 1
	ip netns exec peer tcpdump -l -n -e -i br0 'arp or icmp6 or (vlan and arp)' \
		>/tmp/fo-garp.cap 2>/tmp/fo-garp.err &
	local pid=$!
	wait_for 20 grep -q listening /tmp/fo-garp.err
	ip -n peer link set p0 down
	wait_for 5 is_active v1
	# notifications go one per miimon tick: 3 take 200 ms
	sleep 2
	kill $pid
	wait $pid 2>/dev/null
	echo "active $(active)"
	echo "gratuitous $(grep -v vlan /tmp/fo-garp.cap | grep -c 'Request who-has 192.0.2.1 tell 192.0.2.1')"
	echo "vlan-gratuitous $(grep 'vlan 10' /tmp/fo-garp.cap | grep -c 'Request who-has 198.51.100.1 tell 198.51.100.1')"
	echo "unsolicited-na $(grep -c 'neighbor advertisement, tgt is 2001:db8::1' /tmp/fo-garp.cap)"
	ip link del b0.10
	teardown
}
for n in 1 3; do
	garp_scenario $n >/tmp/fo-garp.out
	check_eq "garp-$n-failed-over" "active v1" "$(grep '^active' /tmp/fo-garp.out)"
	check_eq "garp-$n-seen" "gratuitous $n" "$(grep '^gratuitous' /tmp/fo-garp.out)"
	check_eq "garp-$n-vlan-seen" "vlan-gratuitous $n" "$(grep '^vlan-gratuitous' /tmp/fo-garp.out)"
	check_eq "garp-$n-unsolicited-na" "unsolicited-na $n" "$(grep '^unsolicited-na' /tmp/fo-garp.out)"
done

# --- Test that flapping a slave 1,000 times under traffic is harmless
topology miimon 10
for i in $(seq 1000); do
	echo "link set p0 down"
	echo "link set p0 up"
done >/tmp/fo-flap.batch
head -20 /tmp/fo-flap.batch >/tmp/fo-warm.batch
ip -n peer -b /tmp/fo-warm.batch
wait_for 5 ping -c1 -W1 192.0.2.2
base=$(slab_bytes)
ping -f -w 60 192.0.2.2 >/dev/null 2>&1 &
ppid=$!
kmsg_mark flap
check flap-1000-times ip -n peer -b /tmp/fo-flap.batch
kill $ppid 2>/dev/null
wait $ppid 2>/dev/null
check flap-both-up wait_for 5 sh -c "[ \"\$(cat /sys/class/net/v0/bonding_slave/mii_status)\" = up ] &&
	[ \"\$(cat /sys/class/net/v1/bonding_slave/mii_status)\" = up ]"
a=$(active)
check flap-active-is-a-slave test "$a" = v0 -o "$a" = v1
check_eq flap-one-active 1 "$(grep -c '^Currently Active Slave: v[01]$' /proc/net/bonding/b0)"
check flap-backup-flagged test "$(cat /sys/class/net/"$(other "$a")"/bonding_slave/state)" = backup
check flap-ping-after ping -c1 -W2 192.0.2.2
check flap-lfc-counted test "$(lfc v0)" -ge 1 -a "$(lfc v0)" -le 1000
after=$(slab_bytes)
# 1,000 flaps leaking even 64 bytes each would show as 64 kB
check flap-no-slab-growth test $((after - base)) -lt 65536
teardown
finish
