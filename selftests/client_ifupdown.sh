#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Debian's ifupdown with the ifenslave package's hooks (/etc/network/
# if-pre-up.d/ifenslave and friends) brings up an active-backup bond from
# a private interfaces file (ifup -i FILE --state-dir DIR, so nothing of
# the machine's own configuration takes part):
#
#   [ bond0 192.0.2.1 ]                      netns "peer"
#     |-- v0 ===== veth ===== p0 --+
#     `-- v1 ===== veth ===== p1 --+-- br0 192.0.2.2
#
# Two styles: the bond-* options the hooks turn into sysfs writes, and the
# old one (ifupdown runs commands with its own PATH: a full path), "pre-up modprobe bonding mode=1 miimon=100" with "up ifenslave
# bond0 v0 v1" (our tools/ifenslave: Debian's package no longer ships the
# binary). Each asserts mode, miimon, primary, slaves, the active slave, a
# ping through the bond, a failover on a cable pull and what ifdown leaves
# behind. The first also runs with the stock module, which must leave the
# same (the second only with ours: a stock run costs a minute of TCG).
. "$(dirname "$0")/lib.sh"

IFENSLAVE=$(cd "$BT_LIB_DIR/../tools/ifenslave" && pwd)/ifenslave
B=/sys/class/net/bond0/bonding
st=/tmp/client_ifupdown
times=/tmp/client_ifupdown.times
tick() { echo "$(date +%s.%N | cut -c1-14) $style $*" >>$times; }
active_is() { [ "$(cat $B/active_slave 2>/dev/null)" = "$1" ]; }

if ! command -v ifup >/dev/null || [ ! -x /etc/network/if-pre-up.d/ifenslave ]; then
	skip all "ifupdown or ifenslave (Debian packages) not installed"
	finish
fi
if [ ! -x "$IFENSLAVE" ]; then
	fail build "no tools/ifenslave/ifenslave (make tools)"
	finish
fi

topology() { peer_bridge; }

# observe: what the bond looks like, one "key=value" line each
observe() {
	local f
	if [ ! -d $B ]; then
		echo "bond0=absent"
		return
	fi
	for f in mode miimon primary slaves active_slave; do
		echo "$f=$(cat $B/$f)"
	done
	echo "operstate=$(cat /sys/class/net/bond0/operstate)"
}

released() {	# v0 and v1 exist and have no master
	local i
	for i in 0 1; do
		[ -d /sys/class/net/v$i ] || { echo "v$i=gone"; continue; }
		if [ -e /sys/class/net/v$i/master ]; then
			echo "v$i=enslaved"
		else
			echo "v$i=released"
		fi
	done
}

# scenario STYLE: ifup, observe, ping, pull v0's cable, ifdown; prints
# what it saw (the same lines for the stock module and ours).
scenario() {
	local style=$1
	rm -rf $st
	mkdir -p $st/state
	case $style in
	bond-options)
		cat >$st/interfaces <<-EOF
		iface bond0 inet static
			address 192.0.2.1/24
			bond-mode active-backup
			bond-miimon 100
			bond-slaves v0 v1
			bond-primary v0
		EOF
		;;
	old-style)
		# max_bonds=1: Debian's systemd sets max_bonds=0 in
		# /lib/modprobe.d/systemd.conf, which would leave no bond0
		cat >$st/interfaces <<-EOF
		iface bond0 inet static
			address 192.0.2.1/24
			pre-up modprobe bonding mode=1 miimon=100 max_bonds=1
			up $IFENSLAVE bond0 v0 v1
			down $IFENSLAVE -d bond0 v0 v1
		EOF
		;;
	esac
	topology
	tick ifup
	if ifup -i $st/interfaces --state-dir $st/state bond0 >$st/ifup.log 2>&1; then
		echo "ifup=ok"
	else
		echo "ifup=failed"
		sed 's/^/ifup: /' $st/ifup.log
	fi
	tick wait-active
	wait_for 5 active_is v0
	tick observe
	observe
	if ping -c1 -W2 -q 192.0.2.2 >/dev/null 2>&1; then echo "ping=ok"; else echo "ping=lost"; fi
	tick pull
	ip -n peer link set p0 down
	wait_for 5 active_is v1
	echo "after-pull active_slave=$(cat $B/active_slave 2>/dev/null)"
	if ping -c1 -W2 -q 192.0.2.2 >/dev/null 2>&1; then echo "after-pull ping=ok"; else echo "after-pull ping=lost"; fi
	ip -n peer link set p0 up
	# without a primary the bond keeps v1: no point waiting long for v0
	if [ "$style" = old-style ]; then sleep 1; else wait_for 5 active_is v0; fi
	echo "after-return active_slave=$(cat $B/active_slave 2>/dev/null)"
	tick ifdown
	if ifdown -i $st/interfaces --state-dir $st/state bond0 >$st/ifdown.log 2>&1; then
		echo "ifdown=ok"
	else
		echo "ifdown=failed"
		sed 's/^/ifdown: /' $st/ifdown.log
	fi
	if [ -d /sys/class/net/bond0 ]; then
		echo "after-ifdown bond0=$(cat /sys/class/net/bond0/operstate)"
	else
		echo "after-ifdown bond0=deleted"
	fi
	released
	tick cleanup
	ns_cleanup
	clean_links
	tick finished
}

# expect STYLE WANTED_LINES...: the scenario with our module, each line
# one case, then the same scenario with stock
run_style() {
	local style=$1 line key got
	shift
	bond_unload >/dev/null 2>&1
	[ "$style" = bond-options ] && bond_load_noconf max_bonds=0
	scenario "$style" >$st.ours 2>&1
	if ! module_is_ours; then
		fail "$style/module" "the bond ran on a module other than ours"
	fi
	for line in "$@"; do
		key=${line%=*}
		got=$(sed -n "s/^$key=//p" $st.ours | head -1)
		check_eq "$style/${key// /:}" "${line#*=}" "$got"
	done
	grep -E '^(ifup|ifdown): ' $st.ours | head -10
	bond_unload >/dev/null 2>&1
	[ "${DIFF:-1}" = 1 ] || return 0
	if [ "$style" = bond-options ]; then
		stock_load max_bonds=0
	else
		stock_load mode=1 miimon=100 max_bonds=1	# what pre-up would load
	fi
	scenario "$style" >$st.stock 2>&1
	bond_unload >/dev/null 2>&1
	rm -f /run/bt/stock-allowed
	if diff -u $st.stock $st.ours >$st.diff; then
		pass "$style/same-as-stock"
	else
		fail "$style/same-as-stock" "(stock and ours differ)"
		sed 's/^/    /' $st.diff | head -30
	fi
	[ -d "${BT_OUT:-}" ] && cp $st.ours $st.stock $times "$BT_OUT/" 2>/dev/null
}

expected=(ifup=ok "mode=active-backup 1" miimon=100 primary=v0
	"slaves=v0 v1" active_slave=v0 operstate=up ping=ok
	"after-pull active_slave=v1" "after-pull ping=ok"
	"after-return active_slave=v0" ifdown=ok)
run_style bond-options "${expected[@]}" "after-ifdown bond0=deleted" \
	v0=released v1=released

# the old style sets no primary; v0 came first and stays active once
# back, as an active-backup bond without primary keeps the current one
expected=("${expected[@]/primary=v0/primary=}")
expected=("${expected[@]/after-return active_slave=v0/after-return active_slave=v1}")
# (the ifenslave package's post-down hook deletes the master either way)
DIFF=0 run_style old-style "${expected[@]}" "after-ifdown bond0=deleted" \
	v0=released v1=released

finish
