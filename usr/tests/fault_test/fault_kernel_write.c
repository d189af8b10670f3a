// SPDX-License-Identifier: GPL-2.0
/*
 * fault_test helper: write to the kernel heap at 0xffffa00000000000 (#PF):
 * exit -11.
 */
#include <panda/panda.h>

int main(int argc, char **argv, char **envp)
{
	__asm__ volatile("movabsq $0xffffa00000000000, %%rax\n\tmovq %%rax, (%%rax)"
			 : : : "rax", "memory");
	return 99;	/* not reached: the kernel kills us first */
}
