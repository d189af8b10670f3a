// SPDX-License-Identifier: GPL-2.0
/* hello: greets its parent (userspace.md 6.1). */
#include <panda/panda.h>

int main(int argc, char **argv, char **envp)
{
	panda_println("Hello, world!");
	return 0;
}
