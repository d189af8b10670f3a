// SPDX-License-Identifier: GPL-2.0
/*
 * args_child (tests.md 3.1): logs each argument on its own line and
 * reports them to the parent as one message, the arguments joined by
 * '\n' (empty for argc = 0), on STDOUT if the parent gave one, else on
 * PANDA_HANDLE_PARENT.  Exits 0 if argv is well formed (argv[argc] is
 * NULL, argc >= 0), 1 otherwise.
 */
#include <panda/panda.h>
#include <stdlib.h>
#include <string.h>
#include "../common/check.h"

static char report[PANDA_MAX_MESSAGE_SIZE];

int main(int argc, char **argv, char **envp)
{
	size_t len = 0, n;
	panda_handle_t to;
	long r;
	int i;

	CHECK(argc >= 0 && argv && !argv[argc],
	      "args_child: argc %d, argv[argc] not NULL", argc);
	CHECK(argc == panda_argc() && argv == panda_argv(),
	      "args_child: main's argc/argv differ from panda_argc/argv");
	panda_logf("args_child: argc = %d", argc);
	for (i = 0; i < argc; i++) {
		n = strlen(argv[i]);
		if (n <= 64)
			panda_logf("args_child: argv[%d] = %s", i, argv[i]);
		else
			panda_logf("args_child: argv[%d] = <%zu bytes>", i, n);
		CHECK(len + n + 1 <= sizeof(report),
		      "args_child: arguments longer than one message");
		if (i)
			report[len++] = '\n';
		memcpy(report + len, argv[i], n);
		len += n;
	}
	to = panda_handle_exists(PANDA_HANDLE_STDOUT) ? PANDA_HANDLE_STDOUT
						       : PANDA_HANDLE_PARENT;
	r = panda_sys_channel_send(to, report, len);
	CHECK(r == 0, "args_child: report on 0x%x: %ld (%s)", to, r,
	      check_name(r));
	return 0;
}
