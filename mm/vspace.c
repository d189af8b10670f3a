// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel virtual ranges: the MMIO region (kernel.md 3.5) and the kernel
 * stack region.  Each is a first-fit free list ordered by address, with a
 * bump cursor behind it; freed ranges merge with both neighbours.  A
 * range is shot down on every CPU (flush_tlb_kernel_range()) after it is
 * unmapped and before its frames or addresses are reused.
 */
#include <asm/pgtable.h>
#include <lib/string.h>
#include <panda/errno.h>
#include <panda/mm.h>
#include <panda/printk.h>
#include <panda/smp.h>
#include <panda/spinlock.h>
#include "internal.h"

struct free_range {
	struct free_range *next;
	uint64_t start, size;
};

struct vspace {
	const char *name;
	uint64_t base, limit, cursor;
	struct free_range *free;	/* sorted by start */
	spinlock_t lock;
};

/*
 * Free-range nodes come from a static pool, not kmalloc: vspace sits under
 * the heap's users and its bookkeeping must not show in heap statistics
 * (the leak check at halt compares them).
 */
#define NR_RANGE_NODES 512
static struct free_range node_pool[NR_RANGE_NODES];
static struct free_range *free_nodes;
static spinlock_t node_lock = SPINLOCK_INIT;

static struct free_range *node_alloc(void)
{
	struct free_range *n;
	uint64_t flags;

	spin_lock_irqsave(&node_lock, flags);
	n = free_nodes;
	if (n)
		free_nodes = n->next;
	spin_unlock_irqrestore(&node_lock, flags);
	return n;
}

static void node_free(struct free_range *n)
{
	uint64_t flags;

	if (!n)
		return;
	spin_lock_irqsave(&node_lock, flags);
	n->next = free_nodes;
	free_nodes = n;
	spin_unlock_irqrestore(&node_lock, flags);
}

static struct vspace mmio_space = {
	.name = "MMIO", .base = MMIO_REGION_BASE,
	.limit = MMIO_REGION_BASE + MMIO_REGION_SIZE,
};
static struct vspace kstack_space = {
	.name = "kernel stack", .base = KSTACK_REGION_BASE,
	.limit = KSTACK_REGION_BASE + KSTACK_REGION_SIZE,
};

void vspace_init(void)
{
	unsigned int i;

	for (i = 0; i < NR_RANGE_NODES; i++)
		node_free(&node_pool[i]);
	mmio_space.cursor = mmio_space.base;
	kstack_space.cursor = kstack_space.base;
}

static uint64_t vspace_alloc(struct vspace *vs, uint64_t size)
{
	struct free_range **pp, *r;
	uint64_t flags, start = 0;

	spin_lock_irqsave(&vs->lock, flags);
	for (pp = &vs->free; (r = *pp); pp = &r->next) {
		if (r->size < size)
			continue;
		start = r->start;
		r->start += size;
		r->size -= size;
		if (!r->size) {
			*pp = r->next;
			spin_unlock_irqrestore(&vs->lock, flags);
			node_free(r);
			return start;
		}
		break;
	}
	if (!start && vs->limit - vs->cursor >= size) {
		start = vs->cursor;
		vs->cursor += size;
	}
	spin_unlock_irqrestore(&vs->lock, flags);
	return start;
}

static void vspace_free(struct vspace *vs, uint64_t start, uint64_t size)
{
	struct free_range **pp, *r, *prev = NULL, *node;
	uint64_t flags;

	node = node_alloc();
	spin_lock_irqsave(&vs->lock, flags);
	for (pp = &vs->free; (r = *pp) && r->start < start; pp = &r->next)
		prev = r;
	if (prev && prev->start + prev->size == start) {
		prev->size += size;
		if (r && start + size == r->start) {	/* bridges two */
			prev->size += r->size;
			prev->next = r->next;
			spin_unlock_irqrestore(&vs->lock, flags);
			node_free(r);
			node_free(node);
			return;
		}
	} else if (r && start + size == r->start) {
		r->start = start;
		r->size += size;
	} else if (node) {
		node->start = start;
		node->size = size;
		node->next = r;
		*pp = node;
		node = NULL;
	} else {
		pr_warn("%s space: range pool exhausted, %lu bytes at 0x%lx lost",
			vs->name, size, start);
	}
	spin_unlock_irqrestore(&vs->lock, flags);
	node_free(node);
}

static void *remap(phys_addr_t pa, size_t size, uint64_t flags)
{
	uint64_t offset = pa & (PAGE_SIZE - 1), aligned = pa - offset;
	uint64_t len = ALIGN_UP(size + offset, PAGE_SIZE), va, i;

	if (!size)
		return NULL;
	va = vspace_alloc(&mmio_space, len);
	if (!va)
		panic("MMIO region exhausted");
	for (i = 0; i < len; i += PAGE_SIZE) {
		if (map_page(va + i, aligned + i, flags)) {
			while (i) {
				i -= PAGE_SIZE;
				unmap_page(va + i, NULL);
			}
			vspace_free(&mmio_space, va, len);
			return NULL;
		}
	}
	return (void *)(va + offset);
}

void *ioremap(phys_addr_t pa, size_t size)
{
	return remap(pa, size, PAGE_KERNEL_IO);
}

void *memremap(phys_addr_t pa, size_t size)
{
	return remap(pa, size, PAGE_KERNEL_RW);
}

void iounmap(void *va, size_t size)
{
	uint64_t v = (uint64_t)va, offset = v & (PAGE_SIZE - 1);
	uint64_t len = ALIGN_UP(size + offset, PAGE_SIZE), i;

	if (!va)
		return;
	v -= offset;
	if (v < MMIO_REGION_BASE || v + len > mmio_space.cursor)
		panic("iounmap of %p: not in the MMIO region", va);
	for (i = 0; i < len; i += PAGE_SIZE)
		unmap_page(v + i, NULL);
	/* No CPU may still reach the device through the range once reused. */
	flush_tlb_kernel_range(v, v + len);
	vspace_free(&mmio_space, v, len);
}

void *kstack_alloc(void)
{
	uint64_t len = KSTACK_SIZE + PAGE_SIZE, va, i;

	va = vspace_alloc(&kstack_space, len);
	if (!va)
		return NULL;
	/* The lowest page stays unmapped: an overflow faults at once. */
	for (i = PAGE_SIZE; i < len; i += PAGE_SIZE) {
		phys_addr_t pa = alloc_frame();

		if (!pa || map_page(va + i, pa, PAGE_KERNEL_RW)) {
			if (pa)
				free_frame(pa);
			while ((i -= PAGE_SIZE) >= PAGE_SIZE) {
				unmap_page(va + i, &pa);
				free_frame(pa);
			}
			vspace_free(&kstack_space, va, len);
			return NULL;
		}
	}
	return (void *)(va + len);
}

void kstack_free(void *top)
{
	uint64_t len = KSTACK_SIZE + PAGE_SIZE, va = (uint64_t)top - len, i;
	phys_addr_t pa[CONFIG_KERNEL_STACK_PAGES];

	for (i = PAGE_SIZE; i < len; i += PAGE_SIZE)
		if (unmap_page(va + i, &pa[i / PAGE_SIZE - 1]))
			panic("kstack_free(%p): page 0x%lx not mapped", top, va + i);
	/* Every CPU forgets the stack before its frames are reused. */
	flush_tlb_kernel_range(va, va + len);
	for (i = 0; i < CONFIG_KERNEL_STACK_PAGES; i++)
		free_frame(pa[i]);
	vspace_free(&kstack_space, va, len);
}
