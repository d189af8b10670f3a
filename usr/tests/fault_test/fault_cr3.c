// SPDX-License-Identifier: GPL-2.0
/* fault_test helper: move to CR3, privileged (#GP): exit -11. */
#include <panda/panda.h>

int main(int argc, char **argv, char **envp)
{
	__asm__ volatile("xorl %%eax, %%eax\n\tmovq %%rax, %%cr3"
			 : : : "rax", "memory");
	return 99;	/* not reached: the kernel kills us first */
}
