/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the host unit tests (linked into every test binary).
 *
 * test_heap: a Value allocator over malloc that records each block's size
 * and checks it at free, counts live blocks in test_cnt, and fails on
 * request: the fail_at-th allocation only (1-based), or every allocation
 * from the fail_from-th on.  Reset test_cnt in a suite's .init and check
 * test_cnt.live == 0 in its .fini.
 *
 * Hex text: "06 02 00" (spaces and newlines ignored, any case) to bytes,
 * and bytes to normalised text ("06 02 00", upper case).  test_tohex()
 * and test_norm() return one of several rotating buffers, so a few
 * results can be alive in one expression (an assertion comparing two).
 */
#ifndef _TESTS_HOST_TESTUTIL_H
#define _TESTS_HOST_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <lib/value.h>

struct test_counting {
	long live, allocs;
	long fail_at, fail_from;
};

extern struct test_counting test_cnt;
extern struct panda_value_alloc test_heap;

size_t test_hex(const char *s, uint8_t *buf);
char *test_tohex(const uint8_t *p, size_t n);
char *test_norm(const char *s);

#endif /* _TESTS_HOST_TESTUTIL_H */
