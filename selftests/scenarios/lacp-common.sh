# SPDX-License-Identifier: GPL-2.0
# Helpers shared by lacp.sh and the lacp-proc.sh scenario (sourced after
# lib.sh): a peer namespace joined by veth pairs, a teamd lacp partner in
# it, one of our 802.3ad bonds (b0) on this side, and their states.

IP_OURS=192.0.2.1
IP_PEER=192.0.2.2
S=/sys/class/net/b0/bonding

ad_state() { cat /sys/class/net/$1/bonding_slave/ad_actor_oper_port_state; }
ad_agg() { cat /sys/class/net/$1/bonding_slave/ad_aggregator_id; }

# ours_cd N: N slaves of b0 collecting+distributing in the one aggregator
# that /proc reports active with N ports.
ours_cd() {
	local n=$1 s ids= cnt=0 agg
	agg=$(cat $S/ad_aggregator)
	for s in $(cat $S/slaves); do
		[ $(($(ad_state "$s") & 0x30)) = 48 ] || continue
		[ "$(ad_agg "$s")" = "$agg" ] || continue
		cnt=$((cnt + 1))
	done
	[ "$cnt" = "$n" ] && [ "$(cat $S/ad_num_ports)" = "$n" ] &&
		grep -q "Number of ports: $n\$" /proc/net/bonding/b0
}

# team_sel N: teamd has N ports selected, all in one aggregator.
team_sel() {
	ip netns exec peer teamdctl team0 state dump 2>/dev/null | python3 -c '
import json, sys
d = json.load(sys.stdin)
ids = set(); n = 0
for name, p in d.get("ports", {}).items():
    r = p.get("runner", {})
    if r.get("selected"):
        n += 1
        ids.add(r.get("aggregator", {}).get("id"))
sys.exit(0 if n == int(sys.argv[1]) and len(ids) == 1 else 1)
' "$1"
}

team_dump() { ip netns exec peer teamdctl team0 state dump 2>&1 | head -80; }

team_start() {	# NPORTS FAST(true|false) ACTIVE(true|false)
	local n=$1 i ports=
	for ((i = 0; i < n; i++)); do
		ports="$ports${ports:+,}\"p$i\":{}"
	done
	cat >/tmp/team0.conf <<-EOF
	{"device":"team0","runner":{"name":"lacp","active":$3,"fast_rate":$2,
	 "tx_hash":["eth","ipv4","ipv6"]},"link_watch":{"name":"ethtool"},
	 "ports":{$ports}}
	EOF
	for ((i = 0; i < n; i++)); do
		ip -n peer link set p$i down
	done
	ip netns exec peer teamd -d -U -f /tmp/team0.conf >/tmp/teamd.log 2>&1 ||
		return 1
	wait_for 10 ip -n peer link show team0 || return 1
	ip -n peer link set team0 up
	ip -n peer addr add $IP_PEER/24 dev team0
	for ((i = 0; i < n; i++)); do
		ip -n peer link set p$i up
	done
}

team_stop() {
	ip netns exec peer teamd -k -t team0 >/dev/null 2>&1
	wait_for 10 sh -c "! ip -n peer link show team0" 2>/dev/null
	ip -n peer link del team0 2>/dev/null
}

BONDNL="python3 $BT_LIB_DIR/tools/bondnl.py"

bond_make() {	# NPORTS OPTIONS... (lacp_strict V goes over bondnl.py)
	local n=$1 i opts=() strict=
	shift
	while [ $# -gt 0 ]; do
		if [ "$1" = lacp_strict ]; then
			strict=$2
		else
			opts+=("$1" "$2")
		fi
		shift 2
	done
	ip link add b0 type bond mode 802.3ad miimon 100 "${opts[@]}" || return 1
	[ -z "$strict" ] || $BONDNL set b0 lacp_strict="$strict" || return 1
	for ((i = 0; i < n; i++)); do
		ip link set v$i master b0 || return 1
	done
	ip link set b0 up
	ip addr add $IP_OURS/24 dev b0
}

topo() {	# NPORTS: fresh peer namespace and N veth pairs
	local i
	ns_cleanup
	ip link del b0 2>/dev/null
	ns_add peer
	for ((i = 0; i < $1; i++)); do
		ip link del v$i 2>/dev/null
		veth v$i p$i peer
	done
}

tx_of() { cat /sys/class/net/$1/statistics/tx_packets; }

# spread: 256 UDP flows (layer3+4) leave on every slave, none idle
spread() {
	local s before=() i=0 port min
	for s in $(cat $S/slaves); do before+=("$(tx_of "$s")"); done
	for port in $(seq 20000 20255); do
		echo x >/dev/udp/$IP_PEER/$port
	done 2>/dev/null
	sleep 0.5
	min=$((256 / $(cat $S/slaves | wc -w) / 4))
	for s in $(cat $S/slaves); do
		local d=$(($(tx_of "$s") - before[i]))
		echo "$s: $d"
		[ "$d" -ge "$min" ] || return 1
		i=$((i + 1))
	done
}

pings() { ping -c "${1:-3}" -i 0.2 -W 2 -q $IP_PEER >/dev/null; }

