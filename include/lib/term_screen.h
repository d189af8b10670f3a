/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The terminal's screen: a grid of character cells with a cursor,
 * wrapping, scrolling and a scrollback, drawn through a renderer.  The
 * renderer is the only part that knows the output device (ANSI escapes
 * on a serial line, glyphs in a window): the screen tells it which cells
 * changed, and nothing else.  Pure and freestanding, host-tested with a
 * recording renderer.
 *
 * Drawing model
 * -------------
 * Writing changes only the screen's own grid.  term_screen_flush()
 * compares the grid with what the renderer shows and passes the
 * difference: scroll_up() for rows that scrolled, draw() for runs of
 * changed cells, cursor(), then flush().  A renderer whose device keeps
 * lines that scroll off (TERM_RENDER_OWN_SCROLLBACK: a serial terminal)
 * is brought up to date before every scroll, so every line reaches it;
 * other renderers get scrolls in batches.
 *
 * Text
 * ----
 * term_screen_write() takes UTF-8 (invalid bytes show as U+FFFD) with
 * '\n' (new line), '\r' (column 0), '\t' (next multiple of 8) and '\b'
 * (one column left); other control characters are dropped.  Every
 * character takes one cell.  Writing past the last column wraps to the
 * next row (the cursor waits in the column after the last one until the
 * next character, so a full row followed by '\n' makes no empty row).
 * With word_wrap on, a word that does not fit in what is left of the row
 * starts on the next row (and is broken between characters if it is
 * longer than a row: value-and-terminal.md 4.1).  Past the last row the screen scrolls up;
 * the rows that leave go to the scrollback.
 *
 * Transcript
 * ----------
 * If set, transcript() gets the text of every line that a newline ends
 * (a wrapped line as one, trailing blanks removed): tests log it.
 */
#ifndef _LIB_TERM_SCREEN_H
#define _LIB_TERM_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <lib/value.h>

/* ------------------------------------------------------------ cells */

/*
 * A colour: the device's default, an indexed colour (0-15 the named
 * colours of value-and-terminal.md 2.3, 16-255 the 256-colour palette),
 * or 24-bit RGB.
 */
typedef uint32_t term_colour_t;
#define TERM_COLOUR_DEFAULT	0u
#define TERM_COLOUR_INDEXED	0x01000000u	/* | index */
#define TERM_COLOUR_RGB		0x02000000u	/* | 0xRRGGBB */
#define TERM_COLOUR_KIND(c)	((c) & 0xff000000u)

static inline term_colour_t term_colour_index(uint8_t i)
{
	return TERM_COLOUR_INDEXED | i;
}

static inline term_colour_t term_colour_rgb(uint8_t r, uint8_t g, uint8_t b)
{
	return TERM_COLOUR_RGB | (uint32_t)r << 16 | (uint32_t)g << 8 | b;
}

/* A Value colour (named, palette, RGB); an invalid one is the default. */
term_colour_t term_colour_from_value(const struct panda_colour *c);
/* 0xAARRGGBB as value-and-terminal.md 4.4 draws it; def for DEFAULT. */
uint32_t term_colour_argb(term_colour_t c, uint32_t def);

#define TERM_ATTR_BOLD		0x01
#define TERM_ATTR_ITALIC	0x02
#define TERM_ATTR_UNDERLINE	0x04
#define TERM_ATTR_STRIKE	0x08
#define TERM_ATTR_INVERSE	0x10
#define TERM_ATTR_DIM		0x20

struct term_attr {
	term_colour_t fg, bg;
	uint8_t flags;		/* TERM_ATTR_* */
};

/* One cell: ch 0 is a blank (drawn as a space in its attributes). */
struct term_cell {
	uint32_t ch;
	struct term_attr attr;
};

static inline bool term_attr_eq(const struct term_attr *a,
				const struct term_attr *b)
{
	return a->fg == b->fg && a->bg == b->bg && a->flags == b->flags;
}

/* ------------------------------------------------------------ renderer */

struct term_renderer;

/*
 * What an output device implements.  Coordinates are 0-based cells, and
 * always inside the renderer's cols x rows.  The screen calls them only
 * from term_screen_flush() (and term_screen_sync()).
 */
struct term_renderer_ops {
	/* Show cells[0..n) in row, from column col on. */
	void (*draw)(struct term_renderer *r, unsigned row, unsigned col,
		     const struct term_cell *cells, unsigned n);
	/*
	 * Move everything up n rows (1 <= n < rows): row i shows what row
	 * i + n showed, the n bottom rows become blank (default colours).
	 */
	void (*scroll_up)(struct term_renderer *r, unsigned n);
	/* Blank every cell. */
	void (*clear)(struct term_renderer *r);
	/* Put the cursor on a cell (col may be cols: past the last), or
	 * hide it. */
	void (*cursor)(struct term_renderer *r, unsigned row, unsigned col,
		       bool visible);
	/* Make everything so far visible (write out, blit, ...). */
	void (*flush)(struct term_renderer *r);
};

/* The device keeps rows that scroll off the top (its own scrollback). */
#define TERM_RENDER_OWN_SCROLLBACK	0x01

struct term_renderer {
	const struct term_renderer_ops *ops;
	unsigned cols, rows;	/* size in cells; see term_screen_resize() */
	unsigned flags;		/* TERM_RENDER_* */
	uint8_t colours;	/* enum panda_term_colour_support */
	bool hyperlinks;	/* for the Capabilities query */
};

/* ------------------------------------------------------------ screen */

enum term_clear {			/* = enum panda_term_clear_region */
	TERM_CLEAR_SCREEN = 0,		/* everything, cursor home */
	TERM_CLEAR_TO_END_OF_SCREEN = 1,
	TERM_CLEAR_TO_END_OF_LINE = 2,
	TERM_CLEAR_LINE = 3,		/* whole row, cursor to column 0 */
};

typedef void (*term_transcript_fn)(void *ctx, const char *text, size_t n);

struct term_screen {
	struct term_renderer *r;
	const struct panda_value_alloc *mem;
	unsigned cols, rows;
	struct term_cell *grid;		/* rows x cols */
	struct term_cell *shown;	/* what the renderer shows */
	bool *wrapped;			/* row continues on the next */
	unsigned row, col;		/* cursor; col == cols: wrap due */
	struct term_attr attr;		/* for what is written */
	bool word_wrap;
	bool cursor_visible;

	struct term_cell *sb;		/* scrollback: sb_cap rows */
	bool *sb_wrapped;
	unsigned sb_cap, sb_len, sb_next;
	unsigned view;			/* rows scrolled back; 0 = live */

	unsigned pending_scroll;	/* scrolls the renderer has not had */
	bool redraw;			/* clear the renderer, draw all */
	unsigned long scrolls;		/* rows scrolled since init */

	term_transcript_fn transcript;
	void *transcript_ctx;
};

/*
 * Size from the renderer, scrollback rows kept (0: none).  Memory comes
 * from mem (freed by term_screen_destroy()).  0 or VALUE_ENOMEM.
 */
int term_screen_init(struct term_screen *s, struct term_renderer *r,
		     const struct panda_value_alloc *mem, unsigned scrollback);
void term_screen_destroy(struct term_screen *s);

/*
 * New size (the renderer's cols/rows already changed): the top-left part
 * of the grid is kept, the cursor clamped, and everything is drawn again
 * at the next flush.  The scrollback is kept, cut or padded to the new
 * width.  0 or VALUE_ENOMEM (then nothing changed).
 */
int term_screen_resize(struct term_screen *s, unsigned cols, unsigned rows);

void term_screen_set_attr(struct term_screen *s, const struct term_attr *a);
void term_screen_reset_attr(struct term_screen *s);

void term_screen_write(struct term_screen *s, const char *text, size_t n);
void term_screen_puts(struct term_screen *s, const char *text);
void term_screen_putc(struct term_screen *s, uint32_t cp);
void term_screen_newline(struct term_screen *s);
/* '\n' unless the cursor is at the start of a row. */
void term_screen_fresh_line(struct term_screen *s);

/* Cursor to (row, col), clamped to the screen (col up to cols - 1). */
void term_screen_move(struct term_screen *s, unsigned row, unsigned col);
void term_screen_clear(struct term_screen *s, enum term_clear region);
void term_screen_show_cursor(struct term_screen *s, bool visible);

/*
 * Scroll the view back into the scrollback (delta > 0) or forward; true if
 * the view moved.  Writing anything returns to the live screen.
 */
bool term_screen_scroll_view(struct term_screen *s, int delta);

/* Pass the changes to the renderer and flush it. */
void term_screen_flush(struct term_screen *s);
/* The same without the renderer's flush(). */
void term_screen_sync(struct term_screen *s);

/* UTF-8 text of a grid row, trailing blanks removed; snprintf-like. */
size_t term_screen_row_text(const struct term_screen *s, unsigned row,
			    char *buf, size_t cap);

/*
 * Render a Value at the cursor (value-and-terminal.md 4.4-4.5, the
 * reference's text): Styled applies its colours and flags to everything
 * inside, table headers are bold, a Link's text is underlined and its
 * url follows in parentheses.  Word wrap is on while it renders.
 */
void term_screen_write_value(struct term_screen *s,
			     const struct panda_value *v);

/* The attributes of a Value style over base. */
struct term_attr term_attr_from_style(const struct panda_style *st,
				      const struct term_attr *base);

#endif /* _LIB_TERM_SCREEN_H */
