/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the kernel suites that drive the test disk (block,
 * blockcache, ext2): the one block device, and whole frames as I/O
 * buffers.  Each asserts instead of returning an error.
 */
#ifndef _KERNEL_TESTS_BLK_HELPERS_H
#define _KERNEL_TESTS_BLK_HELPERS_H

#include <panda/blkdev.h>
#include <panda/ktest.h>
#include <panda/mm.h>

/* The disk the runner attaches at 00:04.0. */
static inline struct blkdev *disk(void)
{
	struct blkdev *d = blkdev_first();

	KTEST_ASSERT(d);
	return d;
}

/* 2^order frames, mapped; give them back with free_va(). */
static inline void *frames(unsigned int order)
{
	phys_addr_t pa = alloc_frames(order);

	KTEST_ASSERT(pa);
	return phys_to_virt(pa);
}

static inline void free_va(void *va, unsigned int order)
{
	free_frames(virt_to_phys(va), order);
}

#endif /* _KERNEL_TESTS_BLK_HELPERS_H */
