// SPDX-License-Identifier: GPL-2.0
/*
 * fault_test helper: read from address 0 (#PF, not present): exit -11.
 * Handles held at the fault are released by the kill (the leak check at
 * halt would see them otherwise).
 */
#include <panda/panda.h>

int main(int argc, char **argv, char **envp)
{
	panda_handle_t h;

	panda_open("file:/initrd/hello.txt", 0, 0, &h);
	panda_open("console:/serial/0", 0, 0, &h);
	panda_opendir("file:/initrd", &h);
	__asm__ volatile("movq 0, %%rax" : : : "rax", "memory");
	return 99;	/* not reached: the kernel kills us first */
}
