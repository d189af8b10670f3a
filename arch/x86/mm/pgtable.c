// SPDX-License-Identifier: GPL-2.0
/*
 * Editing the active address space through the recursive slot.  New tables
 * are zeroed through the RAM map before they are linked, so a half-built
 * table is never visible.  Intermediate entries are never NX; they carry
 * USER/WRITE when any leaf below needs them (kernel.md 3.8).
 */
#include <asm/cpu.h>
#include <asm/pgtable.h>
#include <panda/errno.h>
#include <panda/mm.h>
#include <panda/spinlock.h>

static spinlock_t pgtable_lock = SPINLOCK_INIT;
/* Kernel-half tables are kept forever (kernel.md 3.7): counted apart. */
uint64_t kernel_table_frames;

static int ensure_table(uint64_t *entry, uint64_t *table_va, uint64_t leaf)
{
	uint64_t link = PTE_PRESENT | PTE_WRITE | (leaf & PTE_USER);

	if (*entry & PTE_PRESENT) {
		if (*entry & PTE_HUGE)
			return -EEXIST;
		*entry |= link;
		return 0;
	}
	phys_addr_t pa = alloc_frame();
	if (!pa)
		return -ENOMEM;
	*entry = pa | link;
	kernel_table_frames++;
	invlpg((uint64_t)table_va);
	return 0;
}

int map_page(uint64_t va, phys_addr_t pa, uint64_t flags)
{
	uint64_t irq;
	int ret;

	if (!va_canonical(va) || !IS_ALIGNED(va, PAGE_SIZE) ||
	    !IS_ALIGNED(pa, PAGE_SIZE) || (pa & ~PTE_ADDR_MASK))
		return -EINVAL;
	spin_lock_irqsave(&pgtable_lock, irq);
	ret = ensure_table(pml4e_ptr(va), (uint64_t *)pdpte_ptr(va), flags);
	if (!ret)
		ret = ensure_table(pdpte_ptr(va), (uint64_t *)pde_ptr(va), flags);
	if (!ret)
		ret = ensure_table(pde_ptr(va), (uint64_t *)pte_ptr(va), flags);
	if (!ret && (*pte_ptr(va) & PTE_PRESENT))
		ret = -EEXIST;
	if (!ret) {
		*pte_ptr(va) = pa | flags | PTE_PRESENT;
		invlpg(va);
	}
	spin_unlock_irqrestore(&pgtable_lock, irq);
	return ret;
}

/* Walks to the leaf; returns its entry pointer and level (1 = 4 KiB). */
static uint64_t *find_leaf(uint64_t va, int *level)
{
	if (!va_canonical(va) || !(*pml4e_ptr(va) & PTE_PRESENT))
		return NULL;
	if (!(*pdpte_ptr(va) & PTE_PRESENT))
		return NULL;
	if (*pdpte_ptr(va) & PTE_HUGE) {
		*level = 3;
		return pdpte_ptr(va);
	}
	if (!(*pde_ptr(va) & PTE_PRESENT))
		return NULL;
	if (*pde_ptr(va) & PTE_HUGE) {
		*level = 2;
		return pde_ptr(va);
	}
	if (!(*pte_ptr(va) & PTE_PRESENT))
		return NULL;
	*level = 1;
	return pte_ptr(va);
}

int translate(uint64_t va, phys_addr_t *pa, uint64_t *flags)
{
	static const uint64_t span[] = { 0, 1ULL << 12, 1ULL << 21, 1ULL << 30 };
	uint64_t irq, entry = 0;
	uint64_t *leaf;
	int level = 0;

	spin_lock_irqsave(&pgtable_lock, irq);
	leaf = find_leaf(va, &level);
	if (leaf)
		entry = *leaf;
	spin_unlock_irqrestore(&pgtable_lock, irq);
	if (!leaf)
		return -ENOENT;
	if (pa)
		*pa = (entry & PTE_ADDR_MASK & ~(span[level] - 1)) |
		      (va & (span[level] - 1));
	if (flags)
		*flags = entry & ~PTE_ADDR_MASK;
	return 0;
}

int unmap_page(uint64_t va, phys_addr_t *pa)
{
	uint64_t irq, *leaf;
	int level = 0, ret = 0;

	spin_lock_irqsave(&pgtable_lock, irq);
	leaf = find_leaf(va, &level);
	if (!leaf)
		ret = -ENOENT;
	else if (level != 1)
		ret = -EINVAL;	/* huge pages belong to the RAM map */
	else {
		if (pa)
			*pa = *leaf & PTE_ADDR_MASK;
		*leaf = 0;
		invlpg(va);
	}
	spin_unlock_irqrestore(&pgtable_lock, irq);
	return ret;
}

int protect_page(uint64_t va, uint64_t flags)
{
	uint64_t irq, *leaf;
	int level = 0, ret = 0;

	spin_lock_irqsave(&pgtable_lock, irq);
	leaf = find_leaf(va, &level);
	if (!leaf || level != 1)
		ret = leaf ? -EINVAL : -ENOENT;
	else {
		*leaf = (*leaf & PTE_ADDR_MASK) | flags | PTE_PRESENT;
		invlpg(va);
	}
	spin_unlock_irqrestore(&pgtable_lock, irq);
	return ret;
}

phys_addr_t virt_to_phys(const void *va)
{
	phys_addr_t pa;

	if (is_ram_map_addr(va))
		return (uint64_t)va - KERNEL_HEAP_BASE;
	if (translate((uint64_t)va, &pa, NULL))
		return 0;
	return pa;
}
