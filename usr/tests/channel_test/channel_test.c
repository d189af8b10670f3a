// SPDX-License-Identifier: GPL-2.0
/*
 * channel_test (tests.md 3, ipc.md 2): channels between processes and
 * within one.
 *
 *  1. tests.md's flow: spawn channel_child, send "ping" on the process
 *     handle, expect "pong", then the child pings and the parent pongs;
 *     a 4096-byte message each way; wait for exit code 0; afterwards the
 *     process handle reports CHANNEL_CLOSED.
 *  2. Within this process (CHANNEL_CREATE): 4096 bytes accepted, 4097
 *     rejected with MESSAGE_TOO_LARGE (nothing queued); empty messages;
 *     16 queued then WOULD_BLOCK, per direction, FIFO order;
 *     BUFFER_TOO_SMALL keeps the message; a bad buffer loses nothing;
 *     after a close the peer drains the queue before CHANNEL_CLOSED; the
 *     order of the send checks; bad handles.
 *  3. Blocking across processes: a sender blocked on a full queue resumes
 *     when the receiver drains, and what it queued before exiting is
 *     still received after the exit; a close wakes a receiver blocked on
 *     an empty queue and a sender blocked on a full one; two receivers
 *     blocked on one endpoint (shared as both children's STDIN) are both
 *     served.
 *  4. 50 pairs with full queues both ways, closed: the memory check at
 *     halt proves queued messages are freed.
 *  5. Send checks a bad source pointer first (INVALID_ARGUMENT), before
 *     the handle and the size (ipc.md 2.2).
 */
#include <panda/panda.h>
#include <string.h>
#include "../common/check.h"

#define CHILD	"file:/initrd/channel_child"
#define QDEPTH	PANDA_DEFAULT_QUEUE_CAPACITY

static uint8_t buf[PANDA_MAX_MESSAGE_SIZE + 1];

static int expect_msg(panda_handle_t h, const char *want)
{
	long n = panda_sys_channel_recv(h, buf, sizeof(buf));

	CHECK(n >= 0, "receive of \"%s\" on 0x%x: %ld (%s)", want, h, n,
	      check_name(n));
	CHECK(n == (long)strlen(want) && !memcmp(buf, want, n),
	      "received %ld bytes on 0x%x, expected \"%s\"", n, h, want);
	return 0;
}

static int send_str(panda_handle_t h, const char *s)
{
	long r = panda_sys_channel_send(h, s, strlen(s));

	CHECK(r == 0, "send of \"%s\" on 0x%x: %ld (%s)", s, h, r,
	      check_name(r));
	return 0;
}

static int spawn_mode(const char *mode, panda_handle_t in, panda_handle_t out,
		      panda_child *c)
{
	panda_child_builder *b = panda_child_builder_new(CHILD);
	int err;

	panda_cb_arg(b, "channel_child");
	panda_cb_arg(b, mode);
	if (in)
		panda_cb_stdin(b, in);
	if (out)
		panda_cb_stdout(b, out);
	err = panda_cb_spawn(b, c);
	CHECK(!err, "spawn of channel_child %s: %d (%s)", mode, err,
	      check_name(err));
	return 0;
}

static int wait_ok(panda_child *c, const char *what)
{
	int code = -1, err = panda_child_wait(c, &code);

	CHECK(!err, "wait for %s: %d (%s)", what, err, check_name(err));
	CHECK(code == 0, "%s exited with code %d", what, code);
	return 0;
}

/* Give the other runnable processes the CPU until they block. */
static void let_others_run(void)
{
	int i;

	for (i = 0; i < 20; i++)
		panda_yield();
}

/* 1. The catalogue's ping/pong, both ways, and maximum-size messages. */
static int test_ping_pong(void)
{
	panda_child c;
	long n;
	size_t i;
	int err;

	err = panda_child_spawn(CHILD, &c);
	CHECK(!err, "spawn of channel_child: %d (%s)", err, check_name(err));
	panda_log("Channel test: child spawned, sending ping...");
	TRY(send_str(c.h, "ping"));
	panda_log("Channel test: ping sent, waiting for pong...");
	TRY(expect_msg(c.h, "pong"));
	panda_log("Channel test: received pong!");

	TRY(expect_msg(c.h, "ping"));
	TRY(send_str(c.h, "pong"));
	panda_log("Channel test: ping/pong the other way OK");

	for (i = 0; i < 4096; i++)
		buf[i] = (uint8_t)(i * 7 + 3);
	CHECK_EQ("send of 4097 bytes on the process handle",
		 panda_sys_channel_send(c.h, buf, 4097),
		 -PANDA_ERR_MESSAGE_TOO_LARGE);
	CHECK_EQ("send of 4096 bytes on the process handle",
		 panda_sys_channel_send(c.h, buf, 4096), 0);
	TRY(expect_msg(c.h, "big ok"));
	CHECK_EQ("receive of the child's 4096 bytes into 4095",
		 panda_sys_channel_recv(c.h, buf, 4095),
		 -PANDA_ERR_BUFFER_TOO_SMALL);
	n = panda_sys_channel_recv(c.h, buf, 4096);
	CHECK_EQ("receive of the child's 4096 bytes", n, 4096);
	for (i = 0; i < 4096; i++)
		CHECK(buf[i] == (uint8_t)(i * 13 + 1),
		      "byte %zu of the child's big message is 0x%x", i, buf[i]);
	panda_log("Channel test: 4096-byte messages both ways OK");

	TRY(wait_ok(&c, "channel_child"));
	panda_log("Channel test: child exited successfully");
	/* The child's end died with it. */
	CHECK_EQ("receive on the handle of an exited child",
		 panda_sys_channel_recv(c.h, buf, sizeof(buf)),
		 -PANDA_ERR_CHANNEL_CLOSED);
	CHECK_EQ("send on the handle of an exited child",
		 panda_sys_channel_send(c.h, "x", 1),
		 -PANDA_ERR_CHANNEL_CLOSED);
	panda_child_release(&c);
	return 0;
}

/* 2a. Size limits: 4096 is accepted, 4097 refused without queueing. */
static int test_sizes(void)
{
	panda_handle_t a, b;
	size_t i;
	int err = panda_channel_create(&a, &b);

	CHECK(!err, "CHANNEL_CREATE: %d (%s)", err, check_name(err));
	CHECK(panda_handle_tag(a) == PANDA_TAG_CHANNEL &&
	      panda_handle_tag(b) == PANDA_TAG_CHANNEL && a != b,
	      "CHANNEL_CREATE gave 0x%x and 0x%x", a, b);
	for (i = 0; i <= 4096; i++)
		buf[i] = (uint8_t)i;
	CHECK_EQ("send of 4097 bytes", panda_sys_channel_send(a, buf, 4097),
		 -PANDA_ERR_MESSAGE_TOO_LARGE);
	CHECK_EQ("non-blocking send of 4097 bytes",
		 panda_sys_channel_try_send(a, buf, 4097),
		 -PANDA_ERR_MESSAGE_TOO_LARGE);
	CHECK_EQ("receive after the refused 4097-byte send",
		 panda_sys_channel_try_recv(b, buf, sizeof(buf)),
		 -PANDA_ERR_WOULD_BLOCK);
	CHECK_EQ("send of 4096 bytes", panda_sys_channel_send(a, buf, 4096),
		 0);
	memset(buf, 0, sizeof(buf));
	CHECK_EQ("receive of 4096 bytes",
		 panda_sys_channel_recv(b, buf, sizeof(buf)), 4096);
	for (i = 0; i < 4096; i++)
		CHECK(buf[i] == (uint8_t)i, "byte %zu received as 0x%x", i,
		      buf[i]);
	/* Empty messages are messages. */
	CHECK_EQ("send of 0 bytes", panda_sys_channel_send(b, buf, 0), 0);
	CHECK_EQ("receive of 0 bytes into 0", panda_sys_channel_recv(a, buf, 0),
		 0);
	CHECK_EQ("queue after the empty message",
		 panda_sys_channel_try_recv(a, buf, sizeof(buf)),
		 -PANDA_ERR_WOULD_BLOCK);
	CHECK_EQ("close A", panda_sys_close(a), 0);
	CHECK_EQ("close B", panda_sys_close(b), 0);
	panda_log("Channel test: 4096 bytes accepted, 4097 rejected with MESSAGE_TOO_LARGE");
	return 0;
}

/* 2b. 16 messages per direction, then WOULD_BLOCK; FIFO. */
static int test_queue_depth(void)
{
	panda_handle_t a, b;
	uint32_t i, v;
	int err = panda_channel_create(&a, &b);

	CHECK(!err, "CHANNEL_CREATE: %d (%s)", err, check_name(err));
	for (i = 0; i < QDEPTH; i++)
		CHECK_EQ("queued non-blocking send",
			 panda_sys_channel_try_send(a, &i, sizeof(i)), 0);
	CHECK_EQ("17th non-blocking send", panda_sys_channel_try_send(a, &i, 4),
		 -PANDA_ERR_WOULD_BLOCK);
	/* The other direction has its own queue. */
	CHECK_EQ("send B->A while A->B is full",
		 panda_sys_channel_try_send(b, "back", 4), 0);
	TRY(expect_msg(a, "back"));
	for (i = 0; i < QDEPTH; i++) {
		v = 0xffffffff;
		CHECK_EQ("receive of a queued message",
			 panda_sys_channel_try_recv(b, &v, sizeof(v)), 4);
		CHECK(v == i, "message %u received as %u (not FIFO)", i, v);
		if (i == 0)	/* one slot free again */
			CHECK_EQ("send after one receive",
				 panda_sys_channel_try_send(a, "n", 1), 0);
	}
	TRY(expect_msg(b, "n"));
	CHECK_EQ("receive from the drained queue",
		 panda_sys_channel_try_recv(b, buf, sizeof(buf)),
		 -PANDA_ERR_WOULD_BLOCK);
	CHECK_EQ("close A", panda_sys_close(a), 0);
	CHECK_EQ("close B", panda_sys_close(b), 0);
	panda_log("Channel test: 16 queued, then WOULD_BLOCK");
	return 0;
}

/* 2c. A short buffer, and a bad one, leave the message at the head. */
static int test_small_buffer(void)
{
	static const char msg[] = "a message of forty bytes, more or less!";
	const long len = sizeof(msg) - 1;
	panda_handle_t a, b;
	int err = panda_channel_create(&a, &b);

	CHECK(!err, "CHANNEL_CREATE: %d (%s)", err, check_name(err));
	TRY(send_str(a, msg));
	TRY(send_str(a, "second"));
	CHECK_EQ("receive into a buffer one byte short",
		 panda_sys_channel_recv(b, buf, len - 1),
		 -PANDA_ERR_BUFFER_TOO_SMALL);
	CHECK_EQ("non-blocking receive into 0 bytes",
		 panda_sys_channel_try_recv(b, buf, 0),
		 -PANDA_ERR_BUFFER_TOO_SMALL);
	/* Panda-C: an invalid buffer fails before anything is dequeued. */
	CHECK_EQ("receive into an unmapped user address",
		 panda_sys_channel_recv(b, (void *)0x1000, 64),
		 -PANDA_ERR_INVALID_ARGUMENT);
	CHECK_EQ("receive into a kernel address",
		 panda_sys_channel_recv(b, (void *)0xffff800000000000ul, 64),
		 -PANDA_ERR_INVALID_ARGUMENT);
	TRY(expect_msg(b, msg));	/* exactly the right size */
	TRY(expect_msg(b, "second"));
	/* A bad source pointer is refused before anything is queued. */
	CHECK_EQ("send from an unmapped address",
		 panda_sys_channel_send(a, (void *)0x1000, 16),
		 -PANDA_ERR_INVALID_ARGUMENT);
	CHECK_EQ("receive after the refused send",
		 panda_sys_channel_try_recv(b, buf, sizeof(buf)),
		 -PANDA_ERR_WOULD_BLOCK);
	CHECK_EQ("close A", panda_sys_close(a), 0);
	CHECK_EQ("close B", panda_sys_close(b), 0);
	panda_log("Channel test: BUFFER_TOO_SMALL keeps the message");
	return 0;
}

/* 2d. Close: the survivor drains, then sees CHANNEL_CLOSED for good. */
static int test_close_drain(void)
{
	panda_handle_t a, b;
	int err = panda_channel_create(&a, &b);

	CHECK(!err, "CHANNEL_CREATE: %d (%s)", err, check_name(err));
	TRY(send_str(a, "one"));
	TRY(send_str(a, "two"));
	TRY(send_str(a, "three"));
	CHECK_EQ("close A with three messages queued", panda_sys_close(a), 0);
	TRY(expect_msg(b, "one"));
	CHECK_EQ("short receive after the close",
		 panda_sys_channel_recv(b, buf, 1),
		 -PANDA_ERR_BUFFER_TOO_SMALL);
	TRY(expect_msg(b, "two"));
	TRY(expect_msg(b, "three"));
	CHECK_EQ("receive after draining",
		 panda_sys_channel_recv(b, buf, sizeof(buf)),
		 -PANDA_ERR_CHANNEL_CLOSED);
	CHECK_EQ("non-blocking receive after draining",
		 panda_sys_channel_try_recv(b, buf, sizeof(buf)),
		 -PANDA_ERR_CHANNEL_CLOSED);
	CHECK_EQ("send to a closed peer", panda_sys_channel_send(b, "x", 1),
		 -PANDA_ERR_CHANNEL_CLOSED);
	CHECK_EQ("non-blocking send to a closed peer",
		 panda_sys_channel_try_send(b, "x", 1),
		 -PANDA_ERR_CHANNEL_CLOSED);
	/* ipc.md 2.2: the size check comes before the closed check. */
	CHECK_EQ("send of 4097 bytes to a closed peer",
		 panda_sys_channel_send(b, buf, 4097),
		 -PANDA_ERR_MESSAGE_TOO_LARGE);
	CHECK_EQ("send on the closed handle itself",
		 panda_sys_channel_send(a, "x", 1), -PANDA_ERR_BAD_HANDLE);
	CHECK_EQ("close B", panda_sys_close(b), 0);
	CHECK_EQ("second close of B", panda_sys_close(b), -PANDA_ERR_BAD_HANDLE);
	CHECK_EQ("receive on the closed handle",
		 panda_sys_channel_recv(b, buf, sizeof(buf)),
		 -PANDA_ERR_BAD_HANDLE);
	panda_log("Channel test: queued messages drained before CHANNEL_CLOSED");
	return 0;
}

/* 2e. Handles that are not channels. */
static int test_bad_handles(void)
{
	CHECK_EQ("send on made-up handle 0xDEAD",
		 panda_sys_channel_try_send(0xDEAD, "x", 1),
		 -PANDA_ERR_BAD_HANDLE);
	CHECK_EQ("receive on made-up handle 0xDEAD",
		 panda_sys_channel_try_recv(0xDEAD, buf, sizeof(buf)),
		 -PANDA_ERR_BAD_HANDLE);
	/* ipc.md 4.5: the first process has no parent channel. */
	CHECK_EQ("send on PANDA_HANDLE_PARENT in init",
		 panda_sys_channel_send(PANDA_HANDLE_PARENT, "x", 1),
		 -PANDA_ERR_BAD_HANDLE);
	CHECK_EQ("receive on PANDA_HANDLE_PARENT in init",
		 panda_sys_channel_recv(PANDA_HANDLE_PARENT, buf, sizeof(buf)),
		 -PANDA_ERR_BAD_HANDLE);
	CHECK_EQ("send on the default mailbox",
		 panda_sys_channel_send(PANDA_HANDLE_MAILBOX, "x", 1),
		 -PANDA_ERR_BAD_HANDLE);
	CHECK_EQ("send of 4097 bytes on a bad handle",
		 panda_sys_channel_send(0xDEAD, buf, 4097),
		 -PANDA_ERR_BAD_HANDLE);
	panda_log("Channel test: bad handles rejected with BAD_HANDLE");
	return 0;
}

/*
 * 3a. The child sends 20 messages: it blocks at 16 until we take some,
 * and exits while 16 are still queued; those arrive before CHANNEL_CLOSED.
 */
static int test_blocked_sender(void)
{
	panda_child c;
	uint32_t i, v;

	TRY(spawn_mode("flood", 0, 0, &c));
	let_others_run();	/* the child fills the queue and blocks */
	for (i = 1; i <= 4; i++) {
		v = 0;
		CHECK_EQ("receive from the flooding child",
			 panda_sys_channel_recv(c.h, &v, sizeof(v)), 4);
		CHECK(v == i, "flood message %u received as %u", i, v);
	}
	TRY(wait_ok(&c, "channel_child flood"));
	for (i = 5; i <= 20; i++) {
		v = 0;
		CHECK_EQ("receive after the child exited",
			 panda_sys_channel_try_recv(c.h, &v, sizeof(v)), 4);
		CHECK(v == i, "flood message %u received as %u", i, v);
	}
	CHECK_EQ("receive once the exited child's messages are drained",
		 panda_sys_channel_recv(c.h, buf, sizeof(buf)),
		 -PANDA_ERR_CHANNEL_CLOSED);
	panda_child_release(&c);
	panda_log("Channel test: blocked sender resumed; messages outlive the sender");
	return 0;
}

/* 3b. A close wakes the peer blocked in receive, and in send. */
static int test_close_wakes(const char *mode, bool child_reads)
{
	panda_handle_t a, b;
	panda_child c;
	int err = panda_channel_create(&a, &b);

	CHECK(!err, "CHANNEL_CREATE: %d (%s)", err, check_name(err));
	/* The child gets B; we keep A only, so closing A closes the pair. */
	TRY(spawn_mode(mode, child_reads ? b : 0, child_reads ? 0 : b, &c));
	CHECK_EQ("close of our copy of B", panda_sys_close(b), 0);
	TRY(expect_msg(c.h, "ready"));
	let_others_run();	/* the child blocks */
	CHECK_EQ("close of A", panda_sys_close(a), 0);
	TRY(wait_ok(&c, mode));
	panda_child_release(&c);
	return 0;
}

/* 3c. Two processes blocked on the same endpoint: nobody is forgotten. */
static int test_shared_endpoint(void)
{
	panda_handle_t a, b;
	panda_child c1, c2;
	bool got1 = false, got2 = false;
	long n;
	int i, err = panda_channel_create(&a, &b);

	CHECK(!err, "CHANNEL_CREATE: %d (%s)", err, check_name(err));
	TRY(spawn_mode("forward", b, 0, &c1));
	TRY(spawn_mode("forward", b, 0, &c2));
	CHECK_EQ("close of our copy of B", panda_sys_close(b), 0);
	TRY(expect_msg(c1.h, "ready"));
	TRY(expect_msg(c2.h, "ready"));
	let_others_run();	/* both block receiving on B */
	TRY(send_str(a, "m1"));
	let_others_run();
	TRY(send_str(a, "m2"));
	for (i = 0; i < 2; i++) {
		panda_child *c = i ? &c2 : &c1;

		n = panda_sys_channel_recv(c->h, buf, sizeof(buf));
		CHECK(n == 2 && buf[0] == 'm' && (buf[1] == '1' || buf[1] == '2'),
		      "forwarder %d: %ld (%s)", i + 1, n, check_name(n));
		if (buf[1] == '1')
			got1 = true;
		else
			got2 = true;
		TRY(wait_ok(c, "channel_child forward"));
		panda_child_release(c);
	}
	CHECK(got1 && got2, "the two receivers got m1 %d, m2 %d", got1, got2);
	CHECK_EQ("close of A", panda_sys_close(a), 0);
	panda_log("Channel test: two receivers blocked on one endpoint both served");
	return 0;
}

/*
 * 5. ipc.md 2.2: "The kernel copies the message out of the caller's memory
 * first (a bad pointer fails with PANDA_ERR_INVALID_ARGUMENT before
 * anything else)", then checks the handle and the size.  Run last so that
 * a failure here does not hide the other results.
 */
static int test_bad_pointer_first(void)
{
	panda_handle_t a, b;
	long r1, r2;
	int err = panda_channel_create(&a, &b);

	CHECK(!err, "CHANNEL_CREATE: %d (%s)", err, check_name(err));
	r1 = panda_sys_channel_send(0xDEAD, (void *)0x1000, 16);
	r2 = panda_sys_channel_send(a, (void *)0x1000, 5000);
	CHECK_EQ("close A", panda_sys_close(a), 0);
	CHECK_EQ("close B", panda_sys_close(b), 0);
	CHECK(r1 == -PANDA_ERR_INVALID_ARGUMENT &&
	      r2 == -PANDA_ERR_INVALID_ARGUMENT,
	      "ipc.md 2.2, a bad pointer comes first: send(0xDEAD, "
	      "unmapped 0x1000, 16) got %ld (%s), send(channel, unmapped "
	      "0x1000, 5000) got %ld (%s); both should be %d (%s)",
	      r1, check_name(r1), r2, check_name(r2),
	      -PANDA_ERR_INVALID_ARGUMENT,
	      check_name(-PANDA_ERR_INVALID_ARGUMENT));
	panda_log("Channel test: a bad pointer is reported before the handle and size checks");
	return 0;
}

/* 4. Closing pairs with messages queued frees them (memory check). */
static int test_teardown(void)
{
	panda_handle_t a, b;
	int i, k, err;

	for (i = 0; i < 50; i++) {
		err = panda_channel_create(&a, &b);
		CHECK(!err, "CHANNEL_CREATE %d: %d (%s)", i, err,
		      check_name(err));
		for (k = 0; k < QDEPTH; k++) {
			CHECK_EQ("send A->B", panda_sys_channel_try_send(a, buf,
					k * 256), 0);
			CHECK_EQ("send B->A", panda_sys_channel_try_send(b, buf,
					4096), 0);
		}
		CHECK_EQ("close A", panda_sys_close(i & 1 ? b : a), 0);
		CHECK_EQ("close B", panda_sys_close(i & 1 ? a : b), 0);
	}
	panda_log("Channel test: 50 pairs closed with full queues");
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	panda_log("Channel test: starting");
	TRY(test_ping_pong());
	TRY(test_sizes());
	TRY(test_queue_depth());
	TRY(test_small_buffer());
	TRY(test_close_drain());
	TRY(test_bad_handles());
	TRY(test_blocked_sender());
	TRY(test_close_wakes("block-recv", true));
	panda_log("Channel test: close woke a receiver blocked on an empty queue");
	TRY(test_close_wakes("block-send", false));
	panda_log("Channel test: close woke a sender blocked on a full queue");
	TRY(test_shared_endpoint());
	TRY(test_teardown());
	TRY(test_bad_pointer_first());
	panda_log("PASS");
	return 0;
}
