// SPDX-License-Identifier: GPL-2.0
/* init: the first process.  Grows into the service manager (issue 8). */
#include <lib/string.h>
#include <panda/sys.h>

int main(int argc, char **argv, char **envp)
{
	static const char msg[] = "init: Panda userspace started";

	panda_log(msg, strlen(msg));
	return 0;
}
