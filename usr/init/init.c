// SPDX-License-Identifier: GPL-2.0
/*
 * init: the first process (services.md 1.1).  It mounts the filesystems
 * of fstab.toml (or ext2 at /mnt), loads the service configs and runs
 * the service manager forever (usr/init/manager.h).
 *
 * Without any service config it falls back to starting the terminals
 * itself (userspace.md 4; issue 6): from /mnt if the disk has one, else
 * from the initramfs; the graphical terminal when a display exists, the
 * serial one on the serial console, both when both exist.  Without a
 * terminal it runs hello, as before.  It waits for what it started and
 * reports how each ended; when init exits the system halts.
 */
#include <panda/panda.h>
#include "manager.h"

#define FALLBACK "file:/initrd/hello"
#define MAX_STARTED 2

static const char *const terminals[] = {
	"file:/mnt/terminal",
	"file:/initrd/terminal",
};

struct started {
	panda_child child;
	const char *uri, *what;
};

static bool exists(const char *uri)
{
	struct panda_file_stat st;

	return !panda_stat_path(uri, &st) && !st.is_dir;
}

/* ------------------------------------------------------------ terminals */

static bool have_display(void)
{
	uint32_t w, h;

	return !panda_display_size(&w, &h);
}

static bool have_serial(void)
{
	panda_handle_t h;

	if (panda_open("console:/serial/0", 0, 0, &h))
		return false;
	panda_close(h);
	return true;
}

/*
 * Start the terminals this machine has: a window on the display (if the
 * terminal was built with it), a serial one on the console; the serial one
 * also when nothing is found, so the system stays usable.  Returns how
 * many started (in out[]).
 */
static size_t start_terminals(struct started *out)
{
	static const char *const gfx_args[] = { "terminal", "--display",
						"window" };
	static const char *const serial_args[] = { "terminal", "--serial" };
	const char *uri = NULL;
	bool display = have_display(), serial = have_serial();
	size_t i, n = 0;

	for (i = 0; i < sizeof(terminals) / sizeof(terminals[0]); i++) {
		if (exists(terminals[i])) {
			uri = terminals[i];
			break;
		}
	}
	if (!uri)
		return 0;
	if (display &&
	    !panda_child_spawn_args(uri, gfx_args, 3, &out[n].child)) {
		out[n].uri = uri;
		out[n++].what = "on the display";
	}
	if ((serial || !n) &&
	    !panda_child_spawn_args(uri, serial_args, 2, &out[n].child)) {
		out[n].uri = uri;
		out[n++].what = "on the serial console";
	}
	return n;
}

/* ------------------------------------------------------------ fallback */

/* No service configs (services.md 11.3): the terminals, waited for. */
static int run_terminals(void)
{
	struct started run[MAX_STARTED];
	size_t n, i;
	int code, ret, status = 0;

	n = start_terminals(run);
	for (i = 0; i < n; i++)
		panda_logf("init: started %s %s", run[i].uri, run[i].what);
	if (!n) {
		ret = panda_child_spawn(FALLBACK, &run[0].child);
		if (ret < 0) {
			panda_logf("init: cannot start %s: %s", FALLBACK,
				   panda_strerror(ret));
			return 1;
		}
		run[0].uri = FALLBACK;
		run[0].what = "";
		n = 1;
	}
	for (i = 0; i < n; i++) {
		ret = panda_child_wait(&run[i].child, &code);
		panda_child_release(&run[i].child);
		if (ret < 0) {
			panda_logf("init: waiting for %s failed: %s",
				   run[i].uri, panda_strerror(ret));
			status = 1;
			continue;
		}
		panda_logf("init: %s exited with code %d", run[i].uri, code);
		if (code)
			status = 1;
	}
	return status;
}

/* ------------------------------------------------------------ main */

int main(int argc, char **argv, char **envp)
{
	panda_log("init: started");
	if (!mounts_setup())
		return 1;
	if (!configs_load()) {
		panda_log("init: no service configs found, spawning terminal directly");
		return run_terminals();
	}
	/* Plan and log it, register, then execute (services.md 1.1). */
	manager_plan(NULL);
	commands_register();
	manager_run();
}
