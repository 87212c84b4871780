#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Check selftests/tools/bondnl.py against the loaded bonding module, inside
# a test guest (as root, throwaway network state):
#
#   selftests/vm/run.sh --kver 6.1.0-56-amd64 --out OUT -- \
#       'bash selftests/tools/test-bondnl-in-guest.sh'
#
# Without run.sh --module the guest loads the kernel's stock bonding.ko,
# which is the reference: get must agree with "ip -d -j link show" and
# sysfs, set must land in sysfs, errors must come back as the exit status
# equal to the errno with the extack text. Cases that describe stock
# behaviour only (attributes 33/34 ignored, u32 accepted for a u8) are
# asserted when the stock module is loaded and just reported otherwise.
# Prints one PASS/FAIL/SKIP line per case; exits non-zero on any failure.
T_NAME=bondnl
# lib.sh appends results to T_RESULTS and echoes them when that is not
# /dev/stdout; reopening a stdout that is a file (run.sh's job.out) with
# O_APPEND would lose lines, so keep them in a file of our own.
T_RESULTS=${T_RESULTS:-$(mktemp)}
. "$(cd "$(dirname "$0")" && pwd)/../lib.sh"
B=$(cd "$(dirname "$0")" && pwd)/bondnl.py
TOOLS=$(dirname "$B")
ERR=$(mktemp)
trap 'rm -f "$ERR" "$ERR.ip" "$ERR.nl"' EXIT

# bn ARGS...: run bondnl.py; sets OUT, RC and ERRTXT (stderr).
bn() {
	OUT=$("$B" "$@" 2>"$ERR")
	RC=$?
	ERRTXT=$(cat "$ERR")
}
# expect_rc CASE RC ARGS...: bondnl.py ARGS exits with RC.
expect_rc() {
	local name=$1 want=$2
	shift 2
	bn "$@"
	if [ "$RC" = "$want" ]; then
		pass "$name"
	else
		fail "$name" "(bondnl.py $* -> rc $RC, want $want: $ERRTXT)"
	fi
}
# getv LINK KEY [get|slave-get]: one value from the text output.
getv() {
	"$B" "${3:-get}" "$1" | awk -v k="$2" '$1 == k { print $2; f = 1 } END { exit !f }'
}
# sysnum FILE: last field of a bonding sysfs file ("active-backup 1" -> 1).
sysnum() { awk '{ print $NF }' "$1"; }
sysf() { echo "/sys/class/net/$1/bonding/$2"; }
info() {
	local m="$*"
	echo "INFO bondnl/${m//$'\n'/ | }"
}
# err_has REGEX: the last bondnl.py run's stderr has a line matching REGEX.
# shellcheck disable=SC2317
err_has() { grep -q -- "$1" <<<"$ERRTXT"; }

# compare_ip KIND LINK: bondnl.py (slave-)get --json agrees with every
# value "ip -d -j link show" decodes (KIND: bond or slave).
compare_ip() {
	local kind=$1 link=$2 cmd=get
	[ "$kind" = slave ] && cmd=slave-get
	ip -d -j link show "$link" >"$ERR.ip" || return 1
	"$B" $cmd "$link" --json >"$ERR.nl" || return 1
	python3 - "$kind" "$ERR.ip" "$ERR.nl" <<'EOF'
import json, sys
kind, ipf, nlf = sys.argv[1:]
ip = json.load(open(ipf))[0]["linkinfo"]
nl = json.load(open(nlf))
ENUMS = {
    "mode": ["balance-rr", "active-backup", "balance-xor", "broadcast",
             "802.3ad", "balance-tlb", "balance-alb"],
    "arp_validate": ["none", "active", "backup", "all", "filter",
                     "filter_active", "filter_backup"],
    "arp_all_targets": ["any", "all"],
    "primary_reselect": ["always", "better", "failure"],
    "fail_over_mac": ["none", "active", "follow"],
    "xmit_hash_policy": ["layer2", "layer3+4", "layer2+3", "encap2+3",
                         "encap3+4", "vlan+srcmac"],
    "ad_lacp_rate": ["slow", "fast"],
    "ad_select": ["stable", "bandwidth", "count", "actor_port_prio"],
    "ad_lacp_active": ["off", "on"],
    "state": ["ACTIVE", "BACKUP"],
    "mii_status": ["UP", "GOING_DOWN", "DOWN", "GOING_BACK"],
}
RENAME = {"peer_notify_delay": "peer_notif_delay",
          "arp_missed_max": "missed_max",
          "active_slave": "active_slave_name", "primary": "primary_name"}
data = ip.get("info_data" if kind == "bond" else "info_slave_data", {})
bad = []
n = 0
for key, val in data.items():
    if key.endswith("_str"):
        continue
    mine = nl.get(RENAME.get(key, key), "<missing>")
    if key in ENUMS and isinstance(val, str):
        val = ENUMS[key].index(val)
    elif key == "arp_validate" and val is None:
        val = 0
    n += 1
    if mine != val:
        bad.append("%s: ip %r, bondnl %r" % (key, val, mine))
if bad:
    print("; ".join(bad))
    sys.exit(1)
print("%d values agree" % n)
EOF
}
check_ip() {	# CASE KIND LINK (retried: LACP state moves under our feet)
	local out try ok=
	for try in 1 2 3 4 5; do
		if out=$(compare_ip "$2" "$3" 2>&1); then
			ok=1
			break
		fi
		sleep 1
	done
	if [ -n "$ok" ]; then
		pass "$1"
		info "$1: $out (try $try)"
	else
		fail "$1" "($out)"
	fi
}

modprobe bonding max_bonds=0 || { fail load "modprobe bonding failed"; finish; }
if module_is_ours; then
	STOCK=
	info "module: the one under test ($(cat /sys/module/bonding/srcversion))"
else
	STOCK=1
	info "module: stock bonding of $(uname -r)"
fi

# --- get on a fresh bond ----------------------------------------------------
ip link add bond0 type bond
check_ip fresh-matches-ip bond bond0
bn get bond0
check_eq fresh-text-mode 0 "$(echo "$OUT" | awk '$1 == "mode" { print $2 }')"
check_eq fresh-text-miimon 0 "$(echo "$OUT" | awk '$1 == "miimon" { print $2 }')"
bn get bond0 --json
check fresh-json-parses python3 -c 'import json, sys; json.loads(sys.argv[1])' "$OUT"
check_eq get-rc 0 "$RC"

# --- set what iproute2 knows, read back via sysfs ----------------------------
# active-backup, down, no slaves
for kv in mode=1 miimon=100 updelay=200 downdelay=300 use_carrier=0 \
	  peer_notif_delay=100 resend_igmp=3 num_peer_notif=4 \
	  all_slaves_active=1 min_links=2 lp_interval=5 primary_reselect=1 \
	  fail_over_mac=1 xmit_hash_policy=0x1 missed_max=5 arp_all_targets=1; do
	k=${kv%%=*} v=$((${kv#*=}))
	case $k in
	peer_notif_delay) f=peer_notif_delay ;;
	num_peer_notif) f=num_grat_arp ;;
	missed_max) f=arp_missed_max ;;
	*) f=$k ;;
	esac
	expect_rc "set-$k" 0 set bond0 "$kv"
	check_eq "sysfs-$k" "$v" "$(sysnum "$(sysf bond0 "$f")")"
	check_eq "get-$k" "$v" "$(getv bond0 "$k")"
done
check_ip ab-matches-ip bond bond0

# ARP monitoring and targets (v4 nest, v6 nest, empty nest, table full)
expect_rc set-arp 0 set bond0 miimon=0 arp_interval=250 \
	arp_ip_target=192.0.2.1,192.0.2.2 arp_validate=3
check_eq sysfs-arp_interval 250 "$(cat "$(sysf bond0 arp_interval)")"
check_eq sysfs-arp_ip_target "192.0.2.1 192.0.2.2" "$(cat "$(sysf bond0 arp_ip_target)")"
check_eq sysfs-arp_validate 3 "$(sysnum "$(sysf bond0 arp_validate)")"
check_eq get-arp_ip_target 192.0.2.1,192.0.2.2 "$(getv bond0 arp_ip_target)"
# no sysfs file for ns_ip6_target: read it back through get and ip -j
expect_rc set-ns_ip6_target 0 set bond0 ns_ip6_target=2001:db8::1,fe80::2
check_eq get-ns_ip6_target 2001:db8::1,fe80::2 "$(getv bond0 ns_ip6_target)"
check_ip ns6-matches-ip bond bond0
expect_rc clear-ns_ip6_target 0 set bond0 ns_ip6_target=
check get-ns_ip6_target-absent sh -c "! '$B' get bond0 | grep -q '^ns_ip6_target'"
check_ip arp-matches-ip bond bond0
expect_rc clear-arp_ip_target 0 set bond0 arp_ip_target=
check_eq sysfs-arp_ip_target-empty "" "$(cat "$(sysf bond0 arp_ip_target)")"
check get-arp_ip_target-absent sh -c "! '$B' get bond0 | grep -q '^arp_ip_target'"
t16=$(seq -s, -f 192.0.2.%g 1 16)
expect_rc arp-16-targets 0 set bond0 arp_ip_target="$t16"
check_eq get-16-targets "$t16" "$(getv bond0 arp_ip_target)"
expect_rc arp-17-targets 22 set bond0 arp_ip_target="$t16,192.0.2.17"
info "17 ARP targets: $ERRTXT"
expect_rc set-miimon-back 0 set bond0 arp_interval=0 arp_ip_target= miimon=100

# slaves: active_slave / primary by name and by ifindex, slave attributes
for i in 0 1; do
	ip link add v$i type veth peer name p$i
	ip link set v$i master bond0
	ip link set p$i up
	ip link set v$i up
done
ip link set bond0 up
wait_for 5 grep -q "MII Status: up" /proc/net/bonding/bond0
wait_for 5 sh -c "[ \$(grep -c 'MII Status: up' /proc/net/bonding/bond0) = 3 ]"
expect_rc set-primary-name 0 set bond0 primary=v1
check_eq sysfs-primary v1 "$(cat "$(sysf bond0 primary)")"
check_eq get-primary "$(cat /sys/class/net/v1/ifindex)" "$(getv bond0 primary)"
v0idx=$(cat /sys/class/net/v0/ifindex)
expect_rc set-primary-ifindex 0 set bond0 primary="$v0idx"
check_eq sysfs-primary-ifindex v0 "$(cat "$(sysf bond0 primary)")"
expect_rc set-active_slave 0 set bond0 active_slave=v1
check_eq sysfs-active_slave v1 "$(cat "$(sysf bond0 active_slave)")"
bn get bond0 --json
check_eq json-active_slave_name v1 "$(echo "$OUT" | python3 -c 'import json, sys; print(json.load(sys.stdin)["active_slave_name"])')"
check_ip slaves-matches-ip bond bond0
check_ip slave-matches-ip slave v0

expect_rc slave-set-prio-queue 0 slave-set v0 prio=7 queue_id=2
check_eq slave-get-prio 7 "$(getv v0 prio slave-get)"
check_eq slave-get-queue_id 2 "$(getv v0 queue_id slave-get)"
check_eq sysfs-queue_id 2 "$(cat /sys/class/net/v0/bonding_slave/queue_id)"
check_ip slave-set-matches-ip slave v0
expect_rc slave-set-negative-prio 0 slave-set v0 prio=-5
check_eq slave-get-negative-prio -5 "$(getv v0 prio slave-get)"
bn slave-get v0 --json
check_eq slave-json-perm_hwaddr "$(ip -j -d link show v0 | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["linkinfo"]["info_slave_data"]["perm_hwaddr"])')" \
	"$(echo "$OUT" | python3 -c 'import json, sys; print(json.load(sys.stdin)["perm_hwaddr"])')"
bn slave-set v0 queue_id=65535
info "queue_id=65535 on a 16-queue bond: rc $RC${ERRTXT:+ ($ERRTXT)}"
expect_rc slave-get-not-a-slave 254 slave-get p0
expect_rc set-on-a-veth 95 set p0 mode=1
info "set on a veth: $ERRTXT"
expect_rc set-ifname-unknown 254 set bond0 primary=nosuchdev

# packets_per_slave (balance-rr), tlb_dynamic_lb (balance-tlb)
expect_rc create-rr 0 create bond1 mode=0 packets_per_slave=3
check_eq sysfs-packets_per_slave 3 "$(cat "$(sysf bond1 packets_per_slave)")"
expect_rc create-tlb 0 create bond2 mode=5 tlb_dynamic_lb=0
check_eq sysfs-tlb_dynamic_lb 0 "$(cat "$(sysf bond2 tlb_dynamic_lb)")"
check_ip tlb-matches-ip bond bond2

# 802.3ad, down: the ad_* attributes and coupled_control
expect_rc create-8023ad 0 create bond3 mode=4 ad_lacp_rate=1 ad_select=1 \
	ad_actor_sys_prio=100 ad_user_port_key=10 \
	ad_actor_system=02:00:00:00:00:42 ad_lacp_active=0
check_eq sysfs-lacp_rate 1 "$(sysnum "$(sysf bond3 lacp_rate)")"
check_eq sysfs-ad_select 1 "$(sysnum "$(sysf bond3 ad_select)")"
check_eq sysfs-ad_actor_sys_prio 100 "$(cat "$(sysf bond3 ad_actor_sys_prio)")"
check_eq sysfs-ad_user_port_key 10 "$(cat "$(sysf bond3 ad_user_port_key)")"
check_eq sysfs-ad_actor_system 02:00:00:00:00:42 "$(cat "$(sysf bond3 ad_actor_system)")"
check_eq sysfs-lacp_active 0 "$(sysnum "$(sysf bond3 lacp_active)")"
check_eq get-coupled_control-default 1 "$(getv bond3 coupled_control)"
expect_rc set-coupled_control 0 set bond3 coupled_control=0
check_eq get-coupled_control 0 "$(getv bond3 coupled_control)"
[ -e "$(sysf bond3 coupled_control)" ] &&
	check_eq sysfs-coupled_control 0 "$(sysnum "$(sysf bond3 coupled_control)")"
check_ip 8023ad-matches-ip bond bond3
ip link add v3 type veth peer name p3
ip link set v3 master bond3
ip link set p3 up
ip link set v3 up
ip link set bond3 up
wait_for 5 sh -c "'$B' get bond3 | grep -q '^ad_info.aggregator'"
check_ip 8023ad-up-matches-ip bond bond3
check get-ad_info sh -c "'$B' get bond3 | grep -q '^ad_info.partner_mac '"
check_ip 8023ad-slave-matches-ip slave v3
# attributes iproute2 6.1 cannot show: actor_port_prio, the churn states
bn slave-set v3 actor_port_prio=5
if [ "$RC" = 0 ] && [ -z "$ERRTXT" ]; then
	check_eq slave-set-actor_port_prio 5 "$(getv v3 actor_port_prio slave-get)"
else
	fail slave-set-actor_port_prio "(rc $RC: $ERRTXT)"
fi
bn slave-get v3 --json
for k in ad_churn_actor_state ad_churn_partner_state actor_port_prio; do
	check "slave-get-has-$k" grep -q "\"$k\": [0-9]" <<<"$OUT"
done
expect_rc slave-set-prio-in-8023ad 13 slave-set v3 prio=1
info "prio in 802.3ad: $ERRTXT"
expect_rc set-coupled_control-in-rr 13 set bond1 coupled_control=0
info "coupled_control in balance-rr: $ERRTXT"

# --- errors ------------------------------------------------------------------
errline() { echo "$ERRTXT" | head -1; }
expect_rc mode-9 22 set bond1 mode=9
case $(errline) in
"error: Invalid argument (EINVAL): "?*) pass mode-9-extack ;;
*) fail mode-9-extack "($ERRTXT)" ;;
esac
info "mode=9: $ERRTXT"
expect_rc mode-with-slaves 39 set bond0 mode=0
info "mode=0 with slaves: $ERRTXT"
check mode-9-offset err_has '^error: offending attribute: IFLA_LINKINFO/IFLA_INFO_DATA/mode (offset [0-9]*)$'

expect_rc arp-target-0 22 set bond0 arp_ip_target=0.0.0.0
case $(errline) in
"error: Invalid argument (EINVAL)"*) pass arp-target-0-message ;;
*) fail arp-target-0-message "($ERRTXT)" ;;
esac
info "arp_ip_target=0.0.0.0: $ERRTXT"

expect_rc create-existing 17 create bond0
check_eq create-existing-message "error: File exists (EEXIST)" "$(errline)"
expect_rc get-unknown 19 get nosuchbond
check_eq get-unknown-message "error: No such device (ENODEV)" "$(errline)"
expect_rc set-unknown 19 set nosuchbond miimon=100
expect_rc delete-unknown 19 delete nosuchbond

# too short: policy validation
expect_rc miimon-1-byte 34 set bond0 attr_3:hex=01
check_eq miimon-1-byte-message \
	"error: Numerical result out of range (ERANGE): Attribute failed policy validation" \
	"$(errline)"
check miimon-1-byte-offset err_has 'offending attribute: IFLA_LINKINFO/IFLA_INFO_DATA/miimon '
expect_rc miimon-empty 34 set bond0 miimon:empty
expect_rc arp-target-short-child 22 set bond0 arp_ip_target:hex=0600000001020000
info "arp_ip_target child of 2 bytes: $ERRTXT"

# wrong type, too long: the stock module warns in dmesg and reads the first
# byte (little endian), so mode:u32=1 sets active-backup
ip link add bond4 type bond
bn set bond4 mode:u32=1
info "mode:u32=1: rc $RC${ERRTXT:+ ($ERRTXT)}, mode now $(cat "$(sysf bond4 mode)")"
if [ -n "$STOCK" ]; then
	check_eq mode-u32-accepted 0 "$RC"
	check_eq mode-u32-first-byte "active-backup 1" "$(cat "$(sysf bond4 mode)")"
	check mode-u32-dmesg sh -c "dmesg | grep -q \"attribute type 1 has an invalid length\""
fi
bn set bond4 mode:u32=0x100
info "mode:u32=0x100: rc $RC${ERRTXT:+ ($ERRTXT)}, mode now $(cat "$(sysf bond4 mode)")"
[ -n "$STOCK" ] && check_eq mode-u32-0x100-is-0 "balance-rr 0" "$(cat "$(sysf bond4 mode)")"

# attributes 33/34 and unknown numbers: accepted and ignored by a kernel that
# does not know them, which the tool warns about
for kv in broadcast_neigh=1 lacp_strict=1; do
	k=${kv%%=*}
	bn set bond3 "$kv"
	ignored=
	echo "$ERRTXT" | grep -q "^warning: accepted but probably ignored: $k (" && ignored=1
	got=$(getv bond3 "$k")
	info "$kv on $(uname -r): rc $RC${ERRTXT:+ ($ERRTXT)}, get: ${got:-absent}"
	if [ "$RC" = 0 ] && [ -n "$ignored" ] && [ -z "$got" ]; then
		pass "$k-ignored-and-warned"
	elif [ "$RC" = 0 ] && [ -z "$ignored" ] && [ "$got" = 1 ]; then
		pass "$k-set"
	elif [ "$RC" != 0 ] && [ -n "$ERRTXT" ]; then
		pass "$k-refused"
	else
		fail "$k" "(rc $RC, warned '${ignored}', get '$got')"
	fi
	[ -n "$STOCK" ] && check_eq "$k-stock-ignores" "0 1" "$RC ${ignored:-0}"
done
bn set bond3 attr_35:u8=1
check attr_35-warned err_has '^warning: accepted but probably ignored: attr_35 (35)'
[ -n "$STOCK" ] && check_eq attr_35-rc 0 "$RC"
bn set bond3 attr_0:u32=1
check attr_0-warned err_has '^warning: accepted but probably ignored: attr_0 (0)'
bn set bond3 --no-check attr_35:u8=1
check_eq no-check-quiet "" "$ERRTXT"
bn slave-set v3 attr_13:u8=1
check slave-attr_13-warned err_has '^warning: accepted but probably ignored: attr_13 (13)'

# local errors
expect_rc local-unknown-name 254 set bond0 nosuch=1
expect_rc local-out-of-range 254 set bond0 mode=256
expect_rc local-bad-type 254 set bond0 mode:u12=1
expect_rc local-no-type 254 set bond0 attr_99=1
expect_rc local-bad-ip 254 set bond0 arp_ip_target=1.2.3
expect_rc local-no-netns 254 --netns nosuchns get bond0
expect_rc local-usage 254 frobnicate

# --- namespaces ----------------------------------------------------------------
ns_add bnl1
expect_rc netns-create 0 --netns bnl1 create nb0 mode=1 miimon=50
check netns-exists ip -n bnl1 link show nb0
check netns-not-here sh -c "! ip link show nb0 2>/dev/null"
bn --netns bnl1 get nb0
check_eq netns-get-miimon "miimon 50" "$(echo "$OUT" | grep '^miimon ')"
expect_rc netns-get-after 0 get nb0 --netns bnl1
expect_rc netns-get-here 19 get nb0
ip -n bnl1 link add v9 type veth peer name p9
ip -n bnl1 link set v9 master nb0
expect_rc netns-slave-set 0 --netns bnl1 slave-set v9 queue_id=1
bn --netns bnl1 get nb0 --json
expect_rc netns-delete 0 --netns bnl1 delete nb0

# --- as a module -----------------------------------------------------------------
check module-api python3 - "$TOOLS" <<'EOF'
import sys
sys.path.insert(0, sys.argv[1])
import bondnl
d = bondnl.get_bond("bond0")
assert d["mode"] == 1 and d["miimon"] == 100, d
assert bondnl.set_bond("bond0", miimon=200) == []
assert bondnl.get_bond("bond0")["miimon"] == 200
bondnl.set_bond("bond0", [("downdelay", 400), ("updelay", "0x0")])
assert bondnl.get_bond("bond0")["downdelay"] == 400
try:
    bondnl.set_bond("bond1", {"mode": 9})
    raise SystemExit("mode 9 accepted")
except bondnl.NetlinkError as e:
    assert e.errno == 22 and e.extack, (e.errno, e.extack)
try:
    bondnl.get_bond("nosuchbond")
    raise SystemExit("nosuchbond found")
except bondnl.NetlinkError as e:
    assert e.errno == 19
try:
    bondnl.get_bond("lo")
    raise SystemExit("lo is a bond?")
except bondnl.BondnlError:
    pass
s = bondnl.get_slave("v0")
assert s["prio"] == -5 and s["queue_id"] == 2, s
bondnl.set_slave("v0", queue_id=0, prio=0)
assert bondnl.get_slave("v0")["queue_id"] == 0
EOF

for b in bond0 bond1 bond2 bond3 bond4; do ip link del "$b" 2>/dev/null; done
for i in 0 1 3; do ip link del "v$i" 2>/dev/null; done
ns_cleanup
finish
