// SPDX-License-Identifier: GPL-2.0
/*
 * channel_child (tests.md 3.1), the peer of channel_test.  The mode is
 * argument 1:
 *
 *   (none)      ping -> pong with the parent, then the other way round,
 *               then a 4096-byte message each way.
 *   flood       20 numbered blocking sends on the parent channel (the
 *               queue holds 16, so the sender blocks until the parent
 *               drains), then exit.
 *   block-recv  tell the parent "ready", then a blocking receive on
 *               STDIN, which must end with CHANNEL_CLOSED when the parent
 *               closes the other end.
 *   block-send  fill STDOUT (16 messages, the 17th would block), tell the
 *               parent "ready", then a blocking send that must end with
 *               CHANNEL_CLOSED when the parent closes the other end.
 *   forward     tell the parent "ready", then receive one message on STDIN
 *               (blocking) and send it on to the parent.
 *
 * Exit code 0 when everything was as expected, 1 otherwise (after a
 * "FAIL: ..." line).
 */
#include <panda/panda.h>
#include <string.h>
#include "../common/check.h"

#define PARENT	PANDA_HANDLE_PARENT

static uint8_t buf[PANDA_MAX_MESSAGE_SIZE];

static int expect_msg(panda_handle_t h, const char *want)
{
	long n = panda_sys_channel_recv(h, buf, sizeof(buf));

	CHECK(n >= 0, "channel_child: receive of \"%s\": %ld (%s)", want, n,
	      check_name(n));
	CHECK(n == (long)strlen(want) && !memcmp(buf, want, n),
	      "channel_child: received %ld bytes, expected \"%s\"", n, want);
	return 0;
}

static int send_str(panda_handle_t h, const char *s)
{
	CHECK_EQ("channel_child: send", panda_sys_channel_send(h, s, strlen(s)),
		 0);
	return 0;
}

static int pingpong(void)
{
	long n;
	size_t i;

	TRY(expect_msg(PARENT, "ping"));
	panda_log("channel_child: received ping, sending pong");
	TRY(send_str(PARENT, "pong"));
	/* The other direction: the child asks, the parent answers. */
	TRY(send_str(PARENT, "ping"));
	TRY(expect_msg(PARENT, "pong"));
	panda_log("channel_child: received pong from the parent");
	/* A maximum-size message each way. */
	n = panda_sys_channel_recv(PARENT, buf, sizeof(buf));
	CHECK_EQ("channel_child: receive of the 4096-byte message", n, 4096);
	for (i = 0; i < 4096; i++)
		CHECK(buf[i] == (uint8_t)(i * 7 + 3),
		      "channel_child: byte %zu of the big message is 0x%x", i,
		      buf[i]);
	TRY(send_str(PARENT, "big ok"));
	for (i = 0; i < 4096; i++)
		buf[i] = (uint8_t)(i * 13 + 1);
	CHECK_EQ("channel_child: send of a 4096-byte message",
		 panda_sys_channel_send(PARENT, buf, 4096), 0);
	return 0;
}

static int flood(void)
{
	uint32_t i;

	for (i = 1; i <= 20; i++)
		CHECK_EQ("channel_child: flood send",
			 panda_sys_channel_send(PARENT, &i, sizeof(i)), 0);
	return 0;
}

static int block_recv(void)
{
	TRY(send_str(PARENT, "ready"));
	CHECK_EQ("channel_child: blocking receive on STDIN",
		 panda_sys_channel_recv(PANDA_HANDLE_STDIN, buf, sizeof(buf)),
		 -PANDA_ERR_CHANNEL_CLOSED);
	panda_log("channel_child: blocked receive woken by CHANNEL_CLOSED");
	return 0;
}

static int block_send(void)
{
	int i;

	for (i = 0; i < PANDA_DEFAULT_QUEUE_CAPACITY; i++)
		CHECK_EQ("channel_child: filling STDOUT",
			 panda_sys_channel_try_send(PANDA_HANDLE_STDOUT, "x", 1),
			 0);
	CHECK_EQ("channel_child: 17th non-blocking send",
		 panda_sys_channel_try_send(PANDA_HANDLE_STDOUT, "x", 1),
		 -PANDA_ERR_WOULD_BLOCK);
	TRY(send_str(PARENT, "ready"));
	CHECK_EQ("channel_child: blocking send on a full STDOUT",
		 panda_sys_channel_send(PANDA_HANDLE_STDOUT, "x", 1),
		 -PANDA_ERR_CHANNEL_CLOSED);
	panda_log("channel_child: blocked send woken by CHANNEL_CLOSED");
	return 0;
}

static int forward(void)
{
	long n;

	TRY(send_str(PARENT, "ready"));
	n = panda_sys_channel_recv(PANDA_HANDLE_STDIN, buf, sizeof(buf));
	CHECK(n >= 0, "channel_child: forward: receive on STDIN: %ld (%s)", n,
	      check_name(n));
	CHECK_EQ("channel_child: forward: send",
		 panda_sys_channel_send(PARENT, buf, n), 0);
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (!strcmp(mode, ""))
		return pingpong();
	if (!strcmp(mode, "flood"))
		return flood();
	if (!strcmp(mode, "block-recv"))
		return block_recv();
	if (!strcmp(mode, "block-send"))
		return block_send();
	if (!strcmp(mode, "forward"))
		return forward();
	panda_logf("FAIL: channel_child: unknown mode '%s'", mode);
	return 1;
}
