// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel heap.  Requests up to 1 KiB come from slab caches of ten size
 * classes (lib/slab.c); larger ones get whole frames (power-of-two blocks
 * from the buddy allocator, their order kept in the frame metadata).
 *
 * With CONFIG_DEBUG_KMALLOC every object carries a header (state, size,
 * caller) and a red zone behind it; kfree checks both, poisons the memory,
 * and a second kfree of the same pointer panics naming both callers.
 */
#include <lib/slab.h>
#include <lib/string.h>
#include <panda/mm.h>
#include <panda/printk.h>
#include <panda/spinlock.h>
#include "internal.h"

static const uint32_t class_sizes[] = { 16, 32, 64, 96, 128, 192, 256, 512,
					1024 };
#define NR_CLASSES	ARRAY_SIZE(class_sizes)
#define SLAB_MAX	1024

#define LARGE_TAG	0x4b00		/* buddy_frame.user of a large block */

struct dbg_hdr {
	uint64_t slab_link;	/* the slab free list may overwrite this */
	uint32_t magic;
	uint32_t size;
	const void *caller;	/* who allocated, then who freed */
	uint64_t pad;
};
_Static_assert(sizeof(struct dbg_hdr) == 32, "debug header");

static struct slab_cache caches[NR_CLASSES];
static spinlock_t heap_lock = SPINLOCK_INIT;
static uint64_t heap_bytes, heap_objects, large_pages;

#ifdef CONFIG_DEBUG_KMALLOC
#define DBG_HDR		32
#define DBG_TAIL	16
#define MAGIC_LIVE	0xa110ca7e
#define MAGIC_FREE	0xdeadf7ee
#define REDZONE_BYTE	0xcc
#define POISON_BYTE	0x6b

#else
#define DBG_HDR		0
#define DBG_TAIL	0
#endif

static void *slab_page_alloc(void *ctx)
{
	phys_addr_t pa = alloc_frame();

	return pa ? phys_to_virt(pa) : NULL;
}

static void slab_page_free(void *ctx, void *page)
{
	free_frame(virt_to_phys(page));
}

void kmalloc_init(void)
{
	unsigned int i;

	for (i = 0; i < NR_CLASSES; i++)
		if (slab_cache_init(&caches[i], class_sizes[i], slab_page_alloc,
				    slab_page_free, NULL))
			panic("kmalloc: size class %u does not fit a slab",
			      class_sizes[i]);
}

static int size_class(size_t size)
{
	unsigned int i;

	for (i = 0; i < NR_CLASSES; i++)
		if (size <= class_sizes[i])
			return i;
	return -1;
}

static unsigned int pages_order(size_t size)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < size)
		order++;
	return order;
}

static void *alloc_large(size_t size)
{
	unsigned int order = pages_order(size);
	struct buddy_frame *f;
	phys_addr_t pa;

	if (order > BUDDY_MAX_ORDER)
		return NULL;
	pa = alloc_frames(order);
	if (!pa)
		return NULL;
	f = buddy_frame(&frame_buddy, pa >> PAGE_SHIFT);
	f->user = LARGE_TAG | order;
	f->user32 = (uint32_t)size;
	large_pages += 1UL << order;
	return phys_to_virt(pa);
}

/* Returns the usable size of a raw object, or 0 if it is not one of ours. */
static size_t raw_size(const void *obj, struct slab_cache **cache,
		       struct buddy_frame **frame)
{
	*cache = NULL;
	*frame = NULL;
	if (!is_ram_map_addr(obj))
		return 0;
	if (IS_ALIGNED((uint64_t)obj, PAGE_SIZE)) {
		struct buddy_frame *f = buddy_frame(
			&frame_buddy, virt_to_phys(obj) >> PAGE_SHIFT);

		if (!f || (f->user & 0xff00) != LARGE_TAG)
			return 0;
		*frame = f;
		return PAGE_SIZE << (f->user & 0xff);
	}
	*cache = slab_cache_of(obj);
	if (*cache < caches || *cache >= caches + NR_CLASSES)
		return 0;
	return (*cache)->obj_size;
}

static void *raw_alloc(size_t size)
{
	int cls = size_class(size);
	uint64_t flags;
	void *obj;

	spin_lock_irqsave(&heap_lock, flags);
	obj = cls >= 0 ? slab_alloc(&caches[cls]) : NULL;
	spin_unlock_irqrestore(&heap_lock, flags);
	if (cls < 0)
		obj = alloc_large(size);
	return obj;
}

static void raw_free(void *obj, const void *caller)
{
	struct slab_cache *cache;
	struct buddy_frame *f;
	uint64_t flags;
	int ret = 0;

	if (!raw_size(obj, &cache, &f))
		panic("kfree(%p) from %p: not a heap pointer", obj, caller);
	if (f) {
		unsigned int order = f->user & 0xff;

		f->user = 0;
		large_pages -= 1UL << order;
		free_frames(virt_to_phys(obj), order);
		return;
	}
	spin_lock_irqsave(&heap_lock, flags);
	ret = slab_free(cache, obj);
	spin_unlock_irqrestore(&heap_lock, flags);
	if (ret)
		panic("kfree(%p) from %p: not an allocated object (double free?)",
		      obj, caller);
}

#ifdef CONFIG_DEBUG_KMALLOC
static void *debug_wrap(void *obj, size_t size, const void *caller)
{
	struct dbg_hdr *h = obj;
	uint8_t *user = (uint8_t *)obj + DBG_HDR;
	size_t i;

	if (h->magic == MAGIC_FREE) {	/* reused: poison must be intact */
		for (i = 0; i < h->size; i++)
			if (user[i] != POISON_BYTE)
				panic("kmalloc: object %p (%u bytes, freed by %p) was written after free at +%lu",
				      user, h->size, h->caller, i);
	}
	h->magic = MAGIC_LIVE;
	h->size = (uint32_t)size;
	h->caller = caller;
	memset(user + size, REDZONE_BYTE, DBG_TAIL);
	return user;
}

static void *debug_unwrap(const void *p, const void *caller)
{
	struct dbg_hdr *h = (struct dbg_hdr *)((uint8_t *)p - DBG_HDR);
	uint8_t *user = (uint8_t *)p;
	size_t i;

	if (!is_ram_map_addr(h))
		panic("kfree(%p) from %p: not a heap pointer", p, caller);
	if (h->magic == MAGIC_FREE)
		panic("kfree(%p): double free by %p (first freed by %p)", p,
		      caller, h->caller);
	if (h->magic != MAGIC_LIVE)
		panic("kfree(%p) from %p: bad header (not allocated, or underrun)",
		      p, caller);
	for (i = 0; i < DBG_TAIL; i++)
		if (user[h->size + i] != REDZONE_BYTE)
			panic("kfree(%p) from %p: red zone overwritten at +%u (buffer overrun; allocated by %p)",
			      p, caller, h->size + (unsigned int)i, h->caller);
	memset(user, POISON_BYTE, h->size);
	h->magic = MAGIC_FREE;
	h->caller = caller;
	return h;
}
#endif

static void *do_kmalloc(size_t size, const void *caller)
{
	void *obj;

	if (!size || size > (PAGE_SIZE << BUDDY_MAX_ORDER) - DBG_HDR - DBG_TAIL)
		return NULL;
	obj = raw_alloc(size + DBG_HDR + DBG_TAIL);
	if (!obj)
		return NULL;
#ifdef CONFIG_DEBUG_KMALLOC
	obj = debug_wrap(obj, size, caller);
#else
	size = ksize(obj);	/* account what kfree will subtract */
#endif
	__atomic_add_fetch(&heap_bytes, size, __ATOMIC_RELAXED);
	__atomic_add_fetch(&heap_objects, 1, __ATOMIC_RELAXED);
	return obj;
}

void *kmalloc(size_t size)
{
	return do_kmalloc(size, __builtin_return_address(0));
}

void *kzalloc(size_t size)
{
	void *p = do_kmalloc(size, __builtin_return_address(0));

	if (p)
		memset(p, 0, size);
	return p;
}

size_t ksize(const void *p)
{
	struct slab_cache *cache;
	struct buddy_frame *f;

	if (!p)
		return 0;
	if (IS_ENABLED(CONFIG_DEBUG_KMALLOC))
		return ((const struct dbg_hdr *)p - 1)->size;
	return raw_size(p, &cache, &f);
}

void kfree(const void *p)
{
	const void *caller = __builtin_return_address(0);
	size_t size;
	void *obj = (void *)p;

	if (!p)
		return;
#ifdef CONFIG_DEBUG_KMALLOC
	size = ((const struct dbg_hdr *)((const uint8_t *)p - DBG_HDR))->size;
	obj = debug_unwrap(p, caller);
#else
	size = ksize(p);
#endif
	raw_free(obj, caller);
	__atomic_sub_fetch(&heap_bytes, size, __ATOMIC_RELAXED);
	__atomic_sub_fetch(&heap_objects, 1, __ATOMIC_RELAXED);
}

void kmalloc_stats(struct mem_stats *st)
{
	uint64_t pages = large_pages;
	unsigned int i;

	for (i = 0; i < NR_CLASSES; i++)
		pages += caches[i].nr_pages;
	st->heap_bytes = heap_bytes;
	st->heap_objects = heap_objects;
	st->heap_pages = pages;
}
