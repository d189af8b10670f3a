// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for lib/pixels.c: the blend formulas of graphics.md 4.3, 4.8 and
 * 6.3 against a plain reference (every channel, destination and alpha
 * value), the double blend of the alpha test (6.4), rows at every
 * alignment and length, and the dirty-region rules of 6.2.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <lib/pixels.h>

/* The spec's formulas, written the obvious way. */
static uint32_t ref_blend(uint32_t d, uint32_t s)
{
	uint32_t a = s >> 24, out = 0xff000000u, sh;

	if (a == 0)
		return d;
	if (a == 255)
		return s;
	for (sh = 0; sh < 24; sh += 8) {
		uint32_t sc = (s >> sh) & 0xff, dc = (d >> sh) & 0xff;

		out |= ((sc * a + dc * (255 - a)) / 255) << sh;
	}
	return out;
}

static uint32_t ref_blend_store(uint32_t d, uint32_t s)
{
	uint32_t a = s >> 24, da = d >> 24;

	if (a == 0 || a == 255)
		return a ? s : d;
	return (ref_blend(d, s) & 0x00ffffffu) |
	       ((a + da * (255 - a) / 255) << 24);
}

static uint32_t rnd32(void)
{
	return (uint32_t)random() << 16 ^ (uint32_t)random();
}

/*
 * Every (alpha, source value, destination value) in every channel: the
 * three channels carry rotated copies of s and d, so each sees all
 * combinations; the destination alpha varies too.
 */
static uint32_t rot3(unsigned int v)
{
	return (v & 0xff) | ((v + 85) & 0xff) << 8 | ((v + 170) & 0xff) << 16;
}

Test(pixels, blend_exhaustive)
{
	static uint32_t dst[256], dst2[256], src[256], want[256], want_st[256];
	unsigned int a, s, d;

	for (a = 0; a < 256; a++) {
		for (s = 0; s < 256; s++) {
			for (d = 0; d < 256; d++) {
				src[d] = a << 24 | rot3(s);
				dst[d] = dst2[d] = (255 - d) << 24 | rot3(d);
				want[d] = ref_blend(dst[d], src[d]);
				want_st[d] = ref_blend_store(dst[d], src[d]);
				if (pixel_blend(dst[d], src[d]) != want[d] ||
				    pixel_blend_store(dst[d], src[d]) != want_st[d])
					cr_assert_fail("pixel: a %u s %u d %u", a, s, d);
			}
			pixels_blend(dst, src, 256);
			pixels_blend_store(dst2, src, 256);
			for (d = 0; d < 256; d++)
				if (dst[d] != want[d] || dst2[d] != want_st[d])
					cr_assert_fail("a %u s %u d %u: blend 0x%08x want 0x%08x, store 0x%08x want 0x%08x",
						 a, s, d, dst[d], want[d], dst2[d],
						 want_st[d]);
		}
	}
}

/* Rows of every length and alignment, random pixels and alphas. */
Test(pixels, rows_all_alignments)
{
	static uint32_t sbuf[80], dbuf[80], copy[80], want[80];
	unsigned int so, doff, n, i, round;

	srandom(1);
	for (round = 0; round < 4; round++)
		for (so = 0; so < 3; so++)
			for (doff = 0; doff < 3; doff++)
				for (n = 0; n <= 64; n++) {
					for (i = 0; i < 80; i++) {
						uint32_t p = rnd32();
						unsigned int k = random() % 4;

						/* Runs of opaque and clear pixels. */
						if (k == 0)
							p |= 0xff000000u;
						else if (k == 1)
							p &= 0x00ffffffu;
						sbuf[i] = p;
						dbuf[i] = copy[i] = rnd32();
					}
					for (i = 0; i < 80; i++)
						want[i] = (i >= doff && i < doff + n) ?
							  ref_blend(copy[i], sbuf[so + i - doff]) :
							  copy[i];
					pixels_blend(dbuf + doff, sbuf + so, n);
					cr_assert_arr_eq(dbuf, want, sizeof(want),
							 "blend so %u do %u n %u", so, doff, n);

					for (i = 0; i < 80; i++) {
						dbuf[i] = copy[i];
						want[i] = (i >= doff && i < doff + n) ?
							  ref_blend_store(copy[i], sbuf[so + i - doff]) :
							  copy[i];
					}
					pixels_blend_store(dbuf + doff, sbuf + so, n);
					cr_assert_arr_eq(dbuf, want, sizeof(want),
							 "store so %u do %u n %u", so, doff, n);

					for (i = 0; i < 80; i++) {
						dbuf[i] = copy[i];
						want[i] = (i >= doff && i < doff + n) ?
							  sbuf[so + i - doff] : copy[i];
					}
					pixels_copy(dbuf + doff, sbuf + so, n);
					cr_assert_arr_eq(dbuf, want, sizeof(want),
							 "copy so %u do %u n %u", so, doff, n);

					for (i = 0; i < 80; i++) {
						dbuf[i] = copy[i];
						want[i] = (i >= doff && i < doff + n) ?
							  0x12345678u : copy[i];
					}
					pixels_fill(dbuf + doff, 0x12345678u, n);
					cr_assert_arr_eq(dbuf, want, sizeof(want),
							 "fill do %u n %u", doff, n);
				}
}

static uint32_t rgb(uint32_t p)
{
	return p & 0x00ffffffu;
}

/*
 * graphics.md 6.4: a colour at alpha 153 blitted into a fresh (zero)
 * window store, then composited over the desktop and over each other.
 */
Test(pixels, alpha_test_double_blend)
{
	uint32_t red = 0, green = 0, blue = 0, px;

	red = pixel_blend_store(red, PIXEL_RGBA(255, 0, 0, 153));
	green = pixel_blend_store(green, PIXEL_RGBA(0, 255, 0, 153));
	blue = pixel_blend_store(blue, PIXEL_RGBA(0, 0, 255, 153));
	cr_assert_eq(red, PIXEL_RGBA(153, 0, 0, 153));

	cr_assert_eq(rgb(pixel_blend(DESKTOP_COLOUR, red)), 0x6e1419);   /* 110,20,25 */
	cr_assert_eq(rgb(pixel_blend(DESKTOP_COLOUR, green)), 0x127019); /* 18,112,25 */
	cr_assert_eq(rgb(pixel_blend(DESKTOP_COLOUR, blue)), 0x121475);  /* 18,20,117 */
	px = pixel_blend(pixel_blend(DESKTOP_COLOUR, red), green);
	cr_assert_eq(rgb(px), PIXEL_RGBA(44, 99, 10, 0));
	px = pixel_blend(pixel_blend(DESKTOP_COLOUR, red), blue);
	cr_assert_eq(rgb(px), PIXEL_RGBA(44, 8, 101, 0));
	px = pixel_blend(pixel_blend(DESKTOP_COLOUR, green), blue);
	cr_assert_eq(rgb(px), PIXEL_RGBA(7, 44, 101, 0));
	px = pixel_blend(pixel_blend(pixel_blend(DESKTOP_COLOUR, red), green),
			 blue);
	cr_assert_eq(rgb(px), PIXEL_RGBA(17, 39, 95, 0));
	cr_assert_eq(PIXEL_ALPHA(px), 255);
}

Test(pixels, blend_edge_alphas)
{
	cr_assert_eq(pixel_blend(0x11223344u, 0x00ffffffu), 0x11223344u);
	cr_assert_eq(pixel_blend(0x11223344u, 0xffabcdefu), 0xffabcdefu);
	cr_assert_eq(pixel_blend_store(0x11223344u, 0x00ffffffu), 0x11223344u);
	cr_assert_eq(pixel_blend_store(0x11223344u, 0xffabcdefu), 0xffabcdefu);
	/* Store alpha: a + da * (255 - a) / 255, truncating. */
	cr_assert_eq(PIXEL_ALPHA(pixel_blend_store(0x80000000u, 0x80000000u)),
		     128 + 128 * 127 / 255);
	cr_assert_eq(PIXEL_ALPHA(pixel_blend_store(0xff000000u, 0x01ffffffu)),
		     255);
}

#define R(x, y, w, h) pix_rect_make(x, y, w, h)
/* A pointer to a compound literal rectangle. */
#define RP(x, y, w, h)							\
	(&(struct pix_rect){ (x), (y), (uint64_t)(x) + (w),		\
			     (uint64_t)(y) + (h) })

Test(pixels, rect_relations)
{
	struct pix_rect a = R(0, 0, 10, 10), out;

	cr_assert(pix_rect_intersects(&a, RP(5, 5, 10, 10)));
	cr_assert_not(pix_rect_intersects(&a, RP(10, 0, 5, 5)));
	cr_assert(pix_rect_adjacent(&a, RP(10, 0, 5, 5)));
	cr_assert(pix_rect_adjacent(&a, RP(0, 10, 5, 5)));
	cr_assert(pix_rect_adjacent(RP(0, 10, 5, 5), &a));
	/* Corner contact only: neither. */
	cr_assert_not(pix_rect_adjacent(&a, RP(10, 10, 5, 5)));
	cr_assert_not(pix_rect_intersects(&a, RP(10, 10, 5, 5)));
	/* Empty rectangles intersect nothing. */
	cr_assert_not(pix_rect_intersects(&a, RP(2, 2, 0, 3)));
	/* No 32-bit overflow: the end is 2^32 + something. */
	a = R(0xfffffff0u, 0xfffffff0u, 0x100, 0x100);
	cr_assert(pix_rect_intersects(&a, RP(0xffffffffu, 0xffffffffu, 1, 1)));
	cr_assert_not(pix_rect_intersects(&a, RP(0, 0, 0xfffffff0u, 0xfffffff0u)));
	cr_assert(pix_rect_intersect(RP(100, 50, 400, 400),
				     RP(0, 0, 1280, 300), &out));
	cr_assert(out.x0 == 100 && out.y0 == 50 && out.x1 == 500 && out.y1 == 300);
	cr_assert_not(pix_rect_intersect(RP(1280, 0, 10, 10),
					 RP(0, 0, 1280, 800), &out));
	cr_assert(pix_rect_empty(&out));
}

Test(pixels, dirty_list_rules)
{
	struct dirty_list l = { 0 };

	dirty_add(&l, RP(0, 0, 10, 10));
	dirty_add(&l, RP(100, 100, 10, 10));
	cr_assert_eq(l.n, 2);
	/* Adjacent to the first: merged into it, in place. */
	dirty_add(&l, RP(10, 0, 10, 10));
	cr_assert_eq(l.n, 2);
	cr_assert(l.r[0].x0 == 0 && l.r[0].x1 == 20 && l.r[0].y1 == 10);
	/*
	 * Bridges both: merged into the first only, which is not re-checked
	 * against the second (graphics.md 6.2).
	 */
	dirty_add(&l, RP(5, 5, 100, 100));
	cr_assert_eq(l.n, 2);
	cr_assert(l.r[0].x1 == 105 && l.r[0].y1 == 105);
	cr_assert(l.r[1].x0 == 100 && l.r[1].x1 == 110);
	/* Empty: nothing. */
	dirty_add(&l, RP(500, 500, 0, 7));
	cr_assert_eq(l.n, 2);
}

Test(pixels, dirty_list_full)
{
	struct dirty_list l = { 0 };
	unsigned int i;

	for (i = 0; i < DIRTY_MAX + 5; i++)
		dirty_add(&l, RP(i * 100, 0, 10, 10));
	cr_assert_eq(l.n, DIRTY_MAX);
	/* The overflow went into the last entry. */
	cr_assert_eq(l.r[DIRTY_MAX - 1].x0, (DIRTY_MAX - 1) * 100);
	cr_assert_eq(l.r[DIRTY_MAX - 1].x1, (DIRTY_MAX + 4) * 100 + 10);
}
