#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Per-slave health counters and misconfiguration warnings (beyond stock),
# on the peer_topology of lib.sh:
#  - ARP and NS probe rounds that go unanswered while the peer drops them
#    (tc) are counted, in a run and in total; the run ends when answers
#    come back; the last failure reason and the last times seen up and
#    down follow; sysfs, /proc (proc_extended 1) and bondctl show read the
#    same values; without proc_extended /proc has no extra line;
#  - an active-backup, balance-tlb or balance-alb bond without a link
#    monitor logs its warning once (and ip gets an extack warning), through
#    netlink and sysfs; a bond with miimon or arp_interval none; ARP
#    monitoring that cannot judge backups is warned about;
#  - an updelay or downdelay that is not a multiple of miimon is rounded
#    down with a warning (netlink, sysfs, module parameters), a multiple
#    without one.
. "$(dirname "$0")/lib.sh"

B=/sys/class/net/b0/bonding
SL() { cat /sys/class/net/$1/bonding_slave/$2; }
BONDCTL=$BT_LIB_DIR/../tools/bondctl/bondctl
# proc_field DEV LABEL: the value after "LABEL: " in DEV's /proc block
proc_field() {
	awk -v d="$1" -v l="$2: " '/^Slave Interface:/ { s = ($3 == d) }
		s && index($0, l) == 1 { print substr($0, length(l) + 1) }' \
		/proc/net/bonding/b0
}
peer_drop() {	# PORT: the bridge drops ARP and IPv6 on the peer's PORT
	tc -n peer qdisc add dev "$1" clsact 2>/dev/null
	for dir in ingress egress; do
		tc -n peer filter add dev "$1" $dir protocol arp pref 10 \
			matchall action drop
		tc -n peer filter add dev "$1" $dir protocol ipv6 pref 11 \
			matchall action drop
	done
}
peer_undrop() { tc -n peer qdisc del dev "$1" clsact 2>/dev/null; }

bond_load max_bonds=0

# --- ARP and NS misses ---------------------------------------------------------
peer_topology mode active-backup arp_interval 100 arp_validate all \
	arp_missed_max 3 arp_ip_target 192.0.2.2 primary v0
ip -n peer addr add 2001:db8::2/64 dev br0 nodad
ip addr add 2001:db8::1/64 dev b0 nodad
ip link set b0 type bond ns_ip6_target 2001:db8::2
sleep 1
check_eq proc-no-extra-lines "" "$(grep -E '^(ARP probes|NS probes|Last seen|Last failure)' /proc/net/bonding/b0)"
echo 1 >$B/proc_extended
check arp-answered wait_for 3 sh -c "[ \$(cat /sys/class/net/v0/bonding_slave/arp_missed) = 0 ]"
check_eq ns-answered 0 "$(SL v0 ns_missed)"
check seen-up [ "$(SL v0 last_seen_up)" -gt 0 ]
arp0=$(SL v0 arp_missed_total) ns0=$(SL v0 ns_missed_total)
sleep 0.5
check_eq arp-none-missed-answered "$arp0" "$(SL v0 arp_missed_total)"

peer_drop p0
sleep 1.5
check arp-run-counts [ "$(SL v0 arp_missed)" -ge 2 ]
check ns-run-counts [ "$(SL v0 ns_missed)" -ge 2 ]
check arp-total-counts [ "$(SL v0 arp_missed_total)" -ge $((arp0 + 2)) ]
check ns-total-counts [ "$(SL v0 ns_missed_total)" -ge $((ns0 + 2)) ]
check went-down wait_for 3 sh -c "[ \$(cat $B/active_slave) = v1 ]"
check_eq failure-reason arp "$(SL v0 last_failure)"
check seen-down-set [ "$(SL v0 last_seen_down)" -gt "$(SL v0 last_seen_up)" ]

# freeze the counters (monitor off), then every surface must agree
ip link set b0 type bond arp_interval 0
sleep 0.3
for f in "ARP probes missed:arp_missed arp_missed_total" \
	 "NS probes missed:ns_missed ns_missed_total"; do
	label=${f%%:*} files=${f#*:}
	want="$(SL v0 ${files% *}) (total $(SL v0 ${files#* }))"
	check_eq "proc-same-${files% *}" "$want" "$(proc_field v0 "$label")"
done
check_eq proc-same-seen-up "$(SL v0 last_seen_up) ms" "$(proc_field v0 'Last seen up')"
check_eq proc-same-seen-down "$(SL v0 last_seen_down) ms" "$(proc_field v0 'Last seen down')"
check_eq proc-same-reason "$(SL v0 last_failure)" "$(proc_field v0 'Last failure reason')"
if "$BONDCTL" show --json b0 >/tmp/health.json 2>/tmp/health.err; then
	out=$(python3 - /tmp/health.json <<-'EOF'
	import json, sys
	d = json.load(open(sys.argv[1]))
	s = [x for b in d["bonds"] for x in b["slaves"] if x["name"] == "v0"][0]
	for k in ("arp_missed", "arp_missed_total", "ns_missed",
	          "ns_missed_total", "last_seen_up", "last_seen_down",
	          "last_failure"):
	    print(k, s.get(k))
	EOF
	)
	want=$(for k in arp_missed arp_missed_total ns_missed ns_missed_total \
		last_seen_up last_seen_down last_failure; do echo "$k $(SL v0 $k)"; done)
	check_eq netlink-same "$want" "$out"
else
	fail netlink-same "(bondctl show: $(tail -1 /tmp/health.err))"
fi

# answers again: the runs end, the totals stay
tot=$(SL v0 arp_missed_total)
peer_undrop p0
ip link set b0 type bond arp_interval 100
check arp-run-ends wait_for 5 sh -c "[ \$(cat /sys/class/net/v0/bonding_slave/arp_missed) = 0 ]"
check arp-total-kept [ "$(SL v0 arp_missed_total)" -ge "$tot" ]
peer_teardown

# --- MII: carrier reason and seen times ----------------------------------------
peer_topology mode active-backup miimon 100
echo 1 >$B/proc_extended
peer_pull v0
sleep 0.5
check_eq carrier-reason carrier "$(SL v0 last_failure)"
check carrier-seen-down [ "$(SL v0 last_seen_down)" -gt "$(SL v0 last_seen_up)" ]
peer_plug v0
sleep 0.5
check carrier-seen-up-again [ "$(SL v0 last_seen_up)" -gt "$(SL v0 last_seen_down)" ]
check_eq carrier-reason-kept carrier "$(SL v0 last_failure)"
peer_teardown

# --- Warnings -------------------------------------------------------------------
nwarn() { dmesg | grep -c "$1: Warning: active-backup bond without a link monitor"; }
err=$(ip link add wb0 type bond mode active-backup 2>&1)
check no-monitor-extack grep -q "no link monitor" <<<"$err"
ip link set wb0 up
check_eq no-monitor-logged-once 1 "$(nwarn wb0)"
ip link set wb0 down; ip link set wb0 up
check_eq no-monitor-still-once 1 "$(nwarn wb0)"
err=$(ip link add wb1 type bond mode active-backup miimon 100 2>&1)
check_eq miimon-no-extack "" "$err"
ip link set wb1 up
check_eq miimon-no-warning 0 "$(nwarn wb1)"
ip link add wb2 type bond mode active-backup arp_interval 100 \
	arp_ip_target 192.0.2.9 arp_validate all
ip link set wb2 up
check_eq arp-no-warning 0 "$(nwarn wb2)"
check_eq arp-validated-no-backup-warning 0 \
	"$(dmesg | grep -c 'wb2: Warning: ARP monitoring with arp_validate')"
ip link add wb3 type bond mode balance-rr
ip link set wb3 up
check_eq rr-no-warning 0 "$(dmesg | grep -c 'wb3: Warning:')"
ip link add wb4 type bond mode active-backup arp_interval 100 \
	arp_ip_target 192.0.2.9
ip link set wb4 up
check_eq arp-backups-warning 1 \
	"$(dmesg | grep -c 'wb4: Warning: ARP monitoring with arp_validate none cannot judge the backup slaves')"
# through sysfs, as ifupdown does it: created, mode set, brought up
echo +wb5 >/sys/class/net/bonding_masters
echo active-backup >/sys/class/net/wb5/bonding/mode
ip link set wb5 up
check_eq sysfs-no-monitor-once 1 "$(nwarn wb5)"
for b in wb0 wb1 wb2 wb3 wb4 wb5; do ip link del $b; done

# balance-tlb and balance-alb: the same warning, once per bond; none with
# miimon. A mode change to either turns miimon 0 into 100 (as stock), so a
# bond without a monitor is asked for with miimon 0 after the mode (the
# netlink request applies the mode first) or, through sysfs, afterwards.
kmsg_mark h10-lb-warn
mwarn() {	# BOND MODE: the no-monitor warnings of BOND since the mark
	kmsg_since h10-lb-warn |
		grep -c "$1: Warning: $2 bond without a link monitor (miimon and arp_interval are 0)"
}
for m in tlb alb; do
	mode=balance-$m
	err=$(ip link add w${m}0 type bond mode $mode miimon 0 2>&1)
	check $m-no-monitor-extack grep -q "Warning: bonding: no link monitor" <<<"$err"
	check_eq $m-no-monitor-miimon 0 "$(cat /sys/class/net/w${m}0/bonding/miimon)"
	ip link set w${m}0 up
	check_eq $m-no-monitor-logged-once 1 "$(mwarn w${m}0 $mode)"
	ip link set w${m}0 down
	ip link set w${m}0 up
	check_eq $m-no-monitor-still-once 1 "$(mwarn w${m}0 $mode)"
	# fixed: no extack, no new line
	err=$(ip link set w${m}0 type bond miimon 100 2>&1)
	check_eq $m-fixed-no-extack "" "$err"
	check_eq $m-fixed-no-new-warning 1 "$(mwarn w${m}0 $mode)"
	# the mode's own miimon 100, or one given: no warning at all
	err=$(ip link add w${m}1 type bond mode $mode 2>&1)
	check_eq $m-default-miimon-no-extack "" "$err"
	check_eq $m-default-miimon 100 "$(cat /sys/class/net/w${m}1/bonding/miimon)"
	err=$(ip link add w${m}2 type bond mode $mode miimon 200 2>&1)
	check_eq $m-miimon-no-extack "" "$err"
	ip link set w${m}1 up
	ip link set w${m}2 up
	check_eq $m-miimon-no-warning 0 \
		"$(kmsg_since h10-lb-warn | grep -cE "w${m}[12]: Warning:")"
	# through sysfs: mode, then miimon 0, then up
	echo +w${m}3 >/sys/class/net/bonding_masters
	echo $mode >/sys/class/net/w${m}3/bonding/mode
	echo 0 >/sys/class/net/w${m}3/bonding/miimon
	ip link set w${m}3 up
	ip link set w${m}3 down
	ip link set w${m}3 up
	check_eq $m-sysfs-no-monitor-once 1 "$(mwarn w${m}3 $mode)"
	for i in 0 1 2 3; do ip link del w${m}$i; done
done

# updelay and downdelay not a multiple of miimon: rounded down, with a
# warning per value set (netlink, sysfs, module parameters); multiples
# are not warned about
kmsg_mark h10-delay-warn
dwarn() {	# ERE: the matching warnings since the mark
	kmsg_since h10-delay-warn | grep -cE "$1"
}
ip link add wd0 type bond mode active-backup miimon 100 updelay 150 downdelay 250
check_eq delay-netlink-updelay-rounded 100 "$(cat /sys/class/net/wd0/bonding/updelay)"
check_eq delay-netlink-downdelay-rounded 200 "$(cat /sys/class/net/wd0/bonding/downdelay)"
check_eq delay-netlink-updelay-warning 1 \
	"$(dwarn 'wd0: updelay \(150\) is not a multiple of miimon \(100\), value rounded to 100 ms$')"
check_eq delay-netlink-downdelay-warning 1 \
	"$(dwarn 'wd0: downdelay \(250\) is not a multiple of miimon \(100\), value rounded to 200 ms$')"
echo 330 >/sys/class/net/wd0/bonding/updelay
echo 99 >/sys/class/net/wd0/bonding/downdelay
check_eq delay-sysfs-rounded "300 0" \
	"$(cat /sys/class/net/wd0/bonding/updelay) $(cat /sys/class/net/wd0/bonding/downdelay)"
check_eq delay-sysfs-updelay-warning 1 \
	"$(dwarn 'wd0: updelay \(330\) is not a multiple of miimon \(100\), value rounded to 300 ms$')"
check_eq delay-sysfs-downdelay-warning 1 \
	"$(dwarn 'wd0: downdelay \(99\) is not a multiple of miimon \(100\), value rounded to 0 ms$')"
ip link add wd1 type bond mode active-backup miimon 100 updelay 200 downdelay 300
echo 400 >/sys/class/net/wd1/bonding/updelay
echo 0 >/sys/class/net/wd1/bonding/downdelay
check_eq delay-multiple-no-warning 0 "$(dwarn 'wd1: .*not a multiple of miimon')"
check_eq delay-multiple-kept "400 0" \
	"$(cat /sys/class/net/wd1/bonding/updelay) $(cat /sys/class/net/wd1/bonding/downdelay)"
ip link del wd0
ip link del wd1
bond_unload
bond_load_noconf max_bonds=1 miimon=100 updelay=150 downdelay=250
check_eq delay-modparam-updelay-warning 1 \
	"$(dwarn 'bonding: Warning: updelay \(150\) is not a multiple of miimon \(100\), updelay rounded to 100 ms$')"
check_eq delay-modparam-downdelay-warning 1 \
	"$(dwarn 'bonding: Warning: downdelay \(250\) is not a multiple of miimon \(100\), downdelay rounded to 200 ms$')"
check_eq delay-modparam-rounded "100 200" \
	"$(cat /sys/class/net/bond0/bonding/updelay) $(cat /sys/class/net/bond0/bonding/downdelay)"
bond_unload

finish
