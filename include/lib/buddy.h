/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Binary buddy allocator for page frames.  Pure bookkeeping: it never
 * touches the memory it manages, only the caller-provided frame array.
 *
 * Blocks are aligned in absolute frame numbers: an order-k block starts at
 * a pfn that is a multiple of 2^k, whatever base_pfn is.  Frames start out
 * reserved; buddy_add_range() releases usable RAM.  Frames never added
 * (holes) stay reserved forever and are never merged across.
 */
#ifndef _LIB_BUDDY_H
#define _LIB_BUDDY_H

#include <stdint.h>

#define BUDDY_MAX_ORDER 10		/* blocks of 1..1024 frames */
#define BUDDY_NONE UINT64_MAX
#define BUDDY_NIL UINT32_MAX		/* empty free-list link */

/* buddy_frame.flags bits (internal, exposed for debugging). */
#define BUDDY_F_RESERVED	0x01	/* hole / never added */
#define BUDDY_F_FREE		0x02	/* heads a free block of .order */
#define BUDDY_F_ALLOC		0x04	/* heads an allocated block of .order */

/* Error codes returned by buddy_free(). */
#define BUDDY_EINVAL	(-1)	/* pfn outside, misaligned or order too big */
#define BUDDY_ENOTALLOC	(-2)	/* not the head of an allocated block */
#define BUDDY_EORDER	(-3)	/* allocated, but with a different order */

struct buddy_frame {			/* one per frame, caller-provided array */
	uint32_t next, prev;		/* free-list links (frame indices), internal */
	uint8_t order;			/* order of the block this frame heads */
	uint8_t flags;			/* internal: free / head / reserved bits */
	uint16_t user;			/* free for the kernel's use (e.g. slab class) */
	uint32_t user32;		/* free for the kernel's use (e.g. refcount) */
};

struct buddy {
	uint64_t base_pfn;		/* first frame number managed */
	uint64_t nr_frames;
	struct buddy_frame *frames;	/* nr_frames entries */
	uint32_t free_head[BUDDY_MAX_ORDER + 1];
	uint64_t nr_free;		/* free frames */
};

/*
 * Everything starts reserved.  nr_frames is clamped to UINT32_MAX - 1
 * (the frame array is indexed with 32-bit links).
 */
void buddy_init(struct buddy *b, uint64_t base_pfn, uint64_t nr_frames,
		struct buddy_frame *frames);

/*
 * Make frames [pfn, pfn + count) free (usable RAM), merging buddies.  The
 * range is clipped to the managed range; frames that are already free or
 * allocated are left alone.
 */
void buddy_add_range(struct buddy *b, uint64_t pfn, uint64_t count);

/* Allocate 2^order frames; returns the first pfn or BUDDY_NONE. */
uint64_t buddy_alloc(struct buddy *b, unsigned order);

/*
 * Free a block returned by buddy_alloc(b, order).  Returns 0, or a
 * negative BUDDY_E* code (nothing is changed) on an invalid pfn or order,
 * a double free, or a pfn that does not head an allocated block.
 */
int buddy_free(struct buddy *b, uint64_t pfn, unsigned order);

uint64_t buddy_free_frames(const struct buddy *b);

/* The frame descriptor of pfn, or NULL if pfn is not managed. */
struct buddy_frame *buddy_frame(struct buddy *b, uint64_t pfn);

/*
 * Verify all internal invariants (free lists, block alignment, free
 * count, no free buddies left unmerged).  Returns 0 if consistent, or a
 * negative number identifying the first violated check.  O(nr_frames).
 */
int buddy_check(const struct buddy *b);

#endif /* _LIB_BUDDY_H */
