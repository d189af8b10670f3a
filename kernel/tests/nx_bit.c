// SPDX-License-Identifier: GPL-2.0
/* nx_bit: NX is on, and executing from a data page faults (kernel.md 5). */
#include <asm/cpu.h>
#include <asm/pgtable.h>
#include <asm/traps.h>
#include <panda/ktest.h>
#include <panda/mm.h>

KTEST(nx_bit, efer_nxe_set)
{
	KTEST_ASSERT(rdmsr(MSR_EFER) & EFER_NXE);
}

KTEST(nx_bit, data_page_is_readable_and_writable)
{
	phys_addr_t pa = alloc_frame();
	volatile uint64_t *p = phys_to_virt(pa);
	uint64_t flags;

	*p = 0xc3c3c3c3c3c3c3c3ULL;
	KTEST_ASSERT_EQ(*p, 0xc3c3c3c3c3c3c3c3ULL);
	KTEST_ASSERT_EQ(translate((uint64_t)p, NULL, &flags), 0);
	KTEST_ASSERT(flags & PTE_NX);
	free_frame(pa);
}

KTEST(nx_bit, executing_data_page_faults)
{
	phys_addr_t pa = alloc_frame();
	uint8_t *page = phys_to_virt(pa);
	struct fault_catch fc;

	page[0] = 0xc3;		/* ret: harmless if NX were broken */
	if (!catch_fault(&fc)) {
		((void (*)(void))page)();
		uncatch_fault();
		KTEST_ASSERT(!"call into an NX page returned");
	}
	KTEST_ASSERT_EQ(fc.vector, X86_TRAP_PF);
	KTEST_ASSERT_EQ(fc.cr2, (uint64_t)page);
	KTEST_ASSERT_EQ(fc.fault_rip, (uint64_t)page);
	KTEST_ASSERT(fc.error_code & PF_PROT);
	KTEST_ASSERT(fc.error_code & PF_INSTR);
	KTEST_ASSERT(!(fc.error_code & PF_WRITE));
	KTEST_ASSERT(!(fc.error_code & PF_USER));
	free_frame(pa);
}

KTEST(nx_bit, heap_and_stack_are_not_executable)
{
	uint64_t flags, stack_var = 0;

	KTEST_ASSERT_EQ(translate((uint64_t)&stack_var, NULL, &flags), 0);
	KTEST_ASSERT(flags & PTE_NX);
}
