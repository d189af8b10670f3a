/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where the graphical terminal's window goes on the display.  Pure and
 * freestanding, host-tested.
 *
 * userspace.md 5.1 puts an 800 x 600 window at (50, 50); `terminal
 * --geometry` takes another in the X11 way ("WxH" keeps the position,
 * "WxH+X+Y" sets both) and "full" covers the display.
 */
#ifndef _LIB_TERM_GEOMETRY_H
#define _LIB_TERM_GEOMETRY_H

#include <stdbool.h>
#include <stdint.h>

struct term_geometry {
	uint32_t x, y, w, h;
	bool full;		/* the whole display, at (0, 0) */
};

#define TERM_GEOMETRY_DEFAULT { .x = 50, .y = 50, .w = 800, .h = 600 }

/* Largest width, height or offset a geometry may name. */
#define TERM_GEOMETRY_MAX	16384

/*
 * Parses "full", "WxH" or "WxH+X+Y" (decimal, no blanks) into g, which
 * keeps its position for "WxH".  Returns 0, or -1 (g unchanged) for
 * anything else, a zero size or a number above TERM_GEOMETRY_MAX.
 */
int term_geometry_parse(const char *s, struct term_geometry *g);

/*
 * Fits g to a dw x dh display: a full geometry becomes the display; a
 * window too large for it shrinks to it, and one that would stick out
 * moves left and up until it fits.  Returns 0, or -1 when the result is
 * smaller than min_w x min_h (the display is too small).
 */
int term_geometry_fit(struct term_geometry *g, uint32_t dw, uint32_t dh,
		      uint32_t min_w, uint32_t min_h);

#endif
