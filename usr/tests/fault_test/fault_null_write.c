// SPDX-License-Identifier: GPL-2.0
/* fault_test helper: write to address 8 (#PF, not present): exit -11. */
#include <panda/panda.h>

int main(int argc, char **argv, char **envp)
{
	__asm__ volatile("movq $1, 8" : : : "memory");
	return 99;	/* not reached: the kernel kills us first */
}
