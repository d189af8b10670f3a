// SPDX-License-Identifier: GPL-2.0
/*
 * Memory bring-up (Documentation/memory-layout.md).
 *
 * The kernel starts on the boot stage's tables (identity map + image).  Here
 * it copies what it needs from the boot info, then builds its own PML4:
 *   - slot 510 recursive, PDPTs preallocated for every kernel slot so later
 *     mappings are shared by all address spaces;
 *   - the image at KERNEL_IMAGE_BASE, W^X per section, guard page under the
 *     boot stack left unmapped;
 *   - the RAM map: allocator-owned RAM at KERNEL_HEAP_BASE + phys, 2 MiB
 *     pages where aligned.
 * Switching CR3 drops the identity map.  Page-table pages and the frame
 * metadata come from a bump allocator at the top of the largest free region.
 */
#include <asm/cpu.h>
#include <asm/pgtable.h>
#include <lib/buddy.h>
#include <lib/string.h>
#include <panda/bootinfo.h>
#include <panda/mm.h>
#include <panda/printk.h>
#include "internal.h"

#define MAX_REGIONS 256
#define LOW_MEMORY_END	0x100000ULL	/* real mode reaches no further */

struct region {
	uint64_t base, end;	/* physical, page aligned */
	uint32_t type;
};

static struct region regions[MAX_REGIONS];
static unsigned int nr_regions;
static uint64_t kernel_phys, kernel_size;

/* Early bump allocator: grows down from the top of the largest region. */
static uint64_t early_floor, early_top, early_next;
static bool tables_switched;

struct buddy frame_buddy;
phys_addr_t kernel_pml4_phys;

static bool ram_type(uint32_t type)
{
	switch (type) {
	case EFI_CONVENTIONAL_MEMORY:
		return true;
	case EFI_BOOT_SERVICES_CODE:
	case EFI_BOOT_SERVICES_DATA:
	case EFI_LOADER_CODE:
	case EFI_LOADER_DATA:
		return IS_ENABLED(CONFIG_RECLAIM_BOOT_MEMORY);
	}
	return false;
}

static void *early_virt(uint64_t pa)
{
	return tables_switched ? phys_to_virt(pa) : (void *)pa;
}

static uint64_t early_alloc(uint64_t pages)
{
	uint64_t bytes = pages * PAGE_SIZE;

	if (early_next - early_floor < bytes)
		panic("early allocator exhausted (%lu pages wanted)", pages);
	early_next -= bytes;
	memset(early_virt(early_next), 0, bytes);
	return early_next;
}

static void add_region(uint64_t base, uint64_t end, uint32_t type)
{
	unsigned int i;

	if (nr_regions == MAX_REGIONS) {
		pr_warn("memory map: more than %d RAM regions, rest ignored",
			MAX_REGIONS);
		return;
	}
	/* Keep the list sorted: the firmware does not promise an order. */
	for (i = nr_regions; i > 0 && regions[i - 1].base > base; i--)
		regions[i] = regions[i - 1];
	regions[i] = (struct region){ .base = base, .end = end, .type = type };
	nr_regions++;
}

#ifdef CONFIG_SMP
static phys_addr_t low_frames;

/*
 * The highest LOW_FRAMES pages of free memory below 1 MiB leave the
 * region list, so neither the allocator nor the RAM map ever has them:
 * STARTUP IPIs can only name a page there (Documentation/smp.md).
 */
static void reserve_low_frames(void)
{
	unsigned int i;

	for (i = nr_regions; i-- > 0;) {
		struct region *r = &regions[i];
		uint64_t top = r->end < LOW_MEMORY_END ? r->end : LOW_MEMORY_END;
		uint64_t base = r->base > PAGE_SIZE ? r->base : PAGE_SIZE;
		uint64_t start = top - LOW_FRAMES * PAGE_SIZE, end = r->end;

		if (r->type != EFI_CONVENTIONAL_MEMORY ||
		    top < base + LOW_FRAMES * PAGE_SIZE)
			continue;
		if (start < early_top && top > early_floor)
			continue;	/* the early allocator's */
		r->end = start;
		if (end > top)
			add_region(top, end, r->type);
		low_frames = start;
		return;
	}
}

phys_addr_t low_frames_phys(void)
{
	return low_frames;
}
#endif

static void copy_memory_map(const struct boot_info *bi)
{
	uint64_t off, best = 0;
	unsigned int i, n;

	for (off = 0; off + sizeof(struct efi_memory_descriptor) <= bi->mmap_size;
	     off += bi->mmap_desc_size) {
		const struct efi_memory_descriptor *d =
			(const void *)(bi->mmap_phys + off);
		uint64_t end = d->phys_start + d->nr_pages * PAGE_SIZE;

		if (!ram_type(d->type) || !d->nr_pages)
			continue;
		if (end > RAM_MAP_SIZE) {	/* beyond what the RAM map covers */
			pr_warn("memory map: RAM above %lu TiB ignored",
				RAM_MAP_SIZE >> 40);
			if (d->phys_start >= RAM_MAP_SIZE)
				continue;
			end = RAM_MAP_SIZE;
		}
		/*
		 * The early allocator takes the top of the largest region of
		 * free memory; loader data (live until the switch) never.
		 */
		if (d->type == EFI_CONVENTIONAL_MEMORY &&
		    end - d->phys_start >= best) {	/* ties: the later wins */
			best = end - d->phys_start;
			early_floor = d->phys_start;
			early_top = early_next = end;
		}
		add_region(d->phys_start, end, d->type);
	}
	if (!best)
		panic("no usable RAM in the memory map");
#ifdef CONFIG_SMP
	reserve_low_frames();
#endif
	/* Merge touching regions: fewer, larger ranges to map. */
	for (i = 1, n = 1; i < nr_regions; i++) {
		if (regions[n - 1].end == regions[i].base)
			regions[n - 1].end = regions[i].end;
		else
			regions[n++] = regions[i];
	}
	nr_regions = n;
}

static uint64_t *early_table(uint64_t *entry)
{
	if (!(*entry & PTE_PRESENT))
		*entry = early_alloc(1) | PTE_PRESENT | PTE_WRITE;
	return early_virt(*entry & PTE_ADDR_MASK);
}

static void early_map(uint64_t va, uint64_t pa, uint64_t flags, bool huge)
{
	uint64_t *pml4 = early_virt(kernel_pml4_phys);
	uint64_t *pdpt = early_table(&pml4[(va >> 39) & 511]);
	uint64_t *pd = early_table(&pdpt[(va >> 30) & 511]);
	uint64_t *pt;

	if (huge) {
		pd[(va >> 21) & 511] = pa | flags | PTE_HUGE;
		return;
	}
	pt = early_table(&pd[(va >> 21) & 511]);
	pt[(va >> 12) & 511] = pa | flags;
}

static void map_kernel_image(void)
{
	uint64_t va;

	for (va = (uint64_t)_text; va < (uint64_t)_end; va += PAGE_SIZE) {
		uint64_t flags;

		if (va == (uint64_t)boot_stack_guard)
			continue;	/* overflow of the boot stack faults */
		if (va < (uint64_t)_etext)
			flags = PAGE_KERNEL_RX;
		else if (va < (uint64_t)_erodata)
			flags = PAGE_KERNEL_RO;
		else
			flags = PAGE_KERNEL_RW;
		early_map(va, kernel_phys + (va - KERNEL_IMAGE_BASE),
			  flags | PTE_GLOBAL, false);
	}
}

static void map_ram(void)
{
	unsigned int i;

	for (i = 0; i < nr_regions; i++) {
		uint64_t pa = regions[i].base, end = regions[i].end;

		while (pa < end) {
			uint64_t va = KERNEL_HEAP_BASE + pa;

			if (IS_ALIGNED(pa, HUGE_PAGE_SIZE) &&
			    end - pa >= HUGE_PAGE_SIZE) {
				early_map(va, pa, PAGE_KERNEL_RW | PTE_GLOBAL,
					  true);
				pa += HUGE_PAGE_SIZE;
			} else {
				early_map(va, pa, PAGE_KERNEL_RW | PTE_GLOBAL,
					  false);
				pa += PAGE_SIZE;
			}
		}
	}
}

static void build_kernel_tables(void)
{
	uint64_t *pml4;
	unsigned int slot;

	kernel_pml4_phys = early_alloc(1);
	pml4 = early_virt(kernel_pml4_phys);
	pml4[RECURSIVE_INDEX] = kernel_pml4_phys | PTE_PRESENT | PTE_WRITE |
				PTE_NX;
	/* Every kernel slot gets its PDPT now and keeps it forever. */
	for (slot = KERNEL_SLOTS_FIRST; slot <= KERNEL_SLOTS_LAST; slot++)
		early_table(&pml4[slot]);
	map_kernel_image();
	map_ram();
	write_cr3(kernel_pml4_phys);
	tables_switched = true;
}

/*
 * Hands [base, end) to the allocator.  Frame 0 never goes there: physical
 * address 0 is how alloc_frames() reports failure.
 */
static void add_free(uint64_t base, uint64_t end)
{
	if (base < PAGE_SIZE)
		base = PAGE_SIZE;
	if (end > base)
		buddy_add_range(&frame_buddy, base >> PAGE_SHIFT,
				(end - base) >> PAGE_SHIFT);
}

static void init_frame_allocator(void)
{
	uint64_t lo = regions[0].base >> PAGE_SHIFT;
	uint64_t hi = regions[nr_regions - 1].end >> PAGE_SHIFT;
	uint64_t meta_pages = DIV_ROUND_UP((hi - lo) * sizeof(struct buddy_frame),
					   PAGE_SIZE);
	uint64_t meta = early_alloc(meta_pages);
	unsigned int i;

	buddy_init(&frame_buddy, lo, hi - lo, phys_to_virt(meta));
	for (i = 0; i < nr_regions; i++) {
		uint64_t base = regions[i].base, end = regions[i].end;

		/* The early allocator's pages stay in use forever. */
		if (base <= early_next && early_next < end) {
			add_free(base, early_next);
			add_free(early_top, end);
			continue;
		}
		add_free(base, end);
	}
	/* Nothing more may come from the early allocator. */
	early_floor = early_next;
}

void mm_init(struct boot_info *bi)
{
	unsigned int i;

	kernel_phys = bi->kernel_phys;
	kernel_size = bi->kernel_size;
	copy_memory_map(bi);
	/* After the switch the boot info (loader data) is gone: callers copied it. */
	build_kernel_tables();
	init_frame_allocator();
	frame_total();		/* the total, before anything is allocated */
	kmalloc_init();
	vspace_init();

	pr_info("Memory: %lu MiB in %u regions given to the allocator, %lu KiB for page tables and frame metadata",
		(frame_buddy.nr_free << PAGE_SHIFT) >> 20, nr_regions,
		(early_top - early_next) >> 10);
	for (i = 0; i < nr_regions; i++)
		pr_debug("  RAM [0x%016lx-0x%016lx) type %u", regions[i].base,
			 regions[i].end, regions[i].type);
	pr_info("Kernel: text 0x%lx-0x%lx, rodata 0x%lx-0x%lx, data+bss 0x%lx-0x%lx, at phys 0x%lx",
		(uint64_t)_text, (uint64_t)_etext, (uint64_t)_rodata,
		(uint64_t)_erodata, (uint64_t)_data, (uint64_t)_end,
		kernel_phys);
	pr_info("Layout: RAM map 0x%lx, MMIO 0x%lx, kernel stacks 0x%lx, recursive slot %d",
		KERNEL_HEAP_BASE, MMIO_REGION_BASE, KSTACK_REGION_BASE,
		RECURSIVE_INDEX);
}

phys_addr_t kernel_image_phys(uint64_t va)
{
	return kernel_phys + (va - KERNEL_IMAGE_BASE);
}
