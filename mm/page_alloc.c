// SPDX-License-Identifier: GPL-2.0
/* Physical frames: the buddy allocator (lib/buddy.c) behind a lock. */
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
