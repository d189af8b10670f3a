// SPDX-License-Identifier: GPL-2.0
/* spawn_child (tests.md 3.1): logs two lines and exits with code 42. */
#include <panda/panda.h>

int main(int argc, char **argv, char **envp)
{
	panda_log("Child process running!");
	panda_log("Child process exiting with code 42");
	return 42;
}
