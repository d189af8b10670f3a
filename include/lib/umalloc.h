/* SPDX-License-Identifier: GPL-2.0 */
/*
 * umalloc: the userspace heap allocator core (malloc/free/realloc over a
 * break), kept free of system calls so that the host tests can drive it.
 *
 * Design: boundary tags and segregated free lists.
 *
 *  - The heap is one or more segments obtained with the grow() callback
 *    (sbrk semantics).  A segment starts with a 16-byte prologue and ends
 *    with a 16-byte epilogue header; in between lie chunks, back to back.
 *  - A chunk is a multiple of 16 bytes, at least UMALLOC_MIN_CHUNK.  It has
 *    a 16-byte header { size | flags, magic } and an identical 16-byte
 *    footer at its end, so the payload (between the two) is 16-aligned.
 *    The magic is MAGIC_USED or MAGIC_FREE xor the header address: freeing
 *    checks it (double free, foreign pointer) and that the footer still
 *    matches (a write past the end of the block).
 *  - Free chunks hold list links in their payload and sit in one of
 *    UMALLOC_NBINS bins: exact bins of 16-byte steps below 1 KiB, then
 *    four bins per power of two.  A bitmap finds the next non-empty bin.
 *    Allocation takes the best fit of the first bin that has one, splitting
 *    off any remainder of UMALLOC_MIN_CHUNK or more.
 *  - Freeing coalesces with free neighbours at once, so two free chunks are
 *    never adjacent.  Except for small chunks (UMALLOC_CACHE_MAX bytes and
 *    less): up to cache_max of each size are kept aside, still tagged as
 *    in use (with their own magic, so a second free is still caught), in
 *    a LIFO list per size that the next malloc of that size takes from
 *    first, skipping the bins; umalloc_trim() gives them back.  When the free chunk at the top of the last segment
 *    grows to trim_threshold bytes, everything above trim_keep bytes is
 *    handed back to grow() (whole pages).
 *
 * Not thread safe: userspace is single-threaded.
 */
#ifndef _LIB_UMALLOC_H
#define _LIB_UMALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define UMALLOC_ALIGN		16
#define UMALLOC_OVERHEAD	32	/* header + footer per block */
#define UMALLOC_MIN_CHUNK	48	/* header + two links + footer */
#define UMALLOC_PAGE		4096
#define UMALLOC_NBINS		256
#define UMALLOC_MAX_ALIGN	(1ul << 20)
/* Largest chunk the per-size cache keeps (a 224-byte request). */
#define UMALLOC_CACHE_MAX	256

/* grow() returns this on failure (as sbrk returns (void *)-1). */
#define UMALLOC_GROW_FAIL	((void *)-1)

enum umalloc_error {
	UMALLOC_OK = 0,
	UMALLOC_BAD_POINTER,	/* not a live block of this heap */
	UMALLOC_DOUBLE_FREE,	/* the block is already free */
	UMALLOC_OVERFLOW,	/* footer overwritten: write past the block */
	UMALLOC_CORRUPT,	/* other metadata damage (free list, sizes) */
};

/*
 * Move the break by delta bytes (delta may be 0 or negative) and return
 * the previous break, or UMALLOC_GROW_FAIL if the request cannot be met
 * (the break is then unchanged).
 */
typedef void *(*umalloc_grow_t)(void *ctx, intptr_t delta);

/*
 * Called when a check fails; ptr is the pointer being freed / reallocated
 * or the damaged chunk.  If it returns, the operation is abandoned: free
 * does nothing, malloc/realloc return NULL.
 */
typedef void (*umalloc_corrupt_t)(void *ctx, enum umalloc_error err,
				  const void *ptr);

struct umalloc_chunk;

struct umalloc {
	umalloc_grow_t grow;
	umalloc_corrupt_t corrupt;
	void *ctx;
	/* Tunables, set by umalloc_init(); may be changed afterwards. */
	size_t grow_min;	/* smallest heap extension (bytes) */
	size_t trim_threshold;	/* top free chunk size to trim at */
	size_t trim_keep;	/* bytes of top free chunk kept by a trim */
	unsigned int cache_max;	/* chunks cached per size; 0: no cache */

	/* Private. */
	uintptr_t lo;			/* lowest segment start */
	uintptr_t top;			/* end of the last segment */
	struct umalloc_chunk *last_seg;	/* the last segment's prologue */
	size_t heap_bytes;		/* sum of segment sizes */
	size_t used_bytes;		/* sum of in-use chunk sizes */
	size_t used_blocks;
	size_t free_blocks;
	uint64_t binmap[UMALLOC_NBINS / 64];
	struct umalloc_chunk *bins[UMALLOC_NBINS];
	size_t cached_bytes;		/* in the per-size cache */
	size_t cached_blocks;
	unsigned int cache_count[UMALLOC_CACHE_MAX / 16 + 1];
	struct umalloc_chunk *cache[UMALLOC_CACHE_MAX / 16 + 1];
};

struct umalloc_stats {
	size_t heap_bytes;	/* bytes currently obtained from grow() */
	size_t used_bytes;	/* bytes in in-use chunks (incl. overhead) */
	size_t free_bytes;	/* bytes in free chunks */
	size_t cached_bytes;	/* bytes in cached chunks (neither) */
	size_t used_blocks;
	size_t free_blocks;
	size_t cached_blocks;
	size_t top_free;	/* size of the free chunk at the top (or 0) */
};

void umalloc_init(struct umalloc *h, umalloc_grow_t grow,
		  umalloc_corrupt_t corrupt, void *ctx);

void *umalloc_malloc(struct umalloc *h, size_t size);
void umalloc_free(struct umalloc *h, void *p);
/* n * size overflowing returns NULL; the block is zeroed. */
void *umalloc_calloc(struct umalloc *h, size_t n, size_t size);
/*
 * realloc(NULL, n) = malloc(n); realloc(p, 0) frees p and returns NULL.
 * Shrinks and grows in place when the following chunk allows (or the block
 * is at the top of the heap); on failure returns NULL and p is untouched.
 */
void *umalloc_realloc(struct umalloc *h, void *p, size_t size);
/* align: a power of two up to UMALLOC_MAX_ALIGN, else NULL. */
void *umalloc_memalign(struct umalloc *h, size_t align, size_t size);
/* Bytes usable at p (>= the size requested); 0 for NULL or a bad pointer. */
size_t umalloc_usable_size(struct umalloc *h, const void *p);

/*
 * Empty the per-size cache into the bins, then give back the top free
 * chunk beyond keep bytes; returns bytes freed.
 */
size_t umalloc_trim(struct umalloc *h, size_t keep);

void umalloc_stats(const struct umalloc *h, struct umalloc_stats *st);

/*
 * Walk every segment, chunk and bin and verify all invariants.  Returns
 * UMALLOC_OK or the first problem found (the corrupt hook is not called).
 */
enum umalloc_error umalloc_check(const struct umalloc *h);

const char *umalloc_strerror(enum umalloc_error err);

#endif /* _LIB_UMALLOC_H */
