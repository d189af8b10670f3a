// SPDX-License-Identifier: GPL-2.0
/* memory: frames, page tables through the recursive slot, MMIO, W^X. */
#include <asm/cpu.h>
#include <asm/pgtable.h>
#include <asm/traps.h>
#include <lib/string.h>
#include <panda/ktest.h>
#include <panda/errno.h>
#include <panda/mm.h>

static uint64_t nr_free(void)
{
	struct mem_stats st;

	mem_stats(&st);
	return st.free_frames;
}

KTEST(memory, frames_are_aligned_distinct_and_zeroed)
{
	phys_addr_t f[16];
	unsigned int i, j;
	uint64_t before = nr_free();

	for (i = 0; i < ARRAY_SIZE(f); i++) {
		const uint64_t *words;

		f[i] = alloc_frame();
		KTEST_ASSERT(f[i] != 0);
		KTEST_ASSERT(IS_ALIGNED(f[i], PAGE_SIZE));
		words = phys_to_virt(f[i]);
		for (j = 0; j < PAGE_SIZE / 8; j++)
			KTEST_ASSERT_EQ(words[j], 0);
		memset(phys_to_virt(f[i]), 0x5a, PAGE_SIZE);
		for (j = 0; j < i; j++)
			KTEST_ASSERT(f[i] != f[j]);
	}
	KTEST_ASSERT_EQ(nr_free(), before - ARRAY_SIZE(f));
	for (i = 0; i < ARRAY_SIZE(f); i++)
		free_frame(f[i]);
	KTEST_ASSERT_EQ(nr_free(), before);
}

KTEST(memory, frame_heap_address_round_trips)
{
	phys_addr_t pa = alloc_frame();
	void *va = phys_to_virt(pa);

	KTEST_ASSERT((uint64_t)va >= KERNEL_HEAP_BASE);
	KTEST_ASSERT_EQ(virt_to_phys(va), pa);
	free_frame(pa);
}

KTEST(memory, multi_page_blocks_are_naturally_aligned)
{
	phys_addr_t pa = alloc_frames(9);	/* 2 MiB */

	KTEST_ASSERT(pa != 0);
	KTEST_ASSERT(IS_ALIGNED(pa, 2 << 20));
	free_frames(pa, 9);
}

KTEST(memory, map_and_unmap_through_recursive_slot)
{
	uint64_t va = KSTACK_REGION_BASE + KSTACK_REGION_SIZE - 16 * PAGE_SIZE;
	phys_addr_t pa = alloc_frame(), got;
	uint64_t flags;

	KTEST_ASSERT_EQ(map_page(va, pa, PAGE_KERNEL_RW), 0);
	KTEST_ASSERT_EQ(map_page(va, pa, PAGE_KERNEL_RW), -EEXIST);
	KTEST_ASSERT_EQ(translate(va, &got, &flags), 0);
	KTEST_ASSERT_EQ(got, pa);
	KTEST_ASSERT(flags & PTE_NX);
	/* The recursive window shows the same leaf entry. */
	KTEST_ASSERT_EQ(*pte_ptr(va) & PTE_ADDR_MASK, pa);
	*(volatile uint64_t *)va = 0x1234;
	KTEST_ASSERT_EQ(*(uint64_t *)phys_to_virt(pa), 0x1234);
	KTEST_ASSERT_EQ(unmap_page(va, &got), 0);
	KTEST_ASSERT_EQ(got, pa);
	KTEST_ASSERT(translate(va, NULL, NULL) != 0);
	free_frame(pa);
}

KTEST(memory, unmapped_page_faults)
{
	uint64_t va = KSTACK_REGION_BASE + KSTACK_REGION_SIZE - 32 * PAGE_SIZE;
	struct fault_catch fc;

	if (!catch_fault(&fc)) {
		(void)*(volatile uint64_t *)va;
		uncatch_fault();
		KTEST_ASSERT(!"read of an unmapped page did not fault");
	}
	KTEST_ASSERT_EQ(fc.vector, X86_TRAP_PF);
	KTEST_ASSERT_EQ(fc.cr2, va);
	KTEST_ASSERT(!(fc.error_code & PF_PROT));
}

KTEST(memory, recursive_slot_points_at_pml4)
{
	uint64_t pml4 = read_cr3() & PTE_ADDR_MASK;

	KTEST_ASSERT_EQ(*pml4e_ptr(RECURSIVE_BASE) & PTE_ADDR_MASK, pml4);
	KTEST_ASSERT(*pml4e_ptr(RECURSIVE_BASE) & PTE_NX);
	/* No physical window, no identity map: slots 0-287 are empty. */
	for (unsigned int slot = 0; slot < KERNEL_SLOTS_FIRST; slot++)
		KTEST_ASSERT(!(((uint64_t *)pml4e_ptr(0))[slot] & PTE_PRESENT));
}

KTEST(memory, mmio_mapping_in_region_and_usable)
{
	phys_addr_t pa = alloc_frame();
	uint32_t *a, *b;
	uint64_t flags;

	((uint32_t *)phys_to_virt(pa))[3] = 0xfeedface;
	a = ioremap(pa + 12, 4);
	KTEST_ASSERT((uint64_t)a >= MMIO_REGION_BASE &&
		     (uint64_t)a < MMIO_REGION_BASE + MMIO_REGION_SIZE);
	KTEST_ASSERT_EQ((uint64_t)a & (PAGE_SIZE - 1), 12);
	KTEST_ASSERT_EQ(*a, 0xfeedface);
	KTEST_ASSERT_EQ(translate((uint64_t)a, NULL, &flags), 0);
	KTEST_ASSERT((flags & PTE_PCD) && (flags & PTE_NX));
	iounmap(a, 4);
	KTEST_ASSERT(translate((uint64_t)a, NULL, NULL) != 0);
	/* The freed range is reused first-fit. */
	b = ioremap(pa + 12, 4);
	KTEST_ASSERT(b == a);
	iounmap(b, 4);
	free_frame(pa);
}

KTEST(memory, mmio_large_mapping)
{
	phys_addr_t pa = alloc_frames(4);	/* 64 KiB */
	uint8_t *v = memremap(pa, 16 * PAGE_SIZE);

	KTEST_ASSERT(v != NULL);
	v[0] = 1;
	v[16 * PAGE_SIZE - 1] = 2;
	KTEST_ASSERT_EQ(((uint8_t *)phys_to_virt(pa))[16 * PAGE_SIZE - 1], 2);
	iounmap(v, 16 * PAGE_SIZE);
	free_frames(pa, 4);
}

static void check_range(const char *from, const char *to, bool want_write,
			bool want_exec)
{
	uint64_t va;

	for (va = (uint64_t)from; va < (uint64_t)to; va += PAGE_SIZE) {
		uint64_t flags;

		KTEST_ASSERT_EQ(translate(va, NULL, &flags), 0);
		KTEST_ASSERT_EQ(!!(flags & PTE_WRITE), want_write);
		KTEST_ASSERT_EQ(!(flags & PTE_NX), want_exec);
	}
}

KTEST(memory, kernel_sections_are_w_xor_x)
{
	KTEST_ASSERT_EQ((uint64_t)_text, KERNEL_IMAGE_BASE);
	check_range(_text, _etext, false, true);
	check_range(_rodata, _erodata, false, false);
	check_range(_data, boot_stack_guard, true, false);
	check_range(boot_stack_guard + PAGE_SIZE, _end, true, false);
}

KTEST(memory, boot_stack_has_guard_page)
{
	KTEST_ASSERT(translate((uint64_t)boot_stack_guard, NULL, NULL) != 0);
}

KTEST(memory, text_is_read_only)
{
	struct fault_catch fc;

	if (!catch_fault(&fc)) {
		*(volatile uint8_t *)_text = 0xcc;
		uncatch_fault();
		KTEST_ASSERT(!"write to kernel text did not fault");
	}
	KTEST_ASSERT_EQ(fc.vector, X86_TRAP_PF);
	KTEST_ASSERT(fc.error_code & PF_WRITE);
	KTEST_ASSERT(fc.error_code & PF_PROT);
}

KTEST(memory, kernel_stacks_have_guard_pages)
{
	uint8_t *top = kstack_alloc();
	uint64_t before = nr_free();
	struct fault_catch fc;

	KTEST_ASSERT(top != NULL);
	top[-1] = 1;
	(top - KSTACK_SIZE)[0] = 1;
	if (!catch_fault(&fc)) {
		(top - KSTACK_SIZE)[-1] = 1;
		uncatch_fault();
		KTEST_ASSERT(!"write to the guard page did not fault");
	}
	KTEST_ASSERT_EQ(fc.cr2, (uint64_t)(top - KSTACK_SIZE - 1));
	kstack_free(top);
	KTEST_ASSERT_EQ(nr_free(), before + CONFIG_KERNEL_STACK_PAGES);
}
