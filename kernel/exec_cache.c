// SPDX-License-Identifier: GPL-2.0
/*
 * The read-only pages of executables whose file never changes for the
 * kernel's lifetime (the initramfs: a file whose resource has an
 * immutable_key), loaded once and then mapped into every process that
 * runs the file instead of zeroing a frame and copying the file's bytes
 * into it on every spawn.  Writable pages (data, bss, a page that code
 * and data share) are still private.
 *
 * Besides the copy, this keeps the frames of the code the same from one
 * run to the next.  Under QEMU's TCG a write into a frame throws away the
 * translations of the code in it, so a program loaded into fresh frames
 * was translated again on every spawn; shared pages are translated once.
 *
 * The frames are counted (frame_ref_adopt()): the first load's own
 * read-only frames become the cache's, which holds one reference to each,
 * and every process that maps one holds another (a PTE_OWNED entry).  So
 * a page lives as long as its last user, and dropping an entry is safe
 * at any time.  The kernel writes user memory only through copy_to_user
 * with CR0.WP set, and nothing makes a loaded page writable later, so no
 * process can change a shared page.  Entries live until exec_cache_drop()
 * at halt (before the memory check); a file's entry is made once, on its
 * first spawn, and never changes, so lookups need no reference.
 */
#include <lib/elf.h>
#include <panda/exec_cache.h>
#include <panda/list.h>
#include <panda/spinlock.h>
#include <panda/vm.h>

struct exec_cache_page {
	uint64_t va;
	phys_addr_t pa;		/* a counted frame; one reference is ours */
	uint64_t flags;		/* PTE_NX or 0 (never writable) */
};

struct exec_cache_file {
	struct list_head link;
	const void *key;
	unsigned int nr;
	struct exec_cache_page pages[];	/* ascending va */
};

static LIST_HEAD(cache);
static spinlock_t cache_lock = SPINLOCK_INIT;

static struct exec_cache_file *exec_cache_find_locked(const void *key)
{
	struct exec_cache_file *f;

	list_for_each_entry(f, &cache, link)
		if (f->key == key)
			return f;
	return NULL;
}

const struct exec_cache_file *exec_cache_find(const void *key)
{
	struct exec_cache_file *f;
	uint64_t flags;

	spin_lock_irqsave(&cache_lock, flags);
	f = exec_cache_find_locked(key);
	spin_unlock_irqrestore(&cache_lock, flags);
	return f;
}

bool exec_cache_page(const struct exec_cache_file *f, uint64_t va,
		     phys_addr_t *pa, uint64_t *flags)
{
	unsigned int i;

	for (i = 0; i < f->nr; i++) {
		if (f->pages[i].va == va) {
			*pa = f->pages[i].pa;
			*flags = f->pages[i].flags;
			return true;
		}
	}
	return false;
}

int exec_cache_map(struct address_space *as, uint64_t va, phys_addr_t pa,
		   uint64_t flags)
{
	int ret;

	frame_get(pa);
	ret = as_map(as, va, pa, flags | PTE_OWNED);
	if (ret)
		frame_put(pa);
	return ret;
}

/*
 * Counts the distinct read-only pages of the loaded segments (segments
 * are ascending, so a page two of them share comes twice in a row), and
 * records them in f when it is given; returns how many there are.  Only
 * pages the address space owns count (all of them in a load that did not
 * come from the cache).
 */
static unsigned int each_ro_page(struct address_space *as, const void *head,
				 struct exec_cache_file *f)
{
	const struct elf64_ehdr *eh = head;
	uint64_t last = UINT64_MAX;
	unsigned int i, n = 0;

	for (i = 0; i < eh->e_phnum; i++) {
		const struct elf64_phdr *ph = elf_phdr(head, i);
		uint64_t va, end = ph->p_vaddr + ph->p_memsz, pte;
		phys_addr_t pa;

		if (ph->p_type != PT_LOAD || !ph->p_memsz)
			continue;
		for (va = ph->p_vaddr & ~(PAGE_SIZE - 1); va < end;
		     va += PAGE_SIZE) {
			if (va == last || as_lookup(as, va, &pa, &pte) ||
			    (pte & PTE_WRITE) || !(pte & PTE_OWNED))
				continue;
			last = va;
			if (f) {
				f->pages[n].va = va;
				f->pages[n].pa = pa & ~(PAGE_SIZE - 1);
				f->pages[n].flags = pte & PTE_NX;
			}
			n++;
		}
	}
	return n;
}

static void free_entry(struct exec_cache_file *f)
{
	unsigned int i;

	for (i = 0; i < f->nr; i++)
		frame_put(f->pages[i].pa);
	kfree(f);
}

void exec_cache_fill(const void *key, struct address_space *as,
		     const void *head)
{
	unsigned int n = each_ro_page(as, head, NULL), i;
	struct exec_cache_file *f;
	uint64_t flags;

	if (!n)
		return;
	f = kmalloc(sizeof(*f) + n * sizeof(f->pages[0]));
	if (!f)
		return;
	f->key = key;
	f->nr = n;
	each_ro_page(as, head, f);
	/* The process's frames become shared: its reference and ours. */
	for (i = 0; i < n; i++) {
		frame_ref_adopt(f->pages[i].pa);
		frame_get(f->pages[i].pa);
	}
	spin_lock_irqsave(&cache_lock, flags);
	if (exec_cache_find_locked(key)) {
		spin_unlock_irqrestore(&cache_lock, flags);
		free_entry(f);	/* a concurrent load was first */
		return;
	}
	list_add_tail(&f->link, &cache);
	spin_unlock_irqrestore(&cache_lock, flags);
}

void exec_cache_drop(void)
{
	struct exec_cache_file *f, *next;
	uint64_t flags;
	LIST_HEAD(gone);

	spin_lock_irqsave(&cache_lock, flags);
	list_for_each_entry_safe(f, next, &cache, link) {
		list_del_init(&f->link);
		list_add_tail(&f->link, &gone);
	}
	spin_unlock_irqrestore(&cache_lock, flags);
	list_for_each_entry_safe(f, next, &gone, link)
		free_entry(f);
}
