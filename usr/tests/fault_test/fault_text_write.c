// SPDX-License-Identifier: GPL-2.0
/*
 * fault_test helper: write into our own code, which is read-only (#PF,
 * protection): exit -11.
 */
#include <panda/panda.h>

int main(int argc, char **argv, char **envp)
{
	__asm__ volatile("leaq main(%%rip), %%rax\n\tmovb $0x90, (%%rax)"
			 : : : "rax", "memory");
	return 99;	/* not reached: the kernel kills us first */
}
