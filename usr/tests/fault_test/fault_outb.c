// SPDX-License-Identifier: GPL-2.0
/*
 * fault_test helper: port output to isa-debug-exit (0xf4) with no I/O
 * permission (#GP): exit -11.
 */
#include <panda/panda.h>

int main(int argc, char **argv, char **envp)
{
	__asm__ volatile("movb $0x10, %%al\n\toutb %%al, $0xf4" : : : "rax");
	return 99;	/* not reached: the kernel kills us first */
}
