// SPDX-License-Identifier: GPL-2.0
/*
 * The parts of the block layer that exist with or without the cache
 * (include/panda/bcache.h): reads with read-ahead for streams, syncing
 * every device, and, without CONFIG_BLK_CACHE, the direct versions of
 * the cache calls on top of the byte helpers of panda/blkdev.h.
 */
#include <lib/string.h>
#include <panda/bcache.h>
#include <panda/errno.h>
#include <panda/printk.h>

int64_t blk_stream_read(struct blkdev *d, struct blk_stream *s, uint64_t off,
			void *buf, size_t len, uint32_t copy_flags)
{
	int64_t n = blk_read(d, off, buf, len, copy_flags);
	struct blk_extent e;

	if (n > 0 && blk_stream_advance(s, off, (uint64_t)n, blkdev_size(d),
					&e.off, &e.len))
		blk_prefetch(d, &e, 1);
	return n;
}

int blk_sync_all(void)
{
	struct blkdev *d;
	unsigned int i;
	int ret = 0, r;

	for (i = 0; (d = blkdev_get(i)); i++) {
		r = blk_sync(d);
		if (r && !ret)
			ret = r;
	}
	return ret;
}

#ifndef CONFIG_BLK_CACHE
int64_t blk_read(struct blkdev *d, uint64_t off, void *buf, size_t len,
		 uint32_t copy_flags)
{
	return blkdev_io(d, off, buf, len, false, copy_flags);
}

int64_t blk_write(struct blkdev *d, uint64_t off, const void *buf,
		  size_t len, uint32_t copy_flags)
{
	return blkdev_io(d, off, (void *)buf, len, true, copy_flags);
}

bool blk_stream_advance(struct blk_stream *s, uint64_t off, uint64_t len,
			uint64_t limit, uint64_t *from, uint64_t *ra_len)
{
	s->next = off + len;
	return false;
}

int blk_sync(struct blkdev *d)
{
	return blkdev_sync(d);
}

void blk_shutdown(void)
{
	blk_sync_all();
}

void blk_cache_info(struct blk_cache_info *info)
{
	memset(info, 0, sizeof(*info));
}

unsigned int blk_cache_set_limit(unsigned int buffers)
{
	return 0;
}

bool blk_set_readahead(bool on)
{
	return false;
}

bool blk_set_coalesce(bool on)
{
	return false;
}

bool blk_cache_contains(struct blkdev *d, uint64_t off)
{
	return false;
}

void blk_cache_wait_idle(void)
{
}
#endif /* !CONFIG_BLK_CACHE */
