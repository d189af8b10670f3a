/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Block devices (CONFIG_BLOCK; fs.md 5, devices.md 7).
 *
 * Two levels.
 *
 * 1. Requests: what a driver implements and what the block layer (cache,
 *    read-ahead, write coalescing; fs.md 6) builds on.  A struct
 *    blk_request is one READ or WRITE of a contiguous run of 512-byte
 *    sectors whose data is a scatter-gather list of kernel buffers, or a
 *    FLUSH.  ops->submit() queues an array of requests with a single
 *    device notification and never sleeps; each accepted request's
 *    end_io() is then called exactly once, from interrupt context, with
 *    rq->status set.  Several requests may be in flight at once and
 *    complete in any order.
 *
 * 2. Synchronous, byte-granular helpers, implemented once for every
 *    device on top of submit() (drivers/block/blkdev.c).  They are the
 *    interface of fs.md 5.1:
 *
 *	fs.md 5.1         here
 *	read_at           blkdev_read_at()    (blkdev_io() for user buffers)
 *	write_at          blkdev_write_at()   (read-modify-write when unaligned)
 *	size              blkdev_size()
 *	sector_size       d->sector_size      (512)
 *	sync              blkdev_sync()       (FLUSH when the device has it)
 *
 * Ordering.  The driver starts requests in submission order and holds a
 * request back while it overlaps an in-flight one and either is a WRITE
 * (a FLUSH waits for everything in flight, and everything waits for a
 * FLUSH), so operations on overlapping sectors take effect in the order
 * they were submitted, although the device may reorder what it is given.
 * The byte helpers additionally lock the sector range they touch, so a
 * read-modify-write cannot lose a concurrent update (devices.md 7.4).
 *
 * Buffers.  A segment is any mapped kernel memory (heap, frames through
 * the RAM map, kernel stacks, the image); it stays valid and is not
 * touched by the CPU until end_io.  The driver splits each segment into
 * physically contiguous pieces of at most max_seg_size bytes, one
 * descriptor each (blk_seg_map()): a segment in the RAM map (kmalloc,
 * alloc_frames) is contiguous; elsewhere each page may be a piece.  A
 * request may need at most max_segs descriptors; blk_rw_sectors()
 * splits a larger transfer for the caller.
 *
 * Registry.  Drivers register bound devices; they are kept ordered by PCI
 * address ("the first block device" is the lowest, devices.md 7.1) and
 * never go away.  The block: scheme (devices.md 11.6) opens them by
 * device path as seekable files (fs.md 5.3).
 */
#ifndef _PANDA_BLKDEV_H
#define _PANDA_BLKDEV_H

#include <panda/compiler.h>
#include <panda/devpath.h>
#include <panda/errno.h>
#include <panda/list.h>
#include <panda/mm.h>
#include <panda/sched.h>
#include <panda/spinlock.h>

#define BLK_SECTOR_SIZE		512
#define BLK_SECTOR_SHIFT	9

struct blkdev;
struct pci_dev;
struct resource;

/* One data buffer of a request, in device order. */
struct blk_seg {
	void *buf;		/* kernel virtual address */
	uint32_t len;		/* bytes; the request's total is n * 512 */
};

enum blk_op {
	BLK_OP_READ,		/* device -> segments */
	BLK_OP_WRITE,		/* segments -> device */
	BLK_OP_FLUSH,		/* completed writes made durable; no data */
};

struct blk_request {
	/* Set by the submitter. */
	enum blk_op op;
	uint64_t sector;		/* first 512-byte sector */
	const struct blk_seg *segs;	/* nr_segs >= 1; none for FLUSH */
	unsigned int nr_segs;
	/*
	 * Completion, interrupts off, must not sleep: from the interrupt, or
	 * from submit() for a request the driver failed to start (-EINVAL:
	 * its buffers changed after submit() checked them).
	 */
	void (*end_io)(struct blk_request *rq);
	void *private;			/* the submitter's */

	/* Set by the driver before end_io: 0, -EIO, -ENOTSUP. */
	int status;

	/* Driver bookkeeping from submit() to end_io(); not the caller's. */
	struct list_head queue;
	uint64_t nr_sectors;
	unsigned int nr_descs;
	uint16_t token;
};

struct blkdev_ops {
	/*
	 * Queues rqs[0 .. nr) in that order and notifies the device once.
	 * All or nothing: 0 when every request was accepted (each gets its
	 * end_io later, possibly before submit() returns if interrupts are
	 * enabled), or a negative error and none was: -EINVAL (empty or
	 * not a multiple of 512 bytes, beyond the end of the device, more
	 * descriptors than max_segs, an unmapped buffer, nr == 0),
	 * -PANDA_ERR_NOT_WRITABLE (WRITE on a read-only device), -EIO (the
	 * device failed).  Never sleeps; callable with interrupts off.
	 */
	int (*submit)(struct blkdev *d, struct blk_request *const *rqs,
		      unsigned int nr);
};

/* Counters (fs.md 6.5); the driver keeps the request ones. */
struct blk_stats {
	uint64_t read_reqs, write_reqs, flush_reqs;
	uint64_t sectors_read, sectors_written;
	uint64_t data_descs;		/* data descriptors submitted */
	uint64_t completions, errors;
	uint64_t deferred;		/* waited for descriptors or overlaps */
	uint64_t interrupts;
	uint32_t inflight, max_inflight;
	/* For the block layer (fs.md 6.5). */
	uint64_t cache_hits, cache_misses, readahead_sectors, writes_merged;
};

struct blk_range;

struct blkdev {
	/* Set by the driver before blkdev_register(). */
	char name[16];			/* "vblk0" */
	const struct blkdev_ops *ops;
	uint64_t nr_sectors;		/* capacity in 512-byte sectors */
	uint32_t sector_size;		/* addressing unit: 512 */
	uint32_t block_size;		/* the device's preferred I/O size */
	unsigned int max_segs;		/* data descriptors per request */
	uint32_t max_seg_size;		/* bytes per descriptor (>= 512) */
	bool read_only;
	bool can_flush;			/* FLUSH reaches the device */
	struct pci_dev *pci;		/* NULL for devices not on PCI */
	void *driver_data;
	struct blk_stats stats;

	/* Owned by drivers/block/blkdev.c. */
	struct list_head node;		/* the registry */
	spinlock_t lock;		/* batches and range locks */
	struct wait_queue wq;		/* completions of synchronous I/O */
	struct list_head ranges;	/* locked sector ranges, FIFO */
};

/* A physically contiguous piece of a segment (drivers). */
struct blk_dma {
	phys_addr_t phys;
	uint32_t len;
};

#ifdef CONFIG_BLOCK
/*
 * Registry.  blkdev_register() validates the driver's fields and sets up
 * the generic ones: -EINVAL, -EEXIST (same PCI address twice).
 */
int blkdev_register(struct blkdev *d);
unsigned int blkdev_count(void);
struct blkdev *blkdev_get(unsigned int index);	/* PCI address order */
struct blkdev *blkdev_first(void);		/* NULL when none */
struct blkdev *blkdev_find_pci(uint16_t seg, uint8_t bus, uint8_t dev,
			       uint8_t fn);

static inline uint64_t blkdev_size(const struct blkdev *d)
{
	return d->nr_sectors << BLK_SECTOR_SHIFT;
}

/*
 * Splits buf[0 .. len) into physically contiguous pieces of at most
 * d->max_seg_size bytes.  Returns how many there are (writing at most
 * max of them to out, which may be NULL to count), or -EINVAL when part
 * of the buffer is not mapped or len is 0.
 */
int blk_seg_map(const struct blkdev *d, const void *buf, uint32_t len,
		struct blk_dma *out, unsigned int max);

/*
 * Submits rqs as one batch and sleeps until all have completed; returns
 * the first non-zero status (or submit()'s error).  Not interruptible:
 * the buffers are the caller's and stay in use until the device is done.
 * The requests' end_io and private are overwritten.
 */
int blk_submit_wait(struct blkdev *d, struct blk_request *const *rqs,
		    unsigned int nr);

/*
 * READ or WRITE sectors [sector, sector + total/512) through segs (total
 * bytes a multiple of 512), split into as many requests as the device
 * limits need, submitted as one batch and awaited together.  Sleeps;
 * 0 or a negative error.
 */
int blk_rw_sectors(struct blkdev *d, enum blk_op op, uint64_t sector,
		   const struct blk_seg *segs, unsigned int nr_segs);

/*
 * Byte-granular I/O (fs.md 5.1, devices.md 7.4).  Reads: len 0 or off at
 * or beyond the end give 0, a read crossing the end is shortened.
 * Writes: off at or beyond the end is -PANDA_ERR_INVALID_OFFSET, a write
 * crossing the end is shortened, a read-only device is
 * -PANDA_ERR_NOT_WRITABLE.  Unaligned edges are read-modify-written with
 * the sector range locked.  Returns the bytes transferred or a negative
 * error (-EIO device error, -ENOMEM).  Sleeps; a process killed meanwhile
 * gets -EIO and the driver keeps the DMA buffers until the device is done.
 */
int64_t blkdev_read_at(struct blkdev *d, uint64_t off, void *buf, size_t len);
int64_t blkdev_write_at(struct blkdev *d, uint64_t off, const void *buf,
			size_t len);
/*
 * The same with the caller's buffer in user space, unless copy_flags
 * holds READ_TO_KERNEL / WRITE_FROM_KERNEL (panda/handle.h); a bad user
 * buffer gives -EINVAL (or the bytes done before it).
 */
int64_t blkdev_io(struct blkdev *d, uint64_t off, void *buf, size_t len,
		  bool write, uint32_t copy_flags);

/* Every write completed before the call is durable when it returns. */
int blkdev_sync(struct blkdev *d);

/* The block: scheme (devices.md 11.6, fs.md 5.3). */
struct blkdev *block_scheme_lookup(const char *path);	/* NULL: none */
int block_scheme_open(const char *path, struct resource **out);
int block_scheme_opendir(const char *path, struct resource **out);
bool block_scheme_probe(const char *path);
#else
static inline struct blkdev *block_scheme_lookup(const char *path)
{
	return NULL;
}
static inline int block_scheme_open(const char *path, struct resource **out)
{
	return -PANDA_ERR_NOT_FOUND;
}
static inline int block_scheme_opendir(const char *path,
				       struct resource **out)
{
	return devpath_opendir(path, out);
}
static inline bool block_scheme_probe(const char *path)
{
	return false;
}
#endif /* CONFIG_BLOCK */

#endif /* _PANDA_BLKDEV_H */
