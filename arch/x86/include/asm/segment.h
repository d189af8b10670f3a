/* SPDX-License-Identifier: GPL-2.0 */
/* GDT selectors: part of the ABI (kernel.md 6.1). */
#ifndef _ASM_SEGMENT_H
#define _ASM_SEGMENT_H

#define GDT_KERNEL_CS	0x08
#define GDT_KERNEL_DS	0x10
#define GDT_TSS		0x18
#define GDT_USER_DS	0x28
#define GDT_USER_CS	0x30
#define USER_DS		(GDT_USER_DS | 3)	/* 0x2b */
#define USER_CS		(GDT_USER_CS | 3)	/* 0x33 */
#define GDT_ENTRIES	7

/* Interrupt stack table slots (TSS IST1..IST3). */
#define IST_DOUBLE_FAULT	1
#define IST_NMI			2
#define IST_MACHINE_CHECK	3
#define IST_COUNT		3

#endif
