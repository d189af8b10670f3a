// SPDX-License-Identifier: GPL-2.0
/*
 * Terminal cells as pixels (include/lib/term_paint.h).
 */
#include <lib/term_paint.h>

const uint8_t *term_font_glyph(const struct term_font *f,
			       enum term_font_face face, uint32_t cp)
{
	unsigned lo = 0, hi = f->count;

	if (face >= TERM_FACES || !f->faces[face])
		return NULL;
	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;

		if (f->codes[mid] == cp)
			return f->faces[face] +
			       (size_t)mid * f->cell_w * f->cell_h;
		if (f->codes[mid] < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

uint32_t term_paint_mix(uint32_t fg, uint32_t bg, unsigned cov)
{
	uint32_t out = 0xff000000u;
	unsigned shift;

	if (cov >= 255)
		return fg | 0xff000000u;
	if (!cov)
		return bg | 0xff000000u;
	for (shift = 0; shift < 24; shift += 8) {
		uint32_t a = fg >> shift & 0xff, b = bg >> shift & 0xff;

		out |= ((a * cov + b * (255 - cov)) / 255) << shift;
	}
	return out;
}

static const uint8_t *cell_glyph(const struct term_font *f,
				 enum term_font_face face, uint32_t cp)
{
	const uint8_t *g;

	if (!cp || cp == ' ')
		return NULL;
	g = term_font_glyph(f, face, cp);
	if (!g)
		g = term_font_glyph(f, face, 0xfffd);
	if (!g)
		g = term_font_glyph(f, face, '?');
	return g;
}

/*
 * Coverage at column x of a glyph row moved right by sh/256 px (sh < 0:
 * left), sampled linearly between the two source columns it falls on.
 */
static unsigned slanted(const uint8_t *row, unsigned w, unsigned x, int sh)
{
	/* Source position in 1/256 px, offset to stay non-negative. */
	int pos = (int)x * 256 - sh + 256 * 256;
	int i = pos / 256 - 256, frac = pos % 256;
	unsigned c0 = i >= 0 && i < (int)w ? row[i] : 0;
	unsigned c1 = i + 1 >= 0 && i + 1 < (int)w ? row[i + 1] : 0;

	return (c0 * (unsigned)(256 - frac) + c1 * (unsigned)frac) / 256;
}

void term_paint_cell(uint32_t *dst, size_t stride, const struct term_font *f,
		     const struct term_palette *pal, const struct term_cell *c,
		     bool cursor)
{
	const struct term_attr *a = &c->attr;
	uint32_t fg = term_colour_argb(a->fg, pal->fg) | 0xff000000u;
	uint32_t bg = term_colour_argb(a->bg, pal->bg) | 0xff000000u;
	const uint8_t *g;
	unsigned x, y, line_under, line_strike;
	uint32_t t;

	if (a->flags & TERM_ATTR_DIM)
		fg = term_paint_mix(fg, bg, 128);
	if (!(a->flags & TERM_ATTR_INVERSE) != !cursor) {
		t = fg;
		fg = bg;
		bg = t;
	}
	g = cell_glyph(f,
		       a->flags & TERM_ATTR_BOLD ? TERM_FACE_BOLD :
						   TERM_FACE_REGULAR,
		       c->ch);
	line_under = a->flags & TERM_ATTR_UNDERLINE ? f->baseline + 2 : ~0u;
	line_strike = a->flags & TERM_ATTR_STRIKE ?
			      f->baseline - (f->cell_h * 3) / 10 :
			      ~0u;
	for (y = 0; y < f->cell_h; y++, dst += stride) {
		if (y == line_under || y == line_strike) {
			for (x = 0; x < f->cell_w; x++)
				dst[x] = fg;
			continue;
		}
		if (!g) {
			for (x = 0; x < f->cell_w; x++)
				dst[x] = bg;
			continue;
		}
		for (x = 0; x < f->cell_w; x++) {
			const uint8_t *row = g + y * f->cell_w;
			unsigned cov = a->flags & TERM_ATTR_ITALIC ?
					       slanted(row, f->cell_w, x,
						       ((int)f->baseline - (int)y) *
							       TERM_ITALIC_SLANT) :
					       row[x];

			dst[x] = cov ? term_paint_mix(fg, bg, cov) : bg;
		}
	}
}
