#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Make sure bookworm-backports is in the apt sources (for the 6.12 kernel
# and tools) and that the package lists are fresh enough to resolve
# kernel packages. Idempotent; needs root only when it changes something.
set -e

list=/etc/apt/sources.list.d/bonding-backports.list
stamp=/var/lib/apt/periodic/bonding-update-stamp

if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
	[ "$(id -u)" = 0 ] || { echo "apt-sources: need root to add bookworm-backports" >&2; exit 1; }
	echo 'deb http://deb.debian.org/debian bookworm-backports main' >"$list"
	rm -f "$stamp"
fi

# refresh once a day at most
if [ "$(id -u)" = 0 ] && [ -z "$(find "$stamp" -mmin -1440 2>/dev/null)" ]; then
	apt-get update -q >/dev/null 2>&1 || apt-get update -q >&2
	mkdir -p "$(dirname "$stamp")"
	touch "$stamp"
fi
