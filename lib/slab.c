// SPDX-License-Identifier: GPL-2.0
/*
 * Slab caches (see include/lib/slab.h).  Objects are carved lazily from a
 * fresh page, so a new page costs no initialisation loop; freed objects are
 * kept on the page's free list.  A page that becomes empty is kept as the
 * cache's spare, or returned when a spare already exists.
 */
#include <lib/slab.h>

static struct slab_page *page_of(const void *p)
{
	return (struct slab_page *)((uintptr_t)p & ~(uintptr_t)(SLAB_PAGE_SIZE - 1));
}

int slab_cache_init(struct slab_cache *c, uint32_t obj_size,
		    slab_page_alloc_t page_alloc, slab_page_free_t page_free,
		    void *ctx)
{
	if (!obj_size || obj_size > SLAB_MAX_SIZE)
		return -1;
	if (obj_size < sizeof(void *))
		obj_size = sizeof(void *);
	obj_size = (obj_size + 15) & ~15u;
	*c = (struct slab_cache){
		.obj_size = obj_size,
		.per_page = (SLAB_PAGE_SIZE - SLAB_HDR_SIZE) / obj_size,
		.page_alloc = page_alloc,
		.page_free = page_free,
		.ctx = ctx,
	};
	return 0;
}

static void list_del(struct slab_page **head, struct slab_page *p)
{
	if (p->prev)
		p->prev->next = p->next;
	else
		*head = p->next;
	if (p->next)
		p->next->prev = p->prev;
	p->next = p->prev = NULL;
}

static void list_add(struct slab_page **head, struct slab_page *p)
{
	p->prev = NULL;
	p->next = *head;
	if (*head)
		(*head)->prev = p;
	*head = p;
}

static struct slab_page *new_page(struct slab_cache *c)
{
	struct slab_page *p = c->spare;

	if (p) {
		c->spare = NULL;
	} else {
		p = c->page_alloc(c->ctx);
		if (!p)
			return NULL;
		c->nr_pages++;
	}
	*p = (struct slab_page){ .magic = SLAB_MAGIC, .cache = c };
	return p;
}

void *slab_alloc(struct slab_cache *c)
{
	struct slab_page *p = c->partial;
	uint32_t slot;
	void *obj;

	if (!p) {
		p = new_page(c);
		if (!p)
			return NULL;
		list_add(&c->partial, p);
	}
	if (p->freelist) {
		obj = p->freelist;
		p->freelist = *(void **)obj;
	} else {
		obj = (char *)p + SLAB_HDR_SIZE + (size_t)p->carved * c->obj_size;
		p->carved++;
	}
	slot = ((uintptr_t)obj - (uintptr_t)p - SLAB_HDR_SIZE) / c->obj_size;
	p->live[slot / 8] |= (uint8_t)(1u << (slot % 8));
	p->inuse++;
	c->nr_objects++;
	if (p->inuse == c->per_page) {
		list_del(&c->partial, p);
		list_add(&c->full, p);
	}
	return obj;
}

struct slab_cache *slab_cache_of(const void *p)
{
	const struct slab_page *page = page_of(p);

	if ((uintptr_t)p - (uintptr_t)page < SLAB_HDR_SIZE ||
	    page->magic != SLAB_MAGIC)
		return NULL;
	return page->cache;
}

int slab_free(struct slab_cache *c, void *obj)
{
	struct slab_page *p = page_of(obj);
	uintptr_t off = (uintptr_t)obj - (uintptr_t)p;
	uint32_t slot;

	if (p->magic != SLAB_MAGIC || p->cache != c || off < SLAB_HDR_SIZE ||
	    (off - SLAB_HDR_SIZE) % c->obj_size ||
	    (off - SLAB_HDR_SIZE) / c->obj_size >= p->carved || !p->inuse)
		return -1;
	slot = (uint32_t)((off - SLAB_HDR_SIZE) / c->obj_size);
	if (!(p->live[slot / 8] & (1u << (slot % 8))))
		return -1;	/* not handed out: a double free */
	p->live[slot / 8] &= (uint8_t)~(1u << (slot % 8));
	if (p->inuse == c->per_page) {
		list_del(&c->full, p);
		list_add(&c->partial, p);
	}
	*(void **)obj = p->freelist;
	p->freelist = obj;
	p->inuse--;
	c->nr_objects--;
	if (!p->inuse) {
		list_del(&c->partial, p);
		if (!c->spare) {
			c->spare = p;
		} else {
			p->magic = 0;
			c->nr_pages--;
			c->page_free(c->ctx, p);
		}
	}
	return 0;
}

void slab_shrink(struct slab_cache *c)
{
	if (c->spare) {
		c->spare->magic = 0;
		c->page_free(c->ctx, c->spare);
		c->spare = NULL;
		c->nr_pages--;
	}
}
