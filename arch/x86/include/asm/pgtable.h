/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86-64 4-level page tables, edited through the recursive PML4 slot 510
 * (kernel.md 3.2): the tables of the *active* address space appear at fixed
 * virtual addresses, so no physical-memory window is needed.
 */
#ifndef _ASM_PGTABLE_H
#define _ASM_PGTABLE_H

#include <panda/compiler.h>
#include <panda/layout.h>

#define PTE_PRESENT	(1ULL << 0)
#define PTE_WRITE	(1ULL << 1)
#define PTE_USER	(1ULL << 2)
#define PTE_PWT		(1ULL << 3)
#define PTE_PCD		(1ULL << 4)
#define PTE_ACCESSED	(1ULL << 5)
#define PTE_DIRTY	(1ULL << 6)
#define PTE_HUGE	(1ULL << 7)
#define PTE_GLOBAL	(1ULL << 8)
#define PTE_NX		(1ULL << 63)
#define PTE_ADDR_MASK	0x000ffffffffff000ULL

/* Common leaf permissions. */
#define PAGE_KERNEL_RW	(PTE_PRESENT | PTE_WRITE | PTE_NX)
#define PAGE_KERNEL_RO	(PTE_PRESENT | PTE_NX)
#define PAGE_KERNEL_RX	(PTE_PRESENT)
#define PAGE_KERNEL_IO	(PTE_PRESENT | PTE_WRITE | PTE_NX | PTE_PCD | PTE_PWT)

/* Recursive window base: sign-extended slot 510. */
#define RECURSIVE_BASE	0xffffff0000000000ULL

static inline uint64_t *pte_ptr(uint64_t va)
{
	return (uint64_t *)(RECURSIVE_BASE + ((va >> 9) & 0x7ffffffff8ULL));
}

static inline uint64_t *pde_ptr(uint64_t va)
{
	return (uint64_t *)(0xffffff7f80000000ULL + ((va >> 18) & 0x3ffffff8ULL));
}

static inline uint64_t *pdpte_ptr(uint64_t va)
{
	return (uint64_t *)(0xffffff7fbfc00000ULL + ((va >> 27) & 0x1ffff8ULL));
}

static inline uint64_t *pml4e_ptr(uint64_t va)
{
	return (uint64_t *)(0xffffff7fbfdfe000ULL + ((va >> 36) & 0xff8ULL));
}

static inline bool va_canonical(uint64_t va)
{
	return (uint64_t)((int64_t)(va << 16) >> 16) == va;
}

#endif
