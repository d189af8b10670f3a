// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for lib/utf8.c: utf8_valid() must agree with decoding
 * code point by code point, and every decoded value must be a Unicode
 * scalar value in its shortest encoding.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <lib/utf8.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) __builtin_trap(); } while (0)

static int enc_len(uint32_t cp)
{
	return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	bool ok = true;
	size_t i = 0;

	while (i < size) {
		uint32_t cp;
		int n = utf8_decode(s + i, size - i, &cp);

		if (n < 0) {
			ok = false;
			break;
		}
		CHECK(n >= 1 && n <= 4 && (size_t)n <= size - i);
		CHECK(cp <= 0x10ffff);
		CHECK(cp < 0xd800 || cp > 0xdfff);
		CHECK(enc_len(cp) == n);
		i += (size_t)n;
	}
	CHECK(utf8_valid(s, size) == ok);
	return 0;
}
