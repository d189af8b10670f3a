// SPDX-License-Identifier: GPL-2.0
/*
 * print / log / panic (userspace.md 3.14-3.15) and the UTF-8 helpers
 * they share with stdio.c.
 */
#include <assert.h>
#include <lib/format.h>
#include <lib/utf8.h>
#include <panda/print.h>
#include <panda/process.h>
#include <panda/sys.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

size_t __panda_utf8_cut(const char *s, size_t n)
{
	size_t j = n, need;
	unsigned char lead;

	while (j > 0 && n - j < 3 && ((unsigned char)s[j - 1] & 0xc0) == 0x80)
		j--;
	if (j == 0)
		return n;
	lead = (unsigned char)s[j - 1];
	if (lead < 0xc0)
		return n;
	need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
	return n - (j - 1) < need ? j - 1 : n;
}

void __panda_utf8_sanitize(char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		int k = utf8_decode(s + i, n - i, &cp);

		if (k < 0) {
			s[i++] = '?';
			continue;
		}
		i += (size_t)k;
	}
}

/* ---------------------------------------------------------- print */

static void print(const char *fmt, va_list ap, bool newline)
{
	size_t limit = PANDA_PRINT_BUF - (newline ? 1 : 0), n;
	char text[PANDA_PRINT_BUF + 1];
	int ret;

	ret = vsnprintf(text, limit + 1, fmt, ap);
	n = ret < 0 ? 0 : (size_t)ret;
	if (n > limit)
		n = __panda_utf8_cut(text, limit);
	if (newline)
		text[n++] = '\n';
	__panda_utf8_sanitize(text, n);
	__panda_send_text(PANDA_HANDLE_PARENT, true, text, n);
}

void panda_vprintf(const char *fmt, va_list ap)
{
	print(fmt, ap, false);
}

void panda_vprintln(const char *fmt, va_list ap)
{
	print(fmt, ap, true);
}

void panda_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	print(fmt, ap, false);
	va_end(ap);
}

void panda_println(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	print(fmt, ap, true);
	va_end(ap);
}

/* ---------------------------------------------------------- log */

/* Accumulates one record; emits on '\n' and at PANDA_LOG_CHUNK bytes. */
struct logline {
	char buf[PANDA_LOG_CHUNK];
	size_t len;
	bool emitted;
};

static void emit(struct logline *l, size_t n)
{
	char rec[PANDA_LOG_CHUNK];

	memcpy(rec, l->buf, n);
	__panda_utf8_sanitize(rec, n);
	panda_sys_log(rec, n);
	memmove(l->buf, l->buf + n, l->len - n);
	l->len -= n;
	l->emitted = true;
}

static void logline_put(char c, void *ctx)
{
	struct logline *l = ctx;
	size_t k;

	if (c == '\n') {
		emit(l, l->len);
		return;
	}
	if (l->len == sizeof(l->buf)) {
		k = __panda_utf8_cut(l->buf, l->len);
		emit(l, k ? k : l->len);
	}
	l->buf[l->len++] = c;
}

static void logline_end(struct logline *l)
{
	if (l->len || !l->emitted)
		emit(l, l->len);
}

void __panda_log_text(const char *s, size_t n)
{
	struct logline l = { .len = 0, .emitted = false };

	while (n--)
		logline_put(*s++, &l);
	logline_end(&l);
}

void panda_log_lines(const char *s, size_t len)
{
	__panda_log_text(s, len);
}

void panda_vlogf(const char *fmt, va_list ap)
{
	struct logline l = { .len = 0, .emitted = false };

	vcbprintf(logline_put, &l, fmt, ap);
	logline_end(&l);
}

void panda_logf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	panda_vlogf(fmt, ap);
	va_end(ap);
}

/* ---------------------------------------------------------- panic */

static bool panicking;

static __attribute__((noreturn)) void die(int code)
{
	if (panicking)
		panda_sys_exit(code);
	panicking = true;
	panda_exit(code);	/* flushes stdio first */
}

void panda_panic_at(const char *file, int line, const char *fmt, ...)
{
	struct logline l = { .len = 0, .emitted = false };
	va_list ap;

	if (panicking)
		panda_sys_exit(PANDA_EXIT_PANIC);
	cbprintf(logline_put, &l, "PANIC at %s:%d: ", file, line);
	va_start(ap, fmt);
	vcbprintf(logline_put, &l, fmt, ap);
	va_end(ap);
	logline_end(&l);
	die(PANDA_EXIT_PANIC);
}

void panda_oom(size_t size)
{
	panda_logf("out of memory (allocating %zu bytes)", size);
	die(PANDA_EXIT_ALLOC_ERROR);
}

void __panda_assert_fail(const char *expr, const char *file, int line,
			 const char *func)
{
	panda_panic_at(file, line, "assertion failed: %s (%s)", expr, func);
}

void __panda_abort_at(const char *file, int line)
{
	panda_panic_at(file, line, "abort()");
}

#undef abort
void abort(void)
{
	panda_panic_at("?", 0, "abort()");
}
