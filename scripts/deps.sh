#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages a make target needs, only when missing.
# usage: deps.sh PKG...   (a PKG may be "headers:KVER" for kernel headers)
set -e

want=()
for p in "$@"; do
	case "$p" in
	headers:*)
		k=${p#headers:}
		[ -f "/usr/src/linux-headers-$k/Makefile" ] || want+=("linux-headers-$k")
		;;
	*)
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed' || want+=("$p")
		;;
	esac
done
[ ${#want[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "deps: missing packages: ${want[*]}" >&2
	echo "deps: run as root (or install them) so they can be apt-get installed" >&2
	exit 1
fi

"$(dirname "$0")/apt-sources.sh"
echo "deps: installing ${want[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# Guest packages are installed on the host, and some (network-manager,
# ifupdown, prometheus-node-exporter) would start their service on it.
# invoke-rc.d and deb-systemd-invoke ask policy-rc.d first; 101 means
# "action forbidden". Put one in place for the install unless the host
# has its own (Docker images ship one that also exits 101).
policy=/usr/sbin/policy-rc.d
if [ ! -e $policy ]; then
	printf '#!/bin/sh\n# deps.sh: no service starts during the install\nexit 101\n' >$policy
	chmod 755 $policy
	trap 'rm -f $policy' EXIT
fi
if ! apt-get install -y -q --no-install-recommends "${want[@]}" >/tmp/deps-apt.log 2>&1; then
	apt-get update -q >/dev/null
	apt-get install -y -q --no-install-recommends "${want[@]}" >/tmp/deps-apt.log 2>&1 || {
		tail -20 /tmp/deps-apt.log >&2
		exit 1
	}
fi
