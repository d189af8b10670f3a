// SPDX-License-Identifier: GPL-2.0
/*
 * raii (tests.md 2): ownership of frames and mappings.  Counted frames
 * (frame_ref_alloc/get/put) and mapping objects (mapping_create/get/put)
 * with the reference's observable counts, at its addresses; plus a frame
 * shared by two address spaces outliving one of them.
 */
#include <lib/string.h>
#include <panda/ktest.h>
#include <panda/errno.h>
#include <panda/mm.h>
#include <panda/uaccess.h>
#include <panda/vm.h>

static uint64_t nr_free(void)
{
	struct mem_stats st;

	mem_stats(&st);
	return st.free_frames;
}

static bool mapped(struct address_space *as, uint64_t va)
{
	phys_addr_t pa;
	uint64_t flags;

	return !as_lookup(as, va, &pa, &flags);
}

KTEST(raii, thousand_frames_allocated_and_dropped)
{
	static phys_addr_t f[1000];
	uint64_t before = nr_free();
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(f); i++) {
		f[i] = frame_ref_alloc();
		KTEST_ASSERT(f[i] != 0);
		KTEST_ASSERT_EQ(frame_refcount(f[i]), 1);
	}
	KTEST_ASSERT_EQ(nr_free(), before - ARRAY_SIZE(f));
	for (i = 0; i < ARRAY_SIZE(f); i++)
		frame_put(f[i]);
	KTEST_ASSERT_EQ(nr_free(), before);
}

KTEST(raii, cloned_frame_shares_address_and_count)
{
	uint64_t before = nr_free();
	phys_addr_t pa = frame_ref_alloc(), uncounted = alloc_frame();

	KTEST_ASSERT(pa != 0 && uncounted != 0);
	KTEST_ASSERT_EQ(frame_refcount(pa), 1);
	frame_get(pa);			/* the clone: the same frame */
	KTEST_ASSERT_EQ(frame_refcount(pa), 2);
	frame_put(pa);
	KTEST_ASSERT_EQ(frame_refcount(pa), 1);
	KTEST_ASSERT_EQ(nr_free(), before - 2);
	frame_put(pa);
	KTEST_ASSERT_EQ(frame_refcount(pa), 0);
	/* A frame that is not counted: count 0, put frees it. */
	KTEST_ASSERT_EQ(frame_refcount(uncounted), 0);
	frame_put(uncounted);
	KTEST_ASSERT_EQ(nr_free(), before);
}

KTEST(raii, hundred_single_page_mappings_created_and_dropped)
{
	struct address_space *as = as_create();
	uint64_t before, va;
	struct mapping *m;
	unsigned int i;

	KTEST_ASSERT(as != NULL);
	/* The first one makes the page tables; measure after it. */
	KTEST_ASSERT_EQ(mapping_create(as, 0x50000000000ULL, 1, PAGE_USER_RW,
				       &m), 0);
	mapping_put(m);
	before = nr_free();
	for (i = 0; i < 100; i++) {
		va = 0x50000000000ULL + i * PAGE_SIZE;
		KTEST_ASSERT_EQ(mapping_create(as, va, 1, PAGE_USER_RW, &m), 0);
		KTEST_ASSERT(mapped(as, va));
		mapping_put(m);
		KTEST_ASSERT(!mapped(as, va));
	}
	KTEST_ASSERT_EQ(nr_free(), before);
	as_destroy(as);
}

KTEST(raii, cloned_mapping_shares_count_and_address)
{
	struct address_space *as = as_create();
	struct mapping *m, *clone;

	KTEST_ASSERT(as != NULL);
	KTEST_ASSERT_EQ(mapping_create(as, 0x60000000000ULL, 2, PAGE_USER_RW,
				       &m), 0);
	KTEST_ASSERT_EQ(mapping_refcount(m), 1);
	clone = mapping_get(m);
	KTEST_ASSERT_EQ(mapping_refcount(m), 2);
	KTEST_ASSERT_EQ(clone->va, 0x60000000000ULL);
	KTEST_ASSERT_EQ(clone->va, m->va);
	mapping_put(clone);
	KTEST_ASSERT_EQ(mapping_refcount(m), 1);
	KTEST_ASSERT(mapped(as, 0x60000000000ULL + PAGE_SIZE));
	/* A second mapping over it is refused and leaves it alone. */
	KTEST_ASSERT_EQ(mapping_create(as, 0x60000000000ULL - PAGE_SIZE, 2,
				       PAGE_USER_RW, &clone), -EEXIST);
	KTEST_ASSERT(!mapped(as, 0x60000000000ULL - PAGE_SIZE));
	KTEST_ASSERT(mapped(as, 0x60000000000ULL));
	mapping_put(m);
	KTEST_ASSERT(!mapped(as, 0x60000000000ULL));
	as_destroy(as);
}

KTEST(raii, mapping_is_writable_and_readable)
{
	struct address_space *as = as_create();
	uint64_t va = 0x70000000000ULL, word = 0x1234567890abcdefULL, back = 0;
	struct mapping *m;

	KTEST_ASSERT(as != NULL);
	KTEST_ASSERT_EQ(mapping_create(as, va, 1, PAGE_USER_RW, &m), 0);
	as_activate(as);
	KTEST_ASSERT_EQ(copy_to_user((void *)va, &word, sizeof(word)), 0);
	KTEST_ASSERT_EQ(copy_from_user(&back, (void *)(va), sizeof(back)), 0);
	as_activate(NULL);
	KTEST_ASSERT_EQ(back, word);
	mapping_put(m);
	as_destroy(as);
}

KTEST(raii, fifty_16k_mappings_written_and_dropped)
{
	static uint8_t out[16384], in[16384];
	struct address_space *as = as_create();
	struct mapping *m;
	uint64_t va;
	unsigned int i;

	KTEST_ASSERT(as != NULL);
	as_activate(as);
	for (i = 0; i < 50; i++) {
		va = 0x80000000000ULL + i * 16384ULL;
		memset(out, (int)i + 1, sizeof(out));
		KTEST_ASSERT_EQ(mapping_create(as, va, 4, PAGE_USER_RW, &m), 0);
		KTEST_ASSERT_EQ(copy_to_user((void *)va, out, sizeof(out)), 0);
		KTEST_ASSERT_EQ(copy_from_user(in, (void *)va, sizeof(in)), 0);
		KTEST_ASSERT(!memcmp(in, out, sizeof(in)));
		mapping_put(m);
	}
	as_activate(NULL);
	as_destroy(as);
}

KTEST(raii, shared_frame_outlives_one_address_space)
{
	struct address_space *a = as_create(), *b = as_create();
	uint64_t va = 0x90000000000ULL, before;
	struct mapping *m;
	phys_addr_t pa;
	uint64_t flags;

	KTEST_ASSERT(a && b);
	KTEST_ASSERT_EQ(mapping_create(a, va, 1, PAGE_USER_RW, &m), 0);
	KTEST_ASSERT_EQ(as_lookup(a, va, &pa, &flags), 0);
	memset(phys_to_virt(pa), 0x77, PAGE_SIZE);
	frame_get(pa);
	KTEST_ASSERT_EQ(as_map(b, va, pa, PAGE_USER_RW | PTE_OWNED), 0);
	KTEST_ASSERT_EQ(frame_refcount(pa), 2);
	mapping_put(m);
	as_destroy(a);
	KTEST_ASSERT_EQ(frame_refcount(pa), 1);
	KTEST_ASSERT_EQ(*(uint8_t *)phys_to_virt(pa), 0x77);
	before = nr_free();
	as_destroy(b);			/* its entry held the last reference */
	KTEST_ASSERT(nr_free() > before);
	KTEST_ASSERT_EQ(frame_refcount(pa), 0);
}
