// SPDX-License-Identifier: GPL-2.0
/*
 * signal_child: the target (or the would-be signaller) of signal_test.
 * Argument 1 selects the mode; "ready" is sent on the parent channel
 * once the child is about to do the thing it is to be killed in.
 *
 *   busy       spin forever without system calls.
 *   recv       block receiving on the parent channel.  If that ever
 *              returns CHANNEL_CLOSED (the parent is gone), report
 *              "parent gone" on STDOUT, if any, and exit 0.
 *   send       fill STDOUT (16 messages), then block in a 17th send.
 *   mailbox    block waiting on a new, empty mailbox.
 *   wait       spawn a grandchild in mode recv (sharing this STDOUT),
 *              then block in PROCESS_WAIT on it.
 *   channels   create channel pairs with messages queued both ways, a
 *              mailbox with them attached and a buffer, then block
 *              receiving on STDIN.
 *   forward    block receiving on STDIN; send what arrives to the parent.
 *   self       SIGKILL itself: the call must not return.
 *   stranger H try to signal and wait for handle H (the parent's handle
 *              for a sibling) and the parent channel: all BAD_HANDLE.
 *   terminate  an event loop on the default mailbox: on a terminal
 *              protocol Signal(Terminate) event from the parent
 *              (value-and-terminal.md 3.4, 3.8), exit 0.
 *   handlers   libpanda's signal handlers (<panda/signal.h>, ISO C
 *              signal()/raise()): SIGINT caught, SIGQUIT ignored,
 *              Suspend left at its default (recorded), Terminate with a
 *              handler that ends the loop; a handler runs inside a
 *              query's wait and in panda_signal_dispatch().
 */
#include <panda/panda.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include "../common/check.h"

#define PARENT	PANDA_HANDLE_PARENT

static uint8_t buf[PANDA_MAX_MESSAGE_SIZE];

static int ready(void)
{
	CHECK_EQ("signal_child: send of \"ready\"",
		 panda_sys_channel_send(PARENT, "ready", 5), 0);
	return 0;
}

static int busy(void)
{
	volatile uint64_t n = 0;

	TRY(ready());
	for (;;)
		n++;
}

static int recv(void)
{
	long r;

	TRY(ready());
	r = panda_sys_channel_recv(PARENT, buf, sizeof(buf));
	CHECK(r == -PANDA_ERR_CHANNEL_CLOSED,
	      "signal_child recv: receive returned %ld (%s)", r, check_name(r));
	if (panda_handle_exists(PANDA_HANDLE_STDOUT))
		CHECK_EQ("signal_child: report on STDOUT",
			 panda_sys_channel_send(PANDA_HANDLE_STDOUT,
						"parent gone", 11), 0);
	return 0;
}

static int send(void)
{
	int i;
	long r;

	for (i = 0; i < PANDA_DEFAULT_QUEUE_CAPACITY; i++)
		CHECK_EQ("signal_child: filling STDOUT",
			 panda_sys_channel_try_send(PANDA_HANDLE_STDOUT, &i,
						    sizeof(i)), 0);
	TRY(ready());
	r = panda_sys_channel_send(PANDA_HANDLE_STDOUT, &i, sizeof(i));
	FAIL("signal_child send: blocked send returned %ld (%s)", r,
	     check_name(r));
}

static int mailbox(void)
{
	long mb = panda_sys_mailbox_create(), r;

	CHECK(mb > 0, "signal_child: MAILBOX_CREATE: %ld", mb);
	TRY(ready());
	r = panda_sys_mailbox_wait((panda_handle_t)mb);
	FAIL("signal_child mailbox: wait returned %ld (%s)", r, check_name(r));
}

static int wait_grandchild(void)
{
	panda_child_builder *b = panda_child_builder_new("file:/initrd/signal_child");
	panda_handle_t gc;
	long r;
	int err;

	panda_cb_arg(b, "signal_child");
	panda_cb_arg(b, "recv");
	panda_cb_stdout(b, PANDA_HANDLE_STDOUT);
	err = panda_cb_spawn_handle(b, &gc);
	CHECK(!err, "signal_child: spawn of the grandchild: %d", err);
	r = panda_sys_channel_recv(gc, buf, sizeof(buf));
	CHECK(r == 5 && !memcmp(buf, "ready", 5),
	      "signal_child: grandchild's ready: %ld", r);
	TRY(ready());
	r = panda_sys_wait(gc);
	FAIL("signal_child wait: PROCESS_WAIT returned %ld", r);
}

static int channels(void)
{
	struct panda_buffer_info bi;
	panda_handle_t a, b, c, d;
	long mb, r;
	int i;

	CHECK_EQ("signal_child: CHANNEL_CREATE", panda_channel_create(&a, &b),
		 0);
	CHECK_EQ("signal_child: CHANNEL_CREATE", panda_channel_create(&c, &d),
		 0);
	for (i = 0; i < 5; i++) {
		CHECK_EQ("signal_child: queue", panda_sys_channel_send(a, buf, 100),
			 0);
		CHECK_EQ("signal_child: queue", panda_sys_channel_send(d, buf, 4096),
			 0);
	}
	mb = panda_sys_mailbox_create();
	CHECK(mb > 0, "signal_child: MAILBOX_CREATE: %ld", mb);
	CHECK_EQ("signal_child: attach", panda_sys_mailbox_attach(
			 (panda_handle_t)mb, b, PANDA_EVENT_CHANNEL_READABLE), 0);
	CHECK_EQ("signal_child: attach", panda_sys_mailbox_attach(
			 (panda_handle_t)mb, PANDA_HANDLE_STDIN,
			 PANDA_EVENT_CHANNEL_CLOSED), 0);
	CHECK_EQ("signal_child: send a->b", panda_sys_channel_send(a, "x", 1), 0);
	r = panda_sys_buffer_alloc(3 * 4096, &bi);
	CHECK(r > 0, "signal_child: BUFFER_ALLOC: %ld", r);
	memset((void *)(uintptr_t)bi.addr, 1, 3 * 4096);
	TRY(ready());
	r = panda_sys_channel_recv(PANDA_HANDLE_STDIN, buf, sizeof(buf));
	FAIL("signal_child channels: receive returned %ld (%s)", r,
	     check_name(r));
}

static int forward(void)
{
	long n;

	TRY(ready());
	n = panda_sys_channel_recv(PANDA_HANDLE_STDIN, buf, sizeof(buf));
	CHECK(n >= 0, "signal_child forward: receive: %ld (%s)", n,
	      check_name(n));
	CHECK_EQ("signal_child forward: send",
		 panda_sys_channel_send(PARENT, buf, n), 0);
	return 0;
}

static int self(void)
{
	long r = panda_sys_signal(PANDA_HANDLE_PROCESS, PANDA_SIGKILL);

	FAIL("signal_child self: SIGKILL of itself returned %ld (%s)", r,
	     check_name(r));
}

static int stranger(const char *arg)
{
	panda_handle_t h = (panda_handle_t)strtoul(arg, NULL, 0);

	CHECK_EQ("signal_child: SIGKILL through a sibling's handle value",
		 panda_sys_signal(h, PANDA_SIGKILL), -PANDA_ERR_BAD_HANDLE);
	CHECK_EQ("signal_child: PROCESS_WAIT on a sibling's handle value",
		 panda_sys_wait(h), -PANDA_ERR_BAD_HANDLE);
	/* The parent channel is a channel, not the parent process. */
	CHECK_EQ("signal_child: SIGKILL through the parent channel",
		 panda_sys_signal(PARENT, PANDA_SIGKILL), -PANDA_ERR_BAD_HANDLE);
	CHECK_EQ("signal_child: SIGKILL through the default mailbox",
		 panda_sys_signal(PANDA_HANDLE_MAILBOX, PANDA_SIGKILL),
		 -PANDA_ERR_BAD_HANDLE);
	panda_log("signal_child: no way to signal a stranger");
	return 0;
}

/*
 * Terminal protocol Event framing (value-and-terminal.md 3.2): u16 kind,
 * u32 payload length, payload.  Signal events: kind 0x0103, one byte.
 */
static int is_terminate(const uint8_t *m, long n)
{
	return n >= 7 && m[0] == 0x03 && m[1] == 0x01 && m[6] == 3;
}

static int terminate(void)
{
	panda_handle_t h;
	uint32_t ev;
	long r, n;
	int i;

	TRY(ready());
	for (i = 0; i < 100; i++) {
		r = panda_sys_mailbox_wait(PANDA_HANDLE_MAILBOX);
		CHECK(r > 0, "signal_child terminate: wait: %ld", r);
		panda_mailbox_unpack(r, &h, &ev);
		CHECK(h == PARENT, "signal_child terminate: event for 0x%x", h);
		CHECK(!(ev & PANDA_EVENT_CHANNEL_CLOSED),
		      "signal_child terminate: parent closed, no Terminate");
		/* Drain; the startup message's record finds nothing. */
		while ((n = panda_sys_channel_try_recv(PARENT, buf,
						       sizeof(buf))) >= 0) {
			if (is_terminate(buf, n)) {
				panda_log("signal_child: Terminate received on the parent channel, exiting cleanly");
				return 0;
			}
			panda_logf("signal_child: ignoring a %ld-byte message", n);
		}
		CHECK(n == -PANDA_ERR_WOULD_BLOCK,
		      "signal_child terminate: receive: %ld (%s)", n,
		      check_name(n));
	}
	FAIL("signal_child terminate: no Terminate in 100 events");
}

static int sigints;
static bool terminated;

static void on_sigint(int sig)
{
	sigints++;
	panda_logf("signal_child: SIGINT handler ran (%d, signal %d)", sigints,
		   sig);
}

static void on_terminate(enum panda_term_signal sig, void *arg)
{
	*(bool *)arg = true;
	panda_log("signal_child: Terminate handler ran");
}

static int handlers(void)
{
	enum panda_term_signal sig;
	uint16_t cols = 0, rows = 0;
	int n;

	CHECK(signal(SIGINT, on_sigint) == SIG_DFL,
	      "signal_child: first signal(SIGINT) did not return SIG_DFL");
	CHECK(signal(SIGQUIT, SIG_IGN) == SIG_DFL,
	      "signal_child: signal(SIGQUIT) did not return SIG_DFL");
	CHECK(signal(SIGKILL, on_sigint) == SIG_ERR,
	      "signal_child: SIGKILL could be caught");
	CHECK(signal(99, on_sigint) == SIG_ERR,
	      "signal_child: signal 99 accepted");
	CHECK_EQ("signal_child: panda_signal_handle(Terminate)",
		 panda_signal_handle(PANDA_TERM_SIG_TERMINATE, on_terminate,
				     &terminated, NULL), 0);
	CHECK_EQ("signal_child: panda_signal_handle(7)",
		 panda_signal_handle(7, on_terminate, NULL, NULL),
		 -PANDA_ERR_INVALID_ARGUMENT);
	CHECK_EQ("signal_child: raise(SIGINT)", raise(SIGINT), 0);
	CHECK(sigints == 1, "signal_child: raise ran %d handlers", sigints);
	TRY(ready());

	/* The parent sends Interrupt before it answers this query. */
	CHECK_EQ("signal_child: panda_term_size",
		 panda_term_size(&cols, &rows), 0);
	CHECK(cols == 80 && rows == 25, "signal_child: size %ux%u", cols,
	      rows);
	CHECK(sigints == 2, "signal_child: %d SIGINTs after the query",
	      sigints);

	/* Then Quit, Suspend, Interrupt and Terminate. */
	while (!terminated) {
		n = panda_signal_dispatch(true);
		CHECK(n > 0, "signal_child: panda_signal_dispatch: %d (%s)", n,
		      check_name(n));
	}
	CHECK(sigints == 3, "signal_child: %d SIGINTs in all", sigints);
	CHECK(panda_term_signal_pending(&sig) &&
	      sig == PANDA_TERM_SIG_SUSPEND,
	      "signal_child: Suspend was not recorded");
	CHECK(!panda_term_signal_pending(&sig),
	      "signal_child: signal %d pending after Suspend", sig);
	CHECK(signal(SIGINT, SIG_DFL) == on_sigint,
	      "signal_child: signal(SIGINT) did not return the handler");
	panda_log("signal_child: handlers ran, ignored and default signals as set");
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (!strcmp(mode, "busy"))
		return busy();
	if (!strcmp(mode, "recv"))
		return recv();
	if (!strcmp(mode, "send"))
		return send();
	if (!strcmp(mode, "mailbox"))
		return mailbox();
	if (!strcmp(mode, "wait"))
		return wait_grandchild();
	if (!strcmp(mode, "channels"))
		return channels();
	if (!strcmp(mode, "forward"))
		return forward();
	if (!strcmp(mode, "self"))
		return self();
	if (!strcmp(mode, "stranger") && argc > 2)
		return stranger(argv[2]);
	if (!strcmp(mode, "terminate"))
		return terminate();
	if (!strcmp(mode, "handlers"))
		return handlers();
	panda_logf("FAIL: signal_child: unknown mode '%s'", mode);
	return 1;
}
