// SPDX-License-Identifier: GPL-2.0
/*
 * yield_test (tests.md 3): spawn yield_child without waiting for it, then
 * yield three times; parent and child log around every yield, so the log
 * shows the two processes taking turns and both finishing.
 */
#include <panda/panda.h>

int main(int argc, char **argv, char **envp)
{
	panda_handle_t child;
	int err, i;

	/* Logged first: the child may run before spawn returns to us. */
	panda_log("Parent: spawning yield_child");
	err = panda_spawn("file:/initrd/yield_child", &child);
	if (err) {
		panda_logf("FAIL: spawn of file:/initrd/yield_child: %d (%s)",
			   err, panda_errname(err));
		return 1;
	}
	for (i = 0; i < 3; i++) {
		panda_log("Parent: before yield");
		if (panda_sys_yield() != 0) {
			panda_log("FAIL: yield did not return 0");
			return 1;
		}
		panda_log("Parent: after yield");
	}
	panda_log("Parent: done");
	/* Not waited: the child outlives init and the system runs on. */
	return 0;
}
