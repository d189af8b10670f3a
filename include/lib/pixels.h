/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ARGB8888 pixel rows and screen rectangles: the arithmetic of the
 * surfaces and the compositor (graphics.md 1, 4, 6), kept pure so that the
 * host tests check it exhaustively and a later GPU backend can replace
 * the whole module.
 *
 * A pixel is 0xAARRGGBB stored little-endian (bytes B, G, R, A), straight
 * (not premultiplied) alpha.  Row routines work on n consecutive pixels;
 * callers split rows where the memory is not contiguous.  They use only
 * integer arithmetic (no FPU: the kernel is built without it) and handle
 * two pixels per 64-bit word where the pointers allow.
 */
#ifndef _LIB_PIXELS_H
#define _LIB_PIXELS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PIXEL_ALPHA(p)		((uint32_t)(p) >> 24)
#define PIXEL_RGBA(r, g, b, a)						\
	(((uint32_t)(a) << 24) | ((uint32_t)(r) << 16) |		\
	 ((uint32_t)(g) << 8) | (uint32_t)(b))

/* The desktop colour (graphics.md 1): R 46, G 52, B 64, opaque. */
#define DESKTOP_COLOUR		0xff2e3440u

/* dst[0 .. n) = colour, alpha byte included (graphics.md 4.2). */
void pixels_fill(uint32_t *dst, uint32_t colour, size_t n);

/* dst[0 .. n) = src[0 .. n); the ranges do not overlap. */
void pixels_copy(uint32_t *dst, const uint32_t *src, size_t n);

/*
 * Blend onto an opaque target, the framebuffer (graphics.md 4.3) and the
 * compositor (6.3): per source pixel of alpha a, a = 0 leaves dst,
 * a = 255 copies src, otherwise each of B, G, R becomes
 * (src * a + dst * (255 - a)) / 255, truncating, and the alpha byte 255.
 */
void pixels_blend(uint32_t *dst, const uint32_t *src, size_t n);

/*
 * Blend into a window's pixel store (graphics.md 4.8): as pixels_blend for
 * B, G, R, but the alpha byte becomes a + da * (255 - a) / 255, da being
 * the store pixel's alpha.
 */
void pixels_blend_store(uint32_t *dst, const uint32_t *src, size_t n);

/* One pixel of each formula (the row routines inline the same code). */
uint32_t pixel_blend(uint32_t dst, uint32_t src);
uint32_t pixel_blend_store(uint32_t dst, uint32_t src);

/*
 * Screen rectangles with exclusive 64-bit ends, so that unsigned 32-bit
 * positions plus sizes (windows may lie anywhere, graphics.md 4.7) never
 * overflow.  Empty when x1 <= x0 or y1 <= y0.
 */
struct pix_rect {
	uint64_t x0, y0, x1, y1;
};

static inline struct pix_rect pix_rect_make(uint32_t x, uint32_t y,
					    uint32_t w, uint32_t h)
{
	struct pix_rect r = { x, y, (uint64_t)x + w, (uint64_t)y + h };

	return r;
}

static inline bool pix_rect_empty(const struct pix_rect *r)
{
	return r->x1 <= r->x0 || r->y1 <= r->y0;
}

/* Open interiors overlap (graphics.md 6.2); empty rectangles never do. */
bool pix_rect_intersects(const struct pix_rect *a, const struct pix_rect *b);
/* Share an edge with overlapping extents (graphics.md 6.2). */
bool pix_rect_adjacent(const struct pix_rect *a, const struct pix_rect *b);
/* a ∩ b; false (and *out empty) when they do not intersect. */
bool pix_rect_intersect(const struct pix_rect *a, const struct pix_rect *b,
			struct pix_rect *out);
/* The bounding box of a and b. */
struct pix_rect pix_rect_union(const struct pix_rect *a,
			       const struct pix_rect *b);

/*
 * The compositor's dirty region list (graphics.md 6.2).  Adding r merges
 * it into the first entry that intersects or is adjacent to it (the
 * grown entry is not re-checked), else appends it.  Empty rectangles are
 * dropped: merging one never changes what is repainted.  A full list
 * merges r into its last entry instead, which repaints more than asked
 * but never less.
 */
#define DIRTY_MAX	64

struct dirty_list {
	unsigned int n;
	struct pix_rect r[DIRTY_MAX];
};

void dirty_add(struct dirty_list *l, const struct pix_rect *r);

#endif /* _LIB_PIXELS_H */
