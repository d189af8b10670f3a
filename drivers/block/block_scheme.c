// SPDX-License-Identifier: GPL-2.0
/*
 * The block: scheme (devices.md 11.6): a device path that resolves to a
 * registered block device opens as a file over the whole device
 * (fs.md 5.3): read, write, seek (the handle offset; SEEK_END from the
 * device size) and stat {size, not a directory}.  Listings are the
 * device namespace's (devices.md 10.3).
 *
 * I/O goes through the block layer (include/panda/bcache.h): the buffer
 * cache, read-ahead per open file (its own stream), and write-through
 * writes.  OP_FILE_SYNC writes back and flushes the device; a device
 * cannot be truncated (NotSupported).
 */
#include <lib/string.h>
#include <panda/bcache.h>
#include <panda/blkdev.h>
#include <panda/devpath.h>
#include <panda/errno.h>
#include <panda/handle.h>
#include <panda/mm.h>
#include <uapi/panda/syscall.h>

struct block_file {
	struct resource res;
	struct blkdev *d;
	struct blk_stream ra;
};

static struct blkdev *file_dev(struct resource *r)
{
	return container_of(r, struct block_file, res)->d;
}

static void block_file_destroy(struct resource *r)
{
	kfree(container_of(r, struct block_file, res));
}

static int64_t block_file_read(struct resource *r, struct handle_entry *h,
			       void *buf, size_t len, uint32_t flags)
{
	struct block_file *f = container_of(r, struct block_file, res);
	int64_t n = blk_stream_read(f->d, &f->ra, h->offset, buf, len,
				    flags & READ_TO_KERNEL);

	if (n > 0)
		h->offset += (uint64_t)n;
	return n;
}

static int64_t block_file_write(struct resource *r, struct handle_entry *h,
				const void *buf, size_t len, uint32_t flags)
{
	int64_t n = blk_write(file_dev(r), h->offset, buf, len,
			      flags & WRITE_FROM_KERNEL);

	if (n > 0)
		h->offset += (uint64_t)n;
	return n;
}

static int64_t block_file_size(struct resource *r)
{
	return (int64_t)blkdev_size(file_dev(r));
}

static int block_file_stat(struct resource *r, struct panda_file_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->size = blkdev_size(file_dev(r));
	return 0;
}

static int block_file_truncate(struct resource *r, uint64_t size)
{
	return -ENOTSUP;
}

static int block_file_sync(struct resource *r)
{
	return blk_sync(file_dev(r));
}

static struct blkdev *block_file_blkdev(struct resource *r)
{
	return file_dev(r);
}

static const struct resource_ops block_file_ops = {
	.name = "block device",
	.tag = PANDA_TAG_FILE,
	.destroy = block_file_destroy,
	.read = block_file_read,
	.write = block_file_write,
	.size = block_file_size,
	.stat = block_file_stat,
	.truncate = block_file_truncate,
	.sync = block_file_sync,
	.blkdev = block_file_blkdev,
};

struct blkdev *block_scheme_lookup(const char *path)
{
	struct devpath_addr a;

	if (devpath_resolve(path, &a))
		return NULL;
	return blkdev_find_pci(a.segment, a.bus, a.dev, a.fn);
}

int block_scheme_open(const char *path, struct resource **out)
{
	struct blkdev *d = block_scheme_lookup(path);
	struct block_file *f;

	if (!d)
		return -ENOENT;
	f = kzalloc(sizeof(*f));
	if (!f)
		return -ENOMEM;
	resource_init(&f->res, &block_file_ops);
	f->d = d;
	blk_stream_init(&f->ra);
	*out = &f->res;
	return 0;
}

int block_scheme_opendir(const char *path, struct resource **out)
{
	return devpath_opendir(path, out);
}

bool block_scheme_probe(const char *path)
{
	return block_scheme_lookup(path) != NULL;
}
