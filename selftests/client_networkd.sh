#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# systemd-networkd creates and configures three bonds from .netdev files
# (Kind=bond, [Bond] section) and enslaves veths from .network files
# (Bond=): active-backup with MIIMonitorSec, PrimaryReselectPolicy,
# UpDelaySec, DownDelaySec and PrimarySlave=; balance-xor with
# TransmitHashPolicy=layer3+4; 802.3ad with LACPTransmitRate=fast,
# AdSelect= and MinLinks=. Every value is asserted through sysfs, then a
# ping and a failover through the active-backup bond.
#
# The guest's PID 1 is not systemd and there is no udevd. networkd runs
# standalone as root (it drops to the systemd-network user itself), in a
# private mount namespace where /sys is read-only: that is how networkd
# tells it is in a container without udev (it otherwise leaves every
# link "pending udev initialization" forever). /etc/systemd/network is
# covered by an empty directory there, so only our files in
# /run/systemd/network count. Without D-Bus it works, only networkctl
# cannot talk to it.
. "$(dirname "$0")/lib.sh"

ND=/lib/systemd/systemd-networkd
NET=/run/systemd/network
log=/tmp/networkd.log

if [ ! -x $ND ]; then
	skip all "no $ND (Debian package systemd)"
	finish
fi
if ! id systemd-network >/dev/null 2>&1; then
	skip all "no systemd-network user"
	finish
fi

sorted() { tr ' ' '\n' | sort | xargs; }
slaves_are() { [ "$(sorted <"/sys/class/net/$1/bonding/slaves" 2>/dev/null)" = "$2" ]; }
active_is() { [ "$(cat /sys/class/net/bond0/bonding/active_slave 2>/dev/null)" = "$1" ]; }
val() { cat "/sys/class/net/$1/bonding/$2" 2>/dev/null; }

bond_load_noconf max_bonds=0
ns_add peer
ip -n peer link add br0 type bridge
ip -n peer link set br0 up
ip -n peer addr add 192.0.2.2/24 dev br0
for i in 0 1 2 3 4 5; do veth v$i p$i peer; done
ip -n peer link set p0 master br0
ip -n peer link set p1 master br0

rm -rf $NET
mkdir -p $NET /run/systemd/netif /tmp/networkd-etc
chown systemd-network:systemd-network /run/systemd/netif
cat >$NET/10-bond0.netdev <<'EOF2'
[NetDev]
Name=bond0
Kind=bond

[Bond]
Mode=active-backup
MIIMonitorSec=100ms
PrimaryReselectPolicy=better
UpDelaySec=200ms
DownDelaySec=300ms
EOF2
cat >$NET/10-bond1.netdev <<'EOF2'
[NetDev]
Name=bond1
Kind=bond

[Bond]
Mode=balance-xor
TransmitHashPolicy=layer3+4
MIIMonitorSec=200ms
EOF2
cat >$NET/10-bond2.netdev <<'EOF2'
[NetDev]
Name=bond2
Kind=bond

[Bond]
Mode=802.3ad
LACPTransmitRate=fast
AdSelect=bandwidth
MinLinks=1
MIIMonitorSec=100ms
EOF2
cat >$NET/20-v0.network <<'EOF2'
[Match]
Name=v0

[Network]
Bond=bond0
PrimarySlave=true
EOF2
cat >$NET/20-v1.network <<'EOF2'
[Match]
Name=v1

[Network]
Bond=bond0
EOF2
cat >$NET/20-xor.network <<'EOF2'
[Match]
Name=v2 v3

[Network]
Bond=bond1
EOF2
cat >$NET/20-lacp.network <<'EOF2'
[Match]
Name=v4 v5

[Network]
Bond=bond2
EOF2
cat >$NET/30-bond0.network <<'EOF2'
[Match]
Name=bond0

[Network]
Address=192.0.2.1/24
LinkLocalAddressing=no
EOF2

t0=$SECONDS
SYSTEMD_LOG_LEVEL=debug unshare -m sh -c "mount -o bind,remount,ro /sys &&
	mount -t tmpfs none /tmp/networkd-etc -o ro &&
	mount --bind /tmp/networkd-etc /etc/systemd/network &&
	exec $ND" >$log 2>&1 &
ndpid=$!
ok=1
wait_for 60 slaves_are bond0 "v0 v1" || ok=
wait_for 20 slaves_are bond1 "v2 v3" || ok=
wait_for 20 slaves_are bond2 "v4 v5" || ok=
echo "networkd: enslaved after $((SECONDS - t0)) s"
[ -d "${BT_OUT:-}" ] && cp $log "$BT_OUT/client_networkd.networkd.log"
if ! kill -0 $ndpid 2>/dev/null; then
	fail start "systemd-networkd exited: $(grep -v '^$' $log | tail -1)"
	finish
fi
if [ -n "$ok" ]; then pass enslaved; else fail enslaved "(timeout: $(echo /sys/class/net/*))"; fi

check_eq ab/mode "active-backup 1" "$(val bond0 mode)"
check_eq ab/miimon 100 "$(val bond0 miimon)"
check_eq ab/primary_reselect "better 1" "$(val bond0 primary_reselect)"
check_eq ab/updelay 200 "$(val bond0 updelay)"
check_eq ab/downdelay 300 "$(val bond0 downdelay)"
check_eq ab/primary v0 "$(val bond0 primary)"
check_eq ab/slaves "v0 v1" "$(sorted <<<"$(val bond0 slaves)")"
wait_for 10 active_is v0
check_eq ab/active_slave v0 "$(val bond0 active_slave)"
wait_for 10 ip -4 -o addr show dev bond0 scope global
check_eq ab/address 192.0.2.1/24 \
	"$(ip -4 -o addr show dev bond0 | awk '{ print $4 }')"
check ab/ping ping -c1 -W5 -q 192.0.2.2
kmsg_mark networkd-pull
ip -n peer link set p0 down
wait_for 5 active_is v1
check_eq ab/failover v1 "$(val bond0 active_slave)"
check ab/ping-after-failover ping -c1 -W5 -q 192.0.2.2
ip -n peer link set p0 up
mii_up() { [ "$(cat /sys/class/net/v0/bonding_slave/mii_status)" = up ]; }
wait_for 5 mii_up
sleep 0.5
check_eq ab/v0-back-up up "$(cat /sys/class/net/v0/bonding_slave/mii_status)"
# primary_reselect=better: v0 (10000 Mb/s full, as v1) is not better, so
# v1 stays active; unless networkd wrote the primary again meanwhile,
# which (as in stock) makes the primary take over once
if kmsg_since networkd-pull | grep -q 'Setting v0 as primary slave'; then
	check_eq ab/better-keeps-v1 v0 "$(val bond0 active_slave)"
else
	check_eq ab/better-keeps-v1 v1 "$(val bond0 active_slave)"
fi

check_eq xor/mode "balance-xor 2" "$(val bond1 mode)"
check_eq xor/xmit_hash_policy "layer3+4 1" "$(val bond1 xmit_hash_policy)"
check_eq xor/miimon 200 "$(val bond1 miimon)"
check_eq xor/slaves "v2 v3" "$(sorted <<<"$(val bond1 slaves)")"

check_eq lacp/mode "802.3ad 4" "$(val bond2 mode)"
check_eq lacp/lacp_rate "fast 1" "$(val bond2 lacp_rate)"
check_eq lacp/ad_select "bandwidth 1" "$(val bond2 ad_select)"
check_eq lacp/min_links 1 "$(val bond2 min_links)"
check_eq lacp/slaves "v4 v5" "$(sorted <<<"$(val bond2 slaves)")"

kill $ndpid
wait $ndpid 2>/dev/null
[ -d "${BT_OUT:-}" ] && cp $log "$BT_OUT/client_networkd.networkd.log"
rm -rf $NET
for b in bond0 bond1 bond2; do ip link del $b 2>/dev/null; done
finish
