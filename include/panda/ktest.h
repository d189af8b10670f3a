/* SPDX-License-Identifier: GPL-2.0 */
/*
 * In-kernel test suites (CONFIG_KERNEL_TESTS).  A suite is the set of
 * KTEST(suite, name) functions of one file; "ktest=<suite>" on the command
 * line runs it after early boot and leaves QEMU through isa-debug-exit.
 * A test fails by panicking, usually through a KTEST_* assertion.
 */
#ifndef _PANDA_KTEST_H
#define _PANDA_KTEST_H

#include <panda/compiler.h>
#include <panda/panic.h>

struct ktest {
	const char *suite;
	const char *name;
	void (*fn)(void);
};

#define KTEST(suite_, name_)						\
	static void ktest_##suite_##_##name_(void);			\
	static const struct ktest __ktest_##suite_##_##name_		\
		__section(".ktest") __used __aligned(8) = {		\
		.suite = #suite_, .name = #name_,			\
		.fn = ktest_##suite_##_##name_,				\
	};								\
	static void ktest_##suite_##_##name_(void)

#define KTEST_ASSERT(cond)						\
	do {								\
		if (!(cond))						\
			panic("assertion failed: %s", #cond);		\
	} while (0)

#define KTEST_ASSERT_EQ(a, b)						\
	do {								\
		uint64_t __a = (uint64_t)(a), __b = (uint64_t)(b);	\
		if (__a != __b)						\
			panic("assertion failed: %s == %s (0x%lx != 0x%lx)", \
			      #a, #b, __a, __b);			\
	} while (0)

#ifdef CONFIG_KERNEL_TESTS
bool ktest_running(void);
/* Runs the suite named on the command line; returns if there is none. */
void ktest_run_from_cmdline(void);
#else
static inline bool ktest_running(void) { return false; }
static inline void ktest_run_from_cmdline(void) { }
#endif

#endif
