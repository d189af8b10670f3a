/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Painting terminal cells as pixels: the graphical terminal's glyphs.
 *
 * A font is pre-rasterised at build time (scripts/mkfont.c, Hack through
 * stb_truetype) into fixed cells of cell_w x cell_h 8-bit coverage
 * values, glyph already placed in its cell, one array per face; codes[]
 * lists the code points, ascending.  term_paint_cell() draws one
 * struct term_cell into 0xAARRGGBB pixels: its background, then its
 * glyph anti-aliased as (fg * c + bg * (255 - c)) / 255 per channel
 * (userspace.md 5.2), with bold (the bold face), dim (the foreground
 * half-way to the background), inverse, underline, strike and italic
 * (the regular or bold glyph slanted: each row moved right by
 * TERM_ITALIC_SLANT/256 px per row above the baseline, left below it,
 * and clipped to the cell).  Pure: host-tested with a small synthetic
 * font.
 */
#ifndef _LIB_TERM_PAINT_H
#define _LIB_TERM_PAINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <lib/term_screen.h>

/* About 11 degrees, as synthetic obliques go: 0.2 px per row. */
#define TERM_ITALIC_SLANT	51

enum term_font_face {
	TERM_FACE_REGULAR,
	TERM_FACE_BOLD,
	TERM_FACES,
};

struct term_font {
	unsigned cell_w, cell_h; /* pixels */
	unsigned baseline;	 /* row of the baseline in a cell */
	unsigned count;		 /* glyphs */
	const uint32_t *codes;	 /* count code points, ascending */
	/* count * cell_w * cell_h coverage bytes per face, glyph by glyph */
	const uint8_t *faces[TERM_FACES];
};

/* The coverage of cp (cell_w * cell_h bytes, row by row) or NULL. */
const uint8_t *term_font_glyph(const struct term_font *f,
			       enum term_font_face face, uint32_t cp);

/* Colours for cells whose colour is TERM_COLOUR_DEFAULT. */
struct term_palette {
	uint32_t fg, bg; /* 0xAARRGGBB */
};

/*
 * Paint cell c at dst (its top-left pixel; rows stride pixels apart):
 * cell_w x cell_h pixels.  cursor draws it as the block cursor (colours
 * swapped once more).  A code point the font lacks shows as U+FFFD (or
 * '?' if that is missing too); 0 and ' ' draw no glyph.
 */
void term_paint_cell(uint32_t *dst, size_t stride, const struct term_font *f,
		     const struct term_palette *pal, const struct term_cell *c,
		     bool cursor);

/* fg over bg at coverage cov (0-255), opaque. */
uint32_t term_paint_mix(uint32_t fg, uint32_t bg, unsigned cov);

#endif /* _LIB_TERM_PAINT_H */
