/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory management: physical frames, the RAM map, page tables of the
 * active address space, the MMIO region, kernel stacks and the kernel heap.
 * Documentation/memory-layout.md explains how they fit together.
 */
#ifndef _PANDA_MM_H
#define _PANDA_MM_H

#include <panda/compiler.h>
#include <panda/layout.h>
#include <panda/panic.h>

struct boot_info;
typedef uint64_t phys_addr_t;

/*
 * Every frame the allocator owns is mapped at KERNEL_HEAP_BASE + phys (the
 * "RAM map": RAM handed to the allocator only, no device memory).
 */
static inline void *phys_to_virt(phys_addr_t pa)
{
	return (void *)(KERNEL_HEAP_BASE + pa);
}

static inline bool is_ram_map_addr(const void *va)
{
	return (uint64_t)va >= KERNEL_HEAP_BASE &&
	       (uint64_t)va < KERNEL_HEAP_BASE + RAM_MAP_SIZE;
}

/* Physical address of any mapped kernel address (0 if unmapped). */
phys_addr_t virt_to_phys(const void *va);

void mm_init(struct boot_info *bi);

/* Frames: zero-filled, 2^order contiguous pages, naturally aligned. */
phys_addr_t alloc_frames(unsigned int order);	/* 0 when out of memory */
void free_frames(phys_addr_t pa, unsigned int order);
static inline phys_addr_t alloc_frame(void) { return alloc_frames(0); }
/*
 * The same without the zeroing, for memory that is written before it is
 * read (I/O buffers, the block cache's sector masks say what holds data):
 * the old contents are some other kernel or user data, so never hand such
 * memory to userspace unwritten.
 */
phys_addr_t alloc_frames_uninit(unsigned int order);
static inline void free_frame(phys_addr_t pa) { free_frames(pa, 0); }

/*
 * Reference-counted frames, for a page that several owners share (one
 * frame mapped in two address spaces, mappings cloned by reference).  A
 * frame from frame_ref_alloc() (zeroed) starts with one reference;
 * frame_get() adds one; frame_put() drops one and frees the frame with
 * the last.  frame_put() of a frame that is not counted (any other
 * order-0 frame) simply frees it, so a page table entry that owns its
 * frame (PTE_OWNED) releases either kind alike.  frame_refcount() is 0
 * for frames that are not counted.  frame_ref_adopt() turns an allocated
 * order-0 frame with one owner (say a PTE_OWNED entry) into a counted
 * frame holding that owner's reference, so that it can be shared; a
 * counted frame is left as it is.
 */
phys_addr_t frame_ref_alloc(void);		/* 0 when out of memory */
void frame_ref_adopt(phys_addr_t pa);
void frame_get(phys_addr_t pa);
void frame_put(phys_addr_t pa);
unsigned int frame_refcount(phys_addr_t pa);

struct mem_stats {
	uint64_t total_frames;	/* frames given to the allocator */
	uint64_t free_frames;
	uint64_t heap_bytes;	/* bytes handed out by kmalloc */
	uint64_t heap_objects;	/* live kmalloc allocations */
	uint64_t heap_pages;	/* pages backing the heap */
	uint64_t table_frames;	/* kernel page tables made after boot */
};
void mem_stats(struct mem_stats *st);

/* Page tables of the active address space (asm/pgtable.h flags). */
int map_page(uint64_t va, phys_addr_t pa, uint64_t flags);
int unmap_page(uint64_t va, phys_addr_t *pa);
int translate(uint64_t va, phys_addr_t *pa, uint64_t *flags);
int protect_page(uint64_t va, uint64_t flags);

/* Device registers (uncached) and firmware tables (cached). */
void *ioremap(phys_addr_t pa, size_t size);
void *memremap(phys_addr_t pa, size_t size);
void iounmap(void *va, size_t size);

/*
 * With CONFIG_SMP: LOW_FRAMES free pages below 1 MiB that mm_init() kept
 * out of the allocator and the RAM map for the AP start-up trampoline
 * (arch/x86/kernel/smpboot.c); 0 if the memory map had none.
 */
#ifdef CONFIG_SMP
#define LOW_FRAMES	2
phys_addr_t low_frames_phys(void);
#endif

/* Kernel stacks: KERNEL_STACK_PAGES pages under an unmapped guard page. */
#define KSTACK_SIZE	(CONFIG_KERNEL_STACK_PAGES * PAGE_SIZE)
void *kstack_alloc(void);	/* returns the top; NULL when out of memory */
void kstack_free(void *top);

/* Kernel heap. */
void *kmalloc(size_t size);
void *kzalloc(size_t size);
void kfree(const void *p);
size_t ksize(const void *p);

/* Kernel image sections (linker script). */
extern char _text[], _etext[], _rodata[], _erodata[], _data[], _end[];
extern char boot_stack_guard[];

#endif
