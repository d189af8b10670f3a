// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for lib/term_screen.c, lib/term_value.c and lib/term_ansi.c: the
 * terminal's screen model through a recording renderer (what it shows
 * always equals the screen after a flush), wrapping (character and
 * word), scrolling with and without the device's own scrollback, the
 * scrollback view, clearing, resizing, transcripts, Value rendering
 * (the table layout of value-and-terminal.md 4.5, styles, links) and the
 * ANSI byte stream of the serial renderer.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lib/term_ansi.h>
#include <lib/term_screen.h>
#include <lib/value.h>

/* ---------------------------------------------------------------- alloc */

static void *h_alloc(void *ctx, size_t size)
{
	(void)ctx;
	return malloc(size);
}

static void h_free(void *ctx, void *p, size_t size)
{
	(void)ctx;
	(void)size;
	free(p);
}

static const struct panda_value_alloc heap = { h_alloc, h_free, NULL };

/* ------------------------------------------------------- fake renderer */

#define MAXC 100
#define MAXR 40

struct fake {
	struct term_renderer r;
	struct term_cell cells[MAXR][MAXC];
	unsigned draws, scrolls, clears, flushes;
	unsigned cur_row, cur_col;
	bool cur_visible;
	/* rows that scrolled off the top, as text */
	char gone[200][MAXC + 1];
	unsigned ngone;
};

static void fake_row_text(struct fake *f, unsigned row, char *buf)
{
	unsigned c, end = f->r.cols;

	while (end && (!f->cells[row][end - 1].ch ||
		       f->cells[row][end - 1].ch == ' '))
		end--;
	for (c = 0; c < end; c++) {
		uint32_t ch = f->cells[row][c].ch;

		buf[c] = ch ? (ch < 0x80 ? (char)ch : '?') : ' ';
	}
	buf[end] = '\0';
}

static void f_draw(struct term_renderer *r, unsigned row, unsigned col,
		   const struct term_cell *cells, unsigned n)
{
	struct fake *f = (struct fake *)r;

	cr_assert_lt(row, r->rows);
	cr_assert_leq(col + n, r->cols);
	cr_assert_gt(n, 0);
	memcpy(&f->cells[row][col], cells, n * sizeof(*cells));
	f->draws++;
}

static void f_scroll(struct term_renderer *r, unsigned n)
{
	struct fake *f = (struct fake *)r;
	unsigned i;

	cr_assert_geq(n, 1);
	cr_assert_lt(n, r->rows);
	for (i = 0; i < n; i++) {
		if (f->ngone < 200)
			fake_row_text(f, i, f->gone[f->ngone++]);
	}
	memmove(f->cells[0], f->cells[n],
		(r->rows - n) * sizeof(f->cells[0]));
	memset(f->cells[r->rows - n], 0, n * sizeof(f->cells[0]));
	f->scrolls++;
}

static void f_clear(struct term_renderer *r)
{
	struct fake *f = (struct fake *)r;

	memset(f->cells, 0, sizeof(f->cells));
	f->clears++;
}

static void f_cursor(struct term_renderer *r, unsigned row, unsigned col,
		     bool visible)
{
	struct fake *f = (struct fake *)r;

	f->cur_row = row;
	f->cur_col = col;
	f->cur_visible = visible;
}

static void f_flush(struct term_renderer *r)
{
	((struct fake *)r)->flushes++;
}

static const struct term_renderer_ops fake_ops = {
	f_draw, f_scroll, f_clear, f_cursor, f_flush,
};

static struct fake fake;
static struct term_screen scr;

/* Transcript lines. */
static char lines[64][1100];
static unsigned nlines;

static void on_line(void *ctx, const char *t, size_t n)
{
	(void)ctx;
	cr_assert_lt(nlines, 64);
	memcpy(lines[nlines], t, n);
	lines[nlines][n] = '\0';
	nlines++;
}

static void start(unsigned cols, unsigned rows, unsigned flags,
		  unsigned scrollback)
{
	memset(&fake, 0, sizeof(fake));
	fake.r.ops = &fake_ops;
	fake.r.cols = cols;
	fake.r.rows = rows;
	fake.r.flags = flags;
	cr_assert_eq(term_screen_init(&scr, &fake.r, &heap, scrollback), 0);
	scr.transcript = on_line;
	nlines = 0;
}

static void stop(void)
{
	term_screen_destroy(&scr);
}

/* After a flush the device shows exactly the screen. */
static void check_same(void)
{
	char a[MAXC * 4 + 1], b[MAXC + 1];
	unsigned r;

	for (r = 0; r < scr.rows; r++) {
		term_screen_row_text(&scr, r, a, sizeof(a));
		fake_row_text(&fake, r, b);
		cr_assert_str_eq(a, b, "row %u", r);
	}
}

static const char *row(unsigned r)
{
	static char buf[4][MAXC * 4 + 1];
	static int k;

	k = (k + 1) % 4;
	term_screen_row_text(&scr, r, buf[k], sizeof(buf[k]));
	return buf[k];
}

/* ---------------------------------------------------------------- tests */

Test(term_screen, write_and_flush)
{
	start(20, 5, 0, 0);
	term_screen_puts(&scr, "hello\nworld");
	term_screen_flush(&scr);
	cr_assert_str_eq(row(0), "hello");
	cr_assert_str_eq(row(1), "world");
	check_same();
	cr_assert_eq(fake.clears, 1);	/* the first flush starts clean */
	cr_assert_eq(fake.flushes, 1);
	cr_assert_eq(fake.cur_row, 1);
	cr_assert_eq(fake.cur_col, 5);
	cr_assert(fake.cur_visible);
	cr_assert_eq(nlines, 1);
	cr_assert_str_eq(lines[0], "hello");
	stop();
}

Test(term_screen, only_changes_are_drawn)
{
	start(20, 5, 0, 0);
	term_screen_puts(&scr, "abcdefghij");
	term_screen_flush(&scr);
	fake.draws = 0;
	term_screen_flush(&scr);
	cr_assert_eq(fake.draws, 0);
	term_screen_move(&scr, 0, 2);
	term_screen_puts(&scr, "C");
	term_screen_move(&scr, 0, 18);
	term_screen_puts(&scr, "Z");
	term_screen_flush(&scr);
	cr_assert_eq(fake.draws, 2);	/* two runs far apart */
	check_same();
	stop();
}

Test(term_screen, character_wrap)
{
	start(10, 5, 0, 0);
	term_screen_puts(&scr, "0123456789abc\n");
	cr_assert_str_eq(row(0), "0123456789");
	cr_assert_str_eq(row(1), "abc");
	cr_assert_eq(nlines, 1);
	cr_assert_str_eq(lines[0], "0123456789abc");
	/* A full row then a newline: no empty row. */
	term_screen_puts(&scr, "ABCDEFGHIJ\nx");
	cr_assert_str_eq(row(2), "ABCDEFGHIJ");
	cr_assert_str_eq(row(3), "x");
	term_screen_flush(&scr);
	check_same();
	stop();
}

Test(term_screen, word_wrap)
{
	start(10, 5, 0, 0);
	scr.word_wrap = true;
	term_screen_puts(&scr, "hello big world verylongwordhere\n");
	cr_assert_str_eq(row(0), "hello big");
	cr_assert_str_eq(row(1), "world");
	/* Longer than a row: broken between characters. */
	cr_assert_str_eq(row(1), "world");
	cr_assert_str_eq(row(2), "verylongwo");
	cr_assert_str_eq(row(3), "rdhere");
	cr_assert_str_eq(lines[0], "hello big world verylongwordhere");
	stop();
}

Test(term_screen, tab_cr_backspace_controls)
{
	start(20, 5, 0, 0);
	term_screen_puts(&scr, "a\tb\rX\x07\x1b" "c\bY");
	cr_assert_str_eq(row(0), "XY      b");
	stop();
}

Test(term_screen, scroll_batched)
{
	char buf[16];
	int i;

	start(20, 5, 0, 100);
	for (i = 0; i < 7; i++) {
		snprintf(buf, sizeof(buf), "line %d\n", i);
		term_screen_puts(&scr, buf);
	}
	cr_assert_str_eq(row(0), "line 3");
	cr_assert_str_eq(row(3), "line 6");
	cr_assert_eq(scr.scrolls, 3);
	term_screen_flush(&scr);
	check_same();
	cr_assert_eq(scr.sb_len, 3);
	stop();
}

Test(term_screen, scroll_batches_after_first_flush)
{
	char buf[16];
	int i;

	start(20, 5, 0, 0);
	term_screen_flush(&scr);
	for (i = 0; i < 6; i++) {
		snprintf(buf, sizeof(buf), "line %d\n", i);
		term_screen_puts(&scr, buf);
	}
	term_screen_flush(&scr);
	cr_assert_eq(fake.scrolls, 1);	/* two rows in one scroll_up() */
	check_same();
	/* More scrolls than rows: a full redraw. */
	for (i = 0; i < 12; i++)
		term_screen_puts(&scr, "x\n");
	fake.clears = 0;
	term_screen_flush(&scr);
	cr_assert_eq(fake.clears, 1);
	check_same();
	stop();
}

Test(term_screen, own_scrollback_gets_every_line)
{
	char buf[16];
	int i;

	start(20, 5, TERM_RENDER_OWN_SCROLLBACK, 0);
	for (i = 0; i < 30; i++) {
		snprintf(buf, sizeof(buf), "line %d\n", i);
		term_screen_puts(&scr, buf);
	}
	term_screen_flush(&scr);
	check_same();
	cr_assert_eq(fake.ngone, 26);
	for (i = 0; i < 26; i++) {
		snprintf(buf, sizeof(buf), "line %d", i);
		cr_assert_str_eq(fake.gone[i], buf);
	}
	cr_assert_eq(nlines, 30);
	stop();
}

Test(term_screen, scrollback_view)
{
	char buf[16];
	int i;

	start(20, 4, 0, 5);
	for (i = 0; i < 10; i++) {
		snprintf(buf, sizeof(buf), "%s%d", i ? "\n" : "", i);
		term_screen_puts(&scr, buf);
	}
	/* rows: 6 7 8 9; scrollback keeps 1..5 */
	term_screen_flush(&scr);
	cr_assert_str_eq(row(0), "6");
	cr_assert_eq(scr.sb_len, 5);
	cr_assert(term_screen_scroll_view(&scr, 2));
	term_screen_flush(&scr);
	{
		char b[MAXC + 1];

		fake_row_text(&fake, 0, b);
		cr_assert_str_eq(b, "4");
		fake_row_text(&fake, 3, b);
		cr_assert_str_eq(b, "7");
	}
	cr_assert_not(fake.cur_visible);
	cr_assert(term_screen_scroll_view(&scr, 100));
	cr_assert_eq(scr.view, 5);
	cr_assert_not(term_screen_scroll_view(&scr, 1));
	/* Writing returns to the live screen. */
	term_screen_puts(&scr, "!");
	term_screen_flush(&scr);
	check_same();
	cr_assert(fake.cur_visible);
	cr_assert_str_eq(row(3), "9!");
	stop();
}

Test(term_screen, clear_regions)
{
	start(10, 4, 0, 0);
	term_screen_puts(&scr, "aaaaaaaaaa\nbbbbbbbbbb\ncccccccccc\ndddd");
	term_screen_move(&scr, 1, 4);
	term_screen_clear(&scr, TERM_CLEAR_TO_END_OF_LINE);
	cr_assert_str_eq(row(1), "bbbb");
	term_screen_move(&scr, 2, 3);
	term_screen_clear(&scr, TERM_CLEAR_LINE);
	cr_assert_str_eq(row(2), "");
	cr_assert_eq(scr.col, 0);
	term_screen_move(&scr, 0, 5);
	term_screen_clear(&scr, TERM_CLEAR_TO_END_OF_SCREEN);
	cr_assert_str_eq(row(0), "aaaaa");
	cr_assert_str_eq(row(1), "");
	cr_assert_str_eq(row(3), "");
	term_screen_flush(&scr);
	check_same();
	term_screen_clear(&scr, TERM_CLEAR_SCREEN);
	cr_assert_eq(scr.row, 0);
	cr_assert_eq(scr.col, 0);
	cr_assert_str_eq(row(0), "");
	term_screen_flush(&scr);
	check_same();
	stop();
}

Test(term_screen, move_is_clamped)
{
	start(10, 4, 0, 0);
	term_screen_move(&scr, 100, 100);
	cr_assert_eq(scr.row, 3);
	cr_assert_eq(scr.col, 9);
	stop();
}

Test(term_screen, resize)
{
	start(10, 4, 0, 3);
	term_screen_puts(&scr, "0123456789\nabc\n");
	term_screen_flush(&scr);
	fake.r.cols = 20;
	fake.r.rows = 6;
	cr_assert_eq(term_screen_resize(&scr, 20, 6), 0);
	cr_assert_str_eq(row(0), "0123456789");
	cr_assert_str_eq(row(1), "abc");
	term_screen_flush(&scr);
	check_same();
	fake.r.cols = 5;
	fake.r.rows = 2;
	cr_assert_eq(term_screen_resize(&scr, 5, 2), 0);
	cr_assert_str_eq(row(0), "01234");
	cr_assert_eq(scr.row, 1);
	term_screen_flush(&scr);
	check_same();
	stop();
}

Test(term_screen, attributes_reach_cells)
{
	struct term_attr red = { .fg = TERM_COLOUR_INDEXED | 1,
				 .flags = TERM_ATTR_BOLD };

	start(10, 4, 0, 0);
	term_screen_set_attr(&scr, &red);
	term_screen_puts(&scr, "r");
	term_screen_reset_attr(&scr);
	term_screen_puts(&scr, "n");
	term_screen_flush(&scr);
	cr_assert_eq(fake.cells[0][0].attr.fg, TERM_COLOUR_INDEXED | 1);
	cr_assert_eq(fake.cells[0][0].attr.flags, TERM_ATTR_BOLD);
	cr_assert_eq(fake.cells[0][1].attr.fg, TERM_COLOUR_DEFAULT);
	stop();
}

Test(term_screen, utf8_cells)
{
	start(10, 4, 0, 0);
	term_screen_puts(&scr, "\xc3\xa9t\xc3\xa9 \xff!");
	cr_assert_eq(scr.grid[0].ch, 0xe9);
	cr_assert_eq(scr.grid[4].ch, 0xfffd);
	cr_assert_str_eq(row(0), "\xc3\xa9t\xc3\xa9 \xef\xbf\xbd!");
	stop();
}

/* ---------------------------------------------------------------- values */

static void value_test_start(void)
{
	start(80, 24, 0, 0);
}

Test(term_value, spec_table_example)
{
	struct panda_value *h[2], *t;
	struct panda_value *cells[4];

	value_test_start();
	h[0] = value_string(&heap, "Name");
	h[1] = value_string(&heap, "Size");
	cells[0] = value_string(&heap, "a.txt");
	cells[1] = value_int(&heap, 10);
	cells[2] = value_string(&heap, "bb");
	cells[3] = value_int(&heap, 2048);
	cr_assert_eq(value_table_new(&heap, 2, h, 2, cells, 4, &t), 0);
	term_screen_write_value(&scr, t);
	cr_assert_str_eq(row(0), "Name   Size");
	cr_assert_str_eq(row(1), "-----------");
	cr_assert_str_eq(row(2), "a.txt  10");
	cr_assert_str_eq(row(3), "bb     2048");
	cr_assert_eq(scr.row, 4);
	cr_assert_eq(scr.col, 0);
	/* Headers are bold, cells are not. */
	cr_assert(scr.grid[0].attr.flags & TERM_ATTR_BOLD);
	cr_assert_not(scr.grid[2 * 80].attr.flags & TERM_ATTR_BOLD);
	cr_assert_eq(nlines, 4);
	cr_assert_str_eq(lines[3], "bb     2048");
	value_free(&heap, t);
	stop();
}

Test(term_value, scalars_arrays_maps)
{
	struct panda_value *a = value_array(&heap), *m = value_map(&heap);

	value_test_start();
	value_array_push(&heap, a, value_null(&heap));
	value_array_push(&heap, a, value_bool(&heap, true));
	value_array_push(&heap, a, value_float(&heap, 3.25));
	value_array_push(&heap, a, value_bytes(&heap, "xyz", 3));
	value_map_set(&heap, m, "b", value_int(&heap, -7));
	value_map_set(&heap, m, "a", value_string(&heap, "x"));
	term_screen_write_value(&scr, a);
	term_screen_newline(&scr);
	term_screen_write_value(&scr, m);
	cr_assert_str_eq(row(0), "  - null");
	cr_assert_str_eq(row(1), "  - true");
	cr_assert_str_eq(row(2), "  - 3.25");
	cr_assert_str_eq(row(3), "  - <3 bytes>");
	cr_assert_str_eq(row(4), "a: x");
	cr_assert_str_eq(row(5), "b: -7");
	value_free(&heap, a);
	value_free(&heap, m);
	stop();
}

Test(term_value, styles_and_links)
{
	struct panda_style st = panda_style_fg(panda_colour_named(PANDA_BLUE));
	struct panda_value *v = value_array(&heap);

	st.flags = PANDA_STYLE_BOLD | PANDA_STYLE_UNDERLINE;
	value_test_start();
	value_array_push(&heap, v,
			 value_styled(&heap, st, value_string(&heap, "dir")));
	value_array_push(&heap, v,
			 value_link(&heap, "https://x.org",
				    value_string(&heap, "site")));
	value_array_push(&heap, v,
			 value_styled(&heap,
				      panda_style_fg(panda_colour_rgb(1, 2, 3)),
				      value_int(&heap, 5)));
	term_screen_write_value(&scr, v);
	cr_assert_str_eq(row(0), "  - dir");
	cr_assert_str_eq(row(1), "  - site (https://x.org)");
	cr_assert_str_eq(row(2), "  - 5");
	/* "dir": blue, bold, underlined; "  - " plain. */
	cr_assert_eq(scr.grid[4].attr.fg, TERM_COLOUR_INDEXED | PANDA_BLUE);
	cr_assert_eq(scr.grid[4].attr.flags,
		     TERM_ATTR_BOLD | TERM_ATTR_UNDERLINE);
	cr_assert_eq(scr.grid[0].attr.fg, TERM_COLOUR_DEFAULT);
	/* The link's text underlined, the url not. */
	cr_assert(scr.grid[80 + 4].attr.flags & TERM_ATTR_UNDERLINE);
	cr_assert_not(scr.grid[80 + 10].attr.flags & TERM_ATTR_UNDERLINE);
	/* Styled(Int) keeps the style too. */
	cr_assert_eq(scr.grid[160 + 4].attr.fg, term_colour_rgb(1, 2, 3));
	/* The attributes are restored afterwards. */
	cr_assert_eq(scr.attr.fg, TERM_COLOUR_DEFAULT);
	value_free(&heap, v);
	stop();
}

Test(term_value, table_without_headers_and_styled_cells)
{
	struct panda_value *cells[4], *t;
	struct panda_style blue = panda_style_fg(panda_colour_named(PANDA_BLUE));

	value_test_start();
	cells[0] = value_styled(&heap, blue, value_string(&heap, "subdir"));
	cells[1] = value_string(&heap, "dir");
	cells[2] = value_string(&heap, "f");
	cells[3] = value_string(&heap, "file");
	cr_assert_eq(value_table_new(&heap, 2, NULL, 0, cells, 4, &t), 0);
	term_screen_write_value(&scr, t);
	cr_assert_str_eq(row(0), "subdir  dir");
	cr_assert_str_eq(row(1), "f       file");
	value_free(&heap, t);
	stop();
}

Test(term_value, colours)
{
	struct panda_colour c = panda_colour_named(PANDA_RED);

	cr_assert_eq(term_colour_from_value(&c), TERM_COLOUR_INDEXED | 1);
	c = panda_colour_palette(200);
	cr_assert_eq(term_colour_from_value(&c), TERM_COLOUR_INDEXED | 200);
	c = panda_colour_rgb(1, 2, 3);
	cr_assert_eq(term_colour_from_value(&c), TERM_COLOUR_RGB | 0x010203);
	c.kind = 9;
	cr_assert_eq(term_colour_from_value(&c), TERM_COLOUR_DEFAULT);
	cr_assert_eq(term_colour_argb(TERM_COLOUR_INDEXED | 1, 0), 0xffcd3131);
	cr_assert_eq(term_colour_argb(TERM_COLOUR_RGB | 0x102030, 0),
		     0xff102030);
	cr_assert_eq(term_colour_argb(TERM_COLOUR_DEFAULT, 0xff123456),
		     0xff123456);
}

/* ---------------------------------------------------------------- ANSI */

static char ansi_out[65536];
static size_t ansi_len;

static void ansi_write(void *ctx, const char *buf, size_t n)
{
	(void)ctx;
	cr_assert_leq(ansi_len + n, sizeof(ansi_out) - 1);
	memcpy(ansi_out + ansi_len, buf, n);
	ansi_len += n;
	ansi_out[ansi_len] = '\0';
}

static struct term_ansi ansi;

static void ansi_reset_out(void)
{
	ansi_len = 0;
	ansi_out[0] = '\0';
}

static void ansi_start(unsigned cols, unsigned rows)
{
	ansi_reset_out();
	term_ansi_init(&ansi, cols, rows, ansi_write, NULL);
	cr_assert_eq(term_screen_init(&scr, &ansi.r, &heap, 0), 0);
}

Test(term_ansi, first_flush_clears_then_draws)
{
	ansi_start(20, 5);
	term_screen_puts(&scr, "hi");
	term_screen_flush(&scr);
	cr_assert_str_eq(ansi_out,
			 "\x1b[0m\x1b[H\x1b[2J"	/* clear */
			 "hi"			/* already at 1;1 */
			 "\x1b[?25h");		/* cursor stays at 1;3 */
	stop();
}

Test(term_ansi, colours_and_flags)
{
	struct term_attr a = { .fg = TERM_COLOUR_INDEXED | 1,
			       .flags = TERM_ATTR_BOLD };

	ansi_start(20, 5);
	term_screen_flush(&scr);
	ansi_reset_out();
	term_screen_set_attr(&scr, &a);
	term_screen_puts(&scr, "R");
	a.fg = TERM_COLOUR_INDEXED | 12;
	a.bg = TERM_COLOUR_INDEXED | 200;
	a.flags = TERM_ATTR_UNDERLINE;
	term_screen_set_attr(&scr, &a);
	term_screen_puts(&scr, "B");
	a.fg = term_colour_rgb(1, 2, 3);
	a.bg = TERM_COLOUR_INDEXED | 4;
	a.flags = 0;
	term_screen_set_attr(&scr, &a);
	term_screen_puts(&scr, "C");
	term_screen_reset_attr(&scr);
	term_screen_puts(&scr, "d");
	term_screen_flush(&scr);
	cr_assert_str_eq(ansi_out, "\x1b[1;1H\x1b[0;1;31mR"
				   "\x1b[0;4;94;48;5;200mB"
				   "\x1b[0;38;2;1;2;3;44mC"
				   "\x1b[0md");
	stop();
}

Test(term_ansi, moves_only_when_needed)
{
	ansi_start(20, 5);
	term_screen_flush(&scr);
	ansi_reset_out();
	term_screen_puts(&scr, "a\nb");
	term_screen_move(&scr, 3, 10);
	term_screen_puts(&scr, "c");
	term_screen_flush(&scr);
	/* After a flush the position is unknown (others write too). */
	cr_assert_str_eq(ansi_out, "\x1b[1;1H\x1b[0ma\x1b[2;1Hb\x1b[4;11Hc");
	stop();
}

Test(term_ansi, scrolling_uses_newlines)
{
	int i;

	ansi_start(10, 3);
	term_screen_flush(&scr);
	for (i = 0; i < 4; i++) {
		char b[8];

		snprintf(b, sizeof(b), "%d\n", i);
		term_screen_puts(&scr, b);
	}
	term_screen_flush(&scr);
	/* Every line is drawn before the screen scrolls over it. */
	cr_assert_str_eq(ansi_out,
			 "\x1b[0m\x1b[H\x1b[2J\x1b[?25h"
			 "\x1b[1;1H\x1b[0m0\x1b[2;1H1\x1b[3;1H2"
			 "\x1b[3;1H\n"	/* cursor placed, then the scroll */
			 "3\x1b[3;1H\n");
	stop();
}

Test(term_ansi, cursor_hide_show)
{
	ansi_start(10, 3);
	term_screen_flush(&scr);
	ansi_reset_out();
	term_screen_show_cursor(&scr, false);
	term_screen_flush(&scr);
	cr_assert_str_eq(ansi_out, "\x1b[?25l");
	ansi_reset_out();
	term_screen_flush(&scr);
	cr_assert_str_eq(ansi_out, "");
	stop();
}

Test(term_ansi, query_and_finish)
{
	ansi_start(10, 3);
	term_ansi_query_size(&ansi);
	term_ansi_finish(&ansi);
	cr_assert_str_eq(ansi_out, "\x1b" "7\x1b[999;999H\x1b[6n\x1b" "8"
				   "\x1b[0m\x1b[?25h");
	stop();
}

Test(term_ansi, last_column_forgets_position)
{
	ansi_start(4, 3);
	term_screen_flush(&scr);
	ansi_reset_out();
	term_screen_puts(&scr, "abcdef");
	term_screen_flush(&scr);
	cr_assert_str_eq(ansi_out, "\x1b[1;1H\x1b[0mabcd\x1b[2;1Hef");
	stop();
}
