#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# mkdisk.sh <image> zero <size>     a raw disk of zero bytes
# mkdisk.sh <image> ext2 <size>     the ext2 test image of tests.md 1.7:
#     mkfs.ext2 -F (mke2fs defaults: 1 KiB blocks on a small disk), then
#     debugfs -w: directories subdir, a, a/b, a/b/c; hello.txt
#     ("Hello from ext2!\n"), subdir/nested.txt ("Nested file content\n"),
#     large.bin (8192 random bytes), a/b/c/deep.txt ("Deep file\n").
#     mkfs also makes lost+found.
# mkdisk.sh <image> ext2 <size> <script>
#     the same, then the debugfs commands of <script> (one per line; a
#     suite's own additions, e.g. symbolic links), run in the script's
#     directory so that "write" finds the files next to it.
# <size> as for truncate(1): 1M, 10M, ...  The image is made afresh.
set -eu
PATH=$PATH:/sbin:/usr/sbin
out=$1 kind=$2 size=$3 extra=${4:-}

rm -f "$out"
truncate -s "$size" "$out"
case $kind in
zero)
	;;
ext2)
	for t in mkfs.ext2 debugfs; do
		command -v $t >/dev/null || {
			echo "mkdisk.sh: $t not found (apt-get install e2fsprogs)" >&2
			exit 1
		}
	done
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	mkfs.ext2 -q -F "$out"
	printf 'Hello from ext2!\n' > "$tmp/hello.txt"
	printf 'Nested file content\n' > "$tmp/nested.txt"
	head -c 8192 /dev/urandom > "$tmp/large.bin"
	printf 'Deep file\n' > "$tmp/deep.txt"
	debugfs -w -f - "$out" >/dev/null 2>"$tmp/log" <<-EOT
	mkdir subdir
	mkdir a
	mkdir a/b
	mkdir a/b/c
	write $tmp/hello.txt hello.txt
	cd subdir
	write $tmp/nested.txt nested.txt
	cd /
	write $tmp/large.bin large.bin
	cd a/b/c
	write $tmp/deep.txt deep.txt
	EOT
	if [ -n "$extra" ]; then
		abs=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
		(cd "$(dirname "$extra")" &&
			debugfs -w -f "$(basename "$extra")" "$abs") \
			>/dev/null 2>>"$tmp/log"
	fi
	if grep -v '^debugfs ' "$tmp/log" | grep -q .; then
		cat "$tmp/log" >&2
		exit 1
	fi
	;;
*)
	echo "usage: mkdisk.sh <image> zero|ext2 <size> [<debugfs script>]" >&2
	exit 2
	;;
esac
