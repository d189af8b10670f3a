/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Process entry: the kernel starts a program at _start with RSP = top of
 * stack - 8 (as after a call) and nothing on the stack.  Align, call main,
 * and exit with its return value.
 */
	.text
	.globl _start
_start:
	xorl %ebp, %ebp
	andq $-16, %rsp
	call panda_start
1:	hlt
	jmp 1b
