#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# check-build.sh <defconfig tree> <minimal tree> <ktest tree>
#
# Checks on the built trees of 'make test' that no boot can show: options
# that are off leave no code behind, and the minimal image is smaller.
set -u
def=$1 min=$2 kt=$3
fail=0

check() {
	if eval "$2"; then
		echo "  CHECK   $1: ok"
	else
		echo "  CHECK   $1: FAILED" >&2
		fail=1
	fi
}
syms() { nm "$1/panda.elf" | grep -c " [a-zA-Z] $2"; }
size() { stat -c %s "$1"; }

check "test suites only in the test kernel" \
	'[ "$(syms "$def" ktest_)" = 0 ] && [ "$(syms "$min" ktest_)" = 0 ] && [ "$(syms "$kt" ktest_)" -gt 0 ]'
check "KTEST objects absent when KERNEL_TESTS=n" \
	'[ ! -e "$def/kernel/tests/built-in.o" ] && [ -e "$kt/kernel/tests/built-in.o" ]'
check "no kallsyms table in the minimal kernel" \
	'[ "$(syms "$min" kallsyms_addrs)" = 0 ] && [ "$(syms "$def" kallsyms_addrs)" = 1 ]'
check "DEBUG_KMALLOC code only where enabled" \
	'! grep -q "double free by" "$def/mm/kmalloc.o" && grep -q "double free by" "$kt/mm/kmalloc.o"'
check "graphical terminal (window, font) only with the GPU" \
	'[ "$(nm "$min/usr/bin/terminal" | grep -c " [a-zA-Z] window_display_open$")" = 0 ] && [ "$(nm "$def/usr/bin/terminal" | grep -c " [a-zA-Z] window_display_open$")" = 1 ]'
check "the graphical terminal's service config only with it" \
	'! tar tf "$min/usr/initrd.tar" | grep -q terminal-display/ && tar tf "$def/usr/initrd.tar" | grep -q terminal-display/config.toml'
check "no compositor in the minimal kernel" \
	'[ "$(syms "$min" window_blit)" = 0 ] && [ "$(syms "$def" window_blit)" = 1 ]'
check "minimal kernel smaller than defconfig" \
	'[ "$(size "$min/kernel.elf")" -lt "$(size "$def/kernel.elf")" ]'
check "W^X: no segment both writable and executable" \
	'! readelf -lW "$def/panda.elf" | grep LOAD | grep -q "RWE"'
exit $fail
