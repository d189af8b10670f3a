// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for what the terminal reads from outside: the bytes a
 * serial terminal sends (lib/term_keys.c), the command lines typed at the
 * prompt (lib/term_cmdline.c) and the window geometry of its arguments
 * (lib/term_geometry.c).
 *
 * Keys: decoding the input in one piece and split in two at a point the
 * input chooses gives the same keys (the decoder streams); every
 * character is a Unicode scalar value; every key has a name.
 * Command lines: a parse either fails with a known code and a position
 * inside the line, or gives stages of one word or more, within the
 * limits, each word a NUL-terminated string in the parser's own text.
 * Geometry: a parsed geometry fitted to a display lies inside it.
 */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <lib/string.h>
#include <lib/term_cmdline.h>
#include <lib/term_geometry.h>
#include <lib/term_keys.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct keys {
	struct term_key *k;
	size_t n, cap;
};

static void collect(void *arg, const struct term_key *key)
{
	struct keys *ks = arg;
	char name[48];
	size_t len;

	if (ks->n == ks->cap)
		__builtin_trap();	/* more keys than bytes + 1 */
	if (key->code == TERM_KEY_CHAR &&
	    (key->ch >= 0x110000 || (key->ch >= 0xd800 && key->ch < 0xe000)))
		__builtin_trap();
	len = term_key_name(key, name, sizeof(name));
	if (!len || len >= sizeof(name) || strlen(name) != len)
		__builtin_trap();
	ks->k[ks->n++] = *key;
}

static void decode(const uint8_t *data, size_t size, size_t split,
		   struct keys *ks)
{
	struct term_keys d;

	term_keys_init(&d);
	term_keys_feed(&d, data, split, collect, ks);
	term_keys_feed(&d, data + split, size - split, collect, ks);
	term_keys_flush(&d, collect, ks);
	if (term_keys_pending(&d))
		__builtin_trap();
}

static void check_keys(const uint8_t *data, size_t size)
{
	struct keys whole = { .cap = size + 1 }, split = { .cap = size + 1 };

	whole.k = calloc(whole.cap, sizeof(*whole.k));
	split.k = calloc(split.cap, sizeof(*split.k));
	if (!whole.k || !split.k)
		__builtin_trap();
	decode(data, size, size, &whole);
	decode(data, size, size ? data[0] % (size + 1) : 0, &split);
	if (whole.n != split.n)
		__builtin_trap();
	for (size_t i = 0; i < whole.n; i++)
		if (whole.k[i].code != split.k[i].code ||
		    whole.k[i].mods != split.k[i].mods ||
		    whole.k[i].ch != split.k[i].ch ||
		    whole.k[i].row != split.k[i].row ||
		    whole.k[i].col != split.k[i].col)
			__builtin_trap();
	free(whole.k);
	free(split.k);
}

static void check_cmdline(const uint8_t *data, size_t size)
{
	static struct term_cmdline c;
	size_t words = 0;
	int err = term_cmdline_parse(&c, (const char *)data, size);

	if (err) {
		if (err != TERM_CMD_EQUOTE && err != TERM_CMD_EESCAPE &&
		    err != TERM_CMD_EEMPTY_STAGE && err != TERM_CMD_E2BIG)
			__builtin_trap();
		if (c.err_pos > size || !term_cmdline_strerror(err))
			__builtin_trap();
		return;
	}
	if (c.nstages > TERM_CMD_MAX_STAGES)
		__builtin_trap();
	for (size_t s = 0; s < c.nstages; s++) {
		const struct term_stage *st = &c.stages[s];

		if (!st->argc || st->argv[st->argc])
			__builtin_trap();
		for (size_t i = 0; i < st->argc; i++) {
			const char *w = st->argv[i];

			if (w < c.text || w >= c.text + sizeof(c.text) ||
			    w + strlen(w) >= c.text + sizeof(c.text))
				__builtin_trap();
		}
		words += st->argc;
	}
	if (words > TERM_CMD_MAX_WORDS)
		__builtin_trap();
}

static void check_geometry(const uint8_t *data, size_t size)
{
	struct term_geometry g = TERM_GEOMETRY_DEFAULT;
	uint32_t dw, dh;
	char s[40];
	size_t n = size < sizeof(s) - 1 ? size : sizeof(s) - 1;

	if (size < 4)
		return;
	dw = (uint32_t)data[0] << 8 | data[1];
	dh = (uint32_t)data[2] << 8 | data[3];
	memcpy(s, data + 4, n - 4);
	s[n - 4] = '\0';
	if (term_geometry_parse(s, &g))
		return;
	if (!g.full && (!g.w || !g.h || g.w > TERM_GEOMETRY_MAX ||
			g.h > TERM_GEOMETRY_MAX || g.x > TERM_GEOMETRY_MAX ||
			g.y > TERM_GEOMETRY_MAX))
		__builtin_trap();
	if (term_geometry_fit(&g, dw, dh, 1, 1))
		return;
	if (!g.w || !g.h || g.x + g.w > dw || g.y + g.h > dh)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_keys(data, size);
	check_cmdline(data, size);
	check_geometry(data, size);
	return 0;
}
