// SPDX-License-Identifier: GPL-2.0
/*
 * fault_test helper: software int $14 (page-fault vector, DPL 0; #GP, no
 * fake page fault): exit -11.
 */
#include <panda/panda.h>

int main(int argc, char **argv, char **envp)
{
	__asm__ volatile("int $14" : : : "memory");
	return 99;	/* not reached: the kernel kills us first */
}
