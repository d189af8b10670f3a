// SPDX-License-Identifier: GPL-2.0
/*
 * Catchable signals (services.md 2.2, <panda/signal.h>): the handler
 * table, the record of signals kept for panda_term_signal_pending(), and
 * ISO C signal()/raise() on top.  Receiving Signal events from the
 * parent channel is terminal.c's job; it hands each one to
 * panda_signal_deliver().
 */
#include <panda/signal.h>
#include <panda/sys.h>
#include <panda/error.h>
#include <signal.h>
#include "internal.h"

static struct {
	panda_signal_handler fn;
	void *arg;
} handlers[PANDA_TERM_SIG_COUNT];

#define RECORD_MAX	8

static uint8_t record[RECORD_MAX];
static unsigned int r_head, r_len;

static bool valid(enum panda_term_signal sig)
{
	return (unsigned int)sig < PANDA_TERM_SIG_COUNT;
}

int panda_signal_handle(enum panda_term_signal sig, panda_signal_handler fn,
			void *arg, panda_signal_handler *old)
{
	if (!valid(sig))
		return -PANDA_ERR_INVALID_ARGUMENT;
	if (old)
		*old = handlers[sig].fn;
	handlers[sig].fn = fn;
	handlers[sig].arg = arg;
	return 0;
}

int panda_signal_deliver(enum panda_term_signal sig)
{
	panda_signal_handler fn;

	if (!valid(sig))
		return -PANDA_ERR_INVALID_ARGUMENT;
	fn = handlers[sig].fn;
	if (fn == PANDA_SIGNAL_IGNORE)
		return 0;
	if (fn != PANDA_SIGNAL_DEFAULT) {
		fn(sig, handlers[sig].arg);
		return 0;
	}
	/* Keep the oldest ones when the record is full. */
	if (r_len < RECORD_MAX)
		record[(r_head + r_len++) % RECORD_MAX] = (uint8_t)sig;
	return 0;
}

bool __panda_signal_take(enum panda_term_signal *sig)
{
	if (!r_len)
		return false;
	if (sig)
		*sig = (enum panda_term_signal)record[r_head];
	r_head = (r_head + 1) % RECORD_MAX;
	r_len--;
	return true;
}

bool __panda_signal_caught(unsigned int sig)
{
	return sig < PANDA_TERM_SIG_COUNT &&
	       handlers[sig].fn != PANDA_SIGNAL_DEFAULT;
}

/* ------------------------------------------------------------ ISO C */

static sighandler_t c_handlers[PANDA_TERM_SIG_COUNT];

static int from_iso(int sig)
{
	switch (sig) {
	case SIGINT:
		return PANDA_TERM_SIG_INTERRUPT;
	case SIGQUIT:
		return PANDA_TERM_SIG_QUIT;
	case SIGTSTP:
		return PANDA_TERM_SIG_SUSPEND;
	case SIGTERM:
		return PANDA_TERM_SIG_TERMINATE;
	default:
		return -1;
	}
}

static void trampoline(enum panda_term_signal sig, void *arg)
{
	sighandler_t h = c_handlers[sig];

	if (h != SIG_DFL && h != SIG_IGN && h != SIG_ERR)
		h((int)(intptr_t)arg);
}

sighandler_t signal(int sig, sighandler_t handler)
{
	int s = from_iso(sig);
	panda_signal_handler fn, old;
	sighandler_t prev;

	if (s < 0 || handler == SIG_ERR)
		return SIG_ERR;
	if (handler == SIG_DFL)
		fn = PANDA_SIGNAL_DEFAULT;
	else if (handler == SIG_IGN)
		fn = PANDA_SIGNAL_IGNORE;
	else
		fn = trampoline;
	panda_signal_handle(s, fn, (void *)(intptr_t)sig, &old);
	if (old == trampoline)
		prev = c_handlers[s];
	else if (old == PANDA_SIGNAL_IGNORE)
		prev = SIG_IGN;
	else
		prev = SIG_DFL;	/* default, or a <panda/signal.h> handler */
	c_handlers[s] = handler;
	return prev;
}

int raise(int sig)
{
	int s;

	if (sig == SIGKILL) {
		panda_sys_signal(PANDA_HANDLE_PROCESS, PANDA_SIGKILL);
		return -1;	/* the kernel refused */
	}
	s = from_iso(sig);
	if (s < 0)
		return -1;
	return panda_signal_deliver(s) ? -1 : 0;
}
