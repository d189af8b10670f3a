// SPDX-License-Identifier: GPL-2.0
/*
 * smap (kernel.md 5): SMEP and SMAP follow CPUID, user copies work with
 * SMAP on (and leave RFLAGS.AC clear), and a kernel read of a user page
 * outside the copy routine faults.  The suite boots with "-cpu max"
 * (QEMU's default model has neither feature); the last test ends it with
 * the fault's panic report.
 */
#include <asm/cpu.h>
#include <lib/string.h>
#include <panda/errno.h>
#include <panda/ktest.h>
#include <panda/uaccess.h>
#include <panda/vm.h>

#define USER_VA		0x40000000000ULL
#define RFLAGS_AC	(1ULL << 18)

static uint64_t rflags(void)
{
	uint64_t f;

	__asm__ volatile("pushfq; popq %0" : "=r"(f));
	return f;
}

KTEST(smap, smep_and_smap_follow_cpuid)
{
	uint32_t a, b, c, d;

	cpuid(7, 0, &a, &b, &c, &d);
	/* This suite's machine has both; the bits must then be on. */
	KTEST_ASSERT(b & (1u << 7));
	KTEST_ASSERT(b & (1u << 20));
	KTEST_ASSERT(read_cr4() & X86_CR4_SMEP);
	KTEST_ASSERT(read_cr4() & X86_CR4_SMAP);
}

static struct address_space *as;
static struct mapping *m;

KTEST(smap, user_copies_work_and_leave_ac_clear)
{
	uint64_t word = 0x5a5a0123456789abULL, back = 0;

	as = as_create();
	KTEST_ASSERT(as != NULL);
	KTEST_ASSERT_EQ(mapping_create(as, USER_VA, 1, PAGE_USER_RW, &m), 0);
	as_activate(as);
	KTEST_ASSERT_EQ(copy_to_user((void *)USER_VA, &word, sizeof(word)), 0);
	KTEST_ASSERT(!(rflags() & RFLAGS_AC));
	KTEST_ASSERT_EQ(copy_from_user(&back, (void *)USER_VA, sizeof(back)),
			0);
	KTEST_ASSERT(!(rflags() & RFLAGS_AC));
	KTEST_ASSERT_EQ(back, word);
	/* A fault inside the copy still returns with AC clear. */
	KTEST_ASSERT_EQ(copy_from_user(&back, (void *)(USER_VA + PAGE_SIZE * 8),
				       sizeof(back)), -EINVAL);
	KTEST_ASSERT(!(rflags() & RFLAGS_AC));
	as_activate(NULL);
}

static __noinline uint64_t peek(const volatile uint64_t *p)
{
	return *p;
}

/* Reading the mapped user page directly: SMAP faults (P=1, kernel). */
KTEST(smap, kernel_read_of_user_page_faults)
{
	as_activate(as);
	peek((const volatile uint64_t *)USER_VA);
	as_activate(NULL);
	KTEST_ASSERT(!"a kernel read of a user page did not fault");
}
