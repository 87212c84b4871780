#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Print the newest Debian 12 kernel release of a series whose image and
# headers are both in the archive.
#   kver.sh 6.1   -> e.g. 6.1.0-56-amd64
#   kver.sh 6.12  -> e.g. 6.12.117+deb12-amd64
# A full release (anything that is not a bare series) is printed as is.
set -e
series=${1:-6.1}

case "$series" in
6.1)  re='^6\.1\.0-[0-9]+-amd64$' ;;
6.12) re='^6\.12\.[0-9]+\+(deb12|bpo)(\.[0-9]+)?-amd64$' ;;
*-amd64) echo "$series"; exit 0 ;;
*)    re="^${series//./\\.}[.-].*-amd64\$" ;;
esac

pick() {
	local imgs hdrs
	imgs=$(apt-cache pkgnames linux-image- 2>/dev/null |
		sed -n 's/^linux-image-\(.*-amd64\)\(-unsigned\)\?$/\1/p' | grep -E "$re" | sort -u)
	hdrs=$(apt-cache pkgnames linux-headers- 2>/dev/null |
		sed -n 's/^linux-headers-\(.*-amd64\)$/\1/p' | grep -E "$re" | sort -u)
	comm -12 <(echo "$imgs") <(echo "$hdrs") | grep . | sort -V | tail -1
}

k=$(pick || true)
if [ -z "$k" ]; then
	"$(dirname "$0")/apt-sources.sh" >&2 || true
	k=$(pick || true)
fi
[ -n "$k" ] || { echo "kver: no kernel of series $series with image and headers" >&2; exit 1; }
echo "$k"
