// SPDX-License-Identifier: GPL-2.0
/* C runtime start: runs main() and exits with its result. */
#include <panda/sys.h>

int main(int argc, char **argv, char **envp);
void panda_start(void) __attribute__((noreturn));

void panda_start(void)
{
	static char *empty[] = { NULL };

	panda_exit(main(0, empty, empty));
}
