// SPDX-License-Identifier: GPL-2.0
/*
 * The terminal's screen model: grid, cursor, wrapping, scrolling,
 * scrollback, and the difference that goes to the renderer
 * (include/lib/term_screen.h).
 */
#include <lib/string.h>
#include <lib/term_screen.h>
#include <lib/utf8.h>

#define TRANSCRIPT_MAX	1024	/* bytes of one transcript line */
#define DRAW_GAP	4	/* unchanged cells drawn to join two runs */

/* ------------------------------------------------------------ colours */

term_colour_t term_colour_from_value(const struct panda_colour *c)
{
	switch (c->kind) {
	case PANDA_COLOUR_NAMED:
		return c->v0 < 16 ? term_colour_index(c->v0) :
				    TERM_COLOUR_DEFAULT;
	case PANDA_COLOUR_PALETTE:
		return term_colour_index(c->v0);
	case PANDA_COLOUR_RGB:
		return term_colour_rgb(c->v0, c->v1, c->v2);
	}
	return TERM_COLOUR_DEFAULT;
}

uint32_t term_colour_argb(term_colour_t c, uint32_t def)
{
	struct panda_colour pc;

	switch (TERM_COLOUR_KIND(c)) {
	case TERM_COLOUR_INDEXED:
		pc = panda_colour_palette(c & 0xff);
		return panda_colour_argb(pc);
	case TERM_COLOUR_RGB:
		return 0xff000000u | (c & 0xffffff);
	}
	return def;
}

struct term_attr term_attr_from_style(const struct panda_style *st,
				      const struct term_attr *base)
{
	struct term_attr a = *base;

	if (st->has_fg)
		a.fg = term_colour_from_value(&st->fg);
	if (st->has_bg)
		a.bg = term_colour_from_value(&st->bg);
	if (st->flags & PANDA_STYLE_BOLD)
		a.flags |= TERM_ATTR_BOLD;
	if (st->flags & PANDA_STYLE_ITALIC)
		a.flags |= TERM_ATTR_ITALIC;
	if (st->flags & PANDA_STYLE_UNDERLINE)
		a.flags |= TERM_ATTR_UNDERLINE;
	if (st->flags & PANDA_STYLE_STRIKETHROUGH)
		a.flags |= TERM_ATTR_STRIKE;
	return a;
}

/* ------------------------------------------------------------ memory */

static void *zalloc(const struct panda_value_alloc *m, size_t size)
{
	void *p = m->alloc(m->ctx, size ? size : 1);

	if (p)
		memset(p, 0, size);
	return p;
}

static void mfree(const struct panda_value_alloc *m, void *p, size_t size)
{
	if (p && m->free)
		m->free(m->ctx, p, size ? size : 1);
}

static size_t grid_bytes(unsigned cols, unsigned rows)
{
	return (size_t)cols * rows * sizeof(struct term_cell);
}

static bool cell_eq(const struct term_cell *a, const struct term_cell *b)
{
	return a->ch == b->ch && term_attr_eq(&a->attr, &b->attr);
}

static void blank(struct term_cell *c, size_t n, const struct term_attr *a)
{
	size_t i;

	for (i = 0; i < n; i++) {
		c[i].ch = 0;
		c[i].attr.fg = TERM_COLOUR_DEFAULT;
		c[i].attr.bg = a ? a->bg : TERM_COLOUR_DEFAULT;
		c[i].attr.flags = 0;
	}
}

static struct term_cell *cell(struct term_screen *s, unsigned row,
			      unsigned col)
{
	return &s->grid[(size_t)row * s->cols + col];
}

static void free_all(struct term_screen *s)
{
	size_t g = grid_bytes(s->cols, s->rows);

	mfree(s->mem, s->grid, g);
	mfree(s->mem, s->shown, g);
	mfree(s->mem, s->wrapped, s->rows * sizeof(bool));
	mfree(s->mem, s->sb, grid_bytes(s->cols, s->sb_cap));
	mfree(s->mem, s->sb_wrapped, s->sb_cap * sizeof(bool));
	s->grid = s->shown = s->sb = NULL;
	s->wrapped = s->sb_wrapped = NULL;
}

int term_screen_init(struct term_screen *s, struct term_renderer *r,
		     const struct panda_value_alloc *mem, unsigned scrollback)
{
	memset(s, 0, sizeof(*s));
	s->r = r;
	s->mem = mem;
	s->cols = r->cols ? r->cols : 1;
	s->rows = r->rows ? r->rows : 1;
	s->sb_cap = scrollback;
	s->grid = zalloc(mem, grid_bytes(s->cols, s->rows));
	s->shown = zalloc(mem, grid_bytes(s->cols, s->rows));
	s->wrapped = zalloc(mem, s->rows * sizeof(bool));
	s->sb = zalloc(mem, grid_bytes(s->cols, s->sb_cap));
	s->sb_wrapped = zalloc(mem, s->sb_cap * sizeof(bool));
	if (!s->grid || !s->shown || !s->wrapped || !s->sb ||
	    !s->sb_wrapped) {
		free_all(s);
		return VALUE_ENOMEM;
	}
	s->cursor_visible = true;
	s->redraw = true;	/* start from a clean device */
	return 0;
}

void term_screen_destroy(struct term_screen *s)
{
	free_all(s);
}

static struct term_cell *sb_row(struct term_screen *s, unsigned i)
{
	/* i-th oldest row kept */
	unsigned k = (s->sb_next + s->sb_cap - s->sb_len + i) % s->sb_cap;

	return &s->sb[(size_t)k * s->cols];
}

static bool *sb_wrap(struct term_screen *s, unsigned i)
{
	return &s->sb_wrapped[(s->sb_next + s->sb_cap - s->sb_len + i) %
			      s->sb_cap];
}

int term_screen_resize(struct term_screen *s, unsigned cols, unsigned rows)
{
	struct term_cell *grid, *shown, *sb;
	bool *wrapped, *sbw;
	unsigned r, i, keep_cols;

	if (!cols)
		cols = 1;
	if (!rows)
		rows = 1;
	if (cols == s->cols && rows == s->rows)
		return 0;
	grid = zalloc(s->mem, grid_bytes(cols, rows));
	shown = zalloc(s->mem, grid_bytes(cols, rows));
	wrapped = zalloc(s->mem, rows * sizeof(bool));
	sb = zalloc(s->mem, grid_bytes(cols, s->sb_cap));
	sbw = zalloc(s->mem, s->sb_cap * sizeof(bool));
	if (!grid || !shown || !wrapped || !sb || !sbw) {
		mfree(s->mem, grid, grid_bytes(cols, rows));
		mfree(s->mem, shown, grid_bytes(cols, rows));
		mfree(s->mem, wrapped, rows * sizeof(bool));
		mfree(s->mem, sb, grid_bytes(cols, s->sb_cap));
		mfree(s->mem, sbw, s->sb_cap * sizeof(bool));
		return VALUE_ENOMEM;
	}
	keep_cols = cols < s->cols ? cols : s->cols;
	blank(grid, (size_t)cols * rows, NULL);
	for (r = 0; r < rows && r < s->rows; r++) {
		memcpy(&grid[(size_t)r * cols], cell(s, r, 0),
		       keep_cols * sizeof(struct term_cell));
		wrapped[r] = s->wrapped[r] && cols == s->cols;
	}
	blank(sb, (size_t)cols * s->sb_cap, NULL);
	for (i = 0; i < s->sb_len; i++) {
		memcpy(&sb[(size_t)i * cols], sb_row(s, i),
		       keep_cols * sizeof(struct term_cell));
		sbw[i] = *sb_wrap(s, i) && cols == s->cols;
	}
	free_all(s);
	s->grid = grid;
	s->shown = shown;
	s->wrapped = wrapped;
	s->sb = sb;
	s->sb_wrapped = sbw;
	s->sb_next = s->sb_cap ? s->sb_len % s->sb_cap : 0;
	s->cols = cols;
	s->rows = rows;
	if (s->row >= rows)
		s->row = rows - 1;
	if (s->col > cols)
		s->col = cols;
	s->view = 0;
	s->pending_scroll = 0;
	s->redraw = true;
	return 0;
}

void term_screen_set_attr(struct term_screen *s, const struct term_attr *a)
{
	s->attr = *a;
}

void term_screen_reset_attr(struct term_screen *s)
{
	memset(&s->attr, 0, sizeof(s->attr));
}

/* ------------------------------------------------------------ scrolling */

static void live(struct term_screen *s)
{
	s->view = 0;
}

static void scroll_one(struct term_screen *s)
{
	if (s->r->flags & TERM_RENDER_OWN_SCROLLBACK)
		term_screen_sync(s);
	if (s->sb_cap) {
		memcpy(&s->sb[(size_t)s->sb_next * s->cols], s->grid,
		       s->cols * sizeof(struct term_cell));
		s->sb_wrapped[s->sb_next] = s->wrapped[0];
		s->sb_next = (s->sb_next + 1) % s->sb_cap;
		if (s->sb_len < s->sb_cap)
			s->sb_len++;
	}
	memmove(s->grid, s->grid + s->cols,
		(size_t)(s->rows - 1) * s->cols * sizeof(struct term_cell));
	memmove(s->wrapped, s->wrapped + 1, (s->rows - 1) * sizeof(bool));
	blank(cell(s, s->rows - 1, 0), s->cols, NULL);
	s->wrapped[s->rows - 1] = false;
	s->scrolls++;
	if (!s->redraw && ++s->pending_scroll >= s->rows) {
		s->pending_scroll = 0;
		s->redraw = true;
	}
}

/* Cursor down one row, scrolling at the bottom. */
static void line_feed(struct term_screen *s)
{
	if (s->row + 1 < s->rows)
		s->row++;
	else
		scroll_one(s);
}

/* ------------------------------------------------------------ writing */

/* Store cp's UTF-8 at buf[at..] as far as cap allows; its full length. */
static size_t put_utf8(char *buf, size_t cap, size_t at, uint32_t cp)
{
	char b[4];
	size_t n = utf8_encode(cp, b), i;

	if (!n)
		n = utf8_encode(0xfffd, b);
	for (i = 0; i < n; i++)
		if (at + i < cap)
			buf[at + i] = b[i];
	return n;
}

/*
 * Append row's text to buf at *at.  Cells never written are dropped from
 * the end; written spaces too if trim (a row that continues on the next
 * keeps them: they separate words).
 */
static void row_text(const struct term_screen *s, unsigned row, char *buf,
		     size_t cap, size_t *at, bool trim)
{
	const struct term_cell *c = &s->grid[(size_t)row * s->cols];
	unsigned end = s->cols, i;

	while (end && (!c[end - 1].ch || (trim && c[end - 1].ch == ' ')))
		end--;
	for (i = 0; i < end; i++) {
		size_t n = put_utf8(buf, cap, *at, c[i].ch ? c[i].ch : ' ');

		/* Never cut a character: stop when it does not fit. */
		if (*at + n > cap)
			return;
		*at += n;
	}
}

size_t term_screen_row_text(const struct term_screen *s, unsigned row,
			    char *buf, size_t cap)
{
	size_t at = 0;

	if (row < s->rows)
		row_text(s, row, buf, cap ? cap - 1 : 0, &at, true);
	if (cap)
		buf[at < cap ? at : cap - 1] = '\0';
	return at;
}

static void emit_transcript(struct term_screen *s)
{
	char buf[TRANSCRIPT_MAX];
	unsigned r = s->row;
	size_t at = 0;

	if (!s->transcript)
		return;
	while (r > 0 && s->wrapped[r - 1])
		r--;
	for (; r <= s->row; r++)
		row_text(s, r, buf, sizeof(buf), &at, r == s->row);
	s->transcript(s->transcript_ctx, buf, at);
}

void term_screen_newline(struct term_screen *s)
{
	live(s);
	emit_transcript(s);
	s->wrapped[s->row] = false;
	s->col = 0;
	line_feed(s);
}

void term_screen_fresh_line(struct term_screen *s)
{
	if (s->col)
		term_screen_newline(s);
}

/* Pending wrap: continue on the next row. */
static void wrap(struct term_screen *s)
{
	s->wrapped[s->row] = true;
	s->col = 0;
	line_feed(s);
}

static void put_cell(struct term_screen *s, uint32_t cp)
{
	struct term_cell *c;

	if (s->col >= s->cols)
		wrap(s);
	c = cell(s, s->row, s->col);
	c->ch = cp;
	c->attr = s->attr;
	s->col++;
}

static bool is_blank(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
	       cp == '\b' || cp < 0x20 || cp == 0x7f;
}

static void control(struct term_screen *s, uint32_t cp)
{
	switch (cp) {
	case '\n':
		term_screen_newline(s);
		break;
	case '\r':
		s->col = 0;
		break;
	case '\b':
		if (s->col >= s->cols)
			s->col = s->cols - 1;
		if (s->col)
			s->col--;
		break;
	case '\t':
		do {
			put_cell(s, ' ');
		} while (s->col % 8 && s->col < s->cols);
		break;
	}
}

void term_screen_putc(struct term_screen *s, uint32_t cp)
{
	live(s);
	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
		control(s, cp);
		return;
	}
	put_cell(s, cp);
}

static int next_cp(const char *t, size_t n, uint32_t *cp)
{
	int k = utf8_decode(t, n, cp);

	if (k > 0)
		return k;
	*cp = 0xfffd;
	return 1;
}

void term_screen_write(struct term_screen *s, const char *text, size_t n)
{
	size_t i = 0;
	bool word_start = true;

	live(s);
	while (i < n) {
		uint32_t cp;
		int k = next_cp(text + i, n - i, &cp);

		if (s->word_wrap && word_start && !is_blank(cp) &&
		    s->col > 0 && s->col < s->cols) {
			/* Measure the word; move it down if it does not fit. */
			size_t j = i, len = 0;

			while (j < n && len <= s->cols) {
				uint32_t c2;
				int k2 = next_cp(text + j, n - j, &c2);

				if (is_blank(c2))
					break;
				len++;
				j += k2;
			}
			if (s->col + len > s->cols)
				wrap(s);
		}
		word_start = is_blank(cp);
		term_screen_putc(s, cp);
		i += k;
	}
}

void term_screen_puts(struct term_screen *s, const char *text)
{
	term_screen_write(s, text, strlen(text));
}

void term_screen_move(struct term_screen *s, unsigned row, unsigned col)
{
	live(s);
	s->row = row < s->rows ? row : s->rows - 1;
	s->col = col < s->cols ? col : s->cols - 1;
}

void term_screen_clear(struct term_screen *s, enum term_clear region)
{
	unsigned col = s->col < s->cols ? s->col : s->cols;
	unsigned r;

	live(s);
	switch (region) {
	case TERM_CLEAR_SCREEN:
		blank(s->grid, (size_t)s->rows * s->cols, NULL);
		memset(s->wrapped, 0, s->rows * sizeof(bool));
		s->row = 0;
		s->col = 0;
		s->pending_scroll = 0;
		s->redraw = true;
		break;
	case TERM_CLEAR_TO_END_OF_SCREEN:
		blank(cell(s, s->row, 0) + col, s->cols - col, &s->attr);
		for (r = s->row + 1; r < s->rows; r++) {
			blank(cell(s, r, 0), s->cols, &s->attr);
			s->wrapped[r] = false;
		}
		s->wrapped[s->row] = false;
		break;
	case TERM_CLEAR_TO_END_OF_LINE:
		blank(cell(s, s->row, 0) + col, s->cols - col, &s->attr);
		s->wrapped[s->row] = false;
		break;
	case TERM_CLEAR_LINE:
		blank(cell(s, s->row, 0), s->cols, &s->attr);
		s->wrapped[s->row] = false;
		s->col = 0;
		break;
	}
}

void term_screen_show_cursor(struct term_screen *s, bool visible)
{
	s->cursor_visible = visible;
}

bool term_screen_scroll_view(struct term_screen *s, int delta)
{
	long v = (long)s->view + delta;

	if (v < 0)
		v = 0;
	if (v > (long)s->sb_len)
		v = s->sb_len;
	if ((unsigned)v == s->view)
		return false;
	s->view = (unsigned)v;
	return true;
}

/* ------------------------------------------------------------ flushing */

/* Row i of what is to be shown (the live grid, or the scrollback view). */
static const struct term_cell *view_row(struct term_screen *s, unsigned i)
{
	unsigned v = s->sb_len - s->view + i;

	if (v < s->sb_len)
		return sb_row(s, v);
	return cell(s, v - s->sb_len, 0);
}

static void draw_row(struct term_screen *s, unsigned row)
{
	const struct term_cell *want = view_row(s, row);
	struct term_cell *have = &s->shown[(size_t)row * s->cols];
	unsigned c = 0, n = s->cols;

	while (c < n) {
		unsigned start, end, same;

		while (c < n && cell_eq(&want[c], &have[c]))
			c++;
		if (c == n)
			break;
		start = c;
		end = c + 1;
		/* Extend over changed cells and small unchanged gaps. */
		for (c = end, same = 0; c < n && same <= DRAW_GAP; c++) {
			if (cell_eq(&want[c], &have[c])) {
				same++;
			} else {
				same = 0;
				end = c + 1;
			}
		}
		s->r->ops->draw(s->r, row, start, &want[start], end - start);
		memcpy(&have[start], &want[start],
		       (end - start) * sizeof(struct term_cell));
		c = end;
	}
}

void term_screen_sync(struct term_screen *s)
{
	struct term_renderer *r = s->r;
	unsigned row;
	bool visible;

	if (s->redraw) {
		r->ops->clear(r);
		blank(s->shown, (size_t)s->rows * s->cols, NULL);
		s->redraw = false;
		s->pending_scroll = 0;
	}
	if (s->pending_scroll) {
		unsigned n = s->pending_scroll;

		r->ops->scroll_up(r, n);
		memmove(s->shown, s->shown + (size_t)n * s->cols,
			(size_t)(s->rows - n) * s->cols *
				sizeof(struct term_cell));
		blank(s->shown + (size_t)(s->rows - n) * s->cols,
		      (size_t)n * s->cols, NULL);
		s->pending_scroll = 0;
	}
	for (row = 0; row < s->rows; row++)
		draw_row(s, row);

	visible = s->cursor_visible && !s->view;
	/* Drawing may have moved the device's cursor: always place it. */
	r->ops->cursor(r, s->row, s->col, visible);
}

void term_screen_flush(struct term_screen *s)
{
	term_screen_sync(s);
	s->r->ops->flush(s->r);
}
