// SPDX-License-Identifier: GPL-2.0
/*
 * fault_test helper: execute a ret placed on the stack, which is NX (#PF,
 * protection, instruction fetch): exit -11.
 */
#include <panda/panda.h>

int main(int argc, char **argv, char **envp)
{
	__asm__ volatile("subq $64, %%rsp\n\t"
			 "movb $0xc3, (%%rsp)\n\t"	/* ret */
			 "movq %%rsp, %%rax\n\t"
			 "call *%%rax\n\t"
			 "addq $64, %%rsp" : : : "rax", "memory");
	return 99;	/* not reached: the kernel kills us first */
}
