// SPDX-License-Identifier: GPL-2.0
/* heap: kmalloc/kfree of every size class, large blocks, reuse, alignment. */
#include <lib/string.h>
#include <panda/ktest.h>
#include <panda/mm.h>

static uint64_t heap_objects(void)
{
	struct mem_stats st;

	mem_stats(&st);
	return st.heap_objects;
}

KTEST(heap, small_allocation)
{
	uint8_t *p = kmalloc(24);

	KTEST_ASSERT(p != NULL);
	memset(p, 0xa5, 24);
	KTEST_ASSERT(ksize(p) >= 24);
	kfree(p);
}

KTEST(heap, every_size_is_usable_and_aligned)
{
	static const size_t sizes[] = { 1, 8, 15, 16, 17, 63, 100, 200, 511,
					1000, 1024, 1025, 4096, 5000, 70000 };
	void *ptrs[ARRAY_SIZE(sizes)];
	uint64_t before = heap_objects();
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		ptrs[i] = kmalloc(sizes[i]);
		KTEST_ASSERT(ptrs[i] != NULL);
		KTEST_ASSERT(IS_ALIGNED((uint64_t)ptrs[i], 16));
		memset(ptrs[i], (int)i, sizes[i]);
	}
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		const uint8_t *b = ptrs[i];

		KTEST_ASSERT(b[0] == (uint8_t)i && b[sizes[i] - 1] == (uint8_t)i);
		kfree(ptrs[i]);
	}
	KTEST_ASSERT_EQ(heap_objects(), before);
}

KTEST(heap, large_allocation)
{
	size_t size = 2 << 20;	/* 2 MiB */
	uint8_t *p = kmalloc(size);

	KTEST_ASSERT(p != NULL);
	p[0] = 1;
	p[size - 1] = 2;
	KTEST_ASSERT(p[0] == 1 && p[size - 1] == 2);
	kfree(p);
}

KTEST(heap, many_allocations)
{
	enum { N = 2000 };
	uint32_t **ptrs = kzalloc(N * sizeof(*ptrs));
	struct mem_stats st0, st1;
	unsigned int i;

	KTEST_ASSERT(ptrs != NULL);
	mem_stats(&st0);
	for (i = 0; i < N; i++) {
		ptrs[i] = kmalloc(16 + (i % 300));
		KTEST_ASSERT(ptrs[i] != NULL);
		*ptrs[i] = i;
	}
	for (i = 0; i < N; i++)
		KTEST_ASSERT_EQ(*ptrs[i], i);
	for (i = 0; i < N; i += 2)
		kfree(ptrs[i]);
	for (i = 1; i < N; i += 2)
		kfree(ptrs[i]);
	mem_stats(&st1);
	KTEST_ASSERT_EQ(st1.heap_objects, st0.heap_objects);
	KTEST_ASSERT_EQ(st1.heap_bytes, st0.heap_bytes);
	kfree(ptrs);
}

KTEST(heap, freed_memory_is_reused)
{
	void *a = kmalloc(200), *b;

	kfree(a);
	b = kmalloc(200);
	KTEST_ASSERT(a == b);
	kfree(b);
}

KTEST(heap, pages_return_to_frame_allocator)
{
	struct mem_stats st0, st1;
	void *p[64];
	unsigned int i;

	mem_stats(&st0);
	for (i = 0; i < ARRAY_SIZE(p); i++)
		p[i] = kmalloc(8192);
	for (i = 0; i < ARRAY_SIZE(p); i++)
		kfree(p[i]);
	mem_stats(&st1);
	KTEST_ASSERT_EQ(st1.free_frames, st0.free_frames);
}

KTEST(heap, kzalloc_zeroes)
{
	uint8_t *p = kmalloc(300);
	unsigned int i;

	memset(p, 0xff, 300);
	kfree(p);
	p = kzalloc(300);
	for (i = 0; i < 300; i++)
		KTEST_ASSERT_EQ(p[i], 0);
	kfree(p);
}

KTEST(heap, zero_and_huge_requests_fail)
{
	KTEST_ASSERT(kmalloc(0) == NULL);
	KTEST_ASSERT(kmalloc((size_t)1 << 40) == NULL);
	kfree(NULL);
}
