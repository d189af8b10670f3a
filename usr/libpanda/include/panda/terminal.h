/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Terminal helpers (userspace.md 3.13, value-and-terminal.md 3): the
 * control plane on PANDA_HANDLE_PARENT.  Each call sends one terminal
 * Request (blocking); results are 0 or -PANDA_ERR_* and may be ignored,
 * as the reference does (in init, which has no parent, they fail with
 * -PANDA_ERR_BAD_HANDLE and nothing happens).
 *
 * Text must be UTF-8; invalid bytes are sent as '?'.  Printing splits
 * text longer than one message into several Writes (the terminal adds
 * no line breaks between them); errors, warnings, titles and progress
 * messages are cut to fit one message.
 *
 * Input and query helpers send their request and then block on the
 * parent channel until the matching answer comes.  Events that arrive
 * meanwhile are not lost: signals go to their handler or are recorded for
 * panda_term_signal_pending() (<panda/signal.h>), other events are
 * queued (up to 16) for
 * panda_term_next_event(); only stale input answers are dropped.
 *
 * The parent side (a terminal, a test, a service manager) reads a child's
 * Requests from its process handle and answers with Events.
 */
#ifndef _PANDA_TERMINAL_H
#define _PANDA_TERMINAL_H

#include <panda/sys.h>
#include <panda/terminal_proto.h>
#include <panda/value.h>

/* ------------------------------------------------------------ output */

int panda_term_print(const char *s);			/* Write(String) */
int panda_term_println(const char *s);			/* s + "\n" */
int panda_term_print_styled(const char *s, panda_style style);
int panda_term_print_value(const panda_value *v);	/* Write(v) */
int panda_term_print_table(const panda_value *table);
int panda_term_print_link(const char *text, const char *url);

int panda_term_error(const char *s);			/* Error(String) */
int panda_term_warning(const char *s);			/* Warning(String) */
int panda_term_error_value(const panda_value *v);
int panda_term_warning_value(const panda_value *v);
/* Formatted into 256 bytes (cut at a UTF-8 boundary), as panda_printf. */
int panda_term_errorf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
int panda_term_warningf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

int panda_term_clear(enum panda_term_clear_region region);
int panda_term_clear_screen(void);
int panda_term_move_cursor(uint16_t row, uint16_t col);
int panda_term_set_title(const char *title);
int panda_term_progress(uint32_t current, uint32_t total, const char *msg);

/* Any Request, e.g. Exit (which the reference library never sends). */
int panda_term_send_request(const struct panda_term_request *req);

/* ------------------------------------------------------------ input */

/*
 * true with a malloc'd, NUL-terminated answer in *out (free it), false if
 * there is no answer (cancelled, parent gone, no parent, wrong kind of
 * answer).  Request ids count from 1, skipping 0 on wrap-around.
 */
bool panda_term_read_line(char **out);
bool panda_term_input(const char *prompt, char **out);
bool panda_term_input_styled(const panda_value *prompt, char **out);
bool panda_term_password(const char *prompt, char **out);
bool panda_term_confirm(const char *prompt);	/* false if no answer */
bool panda_term_read_char(uint32_t *cp);
bool panda_term_choose(const char *prompt, const char *const *choices,
		       size_t n, size_t *index);

/* Queries: 0 with the answer, or the error that ended the wait. */
int panda_term_size(uint16_t *cols, uint16_t *rows);
int panda_term_capabilities(struct panda_term_caps *caps);
int panda_term_cursor_position(uint16_t *row, uint16_t *col);

/* ------------------------------------------------------------ events */

/*
 * A signal recorded by an earlier wait, else the first Signal event
 * without a handler found by draining the parent channel without
 * blocking (handled signals run their handler on the way; other events
 * drained here are discarded, services.md 2.2).  sig may be NULL.
 */
bool panda_term_signal_pending(enum panda_term_signal *sig);

/*
 * The next event for this program: a queued one (see above), else one
 * received from the parent channel (blocking if block).  Release it with
 * panda_term_event_free().  Messages that are no Event are skipped, and
 * so are signals that have a handler or are ignored (acted on instead).
 */
int panda_term_next_event(struct panda_term_event *ev, bool block);

/* ------------------------------------------------------------ parent side */

/* Send an Event on a child's process handle (blocking). */
int panda_term_send_event(panda_handle_t child,
			  const struct panda_term_event *ev);
int panda_term_signal_send(panda_handle_t child, enum panda_term_signal sig);
/* Answer RequestInput id; answer NULL = cancelled. */
int panda_term_reply_input(panda_handle_t child, uint32_t id,
			   const struct panda_term_answer *answer);

/*
 * Receive one message from a child's process handle and decode it as a
 * Request (release with panda_term_request_free()).  Receive errors as
 * they are (-PANDA_ERR_CHANNEL_CLOSED when the child is gone, ...); a
 * message that is no Request: -PANDA_ERR_PROTOCOL (consumed).  Terminals
 * that also accept bare Values use panda_channel_recv() and
 * panda_term_control_decode().
 */
int panda_term_recv_request(panda_handle_t child,
			    struct panda_term_request *req);
int panda_term_try_recv_request(panda_handle_t child,
				struct panda_term_request *req);

#endif /* _PANDA_TERMINAL_H */
