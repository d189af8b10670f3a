// SPDX-License-Identifier: GPL-2.0
/*
 * The boot stage's page tables.
 *
 * Lower half: identity map of [0, top of the memory map) with 2 MiB pages,
 * so the kernel can read the boot info, the memory map and its early frames
 * before it switches to its own tables.  Slot 384: the kernel's PT_LOAD
 * segments, 4 KiB pages, writable only if PF_W and NX unless PF_X.  Slot 510:
 * the recursive entry.  The kernel replaces all of this in mm_init().
 */
#include <efi.h>
#include <efilib.h>

#include <panda/layout.h>
#include <lib/elf.h>

#include "paging.h"

#define PTE_P	(1ULL << 0)
#define PTE_W	(1ULL << 1)
#define PTE_PS	(1ULL << 7)
#define PTE_NX	(1ULL << 63)
#define ADDR_MASK 0x000ffffffffff000ULL

static UINT64 *alloc_table(struct boot_pagetables *pt)
{
	UINT64 *t;

	if (pt->pool_used >= pt->pool_pages)
		return NULL;
	t = pt->pool + pt->pool_used * 512;
	pt->pool_used++;
	return t;
}

/* Returns the next-level table for index i, creating it if needed. */
static UINT64 *next_table(struct boot_pagetables *pt, UINT64 *table, UINTN i)
{
	UINT64 *t;

	if (table[i] & PTE_P)
		return (UINT64 *)(table[i] & ADDR_MASK);
	t = alloc_table(pt);
	if (!t)
		return NULL;
	table[i] = (UINT64)t | PTE_P | PTE_W;
	return t;
}

static EFI_STATUS map_4k(struct boot_pagetables *pt, UINT64 virt, UINT64 phys,
			 UINT64 flags)
{
	UINT64 *pml4 = (UINT64 *)pt->pml4_phys, *pdpt, *pd, *ptab;
	UINT64 old;

	pdpt = next_table(pt, pml4, (virt >> 39) & 511);
	pd = pdpt ? next_table(pt, pdpt, (virt >> 30) & 511) : NULL;
	ptab = pd ? next_table(pt, pd, (virt >> 21) & 511) : NULL;
	if (!ptab)
		return EFI_OUT_OF_RESOURCES;
	old = ptab[(virt >> 12) & 511];
	if (old & PTE_P) {
		/* A page shared by two segments gets the union: W beats X. */
		if (flags & PTE_W)
			old |= PTE_W | PTE_NX;
		if (!(flags & PTE_NX) && !(old & PTE_W))
			old &= ~PTE_NX;
		ptab[(virt >> 12) & 511] = old;
		return EFI_SUCCESS;
	}
	ptab[(virt >> 12) & 511] = phys | flags | PTE_P;
	return EFI_SUCCESS;
}

static UINT64 memory_top(void)
{
	EFI_MEMORY_DESCRIPTOR *map, *d;
	UINTN entries, key, desc_size, i;
	UINT32 version;
	UINT64 top = 4ULL << 30;	/* at least the 32-bit space */

	map = LibMemoryMap(&entries, &key, &desc_size, &version);
	if (!map)
		return top;
	for (i = 0, d = map; i < entries;
	     i++, d = (void *)((UINT8 *)d + desc_size)) {
		UINT64 end = d->PhysicalStart + d->NumberOfPages * 4096;

		if (end > top)
			top = end;
	}
	FreePool(map);
	return top;
}

EFI_STATUS boot_build_pagetables(struct boot_pagetables *pt,
				 const void *kernel_elf,
				 const struct boot_info *bi)
{
	const struct elf64_ehdr *eh = kernel_elf;
	EFI_PHYSICAL_ADDRESS pool;
	UINT64 top = (memory_top() + (1ULL << 30) - 1) & ~((1ULL << 30) - 1);
	UINT64 gib = top >> 30, addr, *pml4, *pdpt;
	EFI_STATUS st;
	unsigned int i;

	if (gib > 512)
		gib = 512;	/* one PDPT: 512 GiB is plenty for early boot */
	/* PML4 + identity PDPT + one PD per GiB + kernel tables. */
	pt->pool_pages = 2 + gib + 2 + bi->kernel_size / (2 << 20) + 2 + 8;
	st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateAnyPages,
			       EfiLoaderData, pt->pool_pages, &pool);
	if (EFI_ERROR(st))
		return st;
	pt->pool = (UINT64 *)pool;
	pt->pool_used = 0;
	ZeroMem(pt->pool, pt->pool_pages * 4096);

	pml4 = alloc_table(pt);
	pt->pml4_phys = (UINT64)pml4;
	pml4[RECURSIVE_INDEX] = pt->pml4_phys | PTE_P | PTE_W | PTE_NX;

	pdpt = next_table(pt, pml4, 0);
	for (addr = 0; addr < gib << 30; addr += 2ULL << 20) {
		UINT64 *pd = next_table(pt, pdpt, addr >> 30);

		if (!pd)
			return EFI_OUT_OF_RESOURCES;
		pd[(addr >> 21) & 511] = addr | PTE_P | PTE_W | PTE_PS;
	}

	for (i = 0; i < eh->e_phnum; i++) {
		const struct elf64_phdr *ph = elf_phdr(kernel_elf, i);
		UINT64 flags = 0, va;

		if (ph->p_type != PT_LOAD || !ph->p_memsz)
			continue;
		if (ph->p_flags & PF_W)
			flags |= PTE_W;
		if (!(ph->p_flags & PF_X))
			flags |= PTE_NX;
		for (va = ph->p_vaddr & ~0xfffULL; va < ph->p_vaddr + ph->p_memsz;
		     va += 4096) {
			st = map_4k(pt, va,
				    bi->kernel_phys + (va - bi->kernel_virt),
				    flags);
			if (EFI_ERROR(st))
				return st;
		}
	}
	return EFI_SUCCESS;
}

void boot_enter_kernel(const struct boot_pagetables *pt, UINT64 entry,
		       struct boot_info *bi)
{
	UINT64 efer_lo, efer_hi, cr0;

	__asm__ volatile("cli");
	/* NX must be on before any table with NX bits is live. */
	__asm__ volatile("rdmsr" : "=a"(efer_lo), "=d"(efer_hi) : "c"(0xc0000080));
	efer_lo |= 1 << 11;
	__asm__ volatile("wrmsr" : : "a"(efer_lo), "d"(efer_hi), "c"(0xc0000080));
	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	cr0 |= 1 << 16;	/* WP: the kernel honours read-only pages too */
	__asm__ volatile("mov %0, %%cr0" : : "r"(cr0));
	__asm__ volatile("mov %0, %%cr3\n\t"
			 "jmp *%1"
			 : : "r"(pt->pml4_phys), "r"(entry), "D"(bi)
			 : "memory");
	__builtin_unreachable();
}
