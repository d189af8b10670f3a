// SPDX-License-Identifier: GPL-2.0
/* Tests for lib/utf8.c. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <lib/string.h>
#include <lib/utf8.h>

#define V(lit) utf8_valid(lit, sizeof(lit) - 1)

Test(utf8, valid_sequences)
{
	cr_assert(utf8_valid("", 0));
	cr_assert(V("plain ascii"));
	cr_assert(V("\x00\x7f"));			/* NUL is a code point */
	cr_assert(V("\xc2\x80"));			/* U+0080 */
	cr_assert(V("\xdf\xbf"));			/* U+07FF */
	cr_assert(V("\xe0\xa0\x80"));			/* U+0800 */
	cr_assert(V("\xed\x9f\xbf"));			/* U+D7FF */
	cr_assert(V("\xee\x80\x80"));			/* U+E000 */
	cr_assert(V("\xef\xbf\xbf"));			/* U+FFFF */
	cr_assert(V("\xf0\x90\x80\x80"));		/* U+10000 */
	cr_assert(V("\xf4\x8f\xbf\xbf"));		/* U+10FFFF */
	cr_assert(V("gr\xc3\xbc\xc3\x9f dich \xe2\x82\xac \xf0\x9f\x90\xbc"));
}

Test(utf8, invalid_sequences)
{
	cr_assert_not(V("\x80"));			/* lone continuation */
	cr_assert_not(V("\xbf"));
	cr_assert_not(V("\xc0\x80"));			/* overlong NUL */
	cr_assert_not(V("\xc1\xbf"));			/* overlong */
	cr_assert_not(V("\xe0\x80\x80"));		/* overlong */
	cr_assert_not(V("\xe0\x9f\xbf"));		/* overlong U+07FF */
	cr_assert_not(V("\xf0\x80\x80\x80"));		/* overlong */
	cr_assert_not(V("\xf0\x8f\xbf\xbf"));		/* overlong U+FFFF */
	cr_assert_not(V("\xed\xa0\x80"));		/* U+D800 */
	cr_assert_not(V("\xed\xbf\xbf"));		/* U+DFFF */
	cr_assert_not(V("\xed\xa0\x80\xed\xb0\x80"));	/* CESU pair */
	cr_assert_not(V("\xf4\x90\x80\x80"));		/* U+110000 */
	cr_assert_not(V("\xf5\x80\x80\x80"));
	cr_assert_not(V("\xf8\x88\x80\x80\x80"));	/* 5-byte form */
	cr_assert_not(V("\xfe"));
	cr_assert_not(V("\xff"));
	cr_assert_not(V("\xc2"));			/* truncated */
	cr_assert_not(V("\xe2\x82"));
	cr_assert_not(V("\xf0\x9f\x90"));
	cr_assert_not(V("abc\xf0\x9f\x90"));
	cr_assert_not(V("\xc2\x41"));			/* bad continuation */
	cr_assert_not(V("\xe2\x28\xa1"));
	cr_assert_not(V("\xf0\x9f\x28\xbc"));
	cr_assert_not(V("ok\xc3\xbc\x80"));
}

Test(utf8, length_is_respected)
{
	/* The bytes after len are not looked at. */
	cr_assert(utf8_valid("ab\xff", 2));
	cr_assert_not(utf8_valid("\xc3\xbc", 1));
	cr_assert(utf8_valid("\xc3\xbc", 2));
}

Test(utf8, decode_values)
{
	uint32_t cp;

	cr_assert_eq(utf8_decode("A", 1, &cp), 1);
	cr_assert_eq(cp, 'A');
	cr_assert_eq(utf8_decode("\xc3\xbc", 2, &cp), 2);
	cr_assert_eq(cp, 0xfc);
	cr_assert_eq(utf8_decode("\xe2\x82\xac", 3, &cp), 3);
	cr_assert_eq(cp, 0x20ac);
	cr_assert_eq(utf8_decode("\xf4\x8f\xbf\xbf", 4, &cp), 4);
	cr_assert_eq(cp, 0x10ffff);
	cr_assert_eq(utf8_decode("", 0, &cp), -1);
	cr_assert_eq(utf8_decode("\xe2\x82\xac", 2, &cp), -1);
}

/* Encode cp the canonical way (no validity checks). */
static size_t encode(uint32_t cp, unsigned char *out)
{
	if (cp < 0x80) {
		out[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (unsigned char)(0xc0 | (cp >> 6));
		out[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (unsigned char)(0xe0 | (cp >> 12));
		out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (unsigned char)(0xf0 | (cp >> 18));
	out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

Test(utf8, every_code_point_round_trips)
{
	unsigned char buf[4];
	uint32_t cp, got;

	for (cp = 0; cp <= 0x10ffff; cp++) {
		size_t n = encode(cp, buf);
		bool surrogate = cp >= 0xd800 && cp <= 0xdfff;

		cr_assert_eq(utf8_valid((char *)buf, n), !surrogate,
			     "U+%04X", cp);
		if (!surrogate) {
			cr_assert_eq(utf8_decode((char *)buf, n, &got), (int)n);
			cr_assert_eq(got, cp);
		}
		/* Every proper prefix of a multi-byte sequence is invalid. */
		if (n > 1)
			cr_assert_not(utf8_valid((char *)buf, n - 1));
	}
}

/* Independent, slow reference: decode by brute-force re-encoding. */
static bool ref_valid(const unsigned char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char enc[4];
		size_t n;
		uint32_t cp;

		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((s[i] & 0xe0) == 0xc0) {
			n = 2;
			cp = s[i] & 0x1f;
		} else if ((s[i] & 0xf0) == 0xe0) {
			n = 3;
			cp = s[i] & 0x0f;
		} else if ((s[i] & 0xf8) == 0xf0) {
			n = 4;
			cp = s[i] & 0x07;
		} else {
			return false;
		}
		if (len - i < n)
			return false;
		for (size_t k = 1; k < n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		if (encode(cp, enc) != n)	/* overlong */
			return false;
		i += n;
	}
	return true;
}

Test(utf8, random_bytes_match_reference)
{
	unsigned char buf[8];
	unsigned int seed = 7;
	int i;

	for (i = 0; i < 200000; i++) {
		size_t n = (size_t)(rand_r(&seed) % 8), k;

		for (k = 0; k < n; k++) {
			/* Bias towards interesting lead/continuation bytes. */
			int r = rand_r(&seed);

			buf[k] = (unsigned char)(r & 1 ? 0x80 | (r >> 1) :
						 r >> 1);
		}
		cr_assert_eq(utf8_valid((char *)buf, n), ref_valid(buf, n));
	}
}

Test(utf8, encode)
{
	char b[4];

	cr_assert_eq(utf8_encode('A', b), 1);
	cr_assert_eq(utf8_encode(0xE9, b), 2);
	cr_assert(!memcmp(b, "\xC3\xA9", 2));
	cr_assert_eq(utf8_encode(0x20AC, b), 3);
	cr_assert(!memcmp(b, "\xE2\x82\xAC", 3));
	cr_assert_eq(utf8_encode(0x1F43C, b), 4);
	cr_assert(!memcmp(b, "\xF0\x9F\x90\xBC", 4));
	cr_assert_eq(utf8_encode(0x10FFFF, b), 4);
	cr_assert_eq(utf8_encode(0xDFFF, b), 0);
	cr_assert_eq(utf8_encode(0x110000, b), 0);
}
