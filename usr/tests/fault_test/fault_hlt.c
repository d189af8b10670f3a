// SPDX-License-Identifier: GPL-2.0
/* fault_test helper: execute hlt, privileged (#GP): exit -11. */
#include <panda/panda.h>

int main(int argc, char **argv, char **envp)
{
	__asm__ volatile("hlt");
	return 99;	/* not reached: the kernel kills us first */
}
