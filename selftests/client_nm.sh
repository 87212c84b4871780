#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# NetworkManager builds an active-backup bond from nmcli profiles
# (type bond with bond.options, type ethernet with master bond0 for each
# slave), and takes it down and deletes it again. Asserted through sysfs:
# mode, miimon, primary, slaves, the active slave, the address, a ping
# and a failover; after "nmcli con down" the slaves are released.
#
# The guest's PID 1 is not systemd and there is no udevd. NM runs with
# --no-daemon on a private system dbus-daemon, with a keyfile-only
# configuration under /run, inside a network namespace "nm" holding just
# our veths, so that it can touch nothing else. The whole test runs in
# that namespace (ip netns exec gives it the namespace's own sysfs), in a
# mount namespace where that sysfs is read-only: that is how NM tells it
# has no udev (a container); otherwise it leaves every device it did not
# create itself unmanaged, waiting for udev to initialise it.
. "$(dirname "$0")/lib.sh"

NMDIR=/run/client_nm
log=/tmp/client_nm.NetworkManager.log
B=/sys/class/net/bond0/bonding

if [ "${1:-}" != inner ]; then
	if ! command -v NetworkManager >/dev/null || ! command -v nmcli >/dev/null; then
		skip all "network-manager (Debian package) not installed"
		finish
	fi
	if ! command -v dbus-daemon >/dev/null; then
		skip all "no dbus-daemon (Debian package dbus)"
		finish
	fi
	bond_load_noconf max_bonds=0
	ns_add peer nm
	ip -n peer link add br0 type bridge
	ip -n peer link set br0 up
	ip -n peer addr add 192.0.2.2/24 dev br0
	for i in 0 1; do
		ip -n nm link add v$i type veth peer name p$i netns peer
		ip -n peer link set p$i master br0
		ip -n peer link set p$i up
		# NM leaves a software link (veth) that something else made
		# and that is down unmanaged ("external-down")
		ip -n nm link set v$i up
	done
	mkdir -p /run/dbus
	dbus-daemon --system --fork --print-pid >/tmp/client_nm.dbus.pid ||
		{ fail dbus "dbus-daemon --system does not start"; finish; }
	# shellcheck disable=SC2016 # $0 is for the inner sh
	ip netns exec nm unshare -m sh -c \
		'mount -o bind,remount,ro /sys && exec bash "$0" inner' "$0"
	rc=$?
	kill "$(cat /tmp/client_nm.dbus.pid)" 2>/dev/null
	rm -f /run/dbus/system_bus_socket
	[ -d "${BT_OUT:-}" ] && cp $log "$BT_OUT/client_nm.NetworkManager.log"
	ns_cleanup
	exit $rc
fi

# --- inside netns nm ------------------------------------------------------
sorted() { tr ' ' '\n' | sort | xargs; }
val() { cat "$B/$1" 2>/dev/null; }
active_is() { [ "$(val active_slave)" = "$1" ]; }
slaves_are() { [ "$(sorted <<<"$(val slaves)")" = "$1" ]; }
no_bond_or_no_slaves() { [ ! -d $B ] || [ -z "$(val slaves)" ]; }
nm_running() { nmcli -t -f RUNNING general status | grep -q running; }

rm -rf $NMDIR
mkdir -p $NMDIR/conn $NMDIR/confd
cat >$NMDIR/NetworkManager.conf <<'EOF2'
[main]
plugins=keyfile
no-auto-default=*
dhcp=internal

[keyfile]
path=/run/client_nm/conn

[logging]
level=INFO
EOF2
t0=$SECONDS
NetworkManager --no-daemon --debug --config=$NMDIR/NetworkManager.conf \
	--config-dir=$NMDIR/confd --state-file=$NMDIR/state \
	--pid-file=$NMDIR/pid >$log 2>&1 &
nmpid=$!
if ! wait_for 60 nm_running; then
	fail start "NetworkManager does not answer: $(tail -2 $log)"
	kill $nmpid
	finish
fi
pass start
echo "NetworkManager up after $((SECONDS - t0)) s"
nmcli dev

check add-bond nmcli con add type bond ifname bond0 con-name bond0 \
	bond.options "mode=active-backup,miimon=100,primary=v0" \
	ipv4.method manual ipv4.addresses 192.0.2.1/24 ipv6.method disabled
check add-slave-v0 nmcli con add type ethernet ifname v0 master bond0 con-name bond0-v0
check add-slave-v1 nmcli con add type ethernet ifname v1 master bond0 con-name bond0-v1
t0=$SECONDS
wait_for 60 slaves_are "v0 v1"
echo "NetworkManager: enslaved after $((SECONDS - t0)) s"
nmcli dev
check_eq mode "active-backup 1" "$(val mode)"
check_eq miimon 100 "$(val miimon)"
check_eq primary v0 "$(val primary)"
check_eq slaves "v0 v1" "$(sorted <<<"$(val slaves)")"
wait_for 10 active_is v0
check_eq active_slave v0 "$(val active_slave)"
wait_for 10 ip -4 -o addr show dev bond0 scope global
check_eq address 192.0.2.1/24 "$(ip -4 -o addr show dev bond0 | awk '{ print $4 }')"
check ping ping -c1 -W5 -q 192.0.2.2
ip -n peer link set p0 down
wait_for 5 active_is v1
check_eq failover v1 "$(val active_slave)"
check ping-after-failover ping -c1 -W5 -q 192.0.2.2
ip -n peer link set p0 up
wait_for 5 active_is v0
check_eq primary-back v0 "$(val active_slave)"

check con-down nmcli con down bond0
wait_for 20 no_bond_or_no_slaves
check_eq down/slaves-released "" "$(val slaves)"
for i in 0 1; do
	check_eq "down/v$i-no-master" "" "$(readlink /sys/class/net/v$i/master)"
done
check con-delete nmcli con delete bond0 bond0-v0 bond0-v1

kill $nmpid
wait $nmpid 2>/dev/null
ip link del bond0 2>/dev/null
finish
