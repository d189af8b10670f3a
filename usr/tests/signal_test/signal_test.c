// SPDX-License-Identifier: GPL-2.0
/*
 * signal_test (kernel.md 13.2, abi.md 3.3/4.3/5.5, ipc.md 4.4): SIGKILL
 * through process handles, and Terminate as a message.
 *
 *  1. Kill a busy child (spinning in user mode): exit code -9, as many
 *     waits as we like; a second kill of the dead child returns 0.
 *  2. Kill children blocked in a receive, a send on a full queue, a
 *     mailbox wait, PROCESS_WAIT (its orphan sees its parent channel
 *     close), and the runtime's wait for a startup message.  Mailbox
 *     records for a killed child: CHANNEL_CLOSED, then PROCESS_EXITED.
 *  3. Kill a child holding channels, a mailbox and a buffer: its peer
 *     sees CHANNEL_CLOSED (a mailbox record and a receive); messages it
 *     queued before dying are still delivered.  Of two children blocked
 *     receiving on one shared endpoint, killing one leaves the other
 *     served (the dead one's wait-queue entry is gone).
 *  4. A process may kill itself (the call does not return, -9).
 *  5. Rules: init cannot be killed (PERMISSION_DENIED); signals other
 *     than 9 are NOT_SUPPORTED and harmless; handles that are not
 *     process handles, made-up or closed: BAD_HANDLE; a child cannot name
 *     a sibling or its parent (BAD_HANDLE).
 *  6. Terminate: the parent sends a terminal-protocol Signal(Terminate)
 *     event on the process handle; the child's event loop gets it on
 *     PANDA_HANDLE_PARENT and exits 0.
 *  7. libpanda's handler hook: a child with handlers gets Interrupt while
 *     it waits for a query's answer and more signals in its dispatch
 *     loop; handled, ignored and recorded as it set them up.
 *
 * Every child's resources must be back when the system halts (the
 * kernel's memory check).
 */
#include <panda/panda.h>
#include <stdio.h>
#include <string.h>
#include "../common/check.h"

#define CHILD		"file:/initrd/signal_child"
#define KILLED		(-PANDA_SIGKILL)

static uint8_t buf[PANDA_MAX_MESSAGE_SIZE];

static int spawn(const char *mode, const char *arg, panda_handle_t in,
		 panda_handle_t out, panda_handle_t mb, uint32_t mask,
		 panda_handle_t *h)
{
	panda_child_builder *b = panda_child_builder_new(CHILD);
	int err;

	panda_cb_arg(b, "signal_child");
	panda_cb_arg(b, mode);
	if (arg)
		panda_cb_arg(b, arg);
	panda_cb_stdin(b, in);
	panda_cb_stdout(b, out);
	if (mb)
		panda_cb_mailbox(b, mb, mask);
	err = panda_cb_spawn_handle(b, h);
	CHECK(!err, "spawn of signal_child %s: %d (%s)", mode, err,
	      check_name(err));
	return 0;
}

static int expect_ready(panda_handle_t h)
{
	long n = panda_sys_channel_recv(h, buf, sizeof(buf));

	CHECK(n == 5 && !memcmp(buf, "ready", 5),
	      "child 0x%x: \"ready\" expected, got %ld (%s)", h, n,
	      check_name(n));
	return 0;
}

/* Let the child get where it is going (blocked, or deep in its loop). */
static void let_others_run(void)
{
	int i;

	for (i = 0; i < 20; i++)
		panda_yield();
}

static int kill_ok(panda_handle_t h, const char *what)
{
	CHECK_EQ(what, panda_sys_signal(h, PANDA_SIGKILL), 0);
	return 0;
}

static int expect_exit(panda_handle_t h, long want, const char *what)
{
	long code = panda_sys_wait(h);

	CHECK(code == want, "%s: PROCESS_WAIT returned %ld, expected %ld",
	      what, code, want);
	return 0;
}

static int expect_record(panda_handle_t mb, panda_handle_t h, uint32_t ev)
{
	long r = panda_sys_mailbox_wait(mb);

	CHECK(r > 0 && (uint32_t)(r >> 32) == h && (uint32_t)r == ev,
	      "mailbox record 0x%lx, expected (0x%x, 0x%x)", r, h, ev);
	return 0;
}

/* A child in mode, killed once it said "ready"; exit code -9. */
static int kill_mode(const char *mode, panda_handle_t in, panda_handle_t out)
{
	panda_handle_t h;

	TRY(spawn(mode, NULL, in, out, 0, 0, &h));
	TRY(expect_ready(h));
	let_others_run();
	TRY(kill_ok(h, mode));
	TRY(expect_exit(h, KILLED, mode));
	CHECK_EQ("close of the process handle", panda_sys_close(h), 0);
	return 0;
}

/* 1. A busy child. */
static int test_busy(void)
{
	panda_handle_t h;

	TRY(spawn("busy", NULL, 0, 0, 0, 0, &h));
	TRY(expect_ready(h));
	let_others_run();	/* it is spinning now */
	TRY(kill_ok(h, "SIGKILL of a busy child"));
	TRY(expect_exit(h, KILLED, "busy child"));
	TRY(expect_exit(h, KILLED, "busy child, second wait"));
	TRY(kill_ok(h, "SIGKILL of an already killed child"));
	TRY(expect_exit(h, KILLED, "busy child, after the second kill"));
	CHECK_EQ("receive from the killed child",
		 panda_sys_channel_recv(h, buf, sizeof(buf)),
		 -PANDA_ERR_CHANNEL_CLOSED);
	CHECK_EQ("close of the process handle", panda_sys_close(h), 0);
	CHECK_EQ("SIGKILL through the closed process handle",
		 panda_sys_signal(h, PANDA_SIGKILL), -PANDA_ERR_BAD_HANDLE);
	panda_log("Signal test: busy child killed, exit code -9");
	return 0;
}

/* 2. Blocked children. */
static int test_blocked(void)
{
	panda_handle_t h, a, b, mb;
	uint32_t i, v;
	long r;

	/* In a receive, watched through a mailbox. */
	r = panda_sys_mailbox_create();
	CHECK(r > 0, "MAILBOX_CREATE: %ld", r);
	mb = (panda_handle_t)r;
	TRY(spawn("recv", NULL, 0, 0, mb,
		  PANDA_EVENT_CHANNEL_READABLE | PANDA_EVENT_CHANNEL_CLOSED |
		  PANDA_EVENT_PROCESS_EXITED, &h));
	TRY(expect_record(mb, h, PANDA_EVENT_CHANNEL_READABLE));
	TRY(expect_ready(h));
	let_others_run();
	TRY(kill_ok(h, "SIGKILL of a child blocked in receive"));
	TRY(expect_record(mb, h, PANDA_EVENT_CHANNEL_CLOSED));
	TRY(expect_record(mb, h, PANDA_EVENT_PROCESS_EXITED));
	CHECK_EQ("mailbox after the killed child's records",
		 panda_sys_mailbox_poll(mb), 0);
	TRY(expect_exit(h, KILLED, "child blocked in receive"));
	CHECK_EQ("close", panda_sys_close(h), 0);
	CHECK_EQ("close", panda_sys_close(mb), 0);
	panda_log("Signal test: child blocked in recv killed, CHANNEL_CLOSED then PROCESS_EXITED");

	/* In a send on a full queue: what it queued is still ours. */
	CHECK_EQ("CHANNEL_CREATE", panda_channel_create(&a, &b), 0);
	TRY(spawn("send", NULL, 0, b, 0, 0, &h));
	CHECK_EQ("close of our B", panda_sys_close(b), 0);
	TRY(expect_ready(h));
	let_others_run();
	TRY(kill_ok(h, "SIGKILL of a child blocked in send"));
	TRY(expect_exit(h, KILLED, "child blocked in send"));
	CHECK_EQ("close", panda_sys_close(h), 0);
	for (i = 0; i < PANDA_DEFAULT_QUEUE_CAPACITY; i++) {
		v = 0xffff;
		CHECK_EQ("receive of the killed sender's message",
			 panda_sys_channel_try_recv(a, &v, sizeof(v)), 4);
		CHECK(v == i, "message %u of the killed sender reads %u", i, v);
	}
	CHECK_EQ("receive after the killed sender's messages",
		 panda_sys_channel_recv(a, buf, sizeof(buf)),
		 -PANDA_ERR_CHANNEL_CLOSED);
	CHECK_EQ("close", panda_sys_close(a), 0);
	panda_log("Signal test: child blocked in send killed, its queued messages delivered");

	TRY(kill_mode("mailbox", 0, 0));
	panda_log("Signal test: child blocked in MAILBOX_WAIT killed");

	/* In PROCESS_WAIT: its child (our grandchild) is orphaned. */
	CHECK_EQ("CHANNEL_CREATE", panda_channel_create(&a, &b), 0);
	TRY(spawn("wait", NULL, 0, b, 0, 0, &h));
	CHECK_EQ("close of our B", panda_sys_close(b), 0);
	TRY(expect_ready(h));
	let_others_run();
	TRY(kill_ok(h, "SIGKILL of a child blocked in PROCESS_WAIT"));
	TRY(expect_exit(h, KILLED, "child blocked in PROCESS_WAIT"));
	CHECK_EQ("close", panda_sys_close(h), 0);
	r = panda_sys_channel_recv(a, buf, sizeof(buf));
	CHECK(r == 11 && !memcmp(buf, "parent gone", 11),
	      "orphaned grandchild's report: %ld (%s)", r, check_name(r));
	CHECK_EQ("receive once the orphan exited",
		 panda_sys_channel_recv(a, buf, sizeof(buf)),
		 -PANDA_ERR_CHANNEL_CLOSED);
	CHECK_EQ("close", panda_sys_close(a), 0);
	panda_log("Signal test: child blocked in PROCESS_WAIT killed, the orphan saw CHANNEL_CLOSED");

	/* Before main: no startup message was ever sent. */
	r = panda_sys_spawn(CHILD, strlen(CHILD), 0, 0, 0, 0);
	CHECK(r > 0, "raw spawn: %ld (%s)", r, check_name(r));
	h = (panda_handle_t)r;
	let_others_run();
	TRY(kill_ok(h, "SIGKILL of a child waiting for its startup message"));
	TRY(expect_exit(h, KILLED, "child without a startup message"));
	CHECK_EQ("close", panda_sys_close(h), 0);
	panda_log("Signal test: child killed before main");
	return 0;
}

/* 3. A child holding channels: the peer sees CHANNEL_CLOSED. */
static int test_holding_channels(void)
{
	panda_handle_t a, b, h, mb;
	long r;

	CHECK_EQ("CHANNEL_CREATE", panda_channel_create(&a, &b), 0);
	r = panda_sys_mailbox_create();
	CHECK(r > 0, "MAILBOX_CREATE: %ld", r);
	mb = (panda_handle_t)r;
	CHECK_EQ("attach A", panda_sys_mailbox_attach(mb, a,
			PANDA_EVENT_CHANNEL_CLOSED), 0);
	TRY(spawn("channels", NULL, b, 0, 0, 0, &h));
	CHECK_EQ("close of our B", panda_sys_close(b), 0);
	TRY(expect_ready(h));
	let_others_run();
	CHECK_EQ("mailbox before the kill", panda_sys_mailbox_poll(mb), 0);
	TRY(kill_ok(h, "SIGKILL of a child holding channels"));
	TRY(expect_record(mb, a, PANDA_EVENT_CHANNEL_CLOSED));
	CHECK_EQ("receive on the killed child's peer",
		 panda_sys_channel_recv(a, buf, sizeof(buf)),
		 -PANDA_ERR_CHANNEL_CLOSED);
	CHECK_EQ("send to the killed child's peer",
		 panda_sys_channel_send(a, "x", 1), -PANDA_ERR_CHANNEL_CLOSED);
	TRY(expect_exit(h, KILLED, "child holding channels"));
	CHECK_EQ("close", panda_sys_close(h), 0);
	CHECK_EQ("close", panda_sys_close(a), 0);
	CHECK_EQ("close", panda_sys_close(mb), 0);
	panda_log("Signal test: killed child's channels closed, its peer saw CHANNEL_CLOSED");
	return 0;
}

/* 3b. A killed waiter on a shared endpoint does not stay queued. */
static int test_shared_waiter(void)
{
	panda_handle_t a, b, h1, h2;
	long n;

	CHECK_EQ("CHANNEL_CREATE", panda_channel_create(&a, &b), 0);
	TRY(spawn("forward", NULL, b, 0, 0, 0, &h1));
	TRY(spawn("forward", NULL, b, 0, 0, 0, &h2));
	CHECK_EQ("close of our B", panda_sys_close(b), 0);
	TRY(expect_ready(h1));
	TRY(expect_ready(h2));
	let_others_run();	/* both wait on B */
	TRY(kill_ok(h1, "SIGKILL of one of two waiters"));
	TRY(expect_exit(h1, KILLED, "killed waiter"));
	CHECK_EQ("close", panda_sys_close(h1), 0);
	CHECK_EQ("send to the surviving waiter",
		 panda_sys_channel_send(a, "to the survivor", 15), 0);
	n = panda_sys_channel_recv(h2, buf, sizeof(buf));
	CHECK(n == 15 && !memcmp(buf, "to the survivor", 15),
	      "surviving waiter forwarded %ld (%s)", n, check_name(n));
	TRY(expect_exit(h2, 0, "surviving waiter"));
	CHECK_EQ("close", panda_sys_close(h2), 0);
	CHECK_EQ("close", panda_sys_close(a), 0);
	panda_log("Signal test: killing one of two waiters on an endpoint spares the other");
	return 0;
}

/* 4. Suicide. */
static int test_self(void)
{
	panda_handle_t h;

	TRY(spawn("self", NULL, 0, 0, 0, 0, &h));
	TRY(expect_exit(h, KILLED, "child that killed itself"));
	CHECK_EQ("close", panda_sys_close(h), 0);
	panda_log("Signal test: a process can kill itself, exit code -9");
	return 0;
}

/* 5. Who may signal what. */
static int test_rules(void)
{
	static const uint32_t others[] = { 0, 1, 2, 3, 8, 10, 15, 0xffffffff };
	panda_handle_t h, t, a, b;
	char arg[16];
	size_t i;

	CHECK_EQ("init: SIGKILL of itself",
		 panda_sys_signal(PANDA_HANDLE_PROCESS, PANDA_SIGKILL),
		 -PANDA_ERR_PERMISSION_DENIED);
	CHECK_EQ("init: signal 3 to itself",
		 panda_sys_signal(PANDA_HANDLE_PROCESS, 3),
		 -PANDA_ERR_NOT_SUPPORTED);
	panda_log("Signal test: init cannot be killed (PERMISSION_DENIED)");

	TRY(spawn("recv", NULL, 0, 0, 0, 0, &h));
	TRY(expect_ready(h));
	for (i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		CHECK(panda_sys_signal(h, others[i]) == -PANDA_ERR_NOT_SUPPORTED,
		      "signal %u: expected NOT_SUPPORTED", others[i]);
	/* The child is unharmed: it still answers. */
	CHECK_EQ("CHANNEL_CREATE", panda_channel_create(&a, &b), 0);
	CHECK_EQ("SIGKILL through a channel end",
		 panda_sys_signal(a, PANDA_SIGKILL), -PANDA_ERR_BAD_HANDLE);
	CHECK_EQ("SIGKILL through the default mailbox",
		 panda_sys_signal(PANDA_HANDLE_MAILBOX, PANDA_SIGKILL),
		 -PANDA_ERR_BAD_HANDLE);
	CHECK_EQ("SIGKILL through made-up handle 0xDEAD",
		 panda_sys_signal(0xDEAD, PANDA_SIGKILL),
		 -PANDA_ERR_BAD_HANDLE);
	CHECK_EQ("SIGKILL through the nonexistent PANDA_HANDLE_PARENT",
		 panda_sys_signal(PANDA_HANDLE_PARENT, PANDA_SIGKILL),
		 -PANDA_ERR_BAD_HANDLE);
	CHECK_EQ("PROCESS_WAIT on a channel end", panda_sys_wait(a),
		 -PANDA_ERR_BAD_HANDLE);
	CHECK_EQ("close", panda_sys_close(a), 0);
	CHECK_EQ("close", panda_sys_close(b), 0);
	panda_log("Signal test: other signals NOT_SUPPORTED, other handles BAD_HANDLE");

	/* A sibling gets our handle value for h: it names nothing there. */
	snprintf(arg, sizeof(arg), "0x%x", h);
	TRY(spawn("stranger", arg, 0, 0, 0, 0, &t));
	TRY(expect_exit(t, 0, "signal_child stranger"));
	CHECK_EQ("close", panda_sys_close(t), 0);
	/* h survived all of that; now it ends the way it should. */
	CHECK_EQ("non-blocking receive from the signalled child",
		 panda_sys_channel_try_recv(h, buf, sizeof(buf)),
		 -PANDA_ERR_WOULD_BLOCK);
	TRY(kill_ok(h, "SIGKILL of the stranger's target"));
	TRY(expect_exit(h, KILLED, "the stranger's target"));
	CHECK_EQ("close", panda_sys_close(h), 0);
	panda_log("Signal test: a process cannot signal a stranger (BAD_HANDLE)");
	return 0;
}

/* 6. Terminate travels as a terminal-protocol Signal event. */
static int test_terminate(void)
{
	/*
	 * value-and-terminal.md 3.2/3.4/3.8: kind 0x0103 (Signal), payload
	 * length 1, Signal value.  Hand-encoded: libpanda has no terminal
	 * protocol encoder yet (lib/terminal_proto.c is not in it).
	 */
	static const uint8_t interrupt[] = { 0x03, 0x01, 0x01, 0x00, 0x00,
					     0x00, 0x00 };
	static const uint8_t terminate[] = { 0x03, 0x01, 0x01, 0x00, 0x00,
					     0x00, 0x03 };
	panda_handle_t h;

	TRY(spawn("terminate", NULL, 0, 0, 0, 0, &h));
	TRY(expect_ready(h));
	CHECK_EQ("send of Signal(Interrupt)",
		 panda_sys_channel_send(h, interrupt, sizeof(interrupt)), 0);
	CHECK_EQ("send of Signal(Terminate)",
		 panda_sys_channel_send(h, terminate, sizeof(terminate)), 0);
	TRY(expect_exit(h, 0, "child sent Terminate"));
	CHECK_EQ("close", panda_sys_close(h), 0);
	panda_log("Signal test: Terminate delivered as a message, child exited cleanly");
	return 0;
}

/* 7. Handlers installed with signal() and panda_signal_handle(). */
static int test_handlers(void)
{
	static const enum panda_term_signal later[] = {
		PANDA_TERM_SIG_QUIT, PANDA_TERM_SIG_SUSPEND,
		PANDA_TERM_SIG_INTERRUPT, PANDA_TERM_SIG_TERMINATE,
	};
	struct panda_term_event ev = {
		.kind = PANDA_TERM_EV_QUERY_RESPONSE,
		.u.query_response = { .kind = PANDA_TERM_QUERY_SIZE,
				      .u.size = { 80, 25 } },
	};
	struct panda_term_request req;
	panda_handle_t h;
	size_t i;

	TRY(spawn("handlers", NULL, 0, 0, 0, 0, &h));
	TRY(expect_ready(h));
	CHECK_EQ("the child's Query request", panda_term_recv_request(h, &req),
		 0);
	CHECK(req.kind == PANDA_TERM_REQ_QUERY &&
	      req.u.query == PANDA_TERM_QUERY_SIZE,
	      "request kind 0x%x instead of Query(Size)", req.kind);
	panda_term_request_free(&req);
	CHECK_EQ("Interrupt during the query",
		 panda_term_signal_send(h, PANDA_TERM_SIG_INTERRUPT), 0);
	CHECK_EQ("the query's answer", panda_term_send_event(h, &ev), 0);
	for (i = 0; i < sizeof(later) / sizeof(later[0]); i++)
		CHECK_EQ("signal send", panda_term_signal_send(h, later[i]), 0);
	TRY(expect_exit(h, 0, "child with handlers"));
	CHECK_EQ("close", panda_sys_close(h), 0);
	panda_log("Signal test: handlers ran where libpanda met the signals");
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	panda_log("Signal test: starting");
	TRY(test_busy());
	TRY(test_blocked());
	TRY(test_holding_channels());
	TRY(test_shared_waiter());
	TRY(test_self());
	TRY(test_rules());
	TRY(test_terminate());
	TRY(test_handlers());
	panda_log("PASS");
	return 0;
}
