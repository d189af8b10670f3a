/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the fuzz targets that decode into allocated structures: a
 * Value allocator over malloc that records each block's size, traps when
 * a block is freed with another size, and counts live blocks in `live`
 * (a target checks it is back to zero after freeing what it decoded).
 * Header-only: each target is a single translation unit.
 */
#ifndef _TESTS_FUZZ_ALLOC_H
#define _TESTS_FUZZ_ALLOC_H

#include <stddef.h>
#include <stdlib.h>
#include <lib/value.h>

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond))                                                   \
			__builtin_trap();                                      \
	} while (0)

static long live;

static void *f_alloc(void *ctx, size_t size)
{
	size_t *p = malloc(size + 2 * sizeof(size_t));

	(void)ctx;
	if (!p)
		return NULL;
	p[0] = size;
	live++;
	return p + 2;
}

static void f_free(void *ctx, void *ptr, size_t size)
{
	size_t *p = (size_t *)ptr - 2;

	(void)ctx;
	CHECK(p[0] == size);
	live--;
	free(p);
}

static const struct panda_value_alloc heap = { f_alloc, f_free, NULL };

#endif /* _TESTS_FUZZ_ALLOC_H */
