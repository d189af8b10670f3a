// SPDX-License-Identifier: GPL-2.0
/* Tests for lib/umalloc.c, driven by a break inside a host arena. */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <lib/string.h>
#include <lib/umalloc.h>

#define ARENA_SIZE	(64ul << 20)

struct arena {
	unsigned char *mem;
	size_t size;
	size_t brk;		/* offset of the break */
	size_t gap;		/* next growth skips this many bytes once */
	unsigned int grows, shrinks;
	/* corrupt() hook record */
	unsigned int ncorrupt;
	enum umalloc_error err;
	const void *errptr;
};

static struct arena A;
static struct umalloc H;

static void *arena_grow(void *ctx, intptr_t delta)
{
	struct arena *a = ctx;
	size_t old = a->brk;

	if (delta > 0 && a->gap) {
		/* Someone else took some memory: the break jumps. */
		old += a->gap;
		a->gap = 0;
	}
	if (delta < 0 && (size_t)-delta > old)
		return UMALLOC_GROW_FAIL;
	if (delta > 0 && (size_t)delta > a->size - old)
		return UMALLOC_GROW_FAIL;
	a->brk = old + delta;
	if (delta > 0)
		a->grows++;
	else if (delta < 0)
		a->shrinks++;
	return a->mem + old;
}

static void arena_corrupt(void *ctx, enum umalloc_error err, const void *p)
{
	struct arena *a = ctx;

	a->ncorrupt++;
	a->err = err;
	a->errptr = p;
}

static void setup(void)
{
	memset(&A, 0, sizeof(A));
	A.size = ARENA_SIZE;
	A.mem = aligned_alloc(4096, ARENA_SIZE);
	cr_assert_not_null(A.mem);
	umalloc_init(&H, arena_grow, arena_corrupt, &A);
}

static void teardown(void)
{
	free(A.mem);
}

TestSuite(umalloc, .init = setup, .fini = teardown);

#define CHECK_HEAP() cr_assert_eq(umalloc_check(&H), UMALLOC_OK, \
				  "umalloc_check: %s", \
				  umalloc_strerror(umalloc_check(&H)))

static bool in_arena(const void *p, size_t n)
{
	const unsigned char *c = p;

	return c >= A.mem && c + n <= A.mem + A.brk;
}

static size_t heap_bytes(void)
{
	struct umalloc_stats st;

	umalloc_stats(&H, &st);
	return st.heap_bytes;
}

Test(umalloc, basic_alloc_is_aligned_distinct_and_inside)
{
	void *p[64];
	int i, j;

	for (i = 0; i < 64; i++) {
		size_t n = (size_t)i * 37 + 1;

		p[i] = umalloc_malloc(&H, n);
		cr_assert_not_null(p[i]);
		cr_assert_eq((uintptr_t)p[i] % 16, 0);
		cr_assert(in_arena(p[i], n));
		cr_assert_geq(umalloc_usable_size(&H, p[i]), n);
		memset(p[i], i, n);
	}
	CHECK_HEAP();
	for (i = 0; i < 64; i++) {
		const unsigned char *c = p[i];

		for (j = 0; j < i * 37 + 1; j++)
			cr_assert_eq(c[j], (unsigned char)i);
		for (j = 0; j < i; j++)
			cr_assert_neq(p[i], p[j]);
	}
	for (i = 0; i < 64; i++)
		umalloc_free(&H, p[i]);
	CHECK_HEAP();
	cr_assert_eq(A.ncorrupt, 0);
}

Test(umalloc, malloc_zero_and_free_null)
{
	void *a = umalloc_malloc(&H, 0), *b = umalloc_malloc(&H, 0);

	cr_assert_not_null(a);
	cr_assert_not_null(b);
	cr_assert_neq(a, b);
	umalloc_free(&H, NULL);
	umalloc_free(&H, a);
	umalloc_free(&H, b);
	CHECK_HEAP();
	cr_assert_eq(A.ncorrupt, 0);
}

Test(umalloc, absurd_sizes_fail)
{
	cr_assert_null(umalloc_malloc(&H, SIZE_MAX));
	cr_assert_null(umalloc_malloc(&H, SIZE_MAX - 15));
	/* grow() fails */
	cr_assert_null(umalloc_malloc(&H, ARENA_SIZE));
	CHECK_HEAP();
	/* The heap still works afterwards. */
	cr_assert_not_null(umalloc_malloc(&H, 100));
	CHECK_HEAP();
}

Test(umalloc, loop_of_malloc_free_does_not_grow)
{
	size_t after_first;
	int i;

	umalloc_free(&H, umalloc_malloc(&H, 3000));
	after_first = heap_bytes();
	cr_assert_gt(after_first, 0);
	for (i = 0; i < 20000; i++) {
		void *p = umalloc_malloc(&H, (size_t)(i * 7919) % 3000 + 1);

		cr_assert_not_null(p);
		umalloc_free(&H, p);
	}
	cr_assert_eq(heap_bytes(), after_first);
	cr_assert_eq(A.grows, 1);
	CHECK_HEAP();
}

Test(umalloc, freed_block_is_reused)
{
	void *a = umalloc_malloc(&H, 200), *guard = umalloc_malloc(&H, 16);
	void *b;

	umalloc_free(&H, a);
	b = umalloc_malloc(&H, 200);
	cr_assert_eq(a, b);
	umalloc_free(&H, b);
	umalloc_free(&H, guard);
	CHECK_HEAP();
}

Test(umalloc, neighbours_coalesce)
{
	struct umalloc_stats st;
	void *a = umalloc_malloc(&H, 1000), *b = umalloc_malloc(&H, 1000);
	void *c = umalloc_malloc(&H, 1000), *guard = umalloc_malloc(&H, 1000);
	void *big;

	umalloc_free(&H, a);
	umalloc_free(&H, c);
	umalloc_stats(&H, &st);
	cr_assert_eq(st.free_blocks, 3);	/* a, c, and the top */
	umalloc_free(&H, b);			/* joins a and c */
	umalloc_stats(&H, &st);
	cr_assert_eq(st.free_blocks, 2);
	CHECK_HEAP();
	big = umalloc_malloc(&H, 3000);
	cr_assert_eq(big, a);
	umalloc_free(&H, big);
	umalloc_free(&H, guard);		/* everything joins the top */
	umalloc_stats(&H, &st);
	cr_assert_eq(st.free_blocks, 1);
	cr_assert_eq(st.used_blocks, 0);
	cr_assert_eq(st.used_bytes, 0);
	CHECK_HEAP();
}

Test(umalloc, realloc_shrinks_in_place)
{
	unsigned char *p = umalloc_malloc(&H, 4000), *q;
	void *guard = umalloc_malloc(&H, 16);
	int i;

	for (i = 0; i < 4000; i++)
		p[i] = (unsigned char)i;
	q = umalloc_realloc(&H, p, 100);
	cr_assert_eq(q, p);
	for (i = 0; i < 100; i++)
		cr_assert_eq(q[i], (unsigned char)i);
	cr_assert_lt(umalloc_usable_size(&H, q), 200);
	CHECK_HEAP();
	/* The tail was freed: a 3000-byte block fits right after. */
	cr_assert_eq((unsigned char *)umalloc_malloc(&H, 3000),
		     q + umalloc_usable_size(&H, q) + UMALLOC_OVERHEAD);
	umalloc_free(&H, guard);
	CHECK_HEAP();
}

Test(umalloc, realloc_grows_in_place_into_free_neighbour)
{
	unsigned char *p = umalloc_malloc(&H, 100), *q;
	void *n = umalloc_malloc(&H, 1000), *guard = umalloc_malloc(&H, 16);
	int i;

	for (i = 0; i < 100; i++)
		p[i] = (unsigned char)(i ^ 0x5a);
	umalloc_free(&H, n);
	q = umalloc_realloc(&H, p, 900);
	cr_assert_eq(q, p);
	for (i = 0; i < 100; i++)
		cr_assert_eq(q[i], (unsigned char)(i ^ 0x5a));
	memset(q, 1, 900);
	CHECK_HEAP();
	umalloc_free(&H, guard);
	umalloc_free(&H, q);
	CHECK_HEAP();
}

Test(umalloc, realloc_grows_in_place_at_top_of_heap)
{
	unsigned char *p = umalloc_malloc(&H, 100), *q;
	size_t before = heap_bytes();

	memset(p, 7, 100);
	/* Bigger than the whole heap so far: the heap must be extended. */
	q = umalloc_realloc(&H, p, before * 3);
	cr_assert_eq(q, p);
	cr_assert_gt(heap_bytes(), before);
	cr_assert_eq(q[99], 7);
	memset(q, 9, before * 3);
	CHECK_HEAP();
	umalloc_free(&H, q);
	CHECK_HEAP();
}

Test(umalloc, realloc_moves_when_blocked)
{
	unsigned char *p = umalloc_malloc(&H, 64), *q;
	void *blocker = umalloc_malloc(&H, 64);
	int i;

	for (i = 0; i < 64; i++)
		p[i] = (unsigned char)(200 - i);
	q = umalloc_realloc(&H, p, 5000);
	cr_assert_not_null(q);
	cr_assert_neq(q, p);
	for (i = 0; i < 64; i++)
		cr_assert_eq(q[i], (unsigned char)(200 - i));
	CHECK_HEAP();
	/* The old block was freed: the same size comes back there. */
	cr_assert_eq(umalloc_malloc(&H, 64), p);
	umalloc_free(&H, blocker);
	umalloc_free(&H, q);
	CHECK_HEAP();
}

Test(umalloc, realloc_null_and_zero)
{
	void *p = umalloc_realloc(&H, NULL, 50);

	cr_assert_not_null(p);
	cr_assert_null(umalloc_realloc(&H, p, 0));
	cr_assert_eq(H.used_blocks, 0);
	cr_assert_null(umalloc_realloc(&H, umalloc_malloc(&H, 8), SIZE_MAX));
	CHECK_HEAP();
}

Test(umalloc, calloc_zeroes_recycled_memory)
{
	unsigned char *p = umalloc_malloc(&H, 512), *q;
	void *guard = umalloc_malloc(&H, 16);
	int i;

	memset(p, 0xff, 512);
	umalloc_free(&H, p);
	q = umalloc_calloc(&H, 64, 8);
	cr_assert_eq(q, p);
	for (i = 0; i < 512; i++)
		cr_assert_eq(q[i], 0);
	umalloc_free(&H, guard);
	CHECK_HEAP();
}

Test(umalloc, calloc_overflow_returns_null)
{
	cr_assert_null(umalloc_calloc(&H, SIZE_MAX / 2, 3));
	cr_assert_null(umalloc_calloc(&H, (size_t)1 << 33, (size_t)1 << 33));
	cr_assert_null(umalloc_calloc(&H, SIZE_MAX, SIZE_MAX));
	cr_assert_eq(H.used_blocks, 0);
	cr_assert_not_null(umalloc_calloc(&H, 0, 8));
	CHECK_HEAP();
}

Test(umalloc, memalign_alignments)
{
	size_t align;
	void *small[16];
	int k = 0, i;

	for (align = 1; align <= 65536; align <<= 1) {
		unsigned char *p = umalloc_memalign(&H, align, 100);

		cr_assert_not_null(p, "align %zu", align);
		cr_assert_eq((uintptr_t)p % align, 0, "align %zu", align);
		cr_assert_eq((uintptr_t)p % 16, 0);
		cr_assert(in_arena(p, 100));
		memset(p, (int)k, umalloc_usable_size(&H, p));
		small[k++] = p;
		/* Interleave a small block so the next one is misaligned. */
		small[k++] = umalloc_malloc(&H, 24);
		CHECK_HEAP();
		if (k >= 16) {
			for (i = 0; i < k; i++)
				umalloc_free(&H, small[i]);
			k = 0;
		}
	}
	for (i = 0; i < k; i++)
		umalloc_free(&H, small[i]);
	cr_assert_null(umalloc_memalign(&H, 48, 10));	/* not 2^n */
	cr_assert_null(umalloc_memalign(&H, UMALLOC_MAX_ALIGN * 2, 10));
	cr_assert_eq(A.ncorrupt, 0);
	CHECK_HEAP();
}

Test(umalloc, large_block_and_shrink_back_to_brk)
{
	size_t base_brk, size = 8ul << 20;
	unsigned char *p, *small;

	small = umalloc_malloc(&H, 32);
	base_brk = A.brk;
	p = umalloc_malloc(&H, size);
	cr_assert_not_null(p);
	cr_assert(in_arena(p, size));
	cr_assert_gt(A.brk, base_brk);
	cr_assert_geq(A.brk, size);
	p[0] = 1;
	p[size - 1] = 2;
	memset(p, 3, size);
	CHECK_HEAP();
	umalloc_free(&H, p);
	CHECK_HEAP();
	/* The top went back to the break, keeping at most trim_keep + page. */
	cr_assert_gt(A.shrinks, 0);
	cr_assert_leq(A.brk, (size_t)((unsigned char *)small - A.mem) +
		      H.trim_keep + 2 * UMALLOC_PAGE);
	cr_assert_eq(A.brk % UMALLOC_PAGE, 0);
	cr_assert_eq(heap_bytes(), A.brk);
	umalloc_free(&H, small);
	CHECK_HEAP();
}

Test(umalloc, many_frees_shrink_heap)
{
	void *p[1000];
	size_t peak;
	int i;

	for (i = 0; i < 1000; i++)
		p[i] = umalloc_malloc(&H, 1024 + (size_t)i);
	peak = A.brk;
	cr_assert_gt(peak, 1000 * 1024);
	/* Free in an order that exercises both-sided coalescing. */
	for (i = 0; i < 1000; i += 2)
		umalloc_free(&H, p[i]);
	CHECK_HEAP();
	for (i = 999; i >= 1; i -= 2)
		umalloc_free(&H, p[i]);
	CHECK_HEAP();
	cr_assert_lt(A.brk, peak / 4);
	/* Trimming has hysteresis: at most trim_threshold stays. */
	cr_assert_leq(A.brk, H.trim_threshold + 2 * UMALLOC_PAGE);
	cr_assert_eq(H.used_blocks, 0);
}

Test(umalloc, explicit_trim)
{
	void *p;

	H.trim_threshold = SIZE_MAX;	/* no automatic trimming */
	p = umalloc_malloc(&H, 1 << 20);
	umalloc_free(&H, p);
	cr_assert_eq(A.shrinks, 0);
	cr_assert_gt(umalloc_trim(&H, 0), 0);
	cr_assert_leq(A.brk, UMALLOC_PAGE);
	CHECK_HEAP();
	cr_assert_not_null(umalloc_malloc(&H, 100));
	CHECK_HEAP();
}

Test(umalloc, grow_failure_leaves_heap_usable)
{
	void *p, *q;

	A.size = 256 * 1024;
	p = umalloc_malloc(&H, 100 * 1024);
	cr_assert_not_null(p);
	q = umalloc_malloc(&H, 200 * 1024);
	cr_assert_null(q);
	CHECK_HEAP();
	cr_assert_null(umalloc_realloc(&H, p, 300 * 1024));
	CHECK_HEAP();
	q = umalloc_malloc(&H, 50 * 1024);
	cr_assert_not_null(q);
	umalloc_free(&H, p);
	umalloc_free(&H, q);
	CHECK_HEAP();
}

Test(umalloc, break_moved_by_someone_else_starts_new_segment)
{
	unsigned char *p, *q;

	p = umalloc_malloc(&H, 1000);
	A.gap = 12345;		/* the next growth is not contiguous */
	q = umalloc_malloc(&H, 200 * 1024);
	cr_assert_not_null(q);
	cr_assert(in_arena(q, 200 * 1024));
	memset(q, 1, 200 * 1024);
	memset(p, 2, 1000);
	CHECK_HEAP();
	umalloc_free(&H, q);	/* joins the new segment's top */
	CHECK_HEAP();
	umalloc_free(&H, p);
	CHECK_HEAP();
	cr_assert_eq(A.ncorrupt, 0);
}

/* ------------------------------------------------ integrity checks */

static void double_free_is_reported(void)
{
	void *a = umalloc_malloc(&H, 64), *guard = umalloc_malloc(&H, 64);

	umalloc_free(&H, a);
	cr_assert_eq(A.ncorrupt, 0);
	umalloc_free(&H, a);
	cr_assert_eq(A.ncorrupt, 1);
	cr_assert_eq(A.err, UMALLOC_DOUBLE_FREE);
	cr_assert_eq(A.errptr, a);
	CHECK_HEAP();		/* the bad free did nothing */
	umalloc_free(&H, guard);
	CHECK_HEAP();
}

Test(umalloc, double_free_is_reported)
{
	double_free_is_reported();	/* a sits in the per-size cache */
}

Test(umalloc, double_free_is_reported_without_cache)
{
	H.cache_max = 0;		/* a sits in a bin */
	double_free_is_reported();
}

Test(umalloc, double_free_after_coalescing_is_reported)
{
	void *a = umalloc_malloc(&H, 64), *b = umalloc_malloc(&H, 64);
	void *guard;

	H.cache_max = 0;	/* freed blocks go to the bins, coalesced */
	guard = umalloc_malloc(&H, 64);
	umalloc_free(&H, a);
	umalloc_free(&H, b);	/* b is absorbed into a */
	umalloc_free(&H, b);
	cr_assert_eq(A.ncorrupt, 1);
	cr_assert_eq(A.err, UMALLOC_DOUBLE_FREE);
	CHECK_HEAP();
	umalloc_free(&H, guard);
}

Test(umalloc, realloc_of_freed_block_is_reported)
{
	void *a = umalloc_malloc(&H, 64), *guard = umalloc_malloc(&H, 64);

	umalloc_free(&H, a);
	cr_assert_null(umalloc_realloc(&H, a, 128));
	cr_assert_eq(A.err, UMALLOC_DOUBLE_FREE);
	umalloc_free(&H, guard);
	CHECK_HEAP();
}

Test(umalloc, overflow_is_reported)
{
	unsigned char *p = umalloc_malloc(&H, 40);
	void *guard = umalloc_malloc(&H, 40);
	size_t n = umalloc_usable_size(&H, p);

	memset(p, 0xaa, n + 1);		/* one byte too many */
	cr_assert_eq(umalloc_check(&H), UMALLOC_OVERFLOW);
	umalloc_free(&H, p);
	cr_assert_eq(A.ncorrupt, 1);
	cr_assert_eq(A.err, UMALLOC_OVERFLOW);
	cr_assert_eq(A.errptr, p);
	(void)guard;
}

Test(umalloc, foreign_and_interior_pointers_are_reported)
{
	unsigned char *p = umalloc_malloc(&H, 100);
	int local;

	umalloc_free(&H, &local);
	cr_assert_eq(A.err, UMALLOC_BAD_POINTER);
	umalloc_free(&H, p + 16);
	cr_assert_eq(A.err, UMALLOC_BAD_POINTER);
	umalloc_free(&H, p + 1);
	cr_assert_eq(A.err, UMALLOC_BAD_POINTER);
	cr_assert_eq(A.ncorrupt, 3);
	cr_assert_eq(umalloc_usable_size(&H, p + 16), 0);
	CHECK_HEAP();
	umalloc_free(&H, p);
	cr_assert_eq(A.ncorrupt, 3);
}

static void damaged_link_is_reported(void)
{
	void **a = umalloc_malloc(&H, 64);
	void *guard = umalloc_malloc(&H, 64);

	umalloc_free(&H, a);
	a[0] = (void *)0x1234;	/* use after free: clobbers the link */
	cr_assert_neq(umalloc_check(&H), UMALLOC_OK);
	cr_assert_null(umalloc_malloc(&H, 64));
	cr_assert_eq(A.err, UMALLOC_CORRUPT);
	(void)guard;
}

Test(umalloc, damaged_free_list_is_reported)
{
	H.cache_max = 0;	/* the bins' links */
	damaged_link_is_reported();
}

Test(umalloc, damaged_cache_list_is_reported)
{
	damaged_link_is_reported();	/* 64 bytes: the per-size cache */
}

/* ------------------------------------------------ randomized stress */

#define SLOTS 512

struct shadow {
	unsigned char *p;
	size_t n;
	size_t align;
	unsigned char seed;
};

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void fill(struct shadow *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		s->p[i] = (unsigned char)(s->seed + i * 31);
}

static void verify(const struct shadow *s, size_t upto)
{
	size_t i, n = upto < s->n ? upto : s->n;

	for (i = 0; i < n; i++)
		if (s->p[i] != (unsigned char)(s->seed + i * 31))
			break;
	cr_assert_eq(i, n, "block %p damaged at byte %zu", (void *)s->p, i);
}

static size_t rnd_size(void)
{
	switch (rnd() % 8) {
	case 0:
		return rnd() % 16;
	case 1:
	case 2:
	case 3:
		return rnd() % 256;
	case 4:
	case 5:
		return rnd() % 4096;
	case 6:
		return rnd() % 65536;
	default:
		return rnd() % (256 << 10);
	}
}

static int cmp_shadow(const void *a, const void *b)
{
	const struct shadow *x = a, *y = b;

	return (x->p > y->p) - (x->p < y->p);
}

static void check_no_overlap(struct shadow *sh)
{
	static struct shadow sorted[SLOTS];
	int i, n = 0;

	for (i = 0; i < SLOTS; i++)
		if (sh[i].p)
			sorted[n++] = sh[i];
	qsort(sorted, n, sizeof(sorted[0]), cmp_shadow);
	for (i = 1; i < n; i++)
		cr_assert_leq(sorted[i - 1].p + sorted[i - 1].n, sorted[i].p);
}

static void random_stress(void)
{
	static struct shadow sh[SLOTS];
	int op, i;

	memset(sh, 0, sizeof(sh));
	for (op = 0; op < 60000; op++) {
		struct shadow *s = &sh[rnd() % SLOTS];
		unsigned int kind = rnd() % 10;

		if (!s->p) {
			s->n = rnd_size();
			s->seed = (unsigned char)rnd();
			s->align = 16;
			if (kind == 0) {
				s->p = umalloc_calloc(&H, 1, s->n);
				cr_assert_not_null(s->p);
				for (i = 0; i < (int)s->n; i++)
					cr_assert_eq(s->p[i], 0);
			} else if (kind == 1) {
				s->align = (size_t)1 << (4 + rnd() % 9);
				s->p = umalloc_memalign(&H, s->align, s->n);
			} else {
				s->p = umalloc_malloc(&H, s->n);
			}
			cr_assert_not_null(s->p, "op %d size %zu", op, s->n);
			cr_assert_eq((uintptr_t)s->p % s->align, 0);
			cr_assert(in_arena(s->p, s->n));
			fill(s);
		} else if (kind < 4) {
			size_t n = rnd_size();
			unsigned char *q;

			verify(s, s->n);
			q = umalloc_realloc(&H, s->p, n);
			if (n == 0) {
				cr_assert_null(q);
				s->p = NULL;
				continue;
			}
			cr_assert_not_null(q);
			cr_assert_eq((uintptr_t)q % 16, 0);
			s->p = q;
			verify(s, n);	/* the kept prefix */
			s->n = n;
			s->align = 16;
			fill(s);
		} else {
			verify(s, s->n);
			umalloc_free(&H, s->p);
			s->p = NULL;
		}
		if (op % 997 == 0) {
			CHECK_HEAP();
			check_no_overlap(sh);
			for (i = 0; i < SLOTS; i++)
				if (sh[i].p)
					verify(&sh[i], sh[i].n);
		}
	}
	CHECK_HEAP();
	check_no_overlap(sh);
	for (i = 0; i < SLOTS; i++) {
		if (sh[i].p) {
			verify(&sh[i], sh[i].n);
			umalloc_free(&H, sh[i].p);
		}
	}
	CHECK_HEAP();
	cr_assert_eq(A.ncorrupt, 0);
	cr_assert_eq(H.used_blocks, 0);
	cr_assert_gt(A.shrinks, 0);
	/* Cached small chunks can pin the top until a trim empties them. */
	umalloc_trim(&H, H.trim_keep);
	CHECK_HEAP();
	cr_assert_eq(H.cached_blocks, 0);
	cr_assert_leq(A.brk, H.trim_threshold + 2 * UMALLOC_PAGE);
}

Test(umalloc, random_stress_against_shadow_model, .timeout = 120)
{
	random_stress();
}

Test(umalloc, random_stress_without_cache, .timeout = 120)
{
	H.cache_max = 0;
	random_stress();
}

/* ------------------------------------------------ the per-size cache */

Test(umalloc, small_blocks_are_cached_and_reused_last_in_first_out)
{
	struct umalloc_stats st;
	void *a = umalloc_malloc(&H, 100), *g1 = umalloc_malloc(&H, 16);
	void *b = umalloc_malloc(&H, 100), *g2 = umalloc_malloc(&H, 16);

	umalloc_free(&H, a);
	umalloc_free(&H, b);
	umalloc_stats(&H, &st);
	cr_assert_eq(st.cached_blocks, 2);
	cr_assert_eq(st.cached_bytes, 2 * 144);	/* 100 + 32, 16-aligned */
	cr_assert_eq(st.used_blocks, 2);
	CHECK_HEAP();
	/* Any request of the same chunk size takes them, last freed first. */
	cr_assert_eq(umalloc_malloc(&H, 112), b);
	cr_assert_eq(umalloc_malloc(&H, 97), a);
	umalloc_stats(&H, &st);
	cr_assert_eq(st.cached_blocks, 0);
	cr_assert_eq(st.used_blocks, 4);
	CHECK_HEAP();
	(void)g1;
	(void)g2;
}

Test(umalloc, cache_holds_at_most_cache_max_per_size)
{
	void *p[12], *guard[12];
	struct umalloc_stats st;
	int i;

	for (i = 0; i < 12; i++) {
		p[i] = umalloc_malloc(&H, 64);
		guard[i] = umalloc_malloc(&H, 16);	/* no coalescing */
	}
	for (i = 0; i < 12; i++)
		umalloc_free(&H, p[i]);
	umalloc_stats(&H, &st);
	cr_assert_eq(st.cached_blocks, H.cache_max);
	cr_assert_eq(st.free_blocks, 12 - H.cache_max + 1);	/* + top */
	CHECK_HEAP();
	for (i = 0; i < 12; i++)
		umalloc_free(&H, guard[i]);
	CHECK_HEAP();
}

Test(umalloc, larger_blocks_are_not_cached)
{
	struct umalloc_stats st;
	void *a = umalloc_malloc(&H, UMALLOC_CACHE_MAX - UMALLOC_OVERHEAD + 1);
	void *guard = umalloc_malloc(&H, 16);

	umalloc_free(&H, a);
	umalloc_stats(&H, &st);
	cr_assert_eq(st.cached_blocks, 0);
	cr_assert_eq(st.free_blocks, 2);
	(void)guard;
	CHECK_HEAP();
}

Test(umalloc, trim_empties_the_cache)
{
	struct umalloc_stats st;
	void *p[8];
	int i;

	for (i = 0; i < 8; i++)
		p[i] = umalloc_malloc(&H, 16 + 16 * i);
	for (i = 0; i < 8; i++)
		umalloc_free(&H, p[i]);
	umalloc_stats(&H, &st);
	cr_assert_eq(st.cached_blocks, 8);
	umalloc_trim(&H, 0);
	umalloc_stats(&H, &st);
	cr_assert_eq(st.cached_blocks, 0);
	cr_assert_eq(st.cached_bytes, 0);
	cr_assert_eq(st.free_blocks, 1);	/* all coalesced at the top */
	cr_assert_eq(st.used_bytes, 0);
	CHECK_HEAP();
}

Test(umalloc, damaged_cached_header_is_reported)
{
	uint64_t *a = umalloc_malloc(&H, 64);
	void *guard = umalloc_malloc(&H, 64);

	umalloc_free(&H, a);
	a[-1] ^= 1;		/* a stray write into the chunk's magic */
	cr_assert_neq(umalloc_check(&H), UMALLOC_OK);
	cr_assert_null(umalloc_malloc(&H, 64));
	cr_assert_eq(A.err, UMALLOC_CORRUPT);
	cr_assert_eq(A.errptr, (char *)a - 16);
	(void)guard;
}

Test(umalloc, cached_block_usable_size_and_realloc_are_refused)
{
	void *a = umalloc_malloc(&H, 64), *guard = umalloc_malloc(&H, 64);

	umalloc_free(&H, a);
	cr_assert_eq(umalloc_usable_size(&H, a), 0);
	cr_assert_null(umalloc_realloc(&H, a, 32));
	cr_assert_eq(A.err, UMALLOC_DOUBLE_FREE);
	umalloc_free(&H, guard);
	CHECK_HEAP();
}
