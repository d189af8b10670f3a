#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# check-ext2.sh <image> [<expect-file>]
#
# The host check of fs.md 10 and 12 after a suite wrote an ext2 image:
# `e2fsck -fn <image>` must exit 0 and print nothing but its banner, the
# pass headings and the summary line (it exits 0 even when only the free
# counts are wrong), and the superblock must say the file system was
# unmounted cleanly (dumpe2fs: "Filesystem state: clean").  Then each
# line "<path> <sha256>" of <expect-file> must match `debugfs -R "cat
# <path>"`, and "<path> absent" must not exist.  Used as the post= check
# of userspace suites (scripts/runtests.py).
set -eu
PATH=$PATH:/sbin:/usr/sbin
img=$1 expect=${2:-}
fail=0

out=$(e2fsck -fn "$img" 2>&1) && st=0 || st=$?
bad=$(printf '%s\n' "$out" | grep -v -e '^e2fsck ' -e '^Pass ' \
	-e ' files (.*blocks$' || true)
if [ "$st" != 0 ] || [ -n "$bad" ]; then
	echo "e2fsck -fn $img: exit $st, not clean:"
	printf '%s\n' "$out"
	fail=1
else
	echo "e2fsck -fn: clean ($(printf '%s\n' "$out" | tail -1))"
fi
state=$(dumpe2fs -h "$img" 2>/dev/null | sed -n 's/^Filesystem state: *//p')
if [ "$state" != clean ]; then
	echo "superblock state '$state', expected 'clean' (not unmounted?)"
	fail=1
fi

if [ -n "$expect" ]; then
	while read -r path want; do
		case $path in ''|'#'*) continue ;; esac
		if [ "$want" = absent ]; then
			if debugfs -R "stat $path" "$img" 2>&1 | grep -q 'File not found'; then
				echo "$path: absent, as expected"
			else
				echo "$path: exists, expected absent"
				fail=1
			fi
			continue
		fi
		got=$(debugfs -R "cat $path" "$img" 2>/dev/null | sha256sum | cut -d' ' -f1)
		if [ "$got" = "$want" ]; then
			echo "$path: content ok"
		else
			echo "$path: sha256 $got, expected $want"
			fail=1
		fi
	done < "$expect"
fi
exit $fail
