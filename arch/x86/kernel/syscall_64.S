/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The syscall instruction lands here (IA32_LSTAR) with IF, DF, TF and AC
 * masked, RCX = user RIP, R11 = user RFLAGS, still on the user stack.  The
 * entry builds the same struct pt_regs as an interrupt (vector -1), so a
 * blocked or preempted task is just a kernel stack holding that frame.
 * Every register but RAX, RCX and R11 comes back unchanged (kernel.md 7.2).
 */
#include <asm/percpu.h>
#include <asm/segment.h>

#define PT_RIP		(17 * 8)
#define PT_RFLAGS	(19 * 8)
#define PT_RSP		(20 * 8)

	.text
	.globl syscall_entry
syscall_entry:
	swapgs
	movq %rsp, %gs:CPU_USER_RSP
	movq %gs:CPU_KERNEL_RSP, %rsp
	pushq $USER_DS			/* ss */
	pushq %gs:CPU_USER_RSP		/* rsp */
	pushq %r11			/* rflags */
	pushq $USER_CS			/* cs */
	pushq %rcx			/* rip */
	pushq $0			/* error code */
	pushq $-1			/* vector: a syscall frame */
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
	xorl %ebp, %ebp			/* ends kernel backtraces */
	sti
	movq %rsp, %rdi
	call do_syscall
	cli
	movq %rsp, %rdi
	call exit_to_user

	/* sysretq would fault in ring 0 on a non-canonical RIP: use iretq. */
	movq PT_RIP(%rsp), %rcx
	shrq $47, %rcx
	jnz interrupt_return

	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %r11			/* replaced below */
	popq %r10
	popq %r9
	popq %r8
	popq %rbp
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx			/* replaced below */
	popq %rbx
	popq %rax
	/* RSP now at vector; RIP at +16, RFLAGS at +32, RSP at +40. */
	movq 16(%rsp), %rcx
	movq 32(%rsp), %r11
	movq 40(%rsp), %rsp
	swapgs
	sysretq
