// SPDX-License-Identifier: GPL-2.0
/*
 * Strict UTF-8 validation (RFC 3629 / Unicode table 3-7).
 */
#include <lib/utf8.h>

static bool is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

int utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char c, lo = 0x80, hi = 0xBF;
	uint32_t v;
	int need, i;

	if (!len)
		return -1;
	c = p[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c < 0xC2) {
		/* Stray continuation byte, or overlong 2-byte lead. */
		return -1;
	} else if (c < 0xE0) {
		need = 1;
		v = c & 0x1F;
	} else if (c < 0xF0) {
		need = 2;
		v = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0;	/* overlong */
		else if (c == 0xED)
			hi = 0x9F;	/* surrogates */
	} else if (c < 0xF5) {
		need = 3;
		v = c & 0x07;
		if (c == 0xF0)
			lo = 0x90;	/* overlong */
		else if (c == 0xF4)
			hi = 0x8F;	/* > U+10FFFF */
	} else {
		return -1;
	}

	if (len < (size_t)need + 1)
		return -1;
	/* The first continuation byte carries the extra range limits. */
	if (p[1] < lo || p[1] > hi)
		return -1;
	for (i = 1; i <= need; i++) {
		if (!is_cont(p[i]))
			return -1;
		v = (v << 6) | (p[i] & 0x3F);
	}
	*cp = v;
	return need + 1;
}

bool utf8_valid(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		uint32_t cp;
		int n;

		/* Fast path for ASCII. */
		if (!((unsigned char)s[i] & 0x80)) {
			i++;
			continue;
		}
		n = utf8_decode(s + i, len - i, &cp);
		if (n < 0)
			return false;
		i += (size_t)n;
	}
	return true;
}

size_t utf8_encode(uint32_t c, char *buf)
{
	unsigned char *p = (unsigned char *)buf;

	if (c < 0x80) {
		p[0] = (unsigned char)c;
		return 1;
	}
	if (c < 0x800) {
		p[0] = (unsigned char)(0xC0 | c >> 6);
		p[1] = (unsigned char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c >= 0xD800 && c <= 0xDFFF)
		return 0;
	if (c < 0x10000) {
		p[0] = (unsigned char)(0xE0 | c >> 12);
		p[1] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
		p[2] = (unsigned char)(0x80 | (c & 0x3F));
		return 3;
	}
	if (c <= 0x10FFFF) {
		p[0] = (unsigned char)(0xF0 | c >> 18);
		p[1] = (unsigned char)(0x80 | (c >> 12 & 0x3F));
		p[2] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
		p[3] = (unsigned char)(0x80 | (c & 0x3F));
		return 4;
	}
	return 0;
}
