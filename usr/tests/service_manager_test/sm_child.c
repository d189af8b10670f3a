// SPDX-License-Identifier: GPL-2.0
/*
 * sm_child NAME: a service of service_manager_test.
 *   crasher   exits with 1 at once;
 *   flaky     exits with 1 after 300 ms (longer than its stability
 *             timer of 2 x 50 ms);
 *   chatty    checks the manager's terminal role (a console-mode service
 *             has a pipe as STDOUT, queries are answered 80 x 24 without
 *             colours, input requests get no input) and exits 0, or 1;
 *   stubborn  never reads its parent channel (only SIGKILL ends it);
 *   others    say they are ready, then wait on the parent channel for
 *             Terminate and exit 0 after saying so.
 */
#include <panda/panda.h>
#include <stdio.h>
#include <string.h>

static int chatty(void)
{
	struct panda_term_caps caps;
	uint16_t cols, rows;
	panda_value *v = panda_value_string("chatty on the console\n");
	char *line = NULL;
	int err;

	err = panda_write_value(v);
	panda_value_free(v);
	if (err)
		return 1;
	if (panda_term_size(&cols, &rows) || cols != 80 || rows != 24)
		return 1;
	if (panda_term_capabilities(&caps) ||
	    caps.colours != PANDA_TERM_COLOURS_NONE || !caps.unicode)
		return 1;
	if (panda_term_read_line(&line))
		return 1;
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	enum panda_term_signal sig;
	panda_mailbox mb;
	panda_handle_t h;
	uint32_t ev;
	char line[96];

	if (argc != 2)
		return 2;
	if (!strcmp(argv[1], "crasher"))
		return 1;
	if (!strcmp(argv[1], "chatty"))
		return chatty();
	if (!strcmp(argv[1], "flaky")) {
		panda_sleep_ms(300);
		return 1;
	}
	if (!strcmp(argv[1], "stubborn")) {
		/* A private mailbox nothing is attached to: waits forever. */
		if (panda_mailbox_create(&mb))
			return 3;
		panda_mailbox_recv(mb, &h, &ev);
		return 4;
	}
	snprintf(line, sizeof(line), "%s ready", argv[1]);
	panda_term_println(line);
	for (;;) {
		if (panda_signal_dispatch(true) < 0)
			return 5; /* the manager went away */
		while (panda_term_signal_pending(&sig)) {
			if (sig != PANDA_TERM_SIG_TERMINATE)
				continue;
			snprintf(line, sizeof(line), "%s: got Terminate, bye",
				 argv[1]);
			panda_term_println(line);
			return 0;
		}
	}
}
