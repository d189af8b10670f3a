// SPDX-License-Identifier: GPL-2.0
/*
 * fault_test helper: spin in user mode without system calls (only the
 * timer takes us out, through the interrupt return path) until killed.
 */
#include <panda/panda.h>

int main(int argc, char **argv, char **envp)
{
	volatile uint64_t n = 0;

	for (;;)
		n++;
}
