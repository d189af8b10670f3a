// SPDX-License-Identifier: GPL-2.0
/* Tests for lib/slab.c. */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <lib/slab.h>

/* ------------------------------------------------------------ page source */

/* Pages come from aligned_alloc; the counters let tests prove no leaks. */
struct pages {
	long live;		/* handed to the slab and not yet returned */
	long allocs;		/* page_alloc calls that succeeded */
	long frees;
	long fail_after;	/* >= 0: allocs beyond this many fail */
};

static void *page_alloc(void *ctx)
{
	struct pages *pg = ctx;
	void *p;

	if (pg->fail_after >= 0 && pg->allocs >= pg->fail_after)
		return NULL;
	p = aligned_alloc(SLAB_PAGE_SIZE, SLAB_PAGE_SIZE);
	cr_assert_not_null(p);
	/* Garbage, so nothing can rely on fresh pages being zeroed. */
	memset(p, 0xa5, SLAB_PAGE_SIZE);
	pg->live++;
	pg->allocs++;
	return p;
}

static void page_free(void *ctx, void *page)
{
	struct pages *pg = ctx;

	cr_assert_eq((uintptr_t)page % SLAB_PAGE_SIZE, 0);
	cr_assert_gt(pg->live, 0, "page returned that was never handed out");
	/* A returned page must no longer look like a slab page. */
	cr_assert_neq(((struct slab_page *)page)->magic, SLAB_MAGIC,
		      "page returned with its slab magic intact");
	pg->live--;
	pg->frees++;
	free(page);
}

#define PAGES_INIT { .fail_after = -1 }

static void init(struct slab_cache *c, struct pages *pg, uint32_t size)
{
	cr_assert_eq(slab_cache_init(c, size, page_alloc, page_free, pg), 0);
}

static struct slab_page *page_of(const void *p)
{
	return (struct slab_page *)((uintptr_t)p & ~(uintptr_t)(SLAB_PAGE_SIZE - 1));
}

/* Deterministic generator (xorshift64*), independent of libc's rand. */
static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dull;
}

static void shuffle(void **v, size_t n, uint64_t *seed)
{
	size_t i;

	for (i = n; i > 1; i--) {
		size_t j = (size_t)(rng_next(seed) % i);
		void *t = v[i - 1];

		v[i - 1] = v[j];
		v[j] = t;
	}
}

/*
 * Walk the cache's lists and check every structural invariant: headers
 * intact, partial pages neither empty nor full, full pages full, the spare
 * empty and on no list, object and page counts consistent with the lists
 * and with the page source.
 */
static void check_cache(const struct slab_cache *c, const struct pages *pg)
{
	const struct slab_page *p, *prev;
	uint64_t pages = 0, objs = 0;

	prev = NULL;
	for (p = c->partial; p; prev = p, p = p->next) {
		cr_assert_eq(p->prev, prev);
		cr_assert_eq(p->magic, SLAB_MAGIC);
		cr_assert_eq(p->cache, c);
		cr_assert(p->inuse > 0 && p->inuse < c->per_page,
			  "partial page with inuse %u", p->inuse);
		cr_assert_leq(p->inuse, p->carved);
		cr_assert_leq(p->carved, c->per_page);
		cr_assert_neq(p, c->spare);
		pages++;
		objs += p->inuse;
	}
	prev = NULL;
	for (p = c->full; p; prev = p, p = p->next) {
		cr_assert_eq(p->prev, prev);
		cr_assert_eq(p->magic, SLAB_MAGIC);
		cr_assert_eq(p->cache, c);
		cr_assert_eq(p->inuse, c->per_page);
		cr_assert_neq(p, c->spare);
		pages++;
		objs += p->inuse;
	}
	if (c->spare) {
		cr_assert_eq(c->spare->magic, SLAB_MAGIC);
		cr_assert_eq(c->spare->inuse, 0);
		pages++;
	}
	cr_assert_eq(objs, c->nr_objects);
	cr_assert_eq(pages, c->nr_pages);
	cr_assert_eq((long)c->nr_pages, pg->live);
	/* Each page other than the spare holds at least one object. */
	cr_assert_leq(c->nr_pages, c->nr_objects + 1);
	cr_assert_geq(c->nr_pages * c->per_page, c->nr_objects);
}

/* An object lies past the header, fully inside its page, on a slot. */
static void check_obj(const struct slab_cache *c, const void *obj)
{
	uintptr_t off = (uintptr_t)obj - (uintptr_t)page_of(obj);

	cr_assert_not_null(obj);
	cr_assert_eq((uintptr_t)obj % 16, 0, "object %p not 16-aligned", obj);
	cr_assert_geq(off, SLAB_HDR_SIZE);
	cr_assert_leq(off + c->obj_size, SLAB_PAGE_SIZE);
	cr_assert_eq((off - SLAB_HDR_SIZE) % c->obj_size, 0);
	cr_assert_eq(slab_cache_of(obj), c);
}

/* ------------------------------------------------------------ geometry */

Test(slab, object_size_rounding)
{
	static const struct { uint32_t in, out; } cases[] = {
		{ 1, 16 }, { 7, 16 }, { 8, 16 }, { 15, 16 },
		{ 16, 16 }, { 17, 32 }, { 24, 32 }, { 33, 48 }, { 100, 112 },
		{ 128, 128 }, { 129, 144 }, { 1000, 1008 }, { 2016, 2016 },
		{ 3900, 3904 }, { SLAB_MAX_SIZE, SLAB_MAX_SIZE },
	};
	struct slab_cache c;
	struct pages pg = PAGES_INIT;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		init(&c, &pg, cases[i].in);
		cr_assert_eq(c.obj_size, cases[i].out, "size %u -> %u",
			     cases[i].in, c.obj_size);
		cr_assert_eq(c.per_page,
			     (SLAB_PAGE_SIZE - SLAB_HDR_SIZE) / cases[i].out);
		cr_assert_eq(c.nr_pages, 0);
		cr_assert_eq(c.nr_objects, 0);
		cr_assert_null(c.partial);
		cr_assert_null(c.full);
		cr_assert_null(c.spare);
	}
	init(&c, &pg, 16);
	cr_assert_eq(c.per_page, (SLAB_PAGE_SIZE - SLAB_HDR_SIZE) / 16);
	init(&c, &pg, 1984);
	cr_assert_eq(c.per_page, 2);
	init(&c, &pg, 3900);
	cr_assert_eq(c.per_page, 1);
	/* init touches no pages */
	cr_assert_eq(pg.allocs, 0);
}

Test(slab, header_fits)
{
	cr_assert_leq(sizeof(struct slab_page), SLAB_HDR_SIZE);
	cr_assert_eq(SLAB_HDR_SIZE % 16, 0);
}

/* ------------------------------------------------------------ one page */

static void fill_one_page(uint32_t size)
{
	struct slab_cache c;
	struct pages pg = PAGES_INIT;
	void **objs;
	struct slab_page *page = NULL;
	uint32_t i, j;

	init(&c, &pg, size);
	objs = calloc(c.per_page + 1, sizeof(*objs));
	cr_assert_not_null(objs);

	for (i = 0; i < c.per_page; i++) {
		objs[i] = slab_alloc(&c);
		check_obj(&c, objs[i]);
		if (!page)
			page = page_of(objs[i]);
		cr_assert_eq(page_of(objs[i]), page, "object %u on another page", i);
		for (j = 0; j < i; j++)
			cr_assert_neq(objs[i], objs[j]);
		/* Fill it all: ASan and the header check catch overruns. */
		memset(objs[i], (int)(i & 0xff), c.obj_size);
		cr_assert_eq(c.nr_objects, i + 1);
		cr_assert_eq(c.nr_pages, 1);
	}
	cr_assert_eq(page->magic, SLAB_MAGIC);
	cr_assert_eq(page->cache, &c);
	cr_assert_null(c.partial);
	cr_assert_eq(c.full, page);
	check_cache(&c, &pg);
	for (i = 0; i < c.per_page; i++) {
		const uint8_t *b = objs[i];

		for (j = 0; j < c.obj_size; j++)
			cr_assert_eq(b[j], i & 0xff, "object %u byte %u", i, j);
	}

	/* The next object needs a second page. */
	objs[c.per_page] = slab_alloc(&c);
	check_obj(&c, objs[c.per_page]);
	cr_assert_neq(page_of(objs[c.per_page]), page);
	cr_assert_eq(c.nr_pages, 2);
	check_cache(&c, &pg);

	for (i = 0; i <= c.per_page; i++) {
		cr_assert_eq(slab_free(&c, objs[i]), 0);
		check_cache(&c, &pg);
	}
	cr_assert_eq(c.nr_objects, 0);
	slab_shrink(&c);
	cr_assert_eq(c.nr_pages, 0);
	cr_assert_eq(pg.live, 0);
	free(objs);
}

Test(slab, fill_one_page_16) { fill_one_page(16); }
Test(slab, fill_one_page_1) { fill_one_page(1); }
Test(slab, fill_one_page_48) { fill_one_page(48); }
Test(slab, fill_one_page_100) { fill_one_page(100); }
Test(slab, fill_one_page_2016) { fill_one_page(2016); }
Test(slab, fill_one_page_3900) { fill_one_page(3900); }
Test(slab, fill_one_page_max) { fill_one_page(SLAB_MAX_SIZE); }

Test(slab, objects_are_carved_in_order)
{
	struct slab_cache c;
	struct pages pg = PAGES_INIT;
	char *a, *b, *d;

	init(&c, &pg, 40);
	a = slab_alloc(&c);
	b = slab_alloc(&c);
	d = slab_alloc(&c);
	cr_assert_eq(a, (char *)page_of(a) + SLAB_HDR_SIZE);
	cr_assert_eq(b, a + 48);
	cr_assert_eq(d, b + 48);
	/* A freed object is reused before carving a new one. */
	cr_assert_eq(slab_free(&c, b), 0);
	cr_assert_eq(slab_alloc(&c), b);
	cr_assert_eq(slab_alloc(&c), d + 48);
	cr_assert_eq(page_of(a)->carved, 4);
	check_cache(&c, &pg);
	cr_assert_eq(slab_free(&c, a), 0);
	cr_assert_eq(slab_free(&c, b), 0);
	cr_assert_eq(slab_free(&c, d), 0);
	cr_assert_eq(slab_free(&c, d + 48), 0);
	slab_shrink(&c);
	cr_assert_eq(pg.live, 0);
}

/* ------------------------------------------------------------ many pages */

static void fill_and_free_random(uint32_t size, uint32_t npages, uint64_t seed)
{
	struct slab_cache c;
	struct pages pg = PAGES_INIT;
	size_t n, i, j;
	void **objs;

	init(&c, &pg, size);
	n = (size_t)c.per_page * npages;
	objs = calloc(n, sizeof(*objs));
	cr_assert_not_null(objs);

	for (i = 0; i < n; i++) {
		objs[i] = slab_alloc(&c);
		check_obj(&c, objs[i]);
		memset(objs[i], 0x5a, c.obj_size);
		cr_assert_eq(c.nr_objects, i + 1);
		/* Pages are filled before new ones are taken. */
		cr_assert_eq(c.nr_pages, i / c.per_page + 1);
	}
	cr_assert_eq(c.nr_pages, npages);
	cr_assert_null(c.partial);
	check_cache(&c, &pg);

	/* All distinct. */
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			cr_assert_neq(objs[i], objs[j]);

	shuffle(objs, n, &seed);
	for (i = 0; i < n; i++) {
		cr_assert_eq(slab_free(&c, objs[i]), 0);
		cr_assert_eq(c.nr_objects, n - i - 1);
		check_cache(&c, &pg);
	}
	/* Everything free: exactly the spare is left. */
	cr_assert_eq(c.nr_pages, 1);
	cr_assert_not_null(c.spare);
	cr_assert_null(c.partial);
	cr_assert_null(c.full);
	cr_assert_eq(pg.live, 1);
	slab_shrink(&c);
	cr_assert_eq(c.nr_pages, 0);
	cr_assert_null(c.spare);
	cr_assert_eq(pg.live, 0);
	cr_assert_eq(pg.allocs, pg.frees);
	free(objs);
}

Test(slab, several_pages_random_free_64) { fill_and_free_random(64, 6, 1); }
Test(slab, several_pages_random_free_16) { fill_and_free_random(16, 4, 2); }
Test(slab, several_pages_random_free_520) { fill_and_free_random(520, 9, 3); }
Test(slab, several_pages_random_free_3900) { fill_and_free_random(3900, 5, 4); }

/* ------------------------------------------------------------ spare page */

Test(slab, spare_page_policy)
{
	struct slab_cache c;
	struct pages pg = PAGES_INIT;
	void *a[3], *b[3], *x;
	struct slab_page *pa, *pb;
	int i;

	init(&c, &pg, 1024);		/* 3 per page */
	cr_assert_eq(c.per_page, 3);
	for (i = 0; i < 3; i++)
		a[i] = slab_alloc(&c);
	for (i = 0; i < 3; i++)
		b[i] = slab_alloc(&c);
	pa = page_of(a[0]);
	pb = page_of(b[0]);
	cr_assert_neq(pa, pb);
	cr_assert_eq(c.nr_pages, 2);
	cr_assert_eq(pg.live, 2);

	/* Emptying page A keeps it as the spare. */
	for (i = 0; i < 3; i++)
		cr_assert_eq(slab_free(&c, a[i]), 0);
	cr_assert_eq(c.spare, pa);
	cr_assert_eq(c.nr_pages, 2);
	cr_assert_eq(pg.live, 2);
	cr_assert_eq(pg.frees, 0);
	check_cache(&c, &pg);

	/* Emptying page B returns it: a spare already exists. */
	for (i = 0; i < 3; i++)
		cr_assert_eq(slab_free(&c, b[i]), 0);
	cr_assert_eq(c.spare, pa);
	cr_assert_eq(c.nr_pages, 1);
	cr_assert_eq(pg.live, 1);
	cr_assert_eq(pg.frees, 1);
	check_cache(&c, &pg);

	/* The next allocation reuses the spare without asking for a page. */
	x = slab_alloc(&c);
	cr_assert_eq(page_of(x), pa);
	cr_assert_eq(x, (char *)pa + SLAB_HDR_SIZE, "reused page starts over");
	cr_assert_null(c.spare);
	cr_assert_eq(pg.allocs, 2);
	cr_assert_eq(c.nr_pages, 1);
	check_cache(&c, &pg);

	/* Shrinking with no spare does nothing. */
	slab_shrink(&c);
	cr_assert_eq(c.nr_pages, 1);
	cr_assert_eq(pg.live, 1);

	/* Last object freed: the page becomes the spare, shrink returns it. */
	cr_assert_eq(slab_free(&c, x), 0);
	cr_assert_eq(c.spare, pa);
	cr_assert_eq(c.nr_pages, 1);
	slab_shrink(&c);
	cr_assert_null(c.spare);
	cr_assert_eq(c.nr_pages, 0);
	cr_assert_eq(pg.live, 0);
	slab_shrink(&c);
	cr_assert_eq(c.nr_pages, 0);
	cr_assert_eq(pg.frees, 2);
	check_cache(&c, &pg);

	/* The cache is still usable after shrinking to nothing. */
	x = slab_alloc(&c);
	check_obj(&c, x);
	cr_assert_eq(pg.live, 1);
	cr_assert_eq(slab_free(&c, x), 0);
	slab_shrink(&c);
	cr_assert_eq(pg.live, 0);
}

Test(slab, spare_with_one_object_per_page)
{
	struct slab_cache c;
	struct pages pg = PAGES_INIT;
	void *o[4];
	int i;

	init(&c, &pg, 3900);
	for (i = 0; i < 4; i++) {
		o[i] = slab_alloc(&c);
		check_obj(&c, o[i]);
	}
	cr_assert_eq(c.nr_pages, 4);
	cr_assert_null(c.partial);
	check_cache(&c, &pg);
	for (i = 0; i < 4; i++) {
		cr_assert_eq(slab_free(&c, o[i]), 0);
		check_cache(&c, &pg);
	}
	cr_assert_eq(c.spare, page_of(o[0]));
	cr_assert_eq(pg.live, 1);
	slab_shrink(&c);
	cr_assert_eq(pg.live, 0);
}

Test(slab, page_alloc_failure)
{
	struct slab_cache c;
	struct pages pg = PAGES_INIT;
	void *o[3];

	pg.fail_after = 1;
	init(&c, &pg, 1984);		/* 2 per page */
	o[0] = slab_alloc(&c);
	o[1] = slab_alloc(&c);
	check_obj(&c, o[0]);
	check_obj(&c, o[1]);
	cr_assert_null(slab_alloc(&c));
	cr_assert_eq(c.nr_objects, 2);
	cr_assert_eq(c.nr_pages, 1);
	check_cache(&c, &pg);
	/* Freeing makes room again without a new page. */
	cr_assert_eq(slab_free(&c, o[1]), 0);
	o[2] = slab_alloc(&c);
	cr_assert_eq(o[2], o[1]);
	pg.fail_after = -1;
	o[1] = slab_alloc(&c);
	check_obj(&c, o[1]);
	cr_assert_eq(c.nr_pages, 2);
	cr_assert_eq(slab_free(&c, o[0]), 0);
	cr_assert_eq(slab_free(&c, o[1]), 0);
	cr_assert_eq(slab_free(&c, o[2]), 0);
	slab_shrink(&c);
	cr_assert_eq(pg.live, 0);

	/* A cache whose very first page fails. */
	pg = (struct pages){ .fail_after = 0 };
	init(&c, &pg, 64);
	cr_assert_null(slab_alloc(&c));
	cr_assert_eq(c.nr_pages, 0);
	cr_assert_eq(c.nr_objects, 0);
	cr_assert_null(c.partial);
}

/* ------------------------------------------------------------ bad frees */

Test(slab, free_rejects_foreign_and_misplaced_pointers)
{
	struct slab_cache c, d;
	struct pages pc = PAGES_INIT, pd = PAGES_INIT;
	char *a, *b, *x, *end;
	struct slab_page *page;
	void *plain;

	init(&c, &pc, 80);	/* a few spare bytes at the end of the page */
	init(&d, &pd, 80);
	a = slab_alloc(&c);
	b = slab_alloc(&c);
	x = slab_alloc(&d);
	page = page_of(a);
	check_cache(&c, &pc);

	/* An object of another cache, even of the same size. */
	cr_assert_lt(slab_free(&c, x), 0);
	cr_assert_lt(slab_free(&d, a), 0);
	/* Inside an object, not at its start. */
	cr_assert_lt(slab_free(&c, a + 1), 0);
	cr_assert_lt(slab_free(&c, a + 16), 0);
	cr_assert_lt(slab_free(&c, b + 79), 0);
	/* In the header. */
	cr_assert_lt(slab_free(&c, page), 0);
	cr_assert_lt(slab_free(&c, (char *)page + 8), 0);
	cr_assert_lt(slab_free(&c, (char *)page + SLAB_HDR_SIZE - 16), 0);
	/* A slot that has not been carved yet. */
	cr_assert_lt(slab_free(&c, b + 80), 0);
	cr_assert_lt(slab_free(&c, b + 80 * 5), 0);
	/* The unused tail of the page, past the last whole slot. */
	end = (char *)page + SLAB_HDR_SIZE + (size_t)c.per_page * c.obj_size;
	cr_assert_eq(end, (char *)page + SLAB_PAGE_SIZE -
		     (SLAB_PAGE_SIZE - SLAB_HDR_SIZE) % 80);
	cr_assert_lt(slab_free(&c, end), 0);
	cr_assert_lt(slab_free(&c, (char *)page + SLAB_PAGE_SIZE - 16), 0);
	/* A page that is not a slab page at all. */
	plain = aligned_alloc(SLAB_PAGE_SIZE, SLAB_PAGE_SIZE);
	cr_assert_not_null(plain);
	memset(plain, 0, SLAB_PAGE_SIZE);
	cr_assert_lt(slab_free(&c, (char *)plain + SLAB_HDR_SIZE), 0);
	free(plain);

	/* Nothing was disturbed. */
	cr_assert_eq(c.nr_objects, 2);
	cr_assert_eq(d.nr_objects, 1);
	check_cache(&c, &pc);
	check_cache(&d, &pd);
	cr_assert_eq(page->inuse, 2);
	cr_assert_eq(page->carved, 2);
	cr_assert_null(page->freelist);
	/* The next objects are new slots, not any of the bogus pointers. */
	{
		char *n1 = slab_alloc(&c), *n2 = slab_alloc(&c);

		cr_assert_eq(n1, b + 80);
		cr_assert_eq(n2, b + 160);
		cr_assert_eq(slab_free(&c, n1), 0);
		cr_assert_eq(slab_free(&c, n2), 0);
	}

	cr_assert_eq(slab_free(&c, a), 0);
	cr_assert_eq(slab_free(&c, b), 0);
	cr_assert_eq(slab_free(&d, x), 0);
	slab_shrink(&c);
	slab_shrink(&d);
	cr_assert_eq(pc.live, 0);
	cr_assert_eq(pd.live, 0);
}

Test(slab, double_free_of_last_object)
{
	struct slab_cache c;
	struct pages pg = PAGES_INIT;
	void *a, *b, *n;

	init(&c, &pg, 32);
	a = slab_alloc(&c);
	cr_assert_eq(slab_free(&c, a), 0);
	/* The page is now the spare, with nothing in use. */
	cr_assert_lt(slab_free(&c, a), 0);
	cr_assert_eq(c.nr_objects, 0);
	cr_assert_eq(c.nr_pages, 1);
	check_cache(&c, &pg);
	a = slab_alloc(&c);
	b = slab_alloc(&c);
	cr_assert_neq(a, b);
	cr_assert_eq(slab_free(&c, b), 0);
	cr_assert_eq(slab_free(&c, a), 0);
	cr_assert_lt(slab_free(&c, a), 0);
	cr_assert_lt(slab_free(&c, b), 0);
	n = slab_alloc(&c);
	check_obj(&c, n);
	cr_assert_eq(slab_free(&c, n), 0);
	slab_shrink(&c);
	cr_assert_eq(pg.live, 0);
}

/* A double free is caught even while other objects of the page are live. */
Test(slab, double_free_with_live_neighbour)
{
	struct slab_cache c;
	struct pages pg = PAGES_INIT;
	void *a, *b, *n1, *n2;

	init(&c, &pg, 32);
	a = slab_alloc(&c);
	b = slab_alloc(&c);
	cr_assert_eq(slab_free(&c, a), 0);
	cr_assert_lt(slab_free(&c, a), 0, "double free accepted");
	cr_assert_eq(c.nr_objects, 1);
	check_cache(&c, &pg);
	n1 = slab_alloc(&c);
	n2 = slab_alloc(&c);
	cr_assert_neq(n1, n2, "same object handed out twice");
	cr_assert_neq(n1, b);
	cr_assert_neq(n2, b);
	cr_assert_eq(slab_free(&c, n1), 0);
	cr_assert_eq(slab_free(&c, n2), 0);
	cr_assert_eq(slab_free(&c, b), 0);
	slab_shrink(&c);
	cr_assert_eq(pg.live, 0);
}

/* ------------------------------------------------------------ cache_of */

Test(slab, cache_of)
{
	struct slab_cache c, d;
	struct pages pc = PAGES_INIT, pd = PAGES_INIT;
	char *a, *x;
	struct slab_page *page;
	void *plain;
	uint32_t off;

	init(&c, &pc, 200);
	init(&d, &pd, 16);
	a = slab_alloc(&c);
	x = slab_alloc(&d);
	page = page_of(a);
	cr_assert_eq(slab_cache_of(a), &c);
	cr_assert_eq(slab_cache_of(x), &d);
	/* Any byte past the header maps to the cache, even inside objects. */
	cr_assert_eq(slab_cache_of(a + 1), &c);
	cr_assert_eq(slab_cache_of(a + 199), &c);
	cr_assert_eq(slab_cache_of((char *)page + SLAB_PAGE_SIZE - 1), &c);
	cr_assert_eq(slab_cache_of((char *)page + SLAB_HDR_SIZE), &c);
	/* Pointers into the header are not objects. */
	for (off = 0; off < SLAB_HDR_SIZE; off++)
		cr_assert_null(slab_cache_of((char *)page + off),
			       "header offset %u", off);
	/* A page without the magic is not a slab page. */
	plain = aligned_alloc(SLAB_PAGE_SIZE, SLAB_PAGE_SIZE);
	cr_assert_not_null(plain);
	memset(plain, 0, SLAB_PAGE_SIZE);
	cr_assert_null(slab_cache_of((char *)plain + SLAB_HDR_SIZE));
	cr_assert_null(slab_cache_of((char *)plain + 1000));
	free(plain);

	/* The spare still belongs to the cache; a shrunk page is gone. */
	cr_assert_eq(slab_free(&c, a), 0);
	cr_assert_eq(c.spare, page);
	cr_assert_eq(slab_cache_of(a), &c);
	cr_assert_eq(slab_free(&d, x), 0);
	slab_shrink(&c);
	slab_shrink(&d);
	cr_assert_eq(pc.live, 0);
	cr_assert_eq(pd.live, 0);
}

/* ------------------------------------------------------------ stress */

struct shadow {
	uint8_t *obj;
	int cache;
	uint8_t tag;
};

#define NCACHES 4
#define NSLOTS 3000

Test(slab, random_stress)
{
	static const uint32_t sizes[NCACHES] = { 16, 72, 500, 1400 };
	struct slab_cache c[NCACHES];
	struct pages pg[NCACHES];
	struct shadow *live = calloc(NSLOTS, sizeof(*live));
	uint64_t count[NCACHES] = { 0 };
	uint64_t seed = 0x5eed5eed1234ull;
	size_t nlive = 0, step;
	uint32_t k, j;

	cr_assert_not_null(live);
	for (k = 0; k < NCACHES; k++) {
		pg[k] = (struct pages)PAGES_INIT;
		init(&c[k], &pg[k], sizes[k]);
	}

	for (step = 0; step < 300000; step++) {
		uint64_t r = rng_next(&seed);
		/* Drift between mostly-allocating and mostly-freeing phases. */
		unsigned int pfree = (step / 20000) % 2 ? 70 : 35;

		if (nlive && (r % 100 < pfree || nlive == NSLOTS)) {
			size_t idx = (size_t)(rng_next(&seed) % nlive);
			struct shadow s = live[idx];
			struct slab_cache *cc = &c[s.cache];

			for (j = 0; j < cc->obj_size; j++)
				cr_assert_eq(s.obj[j], s.tag,
					     "object %p byte %u overwritten",
					     (void *)s.obj, j);
			if (r % 61 == 0) {
				struct slab_cache *other =
					&c[(s.cache + 1) % NCACHES];

				cr_assert_lt(slab_free(other, s.obj), 0);
				cr_assert_lt(slab_free(cc, s.obj + 8), 0);
			}
			cr_assert_eq(slab_free(cc, s.obj), 0);
			count[s.cache]--;
			live[idx] = live[--nlive];
			if (r % 1009 == 0)
				slab_shrink(cc);
		} else {
			int ci = (int)(rng_next(&seed) % NCACHES);
			struct slab_cache *cc = &c[ci];
			uint8_t *o = slab_alloc(cc);

			check_obj(cc, o);
			live[nlive].obj = o;
			live[nlive].cache = ci;
			live[nlive].tag = (uint8_t)(r >> 32) | 1;
			memset(o, live[nlive].tag, cc->obj_size);
			nlive++;
			count[ci]++;
		}
		if (step % 4999 == 0) {
			for (k = 0; k < NCACHES; k++) {
				cr_assert_eq(c[k].nr_objects, count[k]);
				check_cache(&c[k], &pg[k]);
			}
		}
	}

	while (nlive) {
		struct shadow s = live[--nlive];

		for (j = 0; j < c[s.cache].obj_size; j++)
			cr_assert_eq(s.obj[j], s.tag);
		cr_assert_eq(slab_free(&c[s.cache], s.obj), 0);
	}
	for (k = 0; k < NCACHES; k++) {
		cr_assert_eq(c[k].nr_objects, 0);
		check_cache(&c[k], &pg[k]);
		cr_assert_leq(c[k].nr_pages, 1);
		slab_shrink(&c[k]);
		cr_assert_eq(c[k].nr_pages, 0);
		cr_assert_eq(pg[k].live, 0, "cache %u leaked pages", k);
		cr_assert_eq(pg[k].allocs, pg[k].frees);
	}
	free(live);
}

Test(slab, oversized_objects_are_refused)
{
	struct slab_cache c;

	cr_assert_lt(slab_cache_init(&c, 0, NULL, NULL, NULL), 0);
	cr_assert_lt(slab_cache_init(&c, SLAB_MAX_SIZE + 1, NULL, NULL, NULL), 0);
	cr_assert_lt(slab_cache_init(&c, UINT32_MAX, NULL, NULL, NULL), 0);
	cr_assert_eq(slab_cache_init(&c, SLAB_MAX_SIZE, NULL, NULL, NULL), 0);
	cr_assert_eq(c.per_page, 1);
}
