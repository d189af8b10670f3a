// SPDX-License-Identifier: GPL-2.0
/*
 * Pixel rows and screen rectangles (include/lib/pixels.h, graphics.md 4
 * and 6).  Shared by the kernel's surfaces and compositor and the host
 * tests.
 *
 * Blending works on the three colour channels at once: a pixel is spread
 * into four 16-bit lanes of a 64-bit word (B, R, G, A), so one multiply
 * scales all of them.  Every lane holds at most 255 * 255 = 65025, and
 * x / 255 == (x + 1 + (x >> 8)) >> 8 for every x <= 65534, so the
 * division is exact and lane-local.  Rows go two pixels per 64-bit word
 * where both pointers are 8-byte aligned (an opaque pair is one store).
 */
#include <lib/pixels.h>

/* Keep GCC from turning the loops below into memcpy/memset calls. */
#if defined(__GNUC__) && !defined(__clang__)
#define __no_libcall __attribute__((optimize("no-tree-loop-distribute-patterns")))
#else
#define __no_libcall
#endif

/* Pixel pairs: the rows are uint32_t arrays read as 64-bit words. */
typedef uint64_t __attribute__((may_alias)) u64a;

#define LANES_LO	0x00ff00ff00ff00ffull
#define LANES_ONE	0x0001000100010001ull
#define OPAQUE_PAIR	0xff000000ff000000ull

/* 0xAARRGGBB -> lanes B (bits 0-15), R (16-31), G (32-47), A (48-63). */
static inline uint64_t spread(uint32_t p)
{
	return (p & 0x00ff00ffu) | ((uint64_t)(p & 0xff00ff00u) << 24);
}

static inline uint32_t gather(uint64_t x)
{
	return (uint32_t)(x & 0x00ff00ffu) | (uint32_t)((x >> 24) & 0xff00ff00u);
}

static inline uint64_t div255_lanes(uint64_t x)
{
	return ((x + LANES_ONE + ((x >> 8) & LANES_LO)) >> 8) & LANES_LO;
}

static inline uint32_t div255(uint32_t x)
{
	return (x + 1 + (x >> 8)) >> 8;
}

/* B, G, R of the blend for 0 < a < 255 (alpha byte undefined). */
static inline uint32_t mix(uint32_t d, uint32_t s, uint32_t a)
{
	return gather(div255_lanes(spread(s) * a + spread(d) * (255 - a)));
}

static inline uint32_t blend_one(uint32_t d, uint32_t s)
{
	uint32_t a = s >> 24;

	if (a == 255)
		return s;
	if (a == 0)
		return d;
	return (mix(d, s, a) & 0x00ffffffu) | 0xff000000u;
}

static inline uint32_t blend_store_one(uint32_t d, uint32_t s)
{
	uint32_t a = s >> 24;

	if (a == 255)
		return s;
	if (a == 0)
		return d;
	return (mix(d, s, a) & 0x00ffffffu) |
	       ((a + div255((d >> 24) * (255 - a))) << 24);
}

uint32_t pixel_blend(uint32_t dst, uint32_t src)
{
	return blend_one(dst, src);
}

uint32_t pixel_blend_store(uint32_t dst, uint32_t src)
{
	return blend_store_one(dst, src);
}

static inline bool aligned8(const void *p)
{
	return !((uintptr_t)p & 7);
}

__no_libcall
void pixels_fill(uint32_t *dst, uint32_t colour, size_t n)
{
	uint64_t pair = (uint64_t)colour << 32 | colour;
	u64a *d;

	if (n && !aligned8(dst)) {
		*dst++ = colour;
		n--;
	}
	d = (u64a *)dst;
	for (; n >= 8; n -= 8, d += 4) {
		d[0] = pair;
		d[1] = pair;
		d[2] = pair;
		d[3] = pair;
	}
	for (; n >= 2; n -= 2)
		*d++ = pair;
	if (n)
		*(uint32_t *)d = colour;
}

__no_libcall
void pixels_copy(uint32_t *dst, const uint32_t *src, size_t n)
{
	if (n && !aligned8(dst)) {
		*dst++ = *src++;
		n--;
	}
	if (aligned8(src)) {
		u64a *d = (u64a *)dst;
		const u64a *s = (const u64a *)src;

		for (; n >= 8; n -= 8, d += 4, s += 4) {
			uint64_t a = s[0], b = s[1], c = s[2], e = s[3];

			d[0] = a;
			d[1] = b;
			d[2] = c;
			d[3] = e;
		}
		for (; n >= 2; n -= 2)
			*d++ = *s++;
		dst = (uint32_t *)d;
		src = (const uint32_t *)s;
	}
	while (n--)
		*dst++ = *src++;
}

/*
 * A row blended with one(d, s) per pixel.  Always inlined with a constant
 * one, so each caller gets its own loop with one() inlined as well.
 */
static __attribute__((always_inline)) inline void
blend_row(uint32_t *dst, const uint32_t *src, size_t n,
	  uint32_t (*one)(uint32_t d, uint32_t s))
{
	if (n && !aligned8(dst)) {
		*dst = one(*dst, *src);
		dst++;
		src++;
		n--;
	}
	if (aligned8(src)) {
		u64a *d = (u64a *)dst;
		const u64a *s = (const u64a *)src;

		for (; n >= 2; n -= 2, d++, s++) {
			uint64_t sp = *s, dp;

			if ((sp & OPAQUE_PAIR) == OPAQUE_PAIR) {
				*d = sp;
				continue;
			}
			if (!(sp & OPAQUE_PAIR))
				continue;	/* both transparent */
			dp = *d;
			*d = one((uint32_t)dp, (uint32_t)sp) |
			     (uint64_t)one((uint32_t)(dp >> 32),
					   (uint32_t)(sp >> 32)) << 32;
		}
		dst = (uint32_t *)d;
		src = (const uint32_t *)s;
	}
	for (; n; n--, dst++, src++)
		*dst = one(*dst, *src);
}

__no_libcall
void pixels_blend(uint32_t *dst, const uint32_t *src, size_t n)
{
	blend_row(dst, src, n, blend_one);
}

__no_libcall
void pixels_blend_store(uint32_t *dst, const uint32_t *src, size_t n)
{
	blend_row(dst, src, n, blend_store_one);
}

/* ---------------------------------------------------------------- rects */

bool pix_rect_intersects(const struct pix_rect *a, const struct pix_rect *b)
{
	if (pix_rect_empty(a) || pix_rect_empty(b))
		return false;
	return !(a->x0 >= b->x1 || a->x1 <= b->x0 || a->y0 >= b->y1 ||
		 a->y1 <= b->y0);
}

bool pix_rect_adjacent(const struct pix_rect *a, const struct pix_rect *b)
{
	bool v_overlap = !(a->y0 >= b->y1) && !(b->y0 >= a->y1);
	bool h_overlap = !(a->x0 >= b->x1) && !(b->x0 >= a->x1);

	if ((a->x1 == b->x0 || b->x1 == a->x0) && v_overlap)
		return true;
	return (a->y1 == b->y0 || b->y1 == a->y0) && h_overlap;
}

bool pix_rect_intersect(const struct pix_rect *a, const struct pix_rect *b,
			struct pix_rect *out)
{
	out->x0 = a->x0 > b->x0 ? a->x0 : b->x0;
	out->y0 = a->y0 > b->y0 ? a->y0 : b->y0;
	out->x1 = a->x1 < b->x1 ? a->x1 : b->x1;
	out->y1 = a->y1 < b->y1 ? a->y1 : b->y1;
	if (pix_rect_empty(a) || pix_rect_empty(b) || pix_rect_empty(out)) {
		*out = (struct pix_rect){ 0, 0, 0, 0 };
		return false;
	}
	return true;
}

struct pix_rect pix_rect_union(const struct pix_rect *a,
			       const struct pix_rect *b)
{
	struct pix_rect r;

	r.x0 = a->x0 < b->x0 ? a->x0 : b->x0;
	r.y0 = a->y0 < b->y0 ? a->y0 : b->y0;
	r.x1 = a->x1 > b->x1 ? a->x1 : b->x1;
	r.y1 = a->y1 > b->y1 ? a->y1 : b->y1;
	return r;
}

void dirty_add(struct dirty_list *l, const struct pix_rect *r)
{
	unsigned int i;

	if (pix_rect_empty(r))
		return;
	for (i = 0; i < l->n; i++) {
		if (pix_rect_intersects(&l->r[i], r) ||
		    pix_rect_adjacent(&l->r[i], r)) {
			l->r[i] = pix_rect_union(&l->r[i], r);
			return;
		}
	}
	if (l->n < DIRTY_MAX)
		l->r[l->n++] = *r;
	else
		l->r[DIRTY_MAX - 1] = pix_rect_union(&l->r[DIRTY_MAX - 1], r);
}
