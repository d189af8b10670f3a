// SPDX-License-Identifier: GPL-2.0
/*
 * Loading a user ELF (kernel.md 12): validate everything first (lib/elf.c),
 * then map each PT_LOAD page by page into fresh zeroed frames, filled
 * through the RAM map.  A page shared by two segments gets the union of
 * their permissions (W beats X) and the bytes of both.
 */
#include <lib/elf.h>
#include <lib/string.h>
#include <panda/elf_load.h>
#include <panda/errno.h>
#include <panda/printk.h>
#include <panda/vm.h>

static uint64_t seg_flags(uint32_t p_flags)
{
	uint64_t f = PTE_PRESENT | PTE_USER;

	if (p_flags & PF_W)
		f |= PTE_WRITE;
	if (!(p_flags & PF_X))
		f |= PTE_NX;
	return f;
}

static int map_segment(struct address_space *as, const uint8_t *file,
		       const struct elf64_phdr *ph)
{
	uint64_t flags = seg_flags(ph->p_flags), va;
	uint64_t start = ph->p_vaddr & ~(PAGE_SIZE - 1);
	uint64_t end = ph->p_vaddr + ph->p_memsz;

	if ((ph->p_flags & PF_W) && (ph->p_flags & PF_X))
		pr_warn("ELF segment at 0x%lx is writable and executable",
			ph->p_vaddr);
	for (va = start; va < end; va += PAGE_SIZE) {
		uint64_t old, page_lo, page_hi, copy_lo, copy_hi;
		phys_addr_t pa;
		int ret;

		if (!as_lookup(as, va, &pa, &old)) {
			/* Shared with the previous segment: merge permissions. */
			uint64_t merged = (old | flags) & ~(PTE_NX | PTE_ADDR_MASK);

			if ((old & PTE_NX) && (flags & PTE_NX))
				merged |= PTE_NX;
			if (merged & PTE_WRITE) {
				if (!(merged & PTE_NX))
					pr_warn("ELF page 0x%lx shared by a writable and an executable segment: mapped writable, not executable",
						va);
				merged |= PTE_NX;
			}
			ret = as_set_flags(as, va, merged & ~(PTE_PRESENT | PTE_USER | PTE_OWNED));
			pa &= ~(PAGE_SIZE - 1);
		} else {
			ret = as_map_zero_page(as, va, flags & ~(PTE_PRESENT | PTE_USER));
			if (!ret)
				ret = as_lookup(as, va, &pa, NULL);
		}
		if (ret)
			return ret;
		/* File bytes that land in this page. */
		page_lo = va;
		page_hi = va + PAGE_SIZE;
		copy_lo = MAX(page_lo, ph->p_vaddr);
		copy_hi = MIN(page_hi, ph->p_vaddr + ph->p_filesz);
		if (copy_lo < copy_hi)
			memcpy((uint8_t *)phys_to_virt(pa) + (copy_lo - page_lo),
			       file + ph->p_offset + (copy_lo - ph->p_vaddr),
			       copy_hi - copy_lo);
	}
	return 0;
}

int elf_load(struct address_space *as, const void *file, size_t size,
	     uint64_t *entry)
{
	const struct elf_policy policy = {
		.min_addr = 0x1000, .max_addr = PANDA_HEAP_BASE,
	};
	struct elf_info info;
	unsigned int i;
	int ret;

	ret = elf_check(file, size, &policy, &info);
	if (ret) {
		pr_warn("ELF rejected: %s", elf_strerror(ret));
		return -EINVAL;
	}
	for (i = 0; i < ((const struct elf64_ehdr *)file)->e_phnum; i++) {
		const struct elf64_phdr *ph = elf_phdr(file, i);

		if (ph->p_type != PT_LOAD || !ph->p_memsz)
			continue;
		ret = map_segment(as, file, ph);
		if (ret)
			return ret;
	}
	*entry = info.entry;
	return 0;
}
