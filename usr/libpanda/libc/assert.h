/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <assert.h>: a failed assertion logs "PANIC at <file>:<line>: assertion
 * failed: <expr> (<function>)" and exits with code 101.
 */
#ifndef _PANDA_LIBC_ASSERT_H
#define _PANDA_LIBC_ASSERT_H

__attribute__((noreturn)) void __panda_assert_fail(const char *expr,
						   const char *file, int line,
						   const char *func);

#endif /* _PANDA_LIBC_ASSERT_H */

#undef assert
#ifdef NDEBUG
#define assert(e)	((void)0)
#else
#define assert(e)	((e) ? (void)0 : \
			 __panda_assert_fail(#e, __FILE__, __LINE__, __func__))
#endif
