#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Test the bond under other devices and in other places:
#   - a VLAN on the bond passes traffic (tagged frames reach the peer's
#     VLAN, the answers come back);
#   - the bond as a bridge port passes traffic;
#   - a bond created and used inside a network namespace;
#   - netconsole over an active-backup bond delivers a kernel message to a
#     listener in the peer namespace, also after a failover.
#
#   b0 (active-backup) -- v0 ===== p0 --+-- br0 192.0.2.2, br0.10 10.10.0.2
#                      -- v1 ===== p1 --+   (netns "peer")
. "$(dirname "$0")/lib.sh"

bond_load max_bonds=0
ns_add peer
ip -n peer link add br0 type bridge stp_state 0 forward_delay 0
for i in 0 1; do
	veth v$i p$i peer
	ip -n peer link set p$i master br0
done
ip -n peer link set br0 up
ip -n peer addr add 192.0.2.2/24 dev br0
ip -n peer link add link br0 name br0.10 type vlan id 10
ip -n peer link set br0.10 up
ip -n peer addr add 10.10.0.2/24 dev br0.10

ip link add b0 type bond mode active-backup miimon 100
ip link set v0 master b0
ip link set v1 master b0
ip link set b0 up
wait_for 5 sh -c '[ -n "$(cat /sys/class/net/b0/bonding/active_slave)" ]'

# VLAN on the bond
check vlan-add ip link add link b0 name b0.10 type vlan id 10
ip link set b0.10 up
ip addr add 10.10.0.1/24 dev b0.10
check vlan-ping wait_for 10 ping -c1 -W1 10.10.0.2
check vlan-tagged-on-wire sh -c "ip netns exec peer timeout 3 tcpdump -c1 -nei p0 -Q in vlan 10 2>/dev/null | grep -q 'vlan 10' &
	sleep 0.5; ping -c3 -i0.2 -W1 10.10.0.2 >/dev/null; wait"
ip link del b0.10

# the bond as a bridge port
ip link add brx type bridge stp_state 0 forward_delay 0
check bridge-port ip link set b0 master brx
ip link set brx up
ip addr add 192.0.2.1/24 dev brx
check bridge-ping wait_for 10 ping -c1 -W1 192.0.2.2
check bridge-ping-steady ping -c5 -i0.2 -W1 192.0.2.2
ip link set b0 nomaster
ip link del brx

# netconsole over an active-backup bond of dummies: the frames go out the
# active slave's netpoll and, after a failover, the new active's. The
# dummies deliver nowhere, so this counts what they transmit; it runs on
# every kernel, the debug kernel's lockdep and KASAN included.
netconsole_dummies() {
	local act new t0 n0 old
	ip link add d0 type dummy
	ip link add d1 type dummy
	ip link add b1 type bond mode active-backup miimon 100
	ip link set d0 master b1
	ip link set d1 master b1
	ip link set b1 up
	ip addr add 198.51.100.1/24 dev b1
	wait_for 5 sh -c '[ -n "$(cat /sys/class/net/b1/bonding/active_slave)" ]'
	mkdir $nc/bd
	echo b1 >$nc/bd/dev_name
	echo 198.51.100.1 >$nc/bd/local_ip
	echo 198.51.100.2 >$nc/bd/remote_ip
	echo 6666 >$nc/bd/remote_port
	echo 02:00:00:00:00:01 >$nc/bd/remote_mac
	if echo 1 >$nc/bd/enabled; then
		old=$(cat /proc/sys/kernel/printk)
		echo 8 >/proc/sys/kernel/printk
		act=$(cat /sys/class/net/b1/bonding/active_slave)
		t0=$(cat /sys/class/net/"$act"/statistics/tx_packets)
		echo "bt-netconsole-dummy-1" >/dev/kmsg
		check netconsole-dummy-active-sends \
			wait_for 5 sh -c "[ \$(cat /sys/class/net/$act/statistics/tx_packets) -gt $t0 ]"
		ip link set "$act" down
		wait_for 5 sh -c "[ \"\$(cat /sys/class/net/b1/bonding/active_slave)\" != $act ]"
		new=$(cat /sys/class/net/b1/bonding/active_slave)
		n0=$(cat /sys/class/net/"$new"/statistics/tx_packets 2>/dev/null || echo 0)
		echo "bt-netconsole-dummy-2" >/dev/kmsg
		check netconsole-dummy-new-active-sends \
			wait_for 5 sh -c "[ -n '$new' ] && [ \$(cat /sys/class/net/$new/statistics/tx_packets) -gt $n0 ]"
		echo "$old" >/proc/sys/kernel/printk
		echo 0 >$nc/bd/enabled
	else
		fail netconsole-dummy-enable "cannot enable netconsole on b1"
	fi
	rmdir $nc/bd
	ip link del b1
	ip link del d0
	ip link del d1
}

# netconsole over the bond
ip addr add 192.0.2.1/24 dev b0
wait_for 10 ping -c1 -W1 192.0.2.2
peer_mac=$(ip netns exec peer cat /sys/class/net/br0/address)
nc=/sys/kernel/config/netconsole
if modprobe netconsole 2>/dev/null && [ -d $nc ]; then
	if [ -e /proc/lockdep ]; then
		# netconsole on a plain veth, no bond, trips the same
		# assertion: veth's netpoll transmit calls __netif_rx outside
		# softirq context (kernel 6.1). The dummies below cover our
		# netpoll path on such a kernel.
		skip netconsole-delivers "veth under netpoll trips lockdep_assert in __netif_rx (the kernel's, with or without a bond)"
	else
		mkdir $nc/bt
		echo b0 >$nc/bt/dev_name
		echo 192.0.2.1 >$nc/bt/local_ip
		echo 192.0.2.2 >$nc/bt/remote_ip
		echo 6666 >$nc/bt/remote_port
		echo "$peer_mac" >$nc/bt/remote_mac
		if echo 1 >$nc/bt/enabled; then
			rm -f /tmp/nc.ready
			ip netns exec peer timeout 30 python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 6666))
s.settimeout(10)
open("/tmp/nc.ready", "w").close()
got = set()
try:
    while len(got) < 2:
        d = s.recv(4096).decode(errors="replace")
        for tag in ("bt-netconsole-1", "bt-netconsole-2"):
            if tag in d:
                got.add(tag)
except socket.timeout:
    pass
print(" ".join(sorted(got)))
' >/tmp/nc.out &
			lpid=$!
			wait_for 20 test -e /tmp/nc.ready
			old=$(cat /proc/sys/kernel/printk)
			echo 8 >/proc/sys/kernel/printk
			echo "bt-netconsole-1" >/dev/kmsg
			act=$(cat /sys/class/net/b0/bonding/active_slave)
			ip -n peer link set "${act/v/p}" down
			wait_for 5 sh -c "[ \"\$(cat /sys/class/net/b0/bonding/active_slave)\" != $act ]"
			sleep 0.5
			echo "bt-netconsole-2" >/dev/kmsg
			echo "$old" >/proc/sys/kernel/printk
			wait $lpid
			check_eq netconsole-delivers "bt-netconsole-1 bt-netconsole-2" "$(cat /tmp/nc.out)"
			ip -n peer link set "${act/v/p}" up
			echo 0 >$nc/bt/enabled
		else
			fail netconsole-enable "cannot enable netconsole on b0"
		fi
		rmdir $nc/bt
	fi
	netconsole_dummies
	rmmod netconsole
else
	skip netconsole "no netconsole with configfs"
fi
ip link del b0

# a bond inside a namespace
ns_add dut
ip link add w0 type veth peer name q0
ip link set q0 netns peer
ip -n peer link set q0 master br0
ip -n peer link set q0 up
ip link set w0 netns dut
check netns-create ip -n dut link add nb0 type bond mode balance-rr miimon 100
check netns-enslave ip -n dut link set w0 master nb0
ip -n dut link set nb0 up
ip -n dut addr add 192.0.2.3/24 dev nb0
check netns-ping wait_for 10 ip netns exec dut ping -c1 -W1 192.0.2.2
check netns-proc ip netns exec dut grep -q "Slave Interface: w0" /proc/net/bonding/nb0
finish
