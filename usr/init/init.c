// SPDX-License-Identifier: GPL-2.0
/* init: the first process.  Grows into the service manager (issue 8). */
#include <panda/panda.h>

int main(int argc, char **argv, char **envp)
{
	panda_log("init: Panda userspace started");
	return 0;
}
