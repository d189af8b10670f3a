// SPDX-License-Identifier: GPL-2.0
/* Tests for lib/string.c (host_rename.h maps the names to lib_*). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <lib/string.h>

#include "ref_libc.h"

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

static void fill_pattern(unsigned char *p, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (unsigned char)(seed * 131 + i * 7 + (i >> 3));
}

Test(string, memcpy_sizes_and_alignments)
{
	unsigned char src[300], dst[300], expect[300];
	size_t so, dof, n, i;

	fill_pattern(src, sizeof(src), 1);
	for (so = 0; so < 8; so++) {
		for (dof = 0; dof < 8; dof++) {
			for (n = 0; n < 260; n += (n < 40 ? 1 : 13)) {
				for (i = 0; i < sizeof(dst); i++)
					dst[i] = expect[i] = 0xAA;
				for (i = 0; i < n; i++)
					expect[dof + i] = src[so + i];
				cr_assert_eq(memcpy(dst + dof, src + so, n),
					     dst + dof);
				for (i = 0; i < sizeof(dst); i++)
					cr_assert_eq(dst[i], expect[i],
						     "so=%zu do=%zu n=%zu i=%zu",
						     so, dof, n, i);
			}
		}
	}
}

Test(string, memmove_overlap_all_offsets)
{
	unsigned char buf[96], ref[96], tmp[96];
	size_t s, d, n, i;

	for (s = 0; s < 40; s++) {
		for (d = 0; d < 40; d++) {
			for (n = 0; n <= 48; n += 3) {
				fill_pattern(buf, sizeof(buf), (unsigned)(s + d));
				for (i = 0; i < sizeof(buf); i++)
					ref[i] = buf[i];
				for (i = 0; i < n; i++)
					tmp[i] = ref[s + i];
				for (i = 0; i < n; i++)
					ref[d + i] = tmp[i];
				cr_assert_eq(memmove(buf + d, buf + s, n),
					     buf + d);
				cr_assert(ref_memcmp(buf, ref, sizeof(buf)) == 0,
					  "s=%zu d=%zu n=%zu", s, d, n);
			}
		}
	}
}

Test(string, memset_values)
{
	unsigned char buf[128];
	size_t off, n, i;

	for (off = 0; off < 8; off++) {
		for (n = 0; n < 100; n++) {
			for (i = 0; i < sizeof(buf); i++)
				buf[i] = 0x55;
			cr_assert_eq(memset(buf + off, 0x1A7, n), buf + off);
			for (i = 0; i < sizeof(buf); i++) {
				unsigned char want =
					(i >= off && i < off + n) ? 0xA7 : 0x55;
				cr_assert_eq(buf[i], want);
			}
		}
	}
	memset(buf, 0, sizeof(buf));
	for (i = 0; i < sizeof(buf); i++)
		cr_assert_eq(buf[i], 0);
}

Test(string, memcmp_sign_and_unsigned_bytes)
{
	unsigned char a[64], b[64];
	int i, j;

	cr_assert_eq(memcmp("abc", "abd", 0), 0);
	cr_assert_eq(memcmp("abc", "abc", 3), 0);
	cr_assert_lt(memcmp("abc", "abd", 3), 0);
	cr_assert_gt(memcmp("\x80", "\x01", 1), 0);
	cr_assert_lt(memcmp("\x01", "\xff", 1), 0);

	srand(1234);
	for (i = 0; i < 2000; i++) {
		int n = rand() % 64;

		for (j = 0; j < 64; j++)
			a[j] = b[j] = (unsigned char)rand();
		if (n && rand() % 2)
			b[rand() % n] = (unsigned char)rand();
		cr_assert_eq(sign(memcmp(a, b, (size_t)n)),
			     sign(ref_memcmp(a, b, (size_t)n)));
	}
}

Test(string, strlen_strnlen)
{
	cr_assert_eq(strlen(""), 0);
	cr_assert_eq(strlen("a"), 1);
	cr_assert_eq(strlen("hello, world"), 12);
	cr_assert_eq(strnlen("hello", 0), 0);
	cr_assert_eq(strnlen("hello", 3), 3);
	cr_assert_eq(strnlen("hello", 5), 5);
	cr_assert_eq(strnlen("hello", 100), 5);
	/* Must not read past maxlen: a non-terminated buffer. */
	{
		char *p = malloc(4);

		p[0] = p[1] = p[2] = p[3] = 'x';
		cr_assert_eq(strnlen(p, 4), 4);
		free(p);
	}
}

Test(string, strcmp_strncmp)
{
	static const char *const s[] = {
		"", "a", "b", "ab", "abc", "abd", "abcd", "\x80", "\x7f",
		"\xff\x01", "A", "hello", "hellO", "hello world",
	};
	size_t i, j, n;

	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
		for (j = 0; j < sizeof(s) / sizeof(s[0]); j++) {
			cr_assert_eq(sign(strcmp(s[i], s[j])),
				     sign(ref_strcmp(s[i], s[j])),
				     "'%s' vs '%s'", s[i], s[j]);
			for (n = 0; n < 14; n++)
				cr_assert_eq(sign(strncmp(s[i], s[j], n)),
					     sign(ref_strncmp(s[i], s[j], n)));
		}
	}
	cr_assert_eq(strncmp("abcX", "abcY", 3), 0);
}

Test(string, strchr_strrchr)
{
	const char *s = "hello world";
	const char *hi = "a\xe9z";

	cr_assert_eq(strchr(s, 'o'), s + 4);
	cr_assert_eq(strrchr(s, 'o'), s + 7);
	cr_assert_eq(strchr(s, 'h'), s);
	cr_assert_eq(strrchr(s, 'h'), s);
	cr_assert_null(strchr(s, 'z'));
	cr_assert_null(strrchr(s, 'z'));
	cr_assert_eq(strchr(s, '\0'), s + 11);
	cr_assert_eq(strrchr(s, '\0'), s + 11);
	/* c is converted to char, so 0xe9 finds a high byte. */
	cr_assert_eq(strchr(hi, 0xe9), hi + 1);
	cr_assert_eq(strrchr(hi, 0xe9), hi + 1);
	cr_assert_null(strchr("", 'a'));
	cr_assert_eq(strchr(s, 'o' + 256), s + 4);
}

Test(string, strlcpy_truncation)
{
	char buf[8];

	cr_assert_eq(strlcpy(buf, "abc", sizeof(buf)), 3);
	cr_assert_str_eq(buf, "abc");
	cr_assert_eq(strlcpy(buf, "0123456789", sizeof(buf)), 10);
	cr_assert_str_eq(buf, "0123456");
	cr_assert_eq(strlcpy(buf, "01234567", sizeof(buf)), 8);
	cr_assert_str_eq(buf, "0123456");
	cr_assert_eq(strlcpy(buf, "", sizeof(buf)), 0);
	cr_assert_str_eq(buf, "");
	buf[0] = 'Q';
	cr_assert_eq(strlcpy(buf, "xyz", 0), 3);
	cr_assert_eq(buf[0], 'Q');
	cr_assert_eq(strlcpy(buf, "xyz", 1), 3);
	cr_assert_eq(buf[0], '\0');
}
