// SPDX-License-Identifier: GPL-2.0
/*
 * mailbox_child (tests.md 3.1), the peer of mailbox_test.  Argument 1
 * selects the mode:
 *
 *   (none)       send "hello from child" to the parent and exit 0.
 *   multi N      send "msg 1" .. "msg N" to the parent, exit 10 + N.
 *   echo         receive one message from the parent, send it back,
 *                exit 0.
 *   hear-parent  ipc.md 2.6 (Panda-C): the child's PANDA_HANDLE_PARENT is
 *                attached to its default mailbox with READABLE | CLOSED.
 *                Expect a READABLE record for the startup message, then
 *                one for the parent's "hi", tell the parent "heard", then
 *                expect CLOSED when the parent closes its process handle,
 *                and report "closed seen" on STDOUT (the parent can no
 *                longer wait for this process).
 */
#include <panda/panda.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../common/check.h"

#define PARENT	PANDA_HANDLE_PARENT

static char buf[PANDA_MAX_MESSAGE_SIZE];

static int send_str(panda_handle_t h, const char *s)
{
	long r = panda_sys_channel_send(h, s, strlen(s));

	CHECK(r == 0, "mailbox_child: send of \"%s\": %ld (%s)", s, r,
	      check_name(r));
	return 0;
}

static int expect_record(uint32_t want_event)
{
	long r = panda_sys_mailbox_wait(PANDA_HANDLE_MAILBOX);

	CHECK(r > 0, "mailbox_child: wait on the default mailbox: %ld (%s)",
	      r, check_name(r));
	CHECK((uint32_t)(r >> 32) == PARENT && (uint32_t)r == want_event,
	      "mailbox_child: record (0x%x, 0x%x), expected (0x%x, 0x%x)",
	      (uint32_t)(r >> 32), (uint32_t)r, PARENT, want_event);
	return 0;
}

static int hear_parent(void)
{
	long n;

	/* The startup message was the first READABLE (already consumed). */
	TRY(expect_record(PANDA_EVENT_CHANNEL_READABLE));
	TRY(expect_record(PANDA_EVENT_CHANNEL_READABLE));
	n = panda_sys_channel_try_recv(PARENT, buf, sizeof(buf));
	CHECK(n == 2 && !memcmp(buf, "hi", 2),
	      "mailbox_child: receive after the READABLE record: %ld", n);
	CHECK_EQ("mailbox_child: poll after the two records",
		 panda_sys_mailbox_poll(PANDA_HANDLE_MAILBOX), 0);
	TRY(send_str(PARENT, "heard"));
	TRY(expect_record(PANDA_EVENT_CHANNEL_CLOSED));
	panda_log("mailbox_child: parent's messages and close seen on the default mailbox");
	TRY(send_str(PANDA_HANDLE_STDOUT, "closed seen"));
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	const char *mode = argc > 1 ? argv[1] : "";
	char msg[32];
	long n;
	int i, count;

	if (!strcmp(mode, ""))
		return send_str(PARENT, "hello from child");
	if (!strcmp(mode, "multi") && argc > 2) {
		count = atoi(argv[2]);
		for (i = 1; i <= count; i++) {
			snprintf(msg, sizeof(msg), "msg %d", i);
			TRY(send_str(PARENT, msg));
		}
		return 10 + count;
	}
	if (!strcmp(mode, "echo")) {
		n = panda_sys_channel_recv(PARENT, buf, sizeof(buf));
		CHECK(n >= 0, "mailbox_child: echo receive: %ld (%s)", n,
		      check_name(n));
		CHECK_EQ("mailbox_child: echo send",
			 panda_sys_channel_send(PARENT, buf, n), 0);
		return 0;
	}
	if (!strcmp(mode, "hear-parent"))
		return hear_parent();
	panda_logf("FAIL: mailbox_child: unknown mode '%s'", mode);
	return 1;
}
