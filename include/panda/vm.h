/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User address spaces.  The lower half (PML4 slots 0-255) is private; the
 * kernel half is shared by copying the kernel PML4's upper entries, whose
 * PDPTs all exist from boot (kernel.md 3.7).  Tables are edited through the
 * RAM map, so any address space can be changed whether or not it is active.
 */
#ifndef _PANDA_VM_H
#define _PANDA_VM_H

#include <asm/pgtable.h>
#include <panda/mm.h>
#include <uapi/panda/syscall.h>

/*
 * PTE bit 9 (available to software): the entry owns its frame, or one
 * reference to it if the frame is counted (frame_ref_alloc()); unmapping
 * releases it with frame_put().
 */
#define PTE_OWNED	(1ULL << 9)
#define PAGE_USER_RW	(PTE_PRESENT | PTE_USER | PTE_WRITE | PTE_NX)
#define PANDA_USER_TOP	0x0000800000000000ULL	/* end of the lower half */

struct address_space {
	phys_addr_t pml4;
	uint64_t nr_pages;		/* user pages mapped (atomic: a buffer's
					 * unmap may run on another CPU) */
	uint64_t cpus;			/* CPUs that have it loaded (bit per id) */
};

struct address_space *as_create(void);
void as_destroy(struct address_space *as);
void as_activate(struct address_space *as);	/* NULL: kernel tables */
int as_map(struct address_space *as, uint64_t va, phys_addr_t pa,
	   uint64_t flags);
int as_lookup(struct address_space *as, uint64_t va, phys_addr_t *pa,
	      uint64_t *flags);
int as_set_flags(struct address_space *as, uint64_t va, uint64_t flags);
/* Unmaps [start, end); owned frames are freed. */
void as_unmap_range(struct address_space *as, uint64_t start, uint64_t end);
/* Maps a fresh zeroed page owned by the address space. */
int as_map_zero_page(struct address_space *as, uint64_t va, uint64_t flags);

/*
 * A mapping object: pages of counted frames mapped at a fixed address of
 * an address space, shared by reference (mapping_get() clones it: same
 * pages, same address).  Each page's entry owns one reference to its
 * frame, so the frames may also be mapped elsewhere (frame_get(), then
 * as_map(..., PTE_OWNED)) and outlive this mapping.  The last
 * mapping_put() unmaps the pages.
 */
struct mapping {
	struct address_space *as;
	uint64_t va, pages;
	int refcount;
};

int mapping_create(struct address_space *as, uint64_t va, uint64_t pages,
		   uint64_t flags, struct mapping **out);
struct mapping *mapping_get(struct mapping *m);
void mapping_put(struct mapping *m);
int mapping_refcount(const struct mapping *m);

#endif
