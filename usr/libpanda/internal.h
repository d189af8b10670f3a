/* SPDX-License-Identifier: GPL-2.0 */
/* libpanda internals shared between its source files (not installed). */
#ifndef _LIBPANDA_INTERNAL_H
#define _LIBPANDA_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <panda/terminal_proto.h>

/* Largest k <= n such that s[0..k) does not end inside a UTF-8 sequence. */
size_t __panda_utf8_cut(const char *s, size_t n);
/* Replace every byte that is not part of valid UTF-8 by '?'. */
void __panda_utf8_sanitize(char *s, size_t n);

/*
 * Text messages (value_io.c, through lib/value.c and lib/terminal_proto.c):
 * s[0..n) (valid UTF-8, at most PANDA_TEXT_CHUNK bytes) sent on h as one
 * message, a terminal Write(String) request if request, else a bare
 * String Value (value-and-terminal.md 2.1, 3.3).  Returns the send's
 * result.  The _chunks form takes any text (sanitized, split at UTF-8
 * boundaries into messages, "\n" appended to the last if newline).
 */
#define PANDA_TEXT_CHUNK	4000
long __panda_send_text(uint32_t h, bool request, const char *s, size_t n);
int __panda_send_text_chunks(uint32_t h, bool request, const char *s,
			     size_t n, bool newline);

/* A VALUE_E* code of encoding a message: VALUE_ENOSPC means too large. */
int __panda_msg_errno(int value_err);

/* Value allocator for decoding: malloc that may fail (value_io.c). */
struct panda_value_alloc;
extern const struct panda_value_alloc __panda_value_try_heap;

/* Send s[0..n) as kernel log records (one per line, <= 256 bytes each). */
void __panda_log_text(const char *s, size_t n);

/* Defined by stdio.c when it is linked in; flushes stdout and stderr. */
void __panda_stdio_flush_all(void) __attribute__((weak));

/*
 * Catchable signals (signal.c): take the oldest recorded signal (false if
 * none); whether sig has a handler or is ignored (then it is not returned
 * as an event).
 */
bool __panda_signal_take(enum panda_term_signal *sig);
bool __panda_signal_caught(unsigned int sig);

#endif /* _LIBPANDA_INTERNAL_H */
