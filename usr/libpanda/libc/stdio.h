/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <stdio.h> for Panda programs: formatted output only.
 *
 * snprintf & co. are lib/vsprintf.c (no floating point; see lib/format.h).
 *
 * stdout is line buffered (1 KiB) and goes, per flush, to
 *   - PANDA_HANDLE_STDOUT, if the parent passed one: each flush is one
 *     message holding an encoded Value String (the data plane carries
 *     Values, ipc.md 7.1), blocking send;
 *   - otherwise the kernel log: one log record per line (newline
 *     dropped), lines split every 256 bytes, invalid UTF-8 shown as '?'.
 * panda_stdout_set_sink() overrides the choice, e.g. to send terminal
 * Write(String) requests on PANDA_HANDLE_PARENT instead.
 * stderr is line buffered to the kernel log.  Buffers are flushed on
 * '\n', when full, by fflush() and at exit (exit(), panda_exit(), return
 * from main).
 */
#ifndef _PANDA_LIBC_STDIO_H
#define _PANDA_LIBC_STDIO_H

#include <stdarg.h>
#include <stddef.h>
#include <lib/format.h>

#define EOF	(-1)
#define BUFSIZ	1024

typedef struct panda_file_stream FILE;

extern FILE *stdout;
extern FILE *stderr;

enum panda_stdout_sink {
	PANDA_SINK_AUTO,	/* STDOUT channel if present, else the log */
	PANDA_SINK_CHANNEL,	/* Value Strings on PANDA_HANDLE_STDOUT */
	PANDA_SINK_LOG,		/* kernel log records, one per line */
	PANDA_SINK_TERMINAL,	/* Write requests on PANDA_HANDLE_PARENT */
};

/* Flushes stdout, then routes it to sink from now on. */
void panda_stdout_set_sink(enum panda_stdout_sink sink);
/* The sink in use (AUTO resolved). */
enum panda_stdout_sink panda_stdout_sink(void);

int printf(const char *fmt, ...) __lib_printf(1, 2);
int vprintf(const char *fmt, va_list ap) __lib_printf(1, 0);
int fprintf(FILE *f, const char *fmt, ...) __lib_printf(2, 3);
int vfprintf(FILE *f, const char *fmt, va_list ap) __lib_printf(2, 0);
int sprintf(char *buf, const char *fmt, ...) __lib_printf(2, 3);
int vsprintf(char *buf, const char *fmt, va_list ap) __lib_printf(2, 0);

int fputc(int c, FILE *f);
int putc(int c, FILE *f);
int putchar(int c);
int fputs(const char *s, FILE *f);
int puts(const char *s);			/* appends '\n' */
size_t fwrite(const void *p, size_t size, size_t n, FILE *f);
int fflush(FILE *f);				/* NULL: every stream */
int ferror(FILE *f);				/* a send failed */
void clearerr(FILE *f);

#endif /* _PANDA_LIBC_STDIO_H */
