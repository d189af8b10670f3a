// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for lib/vsprintf.c.  Where the behaviour is standard C, the output
 * and return value are compared with the host libc (ref_snprintf).
 */
#include <criterion/criterion.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <lib/format.h>
#include <lib/string.h>

#include "ref_libc.h"

#define BUFSZ 512

static int fmt_raw(char *buf, size_t size, const char *fmt, ...);
static int ref_raw(char *buf, size_t size, const char *fmt, ...);

/*
 * Compare lib and libc for one format with identical arguments.  Goes
 * through the attribute-less wrappers below so that formats gcc frowns on
 * (flags it considers useless, "") can be checked too.
 */
#define CHECK(...)							\
	do {								\
		char _a[BUFSZ], _b[BUFSZ];				\
		int _ra = fmt_raw(_a, sizeof(_a), __VA_ARGS__);		\
		int _rb = ref_raw(_b, sizeof(_b), __VA_ARGS__);		\
		cr_assert_str_eq(_a, _b, "format %s", #__VA_ARGS__);	\
		cr_assert_eq(_ra, _rb, "format %s: %d vs %d",		\
			     #__VA_ARGS__, _ra, _rb);			\
	} while (0)

/* No format attribute: lets the tests pass formats gcc would reject. */
static int fmt_raw(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return ret;
}

static int ref_raw(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = ref_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return ret;
}

static void expect(const char *want, int ret, const char *got)
{
	cr_assert_str_eq(got, want);
	cr_assert_eq(ret, (int)strlen(want), "'%s': ret %d", want, ret);
}

Test(vsprintf, literals_and_percent)
{
	CHECK("");
	CHECK("plain text");
	CHECK("100%%");
	CHECK("%%%d%%", 5);
	CHECK("a%cb", 'x');
}

Test(vsprintf, integers_basic)
{
	CHECK("%d %i %u", 0, -1, 42u);
	CHECK("%d %d", INT32_MAX, INT32_MIN);
	CHECK("%u %x %X %o", UINT32_MAX, 0xdeadbeefu, 0xdeadbeefu, 0777u);
	CHECK("%ld %lu %lx", LONG_MIN, ULONG_MAX, ULONG_MAX);
	CHECK("%lld %llu %llo", LLONG_MIN, ULLONG_MAX, ULLONG_MAX);
	CHECK("%hhd %hhu %hhx", 300, 255 + 256, -1);
	CHECK("%hd %hu %hx", 70000, -1, 0x12345);
	CHECK("%zu %zx %zd", (size_t)SIZE_MAX, (size_t)12345, (size_t)-5);
	CHECK("%td %tx", (ptrdiff_t)-77, (ptrdiff_t)0x7f);
	CHECK("%jd %ju %jx", INTMAX_MIN, UINTMAX_MAX, (uintmax_t)1 << 63);
}

Test(vsprintf, flags_width_precision_literal)
{
	CHECK("[%5d] [%-5d] [%05d] [%+d] [% d] [%+5d] [%-+5d]", 42, 42, 42,
	      42, 42, 42, 42);
	CHECK("[%05d] [%5.3d] [%-8.4d] [%08.3d] [%.0d] [%5.0d]", -42, -7, 9,
	      11, 0, 0);
	CHECK("[%#x] [%#X] [%#o] [%#x] [%#o] [%#.0o] [%#5o] [%#08x]", 255,
	      255, 8, 0, 0, 0, 8, 255);
	CHECK("[%#.5o] [%#.3o] [%.0x] [%#.0x]", 8, 0100, 0, 0);
	CHECK("[%*d] [%-*d] [%*d] [%.*d] [%.*d]", 6, 1, 6, 2, -6, 3, 4, 5,
	      -1, 6);
	CHECK("[%*.*d]", 8, 5, -123);
	CHECK("[%+.3u] [% x]", 5u, 0x10u);
}

Test(vsprintf, strings_and_chars)
{
	CHECK("[%s] [%10s] [%-10s] [%.2s] [%10.3s] [%-10.3s]", "hello",
	      "hello", "hello", "hello", "hello", "hello");
	CHECK("[%.0s] [%.10s] [%*s] [%-*s] [%.*s]", "abc", "abc", 5, "x",
	      5, "y", 2, "xyz");
	CHECK("[%c] [%3c] [%-3c] [%c]", 'a', 'b', 'c', 0x141);
	CHECK("[%s]", "");
}

Test(vsprintf, string_precision_does_not_overread)
{
	char *p = malloc(3);
	char buf[16];

	memcpy(p, "abc", 3);	/* no NUL */
	cr_assert_eq(snprintf(buf, sizeof(buf), "%.3s|%.2s", p, p), 6);
	cr_assert_str_eq(buf, "abc|ab");
	free(p);
}

Test(vsprintf, null_string_and_pointer)
{
	char buf[64];
	int r;

	r = fmt_raw(buf, sizeof(buf), "%s", (char *)NULL);
	expect("(null)", r, buf);
	r = fmt_raw(buf, sizeof(buf), "[%8s]", (char *)NULL);
	expect("[  (null)]", r, buf);
	r = snprintf(buf, sizeof(buf), "%p", NULL);
	expect("0x0", r, buf);
	r = snprintf(buf, sizeof(buf), "[%6p]", NULL);
	expect("[   0x0]", r, buf);
}

Test(vsprintf, pointers_match_libc)
{
	int x;
	void *ptrs[] = {
		&x, (void *)1, (void *)0xffffffffffffffffull,
		(void *)0x00007fff12345678ull, (void *)0xffff800000000000ull,
	};
	size_t i;

	for (i = 0; i < sizeof(ptrs) / sizeof(ptrs[0]); i++) {
		CHECK("%p", ptrs[i]);
		CHECK("[%20p]", ptrs[i]);
		CHECK("[%-20p]", ptrs[i]);
	}
}

Test(vsprintf, unknown_and_incomplete_conversions)
{
	char buf[64];
	int r;

	r = fmt_raw(buf, sizeof(buf), "a%yb");
	expect("a%yb", r, buf);
	r = fmt_raw(buf, sizeof(buf), "[%-5hy]");
	expect("[%-5hy]", r, buf);
	r = fmt_raw(buf, sizeof(buf), "abc%");
	expect("abc%", r, buf);
	r = fmt_raw(buf, sizeof(buf), "x%-08.3l");
	expect("x%-08.3l", r, buf);
	/* %n is deliberately unsupported and must not write anything. */
	r = fmt_raw(buf, sizeof(buf), "%n%d", 7);
	expect("%n7", r, buf);
	/* An unknown conversion consumes no argument. */
	r = fmt_raw(buf, sizeof(buf), "%q%d", 7);
	expect("%q7", r, buf);
}

Test(vsprintf, truncation_and_return_value)
{
	char buf[8];
	int r;

	memset(buf, 'Z', sizeof(buf));
	r = snprintf(buf, sizeof(buf), "%s", "0123456789");
	cr_assert_eq(r, 10);
	cr_assert_str_eq(buf, "0123456");

	memset(buf, 'Z', sizeof(buf));
	r = snprintf(buf, 1, "abc");
	cr_assert_eq(r, 3);
	cr_assert_eq(buf[0], '\0');
	cr_assert_eq(buf[1], 'Z');

	memset(buf, 'Z', sizeof(buf));
	r = snprintf(buf, 0, "abc%d", 12345);
	cr_assert_eq(r, 8);
	cr_assert_eq(buf[0], 'Z');
	cr_assert_eq(snprintf(NULL, 0, "%d", -100), 4);

	r = snprintf(buf, 4, "abc");
	cr_assert_eq(r, 3);
	cr_assert_str_eq(buf, "abc");
	r = snprintf(buf, 3, "abc");
	cr_assert_eq(r, 3);
	cr_assert_str_eq(buf, "ab");
}

Test(vsprintf, scnprintf_counts_stored)
{
	char buf[8];

	cr_assert_eq(scnprintf(buf, sizeof(buf), "%s", "0123456789"), 7);
	cr_assert_str_eq(buf, "0123456");
	cr_assert_eq(scnprintf(buf, sizeof(buf), "%d", 42), 2);
	cr_assert_eq(scnprintf(buf, 0, "%d", 42), 0);
	cr_assert_eq(scnprintf(buf, 1, "%d", 42), 0);
	cr_assert_str_eq(buf, "");
}

struct collect {
	char buf[256];
	size_t n;
};

static void collect_out(char c, void *ctx)
{
	struct collect *co = ctx;

	cr_assert_lt(co->n, sizeof(co->buf) - 1);
	co->buf[co->n++] = c;
	co->buf[co->n] = '\0';
}

Test(vsprintf, callback_streaming)
{
	struct collect co = { .n = 0 };
	int r;

	r = cbprintf(collect_out, &co, "x=%d s=%s %c%%", -3, "ok", '!');
	cr_assert_eq(r, 12);
	cr_assert_eq(co.n, 12);
	cr_assert_str_eq(co.buf, "x=-3 s=ok !%");
}

/* Exhaustive-ish cross product against libc. */
static const char *const lens[] = { "", "hh", "h", "l", "ll", "z", "t", "j" };

static const long long values[] = {
	0, 1, -1, 7, -8, 9, 10, 15, 16, 127, -128, 255, 256, 32767, -32768,
	65535, 65536, 123456789, -987654321, 2147483647, -2147483647 - 1,
	4294967295LL, 4294967296LL, 0x7fffffffffffffffLL,
	-0x7fffffffffffffffLL - 1, 01234567012345670LL,
};

static int format_value(int (*fn)(char *, size_t, const char *, ...),
			char *buf, size_t size, const char *fmt,
			const char *len, long long v)
{
	if (!strcmp(len, "") || !strcmp(len, "hh") || !strcmp(len, "h"))
		return fn(buf, size, fmt, (int)v);
	if (!strcmp(len, "l"))
		return fn(buf, size, fmt, (long)v);
	if (!strcmp(len, "ll"))
		return fn(buf, size, fmt, v);
	if (!strcmp(len, "z"))
		return fn(buf, size, fmt, (size_t)v);
	if (!strcmp(len, "t"))
		return fn(buf, size, fmt, (ptrdiff_t)v);
	return fn(buf, size, fmt, (intmax_t)v);
}

Test(vsprintf, integer_cross_product)
{
	static const char convs[] = "diuxXo";
	static const char *const widths[] = { "", "1", "5", "12", "25" };
	static const char *const precs[] = { "", ".", ".0", ".1", ".4", ".22" };
	static const char flagset[] = "-0+ #";
	char fmt[64], a[BUFSZ], b[BUFSZ];
	unsigned long checked = 0;
	size_t c, l, w, p, v;
	unsigned int f;

	for (c = 0; convs[c]; c++)
	for (l = 0; l < sizeof(lens) / sizeof(lens[0]); l++)
	for (f = 0; f < 32; f++)
	for (w = 0; w < sizeof(widths) / sizeof(widths[0]); w++)
	for (p = 0; p < sizeof(precs) / sizeof(precs[0]); p++) {
		char flags[8];
		int nf = 0, i;

		for (i = 0; i < 5; i++) {
			if (f & (1u << i))
				flags[nf++] = flagset[i];
		}
		flags[nf] = '\0';
		ref_snprintf(fmt, sizeof(fmt), "[%%%s%s%s%s%c]", flags,
			     widths[w], precs[p], lens[l], convs[c]);
		for (v = 0; v < sizeof(values) / sizeof(values[0]); v++) {
			int ra = format_value(fmt_raw, a, sizeof(a), fmt,
					      lens[l], values[v]);
			int rb = format_value(ref_raw, b, sizeof(b), fmt,
					      lens[l], values[v]);

			if (ra != rb || strcmp(a, b))
				cr_assert_fail("fmt \"%s\" value %lld: lib \"%s\" (%d) "
					 "libc \"%s\" (%d)", fmt, values[v],
					 a, ra, b, rb);
			checked++;
		}
	}
	cr_assert_gt(checked, 100000);
}

Test(vsprintf, string_cross_product)
{
	static const char *const strs[] = { "", "a", "hello", "0123456789ab" };
	static const char *const specs[] = {
		"%s", "%3s", "%-3s", "%10s", "%-10s", "%.0s", "%.1s", "%.5s",
		"%8.2s", "%-8.2s", "%.20s", "%c", "%4c", "%-4c",
	};
	char a[BUFSZ], b[BUFSZ];
	size_t i, j;

	for (i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		for (j = 0; j < sizeof(strs) / sizeof(strs[0]); j++) {
			int ra, rb;

			if (strchr(specs[i], 'c')) {
				ra = fmt_raw(a, sizeof(a), specs[i], strs[j][0] ? strs[j][0] : 'Q');
				rb = ref_raw(b, sizeof(b), specs[i], strs[j][0] ? strs[j][0] : 'Q');
			} else {
				ra = fmt_raw(a, sizeof(a), specs[i], strs[j]);
				rb = ref_raw(b, sizeof(b), specs[i], strs[j]);
			}
			cr_assert_str_eq(a, b, "%s", specs[i]);
			cr_assert_eq(ra, rb);
		}
	}
}

Test(vsprintf, random_truncation_matches_libc)
{
	char a[64], b[64];
	int i;

	srand(42);
	for (i = 0; i < 5000; i++) {
		size_t size = (size_t)(rand() % 40);
		long long v = ((long long)rand() << 32) ^ rand();
		int ra, rb;

		memset(a, 'Z', sizeof(a));
		memset(b, 'Z', sizeof(b));
		ra = snprintf(a, size, "<%-+12lld|%#llx|%s>", v,
			      (unsigned long long)v, "tail");
		rb = ref_snprintf(b, size, "<%-+12lld|%#llx|%s>", v,
				  (unsigned long long)v, "tail");
		cr_assert_eq(ra, rb);
		cr_assert(memcmp(a, b, sizeof(a)) == 0, "size %zu", size);
	}
}
