// SPDX-License-Identifier: GPL-2.0
/*
 * init: the first process.  It starts the terminal (userspace.md 4;
 * issue 6): from /mnt if the disk has one, else from the initramfs, on
 * the serial console (the graphical terminal will be chosen here when a
 * display exists).  Without a terminal it runs hello, as before.  It
 * waits for what it started and reports how it ended; when init exits
 * the system halts.  The declarative service manager of services.md
 * replaces this (issue 8).
 */
#include <panda/panda.h>

static const char *const terminals[] = {
	"file:/mnt/terminal",
	"file:/initrd/terminal",
};

#define FALLBACK "file:/initrd/hello"

static bool exists(const char *uri)
{
	struct panda_file_stat st;

	return !panda_stat_path(uri, &st) && !st.is_dir;
}

int main(int argc, char **argv, char **envp)
{
	static const char *const args[] = { "terminal", "--serial" };
	const char *uri = NULL;
	panda_child child;
	int code, ret;
	size_t i;

	panda_log("init: started");
	for (i = 0; i < sizeof(terminals) / sizeof(terminals[0]); i++) {
		if (exists(terminals[i])) {
			uri = terminals[i];
			break;
		}
	}
	if (uri) {
		ret = panda_child_spawn_args(uri, args, 2, &child);
		if (!ret)
			panda_logf("init: started %s on the serial console",
				   uri);
	} else {
		uri = FALLBACK;
		ret = panda_child_spawn(uri, &child);
	}
	if (ret < 0) {
		panda_logf("init: cannot start %s: %s", uri,
			   panda_strerror(ret));
		return 1;
	}
	ret = panda_child_wait(&child, &code);
	panda_child_release(&child);
	if (ret < 0) {
		panda_logf("init: waiting for %s failed: %s", uri,
			   panda_strerror(ret));
		return 1;
	}
	panda_logf("init: %s exited with code %d", uri, code);
	return code ? 1 : 0;
}
