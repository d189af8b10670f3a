// SPDX-License-Identifier: GPL-2.0
/* yield_child (tests.md 3.1): three yield rounds, logged. */
#include <panda/panda.h>

int main(int argc, char **argv, char **envp)
{
	int i;

	for (i = 0; i < 3; i++) {
		panda_log("Child: before yield");
		if (panda_sys_yield() != 0) {
			panda_log("Child: FAIL: yield did not return 0");
			return 1;
		}
		panda_log("Child: after yield");
	}
	panda_log("Child: done");
	return 0;
}
