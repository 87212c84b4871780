#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Test enslave and release through all three doors (ip link master /
# nomaster, sysfs slaves +/-, the SIOCBOND* ioctls through ifenslave):
# the bond's and slaves' MACs (taken, given, restored), MTU propagation
# and restore, promiscuity, allmulti and multicast lists reaching the
# right slaves, and every refused enslave with its errno, its message and
# nothing changed.
#
#   b0 (balance-rr or active-backup)
#    |-- v0 ===== p0
#    |-- v1 ===== p1
#    `-- v2 ===== p2
. "$(dirname "$0")/lib.sh"
IFENSLAVE=$BT_LIB_DIR/../tools/ifenslave/ifenslave
S=/sys/class/net/b0/bonding

mac() { cat "/sys/class/net/$1/address"; }
mtu() { cat "/sys/class/net/$1/mtu"; }
promisc() { ip -d -j link show "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["promiscuity"])'; }
allmulti() { ip -d -j link show "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0].get("allmulti", 0))'; }
has_maddr() { ip maddr show dev "$1" | grep -q "$2"; }
slaves() { cat $S/slaves; }
flags_of() { ip -o link show "$1" | sed 's/.*<\(.*\)>.*/\1/'; }

bond_load max_bonds=0
for i in 0 1 2; do
	veth v$i p$i
	ip link set p$i up
done
declare -A PERM
for i in 0 1 2; do PERM[v$i]=$(mac v$i); done

# --- the three doors, balance-rr -------------------------------------------
ip link add b0 type bond mode balance-rr
ip link set b0 mtu 1400
bond_mac_random=$(mac b0)

check door-ip ip link set v0 master b0
check_eq bond-took-first-slave-mac "${PERM[v0]}" "$(mac b0)"
check_eq bond-mac-stolen 2 "$(cat /sys/class/net/b0/addr_assign_type)"
check door-sysfs sysfs_write $S/slaves +v1
check door-ioctl "$IFENSLAVE" b0 v2
check_eq three-slaves "v0 v1 v2" "$(slaves)"
for i in 0 1 2; do
	check_eq "v$i-has-bond-mac" "$(mac b0)" "$(mac v$i)"
	check_eq "v$i-took-bond-mtu" 1400 "$(mtu v$i)"
	check_eq "v$i-perm-hwaddr" "${PERM[v$i]}" "$(cat /sys/class/net/v$i/bonding_slave/perm_hwaddr)"
	check "v$i-flags-slave" sh -c "ip -o link show v$i | grep -q 'SLAVE'"
	check "v$i-master-link" test -L /sys/class/net/v$i/master
	check "v$i-lower-link" test -L /sys/class/net/b0/lower_v$i
	check "v$i-upper-link" test -L /sys/class/net/v$i/upper_b0
done
check_fail v0-no-ipv6-addrconf sh -c "ip -6 addr show dev v0 | grep -q inet6"

ip link set b0 mtu 1300
for i in 0 1 2; do check_eq "v$i-follows-bond-mtu" 1300 "$(mtu v$i)"; done

ip link set b0 up
ip link set b0 promisc on
for i in 0 1 2; do check_eq "rr-v$i-promisc-on" 1 "$(promisc v$i)"; done
ip link set b0 promisc off
for i in 0 1 2; do check_eq "rr-v$i-promisc-off" 0 "$(promisc v$i)"; done
ip link set b0 allmulticast on
for i in 0 1 2; do check_eq "rr-v$i-allmulti-on" 1 "$(allmulti v$i)"; done
ip link set b0 allmulticast off
ip maddr add 01:00:5e:11:22:33 dev b0
for i in 0 1 2; do check "rr-v$i-mcast-added" has_maddr v$i 01:00:5e:11:22:33; done
ip maddr del 01:00:5e:11:22:33 dev b0
for i in 0 1 2; do check_fail "rr-v$i-mcast-removed" has_maddr v$i 01:00:5e:11:22:33; done

check release-ip ip link set v0 nomaster
check release-sysfs sysfs_write $S/slaves -v1
check release-ioctl "$IFENSLAVE" -d b0 v2
check_eq no-slaves "" "$(slaves)"
for i in 0 1 2; do
	check_eq "v$i-mac-restored" "${PERM[v$i]}" "$(mac v$i)"
	check_eq "v$i-mtu-restored" 1500 "$(mtu v$i)"
	check_fail "v$i-not-slave" sh -c "ip -o link show v$i | grep -q SLAVE"
	check "v$i-no-bonding_slave-dir" test ! -e /sys/class/net/v$i/bonding_slave
	check "v$i-no-master-link" test ! -e /sys/class/net/v$i/master
	check_fail "v$i-closed-on-release" sh -c "ip -o link show v$i | grep -q '[<,]UP[,>]'"
done
check_eq last-slave-gone-new-random-mac 1 "$(cat /sys/class/net/b0/addr_assign_type)"
check bond-mac-not-v0s sh -c "[ '$(mac b0)' != '${PERM[v0]}' ]"
ip link del b0

# a bond with a MAC set by the user keeps it
ip link add b0 address 02:00:00:00:00:b0 type bond
ip link set v0 master b0
check_eq user-mac-kept 02:00:00:00:00:b0 "$(mac b0)"
check_eq user-mac-given-to-slave 02:00:00:00:00:b0 "$(mac v0)"
ip link set v0 nomaster
check_eq user-mac-slave-restored "${PERM[v0]}" "$(mac v0)"
ip link del b0

# --- active-backup: only the active slave gets flags and addresses ------
ip link add b0 type bond mode active-backup miimon 100
ip link set v0 master b0
ip link set v1 master b0
ip link set b0 up
wait_for 5 sh -c "[ -n \"\$(cat $S/active_slave)\" ]"
act=$(cat $S/active_slave)
bak=v0; [ "$act" = v0 ] && bak=v1
ip link set b0 promisc on
check_eq ab-active-promisc 1 "$(promisc "$act")"
check_eq ab-backup-not-promisc 0 "$(promisc "$bak")"
ip maddr add 01:00:5e:44:55:66 dev b0
check ab-active-mcast has_maddr "$act" 01:00:5e:44:55:66
check_fail ab-backup-no-mcast has_maddr "$bak" 01:00:5e:44:55:66
check change-active sysfs_write $S/active_slave "$bak"
check_eq ab-promisc-moved 1 "$(promisc "$bak")"
check_eq ab-promisc-left 0 "$(promisc "$act")"
check ab-mcast-moved has_maddr "$bak" 01:00:5e:44:55:66
check_fail ab-mcast-left has_maddr "$act" 01:00:5e:44:55:66
check_eq ab-state-active active "$(cat /sys/class/net/$bak/bonding_slave/state)"
check_eq ab-state-backup backup "$(cat /sys/class/net/$act/bonding_slave/state)"
ip link set b0 promisc off
# deleting a slave device releases it
check delete-slave-device ip link del v1
check_eq deleted-slave-released "v0" "$(slaves)"
check_eq failover-after-delete v0 "$(cat $S/active_slave)"
veth v1 p1
ip link set p1 up
PERM[v1]=$(mac v1)
ip link del b0
check_eq release-on-bond-delete-mac "${PERM[v0]}" "$(mac v0)"

# fail_over_mac: active leaves the slaves' MACs alone, follow moves them
ip link add b0 type bond mode active-backup miimon 100 fail_over_mac active
ip link set v0 master b0
ip link set v1 master b0
check_eq fom-active-v1-own-mac "${PERM[v1]}" "$(mac v1)"
ip link set b0 up
wait_for 5 sh -c "[ -n \"\$(cat $S/active_slave)\" ]"
act=$(cat $S/active_slave)
check_eq fom-active-bond-has-active-mac "$(mac "$act")" "$(mac b0)"
ip link del b0
check_eq fom-active-v1-mac-kept "${PERM[v1]}" "$(mac v1)"

# --- refusals --------------------------------------------------------------
ip link add b0 type bond mode balance-rr
ip link add b1 type bond
# ioctl_enslave BOND DEV: SIOCBONDENSLAVE straight (ifenslave refuses some
# cases itself, and downs an up device first); prints OK or the errno name
ioctl_enslave() {
	python3 - "$1" "$2" <<-'EOF'
	import errno, fcntl, socket, struct, sys
	s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
	req = struct.pack("16s16s8x", sys.argv[1].encode(), sys.argv[2].encode())
	try:
	    fcntl.ioctl(s, 0x8990, req)
	    print("OK")
	except OSError as e:
	    name = errno.errorcode.get(e.errno, str(e.errno))
	    print("EOPNOTSUPP" if name == "ENOTSUP" else name)
	EOF
}

# refuse CASE ERRNO MESSAGE-REGEX DEV [DOORS]: refused through each door
# (default sysfs ip ioctl), each time with a log line and the same slaves;
# sysfs and the ioctl must give ERRNO, ip must print the kernel's message.
# CASE, or CASE-ip and CASE-ioctl for the other doors. ip does two cases
# on purpose: it moves a slave of another bond over, and leaves a slave of
# this one where it is.
refuse() {
	local name=$1 want=$2 msg=$3 dev=$4 doors=${5:-sysfs ip ioctl}
	local door case before after got out rc
	for door in $doors; do
		case=$name
		[ "$door" = sysfs ] || case=$name-$door
		before=$(slaves)
		kmsg_mark "$case"
		case $door in
		sysfs) got=$(errno_of sysfs_write $S/slaves "+$dev"); rc=1
			[ "$got" = "$want" ] || rc=0 ;;
		ip) out=$(ip link set "$dev" master b0 2>&1) && rc=0 || rc=1
			echo "$out" | grep -qE "$msg" || rc=0
			got="exit $rc: $out" ;;
		ioctl) got=$(ioctl_enslave b0 "$dev"); rc=1
			[ "$got" = "$want" ] || rc=0 ;;
		esac
		after=$(slaves)
		if [ "$rc" != 1 ]; then
			fail "$case" "(+$dev: $got, expected $want and /$msg/)"
		elif [ "$before" != "$after" ]; then
			fail "$case" "(slaves changed: '$before' -> '$after')"
		elif ! kmsg_since "$case" | grep -qE "$msg"; then
			fail "$case" "(no log line matching /$msg/)"
		else
			pass "$case"
		fi
	done
}
refuse refuse-itself EPERM "Cannot enslave bond to itself" b0
refuse refuse-loopback EPERM "[Ll]oopback" lo
ip link set v0 master b1
refuse refuse-has-master EBUSY "already has a master" v0 "sysfs ioctl"
ip link set v0 nomaster
ip link set b1 master b0
refuse refuse-slave-twice EBUSY "already a slave of this bond" b1 "sysfs ioctl"
kmsg_mark loop
check_eq refuse-stacked-loop EBUSY "$(errno_of sysfs_write /sys/class/net/b1/bonding/slaves +b0)"
check refuse-stacked-loop-message sh -c "dmesg | sed -n '/bt-mark: loop/,\$p' | grep -q 'make a loop'"
check_eq refuse-stacked-loop-b1-slaves "" "$(cat /sys/class/net/b1/bonding/slaves)"
ip link set b1 nomaster
ip link add link b0 name b0.7 type vlan id 7 2>/dev/null &&
	refuse refuse-own-vlan EBUSY "loop" b0.7
ip link del b0.7 2>/dev/null
ip link set v0 up
refuse refuse-admin-up EPERM "can not be enslaved while up" v0
ip link set v0 down
ip link add br0 type bridge
refuse refuse-bridge EPERM "master device" br0
ip link del br0
if ip link add nlm0 type nlmon 2>/dev/null; then
	refuse refuse-non-ether-in-rr EOPNOTSUPP "only be enslaved in active-backup" nlm0
	ip link set b0 down
	sysfs_write $S/mode active-backup
	check non-ether-in-ab sysfs_write $S/slaves +nlm0
	check_eq non-ether-bond-type 824 "$(cat /sys/class/net/b0/type)"
	check non-ether-release sysfs_write $S/slaves -nlm0
	check_eq non-ether-back-to-ether 1 "$(cat /sys/class/net/b0/type)"
	check non-ether-flags-kept sh -c "ip -o link show b0 | grep -q MASTER"
	ip link del nlm0
else
	skip refuse-non-ether "no nlmon"
fi
check_eq refuse-release-non-slave EINVAL "$(errno_of sysfs_write $S/slaves -v2)"
check_eq refuse-release-unknown ENODEV "$(errno_of sysfs_write $S/slaves -nosuch)"
check_eq refuse-bad-syntax EPERM "$(errno_of sysfs_write $S/slaves v2)"
check_eq refuse-unknown-device ENODEV "$(errno_of sysfs_write $S/slaves +nosuch)"
# the same refusals through the other doors
check_fail ip-refuses-itself ip link set b0 master b0
out=$(ip link set lo master b0 2>&1)
check ip-refusal-has-message sh -c "echo '$out' | grep -qi 'loopback'"
check_fail ioctl-refuses-loopback "$IFENSLAVE" -f b0 lo
check_eq nothing-enslaved "" "$(slaves)"

# --- the bond's address lists are on slaves only while it is up -----------
# Unregistering flushes the bond's lists before it releases the slaves:
# whatever is still synced to a slave then stays on it for good.
UC=02:00:00:12:34:56 SLOW=01:80:c2:00:00:02
on_slaves() { bridge fdb show dev dx1; bridge fdb show dev dx2; }
uc_on_slaves() { on_slaves | grep -q "^$UC "; }
uc_anywhere() { bridge fdb show | grep -q "^$UC "; }
for m in active-backup 802.3ad; do
	ip link add dx1 type dummy
	ip link add dx2 type dummy
	ip link add bx0 up type bond mode $m
	ip link set dx1 master bx0
	ip link set dx2 master bx0
	ip link add mvx0 link bx0 up address $UC type macvlan
	check uc-$m-on-slave uc_on_slaves
	ip link set bx0 down
	check_fail uc-$m-taken-back-on-down uc_on_slaves
	ip link set bx0 up
	check uc-$m-given-back-on-up uc_on_slaves
	ip link set bx0 down
	ip link del bx0
	check_fail uc-$m-gone-after-del-while-down uc_anywhere
	ip link del dx1
	ip link del dx2
done
ip link add dx1 type dummy
ip link add bx0 type bond mode 802.3ad
ip link set dx1 master bx0
check_fail lacp-mc-not-while-down has_maddr dx1 $SLOW
ip link set bx0 up
check lacp-mc-on-up has_maddr dx1 $SLOW
ip link set bx0 down
check_fail lacp-mc-taken-back-on-down has_maddr dx1 $SLOW
ip link set bx0 up
ip link set dx1 nomaster
check_fail lacp-mc-gone-after-release has_maddr dx1 $SLOW
ip link del bx0
ip link del dx1
finish
