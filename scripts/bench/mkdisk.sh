#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# mkdisk.sh <image>: the data disk of 'make bench', attached to Panda and
# Linux alike as virtio-blk at PCI 00:04.0.  A 160 MiB ext2 file system
# (4 KiB blocks, mke2fs defaults otherwise) holding bench/read64.bin, 64 MiB
# of random bytes, with room for bench/write64.bin.  Each boot gets a fresh
# copy, so every run reads cold and writes into the same free space.
set -e
img=$1
root=$img.root
rm -rf "$root" "$img.tmp"
mkdir -p "$root/bench"
head -c 64M /dev/urandom > "$root/bench/read64.bin"
truncate -s 160M "$img.tmp"
mke2fs -q -F -t ext2 -b 4096 -L bench -d "$root" "$img.tmp"
rm -rf "$root"
mv "$img.tmp" "$img"
