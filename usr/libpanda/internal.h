/* SPDX-License-Identifier: GPL-2.0 */
/* libpanda internals shared between its source files (not installed). */
#ifndef _LIBPANDA_INTERNAL_H
#define _LIBPANDA_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest k <= n such that s[0..k) does not end inside a UTF-8 sequence. */
size_t __panda_utf8_cut(const char *s, size_t n);
/* Replace every byte that is not part of valid UTF-8 by '?'. */
void __panda_utf8_sanitize(char *s, size_t n);

/*
 * Encoders for the two wire forms libpanda itself sends before the Value
 * library exists (value-and-terminal.md 2.1, 3.2-3.3).  buf needs n + 3
 * and n + 9 bytes; n <= 65535.  Return the encoded length.
 */
size_t __panda_encode_value_string(uint8_t *buf, const char *s, size_t n);
size_t __panda_encode_term_write(uint8_t *buf, const char *s, size_t n);

/* Send s[0..n) as kernel log records (one per line, <= 256 bytes each). */
void __panda_log_text(const char *s, size_t n);

/* Defined by stdio.c when it is linked in; flushes stdout and stderr. */
void __panda_stdio_flush_all(void) __attribute__((weak));

#endif /* _LIBPANDA_INTERNAL_H */
