/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The block layer between file systems (and block: files) and block
 * device drivers (fs.md 1, 6; Documentation/storage.md).  Code in
 * fs/block/.
 *
 * Cache (CONFIG_BLK_CACHE).  Device data is kept in page-sized buffers
 * (one frame each, BLK_BUF_SIZE bytes = 8 sectors) indexed by device and
 * page-aligned offset, with a valid and a dirty bit per sector, on one
 * LRU list for all devices.  The number of buffers is capped
 * (CONFIG_BLK_CACHE_MAX_KB, at most 1/16 of RAM); a new buffer first
 * evicts the least recently used clean, idle one, and when every buffer
 * is dirty the dirty ones are written back first (memory pressure).
 * Buffers in use by a caller or by the device are never evicted, so the
 * cap is soft while many are pinned.
 *
 * Reads copy from valid sectors; missing ones are read with one
 * scatter-gather request per contiguous sector run (one descriptor per
 * buffer piece), all runs of a call submitted as one batch with a single
 * notification.  The caller sleeps until its own data is there (other
 * tasks run); a read never waits for read-ahead beyond its range.
 *
 * Writes copy into the buffers (sectors only partly written are read
 * first) and mark the sectors dirty.  blk_write() then writes back the
 * device's dirty buffers before it returns (write-through, fs.md 6.4);
 * blk_write_cached() leaves them dirty for a later blk_writeback() or
 * blk_sync(), which is how a file system makes one operation's data,
 * bitmap and inode writes go out together.  Writeback walks the dirty
 * sectors in device order and, with CONFIG_BLK_WRITE_COALESCE, merges
 * adjacent ones from different buffers into one request (within the
 * device's segment limits); without it each buffer's dirty run is a
 * request of its own.  A sector under I/O is never written by the CPU
 * (writers wait), so merging cannot reorder two writes of one sector.
 * With CONFIG_BLK_WRITEBACK (write-back mode, default off) a flusher
 * thread writes dirty data within 100 ms instead, file systems skip the
 * per-operation writeback, and blk_shutdown() writes the rest before the
 * system halts.
 *
 * Read-ahead (CONFIG_BLK_READAHEAD).  A struct blk_stream follows one
 * reader (an open file or block: file): a read starting where the
 * previous one ended (or at 0 on a fresh stream) is sequential and gets
 * the following window prefetched asynchronously (16 KiB, doubling per
 * sequential read up to 128 KiB); any other read resets the window.
 * File systems translate the window through their block map and hand
 * the device extents to blk_prefetch(); block: files prefetch device
 * offsets directly.  Prefetch never blocks, never writes back, never
 * goes past the device end, and its errors are dropped.
 *
 * Without CONFIG_BLK_CACHE every call goes straight to the byte helpers
 * of panda/blkdev.h (blk_write_cached() writes through, blk_writeback()
 * is a no-op) and read-ahead is off.
 *
 * Counters: d->stats.cache_hits / cache_misses (buffers found valid or
 * not by reads), readahead_sectors (sectors queued by prefetch) and
 * writes_merged (buffer runs appended to a request of another buffer);
 * blk_sync() logs them at DEBUG level.
 *
 * Locking: one spinlock (interrupts off) guards the cache; completions
 * update it from interrupt context.  Everything here may sleep except
 * blk_prefetch() and blk_read_cached().
 */
#ifndef _PANDA_BCACHE_H
#define _PANDA_BCACHE_H

#include <panda/blkdev.h>

#ifdef CONFIG_BLOCK
#define BLK_BUF_SIZE		PAGE_SIZE
#define BLK_BUF_SECTORS		(BLK_BUF_SIZE / BLK_SECTOR_SIZE)
#define BLK_RA_INITIAL		(16 * 1024)
#define BLK_RA_MAX		(128 * 1024)

/* Sequential-access state of one reader (fs.md 6.3). */
struct blk_stream {
	uint64_t next;		/* where a sequential read would start */
	uint64_t ra_end;	/* prefetched (in stream offsets) up to here */
	uint32_t window;	/* prefetch size of the next sequential read */
};

/* A device byte range to prefetch. */
struct blk_extent {
	uint64_t off, len;
};

static inline void blk_stream_init(struct blk_stream *s)
{
	s->next = 0;
	s->ra_end = 0;
	s->window = BLK_RA_INITIAL;
}

/*
 * Byte I/O with the semantics of blkdev_io() (fs.md 5.1): reads at or
 * past the end give 0, reads and writes crossing it are shortened, a
 * write at or past it is -PANDA_ERR_INVALID_OFFSET, a read-only device
 * -PANDA_ERR_NOT_WRITABLE; copy_flags as for blkdev_io (READ_TO_KERNEL /
 * WRITE_FROM_KERNEL, else user memory).  Returns the bytes transferred
 * or a negative error (-EIO, -ENOMEM, -EINVAL for a bad user buffer).
 */
int64_t blk_read(struct blkdev *d, uint64_t off, void *buf, size_t len,
		 uint32_t copy_flags);
/* Write-through: the data is on the device when it returns. */
int64_t blk_write(struct blkdev *d, uint64_t off, const void *buf,
		  size_t len, uint32_t copy_flags);

/*
 * Bookkeeping after a read of [off, off + len) of a stream whose data
 * ends at limit: true with *from / *len the range to prefetch (in the
 * stream's offsets), false when there is nothing to prefetch.
 */
bool blk_stream_advance(struct blk_stream *s, uint64_t off, uint64_t len,
			uint64_t limit, uint64_t *from, uint64_t *ra_len);

#ifdef CONFIG_BLK_CACHE
/* The write stays in the cache, dirty, until blk_writeback()/blk_sync(). */
int64_t blk_write_cached(struct blkdev *d, uint64_t off, const void *buf,
			 size_t len, uint32_t copy_flags);
/* Writes back every dirty buffer of d (coalesced) and waits. */
int blk_writeback(struct blkdev *d);
/*
 * Copies [off, off + len) if every byte is in the cache and returns len;
 * otherwise starts reading the missing part (like blk_prefetch) and
 * returns -EAGAIN.  Never sleeps.
 */
int64_t blk_read_cached(struct blkdev *d, uint64_t off, void *buf,
			size_t len);
/* Writes back, then empties the cache of d (NULL: of every device). */
int blk_cache_drop(struct blkdev *d);
#else
static inline int64_t blk_write_cached(struct blkdev *d, uint64_t off,
				       const void *buf, size_t len,
				       uint32_t copy_flags)
{
	return blkdev_io(d, off, (void *)buf, len, true, copy_flags);
}
static inline int blk_writeback(struct blkdev *d)
{
	return 0;
}
static inline int64_t blk_read_cached(struct blkdev *d, uint64_t off,
				      void *buf, size_t len)
{
	return -EAGAIN;
}
static inline int blk_cache_drop(struct blkdev *d)
{
	return 0;
}
#endif

#ifdef CONFIG_BLK_READAHEAD
/*
 * Starts reading the extents into the cache as one batch (one device
 * notification) and returns at once: the sectors queued, or 0.  Never
 * sleeps, never evicts dirty data.
 */
unsigned int blk_prefetch(struct blkdev *d, const struct blk_extent *ext,
			  unsigned int nr);
#else
static inline unsigned int blk_prefetch(struct blkdev *d,
					const struct blk_extent *ext,
					unsigned int nr)
{
	return 0;
}
#endif

/* blk_read() plus read-ahead of the stream (block: files). */
int64_t blk_stream_read(struct blkdev *d, struct blk_stream *s, uint64_t off,
			void *buf, size_t len, uint32_t copy_flags);

/* Writeback, then FLUSH: what was written before is durable. */
int blk_sync(struct blkdev *d);
/* blk_sync() of every registered device; the first error. */
int blk_sync_all(void);
/*
 * Before the system halts (task context): stops the flusher, writes back
 * and flushes every device, waits for all I/O and frees the cache.
 */
void blk_shutdown(void);

/* For tests and benchmarks. */
struct blk_cache_info {
	unsigned int buffers, dirty, pinned, limit;
	unsigned int inflight;		/* batches not yet completed */
};
void blk_cache_info(struct blk_cache_info *info);
/* Sets the cap in buffers (0: the default); returns the old one. */
unsigned int blk_cache_set_limit(unsigned int buffers);
/* Run-time switches under the Kconfig options; return the old value. */
bool blk_set_readahead(bool on);
bool blk_set_coalesce(bool on);
/* Is the buffer holding byte off of d cached (any sector valid)? */
bool blk_cache_contains(struct blkdev *d, uint64_t off);
/* Sleeps until no cache I/O is in flight. */
void blk_cache_wait_idle(void);

#endif /* CONFIG_BLOCK */
#endif /* _PANDA_BCACHE_H */
