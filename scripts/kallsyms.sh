#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Reads 'nm -n' output on stdin and writes an assembly file with the kernel's
# function symbols, sorted by address, for symbolised backtraces:
#   kallsyms_count   number of entries (u64)
#   kallsyms_addrs[] start address of each function (u64)
#   kallsyms_names[] offset of each name in kallsyms_strings (u32)
#   kallsyms_strings NUL-terminated names
awk '
$2 ~ /^[tTwW]$/ && $1 ~ /^ffff/ { n++; addr[n] = $1; name[n] = $3 }
END {
	print "\t.section .kallsyms, \"a\""
	print "\t.balign 8"
	print "\t.globl kallsyms_count, kallsyms_addrs, kallsyms_names, kallsyms_strings"
	print "kallsyms_count:\t.quad " n + 0
	print "kallsyms_addrs:"
	for (i = 1; i <= n; i++) print "\t.quad 0x" addr[i]
	print "kallsyms_names:"
	off = 0
	for (i = 1; i <= n; i++) { print "\t.long " off; off += length(name[i]) + 1 }
	print "kallsyms_strings:"
	for (i = 1; i <= n; i++) print "\t.asciz \"" name[i] "\""
}'
