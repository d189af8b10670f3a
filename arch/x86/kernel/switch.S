/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct task *switch_to(struct task *prev, struct task *next)
 *
 * Saves the callee-saved registers on prev's kernel stack, stores the stack
 * pointer in prev->kernel_rsp (offset 0), loads next's, and returns on
 * next's stack.  The value returned in the resumed context is the task that
 * ran before it, so the scheduler can finish the switch (free a dead task).
 */
	.text
	.globl switch_to
switch_to:
	pushq %rbp
	pushq %rbx
	pushq %r12
	pushq %r13
	pushq %r14
	pushq %r15
	movq %rsp, (%rdi)
	movq (%rsi), %rsp
	movq %rdi, %rax
	popq %r15
	popq %r14
	popq %r13
	popq %r12
	popq %rbx
	popq %rbp
	ret

/*
 * First run of a kernel thread: switch_to "returns" here with the previous
 * task in RAX; R12 = function, R13 = argument.
 */
	.globl kthread_trampoline
kthread_trampoline:
	movq %rax, %rdi
	call finish_task_switch
	sti
	movq %r13, %rdi
	call *%r12
	call kthread_exit

/*
 * First run of a user task: its kernel stack holds a struct pt_regs built by
 * task_create_user(); leave through the interrupt return path.
 */
	.globl user_task_trampoline
user_task_trampoline:
	movq %rax, %rdi
	call finish_task_switch
	movq %rsp, %rdi
	call exit_to_user
	jmp interrupt_return
