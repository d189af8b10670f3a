// SPDX-License-Identifier: GPL-2.0
/*
 * C formatted output (<stdio.h>).  stdout goes to the STDOUT channel as
 * Value String messages when the parent gave us one, otherwise to the
 * kernel log; stderr always to the kernel log.  See <stdio.h>.
 */
#include <limits.h>
#include <panda/handle.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"

struct panda_file_stream {
	char buf[BUFSIZ];
	size_t len;
	enum panda_stdout_sink sink;
	bool error;
};

static FILE out_stream = { .sink = PANDA_SINK_AUTO };
static FILE err_stream = { .sink = PANDA_SINK_LOG };
FILE *stdout = &out_stream;
FILE *stderr = &err_stream;

static enum panda_stdout_sink resolve(FILE *f)
{
	if (f->sink == PANDA_SINK_AUTO)
		f->sink = panda_handle_exists(PANDA_HANDLE_STDOUT) ?
			  PANDA_SINK_CHANNEL : PANDA_SINK_LOG;
	return f->sink;
}

static void send(FILE *f, const char *s, size_t n)
{
	static char text[BUFSIZ];
	bool term;

	if (resolve(f) == PANDA_SINK_LOG) {
		__panda_log_text(s, n);
		return;
	}
	memcpy(text, s, n);
	__panda_utf8_sanitize(text, n);
	term = f->sink == PANDA_SINK_TERMINAL;
	if (__panda_send_text(term ? PANDA_HANDLE_PARENT : PANDA_HANDLE_STDOUT,
			      term, text, n) < 0)
		f->error = true;
}

/* Send the buffer; all = false keeps an incomplete UTF-8 sequence. */
static void flush(FILE *f, bool all)
{
	size_t k = f->len;

	if (!k)
		return;
	if (!all) {
		k = __panda_utf8_cut(f->buf, f->len);
		if (!k)
			k = f->len;
	}
	send(f, f->buf, k);
	memmove(f->buf, f->buf + k, f->len - k);
	f->len -= k;
}

static void put(FILE *f, char c)
{
	if (f->len == sizeof(f->buf))
		flush(f, false);
	f->buf[f->len++] = c;
	if (c == '\n')
		flush(f, true);
}

static void put_cb(char c, void *ctx)
{
	put(ctx, c);
}

void __panda_stdio_flush_all(void)
{
	flush(stdout, true);
	flush(stderr, true);
}

void panda_stdout_set_sink(enum panda_stdout_sink sink)
{
	flush(stdout, true);
	stdout->sink = sink;
}

enum panda_stdout_sink panda_stdout_sink(void)
{
	return resolve(stdout);
}

int vfprintf(FILE *f, const char *fmt, va_list ap)
{
	return vcbprintf(put_cb, f, fmt, ap);
}

int fprintf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(f, fmt, ap);
	va_end(ap);
	return n;
}

int vprintf(const char *fmt, va_list ap)
{
	return vfprintf(stdout, fmt, ap);
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(stdout, fmt, ap);
	va_end(ap);
	return n;
}

int vsprintf(char *buf, const char *fmt, va_list ap)
{
	return vsnprintf(buf, (size_t)INT_MAX + 1, fmt, ap);
}

int sprintf(char *buf, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsprintf(buf, fmt, ap);
	va_end(ap);
	return n;
}

int fputc(int c, FILE *f)
{
	put(f, (char)c);
	return (unsigned char)c;
}

int putc(int c, FILE *f)
{
	return fputc(c, f);
}

int putchar(int c)
{
	return fputc(c, stdout);
}

int fputs(const char *s, FILE *f)
{
	while (*s)
		put(f, *s++);
	return 0;
}

int puts(const char *s)
{
	fputs(s, stdout);
	put(stdout, '\n');
	return 0;
}

size_t fwrite(const void *p, size_t size, size_t n, FILE *f)
{
	const char *c = p;
	size_t i, total = size * n;

	if (size && total / size != n)
		return 0;
	for (i = 0; i < total; i++)
		put(f, c[i]);
	return n;
}

int fflush(FILE *f)
{
	if (!f) {
		__panda_stdio_flush_all();
		return 0;
	}
	flush(f, true);
	return f->error ? EOF : 0;
}

int ferror(FILE *f)
{
	return f->error;
}

void clearerr(FILE *f)
{
	f->error = false;
}
