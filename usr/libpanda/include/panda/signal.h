/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Catchable signals (services.md 2.2): Interrupt, Quit, Suspend and
 * Terminate are terminal-protocol Signal events that a parent sends on
 * its child's process handle; the kernel only enforces SIGKILL
 * (panda_signal() / panda_child_kill()).
 *
 * Nothing interrupts a program asynchronously.  A handler runs
 * synchronously, in the program's own thread, whenever the library meets
 * a Signal event on the parent channel:
 *   - while an input or query helper (panda_term_read_line(),
 *     panda_term_size(), ...) waits for its answer,
 *   - in panda_term_signal_pending() and panda_term_next_event(),
 *   - in panda_signal_dispatch(), which a program with its own event loop
 *     calls when its parent channel is readable (or periodically).
 * A handler may call any libpanda function, including ones that wait on
 * the parent channel again.
 *
 * Dispositions: PANDA_SIGNAL_DEFAULT records the signal for
 * panda_term_signal_pending() (the behaviour of programs that install
 * nothing), PANDA_SIGNAL_IGNORE drops it.
 *
 * <signal.h> offers the same as ISO C signal()/raise() with the usual
 * numbers (SIGINT, SIGQUIT, SIGTSTP, SIGTERM).
 */
#ifndef _PANDA_SIGNAL_H
#define _PANDA_SIGNAL_H

#include <stdbool.h>
#include <panda/terminal_proto.h>

#define PANDA_TERM_SIG_COUNT	4

typedef void (*panda_signal_handler)(enum panda_term_signal sig, void *arg);

#define PANDA_SIGNAL_DEFAULT	((panda_signal_handler)0)
#define PANDA_SIGNAL_IGNORE	((panda_signal_handler)1)

/*
 * Install fn (called with arg) for sig.  The previous handler is stored
 * in *old if old is not NULL.  -PANDA_ERR_INVALID_ARGUMENT for a signal
 * outside 0..3.
 */
int panda_signal_handle(enum panda_term_signal sig, panda_signal_handler fn,
			void *arg, panda_signal_handler *old);

/*
 * Act on sig now, as if it had arrived from the parent: run its handler,
 * record it, or drop it.  -PANDA_ERR_INVALID_ARGUMENT outside 0..3.
 */
int panda_signal_deliver(enum panda_term_signal sig);

/*
 * Receive what is queued on the parent channel and act on every Signal
 * event in it; other terminal Events are kept for panda_term_next_event(),
 * anything else is dropped.  With block, waits until at least one signal
 * has been dispatched.  Returns the number of signals dispatched, or the
 * receive error that ended a blocking wait (-PANDA_ERR_CHANNEL_CLOSED
 * when the parent is gone, -PANDA_ERR_BAD_HANDLE when there is none).
 */
int panda_signal_dispatch(bool block);

#endif /* _PANDA_SIGNAL_H */
