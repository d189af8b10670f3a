/* SPDX-License-Identifier: GPL-2.0 */
/*
 * uint64_t __copy_user(void *dst, const void *src, uint64_t len)
 *
 * The one routine that touches user memory.  Returns the number of bytes
 * NOT copied.  Eight bytes per rep step, then the tail (under TCG each rep
 * step costs the same whatever its size).  A fault in either rep is sent
 * through __ex_table to a fixup that turns what is left into a byte count.
 * SMAP's stac/clac bracket it in copy_{from,to}_user (kernel/uaccess.c).
 */
	.text
	.globl __copy_user
__copy_user:
	movq %rdx, %rcx
	shrq $3, %rcx
	andl $7, %edx
1:	rep movsq
	movq %rdx, %rcx
2:	rep movsb
3:	movq %rcx, %rax
	ret
	/* Faulted in the qword loop: RCX qwords and the tail are left. */
4:	leaq (%rdx, %rcx, 8), %rax
	ret

	.section __ex_table, "a"
	.balign 8
	.quad 1b, 4b
	.quad 2b, 3b
