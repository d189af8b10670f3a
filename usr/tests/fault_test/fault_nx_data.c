// SPDX-License-Identifier: GPL-2.0
/*
 * fault_test helper: execute a ret placed in writable data, which is NX
 * (#PF, protection): exit -11.
 */
#include <panda/panda.h>

int main(int argc, char **argv, char **envp)
{
	static unsigned char code[16] = { 0xc3 };	/* ret */

	__asm__ volatile("call *%0" : : "r"(code) : "memory");
	return 99;	/* not reached: the kernel kills us first */
}
