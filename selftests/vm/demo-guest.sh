#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The demo, inside the guest:
#
#   [ bond0 192.0.2.1 ]                         netns "peer"
#     |-- v0 ===== veth ===== p0 --|
#     `-- v1 ===== veth ===== p1 --+-- br0 192.0.2.2
#
# bond0 is active-backup with miimon 100. Ping the peer, pull the active
# link's far end, and show /proc/net/bonding/bond0 before and after while
# the ping keeps answering. Each step names the piece that is missing when
# it cannot go on.
. "$(dirname "$0")/../lib.sh"

step() { printf '\n=== %s\n' "$*"; }
run() { echo "# $*"; "$@"; }
stop() {
	printf '\ndemo: stopped: %s\n' "$*"
	exit 1
}

step "Load our bonding module"
modprobe bonding max_bonds=0 || stop "modprobe bonding failed"
module_is_ours || stop "the loaded bonding module is not the one built here"
echo "bonding $(cat /sys/module/bonding/version 2>/dev/null) srcversion $(cat /sys/module/bonding/srcversion) from $(modinfo -n bonding)"

step "Topology: a bridge in namespace 'peer', two veth links to it"
ip netns add peer
ip -n peer link set lo up
ip -n peer link add br0 type bridge
ip -n peer link set br0 up
for i in 0 1; do
	ip link add v$i type veth peer name p$i netns peer
	ip -n peer link set p$i master br0
	ip -n peer link set p$i up
done
ip -n peer addr add 192.0.2.2/24 dev br0

step "Create bond0: active-backup, miimon 100"
run ip link add bond0 type bond mode active-backup miimon 100 ||
	stop "the bond cannot be created with options (the option engine, issue #3)"
mode=$(cat /sys/class/net/bond0/bonding/mode 2>/dev/null)
[ "$mode" = "active-backup 1" ] ||
	stop "mode active-backup was not applied (read '${mode:-no bonding/mode file}'): the option engine (issue #3) has not landed"

step "Enslave v0 and v1"
run ip link set v0 master bond0 && run ip link set v1 master bond0 ||
	stop "enslaving failed: enslave/release (issue #3) has not landed"
run ip link set bond0 up
run ip addr add 192.0.2.1/24 dev bond0

step "Ping the peer"
wait_for 5 ping -c1 -W1 192.0.2.2 ||
	stop "no reply from the peer: the active-backup data path (issue #4) has not landed"
run ping -c 3 -i 0.2 192.0.2.2

step "/proc/net/bonding/bond0 before"
cat /proc/net/bonding/bond0
active=$(cat /sys/class/net/bond0/bonding/active_slave)
[ -n "$active" ] || stop "no active slave: active-backup (issue #4) has not landed"

step "Pull the cable: take ${active/v/p} (the far end of active $active) down"
ping -i 0.1 -c 60 192.0.2.2 >/tmp/ping.log 2>&1 &
pid=$!
sleep 1
run ip -n peer link set "${active/v/p}" down
sleep 2
new=$(cat /sys/class/net/bond0/bonding/active_slave)
wait $pid

step "/proc/net/bonding/bond0 after"
cat /proc/net/bonding/bond0

step "Ping during the failover"
tail -3 /tmp/ping.log
[ -n "$new" ] && [ "$new" != "$active" ] ||
	stop "no failover to the backup: the MII monitor (issue #5) has not landed"
ping -c 3 -W 1 192.0.2.2 >/dev/null ||
	stop "the peer stopped answering after the failover"
printf '\ndemo: active slave moved from %s to %s and the peer still answers\n' "$active" "$new"
