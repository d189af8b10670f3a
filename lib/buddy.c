// SPDX-License-Identifier: GPL-2.0
/*
 * Binary buddy allocator over a caller-provided frame array.
 *
 * State of frame i (pfn = base_pfn + i):
 *   flags == BUDDY_F_RESERVED   not usable (hole, never added)
 *   flags == BUDDY_F_FREE       heads a free block of 2^order frames,
 *                               linked into free_head[order]
 *   flags == BUDDY_F_ALLOC      heads an allocated block of 2^order frames
 *   flags == 0                  tail frame inside some block
 * Blocks are aligned to their size in absolute pfns, so the buddy of the
 * order-k block at pfn p is the block at p ^ 2^k.
 */
#include <lib/buddy.h>
#include <stdbool.h>
#include <stddef.h>

static inline uint32_t frame_idx(const struct buddy *b, uint64_t pfn)
{
	return (uint32_t)(pfn - b->base_pfn);
}

static inline bool pfn_valid(const struct buddy *b, uint64_t pfn)
{
	return pfn >= b->base_pfn && pfn - b->base_pfn < b->nr_frames;
}

static void list_push(struct buddy *b, uint32_t i, unsigned int order)
{
	struct buddy_frame *f = &b->frames[i];

	f->prev = BUDDY_NIL;
	f->next = b->free_head[order];
	if (f->next != BUDDY_NIL)
		b->frames[f->next].prev = i;
	b->free_head[order] = i;
	f->order = (uint8_t)order;
	f->flags = BUDDY_F_FREE;
}

static void list_del(struct buddy *b, uint32_t i)
{
	struct buddy_frame *f = &b->frames[i];

	if (f->prev != BUDDY_NIL)
		b->frames[f->prev].next = f->next;
	else
		b->free_head[f->order] = f->next;
	if (f->next != BUDDY_NIL)
		b->frames[f->next].prev = f->prev;
	f->next = BUDDY_NIL;
	f->prev = BUDDY_NIL;
	f->flags = 0;
}

/*
 * Insert the block [pfn, pfn + 2^order), whose frames all have flags 0,
 * merging with free buddies.  Does not touch nr_free.
 */
static void free_block(struct buddy *b, uint64_t pfn, unsigned int order)
{
	while (order < BUDDY_MAX_ORDER) {
		uint64_t bpfn = pfn ^ ((uint64_t)1 << order);
		struct buddy_frame *bf;

		/*
		 * A free head is only ever created for a block that lies
		 * entirely inside the managed range.
		 */
		if (!pfn_valid(b, bpfn))
			break;
		bf = &b->frames[frame_idx(b, bpfn)];
		if (bf->flags != BUDDY_F_FREE || bf->order != order)
			break;
		list_del(b, frame_idx(b, bpfn));
		pfn &= ~((uint64_t)1 << order);
		order++;
	}
	list_push(b, frame_idx(b, pfn), order);
}

void buddy_init(struct buddy *b, uint64_t base_pfn, uint64_t nr_frames,
		struct buddy_frame *frames)
{
	uint64_t i;

	if (nr_frames > UINT32_MAX - 1)
		nr_frames = UINT32_MAX - 1;
	if (nr_frames > UINT64_MAX - base_pfn)
		nr_frames = UINT64_MAX - base_pfn;
	if (!frames)
		nr_frames = 0;

	b->base_pfn = base_pfn;
	b->nr_frames = nr_frames;
	b->frames = frames;
	b->nr_free = 0;
	for (i = 0; i <= BUDDY_MAX_ORDER; i++)
		b->free_head[i] = BUDDY_NIL;
	for (i = 0; i < nr_frames; i++) {
		frames[i].next = BUDDY_NIL;
		frames[i].prev = BUDDY_NIL;
		frames[i].order = 0;
		frames[i].flags = BUDDY_F_RESERVED;
		frames[i].user = 0;
		frames[i].user32 = 0;
	}
}

/* Are all frames of [pfn, pfn + n) reserved?  (Range already clipped.) */
static bool all_reserved(const struct buddy *b, uint64_t pfn, uint64_t n)
{
	uint32_t i = frame_idx(b, pfn);

	while (n--) {
		if (b->frames[i++].flags != BUDDY_F_RESERVED)
			return false;
	}
	return true;
}

void buddy_add_range(struct buddy *b, uint64_t pfn, uint64_t count)
{
	uint64_t start = pfn, end, lim = b->base_pfn + b->nr_frames;

	end = count > UINT64_MAX - pfn ? UINT64_MAX : pfn + count;
	if (start < b->base_pfn)
		start = b->base_pfn;
	if (end > lim)
		end = lim;

	while (start < end) {
		unsigned int k = 0;
		uint64_t n, i;

		/* Largest aligned block that starts here and fits. */
		while (k < BUDDY_MAX_ORDER &&
		       !(start & (((uint64_t)2 << k) - 1)) &&
		       ((uint64_t)2 << k) <= end - start)
			k++;
		n = (uint64_t)1 << k;

		if (!all_reserved(b, start, n)) {
			/* Partly added before: go frame by frame. */
			k = 0;
			n = 1;
			if (b->frames[frame_idx(b, start)].flags !=
			    BUDDY_F_RESERVED) {
				start++;
				continue;
			}
		}
		for (i = 0; i < n; i++)
			b->frames[frame_idx(b, start) + i].flags = 0;
		free_block(b, start, k);
		b->nr_free += n;
		start += n;
	}
}

uint64_t buddy_alloc(struct buddy *b, unsigned order)
{
	unsigned int k;
	uint32_t i;

	if (order > BUDDY_MAX_ORDER)
		return BUDDY_NONE;
	for (k = order; k <= BUDDY_MAX_ORDER; k++) {
		if (b->free_head[k] != BUDDY_NIL)
			break;
	}
	if (k > BUDDY_MAX_ORDER)
		return BUDDY_NONE;

	i = b->free_head[k];
	list_del(b, i);
	/* Split, keeping the lower half and freeing the upper ones. */
	while (k > order) {
		k--;
		list_push(b, i + ((uint32_t)1 << k), k);
	}
	b->frames[i].flags = BUDDY_F_ALLOC;
	b->frames[i].order = (uint8_t)order;
	b->nr_free -= (uint64_t)1 << order;
	return b->base_pfn + i;
}

int buddy_free(struct buddy *b, uint64_t pfn, unsigned order)
{
	struct buddy_frame *f;

	if (order > BUDDY_MAX_ORDER || !pfn_valid(b, pfn))
		return BUDDY_EINVAL;
	f = &b->frames[frame_idx(b, pfn)];
	if (f->flags != BUDDY_F_ALLOC)
		return BUDDY_ENOTALLOC;
	if (f->order != order)
		return BUDDY_EORDER;

	f->flags = 0;
	free_block(b, pfn, order);
	b->nr_free += (uint64_t)1 << order;
	return 0;
}

uint64_t buddy_free_frames(const struct buddy *b)
{
	return b->nr_free;
}

struct buddy_frame *buddy_frame(struct buddy *b, uint64_t pfn)
{
	if (!pfn_valid(b, pfn))
		return NULL;
	return &b->frames[frame_idx(b, pfn)];
}

/* Is the block of 2^order frames at pfn aligned and fully managed? */
static bool block_ok(const struct buddy *b, uint64_t pfn, unsigned int order)
{
	uint64_t n = (uint64_t)1 << order;

	if (order > BUDDY_MAX_ORDER || (pfn & (n - 1)) || !pfn_valid(b, pfn))
		return false;
	return n <= b->nr_frames - (pfn - b->base_pfn);
}

int buddy_check(const struct buddy *b)
{
	uint64_t listed = 0, free_frames = 0, heads = 0, i;
	unsigned int k;

	for (k = 0; k <= BUDDY_MAX_ORDER; k++) {
		uint32_t cur = b->free_head[k], prev = BUDDY_NIL;

		while (cur != BUDDY_NIL) {
			const struct buddy_frame *f;
			uint64_t pfn, bpfn;

			if (cur >= b->nr_frames || ++listed > b->nr_frames)
				return -1;	/* bad link or cycle */
			f = &b->frames[cur];
			pfn = b->base_pfn + cur;
			if (f->flags != BUDDY_F_FREE || f->order != k)
				return -2;
			if (f->prev != prev)
				return -3;
			if (!block_ok(b, pfn, k))
				return -4;
			bpfn = pfn ^ ((uint64_t)1 << k);
			if (k < BUDDY_MAX_ORDER && pfn_valid(b, bpfn) &&
			    b->frames[frame_idx(b, bpfn)].flags == BUDDY_F_FREE &&
			    b->frames[frame_idx(b, bpfn)].order == k)
				return -5;	/* unmerged buddies */
			free_frames += (uint64_t)1 << k;
			prev = cur;
			cur = f->next;
		}
	}
	if (free_frames != b->nr_free)
		return -6;

	/* Every usable frame belongs to exactly one block. */
	for (i = 0; i < b->nr_frames;) {
		const struct buddy_frame *f = &b->frames[i];
		uint64_t n, j;

		if (f->flags == BUDDY_F_RESERVED) {
			i++;
			continue;
		}
		if (f->flags != BUDDY_F_FREE && f->flags != BUDDY_F_ALLOC)
			return -7;	/* orphaned tail or bad flags */
		if (!block_ok(b, b->base_pfn + i, f->order))
			return -8;
		if (f->flags == BUDDY_F_FREE)
			heads++;
		n = (uint64_t)1 << f->order;
		for (j = 1; j < n; j++) {
			if (b->frames[i + j].flags != 0)
				return -9;
		}
		i += n;
	}
	if (heads != listed)
		return -10;	/* free head not on any list */
	return 0;
}
