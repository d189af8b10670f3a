/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interrupt and exception entry.  Every vector has a stub that pushes a
 * zero error code when the CPU does not push one, then the vector number,
 * and jumps to the common path, which saves all general-purpose registers
 * as a struct pt_regs, swaps GS when coming from user mode and calls
 * do_interrupt(regs).
 */
#include <asm/percpu.h>

/* Vectors for which the CPU pushes an error code. */
#define HAS_ERRCODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || \
			(v) == 21 || (v) == 29 || (v) == 30)

	.section .text
	.code64

.macro STUB v
	.balign 16
vector_stub_\v:
	.if !(\v == 8 || (\v >= 10 && \v <= 14) || \v == 17 || \v == 21 || \v == 29 || \v == 30)
	pushq $0
	.endif
	pushq $\v
	jmp interrupt_common
.endm

	.globl interrupt_stubs
interrupt_stubs:
.altmacro
.set vec, 0
.rept 256
	STUB %vec
	.set vec, vec + 1
.endr

/* Table of stub addresses for idt_init(). */
	.section .rodata
	.balign 8
	.globl interrupt_stub_table
interrupt_stub_table:
.macro STUBADDR v
	.quad vector_stub_\v
.endm
.set vec, 0
.rept 256
	STUBADDR %vec
	.set vec, vec + 1
.endr

	.section .text
interrupt_common:
	cld
	pushq %rax
	pushq %rbx
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %rbp
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	/* CS is at 18*8 from here: swap GS if we came from ring 3. */
	testb $3, 18*8(%rsp)
	jz 1f
	swapgs
1:
	movq %rsp, %rdi
	/* Frame link so backtraces continue through the interrupted code. */
	pushq 17*8(%rsp)	/* RIP */
	pushq %rbp
	movq %rsp, %rbp
	call do_interrupt
	addq $16, %rsp
	testb $3, 18*8(%rsp)
	jz interrupt_return
	/* Back to user mode: reschedule, deliver a kill, restore FPU... */
	cli
	movq %rsp, %rdi
	call exit_to_user

/* Restores a struct pt_regs at RSP and leaves with iretq. */
	.globl interrupt_return
interrupt_return:
	cli
	testb $3, 18*8(%rsp)
	jz 2f
	swapgs
2:
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rbx
	popq %rax
	addq $16, %rsp		/* vector and error code */
	iretq

/*
 * int catch_fault(struct fault_catch *fc): save where to resume (like
 * setjmp) and arm the per-CPU catcher.  do_interrupt() resumes here with
 * RAX = 1 when an exception hits.
 */
	.globl catch_fault
catch_fault:
	movq (%rsp), %rax
	movq %rax, 0(%rdi)	/* rip: our return address */
	leaq 8(%rsp), %rax
	movq %rax, 8(%rdi)	/* rsp after return */
	movq %rbx, 16(%rdi)
	movq %rbp, 24(%rdi)
	movq %r12, 32(%rdi)
	movq %r13, 40(%rdi)
	movq %r14, 48(%rdi)
	movq %r15, 56(%rdi)
	movq %gs:CPU_SELF, %rax
	movq %rdi, CPU_FAULT_CATCH(%rax)
	xorl %eax, %eax
	ret

	.globl uncatch_fault
uncatch_fault:
	movq %gs:CPU_SELF, %rax
	movq $0, CPU_FAULT_CATCH(%rax)
	ret
