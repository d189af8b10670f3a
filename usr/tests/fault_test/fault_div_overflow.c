// SPDX-License-Identifier: GPL-2.0
/*
 * fault_test helper: signed division overflow, INT64_MIN / -1 (#DE): exit
 * -8.
 */
#include <panda/panda.h>

int main(int argc, char **argv, char **envp)
{
	__asm__ volatile("movabsq $0x8000000000000000, %%rax\n\tcqto\n\t"
			 "movq $-1, %%rcx\n\tidivq %%rcx" : : : "rax", "rcx", "rdx");
	return 99;	/* not reached: the kernel kills us first */
}
