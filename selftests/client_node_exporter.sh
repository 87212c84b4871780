#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Prometheus' node_exporter (Debian's prometheus-node-exporter) with only
# its bonding collector, which reads /sys/class/net/bonding_masters,
# <bond>/bonding/slaves and each slave's bonding_slave/mii_status:
# node_bonding_slaves and node_bonding_active for an active-backup bond
# and a balance-xor one, before and after a cable pull (the far end of a
# slave goes down: active drops by one, slaves stays), and after a third
# slave is enslaved and the bond deleted.
. "$(dirname "$0")/lib.sh"

NE=/usr/bin/prometheus-node-exporter
PORT=19176
URL=http://127.0.0.1:$PORT/metrics

if [ ! -x $NE ]; then
	skip all "prometheus-node-exporter (Debian package) not installed"
	finish
fi

# metric NAME MASTER: the value in a fresh scrape, "none" when absent
metric() {
	curl -s --max-time 10 $URL >/tmp/ne.metrics || { echo "scrape-failed"; return; }
	awk -v m="$1{master=\"$2\"}" '$1 == m { print $2; f = 1 } END { if (!f) print "none" }' \
		/tmp/ne.metrics
}
metric_is() { [ "$(metric "$1" "$2")" = "$3" ]; }
mii_is() { [ "$(cat "/sys/class/net/$1/bonding_slave/mii_status")" = "$2" ]; }

bond_load max_bonds=0
ns_add peer
for i in 0 1 2 3 4; do veth v$i p$i peer; done
ip link add bond0 type bond mode active-backup miimon 100
ip link add bond1 type bond mode balance-xor miimon 100
ip link set v0 master bond0
ip link set v1 master bond0
ip link set v2 master bond1
ip link set v3 master bond1
ip link set bond0 up
ip link set bond1 up
wait_for 5 mii_is v1 up
wait_for 5 mii_is v3 up

$NE --collector.disable-defaults --collector.bonding \
	--web.listen-address=127.0.0.1:$PORT >/tmp/ne.log 2>&1 &
nepid=$!
if ! wait_for 30 curl -s --max-time 5 -o /dev/null $URL; then
	fail start "node_exporter does not answer on $URL: $(tail -3 /tmp/ne.log)"
	kill $nepid
	finish
fi
pass start
check_eq collector-success 1 \
	"$(curl -s $URL | awk '$1 == "node_scrape_collector_success{collector=\"bonding\"}" { print $2 }')"

check_eq ab/slaves 2 "$(metric node_bonding_slaves bond0)"
check_eq ab/active 2 "$(metric node_bonding_active bond0)"
check_eq xor/slaves 2 "$(metric node_bonding_slaves bond1)"
check_eq xor/active 2 "$(metric node_bonding_active bond1)"

# cable pulls: the backup of bond0, a member of bond1
ip -n peer link set p1 down
ip -n peer link set p3 down
wait_for 5 mii_is v1 down
wait_for 5 mii_is v3 down
check_eq ab/pull/slaves 2 "$(metric node_bonding_slaves bond0)"
check_eq ab/pull/active 1 "$(metric node_bonding_active bond0)"
check_eq xor/pull/slaves 2 "$(metric node_bonding_slaves bond1)"
check_eq xor/pull/active 1 "$(metric node_bonding_active bond1)"

# and the active slave of bond0 too: nothing left up
ip -n peer link set p0 down
wait_for 5 mii_is v0 down
check_eq ab/all-down/active 0 "$(metric node_bonding_active bond0)"

ip -n peer link set p0 up
ip -n peer link set p1 up
ip link set v4 master bond0
wait_for 5 mii_is v0 up
wait_for 5 mii_is v1 up
wait_for 5 mii_is v4 up
check_eq ab/three/slaves 3 "$(metric node_bonding_slaves bond0)"
check_eq ab/three/active 3 "$(metric node_bonding_active bond0)"

ip link del bond1
check_eq deleted/slaves none "$(metric node_bonding_slaves bond1)"
check_eq deleted/other-stays 3 "$(metric node_bonding_slaves bond0)"

kill $nepid
wait $nepid 2>/dev/null
ip link del bond0
finish
