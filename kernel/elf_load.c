// SPDX-License-Identifier: GPL-2.0
/*
 * Loading a user ELF (kernel.md 12): validate everything first (lib/elf.c),
 * then map each PT_LOAD page by page into fresh zeroed frames, filled
 * through the RAM map.  A page shared by two segments gets the union of
 * their permissions (W beats X) and the bytes of both.
 *
 * The image is a file in memory or an open file: from a file only the
 * headers are read into a buffer, and each page's bytes are read from the
 * file straight into the page (no copy of the whole file, none of the
 * symbols or debug information).  The read-only pages of a file that never
 * changes are loaded once and shared (kernel/exec_cache.c).
 */
#include <lib/elf.h>
#include <lib/string.h>
#include <panda/elf_load.h>
#include <panda/errno.h>
#include <panda/exec_cache.h>
#include <panda/handle.h>
#include <panda/mm.h>
#include <panda/printk.h>
#include <panda/vfs.h>
#include <panda/vm.h>

/* The ELF header and program header table must fit in this much. */
#define ELF_HEAD_MAX	16384u

int elf_image_open(const char *path, struct elf_image *img)
{
	struct resource *r;
	int64_t size;
	int ret;

	ret = vfs_open(path, &r);
	if (ret)
		return ret;
	if (!r->ops->size || !r->ops->read) {
		ret = r->ops->readdir ? -PANDA_ERR_IS_A_DIRECTORY : -EINVAL;
		resource_put(r);
		return ret;
	}
	size = r->ops->size(r);
	if (size < 0) {
		resource_put(r);
		return (int)size;
	}
	img->mem = NULL;
	img->file = r;
	img->size = (uint64_t)size;
	img->key = r->ops->immutable_key ? r->ops->immutable_key(r) : NULL;
	return 0;
}

void elf_image_close(struct elf_image *img)
{
	if (img->file)
		resource_put(img->file);
	img->file = NULL;
}

/* len bytes at off into kernel memory; a short read is an I/O error. */
static int image_read(const struct elf_image *img, uint64_t off, void *dst,
		      size_t len)
{
	struct handle_entry h = { .offset = off };
	int64_t got;

	if (img->mem) {
		memcpy(dst, (const uint8_t *)img->mem + off, len);
		return 0;
	}
	got = img->file->ops->read(img->file, &h, dst, len, READ_TO_KERNEL);
	if (got == (int64_t)len)
		return 0;
	return got < 0 ? (int)got : -EIO;
}

static uint64_t seg_flags(uint32_t p_flags)
{
	uint64_t f = PTE_PRESENT | PTE_USER;

	if (p_flags & PF_W)
		f |= PTE_WRITE;
	if (!(p_flags & PF_X))
		f |= PTE_NX;
	return f;
}

static int map_segment(struct address_space *as, const struct elf_image *img,
		       const struct elf64_phdr *ph,
		       const struct exec_cache_file *cached)
{
	uint64_t flags = seg_flags(ph->p_flags), va;
	uint64_t start = ph->p_vaddr & ~(PAGE_SIZE - 1);
	uint64_t end = ph->p_vaddr + ph->p_memsz;

	if ((ph->p_flags & PF_W) && (ph->p_flags & PF_X))
		pr_warn("ELF segment at 0x%lx is writable and executable",
			ph->p_vaddr);
	for (va = start; va < end; va += PAGE_SIZE) {
		uint64_t old, page_lo, page_hi, copy_lo, copy_hi;
		phys_addr_t pa;
		int ret;

		/* A shared read-only page holds every segment's bytes. */
		if (cached && exec_cache_page(cached, va, &pa, &old)) {
			if (as_lookup(as, va, NULL, NULL)) {
				ret = exec_cache_map(as, va, pa, old);
				if (ret)
					return ret;
			}
			continue;
		}
		if (!as_lookup(as, va, &pa, &old)) {
			/* Shared with the previous segment: merge permissions. */
			uint64_t merged = (old | flags) & ~(PTE_NX | PTE_ADDR_MASK);

			if ((old & PTE_NX) && (flags & PTE_NX))
				merged |= PTE_NX;
			if (merged & PTE_WRITE) {
				if (!(merged & PTE_NX))
					pr_warn("ELF page 0x%lx shared by a writable and an executable segment: mapped writable, not executable",
						va);
				merged |= PTE_NX;
			}
			ret = as_set_flags(as, va, merged & ~(PTE_PRESENT | PTE_USER | PTE_OWNED));
			pa &= ~(PAGE_SIZE - 1);
		} else {
			ret = as_map_zero_page(as, va, flags & ~(PTE_PRESENT | PTE_USER));
			if (!ret)
				ret = as_lookup(as, va, &pa, NULL);
		}
		if (ret)
			return ret;
		/* File bytes that land in this page. */
		page_lo = va;
		page_hi = va + PAGE_SIZE;
		copy_lo = MAX(page_lo, ph->p_vaddr);
		copy_hi = MIN(page_hi, ph->p_vaddr + ph->p_filesz);
		if (copy_lo < copy_hi) {
			ret = image_read(img, ph->p_offset + (copy_lo - ph->p_vaddr),
					 (uint8_t *)phys_to_virt(pa) +
						 (copy_lo - page_lo),
					 copy_hi - copy_lo);
			if (ret)
				return ret;
		}
	}
	return 0;
}

/*
 * The ELF header and program header table of a file image, read into a
 * kmalloc buffer: as many bytes as the header says the table needs
 * (elf_check_head() rejects a table that does not fit).
 */
static int read_head(const struct elf_image *img, void **head, size_t *len)
{
	struct elf64_ehdr eh;
	uint64_t want = MIN(img->size, (uint64_t)sizeof(eh)), end;
	int ret;

	ret = image_read(img, 0, &eh, want);
	if (ret)
		return ret;
	/* e_phnum is 16 bits: only the addition can overflow. */
	end = (uint64_t)eh.e_phnum * sizeof(struct elf64_phdr);
	if (want == sizeof(eh) && !__builtin_add_overflow(end, eh.e_phoff, &end) &&
	    end > want)
		want = MIN(MIN(end, img->size), (uint64_t)ELF_HEAD_MAX);
	*head = kmalloc(want ? want : 1);
	if (!*head)
		return -ENOMEM;
	ret = image_read(img, 0, *head, want);
	if (ret) {
		kfree(*head);
		return ret;
	}
	*len = want;
	return 0;
}

int elf_load(struct address_space *as, const struct elf_image *img,
	     uint64_t *entry)
{
	const struct elf_policy policy = {
		.min_addr = 0x1000, .max_addr = PANDA_HEAP_BASE,
	};
	const struct exec_cache_file *cached = NULL;
	struct elf_info info;
	const void *head = img->mem;
	void *buf = NULL;
	size_t head_len = img->size;
	unsigned int i;
	int ret;

	if (!head) {
		ret = read_head(img, &buf, &head_len);
		if (ret)
			return ret;
		head = buf;
	}
	ret = elf_check_head(head, head_len, img->size, &policy, &info);
	if (ret) {
		pr_warn("ELF rejected: %s", elf_strerror(ret));
		ret = -EINVAL;
		goto out;
	}
	if (img->key)
		cached = exec_cache_find(img->key);
	for (i = 0; i < ((const struct elf64_ehdr *)head)->e_phnum; i++) {
		const struct elf64_phdr *ph = elf_phdr(head, i);

		if (ph->p_type != PT_LOAD || !ph->p_memsz)
			continue;
		ret = map_segment(as, img, ph, cached);
		if (ret)
			goto out;
	}
	if (img->key && !cached)
		exec_cache_fill(img->key, as, head);
	*entry = info.entry;
out:
	kfree(buf);
	return ret;
}
