// SPDX-License-Identifier: GPL-2.0
/* User address spaces, walked through the RAM map (include/panda/vm.h). */
#include <asm/cpu.h>
#include <asm/percpu.h>
#include <lib/string.h>
#include <panda/errno.h>
#include <panda/printk.h>
#include <panda/smp.h>
#include <panda/vm.h>

#define USER_SLOTS	256
#define IDX(va, shift)	(((va) >> (shift)) & 511)

extern phys_addr_t kernel_pml4_phys;

static uint64_t *table(uint64_t entry)
{
	return phys_to_virt(entry & PTE_ADDR_MASK);
}

struct address_space *as_create(void)
{
	struct address_space *as = kzalloc(sizeof(*as));
	const uint64_t *kpml4 = phys_to_virt(kernel_pml4_phys);
	uint64_t *pml4;
	unsigned int i;

	if (!as)
		return NULL;
	as->pml4 = alloc_frame();
	if (!as->pml4) {
		kfree(as);
		return NULL;
	}
	pml4 = phys_to_virt(as->pml4);
	for (i = USER_SLOTS; i < 512; i++)
		pml4[i] = kpml4[i];
	pml4[RECURSIVE_INDEX] = as->pml4 | PTE_PRESENT | PTE_WRITE | PTE_NX;
	return as;
}

/* The leaf entry for va, creating tables on the way when create is set. */
static uint64_t *walk(struct address_space *as, uint64_t va, bool create)
{
	uint64_t *t = phys_to_virt(as->pml4);
	int shift;

	for (shift = 39; shift > 12; shift -= 9) {
		uint64_t *e = &t[IDX(va, shift)];

		if (!(*e & PTE_PRESENT)) {
			phys_addr_t pa;

			if (!create || !(pa = alloc_frame()))
				return NULL;
			*e = pa | PTE_PRESENT | PTE_WRITE | PTE_USER;
		}
		t = table(*e);
	}
	return &t[IDX(va, 12)];
}

static bool user_range_ok(uint64_t va)
{
	return va < PANDA_USER_TOP && IS_ALIGNED(va, PAGE_SIZE);
}

int as_map(struct address_space *as, uint64_t va, phys_addr_t pa,
	   uint64_t flags)
{
	uint64_t *pte;

	if (!user_range_ok(va))
		return -EINVAL;
	pte = walk(as, va, true);
	if (!pte)
		return -ENOMEM;
	if (*pte & PTE_PRESENT)
		return -EEXIST;
	*pte = pa | flags | PTE_PRESENT | PTE_USER;
	__atomic_fetch_add(&as->nr_pages, 1, __ATOMIC_RELAXED);
	if ((read_cr3() & PTE_ADDR_MASK) == as->pml4)
		invlpg(va);
	return 0;
}

int as_map_zero_page(struct address_space *as, uint64_t va, uint64_t flags)
{
	phys_addr_t pa = alloc_frame();
	int ret;

	if (!pa)
		return -ENOMEM;
	ret = as_map(as, va, pa, flags | PTE_OWNED);
	if (ret)
		free_frame(pa);
	return ret;
}

int as_lookup(struct address_space *as, uint64_t va, phys_addr_t *pa,
	      uint64_t *flags)
{
	uint64_t *pte;

	if (va >= PANDA_USER_TOP)
		return -EINVAL;
	pte = walk(as, va & ~(PAGE_SIZE - 1), false);
	if (!pte || !(*pte & PTE_PRESENT))
		return -ENOENT;
	if (pa)
		*pa = (*pte & PTE_ADDR_MASK) | (va & (PAGE_SIZE - 1));
	if (flags)
		*flags = *pte & ~PTE_ADDR_MASK;
	return 0;
}

#ifdef CONFIG_SMP
struct user_flush {
	struct address_space *as;
	uint64_t start, end;
};

/* On a CPU that had as loaded: drop its translations of the range. */
static void user_flush_local(void *arg)
{
	const struct user_flush *f = arg;
	uint64_t va;

	if ((read_cr3() & PTE_ADDR_MASK) != f->as->pml4)
		return;		/* switched away since: CR3's load flushed it */
	if ((f->end - f->start) / PAGE_SIZE > 32) {
		write_cr3(read_cr3());	/* user entries are not global */
		return;
	}
	for (va = f->start; va < f->end; va += PAGE_SIZE)
		invlpg(va);
}

/*
 * After entries of as in [start, end) changed: every other CPU that has
 * as loaded drops its translations; returns once all have.  The mask is
 * read after the change (a full barrier), so a CPU that loads as later
 * walks the new entries.
 */
static void flush_user_elsewhere(struct address_space *as, uint64_t start,
				 uint64_t end)
{
	struct user_flush f = { as, start, end };
	uint64_t others, flags;
	unsigned int cpu, self;

	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	flags = local_irq_save();
	self = this_cpu()->id;
	local_irq_restore(flags);
	others = __atomic_load_n(&as->cpus, __ATOMIC_SEQ_CST) & ~(1ULL << self);
	for (cpu = 0; others; cpu++, others >>= 1)
		if (others & 1)
			smp_call_function_single(cpu, user_flush_local, &f, true);
}
#else
static inline void flush_user_elsewhere(struct address_space *as,
					uint64_t start, uint64_t end) { }
#endif

int as_set_flags(struct address_space *as, uint64_t va, uint64_t flags)
{
	uint64_t *pte = user_range_ok(va) ? walk(as, va, false) : NULL;

	if (!pte || !(*pte & PTE_PRESENT))
		return -ENOENT;
	*pte = (*pte & (PTE_ADDR_MASK | PTE_OWNED)) | flags | PTE_PRESENT |
	       PTE_USER;
	if ((read_cr3() & PTE_ADDR_MASK) == as->pml4)
		invlpg(va);
	flush_user_elsewhere(as, va, va + PAGE_SIZE);
	return 0;
}

static void release_pte(struct address_space *as, uint64_t *pte)
{
	if (*pte & PTE_OWNED)
		frame_put(*pte & PTE_ADDR_MASK);	/* shared: one reference */
	*pte = 0;
	__atomic_fetch_sub(&as->nr_pages, 1, __ATOMIC_RELAXED);
}

/*
 * Where the absent table that made walk(va) fail stops covering: the end
 * of va's 512 GiB, 1 GiB or 2 MiB slot.  Skipping whole slots keeps
 * unmapping a sparse range (a break shrunk by up to 1 TiB) cheap.
 */
static uint64_t absent_end(struct address_space *as, uint64_t va)
{
	uint64_t *t = phys_to_virt(as->pml4);
	int shift;

	for (shift = 39; shift > 12; shift -= 9) {
		uint64_t e = t[IDX(va, shift)];

		if (!(e & PTE_PRESENT))
			break;
		t = table(e);
	}
	return (va | ((1ULL << shift) - 1)) + 1;
}

#ifdef CONFIG_SMP
#define UNMAP_BATCH	64

/* The batch's entries are gone from every TLB: release their frames. */
static void release_batch(struct address_space *as, uint64_t lo, uint64_t hi,
			  const uint64_t *old, unsigned int n)
{
	unsigned int i;

	flush_user_elsewhere(as, lo, hi);
	for (i = 0; i < n; i++)
		if (old[i] & PTE_OWNED)
			frame_put(old[i] & PTE_ADDR_MASK);
}

/*
 * Unmapping from an address space this CPU does not run: the process may
 * run on another CPU meanwhile, so the entries are cleared, every CPU
 * that has the tables loaded flushes, and only then are frames released
 * (a stale translation must not reach a frame that was reused).
 */
static void unmap_range_other(struct address_space *as, uint64_t start,
			      uint64_t end)
{
	uint64_t old[UNMAP_BATCH], va, lo = 0;
	unsigned int n = 0;

	for (va = start & ~(PAGE_SIZE - 1); va < end && va < PANDA_USER_TOP;
	     va += PAGE_SIZE) {
		uint64_t *pte = walk(as, va, false);

		if (!pte) {
			va = absent_end(as, va) - PAGE_SIZE;
			continue;
		}
		if (!(*pte & PTE_PRESENT))
			continue;
		if (!n)
			lo = va;
		old[n++] = *pte;
		*pte = 0;
		__atomic_fetch_sub(&as->nr_pages, 1, __ATOMIC_RELAXED);
		if (n == UNMAP_BATCH) {
			release_batch(as, lo, va + PAGE_SIZE, old, n);
			n = 0;
		}
	}
	if (n)
		release_batch(as, lo, MIN(end, PANDA_USER_TOP), old, n);
}
#endif

void as_unmap_range(struct address_space *as, uint64_t start, uint64_t end)
{
	bool active = (read_cr3() & PTE_ADDR_MASK) == as->pml4;
	uint64_t va;

#ifdef CONFIG_SMP
	/* Only the CPU running its (one) task has a process's tables. */
	if (!active && num_online_cpus() > 1) {
		unmap_range_other(as, start, end);
		return;
	}
#endif
	for (va = start & ~(PAGE_SIZE - 1); va < end && va < PANDA_USER_TOP;
	     va += PAGE_SIZE) {
		uint64_t *pte = walk(as, va, false);

		if (!pte) {	/* skip the rest of an absent table */
			va = absent_end(as, va) - PAGE_SIZE;
			continue;
		}
		if (!(*pte & PTE_PRESENT))
			continue;
		release_pte(as, pte);
		if (active)
			invlpg(va);
	}
}

/* Frees every user page and every lower-half table, then the PML4. */
static void free_level(struct address_space *as, uint64_t entry, int level)
{
	uint64_t *t = table(entry);
	unsigned int i;

	for (i = 0; i < 512; i++) {
		if (!(t[i] & PTE_PRESENT))
			continue;
		if (level == 1)
			release_pte(as, &t[i]);
		else
			free_level(as, t[i], level - 1);
	}
	free_frame(entry & PTE_ADDR_MASK);
}

void as_destroy(struct address_space *as)
{
	uint64_t *pml4;
	unsigned int i;

	if (!as)
		return;
	if ((read_cr3() & PTE_ADDR_MASK) == as->pml4)
		as_activate(NULL);
	BUG_ON(__atomic_load_n(&as->cpus, __ATOMIC_SEQ_CST));
	pml4 = phys_to_virt(as->pml4);
	for (i = 0; i < USER_SLOTS; i++)
		if (pml4[i] & PTE_PRESENT)
			free_level(as, pml4[i], 3);
	if (as->nr_pages)
		pr_warn("address space %lx: %lu pages unaccounted at teardown",
			as->pml4, as->nr_pages);
	free_frame(as->pml4);
	kfree(as);
}

void as_activate(struct address_space *as)
{
	phys_addr_t want = as ? as->pml4 : kernel_pml4_phys;
	uint64_t flags = local_irq_save();
	struct cpu *c = this_cpu();
	uint64_t bit = 1ULL << c->id;

	/* Who has which tables loaded, for flush_user_elsewhere(). */
	if (c->as != as) {
		if (c->as)
			__atomic_fetch_and(&c->as->cpus, ~bit, __ATOMIC_SEQ_CST);
		if (as)
			__atomic_fetch_or(&as->cpus, bit, __ATOMIC_SEQ_CST);
		c->as = as;
	}
	if ((read_cr3() & PTE_ADDR_MASK) != want)
		write_cr3(want);
	local_irq_restore(flags);
}
