/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel image layout: text (RX), rodata (R), data+bss (RW, NX), each in
 * its own page-aligned PT_LOAD so the boot stage and mm_init() can map
 * them W^X.  The kallsyms table sits after .rodata, behind all code, so its
 * size never moves a function.
 */
#include <panda/layout.h>

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(_start)

PHDRS
{
	text PT_LOAD FLAGS(5);		/* R + X */
	rodata PT_LOAD FLAGS(4);	/* R */
	data PT_LOAD FLAGS(6);		/* R + W */
}

SECTIONS
{
	. = KERNEL_IMAGE_BASE;
	_text = .;
	.text : {
		KEEP(*(.text.head))
		*(.text .text.*)
	} :text
	. = ALIGN(4096);
	_etext = .;

	_rodata = .;
	.rodata : {
		*(.rodata .rodata.*)
	} :rodata
	__ex_table : {
		__start___ex_table = .;
		KEEP(*(__ex_table))
		__stop___ex_table = .;
	} :rodata
	.ktest : {
		__ktest_start = .;
		KEEP(*(.ktest))
		__ktest_end = .;
	} :rodata
	.kallsyms : {
		KEEP(*(.kallsyms))
	} :rodata
	. = ALIGN(4096);
	_erodata = .;

	_data = .;
	.data : {
		*(.data .data.*)
	} :data
	.bss : {
		__bss_start = .;
		*(.bss.page_aligned)
		*(.bss .bss.* COMMON)
		. = ALIGN(4096);
		__bss_end = .;
	} :data
	_end = .;

	/DISCARD/ : {
		*(.eh_frame*) *(.note*) *(.comment) *(.got*) *(.plt*)
	}
}
