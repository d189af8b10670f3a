/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LIB_UTF8_H
#define _LIB_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Decode one code point from s[0..len).  Returns the number of bytes
 * consumed (1..4) and stores the code point in *cp, or returns -1 for an
 * invalid or truncated sequence (or len == 0).  Strict: rejects overlong
 * forms, surrogates (U+D800..U+DFFF) and values above U+10FFFF.
 */
int utf8_decode(const char *s, size_t len, uint32_t *cp);

/* True if s[0..len) is entirely well-formed UTF-8 (NUL bytes allowed). */
bool utf8_valid(const char *s, size_t len);

/*
 * Encode code point c into buf[0..4) and return its length (1..4), or 0
 * (nothing written) for a surrogate or a value above U+10FFFF.
 */
size_t utf8_encode(uint32_t c, char *buf);

#endif /* _LIB_UTF8_H */
