// SPDX-License-Identifier: GPL-2.0
/*
 * serial_terminal_test (issue 6; expect-style): the serial terminal end
 * to end, typed into on the serial console.
 *
 * As init, this program mounts the suite's ext2 disk at /mnt (hello.txt
 * and the programs terminal, ls, cat, grep, echo: scripts/Makefile.test)
 * and starts /mnt/terminal on the serial console as init would
 * ("--serial"), plus "--transcript" (every finished screen line logged as
 * "tty: <line>") and "--size 80x24" (no size query).  monitor.txt types
 * with "# @serial": "ec" cancelled with Ctrl+C, "ls /mnt | grep hello",
 * "cat /mnt/hello.txt", "exit"; expected.txt checks the transcript.  The
 * suite passes when the terminal exits with 0 (then so does init, and
 * the system halts with status 33).
 */
#include <panda/panda.h>

int main(void)
{
	static const char *const args[] = {
		"terminal", "--serial", "--transcript", "--size", "80x24",
	};
	panda_child child;
	int err, code;

	panda_log("serial_terminal_test: started");
	err = panda_mount("ext2", "/mnt");
	if (err) {
		panda_logf("serial_terminal_test: mount: %s",
			   panda_strerror(err));
		return 1;
	}
	panda_log("serial_terminal_test: mounted ext2 at /mnt");
	err = panda_child_spawn_args("file:/mnt/terminal", args,
				     sizeof(args) / sizeof(args[0]), &child);
	if (err) {
		panda_logf("serial_terminal_test: spawn: %s",
			   panda_strerror(err));
		return 1;
	}
	err = panda_child_wait(&child, &code);
	if (err) {
		panda_logf("serial_terminal_test: wait: %s",
			   panda_strerror(err));
		return 1;
	}
	panda_logf("serial_terminal_test: terminal exited with code %d", code);
	return code ? 1 : 0;
}
