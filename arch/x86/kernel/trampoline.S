/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AP start-up trampoline (Documentation/smp.md).  A STARTUP IPI starts the
 * AP in real mode at CS:IP = page:0 of wherever smpboot.c copied this blob
 * (below 1 MiB), so everything here is relative to that page: the far
 * pointers and the GDT base are fixed up at run time.  Real mode, 32-bit
 * protected mode for CR3/EFER, then long mode on the temporary PML4
 * (this page 1:1 plus the kernel half), then the C entry in the higher
 * half on the AP's own kernel stack.
 */
#include <asm/smp.h>

#define MSR_EFER	0xc0000080

	.section .rodata, "a"
	.balign 16
	.code16
	.globl trampoline_start
trampoline_start:
	cli
	cld
	movw %cs, %ax
	movw %ax, %ds
	xorl %ebx, %ebx
	movw %ax, %bx
	shll $4, %ebx			/* EBX: linear address of this page */
	leal (tr_pm - trampoline_start)(%ebx), %eax
	movl %eax, (tr_far32 - trampoline_start)
	leal (tr_long - trampoline_start)(%ebx), %eax
	movl %eax, (tr_far64 - trampoline_start)
	leal (tr_gdt - trampoline_start)(%ebx), %eax
	movl %eax, (tr_gdtr + 2 - trampoline_start)
	lgdtl (tr_gdtr - trampoline_start)
	movl %cr0, %eax
	orl $1, %eax			/* PE */
	movl %eax, %cr0
	ljmpl *(tr_far32 - trampoline_start)

	.code32
tr_pm:
	movw $0x10, %ax
	movw %ax, %ds
	movw %ax, %es
	movw %ax, %ss
	movl (trampoline_data - trampoline_start + TR_CR4)(%ebx), %eax
	movl %eax, %cr4			/* PAE and the boot CPU's bits */
	movl (trampoline_data - trampoline_start + TR_CR3)(%ebx), %eax
	movl %eax, %cr3
	movl $MSR_EFER, %ecx		/* LME, and NXE: kernel PTEs have NX */
	movl (trampoline_data - trampoline_start + TR_EFER)(%ebx), %eax
	movl (trampoline_data - trampoline_start + TR_EFER + 4)(%ebx), %edx
	wrmsr
	movl (trampoline_data - trampoline_start + TR_CR0)(%ebx), %eax
	movl %eax, %cr0			/* PG: long mode (compatibility) */
	ljmpl *(tr_far64 - trampoline_start)(%ebx)

	.code64
tr_long:
	movl %ebx, %ebx			/* upper half undefined until now */
	movq (trampoline_data - trampoline_start + TR_STACK)(%rbx), %rsp
	movq (trampoline_data - trampoline_start + TR_ARG)(%rbx), %rdi
	movq (trampoline_data - trampoline_start + TR_ENTRY)(%rbx), %rax
	xorl %ebp, %ebp			/* ends backtraces */
	pushq $0			/* no return address, aligned as a call */
	jmp *%rax

	.balign 8
tr_gdt:
	.quad 0
	.quad 0x00cf9a000000ffff	/* 0x08: 32-bit code */
	.quad 0x00cf92000000ffff	/* 0x10: data */
	.quad 0x00af9a000000ffff	/* 0x18: 64-bit code */
tr_gdtr:
	.word 4 * 8 - 1
	.long 0				/* base: fixed up */
tr_far32:
	.long 0
	.word 0x08
tr_far64:
	.long 0
	.word 0x18

	.balign 8
	.globl trampoline_data
trampoline_data:
	.skip TR_DATA_SIZE
	.globl trampoline_end
trampoline_end:
