// SPDX-License-Identifier: GPL-2.0
/*
 * The block device registry and the generic synchronous I/O helpers
 * (include/panda/blkdev.h): request splitting to the device limits,
 * batches that sleep until their requests complete, sector range locks,
 * and byte-granular read/write with read-modify-write (devices.md 7.4).
 *
 * A batch is one allocation holding its requests and segments.  Its
 * requests' end_io count it down under d->lock and wake d->wq; the waiter
 * frees it.  A waiter that gives up (its process was killed) marks the
 * batch abandoned and hands it its bounce buffer: the last end_io frees
 * both, so the device never writes into freed memory (kernel.md 8.3).
 */
#include <lib/string.h>
#include <panda/blkdev.h>
#include <panda/errno.h>
#include <panda/handle.h>
#include <panda/mm.h>
#include <panda/pci.h>
#include <panda/printk.h>
#include <panda/process.h>
#include <panda/sched.h>

/* Largest bounce buffer of the byte helpers (one chunk of I/O). */
#define BOUNCE_MAX_ORDER	5	/* 128 KiB */

static LIST_HEAD(blkdevs);
static unsigned int nr_blkdevs;
static spinlock_t registry_lock = SPINLOCK_INIT;

/* ---------------------------------------------------------------- registry */

static uint64_t pci_key(const struct blkdev *d)
{
	const struct pci_dev *p = d->pci;

	if (!p)
		return UINT64_MAX;	/* after every PCI device */
	return (uint64_t)p->segment << 16 | (uint64_t)p->bus << 8 |
	       (uint64_t)p->dev << 3 | p->fn;
}

int blkdev_register(struct blkdev *d)
{
	struct blkdev *e;
	uint64_t flags, key = pci_key(d);
	int ret = 0;

	if (!d->ops || !d->ops->submit || !d->nr_sectors ||
	    d->sector_size != BLK_SECTOR_SIZE || !d->max_segs ||
	    d->max_seg_size < BLK_SECTOR_SIZE)
		return -EINVAL;
	if (!d->block_size)
		d->block_size = BLK_SECTOR_SIZE;
	d->lock = (spinlock_t)SPINLOCK_INIT;
	wait_queue_init(&d->wq);
	INIT_LIST_HEAD(&d->ranges);
	spin_lock_irqsave(&registry_lock, flags);
	list_for_each_entry(e, &blkdevs, node) {
		if (d->pci && pci_key(e) == key) {
			ret = -EEXIST;
			break;
		}
		if (pci_key(e) > key)
			break;
	}
	if (!ret) {
		/* Before e (or at the tail when the walk ran off the end). */
		list_add_tail(&d->node, &e->node);
		nr_blkdevs++;
	}
	spin_unlock_irqrestore(&registry_lock, flags);
	return ret;
}

unsigned int blkdev_count(void)
{
	return READ_ONCE(nr_blkdevs);
}

struct blkdev *blkdev_get(unsigned int index)
{
	struct blkdev *d, *found = NULL;
	uint64_t flags;

	spin_lock_irqsave(&registry_lock, flags);
	list_for_each_entry(d, &blkdevs, node) {
		if (!index--) {
			found = d;
			break;
		}
	}
	spin_unlock_irqrestore(&registry_lock, flags);
	return found;
}

struct blkdev *blkdev_first(void)
{
	return blkdev_get(0);
}

struct blkdev *blkdev_find_pci(uint16_t seg, uint8_t bus, uint8_t dev,
			       uint8_t fn)
{
	struct blkdev *d, *found = NULL;
	uint64_t flags;

	spin_lock_irqsave(&registry_lock, flags);
	list_for_each_entry(d, &blkdevs, node) {
		const struct pci_dev *p = d->pci;

		if (p && p->segment == seg && p->bus == bus && p->dev == dev &&
		    p->fn == fn) {
			found = d;
			break;
		}
	}
	spin_unlock_irqrestore(&registry_lock, flags);
	return found;
}

/* ---------------------------------------------------------------- DMA */

/*
 * Length of the physically contiguous piece at va, at most max bytes;
 * 0 if va is not mapped.
 */
static uint32_t contig_len(const uint8_t *va, uint32_t max, phys_addr_t *pa)
{
	uint32_t len;
	phys_addr_t start;

	if (is_ram_map_addr(va) && is_ram_map_addr(va + max - 1)) {
		*pa = (uint64_t)va - KERNEL_HEAP_BASE;
		return max;
	}
	start = virt_to_phys(va);
	if (!start)
		return 0;
	len = (uint32_t)MIN((uint64_t)max,
			    PAGE_SIZE - ((uint64_t)va & (PAGE_SIZE - 1)));
	while (len < max && virt_to_phys(va + len) == start + len)
		len += (uint32_t)MIN((uint64_t)(max - len), PAGE_SIZE);
	*pa = start;
	return len;
}

int blk_seg_map(const struct blkdev *d, const void *buf, uint32_t len,
		struct blk_dma *out, unsigned int max)
{
	const uint8_t *p = buf;
	uint32_t done = 0;
	int n = 0;

	if (!len)
		return -EINVAL;
	while (done < len) {
		phys_addr_t pa;
		uint32_t piece = contig_len(p + done,
					    MIN(len - done, d->max_seg_size),
					    &pa);

		if (!piece)
			return -EINVAL;
		if (out && (unsigned int)n < max) {
			out[n].phys = pa;
			out[n].len = piece;
		}
		n++;
		done += piece;
	}
	return n;
}

/* ---------------------------------------------------------------- batches */

struct blk_batch {
	struct blkdev *d;
	unsigned int nr, pending;
	int status;
	bool abandoned;
	void *bounce;			/* freed with it if abandoned */
	unsigned int bounce_order;
	struct blk_request *rqs;	/* nr of them */
	struct blk_request **rq_ptrs;
	struct blk_seg *segs;
};

static struct blk_batch *batch_alloc(struct blkdev *d, unsigned int nr_rqs,
				     unsigned int nr_segs)
{
	size_t size = sizeof(struct blk_batch) +
		      nr_rqs * (sizeof(struct blk_request) +
				sizeof(struct blk_request *)) +
		      nr_segs * sizeof(struct blk_seg);
	struct blk_batch *b = kzalloc(size);
	unsigned int i;

	if (!b)
		return NULL;
	b->d = d;
	b->nr = nr_rqs;
	b->rqs = (struct blk_request *)(b + 1);
	b->rq_ptrs = (struct blk_request **)(b->rqs + nr_rqs);
	b->segs = (struct blk_seg *)(b->rq_ptrs + nr_rqs);
	for (i = 0; i < nr_rqs; i++)
		b->rq_ptrs[i] = &b->rqs[i];
	return b;
}

static void batch_free(struct blk_batch *b)
{
	if (b->bounce)
		free_frames(virt_to_phys(b->bounce), b->bounce_order);
	kfree(b);
}

static void batch_end_io(struct blk_request *rq)
{
	struct blk_batch *b = rq->private;
	struct blkdev *d = b->d;
	bool last, drop;
	uint64_t flags;

	spin_lock_irqsave(&d->lock, flags);
	if (rq->status && !b->status)
		b->status = rq->status;
	last = --b->pending == 0;
	drop = last && b->abandoned;
	spin_unlock_irqrestore(&d->lock, flags);
	if (drop)
		batch_free(b);
	else if (last)
		wake_up_all(&d->wq);	/* the device's queue outlives b */
}

static bool batch_done(struct blk_batch *b)
{
	return READ_ONCE(b->pending) == 0;
}

static bool killed(void)
{
	struct process *p = current_process();

	return p && process_kill_pending(p);
}

/*
 * Submits the batch's requests and sleeps until they are done.  With
 * killable, a kill ends the wait: the batch (and bounce, which the caller
 * then no longer owns: *given) goes to the last end_io and -EIO is
 * returned.
 * Otherwise the batch is freed and the first error returned.
 */
static int batch_run(struct blk_batch *b, bool killable, void *bounce,
		     unsigned int bounce_order, bool *given)
{
	struct blkdev *d = b->d;
	uint64_t flags;
	unsigned int i;
	int ret;

	for (i = 0; i < b->nr; i++) {
		b->rqs[i].end_io = batch_end_io;
		b->rqs[i].private = b;
		b->rqs[i].status = 0;
	}
	b->pending = b->nr;
	*given = false;
	ret = d->ops->submit(d, b->rq_ptrs, b->nr);
	if (ret) {
		kfree(b);
		return ret;
	}
	wait_event(&d->wq, batch_done(b) || (killable && killed()));
	spin_lock_irqsave(&d->lock, flags);
	if (b->pending) {
		b->abandoned = true;
		b->bounce = bounce;
		b->bounce_order = bounce_order;
		spin_unlock_irqrestore(&d->lock, flags);
		*given = true;
		return -EIO;
	}
	spin_unlock_irqrestore(&d->lock, flags);
	ret = b->status;
	kfree(b);
	return ret;
}

int blk_submit_wait(struct blkdev *d, struct blk_request *const *rqs,
		    unsigned int nr)
{
	struct blk_batch b = { .d = d, .nr = nr, .pending = nr };
	unsigned int i;
	uint64_t flags;
	int ret;

	if (!nr)
		return -EINVAL;
	for (i = 0; i < nr; i++) {
		rqs[i]->end_io = batch_end_io;
		rqs[i]->private = &b;
		rqs[i]->status = 0;
	}
	ret = d->ops->submit(d, rqs, nr);
	if (ret)
		return ret;
	wait_event(&d->wq, batch_done(&b));
	/*
	 * The last end_io may still be inside d->lock on another CPU: seeing
	 * pending reach 0 orders neither its status store before that nor
	 * our load after it.  Read it under the lock, as batch_run() does.
	 */
	spin_lock_irqsave(&d->lock, flags);
	ret = b.status;
	spin_unlock_irqrestore(&d->lock, flags);
	return ret;
}

/* ---------------------------------------------------------------- split */

/* Where byte pos of the transfer lies: segment *i, offset returned. */
static uint32_t locate(const struct blk_seg *segs, unsigned int nr_segs,
		       uint64_t pos, unsigned int *i)
{
	unsigned int k;

	for (k = 0; k < nr_segs; k++) {
		if (pos < segs[k].len) {
			*i = k;
			return (uint32_t)pos;
		}
		pos -= segs[k].len;
	}
	*i = nr_segs;
	return 0;
}

/*
 * The pieces of bytes [from, to) of the transfer, each physically
 * contiguous and at most max_seg_size, stopping after max pieces.
 * Writes them to out when non-NULL; returns the end position reached,
 * or 0 when a buffer is not mapped.
 */
static uint64_t walk_pieces(const struct blkdev *d, const struct blk_seg *segs,
			    unsigned int nr_segs, uint64_t from, uint64_t to,
			    unsigned int max, struct blk_seg *out,
			    unsigned int *count)
{
	uint64_t pos = from;
	unsigned int n = 0, i;

	while (pos < to && n < max) {
		uint32_t off = locate(segs, nr_segs, pos, &i), want, piece;
		phys_addr_t pa;

		if (i >= nr_segs)
			return 0;
		want = (uint32_t)MIN((uint64_t)(segs[i].len - off), to - pos);
		want = MIN(want, d->max_seg_size);
		piece = contig_len((const uint8_t *)segs[i].buf + off, want,
				   &pa);
		if (!piece)
			return 0;
		if (out) {
			out[n].buf = (uint8_t *)segs[i].buf + off;
			out[n].len = piece;
		}
		n++;
		pos += piece;
	}
	*count = n;
	return pos;
}

/*
 * Plans (out == NULL) or fills the requests of a transfer: each takes as
 * many pieces as max_segs allows, cut back to a whole sector.  Returns
 * the number of requests and *nr_pieces, or -EINVAL.
 */
static int split(struct blkdev *d, enum blk_op op, uint64_t sector,
		 const struct blk_seg *segs, unsigned int nr_segs,
		 uint64_t total, struct blk_batch *out, unsigned int *nr_pieces)
{
	uint64_t pos = 0, end;
	unsigned int nrq = 0, pieces = 0, n;
	struct blk_seg *seg_out = out ? out->segs : NULL;

	while (pos < total) {
		end = walk_pieces(d, segs, nr_segs, pos, total, d->max_segs,
				  NULL, &n);
		if (!end)
			return -EINVAL;
		if (end < total)
			end -= (end - pos) % BLK_SECTOR_SIZE;
		if (end == pos)
			return -EINVAL;	/* not even one sector fits */
		if (out) {
			struct blk_request *rq = &out->rqs[nrq];

			walk_pieces(d, segs, nr_segs, pos, end, d->max_segs,
				    seg_out, &n);
			rq->op = op;
			rq->sector = sector + pos / BLK_SECTOR_SIZE;
			rq->segs = seg_out;
			rq->nr_segs = n;
			seg_out += n;
		} else {
			walk_pieces(d, segs, nr_segs, pos, end, d->max_segs,
				    NULL, &n);
		}
		pieces += n;
		nrq++;
		pos = end;
	}
	*nr_pieces = pieces;
	return (int)nrq;
}

static int rw_sectors(struct blkdev *d, enum blk_op op, uint64_t sector,
		      const struct blk_seg *segs, unsigned int nr_segs,
		      bool killable, void *bounce, unsigned int bounce_order,
		      bool *given)
{
	struct blk_batch *b;
	uint64_t total = 0;
	unsigned int i, pieces;
	int nrq;

	*given = false;
	if (op != BLK_OP_READ && op != BLK_OP_WRITE)
		return -EINVAL;
	for (i = 0; i < nr_segs; i++)
		total += segs[i].len;
	if (!total || total % BLK_SECTOR_SIZE)
		return -EINVAL;
	nrq = split(d, op, sector, segs, nr_segs, total, NULL, &pieces);
	if (nrq < 0)
		return nrq;
	b = batch_alloc(d, (unsigned int)nrq, pieces);
	if (!b)
		return -ENOMEM;
	split(d, op, sector, segs, nr_segs, total, b, &pieces);
	return batch_run(b, killable, bounce, bounce_order, given);
}

int blk_rw_sectors(struct blkdev *d, enum blk_op op, uint64_t sector,
		   const struct blk_seg *segs, unsigned int nr_segs)
{
	bool given;

	return rw_sectors(d, op, sector, segs, nr_segs, false, NULL, 0,
			  &given);
}

int blkdev_sync(struct blkdev *d)
{
	struct blk_batch *b;
	bool given;

	if (!d->can_flush)
		return 0;	/* write-through: completed writes are there */
	b = batch_alloc(d, 1, 0);
	if (!b)
		return -ENOMEM;
	b->rqs[0].op = BLK_OP_FLUSH;
	return batch_run(b, true, NULL, 0, &given);
}

/* ---------------------------------------------------------------- ranges */

struct blk_range {
	struct list_head node;
	uint64_t start, end;		/* sectors [start, end) */
	bool write;
};

/* An earlier holder or waiter conflicts: wait for it (FIFO order). */
static bool range_blocked(struct blkdev *d, struct blk_range *r)
{
	struct blk_range *e;
	bool blocked = false;
	uint64_t flags;

	spin_lock_irqsave(&d->lock, flags);
	list_for_each_entry(e, &d->ranges, node) {
		if (e == r)
			break;
		if (e->start < r->end && r->start < e->end &&
		    (e->write || r->write)) {
			blocked = true;
			break;
		}
	}
	spin_unlock_irqrestore(&d->lock, flags);
	return blocked;
}

static void range_lock(struct blkdev *d, struct blk_range *r)
{
	uint64_t flags;

	spin_lock_irqsave(&d->lock, flags);
	list_add_tail(&r->node, &d->ranges);
	spin_unlock_irqrestore(&d->lock, flags);
	wait_event(&d->wq, !range_blocked(d, r));
}

static void range_unlock(struct blkdev *d, struct blk_range *r)
{
	uint64_t flags;

	spin_lock_irqsave(&d->lock, flags);
	list_del_init(&r->node);
	spin_unlock_irqrestore(&d->lock, flags);
	wake_up_all(&d->wq);
}

/* ---------------------------------------------------------------- bytes */

/* A bounce buffer of up to want bytes (smaller when memory is short). */
static void *bounce_alloc(uint64_t want, unsigned int *order, uint32_t *size)
{
	unsigned int o = 0;
	phys_addr_t pa;

	while (o < BOUNCE_MAX_ORDER && ((uint64_t)PAGE_SIZE << o) < want)
		o++;
	for (;; o--) {
		pa = alloc_frames(o);
		if (pa) {
			*order = o;
			*size = (uint32_t)PAGE_SIZE << o;
			return phys_to_virt(pa);
		}
		if (!o)
			return NULL;
	}
}

/* One sector-aligned transfer through the bounce buffer. */
static int bounce_rw(struct blkdev *d, enum blk_op op, uint64_t sector,
		     uint8_t *bounce, uint32_t at, uint32_t len,
		     unsigned int order, bool *given)
{
	struct blk_seg seg = { bounce + at, len };

	/* An abandoned batch takes the bounce buffer with it (*given). */
	return rw_sectors(d, op, sector, &seg, 1, true, bounce, order, given);
}

/*
 * Reads the partial first and last sectors of a write chunk so their
 * untouched bytes survive (read-modify-write).
 */
static int rmw_edges(struct blkdev *d, uint64_t sector, uint8_t *bounce,
		     uint32_t in, uint32_t n, uint32_t nsec,
		     unsigned int order, bool *given)
{
	int ret = 0;

	*given = false;
	if (in) {
		ret = bounce_rw(d, BLK_OP_READ, sector, bounce, 0,
				BLK_SECTOR_SIZE, order, given);
		if (ret)
			return ret;
	}
	if (((in + n) & (BLK_SECTOR_SIZE - 1)) && !(in && nsec == 1))
		ret = bounce_rw(d, BLK_OP_READ, sector + nsec - 1, bounce,
				(nsec - 1) * BLK_SECTOR_SIZE, BLK_SECTOR_SIZE,
				order, given);
	return ret;
}

int64_t blkdev_io(struct blkdev *d, uint64_t off, void *buf, size_t len,
		  bool write, uint32_t copy_flags)
{
	uint64_t size = blkdev_size(d), done = 0;
	struct blk_range range;
	int ret = 0;

	if (!len)
		return 0;
	if (off >= size)
		return write ? -PANDA_ERR_INVALID_OFFSET : 0;
	if (write && d->read_only)
		return -PANDA_ERR_NOT_WRITABLE;
	len = (size_t)MIN((uint64_t)len, size - off);
	range.start = off >> BLK_SECTOR_SHIFT;
	range.end = (off + len + BLK_SECTOR_SIZE - 1) >> BLK_SECTOR_SHIFT;
	range.write = write;
	range_lock(d, &range);
	while (done < len) {
		uint64_t cur = off + done, sector = cur >> BLK_SECTOR_SHIFT;
		uint32_t in = cur & (BLK_SECTOR_SIZE - 1), bsize, n, nsec;
		unsigned int order;
		bool given = false;
		uint8_t *bounce;

		bounce = bounce_alloc(in + (len - done), &order, &bsize);
		if (!bounce) {
			ret = -ENOMEM;
			break;
		}
		n = (uint32_t)MIN((uint64_t)(bsize - in), len - done);
		nsec = (in + n + BLK_SECTOR_SIZE - 1) >> BLK_SECTOR_SHIFT;
		if (!write) {
			ret = bounce_rw(d, BLK_OP_READ, sector, bounce, 0,
					nsec * BLK_SECTOR_SIZE, order, &given);
			if (!ret && copy_read_data((uint8_t *)buf + done,
						   bounce + in, n,
						   copy_flags & READ_TO_KERNEL))
				ret = -EINVAL;
		} else {
			ret = rmw_edges(d, sector, bounce, in, n, nsec, order,
					&given);
			if (!ret && copy_write_data(bounce + in,
						    (const uint8_t *)buf + done,
						    n, copy_flags &
						    WRITE_FROM_KERNEL))
				ret = -EINVAL;
			if (!ret)
				ret = bounce_rw(d, BLK_OP_WRITE, sector,
						bounce, 0,
						nsec * BLK_SECTOR_SIZE, order,
						&given);
		}
		if (!given)
			free_frames(virt_to_phys(bounce), order);
		if (ret)
			break;
		done += n;
	}
	range_unlock(d, &range);
	return done ? (int64_t)done : ret;
}

int64_t blkdev_read_at(struct blkdev *d, uint64_t off, void *buf, size_t len)
{
	return blkdev_io(d, off, buf, len, false, READ_TO_KERNEL);
}

int64_t blkdev_write_at(struct blkdev *d, uint64_t off, const void *buf,
			size_t len)
{
	return blkdev_io(d, off, (void *)buf, len, true, WRITE_FROM_KERNEL);
}
