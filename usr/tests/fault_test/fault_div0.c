// SPDX-License-Identifier: GPL-2.0
/* fault_test helper: divide by zero (#DE): exit -8. */
#include <panda/panda.h>

int main(int argc, char **argv, char **envp)
{
	__asm__ volatile("xorl %%ecx, %%ecx\n\tmovl $1, %%eax\n\t"
			 "xorl %%edx, %%edx\n\tdivl %%ecx"
			 : : : "rax", "rcx", "rdx");
	return 99;	/* not reached: the kernel kills us first */
}
