/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ISO C signals over Panda's catchable signals (<panda/signal.h>):
 * SIGINT = Interrupt, SIGQUIT = Quit, SIGTSTP = Suspend, SIGTERM =
 * Terminate.  Handlers run synchronously at the library's dispatch
 * points, never in the middle of arbitrary code.  SIGKILL cannot be
 * caught; raise(SIGKILL) ends the process through the kernel.
 */
#ifndef _LIBC_SIGNAL_H
#define _LIBC_SIGNAL_H

typedef int sig_atomic_t;
typedef void (*sighandler_t)(int);

#define SIGINT		2
#define SIGQUIT		3
#define SIGKILL		9
#define SIGTERM		15
#define SIGTSTP		20

#define SIG_DFL		((sighandler_t)0)
#define SIG_IGN		((sighandler_t)1)
#define SIG_ERR		((sighandler_t)-1)

/* The previous handler, or SIG_ERR for SIGKILL and unknown signals. */
sighandler_t signal(int sig, sighandler_t handler);
/* 0, or nonzero for an unknown signal. */
int raise(int sig);

#endif /* _LIBC_SIGNAL_H */
