/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Slab caches of fixed-size objects carved from 4 KiB pages.  Each page
 * starts with a header naming its cache, so freeing needs only the object
 * pointer.  Pages come from and go back to caller-supplied callbacks, which
 * lets the same code run in the kernel (frames) and in host tests (malloc).
 */
#ifndef _LIB_SLAB_H
#define _LIB_SLAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SLAB_PAGE_SIZE	4096u
#define SLAB_HDR_SIZE	128u
#define SLAB_MAX_OBJS	((SLAB_PAGE_SIZE - SLAB_HDR_SIZE) / 16u)
#define SLAB_MAX_SIZE	(SLAB_PAGE_SIZE - SLAB_HDR_SIZE)
#define SLAB_MAGIC	0x51ab51abu

struct slab_cache;

struct slab_page {
	uint32_t magic;
	uint32_t inuse;			/* objects handed out */
	struct slab_cache *cache;
	struct slab_page *next, *prev;	/* on the cache's partial/full list */
	void *freelist;			/* free objects, linked through themselves */
	uint32_t carved;		/* objects carved from the page so far */
	uint8_t live[(SLAB_MAX_OBJS + 7) / 8];	/* one bit per handed-out slot */
};
_Static_assert(sizeof(struct slab_page) <= SLAB_HDR_SIZE, "slab header");

typedef void *(*slab_page_alloc_t)(void *ctx);	/* 4 KiB, 4 KiB aligned */
typedef void (*slab_page_free_t)(void *ctx, void *page);

struct slab_cache {
	uint32_t obj_size;
	uint32_t per_page;
	struct slab_page *partial;	/* pages with free objects */
	struct slab_page *full;
	struct slab_page *spare;	/* one empty page kept to avoid churn */
	uint64_t nr_pages;
	uint64_t nr_objects;		/* live objects */
	slab_page_alloc_t page_alloc;
	slab_page_free_t page_free;
	void *ctx;
};

/* 0, or -1 if obj_size is 0 or does not fit a page with its header. */
int slab_cache_init(struct slab_cache *c, uint32_t obj_size,
		    slab_page_alloc_t page_alloc, slab_page_free_t page_free,
		    void *ctx);
void *slab_alloc(struct slab_cache *c);
/* 0 on success; negative if obj is not a live object of this cache. */
int slab_free(struct slab_cache *c, void *obj);
/* The cache an object belongs to, or NULL if p is not in a slab page. */
struct slab_cache *slab_cache_of(const void *p);
/* Returns the spare page (if any) to the page allocator. */
void slab_shrink(struct slab_cache *c);

#endif
