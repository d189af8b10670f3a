// SPDX-License-Identifier: GPL-2.0
/*
 * Suites that end in a deliberate panic, to check the reports a kernel bug
 * produces.  Each suite is one test: the panic ends the run (exit 0x11),
 * and tests/kernel/<suite>/expected.txt checks the report's lines.
 */
#include <lib/string.h>
#include <panda/ktest.h>
#include <panda/mm.h>

static __noinline void poke(volatile uint64_t *p, uint64_t v)
{
	*p = v;
	barrier();
}

/* A kernel page fault: address, access kind, registers, backtrace. */
KTEST(page_fault, kernel_write_to_unmapped_page)
{
	poke((volatile uint64_t *)0xffff8000deadb000ULL, 0x1234);
	KTEST_ASSERT(!"write to an unmapped page did not fault");
}

/* CONFIG_DEBUG_KMALLOC: the second kfree of a pointer panics. */
KTEST(double_free, second_kfree_is_caught)
{
	void *p = kmalloc(40);

	kfree(p);
	kfree(p);
	KTEST_ASSERT(!"double free was not detected");
}

/* CONFIG_DEBUG_KMALLOC: writing past the end hits the red zone. */
KTEST(heap_overrun, red_zone_is_checked)
{
	uint8_t *p = kmalloc(40);

	memset(p, 0, 41);
	kfree(p);
	KTEST_ASSERT(!"overrun was not detected");
}
