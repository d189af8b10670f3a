// SPDX-License-Identifier: GPL-2.0
/*
 * init: the first process.  For now it starts the first program (hello)
 * and reports how it ended; the declarative service manager of
 * services.md replaces this (issue 8).
 */
#include <panda/panda.h>

#define FIRST_PROGRAM "file:/initrd/hello"

int main(int argc, char **argv, char **envp)
{
	panda_child child;
	int code, ret;

	panda_log("init: started");
	ret = panda_child_spawn(FIRST_PROGRAM, &child);
	if (ret < 0) {
		panda_logf("init: cannot start %s: %s", FIRST_PROGRAM,
			   panda_strerror(ret));
		return 1;
	}
	ret = panda_child_wait(&child, &code);
	panda_child_release(&child);
	if (ret < 0) {
		panda_logf("init: waiting for %s failed: %s", FIRST_PROGRAM,
			   panda_strerror(ret));
		return 1;
	}
	panda_logf("init: %s exited with code %d", FIRST_PROGRAM, code);
	return code ? 1 : 0;
}
