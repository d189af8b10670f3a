/* SPDX-License-Identifier: GPL-2.0 */
/*
 * uint64_t __copy_user(void *dst, const void *src, uint64_t len)
 *
 * The one routine that touches user memory.  Returns the number of bytes
 * NOT copied: a fault on the rep movsb is sent (through __ex_table) to the
 * label after it, with RCX still holding the remaining count.  SMAP's
 * stac/clac bracket it in copy_{from,to}_user (kernel/uaccess.c).
 */
	.text
	.globl __copy_user
__copy_user:
	movq %rdx, %rcx
1:	rep movsb
2:	movq %rcx, %rax
	ret

	.section __ex_table, "a"
	.balign 8
	.quad 1b, 2b
