// SPDX-License-Identifier: GPL-2.0
/*
 * Physical frames: the buddy allocator (lib/buddy.c) behind a lock, and
 * the reference counts of shared frames, kept in the buddy's per-frame
 * descriptor (user = REF_TAG, user32 = count) under the same lock.
 */
#include <lib/string.h>
#include <panda/printk.h>
#include <panda/spinlock.h>
#include "internal.h"

static spinlock_t frame_lock = SPINLOCK_INIT;
static uint64_t total_frames;
extern uint64_t kernel_table_frames;

phys_addr_t alloc_frames_uninit(unsigned int order)
{
	uint64_t flags, pfn;

	if (order > BUDDY_MAX_ORDER)
		return 0;
	spin_lock_irqsave(&frame_lock, flags);
	pfn = buddy_alloc(&frame_buddy, order);
	spin_unlock_irqrestore(&frame_lock, flags);
	return pfn == BUDDY_NONE ? 0 : pfn << PAGE_SHIFT;
}

phys_addr_t alloc_frames(unsigned int order)
{
	phys_addr_t pa = alloc_frames_uninit(order);

	if (pa)
		memset(phys_to_virt(pa), 0, PAGE_SIZE << order);
	return pa;
}

void free_frames(phys_addr_t pa, unsigned int order)
{
	uint64_t flags;
	int ret;

	spin_lock_irqsave(&frame_lock, flags);
	ret = buddy_free(&frame_buddy, pa >> PAGE_SHIFT, order);
	spin_unlock_irqrestore(&frame_lock, flags);
	if (ret)
		panic("free_frames(0x%lx, order %u): not an allocated block (%d)",
		      pa, order, ret);
}

#define REF_TAG		0x5200	/* buddy_frame.user of a counted frame */

static struct buddy_frame *counted_locked(phys_addr_t pa)
{
	struct buddy_frame *f = buddy_frame(&frame_buddy, pa >> PAGE_SHIFT);

	return f && f->user == REF_TAG ? f : NULL;
}

phys_addr_t frame_ref_alloc(void)
{
	phys_addr_t pa = alloc_frame();
	struct buddy_frame *f;
	uint64_t flags;

	if (!pa)
		return 0;
	spin_lock_irqsave(&frame_lock, flags);
	f = buddy_frame(&frame_buddy, pa >> PAGE_SHIFT);
	f->user = REF_TAG;
	f->user32 = 1;
	spin_unlock_irqrestore(&frame_lock, flags);
	return pa;
}

void frame_ref_adopt(phys_addr_t pa)
{
	struct buddy_frame *f;
	uint64_t flags;

	spin_lock_irqsave(&frame_lock, flags);
	f = buddy_frame(&frame_buddy, pa >> PAGE_SHIFT);
	if (!f || (f->user && f->user != REF_TAG))
		panic("frame_ref_adopt(0x%lx): %s", pa,
		      f ? "frame has another use" : "not a frame");
	if (!f->user) {
		f->user = REF_TAG;
		f->user32 = 1;
	}
	spin_unlock_irqrestore(&frame_lock, flags);
}

void frame_get(phys_addr_t pa)
{
	struct buddy_frame *f;
	uint64_t flags;

	spin_lock_irqsave(&frame_lock, flags);
	f = counted_locked(pa);
	if (!f || f->user32 == UINT32_MAX)
		panic("frame_get(0x%lx): %s", pa,
		      f ? "count overflow" : "not a counted frame");
	f->user32++;
	spin_unlock_irqrestore(&frame_lock, flags);
}

void frame_put(phys_addr_t pa)
{
	struct buddy_frame *f;
	uint64_t flags;
	int ret = 0;

	spin_lock_irqsave(&frame_lock, flags);
	f = counted_locked(pa);
	if (!f || !--f->user32) {
		if (f)
			f->user = 0;
		ret = buddy_free(&frame_buddy, pa >> PAGE_SHIFT, 0);
	}
	spin_unlock_irqrestore(&frame_lock, flags);
	if (ret)
		panic("frame_put(0x%lx): not an allocated frame (%d)", pa, ret);
}

unsigned int frame_refcount(phys_addr_t pa)
{
	struct buddy_frame *f;
	unsigned int n;
	uint64_t flags;

	spin_lock_irqsave(&frame_lock, flags);
	f = counted_locked(pa);
	n = f ? f->user32 : 0;
	spin_unlock_irqrestore(&frame_lock, flags);
	return n;
}

uint64_t frame_total(void)
{
	if (!total_frames)
		total_frames = buddy_free_frames(&frame_buddy);
	return total_frames;
}

void mem_stats(struct mem_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->total_frames = frame_total();
	st->free_frames = buddy_free_frames(&frame_buddy);
	st->table_frames = kernel_table_frames;
	kmalloc_stats(st);
}
