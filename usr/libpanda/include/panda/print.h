/* SPDX-License-Identifier: GPL-2.0 */
/*
 * print / log (userspace.md 3.14) and abnormal termination (3.15).
 *
 * panda_printf / panda_println format into a fixed 256-byte buffer
 * (longer output is silently truncated, at a UTF-8 boundary; println's
 * "\n" is part of the 256) and send the text as ONE terminal Write(String)
 * request on PANDA_HANDLE_PARENT (the recommended C behaviour: raw text
 * would be dropped by the terminal).  Blocking send; errors are ignored,
 * so in init (no parent) the output vanishes.
 *
 * The kernel log is what tests see: panda_log() (panda/environment.h)
 * sends one record as is; panda_logf() formats, then emits one record
 * per line, each at most 256 bytes (longer lines are split), with
 * invalid UTF-8 replaced by '?'.
 */
#ifndef _PANDA_PRINT_H
#define _PANDA_PRINT_H

#include <stdarg.h>
#include <stddef.h>

/* The text of one printf (userspace.md 3.14): one Write request. */
#define PANDA_PRINT_BUF		256
/* One log record of panda_logf(): a console line stays readable. */
#define PANDA_LOG_CHUNK		256

#define __panda_printf(f, a)	__attribute__((format(printf, f, a)))

void panda_printf(const char *fmt, ...) __panda_printf(1, 2);
void panda_println(const char *fmt, ...) __panda_printf(1, 2);
void panda_vprintf(const char *fmt, va_list ap) __panda_printf(1, 0);
void panda_vprintln(const char *fmt, va_list ap) __panda_printf(1, 0);

void panda_logf(const char *fmt, ...) __panda_printf(1, 2);
void panda_vlogf(const char *fmt, va_list ap) __panda_printf(1, 0);
/* Log len bytes as records: split at newlines and every 256 bytes. */
void panda_log_lines(const char *s, size_t len);

/*
 * Log "PANIC at <file>:<line>: <message>" (in 256-byte records) and exit
 * with PANDA_EXIT_PANIC (101).
 */
__attribute__((noreturn)) void panda_panic_at(const char *file, int line,
					      const char *fmt, ...)
	__panda_printf(3, 4);
#define panda_panic(...)	panda_panic_at(__FILE__, __LINE__, __VA_ARGS__)

/* Log an out-of-memory message and exit with PANDA_EXIT_ALLOC_ERROR (102). */
__attribute__((noreturn)) void panda_oom(size_t size);

#endif /* _PANDA_PRINT_H */
