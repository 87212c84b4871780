#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Test module parameters as distro documentation uses them: "modprobe
# bonding mode=1 miimon=100", mode by name, max_bonds=3 with every bond
# taking the parameters, an /etc/modprobe.d options file, and bad values,
# which either fail the load or are reset with a warning exactly as the
# stock module does them (differential).
. "$(dirname "$0")/lib.sh"
S=/sys/class/net/bond0/bonding

bond_load max_bonds=1 mode=1 miimon=100
check_eq mode-number "active-backup 1" "$(cat $S/mode)"
check_eq miimon "100" "$(cat $S/miimon)"
bond_unload

bond_load max_bonds=1 mode=active-backup miimon=100
check_eq mode-name "active-backup 1" "$(cat $S/mode)"
bond_unload

bond_load max_bonds=3 mode=balance-xor xmit_hash_policy=layer3+4 \
	miimon=100 updelay=250 downdelay=300
check_eq max-bonds-3 "bond0 bond1 bond2" "$(cat /sys/class/net/bonding_masters)"
for b in bond0 bond1 bond2; do
	s=/sys/class/net/$b/bonding
	check_eq "$b-mode" "balance-xor 2" "$(cat $s/mode)"
	check_eq "$b-xmit-hash" "layer3+4 1" "$(cat $s/xmit_hash_policy)"
	check_eq "$b-updelay-rounded" 200 "$(cat $s/updelay)"
	check_eq "$b-downdelay" 300 "$(cat $s/downdelay)"
done
# bonds created later take the same defaults
ip link add bond9 type bond
check_eq later-bond-mode "balance-xor 2" "$(cat /sys/class/net/bond9/bonding/mode)"
echo +bond8 >/sys/class/net/bonding_masters
check_eq masters-bond-mode "balance-xor 2" "$(cat /sys/class/net/bond8/bonding/mode)"
bond_unload

# an options file, after Debian's systemd.conf (max_bonds=0) in order
conf=/etc/modprobe.d/zz-bonding-test.conf
echo "options bonding max_bonds=2 mode=802.3ad lacp_rate=fast" >$conf
if modprobe bonding 2>/dev/null; then
	check_eq conf-file-bonds "bond0 bond1" "$(cat /sys/class/net/bonding_masters)"
	check_eq conf-file-lacp "fast 1" "$(cat $S/lacp_rate)"
	bond_unload
else
	echo "options bonding max_bonds=2 mode=balance-alb" >$conf
	modprobe bonding 2>/dev/null &&
		fail conf-file "mode not yet available still loaded"
	echo "options bonding max_bonds=2 mode=active-backup miimon=200 num_grat_arp=4" >$conf
	check conf-file-load modprobe bonding
	check_eq conf-file-bonds "bond0 bond1" "$(cat /sys/class/net/bonding_masters)"
	check_eq conf-file-mode "active-backup 1" "$(cat $S/mode)"
	check_eq conf-file-miimon 200 "$(cat $S/miimon)"
	check_eq conf-file-grat-arp 4 "$(cat $S/num_grat_arp)"
	bond_unload
fi
rm -f $conf

# only num_grat_arp and num_unsol_na are visible (and writable) at runtime
bond_load max_bonds=0
check_eq sysfs-params "num_grat_arp num_unsol_na" "$(ls /sys/module/bonding/parameters | xargs)"
echo 7 >/sys/module/bonding/parameters/num_grat_arp
ip link add bondx type bond
check_eq runtime-param-new-bond 7 "$(cat /sys/class/net/bondx/bonding/num_grat_arp)"
bond_unload

# bad and odd values: load or not, and what the first bond gets, like stock
cat >/tmp/modparams-scenario.sh <<'EOS'
. "$BT_LIB_DIR/lib.sh"
S=/sys/class/net/bond0/bonding
rmmod bonding 2>/dev/null
ko=${DIFF_KO:?}
for p in "mode=9" "mode=foo" "mode=balance-xor xmit_hash_policy=foo" \
	"xmit_hash_policy=5" "miimon=-1" "miimon=100 updelay=-5 downdelay=150" \
	"updelay=200" "mode=1 arp_interval=100 arp_ip_target=192.0.2.1,192.0.2.1,192.0.2.2" \
	"arp_interval=100" "arp_interval=100 arp_ip_target=0.0.0.0" \
	"arp_validate=1" "arp_interval=200 arp_ip_target=192.0.2.9 arp_validate=all" \
	"arp_interval=200 arp_ip_target=192.0.2.9 arp_all_targets=bad" \
	"miimon=100 arp_interval=100 arp_ip_target=192.0.2.1" \
	"fail_over_mac=2" "fail_over_mac=9" "mode=1 primary=eth0 primary_reselect=2" \
	"primary_reselect=9" "mode=1 primary=eth0 primary_reselect=9" \
	"lacp_rate=fast" "lacp_rate=9" "ad_select=bandwidth" "ad_select=9" \
	"num_grat_arp=300" "num_unsol_na=9" "use_carrier=0" "use_carrier=5" \
	"all_slaves_active=1" "all_slaves_active=3" "resend_igmp=300" \
	"packets_per_slave=0" "packets_per_slave=70000" "lp_interval=0" \
	"min_links=3" "tx_queues=0" "tx_queues=300" "max_bonds=-3"; do
	# shellcheck disable=SC2086
	if insmod "$ko" max_bonds=1 $p 2>/dev/null; then
		echo "$p: loaded: $(cat /sys/class/net/bonding_masters)"
		for f in mode miimon updelay downdelay arp_interval arp_ip_target \
			arp_validate arp_all_targets xmit_hash_policy fail_over_mac \
			primary_reselect lacp_rate ad_select num_grat_arp use_carrier \
			all_slaves_active resend_igmp packets_per_slave lp_interval \
			min_links; do
			[ -e $S/$f ] && printf ' %s=%s' $f "$(cat $S/$f)"
		done
		echo
		[ -d /sys/class/net/bond0 ] &&
			echo " queues $(ls -d /sys/class/net/bond0/queues/tx-* | wc -l)"
		rmmod bonding
	else
		echo "$p: refused"
	fi
done
EOS
check_differential bad-values-like-stock /tmp/modparams-scenario.sh
finish
