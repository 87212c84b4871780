#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Extract paths from Debian's linux-source-SERIES tarball into a cache, at
# use time; nothing of it is committed.
#   linux-source.sh SERIES CACHEDIR PATH...   -> prints the extracted tree
# e.g. linux-source.sh 6.1 ~/.cache/bonding scripts/checkpatch.pl
set -e
series=$1 cache=$2
shift 2
[ -n "$series" ] && [ -n "$cache" ] && [ $# -gt 0 ] ||
	{ echo "usage: $0 SERIES CACHEDIR PATH..." >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
dir=$cache/linux-source-$series
tree=$dir/linux-source-$series

missing=()
for p in "$@"; do
	[ -e "$tree/$p" ] || missing+=("linux-source-$series/$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	mkdir -p "$dir"
	tarball=$(ls "$dir"/linux-source-"$series".tar.* 2>/dev/null | head -1)
	if [ -z "$tarball" ]; then
		"$here/apt-sources.sh" >&2 || true
		rm -rf "$dir/dl"
		mkdir -p "$dir/dl"
		echo "linux-source: downloading linux-source-$series" >&2
		(cd "$dir/dl" && apt-get download -q "linux-source-$series") >&2
		dpkg -x "$dir"/dl/linux-source-"$series"_*.deb "$dir/dl/x"
		mv "$dir"/dl/x/usr/src/linux-source-"$series".tar.* "$dir/"
		rm -rf "$dir/dl"
		tarball=$(ls "$dir"/linux-source-"$series".tar.* | head -1)
	fi
	echo "linux-source: extracting ${missing[*]#linux-source-$series/}" >&2
	tar -xf "$tarball" -C "$dir" --wildcards "${missing[@]}" 2>/dev/null ||
		tar -xf "$tarball" -C "$dir" "${missing[@]}"
fi
echo "$tree"
