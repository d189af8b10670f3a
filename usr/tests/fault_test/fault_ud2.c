// SPDX-License-Identifier: GPL-2.0
/* fault_test helper: execute ud2 (#UD): exit -4. */
#include <panda/panda.h>

int main(int argc, char **argv, char **envp)
{
	__asm__ volatile("ud2");
	return 99;	/* not reached: the kernel kills us first */
}
