// SPDX-License-Identifier: GPL-2.0
/*
 * spawn_test (tests.md 3): spawn spawn_child with the owning-child API,
 * wait for it and require its exit code 42.
 */
#include <panda/panda.h>

int main(int argc, char **argv, char **envp)
{
	panda_child c;
	int err, code = -1;

	panda_log("Spawn test: starting");
	err = panda_child_spawn("file:/initrd/spawn_child", &c);
	if (err) {
		panda_logf("FAIL: spawn of file:/initrd/spawn_child: %d (%s)",
			   err, panda_errname(err));
		return 1;
	}
	if (!panda_handle_is(c.h, PANDA_HT_PROCESS)) {
		panda_logf("FAIL: spawn returned handle 0x%x, not a process "
			   "handle", c.h);
		return 1;
	}
	panda_log("Spawn test: child spawned, waiting for exit...");
	err = panda_child_wait(&c, &code);
	if (err) {
		panda_logf("FAIL: wait: %d (%s)", err, panda_errname(err));
		return 1;
	}
	if (code != 42) {
		panda_logf("FAIL: child exited with code %d, expected 42",
			   code);
		return 1;
	}
	panda_log("Spawn test: child exited with expected code 42");
	/* A second wait is refused; release closes the handle. */
	if (panda_child_wait(&c, &code) != -PANDA_ERR_INVALID_ARGUMENT) {
		panda_log("FAIL: second panda_child_wait did not fail");
		return 1;
	}
	panda_child_release(&c);
	panda_log("PASS");
	return 0;
}
