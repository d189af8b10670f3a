// SPDX-License-Identifier: GPL-2.0
/*
 * The graphical display: the terminal's cells drawn with the Hack font
 * (pre-rasterised at build time by scripts/mkfont.c, lib/term_paint.c
 * paints a cell) into a back buffer, and shown in a compositor window
 * (surface:/window): 800 x 600 at (50, 50) as userspace.md 5.1 says, or
 * where --geometry puts it (lib/term_geometry.c), fitted to the display.
 *
 * Layout (userspace.md 5.2): background 0xFF1E1E1E, default foreground
 * 0xFFD4D4D4, a 10 px margin, cells of the font's cell size (10 x 20 px
 * for Hack at 16 px); cell (r, c) has its top-left pixel at
 * (10 + c * cell_w, 10 + r * cell_h).
 *
 * Damage: the renderer keeps its own copy of the cells it shows (to
 * repaint the cell under the cursor) and, per row, the span of columns
 * painted since the last flush.  flush() turns runs of consecutive dirty
 * rows into rectangles, copies each into a staging buffer (a blit takes
 * a tightly packed image), blits it into the window, then flushes the
 * window, which waits for the compositor's next frame: the kernel
 * recomposites only the blitted rectangles.  Scrolling and clearing
 * repaint everything.
 *
 * The cursor is a block (the cell's colours swapped) that blinks every
 * 500 ms on a one-shot timer that is re-armed while the cursor is
 * visible; it is shown steadily again whenever it moves.
 */
#include <stdlib.h>
#include <string.h>
#include <lib/term_geometry.h>
#include <lib/term_paint.h>
#include <panda/graphics.h>
#include "../terminal.h"

#define MARGIN	 10
#define BLINK_MS 500

extern const struct term_font term_font;

static const struct term_palette palette = {
	.fg = 0xffd4d4d4u,
	.bg = 0xff1e1e1eu,
};

static struct {
	struct term_renderer r;
	struct term_display d;
	panda_window win;
	panda_buffer back, stage;
	uint32_t width, height;	   /* window, pixels */
	uint32_t *px;		   /* back buffer */
	struct term_cell *cells;   /* rows x cols shown */
	unsigned *dirty0, *dirty1; /* per row: columns [d0, d1) */
	bool all_dirty;
	unsigned cur_row, cur_col; /* cursor cell (col < cols) */
	bool cur_visible, blink_on;
	panda_handle_t timer;
} w;

static uint32_t *cell_px(unsigned row, unsigned col)
{
	return w.px + (size_t)(MARGIN + row * term_font.cell_h) * w.width +
	       MARGIN + col * term_font.cell_w;
}

static void mark(unsigned row, unsigned c0, unsigned c1)
{
	if (w.dirty1[row] == 0) {
		w.dirty0[row] = c0;
		w.dirty1[row] = c1;
		return;
	}
	if (c0 < w.dirty0[row])
		w.dirty0[row] = c0;
	if (c1 > w.dirty1[row])
		w.dirty1[row] = c1;
}

static bool cursor_on(unsigned row, unsigned col)
{
	return w.cur_visible && w.blink_on && row == w.cur_row &&
	       col == w.cur_col;
}

static void paint(unsigned row, unsigned col)
{
	term_paint_cell(cell_px(row, col), w.width, &term_font, &palette,
			&w.cells[(size_t)row * w.r.cols + col],
			cursor_on(row, col));
	mark(row, col, col + 1);
}

static void fill_rows(uint32_t y0, uint32_t y1)
{
	size_t i, n = (size_t)(y1 - y0) * w.width;
	uint32_t *p = w.px + (size_t)y0 * w.width;

	for (i = 0; i < n; i++)
		p[i] = palette.bg;
}

static void blank_cells(struct term_cell *c, size_t n)
{
	memset(c, 0, n * sizeof(*c));
}

/* ------------------------------------------------------------ ops */

static void win_draw(struct term_renderer *r, unsigned row, unsigned col,
		     const struct term_cell *cells, unsigned n)
{
	unsigned i;

	memcpy(&w.cells[(size_t)row * r->cols + col], cells,
	       n * sizeof(*cells));
	for (i = 0; i < n; i++)
		paint(row, col + i);
}

static void win_scroll_up(struct term_renderer *r, unsigned n)
{
	uint32_t ch = term_font.cell_h;
	uint32_t top = MARGIN, bottom = MARGIN + r->rows * ch;
	bool shown = w.cur_visible && w.blink_on;

	/* Take the cursor off the pixels that move. */
	w.cur_visible = false;
	if (shown)
		paint(w.cur_row, w.cur_col);
	memmove(w.cells, w.cells + (size_t)n * r->cols,
		(size_t)(r->rows - n) * r->cols * sizeof(*w.cells));
	blank_cells(w.cells + (size_t)(r->rows - n) * r->cols,
		    (size_t)n * r->cols);
	memmove(w.px + (size_t)top * w.width,
		w.px + (size_t)(top + n * ch) * w.width,
		(size_t)(bottom - top - n * ch) * w.width * 4);
	fill_rows(bottom - n * ch, bottom);
	w.all_dirty = true;
}

static void win_clear(struct term_renderer *r)
{
	blank_cells(w.cells, (size_t)r->rows * r->cols);
	fill_rows(0, w.height);
	w.cur_visible = false;
	w.all_dirty = true;
}

static void blink(void *arg, panda_handle_t h, uint32_t events);

static void arm_blink(void)
{
	if (w.timer)
		return;
	if (panda_timer_create(BLINK_MS, PANDA_HANDLE_MAILBOX, &w.timer)) {
		w.timer = 0;
		return; /* no timers: a steady cursor */
	}
	if (terminal_watch(w.timer, blink, NULL)) {
		panda_close(w.timer);
		w.timer = 0;
	}
}

static void blink(void *arg, panda_handle_t h, uint32_t events)
{
	terminal_unwatch(w.timer);
	panda_close(w.timer);
	w.timer = 0;
	if (!w.cur_visible)
		return;
	w.blink_on = !w.blink_on;
	paint(w.cur_row, w.cur_col);
	arm_blink();
}

static void win_cursor(struct term_renderer *r, unsigned row, unsigned col,
		       bool visible)
{
	unsigned old_row = w.cur_row, old_col = w.cur_col;
	bool was = w.cur_visible;

	if (col >= r->cols)
		col = r->cols - 1;
	if (was == visible && (!visible || (row == old_row && col == old_col)))
		return;
	w.cur_visible = visible;
	w.cur_row = row;
	w.cur_col = col;
	w.blink_on = true; /* steady while it moves */
	if (was && old_row < r->rows)
		paint(old_row, old_col);
	if (visible) {
		paint(row, col);
		arm_blink();
	}
}

/* Copy the w x h pixels at (x, y) of the back buffer to the staging
 * buffer, packed, and blit them. */
static void blit_rect(uint32_t x, uint32_t y, uint32_t rw, uint32_t rh)
{
	uint32_t *dst = (uint32_t *)(void *)w.stage.data;
	uint32_t j;

	for (j = 0; j < rh; j++)
		memcpy(dst + (size_t)j * rw,
		       w.px + (size_t)(y + j) * w.width + x, (size_t)rw * 4);
	panda_surface_blit_part(&w.win.s, &w.stage, x, y, rw, rh);
}

static void win_flush(struct term_renderer *r)
{
	uint32_t cw = term_font.cell_w, ch = term_font.cell_h;
	panda_rect last = { 0, 0, 0, 0 };
	unsigned row = 0;

	if (w.all_dirty) {
		panda_surface_blit_part(&w.win.s, &w.back, 0, 0, w.width,
					w.height);
		memset(w.dirty1, 0, r->rows * sizeof(*w.dirty1));
		w.all_dirty = false;
		panda_surface_flush(&w.win.s);
		return;
	}
	while (row < r->rows) {
		unsigned first = row, c0, c1;

		if (!w.dirty1[row]) {
			row++;
			continue;
		}
		c0 = w.dirty0[row];
		c1 = w.dirty1[row];
		/* Consecutive dirty rows make one rectangle. */
		for (row++; row < r->rows && w.dirty1[row]; row++) {
			if (w.dirty0[row] < c0)
				c0 = w.dirty0[row];
			if (w.dirty1[row] > c1)
				c1 = w.dirty1[row];
		}
		last = (panda_rect){ MARGIN + c0 * cw, MARGIN + first * ch,
				     (c1 - c0) * cw, (row - first) * ch };
		blit_rect(last.x, last.y, last.width, last.height);
		memset(&w.dirty1[first], 0, (row - first) * sizeof(*w.dirty1));
	}
	/* Wait for the frame that shows them (the blits marked them). */
	if (last.width)
		panda_surface_flush_rect(&w.win.s, last);
}

static const struct term_renderer_ops win_ops = {
	.draw = win_draw,
	.scroll_up = win_scroll_up,
	.clear = win_clear,
	.cursor = win_cursor,
	.flush = win_flush,
};

static void win_close(struct term_display *d)
{
	if (w.timer) {
		terminal_unwatch(w.timer);
		panda_close(w.timer);
		w.timer = 0;
	}
	panda_window_close(&w.win);
	panda_buffer_free(&w.stage);
	panda_buffer_free(&w.back);
}

int window_display_open(struct term_display **out,
			const struct term_geometry *geometry)
{
	panda_window_opts o = PANDA_WINDOW_DEFAULTS;
	struct term_geometry g = *geometry;
	uint32_t dw, dh;
	size_t bytes;
	int err;

	err = panda_display_size(&dw, &dh);
	if (err)
		return err;
	/* At least 10 columns and 2 rows. */
	if (term_geometry_fit(&g, dw, dh, 2 * MARGIN + 10 * term_font.cell_w,
			      2 * MARGIN + 2 * term_font.cell_h))
		return -PANDA_ERR_INVALID_ARGUMENT;
	w.width = g.w;
	w.height = g.h;
	w.r.ops = &win_ops;
	w.r.cols = (g.w - 2 * MARGIN) / term_font.cell_w;
	w.r.rows = (g.h - 2 * MARGIN) / term_font.cell_h;
	if (w.r.cols > 1000)
		w.r.cols = 1000;
	if (w.r.rows > 1000)
		w.r.rows = 1000;
	w.r.colours = PANDA_TERM_COLOURS_TRUE_COLOUR;
	w.r.hyperlinks = false;

	bytes = (size_t)g.w * g.h * 4;
	w.cells = calloc((size_t)w.r.rows * w.r.cols, sizeof(*w.cells));
	w.dirty0 = calloc(w.r.rows, sizeof(*w.dirty0));
	w.dirty1 = calloc(w.r.rows, sizeof(*w.dirty1));
	if (!w.cells || !w.dirty0 || !w.dirty1)
		return -PANDA_ERR_NO_MEMORY;
	err = panda_buffer_alloc(bytes, &w.back);
	if (err)
		return err;
	err = panda_buffer_alloc(bytes, &w.stage);
	if (err)
		goto free_back;
	w.px = (uint32_t *)(void *)w.back.data;
	fill_rows(0, g.h);

	o.x = g.x;
	o.y = g.y;
	o.w = g.w;
	o.h = g.h;
	err = panda_window_open(&o, &w.win);
	if (err)
		goto free_stage;
	w.all_dirty = true;
	w.d.renderer = &w.r;
	w.d.query_size = NULL;
	w.d.close = win_close;
	*out = &w.d;
	return 0;

free_stage:
	panda_buffer_free(&w.stage);
free_back:
	panda_buffer_free(&w.back);
	return err;
}
