// SPDX-License-Identifier: GPL-2.0
/*
 * Shared buffers (abi.md 3, kernel.md 4.1): page-granular memory mapped
 * into the owner's buffer region [BUFFER_BASE, +4 GiB), placed first-fit.
 * The kernel never reaches a buffer through its user address: file I/O into
 * or out of a buffer goes through the frames' RAM-map addresses, so it works
 * whatever address space is active.  Frames belong to the buffer and go
 * when its last reference does.
 */
#include <lib/string.h>
#include <panda/buffer.h>
#include <panda/errno.h>
#include <panda/mm.h>
#include <panda/mutex.h>
#include <panda/process.h>
#include <panda/uaccess.h>
#include <panda/vm.h>

/* A buffer larger than the whole region cannot exist. */
#define BUFFER_MAX_PAGES (PANDA_BUFFER_MAX_SIZE / PAGE_SIZE)

struct buffer {
	struct resource res;
	struct list_head node;		/* owner's buffers, sorted by address */
	struct process *owner;		/* NULL once the owner is gone */
	uint64_t addr;			/* user address */
	uint64_t size;			/* logical size */
	uint64_t pages;
	phys_addr_t *frames;
	struct mutex io;		/* frames in use by a kernel reader */
};

/*
 * Guards every buffer's owner and node and every process's buffer list.
 * A buffer shared through another process's handle (spawn stdio) can be
 * destroyed on another CPU while its owner allocates, resizes or exits:
 * the destroy unlinks from the owner's list and unmaps from its address
 * space, which the owner's exit frees once buffers_release_owner() has
 * run.  A mutex, not a spinlock: unmapping from an address space loaded
 * on another CPU waits for that CPU's TLB flush, which a CPU spinning
 * with interrupts off would never answer.
 */
static struct mutex buffers_lock = {
	.wq = { SPINLOCK_INIT, LIST_HEAD_INIT(buffers_lock.wq.waiters) },
};

static struct buffer *buf_of(struct resource *r)
{
	return container_of(r, struct buffer, res);
}

static void unmap(struct buffer *b)
{
	if (b->owner && b->owner->as)
		as_unmap_range(b->owner->as, b->addr,
			       b->addr + b->pages * PAGE_SIZE);
}

static void free_frames_of(phys_addr_t *frames, uint64_t n)
{
	uint64_t i;

	for (i = 0; i < n; i++)
		if (frames[i])
			free_frame(frames[i]);
	kfree(frames);
}

static void buffer_destroy(struct resource *r)
{
	struct buffer *b = buf_of(r);

	mutex_lock(&buffers_lock);
	unmap(b);
	if (b->owner)
		list_del_init(&b->node);
	mutex_unlock(&buffers_lock);
	free_frames_of(b->frames, b->pages);
	kfree(b);
}

static const struct resource_ops buffer_ops = {
	.name = "buffer",
	.tag = PANDA_TAG_BUFFER,
	.destroy = buffer_destroy,
};

struct buffer *resource_buffer(struct resource *r)
{
	return r && r->ops == &buffer_ops ? buf_of(r) : NULL;
}

/* First gap of pages pages in the owner's region, or 0. */
static uint64_t find_gap(struct process *p, uint64_t pages, struct buffer *skip)
{
	uint64_t cursor = PANDA_BUFFER_BASE, want = pages * PAGE_SIZE;
	struct buffer *b;

	list_for_each_entry(b, &p->buffers, node) {
		if (b == skip)
			continue;
		if (b->addr - cursor >= want)
			return cursor;
		cursor = b->addr + b->pages * PAGE_SIZE;
	}
	if (PANDA_BUFFER_BASE + PANDA_BUFFER_MAX_SIZE - cursor >= want)
		return cursor;
	return 0;
}

static void insert_sorted(struct process *p, struct buffer *nb)
{
	struct buffer *b;

	list_for_each_entry(b, &p->buffers, node) {
		if (b->addr > nb->addr) {
			list_add_tail(&nb->node, &b->node);
			return;
		}
	}
	list_add_tail(&nb->node, &p->buffers);
}

/*
 * More frames than are free: fail at once, rather than zero every free
 * frame first (seconds for a 4 GiB request) while concurrent allocations,
 * a timer tick's mailbox post among them, find memory exhausted.
 */
static bool more_than_free(uint64_t pages)
{
	struct mem_stats st;

	mem_stats(&st);
	return pages > st.free_frames;
}

/* Allocates frames[0..n) zeroed; on failure frees what it took. */
static phys_addr_t *alloc_frame_array(uint64_t n)
{
	phys_addr_t *f = kzalloc(n * sizeof(*f));
	uint64_t i;

	if (!f)
		return NULL;
	for (i = 0; i < n; i++) {
		f[i] = alloc_frame();
		if (!f[i]) {
			free_frames_of(f, i);
			return NULL;
		}
	}
	return f;
}

static int map_at(struct process *p, uint64_t addr, phys_addr_t *frames,
		  uint64_t n)
{
	uint64_t i;
	int ret;

	for (i = 0; i < n; i++) {
		ret = as_map(p->as, addr + i * PAGE_SIZE, frames[i],
			     PTE_WRITE | PTE_NX);
		if (ret) {
			as_unmap_range(p->as, addr, addr + i * PAGE_SIZE);
			return ret;
		}
	}
	return 0;
}

static int fill_info(uint64_t info_ptr, struct buffer *b)
{
	struct panda_buffer_info info = { .addr = b->addr, .size = b->size };

	if (!info_ptr)
		return 0;
	return copy_to_user((void *)info_ptr, &info, sizeof(info));
}

int64_t buffer_alloc(uint64_t size, uint64_t info_ptr)
{
	struct process *p = current_process();
	uint64_t pages = DIV_ROUND_UP(size, PAGE_SIZE);
	struct buffer *b;
	int64_t h;
	int ret;

	if (!size || pages > BUFFER_MAX_PAGES)
		return -EINVAL;
	if (info_ptr && !access_ok(info_ptr, sizeof(struct panda_buffer_info)))
		return -EINVAL;
	if (more_than_free(pages))
		return -ENOMEM;
	b = kzalloc(sizeof(*b));
	if (!b)
		return -ENOMEM;
	resource_init(&b->res, &buffer_ops);
	mutex_init(&b->io);
	b->size = size;
	b->pages = pages;
	/* Zeroing the frames can be slow: not under the lock. */
	b->frames = alloc_frame_array(pages);
	if (!b->frames) {
		kfree(b);
		return -ENOMEM;
	}
	mutex_lock(&buffers_lock);	/* the gap stays free until inserted */
	b->addr = find_gap(p, pages, NULL);
	ret = b->addr ? map_at(p, b->addr, b->frames, pages) : -ENOMEM;
	if (ret) {
		mutex_unlock(&buffers_lock);
		free_frames_of(b->frames, pages);
		kfree(b);
		return ret;
	}
	b->owner = p;
	insert_sorted(p, b);
	mutex_unlock(&buffers_lock);
	h = handle_install(&p->handles, &b->res);
	resource_put(&b->res);
	if (h >= 0 && fill_info(info_ptr, b)) {
		handle_close(&p->handles, (uint32_t)h);
		return -EINVAL;
	}
	return h;
}

static int64_t resize_locked(struct resource *r, uint64_t size,
			     uint64_t info_ptr)
{
	struct buffer *b = resource_buffer(r);
	struct process *p = current_process();
	uint64_t pages = DIV_ROUND_UP(size, PAGE_SIZE), addr, i;
	phys_addr_t *frames;
	int ret;

	if (!b || b->owner != p)
		return -PANDA_ERR_BAD_HANDLE;
	if (!size || pages > BUFFER_MAX_PAGES)
		return -EINVAL;
	if (info_ptr && !access_ok(info_ptr, sizeof(struct panda_buffer_info)))
		return -EINVAL;
	if (pages <= b->pages) {	/* shrink in place; contents kept */
		as_unmap_range(p->as, b->addr + pages * PAGE_SIZE,
			       b->addr + b->pages * PAGE_SIZE);
		for (i = pages; i < b->pages; i++)
			free_frame(b->frames[i]);
		b->pages = pages;
		b->size = size;
		return fill_info(info_ptr, b);
	}
	/* Grow: new frames after the old ones, maybe at a new address. */
	if (more_than_free(pages - b->pages))
		return -ENOMEM;
	frames = kzalloc(pages * sizeof(*frames));
	if (!frames)
		return -ENOMEM;
	memcpy(frames, b->frames, b->pages * sizeof(*frames));
	for (i = b->pages; i < pages; i++) {
		frames[i] = alloc_frame();
		if (!frames[i]) {
			while (--i >= b->pages)
				free_frame(frames[i]);
			kfree(frames);
			return -ENOMEM;
		}
	}
	addr = find_gap(p, pages, b);
	if (!addr) {
		for (i = b->pages; i < pages; i++)
			free_frame(frames[i]);
		kfree(frames);
		return -ENOMEM;
	}
	as_unmap_range(p->as, b->addr, b->addr + b->pages * PAGE_SIZE);
	ret = map_at(p, addr, frames, pages);
	if (ret) {	/* put the old mapping back; it fitted before */
		map_at(p, b->addr, b->frames, b->pages);
		for (i = b->pages; i < pages; i++)
			free_frame(frames[i]);
		kfree(frames);
		return ret;
	}
	kfree(b->frames);
	b->frames = frames;
	b->pages = pages;
	b->size = size;
	list_del_init(&b->node);
	b->addr = addr;
	insert_sorted(p, b);
	return fill_info(info_ptr, b);
}

int64_t buffer_resize(struct resource *r, uint64_t size, uint64_t info_ptr)
{
	struct buffer *b = resource_buffer(r);
	int64_t ret;

	mutex_lock(&buffers_lock);	/* the owner's list changes */
	/* Frames may be freed or the array replaced: no reader meanwhile. */
	if (b)
		mutex_lock(&b->io);
	ret = resize_locked(r, size, info_ptr);
	if (b)
		mutex_unlock(&b->io);
	mutex_unlock(&buffers_lock);
	return ret;
}

void buffer_io_lock(struct buffer *b)
{
	mutex_lock(&b->io);
}

void buffer_io_unlock(struct buffer *b)
{
	mutex_unlock(&b->io);
}

uint64_t buffer_size(struct buffer *b)
{
	return b->size;
}

const void *buffer_kaddr(struct buffer *b, uint64_t off, uint64_t *contig)
{
	if (off >= b->size)
		return NULL;
	*contig = MIN(b->size - off, PAGE_SIZE - off % PAGE_SIZE);
	return (const uint8_t *)phys_to_virt(b->frames[off / PAGE_SIZE]) +
	       off % PAGE_SIZE;
}

/* Process exit: the address space is going, buffers outlive no mapping. */
void buffers_release_owner(struct process *p)
{
	struct buffer *b, *n;

	mutex_lock(&buffers_lock);
	list_for_each_entry_safe(b, n, &p->buffers, node) {
		list_del_init(&b->node);
		b->owner = NULL;
	}
	mutex_unlock(&buffers_lock);
}

/* File I/O into/out of a buffer, page by page through the RAM map. */
static int64_t file_io_locked(struct resource *file, struct handle_entry *h,
			      struct buffer *b, uint64_t len, bool write)
{
	uint64_t done = 0;

	len = write ? MIN(len, b->size) : b->size;
	while (done < len) {
		uint64_t chunk = MIN(len - done, PAGE_SIZE - done % PAGE_SIZE);
		void *kaddr = (uint8_t *)phys_to_virt(b->frames[done / PAGE_SIZE]) +
			      done % PAGE_SIZE;
		int64_t n = write ? file->ops->write(file, h, kaddr, chunk,
						     WRITE_FROM_KERNEL)
				  : file->ops->read(file, h, kaddr, chunk,
						    READ_TO_KERNEL);

		if (n < 0)
			return done ? (int64_t)done : n;
		done += n;
		if ((uint64_t)n < chunk)
			break;		/* end of file */
	}
	return done;
}

int64_t buffer_file_io(struct resource *file, struct handle_entry *h,
		       struct resource *r, uint64_t len, bool write)
{
	struct buffer *b = resource_buffer(r);
	int64_t ret;

	if (!b)
		return -PANDA_ERR_BAD_HANDLE;
	if (write ? !file->ops->write : !file->ops->read)
		return -ENOTSUP;
	/* The I/O may sleep; the owner's resize waits for it. */
	buffer_io_lock(b);
	ret = file_io_locked(file, h, b, len, write);
	buffer_io_unlock(b);
	return ret;
}

