// SPDX-License-Identifier: GPL-2.0
/* Helpers shared by the host unit tests; see testutil.h. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include "testutil.h"

#define MAGIC	0x7e57

struct test_counting test_cnt;

static void *counting_alloc(void *ctx, size_t size)
{
	struct test_counting *c = ctx;
	size_t *p;

	c->allocs++;
	if (c->fail_at && c->allocs == c->fail_at)
		return NULL;
	if (c->fail_from && c->allocs >= c->fail_from)
		return NULL;
	p = malloc(size + 2 * sizeof(size_t));
	cr_assert_not_null(p);
	p[0] = size;
	p[1] = MAGIC;
	c->live++;
	return p + 2;
}

static void counting_free(void *ctx, void *ptr, size_t size)
{
	struct test_counting *c = ctx;
	size_t *p = (size_t *)ptr - 2;

	cr_assert_eq(p[1], MAGIC, "free of a foreign pointer");
	cr_assert_eq(p[0], size, "free size %zu, allocated %zu", size, p[0]);
	p[1] = 0;
	c->live--;
	free(p);
}

struct panda_value_alloc test_heap = { counting_alloc, counting_free,
				       &test_cnt };

size_t test_hex(const char *s, uint8_t *buf)
{
	size_t n = 0;

	while (*s) {
		unsigned int b;
		int k;

		if (*s == ' ' || *s == '\n') {
			s++;
			continue;
		}
		cr_assert_eq(sscanf(s, "%2x%n", &b, &k), 1, "bad hex '%s'", s);
		buf[n++] = (uint8_t)b;
		s += k;
	}
	return n;
}

#define ROTATE	8
#define TEXT_MAX	16384

char *test_tohex(const uint8_t *p, size_t n)
{
	static char bufs[ROTATE][TEXT_MAX];
	static unsigned int next;
	char *out = bufs[next++ % ROTATE];
	size_t i, k = 0;

	cr_assert(n * 3 < TEXT_MAX, "%zu bytes are too many to show", n);
	for (i = 0; i < n; i++)
		k += (size_t)sprintf(out + k, "%s%02X", i ? " " : "", p[i]);
	out[k] = '\0';
	return out;
}

char *test_norm(const char *s)
{
	uint8_t buf[TEXT_MAX / 3];

	cr_assert(strlen(s) < 2 * sizeof(buf), "hex text too long");
	return test_tohex(buf, test_hex(s, buf));
}
