// SPDX-License-Identifier: GPL-2.0
/* The ANSI renderer of the serial terminal (include/lib/term_ansi.h). */
#include <lib/format.h>
#include <lib/string.h>
#include <lib/term_ansi.h>
#include <lib/utf8.h>

#define to_ansi(rp)	((struct term_ansi *)(rp))

void term_ansi_flush(struct term_ansi *t)
{
	if (t->len)
		t->write(t->ctx, t->buf, t->len);
	t->len = 0;
}

static void out(struct term_ansi *t, const char *s, size_t n)
{
	while (n) {
		size_t k = sizeof(t->buf) - t->len;

		if (!k) {
			term_ansi_flush(t);
			continue;
		}
		if (k > n)
			k = n;
		memcpy(t->buf + t->len, s, k);
		t->len += k;
		s += k;
		n -= k;
	}
}

static void outs(struct term_ansi *t, const char *s)
{
	out(t, s, strlen(s));
}

static void outf(struct term_ansi *t, const char *fmt, unsigned a,
		 unsigned b)
{
	char tmp[32];
	int n = snprintf(tmp, sizeof(tmp), fmt, a, b);

	out(t, tmp, n > 0 ? (size_t)n : 0);
}

static void move(struct term_ansi *t, unsigned row, unsigned col)
{
	if (t->pos_known && t->row == row && t->col == col)
		return;
	outf(t, "\x1b[%u;%uH", row + 1, col + 1);
	t->row = row;
	t->col = col;
	t->pos_known = true;
}

static void colour(struct term_ansi *t, term_colour_t c, bool bg)
{
	char tmp[24];
	unsigned i = c & 0xff;
	int n = 0;

	switch (TERM_COLOUR_KIND(c)) {
	case TERM_COLOUR_INDEXED:
		if (i < 8)
			n = snprintf(tmp, sizeof(tmp), ";%u", (bg ? 40 : 30) + i);
		else if (i < 16)
			n = snprintf(tmp, sizeof(tmp), ";%u",
				     (bg ? 100 : 90) + i - 8);
		else
			n = snprintf(tmp, sizeof(tmp), ";%u;5;%u",
				     bg ? 48 : 38, i);
		break;
	case TERM_COLOUR_RGB:
		n = snprintf(tmp, sizeof(tmp), ";%u;2;%u;%u;%u", bg ? 48 : 38,
			     (unsigned)(c >> 16) & 0xff,
			     (unsigned)(c >> 8) & 0xff, (unsigned)c & 0xff);
		break;
	}
	out(t, tmp, n > 0 ? (size_t)n : 0);
}

static void set_attr(struct term_ansi *t, const struct term_attr *a)
{
	static const struct {
		uint8_t flag;
		char code;
	} flags[] = {
		{ TERM_ATTR_BOLD, '1' },      { TERM_ATTR_DIM, '2' },
		{ TERM_ATTR_ITALIC, '3' },    { TERM_ATTR_UNDERLINE, '4' },
		{ TERM_ATTR_INVERSE, '7' },   { TERM_ATTR_STRIKE, '9' },
	};
	size_t i;

	if (t->attr_known && term_attr_eq(&t->attr, a))
		return;
	/* Always from a reset: simple, and right whatever the device had. */
	outs(t, "\x1b[0");
	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		if (a->flags & flags[i].flag) {
			out(t, ";", 1);
			out(t, &flags[i].code, 1);
		}
	}
	colour(t, a->fg, false);
	colour(t, a->bg, true);
	out(t, "m", 1);
	t->attr = *a;
	t->attr_known = true;
}

static void put_char(struct term_ansi *t, uint32_t cp)
{
	char b[4];
	size_t n;

	if (!cp || cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
		cp = cp ? 0xfffd : ' ';
	n = utf8_encode(cp, b);
	if (!n)
		n = utf8_encode(0xfffd, b);
	out(t, b, n);
}

static void ansi_draw(struct term_renderer *r, unsigned row, unsigned col,
		      const struct term_cell *cells, unsigned n)
{
	struct term_ansi *t = to_ansi(r);
	unsigned i;

	move(t, row, col);
	for (i = 0; i < n; i++) {
		set_attr(t, &cells[i].attr);
		put_char(t, cells[i].ch);
		t->col++;
	}
	/*
	 * In the last column the device waits to wrap; where the cursor is
	 * then differs between terminals: say again next time.
	 */
	if (t->col >= r->cols)
		t->pos_known = false;
}

static void ansi_scroll_up(struct term_renderer *r, unsigned n)
{
	struct term_ansi *t = to_ansi(r);
	static const struct term_attr plain;

	set_attr(t, &plain);	/* new rows get the default background */
	move(t, r->rows - 1, 0);
	while (n--)
		out(t, "\n", 1);
}

static void ansi_clear(struct term_renderer *r)
{
	struct term_ansi *t = to_ansi(r);
	static const struct term_attr plain;

	set_attr(t, &plain);
	outs(t, "\x1b[H\x1b[2J");
	t->row = 0;
	t->col = 0;
	t->pos_known = true;
}

static void ansi_cursor(struct term_renderer *r, unsigned row, unsigned col,
			bool visible)
{
	struct term_ansi *t = to_ansi(r);

	if (visible) {
		move(t, row, col < r->cols ? col : r->cols - 1);
		if (t->cursor_shown != 1)
			outs(t, "\x1b[?25h");
		t->cursor_shown = 1;
	} else if (t->cursor_shown != 0) {
		outs(t, "\x1b[?25l");
		t->cursor_shown = 0;
	}
}

static void ansi_flush(struct term_renderer *r)
{
	struct term_ansi *t = to_ansi(r);

	term_ansi_flush(t);
	/*
	 * Others write to the same line between our flushes (the kernel's
	 * log): from now on, trust neither the cursor nor the attributes.
	 */
	t->pos_known = false;
	t->attr_known = false;
}

const struct term_renderer_ops term_ansi_ops = {
	.draw = ansi_draw,
	.scroll_up = ansi_scroll_up,
	.clear = ansi_clear,
	.cursor = ansi_cursor,
	.flush = ansi_flush,
};

void term_ansi_init(struct term_ansi *t, unsigned cols, unsigned rows,
		    term_ansi_write_fn write, void *ctx)
{
	memset(t, 0, sizeof(*t));
	t->r.ops = &term_ansi_ops;
	t->r.cols = cols;
	t->r.rows = rows;
	t->r.flags = TERM_RENDER_OWN_SCROLLBACK;
	t->r.colours = 3;	/* true colour: what xterm-likes do */
	t->write = write;
	t->ctx = ctx;
	t->cursor_shown = -1;
}

void term_ansi_query_size(struct term_ansi *t)
{
	outs(t, "\x1b" "7\x1b[999;999H\x1b[6n\x1b" "8");
}

void term_ansi_finish(struct term_ansi *t)
{
	outs(t, "\x1b[0m\x1b[?25h");
	t->attr_known = false;
	t->cursor_shown = 1;
	term_ansi_flush(t);
}
