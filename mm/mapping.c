// SPDX-License-Identifier: GPL-2.0
/* Mapping objects: counted frames at a fixed user address (panda/vm.h). */
#include <panda/errno.h>
#include <panda/vm.h>

int mapping_create(struct address_space *as, uint64_t va, uint64_t pages,
		   uint64_t flags, struct mapping **out)
{
	struct mapping *m;
	uint64_t i;
	int ret = 0;

	if (!as || !pages || pages > PANDA_USER_TOP / PAGE_SIZE ||
	    va + pages * PAGE_SIZE > PANDA_USER_TOP)
		return -EINVAL;
	m = kzalloc(sizeof(*m));
	if (!m)
		return -ENOMEM;
	for (i = 0; i < pages; i++) {
		phys_addr_t pa = frame_ref_alloc();

		ret = pa ? as_map(as, va + i * PAGE_SIZE, pa, flags | PTE_OWNED) :
			   -ENOMEM;
		if (ret) {
			if (pa)
				frame_put(pa);
			break;
		}
	}
	if (ret) {
		/* Only the pages mapped here: one that was there stays. */
		as_unmap_range(as, va, va + i * PAGE_SIZE);
		kfree(m);
		return ret;
	}
	m->as = as;
	m->va = va;
	m->pages = pages;
	m->refcount = 1;
	*out = m;
	return 0;
}

struct mapping *mapping_get(struct mapping *m)
{
	__atomic_add_fetch(&m->refcount, 1, __ATOMIC_RELAXED);
	return m;
}

void mapping_put(struct mapping *m)
{
	if (__atomic_sub_fetch(&m->refcount, 1, __ATOMIC_ACQ_REL))
		return;
	as_unmap_range(m->as, m->va, m->va + m->pages * PAGE_SIZE);
	kfree(m);
}

int mapping_refcount(const struct mapping *m)
{
	return __atomic_load_n(&m->refcount, __ATOMIC_RELAXED);
}
