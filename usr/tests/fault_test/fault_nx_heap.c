// SPDX-License-Identifier: GPL-2.0
/*
 * fault_test helper: execute from a demand-paged heap page (mapped NX on
 * first touch): exit -11.
 */
#include <panda/panda.h>

int main(int argc, char **argv, char **envp)
{
	uint64_t base = (uint64_t)panda_sys_brk(0);

	panda_sys_brk(base + 4096);
	__asm__ volatile("movb $0xc3, (%0)\n\tcall *%0" : : "r"(base) : "memory");
	return 99;	/* not reached: the kernel kills us first */
}
