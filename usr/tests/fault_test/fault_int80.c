// SPDX-License-Identifier: GPL-2.0
/*
 * fault_test helper: software interrupt through a DPL-0 gate, int $0x80
 * (#GP): exit -11.
 */
#include <panda/panda.h>

int main(int argc, char **argv, char **envp)
{
	__asm__ volatile("int $0x80" : : : "memory");
	return 99;	/* not reached: the kernel kills us first */
}
