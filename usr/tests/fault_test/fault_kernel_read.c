// SPDX-License-Identifier: GPL-2.0
/*
 * fault_test helper: read the kernel image at 0xffffc00000000000 (#PF,
 * supervisor page): exit -11.
 */
#include <panda/panda.h>

int main(int argc, char **argv, char **envp)
{
	__asm__ volatile("movabsq $0xffffc00000000000, %%rax\n\tmovq (%%rax), %%rax"
			 : : : "rax", "memory");
	return 99;	/* not reached: the kernel kills us first */
}
