// SPDX-License-Identifier: GPL-2.0
/*
 * mailbox_test (tests.md 3, ipc.md 3): mailboxes as event logs.
 *
 *  1. tests.md's flow: mailbox_child spawned on the default mailbox with
 *     READABLE | CLOSED sends "hello from child" and exits; within 10
 *     waits we see READABLE (and read that message) then CLOSED for the
 *     child's handle; PROCESS_EXITED, not in the mask, never shows up.
 *  2. Three children on one MAILBOX_CREATE mailbox, with EXITED too:
 *     every record names its child's handle and carries one flag; one
 *     READABLE per message, CLOSED once after them, EXITED once after
 *     CLOSED; nothing else (a final poll is empty).
 *  3. Poll vs wait: poll on an empty mailbox returns 0 at once; a poll
 *     loop and a blocking wait both deliver a child's EXITED; masks filter.
 *  4. MAILBOX_ATTACH on CHANNEL_CREATE ends: READABLE per message,
 *     WRITABLE when a full queue is dequeued, CLOSED; re-attaching
 *     replaces (other mailbox, other mask), mask 0 detaches; records
 *     outlive the source's handle; a mailbox closed under an attached
 *     source; bad handles.
 *  5. MAILBOX_ATTACH on a process handle after spawn: READABLE, CLOSED,
 *     EXITED in that order.
 *  6. The child's PANDA_HANDLE_PARENT is attached to its default mailbox
 *     (ipc.md 2.6): it hears the parent's messages and close.
 *  7. An unbounded queue: 170 records posted while some are taken (the
 *     queue grows while its head moves), all in order, none merged.
 *  8. Spawn with a mailbox argument that names no mailbox (made up, or a
 *     channel) still succeeds, registering nothing (ipc.md 3.1).
 */
#include <panda/panda.h>
#include <stdio.h>
#include <string.h>
#include "../common/check.h"

#define CHILD		"file:/initrd/mailbox_child"
#define READABLE	PANDA_EVENT_CHANNEL_READABLE
#define WRITABLE	PANDA_EVENT_CHANNEL_WRITABLE
#define CLOSED		PANDA_EVENT_CHANNEL_CLOSED
#define EXITED		PANDA_EVENT_PROCESS_EXITED

static char buf[PANDA_MAX_MESSAGE_SIZE];

static int spawn_on(const char *const *argv, size_t argc, panda_handle_t mb,
		    uint32_t mask, panda_handle_t out, panda_child *c)
{
	panda_child_builder *b = panda_child_builder_new(CHILD);
	int err;

	panda_cb_args(b, argv, argc);
	if (mb)
		panda_cb_mailbox(b, mb, mask);
	if (out)
		panda_cb_stdout(b, out);
	err = panda_cb_spawn(b, c);
	CHECK(!err, "spawn of mailbox_child %s: %d (%s)",
	      argc > 1 ? argv[1] : "", err, check_name(err));
	return 0;
}

static int wait_code(panda_child *c, int want, const char *what)
{
	int code = -1, err = panda_child_wait(c, &code);

	CHECK(!err, "wait for %s: %d (%s)", what, err, check_name(err));
	CHECK(code == want, "%s exited with code %d, expected %d", what, code,
	      want);
	panda_child_release(c);
	return 0;
}

static int expect_msg(panda_handle_t h, const char *want)
{
	long n = panda_sys_channel_try_recv(h, buf, sizeof(buf));

	CHECK(n >= 0, "receive of \"%s\" on 0x%x: %ld (%s)", want, h, n,
	      check_name(n));
	CHECK(n == (long)strlen(want) && !memcmp(buf, want, n),
	      "received %ld bytes on 0x%x, expected \"%s\"", n, h, want);
	return 0;
}

/* The next record must be (h, ev): poll (must be there) or wait. */
static int expect_record(panda_handle_t mb, bool block, panda_handle_t h,
			 uint32_t ev, const char *what)
{
	long r = block ? panda_sys_mailbox_wait(mb) : panda_sys_mailbox_poll(mb);

	CHECK(r > 0, "%s: %s returned %ld (%s)", what, block ? "wait" : "poll",
	      r, check_name(r));
	CHECK((uint32_t)(r >> 32) == h && (uint32_t)r == ev,
	      "%s: record (0x%x, 0x%x), expected (0x%x, 0x%x)", what,
	      (uint32_t)(r >> 32), (uint32_t)r, h, ev);
	return 0;
}

static int expect_empty(panda_handle_t mb, const char *what)
{
	long r = panda_sys_mailbox_poll(mb);

	CHECK(r == 0, "%s: poll returned %ld (record 0x%x, 0x%x), expected empty",
	      what, r, (uint32_t)(r >> 32), (uint32_t)r);
	return 0;
}

/* 1. The catalogue's flow. */
static int test_basic(void)
{
	static const char *const argv[] = { "mailbox_child" };
	const char *want = "hello from child";
	bool readable = false, closed = false;
	panda_handle_t h;
	uint32_t ev;
	long r;
	int i;
	panda_child c;

	TRY(spawn_on(argv, 1, PANDA_HANDLE_MAILBOX, READABLE | CLOSED, 0, &c));
	panda_log("Mailbox test: child spawned, waiting for events...");
	for (i = 0; i < 10 && !(readable && closed); i++) {
		r = panda_sys_mailbox_wait(PANDA_HANDLE_MAILBOX);
		CHECK(r > 0, "wait on the default mailbox: %ld (%s)", r,
		      check_name(r));
		panda_mailbox_unpack(r, &h, &ev);
		CHECK(h == c.h, "event 0x%x for handle 0x%x, not the child's 0x%x",
		      ev, h, c.h);
		if (ev == READABLE) {
			CHECK(!readable && !closed,
			      "ChannelReadable repeated or after ChannelClosed");
			readable = true;
			panda_log("Mailbox test: got ChannelReadable event!");
			TRY(expect_msg(c.h, want));
			panda_log("Mailbox test: message content correct");
		} else if (ev == CLOSED) {
			CHECK(readable && !closed,
			      "ChannelClosed before ChannelReadable, or twice");
			closed = true;
			panda_log("Mailbox test: got ChannelClosed event!");
		} else {
			FAIL("unexpected event word 0x%x for the child", ev);
		}
	}
	CHECK(readable && closed, "after %d waits: readable %d, closed %d", i,
	      readable, closed);
	TRY(wait_code(&c, 0, "mailbox_child"));
	/* PROCESS_EXITED is not in the mask: filtered out. */
	TRY(expect_empty(PANDA_HANDLE_MAILBOX,
			 "default mailbox after the child exited"));
	panda_log("Mailbox test: all events received correctly");
	return 0;
}

/* 2. Several children on one mailbox: each event exactly once, in order. */
#define NCHILD 3
static int test_several_children(void)
{
	struct {
		panda_child c;
		int msgs, closed, exited;
	} ch[NCHILD];
	char n[4], want[16];
	const char *argv[3] = { "mailbox_child", "multi", n };
	panda_handle_t mb, h;
	uint32_t ev;
	long r;
	int i, k, records, expected = 0, exited = 0;

	r = panda_sys_mailbox_create();
	CHECK(r > 0 && panda_handle_tag((panda_handle_t)r) == PANDA_TAG_MAILBOX,
	      "MAILBOX_CREATE: %ld (%s)", r, check_name(r));
	mb = (panda_handle_t)r;
	TRY(expect_empty(mb, "new mailbox"));
	for (i = 0; i < NCHILD; i++) {
		snprintf(n, sizeof(n), "%d", i + 1);
		TRY(spawn_on(argv, 3, mb, READABLE | CLOSED | EXITED, 0,
			     &ch[i].c));
		ch[i].msgs = ch[i].closed = ch[i].exited = 0;
		expected += i + 1 + 2;
	}
	for (records = 0; exited < NCHILD; records++) {
		CHECK(records < expected, "more than %d records", expected);
		r = panda_sys_mailbox_wait(mb);
		CHECK(r > 0, "wait: %ld (%s)", r, check_name(r));
		panda_mailbox_unpack(r, &h, &ev);
		for (k = 0; k < NCHILD && ch[k].c.h != h; k++)
			;
		CHECK(k < NCHILD, "record (0x%x, 0x%x) for no child of ours",
		      h, ev);
		switch (ev) {
		case READABLE:
			CHECK(!ch[k].closed, "child %d: READABLE after CLOSED",
			      k + 1);
			/* One record per message: exactly one is waiting. */
			snprintf(want, sizeof(want), "msg %d", ++ch[k].msgs);
			TRY(expect_msg(h, want));
			break;
		case CLOSED:
			CHECK(!ch[k].closed++, "child %d: CLOSED twice", k + 1);
			CHECK(ch[k].msgs == k + 1,
			      "child %d: CLOSED after %d of %d READABLE records",
			      k + 1, ch[k].msgs, k + 1);
			break;
		case EXITED:
			CHECK(ch[k].closed,
			      "child %d: PROCESS_EXITED before CHANNEL_CLOSED",
			      k + 1);
			CHECK(!ch[k].exited++, "child %d: EXITED twice", k + 1);
			exited++;
			break;
		default:
			FAIL("child %d: event word 0x%x", k + 1, ev);
		}
	}
	CHECK_EQ("records for three children", records, expected);
	TRY(expect_empty(mb, "mailbox after every child exited"));
	for (i = 0; i < NCHILD; i++) {
		CHECK_EQ("receive after the child's CLOSED",
			 panda_sys_channel_try_recv(ch[i].c.h, buf, sizeof(buf)),
			 -PANDA_ERR_CHANNEL_CLOSED);
		TRY(wait_code(&ch[i].c, 10 + i + 1, "mailbox_child multi"));
	}
	CHECK_EQ("close of the mailbox", panda_sys_close(mb), 0);
	panda_log("Mailbox test: several children, every event seen exactly once");
	panda_log("Mailbox test: PROCESS_EXITED after CHANNEL_CLOSED");
	return 0;
}

/* 3. poll never blocks; wait blocks until a record arrives. */
static int test_poll_vs_wait(void)
{
	static const char *const argv[] = { "mailbox_child", "multi", "2" };
	panda_child c;
	panda_handle_t mb;
	long r;
	int i;

	r = panda_sys_mailbox_create();
	CHECK(r > 0, "MAILBOX_CREATE: %ld (%s)", r, check_name(r));
	mb = (panda_handle_t)r;
	for (i = 0; i < 3; i++)
		TRY(expect_empty(mb, "poll on an empty mailbox"));

	/* Poll loop; only EXITED is in the mask (READABLE, CLOSED filtered). */
	TRY(spawn_on(argv, 3, mb, EXITED, 0, &c));
	for (i = 0; i < 100000; i++) {
		r = panda_sys_mailbox_poll(mb);
		if (r)
			break;
		panda_yield();
	}
	CHECK(r > 0, "poll loop: %ld after %d polls", r, i);
	CHECK((uint32_t)(r >> 32) == c.h && (uint32_t)r == EXITED,
	      "poll loop: record (0x%x, 0x%x), expected (0x%x, EXITED)",
	      (uint32_t)(r >> 32), (uint32_t)r, c.h);
	TRY(expect_empty(mb, "after the polled EXITED"));
	TRY(expect_msg(c.h, "msg 1"));	/* filtered events, real messages */
	TRY(expect_msg(c.h, "msg 2"));
	TRY(wait_code(&c, 12, "mailbox_child multi 2 (polled)"));

	/*
	 * Blocking wait.  The child may already have exited by the time we
	 * wait (it is scheduled first), so no emptiness check before it.
	 */
	TRY(spawn_on(argv, 3, mb, EXITED, 0, &c));
	TRY(expect_record(mb, true, c.h, EXITED, "blocking wait"));
	TRY(expect_empty(mb, "after the waited EXITED"));
	TRY(wait_code(&c, 12, "mailbox_child multi 2 (waited)"));

	CHECK_EQ("poll on a channel-less made-up handle",
		 panda_sys_mailbox_poll(0xDEAD), -PANDA_ERR_BAD_HANDLE);
	CHECK_EQ("wait on a non-mailbox handle",
		 panda_sys_mailbox_wait(PANDA_HANDLE_PARENT),
		 -PANDA_ERR_BAD_HANDLE);
	CHECK_EQ("close of the mailbox", panda_sys_close(mb), 0);
	CHECK_EQ("poll on the closed mailbox", panda_sys_mailbox_poll(mb),
		 -PANDA_ERR_BAD_HANDLE);
	panda_log("Mailbox test: poll returns 0 when empty, wait blocks for the next event");
	return 0;
}

/* 4. MAILBOX_ATTACH on the ends of a CHANNEL_CREATE pair. */
static int test_attach_channel(void)
{
	panda_handle_t m2, m3, a, b;
	long r;
	int i, err;

	r = panda_sys_mailbox_create();
	CHECK(r > 0, "MAILBOX_CREATE: %ld (%s)", r, check_name(r));
	m2 = (panda_handle_t)r;
	r = panda_sys_mailbox_create();
	CHECK(r > 0, "MAILBOX_CREATE: %ld (%s)", r, check_name(r));
	m3 = (panda_handle_t)r;
	err = panda_channel_create(&a, &b);
	CHECK(!err, "CHANNEL_CREATE: %d (%s)", err, check_name(err));

	CHECK_EQ("attach B (READABLE | CLOSED)",
		 panda_sys_mailbox_attach(m2, b, READABLE | CLOSED), 0);
	/* Registration does not report what is already there. */
	TRY(expect_empty(m2, "right after attaching"));
	for (i = 0; i < 3; i++)
		CHECK_EQ("send A->B", panda_sys_channel_send(a, "m", 1), 0);
	for (i = 0; i < 3; i++)		/* one record per message */
		TRY(expect_record(m2, false, b, READABLE, "READABLE on B"));
	TRY(expect_empty(m2, "after three READABLE records"));
	for (i = 0; i < 3; i++)
		TRY(expect_msg(b, "m"));
	TRY(expect_empty(m2, "after receiving (no WRITABLE: not full)"));

	/* WRITABLE: a receive from a full queue, posted on the sender. */
	CHECK_EQ("attach A (WRITABLE)", panda_sys_mailbox_attach(m2, a, WRITABLE),
		 0);
	CHECK_EQ("attach B (CLOSED only)", panda_sys_mailbox_attach(m2, b, CLOSED),
		 0);
	for (i = 0; i < PANDA_DEFAULT_QUEUE_CAPACITY; i++)
		CHECK_EQ("filling A->B", panda_sys_channel_try_send(a, "f", 1),
			 0);
	TRY(expect_empty(m2, "READABLE filtered by B's new mask"));
	TRY(expect_msg(b, "f"));
	TRY(expect_record(m2, false, a, WRITABLE, "WRITABLE on A"));
	TRY(expect_msg(b, "f"));
	TRY(expect_empty(m2, "second receive (queue was not full)"));
	for (i = 2; i < PANDA_DEFAULT_QUEUE_CAPACITY; i++)
		TRY(expect_msg(b, "f"));

	/* A later registration replaces the earlier one, in another mailbox. */
	CHECK_EQ("attach B to the third mailbox",
		 panda_sys_mailbox_attach(m3, b, READABLE), 0);
	CHECK_EQ("send A->B", panda_sys_channel_send(a, "x", 1), 0);
	TRY(expect_empty(m2, "old mailbox after re-attaching"));
	TRY(expect_record(m3, false, b, READABLE, "READABLE in the new mailbox"));
	TRY(expect_msg(b, "x"));
	/* Mask 0 detaches. */
	CHECK_EQ("detach B", panda_sys_mailbox_attach(m3, b, 0), 0);
	CHECK_EQ("send A->B", panda_sys_channel_send(a, "y", 1), 0);
	TRY(expect_empty(m3, "after detaching"));
	TRY(expect_empty(m2, "after detaching"));
	TRY(expect_msg(b, "y"));

	/* A mailbox closed while a source is attached: the source goes on. */
	CHECK_EQ("attach B to the third mailbox again",
		 panda_sys_mailbox_attach(m3, b, READABLE), 0);
	CHECK_EQ("close the third mailbox", panda_sys_close(m3), 0);
	CHECK_EQ("send to B attached to a closed mailbox",
		 panda_sys_channel_send(a, "z", 1), 0);
	TRY(expect_msg(b, "z"));
	TRY(expect_empty(m2, "after the third mailbox was closed"));

	/* CLOSED; and records stay queued after their source is closed. */
	CHECK_EQ("attach B (READABLE | CLOSED)",
		 panda_sys_mailbox_attach(m2, b, READABLE | CLOSED), 0);
	CHECK_EQ("send A->B", panda_sys_channel_send(a, "last", 4), 0);
	CHECK_EQ("close A", panda_sys_close(a), 0);
	CHECK_EQ("close B with records queued for it", panda_sys_close(b), 0);
	TRY(expect_record(m2, false, b, READABLE, "READABLE on closed B"));
	TRY(expect_record(m2, false, b, CLOSED, "CLOSED on closed B"));
	TRY(expect_empty(m2, "after the last records"));

	/* Bad handles. */
	CHECK_EQ("attach a closed handle", panda_sys_mailbox_attach(m2, b, CLOSED),
		 -PANDA_ERR_BAD_HANDLE);
	CHECK_EQ("attach a made-up handle",
		 panda_sys_mailbox_attach(m2, 0xDEAD, CLOSED),
		 -PANDA_ERR_BAD_HANDLE);
	CHECK_EQ("attach through a closed mailbox",
		 panda_sys_mailbox_attach(m3, PANDA_HANDLE_MAILBOX, CLOSED),
		 -PANDA_ERR_BAD_HANDLE);
	CHECK_EQ("close the second mailbox", panda_sys_close(m2), 0);
	panda_log("Mailbox test: MAILBOX_ATTACH on a CHANNEL_CREATE end");
	return 0;
}

/* 5. A process handle attached after spawn. */
static int test_attach_process(void)
{
	static const char *const argv[] = { "mailbox_child", "echo" };
	panda_child c;
	panda_handle_t mb;
	long r;

	r = panda_sys_mailbox_create();
	CHECK(r > 0, "MAILBOX_CREATE: %ld (%s)", r, check_name(r));
	mb = (panda_handle_t)r;
	/* The child waits for our message, so attaching now loses nothing. */
	TRY(spawn_on(argv, 2, 0, 0, 0, &c));
	CHECK_EQ("attach the process handle",
		 panda_sys_mailbox_attach(mb, c.h, READABLE | CLOSED | EXITED),
		 0);
	CHECK_EQ("send to the echo child", panda_sys_channel_send(c.h, "echo", 4),
		 0);
	TRY(expect_record(mb, true, c.h, READABLE, "echo child: READABLE"));
	TRY(expect_msg(c.h, "echo"));
	TRY(expect_record(mb, true, c.h, CLOSED, "echo child: CLOSED"));
	TRY(expect_record(mb, true, c.h, EXITED, "echo child: EXITED"));
	TRY(expect_empty(mb, "after the echo child's records"));
	TRY(wait_code(&c, 0, "mailbox_child echo"));
	CHECK_EQ("close the mailbox", panda_sys_close(mb), 0);
	panda_log("Mailbox test: MAILBOX_ATTACH on a process handle");
	return 0;
}

/* 6. The child's event loop hears its parent (ipc.md 2.6). */
static int test_child_hears_parent(void)
{
	static const char *const argv[] = { "mailbox_child", "hear-parent" };
	panda_handle_t x, y, h;
	panda_child c;
	long n;
	int err = panda_channel_create(&x, &y);

	CHECK(!err, "CHANNEL_CREATE: %d (%s)", err, check_name(err));
	TRY(spawn_on(argv, 2, 0, 0, y, &c));
	CHECK_EQ("close our copy of the child's STDOUT", panda_sys_close(y), 0);
	CHECK_EQ("send \"hi\"", panda_sys_channel_send(c.h, "hi", 2), 0);
	n = panda_sys_channel_recv(c.h, buf, sizeof(buf));
	CHECK(n == 5 && !memcmp(buf, "heard", 5),
	      "receive of \"heard\": %ld (%s)", n, check_name(n));
	/* Closing the process handle closes the child's parent channel. */
	h = panda_child_detach(&c);
	CHECK_EQ("close the process handle", panda_sys_close(h), 0);
	n = panda_sys_channel_recv(x, buf, sizeof(buf));
	CHECK(n == 11 && !memcmp(buf, "closed seen", 11),
	      "child's report on its STDOUT: %ld (%s)", n, check_name(n));
	CHECK_EQ("child's STDOUT after it exited",
		 panda_sys_channel_recv(x, buf, sizeof(buf)),
		 -PANDA_ERR_CHANNEL_CLOSED);
	CHECK_EQ("close X", panda_sys_close(x), 0);
	panda_log("Mailbox test: a child's default mailbox hears its parent");
	return 0;
}

/* 7. Many records, taken while more arrive: order kept, nothing merged. */
static int test_many_records(void)
{
	static uint32_t model[200];
	panda_handle_t mb, a, b;
	unsigned int head = 0, tail = 0, i, round;
	long r;

	r = panda_sys_mailbox_create();
	CHECK(r > 0, "MAILBOX_CREATE: %ld", r);
	mb = (panda_handle_t)r;
	CHECK_EQ("CHANNEL_CREATE", panda_channel_create(&a, &b), 0);
	CHECK_EQ("attach B", panda_sys_mailbox_attach(mb, b, READABLE), 0);
	CHECK_EQ("attach B again (replaces, no double records)",
		 panda_sys_mailbox_attach(mb, b, READABLE), 0);
	CHECK_EQ("attach A", panda_sys_mailbox_attach(mb, a, WRITABLE), 0);
	for (round = 0; round < 10; round++) {
		for (i = 0; i < PANDA_DEFAULT_QUEUE_CAPACITY; i++) {
			CHECK_EQ("send A->B", panda_sys_channel_try_send(a, &i, 4),
				 0);
			model[tail++] = READABLE;
		}
		for (i = 0; i < PANDA_DEFAULT_QUEUE_CAPACITY; i++) {
			CHECK_EQ("receive on B",
				 panda_sys_channel_try_recv(b, buf, sizeof(buf)),
				 4);
			if (i == 0)	/* dequeued from a full queue */
				model[tail++] = WRITABLE;
		}
		for (i = 0; i < 10; i++, head++)
			TRY(expect_record(mb, false,
					  model[head] == READABLE ? b : a,
					  model[head], "many records"));
	}
	while (head < tail) {
		TRY(expect_record(mb, head & 1,	/* poll and wait alike */
				  model[head] == READABLE ? b : a, model[head],
				  "many records, draining"));
		head++;
	}
	TRY(expect_empty(mb, "after 170 records"));
	CHECK_EQ("close", panda_sys_close(a), 0);
	CHECK_EQ("close", panda_sys_close(b), 0);
	CHECK_EQ("close", panda_sys_close(mb), 0);
	panda_log("Mailbox test: 170 records in order, none merged or lost");
	return 0;
}

/* 8. An invalid mailbox argument at spawn is ignored. */
static int test_spawn_bad_mailbox(void)
{
	static const char *const argv[] = { "mailbox_child" };
	panda_handle_t a, b;
	panda_child c;

	TRY(spawn_on(argv, 1, 0xDEAD, READABLE | CLOSED | EXITED, 0, &c));
	TRY(wait_code(&c, 0, "mailbox_child spawned on mailbox 0xDEAD"));
	CHECK_EQ("CHANNEL_CREATE", panda_channel_create(&a, &b), 0);
	TRY(spawn_on(argv, 1, a, READABLE | CLOSED | EXITED, 0, &c));
	TRY(wait_code(&c, 0, "mailbox_child spawned on a channel as mailbox"));
	CHECK_EQ("receive on the channel used as mailbox argument",
		 panda_sys_channel_try_recv(b, buf, sizeof(buf)),
		 -PANDA_ERR_WOULD_BLOCK);
	CHECK_EQ("close", panda_sys_close(a), 0);
	CHECK_EQ("close", panda_sys_close(b), 0);
	TRY(expect_empty(PANDA_HANDLE_MAILBOX, "default mailbox"));
	panda_log("Mailbox test: spawn ignores a mailbox argument that is no mailbox");
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	panda_log("Mailbox test: starting");
	TRY(test_basic());
	TRY(test_several_children());
	TRY(test_poll_vs_wait());
	TRY(test_attach_channel());
	TRY(test_attach_process());
	TRY(test_child_hears_parent());
	TRY(test_many_records());
	TRY(test_spawn_bad_mailbox());
	panda_log("PASS");
	return 0;
}
