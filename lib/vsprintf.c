// SPDX-License-Identifier: GPL-2.0
/*
 * printf-style formatting (integers, strings and characters only; no
 * floating point so it is usable in the kernel).  Everything is built on
 * vcbprintf(), which streams characters into a callback.
 */
#include <lib/format.h>
#include <lib/string.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * <limits.h> is not usable with -nostdinc (GCC's copy chains to the libc
 * one), so use the compiler's predefined macros.
 */
#define INT_MAX __INT_MAX__
#define INT_MIN (-INT_MAX - 1)
#define CHAR_BIT __CHAR_BIT__

#define F_LEFT	0x01	/* '-' */
#define F_ZERO	0x02	/* '0' */
#define F_PLUS	0x04	/* '+' */
#define F_SPACE	0x08	/* ' ' */
#define F_ALT	0x10	/* '#' */

enum len_mod { L_NONE, L_HH, L_H, L_L, L_LL, L_Z, L_T, L_J };

struct spec {
	unsigned int flags;
	int width;		/* 0 if none */
	int prec;		/* -1 if none */
	enum len_mod len;
};

struct sink {
	format_out_t out;
	void *ctx;
	size_t count;
};

static void put(struct sink *s, char c)
{
	s->out(c, s->ctx);
	s->count++;
}

static void put_n(struct sink *s, char c, size_t n)
{
	while (n--)
		put(s, c);
}

static void put_str(struct sink *s, const char *p, size_t n)
{
	while (n--)
		put(s, *p++);
}

/* Parse a decimal field, saturating at INT_MAX. */
static int parse_int(const char **fmt)
{
	const char *p = *fmt;
	int v = 0;

	while (*p >= '0' && *p <= '9') {
		int d = *p++ - '0';

		if (v > (INT_MAX - d) / 10)
			v = INT_MAX;
		else
			v = v * 10 + d;
	}
	*fmt = p;
	return v;
}

/*
 * Emit a number.  prefix is the sign and/or radix prefix ("-", "0x", ...)
 * already decided by the caller.
 */
static void put_number(struct sink *s, const struct spec *sp, uintmax_t v,
		       unsigned int base, bool upper, const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[sizeof(uintmax_t) * CHAR_BIT / 3 + 2];
	size_t n = 0, zeros = 0, plen = strlen(prefix), len, pad = 0;

	if (!(v == 0 && sp->prec == 0)) {
		do {
			buf[n++] = digits[v % base];
			v /= base;
		} while (v);
	}

	if (sp->prec >= 0 && (size_t)sp->prec > n)
		zeros = (size_t)sp->prec - n;
	/* "#o": the first digit printed must be a zero. */
	if (base == 8 && (sp->flags & F_ALT) && zeros == 0 &&
	    (n == 0 || buf[n - 1] != '0'))
		zeros = 1;

	len = plen + zeros + n;
	if (sp->width > 0 && (size_t)sp->width > len)
		pad = (size_t)sp->width - len;

	if ((sp->flags & (F_ZERO | F_LEFT)) == F_ZERO && sp->prec < 0) {
		zeros += pad;
		pad = 0;
	}

	if (!(sp->flags & F_LEFT))
		put_n(s, ' ', pad);
	put_str(s, prefix, plen);
	put_n(s, '0', zeros);
	while (n)
		put(s, buf[--n]);
	if (sp->flags & F_LEFT)
		put_n(s, ' ', pad);
}

static void put_padded(struct sink *s, const struct spec *sp, const char *p,
		       size_t n)
{
	size_t pad = 0;

	if (sp->width > 0 && (size_t)sp->width > n)
		pad = (size_t)sp->width - n;
	if (!(sp->flags & F_LEFT))
		put_n(s, ' ', pad);
	put_str(s, p, n);
	if (sp->flags & F_LEFT)
		put_n(s, ' ', pad);
}

static intmax_t get_signed(enum len_mod len, va_list *ap)
{
	switch (len) {
	case L_HH:
		return (signed char)va_arg(*ap, int);
	case L_H:
		return (short)va_arg(*ap, int);
	case L_L:
		return va_arg(*ap, long);
	case L_LL:
		return va_arg(*ap, long long);
	case L_Z:
		/* The signed type corresponding to size_t. */
		return (ptrdiff_t)va_arg(*ap, size_t);
	case L_T:
		return va_arg(*ap, ptrdiff_t);
	case L_J:
		return va_arg(*ap, intmax_t);
	default:
		return va_arg(*ap, int);
	}
}

static uintmax_t get_unsigned(enum len_mod len, va_list *ap)
{
	switch (len) {
	case L_HH:
		return (unsigned char)va_arg(*ap, unsigned int);
	case L_H:
		return (unsigned short)va_arg(*ap, unsigned int);
	case L_L:
		return va_arg(*ap, unsigned long);
	case L_LL:
		return va_arg(*ap, unsigned long long);
	case L_Z:
		return va_arg(*ap, size_t);
	case L_T:
		return (uintmax_t)va_arg(*ap, ptrdiff_t);
	case L_J:
		return va_arg(*ap, uintmax_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static enum len_mod parse_len(const char **fmt)
{
	const char *p = *fmt;
	enum len_mod len = L_NONE;

	switch (*p) {
	case 'h':
		if (p[1] == 'h') {
			len = L_HH;
			p++;
		} else {
			len = L_H;
		}
		p++;
		break;
	case 'l':
		if (p[1] == 'l') {
			len = L_LL;
			p++;
		} else {
			len = L_L;
		}
		p++;
		break;
	case 'z':
		len = L_Z;
		p++;
		break;
	case 't':
		len = L_T;
		p++;
		break;
	case 'j':
		len = L_J;
		p++;
		break;
	}
	*fmt = p;
	return len;
}

/*
 * va_list may be an array type, so it is handled through a pointer to a
 * local copy to keep the helpers portable.
 */
static void do_format(struct sink *s, const char *fmt, va_list *ap)
{
	while (*fmt) {
		const char *start;
		struct spec sp = { .flags = 0, .width = 0, .prec = -1 };
		bool more = true;
		char c;

		if (*fmt != '%') {
			put(s, *fmt++);
			continue;
		}
		start = fmt++;

		while (more) {
			switch (*fmt) {
			case '-':
				sp.flags |= F_LEFT;
				break;
			case '0':
				sp.flags |= F_ZERO;
				break;
			case '+':
				sp.flags |= F_PLUS;
				break;
			case ' ':
				sp.flags |= F_SPACE;
				break;
			case '#':
				sp.flags |= F_ALT;
				break;
			default:
				more = false;
				continue;
			}
			fmt++;
		}

		if (*fmt == '*') {
			int w = va_arg(*ap, int);

			fmt++;
			if (w < 0) {
				sp.flags |= F_LEFT;
				w = w == INT_MIN ? INT_MAX : -w;
			}
			sp.width = w;
		} else {
			sp.width = parse_int(&fmt);
		}

		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				int p = va_arg(*ap, int);

				fmt++;
				sp.prec = p < 0 ? -1 : p;
			} else {
				sp.prec = parse_int(&fmt);
			}
		}

		sp.len = parse_len(&fmt);

		switch ((c = *fmt)) {
		case 'd':
		case 'i': {
			intmax_t v = get_signed(sp.len, ap);
			uintmax_t u = v < 0 ? -(uintmax_t)v : (uintmax_t)v;
			const char *prefix = "";

			if (v < 0)
				prefix = "-";
			else if (sp.flags & F_PLUS)
				prefix = "+";
			else if (sp.flags & F_SPACE)
				prefix = " ";
			put_number(s, &sp, u, 10, false, prefix);
			break;
		}
		case 'u':
			put_number(s, &sp, get_unsigned(sp.len, ap), 10, false,
				   "");
			break;
		case 'o':
			put_number(s, &sp, get_unsigned(sp.len, ap), 8, false,
				   "");
			break;
		case 'x':
		case 'X': {
			uintmax_t v = get_unsigned(sp.len, ap);
			const char *prefix = "";

			if ((sp.flags & F_ALT) && v)
				prefix = c == 'x' ? "0x" : "0X";
			put_number(s, &sp, v, 16, c == 'X', prefix);
			break;
		}
		case 'p': {
			uintptr_t v = (uintptr_t)va_arg(*ap, void *);

			put_number(s, &sp, v, 16, false, "0x");
			break;
		}
		case 'c': {
			char ch = (char)va_arg(*ap, int);

			put_padded(s, &sp, &ch, 1);
			break;
		}
		case 's': {
			const char *str = va_arg(*ap, const char *);
			size_t n;

			if (!str)
				str = "(null)";
			if (sp.prec >= 0)
				n = strnlen(str, (size_t)sp.prec);
			else
				n = strlen(str);
			put_padded(s, &sp, str, n);
			break;
		}
		case '%':
			put(s, '%');
			break;
		default:
			/* Unknown or truncated: copy the specification. */
			if (!c) {
				put_str(s, start, (size_t)(fmt - start));
				return;
			}
			put_str(s, start, (size_t)(fmt - start) + 1);
			break;
		}
		fmt++;
	}
}

int vcbprintf(format_out_t out, void *ctx, const char *fmt, va_list ap)
{
	struct sink s = { .out = out, .ctx = ctx, .count = 0 };
	va_list aq;

	va_copy(aq, ap);
	do_format(&s, fmt, &aq);
	va_end(aq);
	return s.count > INT_MAX ? INT_MAX : (int)s.count;
}

int cbprintf(format_out_t out, void *ctx, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vcbprintf(out, ctx, fmt, ap);
	va_end(ap);
	return ret;
}

struct buf_ctx {
	char *buf;
	size_t size;
	size_t pos;
};

static void buf_out(char c, void *ctx)
{
	struct buf_ctx *b = ctx;

	if (b->pos + 1 < b->size)
		b->buf[b->pos] = c;
	b->pos++;
}

static size_t buf_format(char *buf, size_t size, const char *fmt, va_list ap,
			 int *ret)
{
	struct buf_ctx b = { .buf = buf, .size = size, .pos = 0 };

	*ret = vcbprintf(buf_out, &b, fmt, ap);
	if (!size)
		return 0;
	if (b.pos > size - 1)
		b.pos = size - 1;
	buf[b.pos] = '\0';
	return b.pos;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	int ret;

	buf_format(buf, size, fmt, ap, &ret);
	return ret;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return ret;
}

int vscnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	int ret;
	size_t n = buf_format(buf, size, fmt, ap, &ret);

	return n > INT_MAX ? INT_MAX : (int)n;
}

int scnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vscnprintf(buf, size, fmt, ap);
	va_end(ap);
	return ret;
}
