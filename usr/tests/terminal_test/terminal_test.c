// SPDX-License-Identifier: GPL-2.0
/*
 * terminal_test (issue 6; screenshot, keyboard-driven): the graphical
 * terminal end to end.
 *
 * As init, this program mounts the suite's ext2 disk at /mnt (the disk
 * holds hello.txt and the programs terminal, ls, cat, grep, echo:
 * scripts/Makefile.test) and starts /mnt/terminal on the display as init
 * would ("--display window"), plus "--transcript" (every finished screen
 * line is logged as "tty: <line>") and "--screenshot-marker" (the
 * screenshot marker each time a new prompt has reached the display).
 * monitor.txt types through the virtio keyboard: "ls" cancelled with
 * Ctrl+C, then "ls /mnt | grep hello" and "cat /mnt/hello.txt"; the
 * runner takes the screenshot at the prompt after the last output and
 * compares it with expected.png; expected.txt checks the transcript.
 * The terminal never exits: this program waits for it.
 */
#include <panda/panda.h>

int main(void)
{
	static const char *const args[] = {
		"terminal",	"--display",	       "window",
		"--transcript", "--screenshot-marker",
	};
	panda_child child;
	int err, code;

	panda_log("terminal_test: started");
	err = panda_mount("ext2", "/mnt");
	if (err) {
		panda_logf("terminal_test: mount: %s", panda_strerror(err));
		return 1;
	}
	panda_log("terminal_test: mounted ext2 at /mnt");
	err = panda_child_spawn_args("file:/mnt/terminal", args,
				     sizeof(args) / sizeof(args[0]), &child);
	if (err) {
		panda_logf("terminal_test: spawn: %s", panda_strerror(err));
		return 1;
	}
	err = panda_child_wait(&child, &code);
	panda_logf("terminal_test: terminal exited (%d, code %d)", err, code);
	return 1;
}
