// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for lib/value.c: decode arbitrary bytes as a Value and
 * check the decoder's guarantees.  A decoded Value re-encodes (unless it
 * is the decodable-only zero-column table) to at most the bytes it was
 * read from, decodes back to an equal Value, clones equal, renders, and
 * every allocation is freed with the size it was made with.  The same
 * input is also decoded in a small arena.
 */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <lib/string.h>
#include <lib/value.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#include "fuzz_alloc.h"

static bool has_zero_column_table(const struct panda_value *v)
{
	size_t i;

	switch (v->kind) {
	case PANDA_VALUE_ARRAY:
		for (i = 0; i < v->u.array.len; i++)
			if (has_zero_column_table(v->u.array.items[i]))
				return true;
		return false;
	case PANDA_VALUE_MAP:
		for (i = 0; i < v->u.map.len; i++)
			if (has_zero_column_table(v->u.map.entries[i].value))
				return true;
		return false;
	case PANDA_VALUE_STYLED:
		return has_zero_column_table(v->u.styled.inner);
	case PANDA_VALUE_LINK:
		return has_zero_column_table(v->u.link.inner);
	case PANDA_VALUE_TABLE:
		if (!v->u.table.cols)
			return true;
		for (i = 0; i < v->u.table.ncells; i++)
			if (has_zero_column_table(v->u.table.cells[i]))
				return true;
		if (v->u.table.has_headers)
			for (i = 0; i < v->u.table.cols; i++)
				if (has_zero_column_table(
					    v->u.table.headers[i]))
					return true;
		return false;
	default:
		return false;
	}
}

static size_t sink_bytes;

static void sink(void *ctx, const char *s, size_t n,
		 const struct panda_style *style)
{
	(void)ctx;
	(void)style;
	CHECK(n > 0);
	sink_bytes += n;
	(void)s[n - 1];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t enc[65536], mem[16384];
	static char text[512];
	struct panda_value *v, *w, *c;
	struct panda_value_arena ar;
	size_t used = 0, len = 0, n;
	long sz;
	int err, err2;

	err = value_decode(&heap, data, size, &v, &used);
	CHECK(err <= 0 && err >= VALUE_ENOMEM);
	if (err) {
		CHECK(!v);
		CHECK(live == 0);
	} else {
		CHECK(v && used >= 1 && used <= size);
		sz = value_encoded_size(v);
		err2 = value_encode(v, enc, sizeof(enc), &len);
		if (has_zero_column_table(v)) {
			CHECK(sz == VALUE_EZERO_COLUMNS);
			CHECK(err2 == VALUE_EZERO_COLUMNS);
		} else {
			CHECK(err2 == 0 && (long)len == sz);
			CHECK(len <= used);
			CHECK(value_decode(&heap, enc, len, &w, &n) == 0);
			CHECK(n == len);
			CHECK(value_equal(v, w));
			value_free(&heap, w);
		}
		c = value_clone(&heap, v);
		CHECK(c && value_equal(c, v));
		value_free(&heap, c);

		n = value_render(v, text, sizeof(text));
		/* Text may hold NULs: check where the terminator is. */
		CHECK(text[n < sizeof(text) ? n : sizeof(text) - 1] == '\0');
		sink_bytes = 0;
		value_render_cb(v, sink, NULL);
		CHECK(sink_bytes == n);
		(void)value_render_width(v);
		value_free(&heap, v);
	}
	CHECK(live == 0);

	/*
	 * The arena gives the same answer, or runs out of memory first
	 * (possibly before reaching the input's own error).
	 */
	value_arena_init(&ar, mem, sizeof(mem));
	err2 = value_decode(&ar.alloc, data, size, &v, NULL);
	CHECK(err2 == err || err2 == VALUE_ENOMEM);
	CHECK(err2 || v);
	CHECK(ar.used <= sizeof(mem));
	return 0;
}
