/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checks shared by the userspace suites' programs: a failed check logs
 * "FAIL: <what>: got <value> (<error name>), expected ..." and makes the
 * enclosing function return 1 (so main exits non-zero: the suite fails).
 */
#ifndef _TEST_CHECK_H
#define _TEST_CHECK_H

#include <panda/panda.h>

static inline const char *check_name(long r)
{
	return r < 0 ? panda_errname((int)r) : "ok";
}

#define FAIL(...)							\
	do {								\
		panda_logf("FAIL: " __VA_ARGS__);			\
		return 1;						\
	} while (0)

#define CHECK(cond, ...)						\
	do {								\
		if (!(cond))						\
			FAIL(__VA_ARGS__);				\
	} while (0)

#define CHECK_EQ(what, got, want)					\
	do {								\
		long g_ = (long)(got), w_ = (long)(want);		\
		if (g_ != w_)						\
			FAIL("%s: got %ld (%s), expected %ld (%s)", what,\
			     g_, check_name(g_), w_, check_name(w_));	\
	} while (0)

/* expr is a check function's call (0 or 1): pass a failure on. */
#define TRY(expr)							\
	do {								\
		if (expr)						\
			return 1;					\
	} while (0)

#endif
