// SPDX-License-Identifier: GPL-2.0
/*
 * umalloc: boundary-tag allocator with segregated free lists, used by
 * libpanda's malloc on top of the program break.  See include/lib/umalloc.h
 * for the layout.  No system calls here: the break moves through the
 * caller's grow() callback, so the host tests run it on a plain arena.
 */
#include <lib/string.h>
#include <lib/umalloc.h>

#define MAGIC_USED	0xa110c8ed5ea1ed00ull
#define MAGIC_FREE	0xf7eeb10c4a11ab1eull
#define MAGIC_FENCE	0xfe9cefe9cefe9c55ull
#define MAGIC_CACHED	0xcac4edb10c4ca11eull

#define F_USED		((size_t)1)
#define SIZE_MASK	(~(size_t)15)
#define TAG_SIZE	16
/* Exact bins for sizes below 64 * 16; larger requests than MAX fail. */
#define SMALL_BINS	64
#define MAX_REQUEST	((size_t)1 << 46)

struct umalloc_chunk {
	size_t head;			/* chunk size | F_USED */
	uint64_t magic;			/* MAGIC_USED/FREE ^ address */
	struct umalloc_chunk *next;	/* free chunks only */
	struct umalloc_chunk *prev;
};

/* Footer, prologue and the shape of an epilogue header. */
struct tag {
	size_t head;
	uint64_t magic;
};

_Static_assert(sizeof(struct tag) == TAG_SIZE, "tag size");
_Static_assert(sizeof(struct umalloc_chunk) + TAG_SIZE == UMALLOC_MIN_CHUNK,
	       "minimum chunk");

static inline uintptr_t align_up(uintptr_t x, uintptr_t a)
{
	return (x + a - 1) & ~(a - 1);
}

static inline uint64_t magic_at(const void *p, uint64_t m)
{
	return m ^ (uint64_t)(uintptr_t)p;
}

static inline size_t csize(const struct umalloc_chunk *c)
{
	return c->head & SIZE_MASK;
}

static inline struct umalloc_chunk *at(uintptr_t a)
{
	return (struct umalloc_chunk *)a;
}

static inline struct umalloc_chunk *next_chunk(const struct umalloc_chunk *c)
{
	return at((uintptr_t)c + csize(c));
}

static inline struct tag *footer(const struct umalloc_chunk *c)
{
	return (struct tag *)((uintptr_t)c + csize(c) - TAG_SIZE);
}

static inline void *payload(struct umalloc_chunk *c)
{
	return (char *)c + TAG_SIZE;
}

static inline bool is_free(const struct umalloc_chunk *c)
{
	return c->magic == magic_at(c, MAGIC_FREE) && !(c->head & F_USED);
}

static inline bool is_epilogue(const struct umalloc_chunk *c)
{
	return c->magic == magic_at(c, MAGIC_FENCE) && c->head == F_USED;
}

static void set_chunk(struct umalloc_chunk *c, size_t size, bool used)
{
	uint64_t m = magic_at(c, used ? MAGIC_USED : MAGIC_FREE);
	struct tag *t = (struct tag *)((uintptr_t)c + size - TAG_SIZE);

	c->head = size | (used ? F_USED : 0);
	c->magic = m;
	t->head = c->head;
	t->magic = m;
}

static void set_epilogue(uintptr_t top)
{
	struct umalloc_chunk *e = at(top - TAG_SIZE);

	e->head = F_USED;
	e->magic = magic_at(e, MAGIC_FENCE);
}

/* The free chunk just below c, or NULL (used chunk or prologue). */
static struct umalloc_chunk *free_prev(const struct umalloc *h,
				       const struct umalloc_chunk *c)
{
	const struct tag *t = (const struct tag *)((uintptr_t)c - TAG_SIZE);
	size_t size = t->head & SIZE_MASK;
	struct umalloc_chunk *p;

	if (t->magic == magic_at(t, MAGIC_FENCE) || (t->head & F_USED))
		return NULL;
	if (size < UMALLOC_MIN_CHUNK || size > (uintptr_t)c - h->lo)
		return NULL;
	p = at((uintptr_t)c - size);
	if (t->magic != magic_at(p, MAGIC_FREE) || !is_free(p) ||
	    p->head != t->head)
		return NULL;
	return p;
}

static void report(struct umalloc *h, enum umalloc_error err, const void *p)
{
	if (h->corrupt)
		h->corrupt(h->ctx, err, p);
}

/* ---------------------------------------------------------------- bins */

static unsigned int bin_index(size_t size)
{
	unsigned int b, idx;

	if (size < SMALL_BINS * 16)
		return size >> 4;
	b = 63 - __builtin_clzl(size);
	idx = SMALL_BINS + (b - 10) * 4 + ((size >> (b - 2)) & 3);
	return idx < UMALLOC_NBINS ? idx : UMALLOC_NBINS - 1;
}

static void bin_insert(struct umalloc *h, struct umalloc_chunk *c)
{
	unsigned int i = bin_index(csize(c));

	c->prev = NULL;
	c->next = h->bins[i];
	if (c->next)
		c->next->prev = c;
	h->bins[i] = c;
	h->binmap[i / 64] |= 1ull << (i % 64);
	h->free_blocks++;
}

/* Could p be a chunk header?  Checked before following a list link. */
static bool link_ok(const struct umalloc *h, const struct umalloc_chunk *p)
{
	uintptr_t a = (uintptr_t)p;

	return !p || (!(a & (UMALLOC_ALIGN - 1)) && a >= h->lo + TAG_SIZE &&
		      a + UMALLOC_MIN_CHUNK <= h->top);
}

/* Remove c from its bin after checking its links; false if damaged. */
static bool bin_unlink(struct umalloc *h, struct umalloc_chunk *c)
{
	unsigned int i = bin_index(csize(c));

	if (!is_free(c) || csize(c) > h->top - (uintptr_t)c ||
	    footer(c)->head != c->head || footer(c)->magic != c->magic ||
	    !link_ok(h, c->prev) || !link_ok(h, c->next) ||
	    (c->prev ? c->prev->next != c : h->bins[i] != c) ||
	    (c->next && c->next->prev != c)) {
		report(h, UMALLOC_CORRUPT, c);
		return false;
	}
	if (c->prev)
		c->prev->next = c->next;
	else
		h->bins[i] = c->next;
	if (c->next)
		c->next->prev = c->prev;
	if (!h->bins[i])
		h->binmap[i / 64] &= ~(1ull << (i % 64));
	h->free_blocks--;
	return true;
}

/* First non-empty bin at or above i, or UMALLOC_NBINS. */
static unsigned int next_bin(const struct umalloc *h, unsigned int i)
{
	while (i < UMALLOC_NBINS) {
		uint64_t w = h->binmap[i / 64] & (~0ull << (i % 64));

		if (w)
			return (i & ~63u) + __builtin_ctzll(w);
		i = (i & ~63u) + 64;
	}
	return UMALLOC_NBINS;
}

/*
 * Walk at most this many chunks of a bin once one fits: a bin spans a
 * quarter of a power of two, so the best of the first few is within that
 * of the best of all, and long lists no longer cost a walk per malloc.
 */
#define BIN_SEARCH	8

/* A snug chunk of bin i holding at least s bytes, or NULL. */
static struct umalloc_chunk *best_in_bin(struct umalloc *h, unsigned int i,
					 size_t s)
{
	struct umalloc_chunk *c, *best = NULL;
	unsigned int looked = 0;

	for (c = h->bins[i]; c && link_ok(h, c); c = c->next) {
		if (csize(c) >= s && (!best || csize(c) < csize(best))) {
			best = c;
			if (csize(c) == s)
				break;
		}
		if (best && ++looked >= BIN_SEARCH)
			break;
	}
	return best;
}

/* A free chunk of at least s bytes, still in its bin, or NULL. */
static struct umalloc_chunk *find_fit(struct umalloc *h, size_t s)
{
	unsigned int i = bin_index(s);
	struct umalloc_chunk *c;

	if (i >= SMALL_BINS || h->bins[i]) {
		c = best_in_bin(h, i, s);
		if (c)
			return c;
	}
	i = next_bin(h, i + 1);
	if (i >= UMALLOC_NBINS)
		return NULL;
	/* Every chunk of a higher bin is big enough; small bins are exact. */
	return i < SMALL_BINS ? h->bins[i] : best_in_bin(h, i, s);
}

/* ---------------------------------------------------------------- core */

void umalloc_init(struct umalloc *h, umalloc_grow_t grow,
		  umalloc_corrupt_t corrupt, void *ctx)
{
	memset(h, 0, sizeof(*h));
	h->grow = grow;
	h->corrupt = corrupt;
	h->ctx = ctx;
	h->grow_min = 64 * 1024;
	h->trim_threshold = 256 * 1024;
	h->trim_keep = 64 * 1024;
	h->cache_max = 8;
}

/* Chunk size for a request of n bytes; false if it is absurdly large. */
static bool req_size(size_t n, size_t *s)
{
	if (n > MAX_REQUEST)
		return false;
	*s = align_up(n + UMALLOC_OVERHEAD, UMALLOC_ALIGN);
	if (*s < UMALLOC_MIN_CHUNK)
		*s = UMALLOC_MIN_CHUNK;
	return true;
}

static struct umalloc_chunk *last_chunk_if_free(const struct umalloc *h)
{
	const struct tag *t;
	struct umalloc_chunk *c;

	if (!h->top)
		return NULL;
	c = at(h->top - TAG_SIZE);	/* the epilogue */
	t = (const struct tag *)((uintptr_t)c - TAG_SIZE);
	if (t->magic == magic_at(t, MAGIC_FENCE))
		return NULL;
	return free_prev(h, c);
}

static bool break_is_ours(struct umalloc *h)
{
	return (uintptr_t)h->grow(h->ctx, 0) == h->top;
}

/*
 * Give the top free chunk c back down to keep bytes (page granular).
 * c must be the last chunk of the last segment.  Returns bytes released.
 */
static size_t trim_top(struct umalloc *h, struct umalloc_chunk *c, size_t keep)
{
	uintptr_t new_top;
	size_t release;

	if (keep < UMALLOC_MIN_CHUNK)
		keep = UMALLOC_MIN_CHUNK;
	if (keep > csize(c))
		return 0;
	new_top = align_up((uintptr_t)c + keep + TAG_SIZE, UMALLOC_PAGE);
	if (new_top >= h->top || !break_is_ours(h))
		return 0;
	release = h->top - new_top;
	if (!bin_unlink(h, c))
		return 0;
	if (h->grow(h->ctx, -(intptr_t)release) == UMALLOC_GROW_FAIL) {
		bin_insert(h, c);
		return 0;
	}
	set_chunk(c, new_top - TAG_SIZE - (uintptr_t)c, false);
	set_epilogue(new_top);
	bin_insert(h, c);
	h->top = new_top;
	h->heap_bytes -= release;
	return release;
}

/*
 * Make c (a chunk with a valid size, detached from any bin) free:
 * coalesce with free neighbours, file it, and trim if allowed.
 */
static void release(struct umalloc *h, struct umalloc_chunk *c, bool trim)
{
	struct umalloc_chunk *n, *p;
	size_t size = csize(c);

	/* A stale pointer to c now reads as freed, even once absorbed. */
	set_chunk(c, size, false);
	n = next_chunk(c);
	if (is_free(n)) {
		if (!bin_unlink(h, n))
			return;
		size += csize(n);
	}
	p = free_prev(h, c);
	if (p) {
		if (!bin_unlink(h, p))
			return;
		size += csize(p);
		c = p;
	}
	set_chunk(c, size, false);
	bin_insert(h, c);
	if (trim && size >= h->trim_threshold &&
	    (uintptr_t)c + size == h->top - TAG_SIZE)
		trim_top(h, c, h->trim_keep);
}

/* Mark c used with exactly s bytes, releasing any usable remainder. */
static void shrink_to(struct umalloc *h, struct umalloc_chunk *c, size_t s,
		      bool trim)
{
	size_t size = csize(c);
	struct umalloc_chunk *r;

	if (size - s < UMALLOC_MIN_CHUNK)
		return;
	set_chunk(c, s, true);
	r = at((uintptr_t)c + s);
	set_chunk(r, size - s, true);
	h->used_bytes -= size - s;
	release(h, r, trim);
}

/*
 * Obtain memory for at least s more bytes of chunk at the top of the heap.
 * The new space becomes a free chunk (merged with a free top chunk).
 */
static bool extend(struct umalloc *h, size_t s)
{
	struct umalloc_chunk *c, *last = last_chunk_if_free(h);
	uintptr_t cur, end, base;
	size_t want = s, delta;
	void *p;

	if (last && csize(last) < want)
		want -= csize(last);
	/* Room for a new segment's fences and alignment, if need be. */
	delta = want + 2 * TAG_SIZE + 2 * UMALLOC_ALIGN;
	if (delta < h->grow_min)
		delta = h->grow_min;
	cur = h->top;
	if (!cur) {
		p = h->grow(h->ctx, 0);
		if (p == UMALLOC_GROW_FAIL)
			return false;
		cur = (uintptr_t)p;
	}
	if (cur + delta < cur || cur + delta + UMALLOC_PAGE < cur)
		return false;
	delta = align_up(cur + delta, UMALLOC_PAGE) - cur;
	if (delta > (size_t)INTPTR_MAX)
		return false;
	p = h->grow(h->ctx, (intptr_t)delta);
	if (p == UMALLOC_GROW_FAIL)
		return false;

	if (h->top && (uintptr_t)p == h->top) {
		/* Contiguous: the old epilogue starts the new free space. */
		c = at(h->top - TAG_SIZE);
		h->top += delta;
		h->heap_bytes += delta;
		set_chunk(c, h->top - TAG_SIZE - (uintptr_t)c, false);
		set_epilogue(h->top);
		release(h, c, false);
		return true;
	}

	/*
	 * A new segment (the first one, or the break moved under us).  It
	 * must hold s bytes by itself and should end page aligned, so that
	 * later growth is contiguous again.
	 */
	cur = (uintptr_t)p + delta;
	end = align_up((uintptr_t)p + s + 2 * TAG_SIZE + 2 * UMALLOC_ALIGN,
		       UMALLOC_PAGE);
	if (end < (uintptr_t)p)
		return false;
	if (end > cur) {
		if (end - cur > (size_t)INTPTR_MAX ||
		    (uintptr_t)h->grow(h->ctx, (intptr_t)(end - cur)) != cur)
			return false;	/* what p holds stays unused */
		delta = end - (uintptr_t)p;
	}
	base = align_up((uintptr_t)p, UMALLOC_ALIGN);
	end = ((uintptr_t)p + delta) & ~(uintptr_t)(UMALLOC_ALIGN - 1);
	((struct tag *)base)->head = (uintptr_t)h->last_seg;
	((struct tag *)base)->magic = magic_at((void *)base, MAGIC_FENCE);
	h->last_seg = at(base);
	if (!h->lo || base < h->lo)
		h->lo = base;
	h->top = end;
	h->heap_bytes += end - base;
	c = at(base + TAG_SIZE);
	set_chunk(c, end - TAG_SIZE - (uintptr_t)c, false);
	set_epilogue(end);
	bin_insert(h, c);
	return true;
}

/* A used chunk of exactly s bytes (after splitting), or NULL. */
static struct umalloc_chunk *get_chunk(struct umalloc *h, size_t s)
{
	struct umalloc_chunk *c = find_fit(h, s);
	int tries;

	/* A second extension covers a break that moved under us (the first
	 * then starts a new segment, which may be too small). */
	for (tries = 0; !c && tries < 2; tries++) {
		if (!extend(h, s))
			return NULL;
		c = find_fit(h, s);
	}
	if (!c)
		return NULL;
	if (!bin_unlink(h, c))
		return NULL;
	set_chunk(c, csize(c), true);
	h->used_bytes += csize(c);
	h->used_blocks++;
	shrink_to(h, c, s, false);
	return c;
}

/* ---------------------------------------------------------------- cache */

/* c is a cached chunk of s bytes whose link could be a chunk header. */
static bool cached_ok(const struct umalloc *h, const struct umalloc_chunk *c,
		      size_t s)
{
	return link_ok(h, c) && c->magic == magic_at(c, MAGIC_CACHED) &&
	       c->head == (s | F_USED) && footer(c)->head == c->head &&
	       footer(c)->magic == c->magic && link_ok(h, c->next);
}

/* Keep a used chunk c (already out of the used counts) for reuse. */
static bool cache_put(struct umalloc *h, struct umalloc_chunk *c)
{
	size_t s = csize(c);
	unsigned int i = s >> 4;

	if (s > UMALLOC_CACHE_MAX || h->cache_count[i] >= h->cache_max)
		return false;
	c->magic = magic_at(c, MAGIC_CACHED);
	footer(c)->magic = c->magic;
	c->next = h->cache[i];
	h->cache[i] = c;
	h->cache_count[i]++;
	h->cached_bytes += s;
	h->cached_blocks++;
	return true;
}

/*
 * Take a cached chunk of s bytes: NULL when there is none; *bad when the
 * list is damaged (reported; the size's list is dropped).
 */
static struct umalloc_chunk *cache_get(struct umalloc *h, size_t s, bool *bad)
{
	unsigned int i = s >> 4;
	struct umalloc_chunk *c;

	if (s > UMALLOC_CACHE_MAX || !h->cache[i])
		return NULL;
	c = h->cache[i];
	if (!cached_ok(h, c, s)) {
		report(h, UMALLOC_CORRUPT, c);
		h->cache[i] = NULL;
		h->cache_count[i] = 0;
		*bad = true;
		return NULL;
	}
	h->cache[i] = c->next;
	h->cache_count[i]--;
	h->cached_bytes -= s;
	h->cached_blocks--;
	set_chunk(c, s, true);
	h->used_bytes += s;
	h->used_blocks++;
	return c;
}

/* Every cached chunk back to the bins (coalesced). */
static void cache_flush(struct umalloc *h)
{
	unsigned int i;
	bool bad = false;

	for (i = 0; i <= UMALLOC_CACHE_MAX / 16; i++) {
		struct umalloc_chunk *c;

		while (!bad && (c = cache_get(h, (size_t)i << 4, &bad))) {
			h->used_bytes -= csize(c);
			h->used_blocks--;
			release(h, c, false);
		}
	}
}

void *umalloc_malloc(struct umalloc *h, size_t size)
{
	struct umalloc_chunk *c;
	bool bad = false;
	size_t s;

	if (!req_size(size, &s))
		return NULL;
	c = cache_get(h, s, &bad);
	if (!c && !bad)
		c = get_chunk(h, s);
	return c ? payload(c) : NULL;
}

/* The used chunk holding p, or NULL (with *err set) if p is not one. */
static struct umalloc_chunk *lookup(const struct umalloc *h, const void *p,
				    enum umalloc_error *err)
{
	uintptr_t a = (uintptr_t)p;
	struct umalloc_chunk *c;
	struct tag *t;
	size_t size;

	*err = UMALLOC_BAD_POINTER;
	if ((a & (UMALLOC_ALIGN - 1)) || !h->top || a < h->lo + 2 * TAG_SIZE ||
	    a >= h->top)
		return NULL;
	c = at(a - TAG_SIZE);
	if (c->magic == magic_at(c, MAGIC_FREE) ||
	    c->magic == magic_at(c, MAGIC_CACHED)) {
		*err = UMALLOC_DOUBLE_FREE;
		return NULL;
	}
	if (c->magic != magic_at(c, MAGIC_USED))
		return NULL;
	size = csize(c);
	*err = UMALLOC_CORRUPT;
	if (!(c->head & F_USED) || size < UMALLOC_MIN_CHUNK ||
	    size > h->top - TAG_SIZE - (uintptr_t)c)
		return NULL;
	t = footer(c);
	*err = UMALLOC_OVERFLOW;
	if (t->head != c->head || t->magic != c->magic)
		return NULL;
	*err = UMALLOC_OK;
	return c;
}

static struct umalloc_chunk *check_block(struct umalloc *h, void *p)
{
	enum umalloc_error err;
	struct umalloc_chunk *c = lookup(h, p, &err);

	if (!c)
		report(h, err, p);
	return c;
}

void umalloc_free(struct umalloc *h, void *p)
{
	struct umalloc_chunk *c;

	if (!p)
		return;
	c = check_block(h, p);
	if (!c)
		return;
	h->used_bytes -= csize(c);
	h->used_blocks--;
	if (!cache_put(h, c))
		release(h, c, true);
}

void *umalloc_calloc(struct umalloc *h, size_t n, size_t size)
{
	size_t total;
	void *p;

	if (__builtin_mul_overflow(n, size, &total))
		return NULL;
	p = umalloc_malloc(h, total);
	if (p)
		memset(p, 0, total);
	return p;
}

void *umalloc_realloc(struct umalloc *h, void *p, size_t size)
{
	struct umalloc_chunk *c, *n;
	size_t s, have;
	void *q;

	if (!p)
		return umalloc_malloc(h, size);
	if (!size) {
		umalloc_free(h, p);
		return NULL;
	}
	c = check_block(h, p);
	if (!c || !req_size(size, &s))
		return NULL;
	have = csize(c);
	if (s <= have) {
		shrink_to(h, c, s, true);
		return p;
	}

	/* Grow in place: absorb a free successor, extending the heap first
	 * when this block is the last one. */
	n = next_chunk(c);
	if (is_free(n))
		n = next_chunk(n);
	if (is_epilogue(n) && (uintptr_t)n + TAG_SIZE == h->top)
		extend(h, s - have);
	n = next_chunk(c);
	if (is_free(n) && have + csize(n) >= s) {
		if (!bin_unlink(h, n))
			return NULL;
		h->used_bytes += csize(n);
		set_chunk(c, have + csize(n), true);
		shrink_to(h, c, s, false);
		return p;
	}

	q = umalloc_malloc(h, size);
	if (!q)
		return NULL;
	memcpy(q, p, have - UMALLOC_OVERHEAD);
	umalloc_free(h, p);
	return q;
}

void *umalloc_memalign(struct umalloc *h, size_t align, size_t size)
{
	struct umalloc_chunk *c, *nc;
	uintptr_t a, aligned;
	size_t s, lead;

	if (align <= UMALLOC_ALIGN)
		return umalloc_malloc(h, size);
	if ((align & (align - 1)) || align > UMALLOC_MAX_ALIGN ||
	    !req_size(size, &s))
		return NULL;
	c = get_chunk(h, s + align + UMALLOC_MIN_CHUNK);
	if (!c)
		return NULL;
	a = (uintptr_t)payload(c);
	if (a & (align - 1)) {
		/* Split off a leading free chunk of at least the minimum. */
		aligned = align_up(a + UMALLOC_MIN_CHUNK, align);
		nc = at(aligned - TAG_SIZE);
		lead = (uintptr_t)nc - (uintptr_t)c;
		set_chunk(nc, csize(c) - lead, true);
		set_chunk(c, lead, true);
		h->used_bytes -= lead;
		release(h, c, false);
		c = nc;
	}
	shrink_to(h, c, s, false);
	return payload(c);
}

size_t umalloc_usable_size(struct umalloc *h, const void *p)
{
	enum umalloc_error err;
	struct umalloc_chunk *c;

	if (!p)
		return 0;
	c = lookup(h, p, &err);
	return c ? csize(c) - UMALLOC_OVERHEAD : 0;
}

size_t umalloc_trim(struct umalloc *h, size_t keep)
{
	struct umalloc_chunk *c;

	cache_flush(h);
	c = last_chunk_if_free(h);
	return c ? trim_top(h, c, keep) : 0;
}

void umalloc_stats(const struct umalloc *h, struct umalloc_stats *st)
{
	const struct umalloc_chunk *c, *top = last_chunk_if_free(h);
	unsigned int i;

	memset(st, 0, sizeof(*st));
	st->heap_bytes = h->heap_bytes;
	st->used_bytes = h->used_bytes;
	st->used_blocks = h->used_blocks;
	st->free_blocks = h->free_blocks;
	st->cached_bytes = h->cached_bytes;
	st->cached_blocks = h->cached_blocks;
	st->top_free = top ? csize(top) : 0;
	for (i = 0; i < UMALLOC_NBINS; i++)
		for (c = h->bins[i]; c && link_ok(h, c); c = c->next)
			st->free_bytes += csize(c);
}

/* ---------------------------------------------------------------- check */

struct check_counts {
	size_t nfree, used, nused, cached, ncached, bytes;
};

static enum umalloc_error check_segment(const struct umalloc *h,
					uintptr_t base, bool last,
					struct check_counts *n)
{
	const struct tag *pro = (const struct tag *)base;
	const struct umalloc_chunk *c = at(base + TAG_SIZE);
	bool prev_free = false;

	if (pro->magic != magic_at(pro, MAGIC_FENCE))
		return UMALLOC_CORRUPT;
	for (;;) {
		size_t size = csize(c);
		const struct tag *t;

		if ((uintptr_t)c >= h->top)
			return UMALLOC_CORRUPT;
		if (is_epilogue(c))
			break;
		if (size < UMALLOC_MIN_CHUNK ||
		    (c->head & ~SIZE_MASK & ~F_USED) ||
		    size > h->top - TAG_SIZE - (uintptr_t)c)
			return UMALLOC_CORRUPT;
		t = footer(c);
		if (t->head != c->head || t->magic != c->magic)
			return UMALLOC_OVERFLOW;
		if (is_free(c)) {
			if (prev_free)	/* should have been coalesced */
				return UMALLOC_CORRUPT;
			prev_free = true;
			n->nfree++;
		} else if (c->magic == magic_at(c, MAGIC_USED) &&
			   (c->head & F_USED)) {
			prev_free = false;
			n->used += size;
			n->nused++;
		} else if (c->magic == magic_at(c, MAGIC_CACHED) &&
			   (c->head & F_USED) && size <= UMALLOC_CACHE_MAX) {
			prev_free = false;
			n->cached += size;
			n->ncached++;
		} else {
			return UMALLOC_CORRUPT;
		}
		c = next_chunk(c);
	}
	if (last && (uintptr_t)c + TAG_SIZE != h->top)
		return UMALLOC_CORRUPT;
	n->bytes += (uintptr_t)c + TAG_SIZE - base;
	return UMALLOC_OK;
}

/* The per-size lists hold exactly the cached chunks of the segments. */
static enum umalloc_error check_cache(const struct umalloc *h,
				      const struct check_counts *n)
{
	size_t blocks = 0, bytes = 0;
	unsigned int i, k;

	for (i = 0; i <= UMALLOC_CACHE_MAX / 16; i++) {
		const struct umalloc_chunk *c = h->cache[i];

		for (k = 0; c; k++, c = c->next) {
			if (k >= h->cache_count[i] || !cached_ok(h, c, i << 4))
				return UMALLOC_CORRUPT;
			bytes += csize(c);
		}
		if (k != h->cache_count[i] || k > h->cache_max)
			return UMALLOC_CORRUPT;
		blocks += k;
	}
	if (blocks != h->cached_blocks || blocks != n->ncached ||
	    bytes != h->cached_bytes || bytes != n->cached)
		return UMALLOC_CORRUPT;
	return UMALLOC_OK;
}

static const struct umalloc_chunk *prev_segment(const struct umalloc_chunk *s)
{
	return (const struct umalloc_chunk *)((const struct tag *)s)->head;
}

enum umalloc_error umalloc_check(const struct umalloc *h)
{
	struct check_counts n = { 0 };
	size_t inbins = 0;
	const struct umalloc_chunk *seg;
	enum umalloc_error err;
	unsigned int i;

	/* Each prologue's head links to the previous segment. */
	for (seg = h->last_seg; seg; seg = prev_segment(seg)) {
		err = check_segment(h, (uintptr_t)seg, seg == h->last_seg, &n);
		if (err)
			return err;
	}
	for (i = 0; i < UMALLOC_NBINS; i++) {
		const struct umalloc_chunk *c, *prev = NULL;
		bool bit = h->binmap[i / 64] & (1ull << (i % 64));

		if (bit != (h->bins[i] != NULL))
			return UMALLOC_CORRUPT;
		for (c = h->bins[i]; c; prev = c, c = c->next) {
			if (!link_ok(h, c) || ++inbins > n.nfree ||
			    !is_free(c) || c->prev != prev ||
			    bin_index(csize(c)) != i)
				return UMALLOC_CORRUPT;
		}
	}
	if (inbins != n.nfree || n.nfree != h->free_blocks ||
	    n.used != h->used_bytes || n.nused != h->used_blocks ||
	    n.bytes != h->heap_bytes)
		return UMALLOC_CORRUPT;
	return check_cache(h, &n);
}

const char *umalloc_strerror(enum umalloc_error err)
{
	switch (err) {
	case UMALLOC_OK:
		return "ok";
	case UMALLOC_BAD_POINTER:
		return "not a live heap block";
	case UMALLOC_DOUBLE_FREE:
		return "double free";
	case UMALLOC_OVERFLOW:
		return "block overflow (footer overwritten)";
	case UMALLOC_CORRUPT:
		return "heap metadata corrupted";
	}
	return "unknown heap error";
}
