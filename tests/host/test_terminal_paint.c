// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for lib/term_paint.c: glyph lookup in a pre-rasterised font and
 * cells painted as pixels (colours, anti-aliasing, bold, dim, inverse,
 * the cursor, underline, strike, missing glyphs), with a 3 x 4 font of
 * three glyphs.
 */
#include <criterion/criterion.h>
#include <lib/term_paint.h>

#define CW  3
#define CH  4
#define FG  0xff102030u
#define BG  0xff000000u
#define RED 0xffcd3131u /* the named Red */

/* Glyphs 'A', 'B', U+FFFD: one row of coverage 0, 255, 128 on row 1. */
static const uint32_t codes[] = { 'A', 'B', 0xfffd };
/* clang-format off */
static const uint8_t regular[3 * CW * CH] = {
	/* A */ 0, 0, 0, 0, 255, 128, 0, 0, 0, 0, 0, 0,
	/* B */ 0, 0, 0, 255, 255, 255, 0, 0, 0, 0, 0, 0,
	/* FFFD */ 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};
static const uint8_t bold[3 * CW * CH] = {
	/* A */ 0, 0, 0, 255, 255, 255, 0, 0, 0, 0, 0, 0,
	/* B */ 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255,
	/* FFFD */ 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};
/* clang-format on */
static const struct term_font font = {
	.cell_w = CW,
	.cell_h = CH,
	.baseline = 1,
	.count = 3,
	.codes = codes,
	.faces = { regular, bold },
};
static const struct term_palette pal = { FG, BG };

/* A 5-pixel-wide target, the cell at (1, 0): column 0 and 4 untouched. */
#define STRIDE 5
static uint32_t px[CH * STRIDE];

static void paint(uint32_t ch, term_colour_t fg, term_colour_t bg,
		  uint8_t flags, bool cursor)
{
	struct term_cell c = { ch, { fg, bg, flags } };
	unsigned i;

	for (i = 0; i < CH * STRIDE; i++)
		px[i] = 0x12345678u;
	term_paint_cell(px + 1, STRIDE, &font, &pal, &c, cursor);
}

static uint32_t at(unsigned x, unsigned y)
{
	return px[y * STRIDE + 1 + x];
}

static void untouched(void)
{
	unsigned y;

	for (y = 0; y < CH; y++) {
		cr_assert_eq(px[y * STRIDE], 0x12345678u);
		cr_assert_eq(px[y * STRIDE + 4], 0x12345678u);
	}
}

Test(term_paint, lookup)
{
	cr_assert_eq(term_font_glyph(&font, TERM_FACE_REGULAR, 'A'), regular);
	cr_assert_eq(term_font_glyph(&font, TERM_FACE_BOLD, 'B'),
		     bold + CW * CH);
	cr_assert_eq(term_font_glyph(&font, TERM_FACE_REGULAR, 0xfffd),
		     regular + 2 * CW * CH);
	cr_assert_null(term_font_glyph(&font, TERM_FACE_REGULAR, 'C'));
	cr_assert_null(term_font_glyph(&font, TERM_FACE_REGULAR, 0));
	cr_assert_null(term_font_glyph(&font, TERM_FACES, 'A'));
}

Test(term_paint, mix)
{
	cr_assert_eq(term_paint_mix(0xffffffffu, 0xff000000u, 0), 0xff000000u);
	cr_assert_eq(term_paint_mix(0xffffffffu, 0xff000000u, 255),
		     0xffffffffu);
	/* (255 * 128 + 0) / 255 = 128; (0x10*128 + 0x40*127) / 255 = 39 */
	cr_assert_eq(term_paint_mix(0xffffffffu, 0xff000000u, 128),
		     0xff808080u);
	cr_assert_eq(term_paint_mix(0xff101010u, 0xff404040u, 128),
		     0xff272727u);
	/* Alpha is always opaque. */
	cr_assert_eq(term_paint_mix(0x00ffffffu, 0x00000000u, 255),
		     0xffffffffu);
}

Test(term_paint, blank_cells_are_background)
{
	unsigned x, y;

	paint(0, TERM_COLOUR_DEFAULT, TERM_COLOUR_DEFAULT, 0, false);
	for (y = 0; y < CH; y++)
		for (x = 0; x < CW; x++)
			cr_assert_eq(at(x, y), BG);
	untouched();
	paint(' ', TERM_COLOUR_DEFAULT, term_colour_index(1), 0, false);
	for (y = 0; y < CH; y++)
		for (x = 0; x < CW; x++)
			cr_assert_eq(at(x, y), RED);
}

Test(term_paint, glyph_coverage)
{
	paint('A', TERM_COLOUR_DEFAULT, TERM_COLOUR_DEFAULT, 0, false);
	cr_assert_eq(at(0, 0), BG);
	cr_assert_eq(at(0, 1), BG);
	cr_assert_eq(at(1, 1), FG);
	cr_assert_eq(at(2, 1), term_paint_mix(FG, BG, 128));
	cr_assert_eq(at(2, 3), BG);
	untouched();
}

Test(term_paint, colours_from_attributes)
{
	paint('A', term_colour_rgb(255, 255, 255), term_colour_index(1), 0,
	      false);
	cr_assert_eq(at(1, 1), 0xffffffffu);
	cr_assert_eq(at(0, 0), RED);
	cr_assert_eq(at(2, 1), term_paint_mix(0xffffffffu, RED, 128));
}

Test(term_paint, bold_uses_the_bold_face)
{
	paint('B', TERM_COLOUR_DEFAULT, TERM_COLOUR_DEFAULT, TERM_ATTR_BOLD,
	      false);
	cr_assert_eq(at(0, 1), BG);
	cr_assert_eq(at(2, 3), FG);
}

Test(term_paint, dim_halves_the_foreground)
{
	paint('B', TERM_COLOUR_DEFAULT, TERM_COLOUR_DEFAULT, TERM_ATTR_DIM,
	      false);
	cr_assert_eq(at(0, 1), term_paint_mix(FG, BG, 128));
}

Test(term_paint, inverse_and_cursor_swap)
{
	paint('B', TERM_COLOUR_DEFAULT, TERM_COLOUR_DEFAULT, TERM_ATTR_INVERSE,
	      false);
	cr_assert_eq(at(0, 0), FG);
	cr_assert_eq(at(0, 1), BG);
	paint('B', TERM_COLOUR_DEFAULT, TERM_COLOUR_DEFAULT, 0, true);
	cr_assert_eq(at(0, 0), FG);
	cr_assert_eq(at(0, 1), BG);
	/* The cursor on an inverse cell shows it plain. */
	paint('B', TERM_COLOUR_DEFAULT, TERM_COLOUR_DEFAULT, TERM_ATTR_INVERSE,
	      true);
	cr_assert_eq(at(0, 0), BG);
	cr_assert_eq(at(0, 1), FG);
	/* A blank cell under the cursor is a block. */
	paint(0, TERM_COLOUR_DEFAULT, TERM_COLOUR_DEFAULT, 0, true);
	cr_assert_eq(at(1, 2), FG);
	untouched();
}

Test(term_paint, underline_and_strike)
{
	/* Underline: baseline + 2 = row 3. */
	paint(0, TERM_COLOUR_DEFAULT, TERM_COLOUR_DEFAULT, TERM_ATTR_UNDERLINE,
	      false);
	cr_assert_eq(at(0, 3), FG);
	cr_assert_eq(at(2, 3), FG);
	cr_assert_eq(at(0, 2), BG);
	/* Strike: baseline - 30 % of the height = row 0. */
	paint(0, TERM_COLOUR_DEFAULT, TERM_COLOUR_DEFAULT, TERM_ATTR_STRIKE,
	      false);
	cr_assert_eq(at(1, 0), FG);
	cr_assert_eq(at(1, 1), BG);
}

Test(term_paint, missing_glyphs_show_the_replacement)
{
	paint('Z', TERM_COLOUR_DEFAULT, TERM_COLOUR_DEFAULT, 0, false);
	cr_assert_eq(at(0, 0), FG);
	cr_assert_eq(at(1, 1), BG);
	paint(0x4e2d, TERM_COLOUR_DEFAULT, TERM_COLOUR_DEFAULT, TERM_ATTR_BOLD,
	      false);
	cr_assert_eq(at(2, 0), FG);
}

Test(term_paint, italic_slants_rows_about_the_baseline)
{
	/* Row 0 is one row above the baseline: moved right by 51/256 px. */
	unsigned left = 255 * (256 - TERM_ITALIC_SLANT) / 256;
	unsigned right = 255 * TERM_ITALIC_SLANT / 256;

	paint('Z', TERM_COLOUR_DEFAULT, TERM_COLOUR_DEFAULT, TERM_ATTR_ITALIC,
	      false);
	cr_assert_eq(left, 204);
	cr_assert_eq(at(0, 0), term_paint_mix(FG, BG, left));
	cr_assert_eq(at(1, 0), term_paint_mix(FG, BG, right));
	cr_assert_eq(at(2, 0), BG);
	untouched();
	/* The baseline row stays where it is. */
	paint('A', TERM_COLOUR_DEFAULT, TERM_COLOUR_DEFAULT, TERM_ATTR_ITALIC,
	      false);
	cr_assert_eq(at(0, 1), BG);
	cr_assert_eq(at(1, 1), FG);
	cr_assert_eq(at(2, 1), term_paint_mix(FG, BG, 128));
	/* Bold italic slants the bold face: row 3 (two below) moves left. */
	paint('B', TERM_COLOUR_DEFAULT, TERM_COLOUR_DEFAULT,
	      TERM_ATTR_BOLD | TERM_ATTR_ITALIC, false);
	cr_assert_eq(at(2, 3),
		     term_paint_mix(FG, BG, 255 * (256 - 2 * TERM_ITALIC_SLANT) / 256));
	cr_assert_eq(at(1, 3),
		     term_paint_mix(FG, BG, 255 * 2 * TERM_ITALIC_SLANT / 256));
	untouched();
}
