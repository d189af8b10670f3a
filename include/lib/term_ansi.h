/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A term_renderer for ANSI/VT100-compatible terminals (xterm and its
 * descendants) on a byte stream: the serial console.  Pure: the bytes go
 * to a write callback, in chunks of at most TERM_ANSI_BUF bytes.
 *
 *	cells		"ESC[row;colH" when the cursor is not already there,
 *			"ESC[0;1;...m" (SGR) when the attributes change, then
 *			the characters as UTF-8
 *	colours		indexed 0-7 as SGR 30-37 / 40-47, 8-15 as 90-97 /
 *			100-107, 16-255 as 38;5;n / 48;5;n, RGB as 38;2;r;g;b
 *	scroll_up	to the bottom row, then one "\n" per row, so the rows
 *			land in the terminal's own scrollback
 *	clear		"ESC[H ESC[2J"
 *	cursor		"ESC[row;colH", "ESC[?25h" / "ESC[?25l"
 *
 * Other writers share the line (the kernel log on the serial console),
 * so after each flush() the cursor position and attributes are taken as
 * unknown: the next flush starts with a cursor move and an SGR.
 *
 * term_ansi_query_size() asks the terminal for its size (cursor to the
 * far corner, "ESC[6n"); the answer comes back on the input as a
 * TERM_KEY_CURSOR_REPORT.
 */
#ifndef _LIB_TERM_ANSI_H
#define _LIB_TERM_ANSI_H

#include <lib/term_screen.h>

#define TERM_ANSI_BUF	1024

typedef void (*term_ansi_write_fn)(void *ctx, const char *buf, size_t n);

struct term_ansi {
	struct term_renderer r;		/* first: the renderer */
	term_ansi_write_fn write;
	void *ctx;
	unsigned row, col;		/* the device's cursor */
	bool pos_known;
	struct term_attr attr;		/* the device's attributes */
	bool attr_known;
	int cursor_shown;		/* -1 unknown, 0, 1 */
	size_t len;
	char buf[TERM_ANSI_BUF];
};

extern const struct term_renderer_ops term_ansi_ops;

/* A renderer of cols x rows writing through write(ctx, ...). */
void term_ansi_init(struct term_ansi *t, unsigned cols, unsigned rows,
		    term_ansi_write_fn write, void *ctx);

/* Queue "ESC 7, ESC[999;999H, ESC[6n, ESC 8" (flushed with the rest). */
void term_ansi_query_size(struct term_ansi *t);

/* Reset the device's attributes and show the cursor (before exiting). */
void term_ansi_finish(struct term_ansi *t);

/* Write out what is buffered. */
void term_ansi_flush(struct term_ansi *t);

#endif /* _LIB_TERM_ANSI_H */
