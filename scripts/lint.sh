#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# checkpatch.pl (from Debian's linux-source-6.1, fetched at use time) over
# our own C sources and headers. Exits non-zero on any error or warning.
#   lint.sh [--cache DIR] [FILE...]
set -e
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
cache=${XDG_CACHE_HOME:-$HOME/.cache}/bonding
if [ "$1" = --cache ]; then cache=$2; shift 2; fi

"$here/deps.sh" perl xz-utils
tree=$("$here/linux-source.sh" 6.1 "$cache" scripts/checkpatch.pl \
	scripts/spelling.txt scripts/const_structs.checkpatch)

cd "$repo"
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
	mapfile -t files < <(git ls-files -co --exclude-standard -- '*.c' '*.h' |
		grep -v -e '^\.cache/' -e '\.mod\.c$' | sort)
fi
[ ${#files[@]} -gt 0 ] || { echo "lint: no files"; exit 0; }

# --no-tree: we are not a kernel tree. FILE_PATH_CHANGES and
# NEW_TYPEDEFS do not apply to an out-of-tree module; user-space tools
# (tools/) are checked the same way as the module.
# The compat header is where the kernel version tests belong (STYLE.md).
cp=(perl "$tree/scripts/checkpatch.pl" --no-tree --terse --show-types
	--max-line-length=100 --ignore FILE_PATH_CHANGES)
rc=0
: >/tmp/lint.$$
for f in "${files[@]}"; do
	extra=()
	[ "$f" = include/bond_compat.h ] &&
		extra=(--ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON)
	"${cp[@]}" "${extra[@]}" -f "$f" >>/tmp/lint.$$ 2>&1 || rc=1
done
grep -vE '^total: 0 errors, 0 warnings' /tmp/lint.$$ | grep -E 'ERROR|WARNING|CHECK' || true
errors=$(grep -cE ':[0-9]+: (ERROR|WARNING):' /tmp/lint.$$ || true)
rm -f /tmp/lint.$$
echo "lint: ${#files[@]} files, $errors errors/warnings"
[ "$rc" = 0 ] && [ "$errors" = 0 ]
