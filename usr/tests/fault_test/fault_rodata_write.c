// SPDX-License-Identifier: GPL-2.0
/*
 * fault_test helper: write into our own read-only data (#PF, protection):
 * exit -11.
 */
#include <panda/panda.h>

int main(int argc, char **argv, char **envp)
{
	static const char ro[] = "read-only";

	__asm__ volatile("movb $0x58, (%0)" : : "r"(ro) : "memory");
	return 99;	/* not reached: the kernel kills us first */
}
