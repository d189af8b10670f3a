#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# mkdatadisk.sh <image> <size> <initrd.tar> <program>...
#
# The ext2 data disk that 'make qemu' attaches and init's fstab mounts at
# /mnt (services.md 11.4): the programs, stripped, at the top (the
# terminal's PATH is /mnt:/initrd), hello.txt, and the initramfs's
# service configs under config/services/, where the manager looks before
# the initramfs (services.md 11.1), so they can be edited on the disk.
# A config that runs one of the disk's programs from file:/initrd/ runs
# it from file:/mnt/ here.  mke2fs -d fills the file system from a
# directory: no root, no loop device.  The image is written beside and
# renamed, so a failed build leaves the old one.
set -eu
PATH=$PATH:/sbin:/usr/sbin
out=$1 size=$2 initrd=$3
shift 3
command -v mke2fs >/dev/null || {
	echo "mkdatadisk.sh: mke2fs not found (apt-get install e2fsprogs)" >&2
	exit 1
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp" "$out.tmp"' EXIT
mkdir "$tmp/root" "$tmp/initrd"
for p; do
	${OBJCOPY:-objcopy} --strip-all "$p" "$tmp/root/$(basename "$p")"
done
printf 'Hello from ext2!\n' > "$tmp/root/hello.txt"

tar -xf "$initrd" -C "$tmp/initrd"
if [ -d "$tmp/initrd/config/services" ]; then
	mkdir -p "$tmp/root/config"
	cp -R "$tmp/initrd/config/services" "$tmp/root/config/"
	for p; do
		name=$(basename "$p")
		find "$tmp/root/config/services" -name config.toml -exec \
			sed -i "s#\"file:/initrd/$name\"#\"file:/mnt/$name\"#" {} +
	done
fi

truncate -s "$size" "$out.tmp"
mke2fs -q -F -t ext2 -L panda -d "$tmp/root" "$out.tmp"
mv "$out.tmp" "$out"
