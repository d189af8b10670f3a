#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# mkimage.sh <image> <bootx64.efi> <kernel.elf> <initrd.tar> <cmdline>
#
# Writes a GPT disk image with one EFI system partition (FAT32) holding
#   \EFI\BOOT\BOOTX64.EFI  the boot stage (the removable-media path OVMF and
#                          real UEFI PCs boot without any NVRAM entry)
#   \EFI\BOOT\startup.nsh  UEFI shell fallback
#   \efi\kernel.elf, \efi\initrd.tar, \efi\cmdline.txt
# No root, no loop devices: sfdisk for the table, mtools for the FAT.
set -e
img=$1 efi=$2 kernel=$3 initrd=$4 cmdline=$5
size_mib=64
tmp=$img.tmp
rm -f "$tmp"
truncate -s ${size_mib}M "$tmp"
# One partition from 1 MiB to the end, type "EFI System".
printf 'label: gpt\nstart=2048, type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name="EFI system"\n' |
	sfdisk --quiet "$tmp"
part="$tmp@@1M"
mformat -i "$part" -F -v PANDA ::
mmd -i "$part" ::/EFI ::/EFI/BOOT
mcopy -i "$part" "$efi" ::/EFI/BOOT/BOOTX64.EFI
printf 'fs0:\\EFI\\BOOT\\BOOTX64.EFI\r\n' > "$tmp.nsh"
mcopy -i "$part" "$tmp.nsh" ::/EFI/BOOT/startup.nsh
mcopy -i "$part" "$kernel" ::/EFI/kernel.elf
mcopy -i "$part" "$initrd" ::/EFI/initrd.tar
printf '%s\n' "$cmdline" > "$tmp.cmdline"
mcopy -i "$part" "$tmp.cmdline" ::/EFI/cmdline.txt
rm -f "$tmp.nsh" "$tmp.cmdline"
mv "$tmp" "$img"
