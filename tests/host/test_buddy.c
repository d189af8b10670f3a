// SPDX-License-Identifier: GPL-2.0
/* Tests for lib/buddy.c. */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <lib/buddy.h>

static struct buddy_frame *new_frames(uint64_t n)
{
	struct buddy_frame *f = calloc(n ? n : 1, sizeof(*f));

	cr_assert_not_null(f);
	return f;
}

#define CHECK_OK(b) cr_assert_eq(buddy_check(b), 0, "buddy_check: %d", \
				 buddy_check(b))

/* Number of free blocks of each order. */
static void free_histogram(const struct buddy *b,
			   uint64_t hist[BUDDY_MAX_ORDER + 1])
{
	unsigned int k;

	for (k = 0; k <= BUDDY_MAX_ORDER; k++) {
		uint32_t i = b->free_head[k];

		hist[k] = 0;
		while (i != BUDDY_NIL) {
			hist[k]++;
			i = b->frames[i].next;
		}
	}
}

Test(buddy, starts_reserved)
{
	struct buddy b;
	struct buddy_frame *f = new_frames(100);

	buddy_init(&b, 50, 100, f);
	CHECK_OK(&b);
	cr_assert_eq(buddy_free_frames(&b), 0);
	cr_assert_eq(buddy_alloc(&b, 0), BUDDY_NONE);
	cr_assert_null(buddy_frame(&b, 49));
	cr_assert_null(buddy_frame(&b, 150));
	cr_assert_eq(buddy_frame(&b, 50), &f[0]);
	cr_assert_eq(buddy_frame(&b, 149), &f[99]);
	cr_assert_eq(buddy_frame(&b, 60)->flags, BUDDY_F_RESERVED);
	cr_assert_eq(buddy_free(&b, 60, 0), BUDDY_ENOTALLOC);
	free(f);
}

Test(buddy, aligned_range_is_one_block)
{
	struct buddy b;
	struct buddy_frame *f = new_frames(1024);
	uint64_t hist[BUDDY_MAX_ORDER + 1];

	buddy_init(&b, 0, 1024, f);
	buddy_add_range(&b, 0, 1024);
	CHECK_OK(&b);
	cr_assert_eq(buddy_free_frames(&b), 1024);
	free_histogram(&b, hist);
	cr_assert_eq(hist[BUDDY_MAX_ORDER], 1);
	cr_assert_eq(buddy_alloc(&b, BUDDY_MAX_ORDER), 0);
	cr_assert_eq(buddy_free_frames(&b), 0);
	cr_assert_eq(buddy_alloc(&b, 0), BUDDY_NONE);
	cr_assert_eq(buddy_alloc(&b, BUDDY_MAX_ORDER + 1), BUDDY_NONE);
	cr_assert_eq(buddy_free(&b, 0, BUDDY_MAX_ORDER), 0);
	cr_assert_eq(buddy_free_frames(&b), 1024);
	CHECK_OK(&b);
	free(f);
}

Test(buddy, smallest_block_lower_half)
{
	struct buddy b;
	struct buddy_frame *f = new_frames(1024);

	buddy_init(&b, 0, 1024, f);
	buddy_add_range(&b, 0, 1024);
	cr_assert_eq(buddy_alloc(&b, 0), 0);
	cr_assert_eq(buddy_alloc(&b, 0), 1);
	cr_assert_eq(buddy_alloc(&b, 1), 2);
	cr_assert_eq(buddy_alloc(&b, 2), 4);
	cr_assert_eq(buddy_alloc(&b, 0), 8);
	/* The free order-0 block at 9 is used before splitting more. */
	cr_assert_eq(buddy_alloc(&b, 0), 9);
	cr_assert_eq(buddy_alloc(&b, 3), 16);
	cr_assert_eq(buddy_alloc(&b, 1), 10);
	CHECK_OK(&b);
	cr_assert_eq(buddy_free_frames(&b), 1024 - 1 - 1 - 2 - 4 - 1 - 1 - 8 - 2);
	free(f);
}

Test(buddy, absolute_alignment_with_odd_base)
{
	struct buddy b;
	uint64_t base = 0x100003, n = 5000, pfn;
	struct buddy_frame *f = new_frames(n);
	unsigned int k;

	buddy_init(&b, base, n, f);
	buddy_add_range(&b, base, n);
	cr_assert_eq(buddy_free_frames(&b), n);
	CHECK_OK(&b);
	for (k = 0; k <= BUDDY_MAX_ORDER; k++) {
		while ((pfn = buddy_alloc(&b, k)) != BUDDY_NONE) {
			cr_assert_eq(pfn & ((1ull << k) - 1), 0,
				     "pfn %#lx order %u", (unsigned long)pfn, k);
			cr_assert_geq(pfn, base);
			cr_assert_leq(pfn + (1ull << k), base + n);
			if (k < BUDDY_MAX_ORDER)
				break;
		}
	}
	CHECK_OK(&b);
	free(f);
}

Test(buddy, exhaust_and_refill_odd_size)
{
	struct buddy b;
	uint64_t base = 3, n = 1000, i, pfn;
	struct buddy_frame *f = new_frames(n);
	uint64_t before[BUDDY_MAX_ORDER + 1], after[BUDDY_MAX_ORDER + 1];
	bool *seen = calloc(n, 1);

	buddy_init(&b, base, n, f);
	buddy_add_range(&b, base, n);
	free_histogram(&b, before);
	for (i = 0; i < n; i++) {
		pfn = buddy_alloc(&b, 0);
		cr_assert_neq(pfn, BUDDY_NONE, "i=%lu", (unsigned long)i);
		cr_assert(pfn >= base && pfn < base + n);
		cr_assert_not(seen[pfn - base]);
		seen[pfn - base] = true;
	}
	cr_assert_eq(buddy_alloc(&b, 0), BUDDY_NONE);
	cr_assert_eq(buddy_free_frames(&b), 0);
	CHECK_OK(&b);
	/* Free in a scrambled order; everything must merge back. */
	for (i = 0; i < n; i++)
		cr_assert_eq(buddy_free(&b, base + (i * 7919) % n, 0), 0);
	cr_assert_eq(buddy_free_frames(&b), n);
	CHECK_OK(&b);
	free_histogram(&b, after);
	cr_assert_arr_eq(before, after, sizeof(before));
	free(seen);
	free(f);
}

Test(buddy, double_free_and_wrong_order)
{
	struct buddy b;
	struct buddy_frame *f = new_frames(256);
	uint64_t p, q, nfree;

	buddy_init(&b, 0, 256, f);
	buddy_add_range(&b, 0, 256);
	p = buddy_alloc(&b, 2);
	q = buddy_alloc(&b, 0);
	nfree = buddy_free_frames(&b);

	cr_assert_eq(buddy_free(&b, p, 1), BUDDY_EORDER);
	cr_assert_eq(buddy_free(&b, p, 3), BUDDY_EORDER);
	cr_assert_eq(buddy_free(&b, p + 1, 0), BUDDY_ENOTALLOC);
	cr_assert_eq(buddy_free(&b, p, BUDDY_MAX_ORDER + 1), BUDDY_EINVAL);
	cr_assert_eq(buddy_free(&b, 256, 0), BUDDY_EINVAL);
	cr_assert_eq(buddy_free(&b, BUDDY_NONE, 0), BUDDY_EINVAL);
	cr_assert_eq(buddy_free(&b, 100, 0), BUDDY_ENOTALLOC);	/* free */
	cr_assert_eq(buddy_free_frames(&b), nfree);
	CHECK_OK(&b);

	cr_assert_eq(buddy_free(&b, p, 2), 0);
	cr_assert_eq(buddy_free(&b, p, 2), BUDDY_ENOTALLOC);
	cr_assert_eq(buddy_free(&b, q, 0), 0);
	cr_assert_eq(buddy_free(&b, q, 0), BUDDY_ENOTALLOC);
	cr_assert_eq(buddy_free(&b, p, 0), BUDDY_ENOTALLOC);
	cr_assert_eq(buddy_free_frames(&b), 256);
	CHECK_OK(&b);
	free(f);
}

Test(buddy, holes_stay_reserved)
{
	struct buddy b;
	uint64_t n = 2048, pfn;
	struct buddy_frame *f = new_frames(n);
	unsigned int k;

	buddy_init(&b, 0, n, f);
	buddy_add_range(&b, 0, 100);
	buddy_add_range(&b, 200, n - 200);
	cr_assert_eq(buddy_free_frames(&b), n - 100);
	CHECK_OK(&b);

	/* Only [1024, 2048) can hold an order-10 block. */
	cr_assert_eq(buddy_alloc(&b, BUDDY_MAX_ORDER), 1024);
	cr_assert_eq(buddy_alloc(&b, BUDDY_MAX_ORDER), BUDDY_NONE);
	cr_assert_eq(buddy_free(&b, 1024, BUDDY_MAX_ORDER), 0);

	for (k = 0; k <= BUDDY_MAX_ORDER; k++) {
		while ((pfn = buddy_alloc(&b, k)) != BUDDY_NONE) {
			cr_assert(pfn + (1ull << k) <= 100 || pfn >= 200,
				  "block %lu order %u overlaps the hole",
				  (unsigned long)pfn, k);
		}
	}
	cr_assert_eq(buddy_free_frames(&b), 0);
	for (pfn = 100; pfn < 200; pfn++)
		cr_assert_eq(buddy_frame(&b, pfn)->flags, BUDDY_F_RESERVED);
	CHECK_OK(&b);
	free(f);
}

Test(buddy, add_range_clipped_and_idempotent)
{
	struct buddy b;
	struct buddy_frame *f = new_frames(300);
	uint64_t p;

	buddy_init(&b, 1000, 300, f);
	buddy_add_range(&b, 0, 500);		/* entirely below */
	buddy_add_range(&b, 5000, 10);		/* entirely above */
	buddy_add_range(&b, 1000, 0);
	cr_assert_eq(buddy_free_frames(&b), 0);
	buddy_add_range(&b, 900, 200);		/* [1000, 1100) */
	cr_assert_eq(buddy_free_frames(&b), 100);
	buddy_add_range(&b, 1250, UINT64_MAX);	/* [1250, 1300), no overflow */
	cr_assert_eq(buddy_free_frames(&b), 150);
	CHECK_OK(&b);

	/* Adding frames that are free or allocated again changes nothing. */
	p = buddy_alloc(&b, 3);
	cr_assert_neq(p, BUDDY_NONE);
	buddy_add_range(&b, 900, 500);
	cr_assert_eq(buddy_free_frames(&b), 300 - 8);
	CHECK_OK(&b);
	cr_assert_eq(buddy_free(&b, p, 3), 0);
	cr_assert_eq(buddy_free_frames(&b), 300);
	CHECK_OK(&b);
	free(f);
}

Test(buddy, frame_by_frame_add_merges)
{
	struct buddy b;
	struct buddy_frame *f = new_frames(4096);
	uint64_t hist[BUDDY_MAX_ORDER + 1], i;

	buddy_init(&b, 0, 4096, f);
	for (i = 4096; i-- > 0;)
		buddy_add_range(&b, i, 1);
	CHECK_OK(&b);
	free_histogram(&b, hist);
	cr_assert_eq(hist[BUDDY_MAX_ORDER], 4);
	cr_assert_eq(buddy_free_frames(&b), 4096);
	free(f);
}

Test(buddy, user_fields_untouched)
{
	struct buddy b;
	struct buddy_frame *f = new_frames(64);
	uint64_t p;

	buddy_init(&b, 0, 64, f);
	buddy_add_range(&b, 0, 64);
	p = buddy_alloc(&b, 0);
	buddy_frame(&b, p)->user = 0xbeef;
	buddy_frame(&b, p)->user32 = 0xdeadbeef;
	cr_assert_eq(buddy_free(&b, p, 0), 0);
	cr_assert_eq(buddy_alloc(&b, 0), p);
	cr_assert_eq(buddy_frame(&b, p)->user, 0xbeef);
	cr_assert_eq(buddy_frame(&b, p)->user32, 0xdeadbeef);
	free(f);
}

struct live {
	uint64_t pfn;
	unsigned int order;
};

Test(buddy, random_stress)
{
	const uint64_t base = 0x12345, n = 20000;
	struct buddy_frame *f = new_frames(n);
	uint8_t *owner = calloc(n, 1);		/* 1 = allocated by us */
	bool *hole = calloc(n, 1);
	struct live *live = calloc(n, sizeof(*live));
	size_t nlive = 0, step, i;
	uint64_t start_free, j;
	unsigned int seed = 99;
	struct buddy b;

	buddy_init(&b, base, n, f);
	/* Usable RAM in a few ranges with holes between them. */
	buddy_add_range(&b, base, 3000);
	buddy_add_range(&b, base + 3500, 7000);
	buddy_add_range(&b, base + 10517, n - 10517 - 99);
	for (j = 0; j < n; j++)
		hole[j] = f[j].flags == BUDDY_F_RESERVED;
	start_free = buddy_free_frames(&b);
	cr_assert_eq(start_free, 3000 + 7000 + (n - 10517 - 99));
	CHECK_OK(&b);

	for (step = 0; step < 200000; step++) {
		int r = rand_r(&seed);

		if (nlive && (r % 100 < 45 || nlive == n)) {
			size_t idx = (size_t)rand_r(&seed) % nlive;
			struct live l = live[idx];

			if (r % 97 == 0) {
				/* Try some invalid frees first. */
				if (l.order < BUDDY_MAX_ORDER)
					cr_assert_eq(buddy_free(&b, l.pfn,
						l.order + 1), BUDDY_EORDER);
				if (l.order > 0)
					cr_assert_eq(buddy_free(&b, l.pfn + 1,
						0), BUDDY_ENOTALLOC);
			}
			cr_assert_eq(buddy_free(&b, l.pfn, l.order), 0);
			for (j = 0; j < (1ull << l.order); j++)
				owner[l.pfn - base + j] = 0;
			live[idx] = live[--nlive];
			if (r % 89 == 0)
				cr_assert_lt(buddy_free(&b, l.pfn, l.order), 0);
		} else {
			/* Mostly small orders, sometimes big ones. */
			unsigned int order = (unsigned)(rand_r(&seed) % 16);
			uint64_t pfn, before = buddy_free_frames(&b);

			if (order > BUDDY_MAX_ORDER)
				order = (unsigned)(rand_r(&seed) % 3);
			pfn = buddy_alloc(&b, order);
			if (pfn == BUDDY_NONE) {
				cr_assert_eq(buddy_free_frames(&b), before);
				continue;
			}
			cr_assert_eq(pfn & ((1ull << order) - 1), 0);
			cr_assert(pfn >= base &&
				  pfn + (1ull << order) <= base + n);
			for (j = 0; j < (1ull << order); j++) {
				cr_assert_not(owner[pfn - base + j],
					      "frame handed out twice");
				cr_assert_not(hole[pfn - base + j],
					      "hole handed out");
				owner[pfn - base + j] = 1;
			}
			cr_assert_eq(buddy_free_frames(&b),
				     before - (1ull << order));
			live[nlive].pfn = pfn;
			live[nlive].order = order;
			nlive++;
		}
		if (step % 5000 == 0)
			CHECK_OK(&b);
	}
	CHECK_OK(&b);

	while (nlive) {
		nlive--;
		cr_assert_eq(buddy_free(&b, live[nlive].pfn,
					live[nlive].order), 0);
	}
	cr_assert_eq(buddy_free_frames(&b), start_free);
	CHECK_OK(&b);
	for (i = 0; i < n; i++)
		cr_assert_eq(f[i].flags == BUDDY_F_RESERVED, hole[i]);

	free(live);
	free(hole);
	free(owner);
	free(f);
}

Test(buddy, check_detects_corruption)
{
	struct buddy b;
	struct buddy_frame *f = new_frames(64);

	buddy_init(&b, 0, 64, f);
	buddy_add_range(&b, 0, 64);
	CHECK_OK(&b);
	b.nr_free++;
	cr_assert_neq(buddy_check(&b), 0);
	b.nr_free--;
	f[5].flags = BUDDY_F_FREE;	/* free head not on any list */
	cr_assert_neq(buddy_check(&b), 0);
	free(f);
}
