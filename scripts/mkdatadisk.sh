#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# mkdatadisk.sh <image> <size> <program>...
#
# The ext2 data disk that 'make qemu' attaches and init's fstab mounts at
# /mnt (as the reference's disk): the programs, stripped, at the top (the
# terminal's PATH is /mnt:/initrd), and hello.txt.  mke2fs -d fills the
# file system from a directory: no root, no loop device.  The image is
# written beside and renamed, so a failed build leaves the old one.
set -eu
PATH=$PATH:/sbin:/usr/sbin
out=$1 size=$2
shift 2
command -v mke2fs >/dev/null || {
	echo "mkdatadisk.sh: mke2fs not found (apt-get install e2fsprogs)" >&2
	exit 1
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp" "$out.tmp"' EXIT
for p; do
	${OBJCOPY:-objcopy} --strip-all "$p" "$tmp/$(basename "$p")"
done
printf 'Hello from ext2!\n' > "$tmp/hello.txt"
truncate -s "$size" "$out.tmp"
mke2fs -q -F -t ext2 -L panda -d "$tmp" "$out.tmp"
mv "$out.tmp" "$out"
