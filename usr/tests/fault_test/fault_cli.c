// SPDX-License-Identifier: GPL-2.0
/* fault_test helper: execute cli with IOPL 0 (#GP): exit -11. */
#include <panda/panda.h>

int main(int argc, char **argv, char **envp)
{
	__asm__ volatile("cli");
	return 99;	/* not reached: the kernel kills us first */
}
