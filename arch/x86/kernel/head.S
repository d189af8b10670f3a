/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel entry from the boot stage: already at the higher-half address, on
 * the boot stage's page tables, interrupts off, RDI = struct boot_info *
 * (identity-mapped).  Switch to the kernel's boot stack and start.
 */
	.section .text.head, "ax"
	.code64
	.globl _start
_start:
	cli
	cld
	movabsq $boot_stack_top, %rsp
	xorl %ebp, %ebp		/* ends backtraces */
	movabsq $start_kernel, %rax
	call *%rax
1:	cli
	hlt
	jmp 1b

/*
 * The boot stack, with a guard page below it that mm_init() leaves
 * unmapped.  It becomes the idle stack of the boot CPU.
 */
	.section .bss.page_aligned, "aw", @nobits
	.balign 4096
	.globl boot_stack_guard, boot_stack_top
boot_stack_guard:
	.skip 4096
boot_stack:
	.skip 16384
boot_stack_top:
