// SPDX-License-Identifier: GPL-2.0
/*
 * The buffer cache (CONFIG_BLK_CACHE), read-ahead (CONFIG_BLK_READAHEAD),
 * write coalescing (CONFIG_BLK_WRITE_COALESCE) and the optional
 * write-back flusher (CONFIG_BLK_WRITEBACK).  include/panda/bcache.h
 * describes the interface; Documentation/storage.md the design.
 *
 * A buffer has three sector masks: valid (the memory holds the device's
 * data, or newer), dirty (newer than the device; always valid) and busy
 * (the device is transferring those sectors: a read fills them or a
 * write takes them).  The CPU never writes a busy sector and nobody
 * reads an invalid one, so a buffer needs no lock of its own: bc_lock
 * guards masks, lists and counts, and is taken with interrupts off since
 * completions update the masks.  A buffer is pinned (refs) by callers
 * copying to or from it and by each request part covering it; only
 * unpinned, idle, clean buffers are evicted.
 *
 * I/O goes out in batches: a sorted array of parts (a contiguous sector
 * run of one buffer) becomes requests, a part joining the previous
 * request when its first sector follows that request's last and the
 * device's descriptor limit allows (reads always; writes when
 * coalescing), and all requests of the batch are submitted with one
 * notification.  A synchronous caller sleeps until the batch is done; an
 * asynchronous batch (prefetch) is freed by its last completion.
 */
#include <lib/string.h>
#include <panda/bcache.h>
#include <panda/errno.h>
#include <panda/handle.h>
#include <panda/mm.h>
#include <panda/printk.h>
#include <panda/sched.h>
#include <panda/time.h>

#define NR_BUCKETS		1024
#define READ_CHUNK_BUFS		64	/* buffers pinned by one read step */
#define WRITE_CHUNK_BUFS	16	/* and by one write step (64 KiB) */
#define PREFETCH_MAX_BUFS	64
#define SECTOR_MASK_ALL		((1u << BLK_BUF_SECTORS) - 1)

struct bbuf {
	struct bbuf *hnext;		/* hash chain */
	struct list_head lru;		/* head: least recently used */
	struct list_head dirty_node;	/* on dirty_list while dirty */
	struct blkdev *d;
	uint64_t idx;			/* device offset / BLK_BUF_SIZE */
	uint8_t *data;			/* one frame */
	uint8_t valid, dirty, busy;
	uint8_t span;			/* sectors inside the device */
	unsigned int refs;
	uint64_t dirty_since;		/* uptime ns when it became dirty */
};

/* A run of sectors of one buffer, as a request piece. */
struct bc_part {
	struct bbuf *b;
	uint8_t mask;			/* contiguous bits */
};

struct bc_batch;

struct bc_rq {
	struct blk_request rq;
	struct bc_batch *batch;
	unsigned int first_part, nr_parts;
};

struct bc_batch {
	struct blkdev *d;
	enum blk_op op;
	bool async;
	unsigned int nr_rqs, pending;
	int status;
	struct bc_rq *rqs;
	struct blk_request **ptrs;
	struct bc_part *parts;
	struct blk_seg *segs;
};

static spinlock_t bc_lock = SPINLOCK_INIT;
static struct wait_queue bc_wq = {
	.lock = SPINLOCK_INIT,
	.waiters = LIST_HEAD_INIT(bc_wq.waiters),
};
static struct bbuf *buckets[NR_BUCKETS];
static LIST_HEAD(lru_list);
static LIST_HEAD(dirty_list);
static unsigned int nr_bufs, nr_dirty, nr_inflight;
static unsigned int limit_override;
static bool ra_on = IS_ENABLED(CONFIG_BLK_READAHEAD);
static bool coalesce_on = IS_ENABLED(CONFIG_BLK_WRITE_COALESCE);

/* ---------------------------------------------------------------- helpers */

static unsigned int default_limit(void)
{
	struct mem_stats st;
	uint64_t cap = (uint64_t)CONFIG_BLK_CACHE_MAX_KB * 1024 / BLK_BUF_SIZE;

	mem_stats(&st);
	cap = MIN(cap, st.total_frames * PAGE_SIZE / 16 / BLK_BUF_SIZE);
	return cap < 16 ? 16 : (unsigned int)cap;
}

static unsigned int cache_limit(void)
{
	static unsigned int def;

	if (limit_override)
		return limit_override;
	if (!def)
		def = default_limit();
	return def;
}

static unsigned int hash(const struct blkdev *d, uint64_t idx)
{
	uint64_t k = idx * 0x9e3779b97f4a7c15ull ^ ((uint64_t)d >> 6);

	return (unsigned int)(k >> 32) & (NR_BUCKETS - 1);
}

static uint8_t span_mask(const struct blkdev *d, uint64_t idx)
{
	uint64_t first = idx * BLK_BUF_SECTORS, n;

	if (first >= d->nr_sectors)
		return 0;
	n = MIN((uint64_t)BLK_BUF_SECTORS, d->nr_sectors - first);
	return (uint8_t)((1u << n) - 1);
}

/* Mask of the sectors of buffer idx that bytes [off, off + len) touch. */
static uint8_t touch_mask(uint64_t idx, uint64_t off, uint64_t len)
{
	uint64_t base = idx * BLK_BUF_SIZE;
	uint64_t s = off > base ? off - base : 0;
	uint64_t e = MIN(off + len - base, (uint64_t)BLK_BUF_SIZE);
	unsigned int first = (unsigned int)(s / BLK_SECTOR_SIZE);
	unsigned int last = (unsigned int)((e - 1) / BLK_SECTOR_SIZE);

	return (uint8_t)(((2u << last) - 1) & ~((1u << first) - 1));
}

static unsigned int popcount8(uint8_t m)
{
	unsigned int n = 0;

	for (; m; m &= (uint8_t)(m - 1))	/* no libgcc in the kernel */
		n++;
	return n;
}

/* Called with bc_lock held. */
static struct bbuf *lookup(struct blkdev *d, uint64_t idx)
{
	struct bbuf *b;

	for (b = buckets[hash(d, idx)]; b; b = b->hnext)
		if (b->d == d && b->idx == idx)
			return b;
	return NULL;
}

static void unhash(struct bbuf *b)
{
	struct bbuf **pp = &buckets[hash(b->d, b->idx)];

	while (*pp != b)
		pp = &(*pp)->hnext;
	*pp = b->hnext;
}

static void buf_free(struct bbuf *b)
{
	unhash(b);
	list_del_init(&b->lru);
	if (!list_empty(&b->dirty_node)) {
		list_del_init(&b->dirty_node);
		nr_dirty--;
	}
	free_frame(virt_to_phys(b->data));
	kfree(b);
	nr_bufs--;
}

static bool evictable(const struct bbuf *b)
{
	return !b->refs && !b->busy && !b->dirty;
}

/* Frees the least recently used evictable buffer; false if none. */
static bool evict_one(void)
{
	struct bbuf *b;

	list_for_each_entry(b, &lru_list, lru) {
		if (evictable(b)) {
			buf_free(b);
			return true;
		}
	}
	return false;
}

static void mark_dirty(struct bbuf *b, uint8_t mask)
{
	b->valid |= mask;
	b->dirty |= mask;
	if (list_empty(&b->dirty_node)) {
		list_add_tail(&b->dirty_node, &dirty_list);
		b->dirty_since = uptime_ns();
		nr_dirty++;
	}
}

static void clean(struct bbuf *b, uint8_t mask)
{
	b->dirty &= ~mask;
	if (!b->dirty && !list_empty(&b->dirty_node)) {
		list_del_init(&b->dirty_node);
		nr_dirty--;
	}
}

/*
 * The buffer for (d, idx), created if missing (bc_lock held).  At the
 * cap a clean idle buffer is evicted first; if there is none the cache
 * grows past the cap (pinned buffers) unless strict.  NULL when out of
 * memory (or strict and full).
 */
static struct bbuf *get_locked(struct blkdev *d, uint64_t idx, bool strict)
{
	struct bbuf *b = lookup(d, idx);
	phys_addr_t pa;

	if (b)
		return b;
	while (nr_bufs >= cache_limit())
		if (!evict_one())
			break;
	if (strict && nr_bufs >= cache_limit())
		return NULL;
	/* Unzeroed: the valid mask says which sectors hold data. */
	b = kzalloc(sizeof(*b));
	pa = b ? alloc_frames_uninit(0) : 0;
	while (b && !pa && evict_one())
		pa = alloc_frames_uninit(0);
	if (!pa) {
		kfree(b);
		return NULL;
	}
	b->d = d;
	b->idx = idx;
	b->data = phys_to_virt(pa);
	b->span = span_mask(d, idx);
	INIT_LIST_HEAD(&b->dirty_node);
	list_add_tail(&b->lru, &lru_list);
	b->hnext = buckets[hash(d, idx)];
	buckets[hash(d, idx)] = b;
	nr_bufs++;
	return b;
}

static void touch(struct bbuf *b)
{
	list_del_init(&b->lru);
	list_add_tail(&b->lru, &lru_list);
}

/* ---------------------------------------------------------------- batches */

static void end_io(struct blk_request *rq)
{
	struct bc_rq *r = container_of(rq, struct bc_rq, rq);
	struct bc_batch *bt = r->batch;
	bool last, drop = false;
	uint64_t flags;
	unsigned int i;

	spin_lock_irqsave(&bc_lock, flags);
	for (i = 0; i < r->nr_parts; i++) {
		struct bc_part *p = &bt->parts[r->first_part + i];

		if (bt->op == BLK_OP_READ && !rq->status)
			p->b->valid |= p->mask;
		if (bt->op == BLK_OP_WRITE && rq->status)
			mark_dirty(p->b, p->mask);	/* try again later */
		p->b->busy &= ~p->mask;
		p->b->refs--;
	}
	if (rq->status && !bt->status)
		bt->status = rq->status;
	last = --bt->pending == 0;
	if (last) {
		nr_inflight--;
		drop = bt->async;
	}
	spin_unlock_irqrestore(&bc_lock, flags);
	if (drop)
		kfree(bt);
	wake_up_all(&bc_wq);
}

/* Sorts parts by device sector (nearly sorted input: insertion sort). */
static uint64_t part_sector(const struct bc_part *p)
{
	return p->b->idx * BLK_BUF_SECTORS + (unsigned int)__builtin_ctz(p->mask);
}

static void sort_parts(struct bc_part *p, unsigned int n)
{
	unsigned int i, j;

	for (i = 1; i < n; i++) {
		struct bc_part t = p[i];
		uint64_t key = part_sector(&t);

		for (j = i; j > 0 && part_sector(&p[j - 1]) > key; j--)
			p[j] = p[j - 1];
		p[j] = t;
	}
}

static unsigned int part_pieces(const struct blkdev *d, const struct bc_part *p)
{
	uint32_t bytes = popcount8(p->mask) * BLK_SECTOR_SIZE;

	return (bytes + d->max_seg_size - 1) / d->max_seg_size;
}

/*
 * Builds the requests of parts[0 .. np) (sorted, disjoint, busy and
 * pinned by the caller).  Returns NULL when out of memory; *merged
 * counts write parts that joined another buffer's request.
 */
static struct bc_batch *batch_build(struct blkdev *d, enum blk_op op,
				    const struct bc_part *parts,
				    unsigned int np, bool async,
				    uint64_t *merged)
{
	unsigned int i, nsegs = 0, seg = 0;
	bool merge = op == BLK_OP_READ || coalesce_on;
	struct bc_rq *cur = NULL;
	struct bc_batch *bt;
	uint64_t cur_end = 0;
	size_t size;

	for (i = 0; i < np; i++)
		nsegs += part_pieces(d, &parts[i]);
	size = sizeof(*bt) + np * (sizeof(struct bc_rq) +
				   sizeof(struct blk_request *) +
				   sizeof(struct bc_part)) +
	       nsegs * sizeof(struct blk_seg);
	bt = kzalloc(size);
	if (!bt)
		return NULL;
	bt->d = d;
	bt->op = op;
	bt->async = async;
	bt->rqs = (struct bc_rq *)(bt + 1);
	bt->ptrs = (struct blk_request **)(bt->rqs + np);
	bt->parts = (struct bc_part *)(bt->ptrs + np);
	bt->segs = (struct blk_seg *)(bt->parts + np);
	memcpy(bt->parts, parts, np * sizeof(*parts));
	*merged = 0;
	for (i = 0; i < np; i++) {
		const struct bc_part *p = &bt->parts[i];
		uint64_t sector = part_sector(p);
		unsigned int nsec = popcount8(p->mask), pieces = part_pieces(d, p);
		uint32_t bytes = nsec * BLK_SECTOR_SIZE, done = 0;
		uint8_t *data = p->b->data +
				(unsigned int)__builtin_ctz(p->mask) *
				BLK_SECTOR_SIZE;

		if (cur && merge && sector == cur_end &&
		    cur->rq.nr_segs + pieces <= d->max_segs) {
			if (op == BLK_OP_WRITE)
				(*merged)++;
		} else {
			cur = &bt->rqs[bt->nr_rqs];
			bt->ptrs[bt->nr_rqs++] = &cur->rq;
			cur->batch = bt;
			cur->first_part = i;
			cur->rq.op = op;
			cur->rq.sector = sector;
			cur->rq.segs = &bt->segs[seg];
			cur->rq.end_io = end_io;
		}
		while (done < bytes) {
			uint32_t n = MIN(bytes - done, d->max_seg_size);

			bt->segs[seg].buf = data + done;
			bt->segs[seg].len = n;
			seg++;
			cur->rq.nr_segs++;
			done += n;
		}
		cur->nr_parts++;
		cur_end = sector + nsec;
	}
	bt->pending = bt->nr_rqs;
	return bt;
}

/* Undoes the caller's marks on parts that will not be transferred. */
static void parts_abort(enum blk_op op, const struct bc_part *parts,
			unsigned int np)
{
	uint64_t flags;
	unsigned int i;

	spin_lock_irqsave(&bc_lock, flags);
	for (i = 0; i < np; i++) {
		if (op == BLK_OP_WRITE)
			mark_dirty(parts[i].b, parts[i].mask);
		parts[i].b->busy &= ~parts[i].mask;
		parts[i].b->refs--;
	}
	spin_unlock_irqrestore(&bc_lock, flags);
	wake_up_all(&bc_wq);
}

static bool batch_done(struct bc_batch *bt)
{
	return READ_ONCE(bt->pending) == 0;
}

/*
 * Submits parts as one batch.  Synchronous: waits and returns the first
 * error.  Asynchronous: returns at once (0, or the submit error).  On
 * any failure to submit the parts' marks are undone.
 */
static int batch_run(struct blkdev *d, enum blk_op op, struct bc_part *parts,
		     unsigned int np, bool async)
{
	struct bc_batch *bt;
	uint64_t merged, flags;
	int ret;

	if (!np)
		return 0;
	sort_parts(parts, np);
	bt = batch_build(d, op, parts, np, async, &merged);
	if (!bt) {
		parts_abort(op, parts, np);
		return -ENOMEM;
	}
	spin_lock_irqsave(&bc_lock, flags);
	nr_inflight++;
	d->stats.writes_merged += merged;
	spin_unlock_irqrestore(&bc_lock, flags);
	ret = d->ops->submit(d, bt->ptrs, bt->nr_rqs);
	if (ret) {
		spin_lock_irqsave(&bc_lock, flags);
		nr_inflight--;
		d->stats.writes_merged -= merged;
		spin_unlock_irqrestore(&bc_lock, flags);
		parts_abort(op, bt->parts, np);
		kfree(bt);
		return ret;
	}
	if (async)
		return 0;
	wait_event(&bc_wq, batch_done(bt));
	/*
	 * The last end_io may still be inside bc_lock on another CPU (it
	 * reads bt->async after the decrement we saw): take the lock before
	 * reading the status and freeing bt.
	 */
	spin_lock_irqsave(&bc_lock, flags);
	ret = bt->status;
	spin_unlock_irqrestore(&bc_lock, flags);
	kfree(bt);
	return ret;
}

/*
 * Appends the runs of mask in b to parts (bc_lock held), marking them
 * busy and pinned.
 */
static unsigned int add_runs(struct bc_part *parts, unsigned int np,
			     struct bbuf *b, uint8_t mask)
{
	while (mask) {
		unsigned int s = (unsigned int)__builtin_ctz(mask), e = s;
		uint8_t run;

		while (e < BLK_BUF_SECTORS && (mask & (1u << e)))
			e++;
		run = (uint8_t)(((1u << e) - 1) & ~((1u << s) - 1));
		parts[np].b = b;
		parts[np].mask = run;
		np++;
		b->busy |= run;
		b->refs++;
		mask &= ~run;
	}
	return np;
}

/* ---------------------------------------------------------------- pinning */

static int writeback_older(struct blkdev *d, uint64_t older);
static void unpin_range(struct bbuf **bufs, unsigned int n);

/*
 * Memory pressure: every buffer is dirty or in use and the cache is at
 * its cap.  Writes back the dirty buffers of the device that has the
 * oldest one, so they can be evicted.
 */
static void pressure_writeback(void)
{
	struct blkdev *d = NULL;
	uint64_t flags;

	spin_lock_irqsave(&bc_lock, flags);
	if (!list_empty(&dirty_list))
		d = list_first_entry(&dirty_list, struct bbuf, dirty_node)->d;
	spin_unlock_irqrestore(&bc_lock, flags);
	if (d)
		writeback_older(d, UINT64_MAX);
}

static int pin_range(struct blkdev *d, uint64_t first, unsigned int n,
		     struct bbuf **bufs)
{
	bool pressed = false;
	uint64_t flags;
	unsigned int i;

	spin_lock_irqsave(&bc_lock, flags);
	for (i = 0; i < n; i++) {
		if (!lookup(d, first + i) && nr_bufs >= cache_limit() &&
		    !pressed) {
			while (nr_bufs >= cache_limit() && evict_one())
				;
			if (nr_bufs >= cache_limit() && nr_dirty) {
				spin_unlock_irqrestore(&bc_lock, flags);
				pressure_writeback();
				pressed = true;
				spin_lock_irqsave(&bc_lock, flags);
			}
		}
		bufs[i] = get_locked(d, first + i, false);
		if (!bufs[i])
			break;
		bufs[i]->refs++;
		touch(bufs[i]);
	}
	spin_unlock_irqrestore(&bc_lock, flags);
	if (i == n)
		return 0;
	unpin_range(bufs, i);
	return -ENOMEM;
}

static void unpin_range(struct bbuf **bufs, unsigned int n)
{
	uint64_t flags;
	unsigned int i;

	spin_lock_irqsave(&bc_lock, flags);
	for (i = 0; i < n; i++)
		bufs[i]->refs--;
	spin_unlock_irqrestore(&bc_lock, flags);
}

/* Some needed sector is invalid and busy: its transfer must end first. */
static bool must_wait(struct bbuf **bufs, const uint8_t *need,
		      unsigned int n)
{
	bool wait = false;
	uint64_t flags;
	unsigned int i;

	spin_lock_irqsave(&bc_lock, flags);
	for (i = 0; i < n && !wait; i++)
		if (need[i] & ~bufs[i]->valid & bufs[i]->busy)
			wait = true;
	spin_unlock_irqrestore(&bc_lock, flags);
	return wait;
}

/*
 * Makes the sectors need[i] of the pinned bufs[i] valid, reading what is
 * missing (every idle invalid sector of each buffer concerned) as one
 * batch.  count: account hits and misses.
 */
static int fill(struct blkdev *d, struct bbuf **bufs, const uint8_t *need,
		unsigned int n, bool count)
{
	struct bc_part *parts = NULL;
	uint64_t flags;
	unsigned int i, np;
	int ret = 0;

	for (;;) {
		bool missing = false;

		spin_lock_irqsave(&bc_lock, flags);
		for (i = 0; i < n; i++) {
			bool hit = (bufs[i]->valid & need[i]) == need[i];

			if (!hit)
				missing = true;
			if (count && need[i]) {
				if (hit)
					d->stats.cache_hits++;
				else
					d->stats.cache_misses++;
			}
		}
		count = false;
		spin_unlock_irqrestore(&bc_lock, flags);
		if (!missing)
			break;
		if (must_wait(bufs, need, n)) {
			wait_event(&bc_wq, !must_wait(bufs, need, n));
			continue;
		}
		if (!parts)
			parts = kmalloc(n * (BLK_BUF_SECTORS / 2) *
					sizeof(*parts));
		if (!parts) {
			ret = -ENOMEM;
			break;
		}
		np = 0;
		spin_lock_irqsave(&bc_lock, flags);
		for (i = 0; i < n; i++) {
			struct bbuf *b = bufs[i];

			if ((b->valid & need[i]) != need[i])
				np = add_runs(parts, np, b,
					      b->span & ~b->valid & ~b->busy);
		}
		spin_unlock_irqrestore(&bc_lock, flags);
		ret = batch_run(d, BLK_OP_READ, parts, np, false);
		if (ret)
			break;
	}
	kfree(parts);
	return ret;
}

/* ---------------------------------------------------------------- reads */

static int64_t read_chunk(struct blkdev *d, uint64_t off, uint8_t *buf,
			  size_t len, uint32_t flags)
{
	uint64_t first = off / BLK_BUF_SIZE;
	unsigned int n = (unsigned int)((off + len - 1) / BLK_BUF_SIZE - first + 1);
	struct bbuf *bufs[READ_CHUNK_BUFS];
	uint8_t need[READ_CHUNK_BUFS] = { 0 };
	size_t done = 0;
	unsigned int i;
	int ret;

	ret = pin_range(d, first, n, bufs);
	if (ret)
		return ret;
	for (i = 0; i < n; i++)
		need[i] = touch_mask(first + i, off, len);
	ret = fill(d, bufs, need, n, true);
	for (i = 0; !ret && i < n; i++) {
		uint64_t base = (first + i) * BLK_BUF_SIZE;
		uint64_t at = off + done - base;
		size_t piece = (size_t)MIN((uint64_t)BLK_BUF_SIZE - at,
					   (uint64_t)(len - done));

		if (copy_read_data(buf + done, bufs[i]->data + at, piece,
				   flags & READ_TO_KERNEL))
			ret = -EINVAL;
		else
			done += piece;
	}
	unpin_range(bufs, n);
	return done ? (int64_t)done : ret;
}

int64_t blk_read(struct blkdev *d, uint64_t off, void *buf, size_t len,
		 uint32_t copy_flags)
{
	uint64_t size = blkdev_size(d);
	size_t done = 0;
	int64_t n = 0;

	if (!len || off >= size)
		return 0;
	len = (size_t)MIN((uint64_t)len, size - off);
	while (done < len) {
		uint64_t at = off + done;
		uint64_t room = (uint64_t)READ_CHUNK_BUFS * BLK_BUF_SIZE -
				at % BLK_BUF_SIZE;
		size_t want = (size_t)MIN(room, (uint64_t)(len - done));

		n = read_chunk(d, at, (uint8_t *)buf + done, want, copy_flags);
		if (n <= 0)
			break;
		done += (size_t)n;
		if ((size_t)n < want)
			break;
	}
	return done ? (int64_t)done : n;
}

int64_t blk_read_cached(struct blkdev *d, uint64_t off, void *buf,
			size_t len)
{
	uint64_t size = blkdev_size(d), first, last, i;
	bool all = true;
	uint64_t flags;

	if (!len || off >= size || len > size - off)
		return -EINVAL;
	first = off / BLK_BUF_SIZE;
	last = (off + len - 1) / BLK_BUF_SIZE;
	spin_lock_irqsave(&bc_lock, flags);
	for (i = first; i <= last && all; i++) {
		struct bbuf *b = lookup(d, i);
		uint8_t need = touch_mask(i, off, len);

		if (!b || (b->valid & need) != need)
			all = false;
	}
	if (all) {
		size_t done = 0;

		for (i = first; i <= last; i++) {
			struct bbuf *b = lookup(d, i);
			uint64_t at = off + done - i * BLK_BUF_SIZE;
			size_t piece = (size_t)MIN((uint64_t)BLK_BUF_SIZE - at,
						   (uint64_t)(len - done));

			memcpy((uint8_t *)buf + done, b->data + at, piece);
			done += piece;
			touch(b);
			d->stats.cache_hits++;
		}
	}
	spin_unlock_irqrestore(&bc_lock, flags);
	if (all)
		return (int64_t)len;
#ifdef CONFIG_BLK_READAHEAD
	{
		struct blk_extent e = { off, len };

		blk_prefetch(d, &e, 1);
	}
#endif
	return -EAGAIN;
}

/* ---------------------------------------------------------------- writes */

static bool targets_busy(struct bbuf **bufs, const uint8_t *mask,
			 unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (bufs[i]->busy & mask[i])
			return true;
	return false;
}

static bool targets_busy_locked(struct bbuf **bufs, const uint8_t *mask,
				unsigned int n)
{
	uint64_t flags;
	bool busy;

	spin_lock_irqsave(&bc_lock, flags);
	busy = targets_busy(bufs, mask, n);
	spin_unlock_irqrestore(&bc_lock, flags);
	return busy;
}

/* src: kernel memory.  Sectors only partly covered are read first. */
static int write_chunk(struct blkdev *d, uint64_t off, const uint8_t *src,
		       size_t len)
{
	uint64_t first = off / BLK_BUF_SIZE, flags;
	unsigned int n = (unsigned int)((off + len - 1) / BLK_BUF_SIZE - first + 1);
	struct bbuf *bufs[WRITE_CHUNK_BUFS];
	uint8_t mask[WRITE_CHUNK_BUFS] = { 0 }, edge[WRITE_CHUNK_BUFS];
	size_t done = 0;
	unsigned int i;
	int ret;

	ret = pin_range(d, first, n, bufs);
	if (ret)
		return ret;
	memset(edge, 0, sizeof(edge));
	for (i = 0; i < n; i++)
		mask[i] = touch_mask(first + i, off, len);
	if (off % BLK_SECTOR_SIZE)
		edge[0] |= mask[0] & -mask[0];	/* lowest touched sector */
	if ((off + len) % BLK_SECTOR_SIZE)
		edge[n - 1] |= (uint8_t)(1u << (31 - __builtin_clz(mask[n - 1])));
	ret = fill(d, bufs, edge, n, false);
	while (!ret) {
		spin_lock_irqsave(&bc_lock, flags);
		if (targets_busy(bufs, mask, n)) {
			spin_unlock_irqrestore(&bc_lock, flags);
			wait_event(&bc_wq, !targets_busy_locked(bufs, mask, n));
			/* An edge may have been evicted meanwhile?  No: pinned. */
			continue;
		}
		for (i = 0; i < n; i++) {
			uint64_t at = off + done - (first + i) * BLK_BUF_SIZE;
			size_t piece = (size_t)MIN((uint64_t)BLK_BUF_SIZE - at,
						   (uint64_t)(len - done));

			memcpy(bufs[i]->data + at, src + done, piece);
			mark_dirty(bufs[i], mask[i]);
			done += piece;
		}
		spin_unlock_irqrestore(&bc_lock, flags);
		break;
	}
	unpin_range(bufs, n);
	return ret;
}

static void flusher_kick(void);

int64_t blk_write_cached(struct blkdev *d, uint64_t off, const void *buf,
			 size_t len, uint32_t copy_flags)
{
	uint64_t size = blkdev_size(d);
	uint8_t *bounce = NULL;
	size_t done = 0;
	int ret = 0;

	if (!len)
		return 0;
	if (off >= size)
		return -PANDA_ERR_INVALID_OFFSET;
	if (d->read_only)
		return -PANDA_ERR_NOT_WRITABLE;
	len = (size_t)MIN((uint64_t)len, size - off);
	if (!(copy_flags & WRITE_FROM_KERNEL)) {
		phys_addr_t pa = alloc_frames_uninit(4);	/* filled first */

		if (!pa)
			return -ENOMEM;
		bounce = phys_to_virt(pa);
	}
	while (done < len) {
		uint64_t at = off + done;
		uint64_t room = (uint64_t)WRITE_CHUNK_BUFS * BLK_BUF_SIZE -
				at % BLK_BUF_SIZE;
		size_t want = (size_t)MIN(room, (uint64_t)(len - done));
		const uint8_t *src = (const uint8_t *)buf + done;

		if (bounce) {
			want = MIN(want, (size_t)(16 * PAGE_SIZE));
			if (copy_write_data(bounce, src, want, 0)) {
				ret = -EINVAL;
				break;
			}
			src = bounce;
		}
		ret = write_chunk(d, at, src, want);
		if (ret)
			break;
		done += want;
	}
	if (bounce)
		free_frames(virt_to_phys(bounce), 4);
	if (done)
		flusher_kick();
	return done ? (int64_t)done : ret;
}

int64_t blk_write(struct blkdev *d, uint64_t off, const void *buf,
		  size_t len, uint32_t copy_flags)
{
	int64_t n = blk_write_cached(d, off, buf, len, copy_flags);
	int ret;

	if (n <= 0 || IS_ENABLED(CONFIG_BLK_WRITEBACK))
		return n;
	ret = blk_writeback(d);
	return ret ? ret : n;
}

/* ---------------------------------------------------------------- writeback */

/* Dirty sectors of d that are being written by someone else right now. */
static bool dirty_busy(struct blkdev *d)
{
	struct bbuf *b;
	bool busy = false;
	uint64_t flags;

	spin_lock_irqsave(&bc_lock, flags);
	list_for_each_entry(b, &dirty_list, dirty_node)
		if (b->d == d && (b->dirty & b->busy))
			busy = true;
	spin_unlock_irqrestore(&bc_lock, flags);
	return busy;
}

/* Writes back the dirty buffers of d dirty since before `older` (ns). */
static int writeback_older(struct blkdev *d, uint64_t older)
{
	struct bc_part *parts;
	struct bbuf *b, *n;
	unsigned int count, np;
	uint64_t flags;
	int ret = 0, r;

	for (;;) {
		bool again = false;

		spin_lock_irqsave(&bc_lock, flags);
		count = 0;
		list_for_each_entry(b, &dirty_list, dirty_node)
			if (b->d == d && b->dirty_since < older)
				count++;
		if (!count) {
			spin_unlock_irqrestore(&bc_lock, flags);
			break;
		}
		parts = kmalloc(count * (BLK_BUF_SECTORS / 2) * sizeof(*parts));
		if (!parts) {
			spin_unlock_irqrestore(&bc_lock, flags);
			return -ENOMEM;
		}
		np = 0;
		list_for_each_entry_safe(b, n, &dirty_list, dirty_node) {
			uint8_t mask;

			if (b->d != d || b->dirty_since >= older)
				continue;
			mask = b->dirty & ~b->busy;
			if (b->dirty & b->busy)
				again = true;
			np = add_runs(parts, np, b, mask);
			clean(b, mask);
		}
		spin_unlock_irqrestore(&bc_lock, flags);
		r = batch_run(d, BLK_OP_WRITE, parts, np, false);
		kfree(parts);
		if (r && !ret)
			ret = r;
		if (r || !again)
			break;
		wait_event(&bc_wq, !dirty_busy(d));
	}
	return ret;
}

int blk_writeback(struct blkdev *d)
{
	return writeback_older(d, UINT64_MAX);
}

/* ---------------------------------------------------------------- read-ahead */

#ifdef CONFIG_BLK_READAHEAD
unsigned int blk_prefetch(struct blkdev *d, const struct blk_extent *ext,
			  unsigned int nr)
{
	uint64_t size = blkdev_size(d), flags;
	unsigned int np = 0, bufs = 0, sectors = 0, i;
	struct bc_part *parts;

	if (!READ_ONCE(ra_on) || !nr)
		return 0;
	parts = kmalloc(PREFETCH_MAX_BUFS * (BLK_BUF_SECTORS / 2) *
			sizeof(*parts));
	if (!parts)
		return 0;
	spin_lock_irqsave(&bc_lock, flags);
	for (i = 0; i < nr && bufs < PREFETCH_MAX_BUFS; i++) {
		uint64_t off = ext[i].off, end, idx;

		if (off >= size || !ext[i].len)
			continue;
		end = MIN(size, off + ext[i].len);
		for (idx = off / BLK_BUF_SIZE;
		     idx * BLK_BUF_SIZE < end && bufs < PREFETCH_MAX_BUFS;
		     idx++) {
			struct bbuf *b = get_locked(d, idx, true);
			uint8_t mask;

			if (!b)
				goto full;
			bufs++;
			mask = b->span & ~b->valid & ~b->busy;
			if (!mask)
				continue;
			sectors += popcount8(mask);
			np = add_runs(parts, np, b, mask);
		}
	}
full:
	spin_unlock_irqrestore(&bc_lock, flags);
	if (batch_run(d, BLK_OP_READ, parts, np, true))
		sectors = 0;	/* errors are dropped (fs.md 6.3) */
	kfree(parts);
	spin_lock_irqsave(&bc_lock, flags);
	d->stats.readahead_sectors += sectors;
	spin_unlock_irqrestore(&bc_lock, flags);
	return sectors;
}
#endif

/* ---------------------------------------------------------------- flusher */

#ifdef CONFIG_BLK_WRITEBACK
#define FLUSH_AGE_NS	(50ull * 1000000)

static bool flusher_running, flusher_stop;

static void flusher(void *arg)
{
	uint64_t now, flags;
	struct blkdev *d;
	struct bbuf *b;

	for (;;) {
		sleep_ms(50);
		if (READ_ONCE(flusher_stop))
			break;
		now = uptime_ns();
		for (;;) {
			d = NULL;
			spin_lock_irqsave(&bc_lock, flags);
			list_for_each_entry(b, &dirty_list, dirty_node) {
				if (b->dirty_since + FLUSH_AGE_NS <= now) {
					d = b->d;
					break;
				}
			}
			spin_unlock_irqrestore(&bc_lock, flags);
			if (!d || writeback_older(d, now - FLUSH_AGE_NS + 1))
				break;	/* failures stay dirty: next round */
		}
		spin_lock_irqsave(&bc_lock, flags);
		if (!nr_dirty) {
			spin_unlock_irqrestore(&bc_lock, flags);
			break;
		}
		spin_unlock_irqrestore(&bc_lock, flags);
	}
	spin_lock_irqsave(&bc_lock, flags);
	flusher_running = false;
	spin_unlock_irqrestore(&bc_lock, flags);
	wake_up_all(&bc_wq);
	kthread_exit();
}
#endif

static void flusher_kick(void)
{
#ifdef CONFIG_BLK_WRITEBACK
	uint64_t flags;
	bool start;

	spin_lock_irqsave(&bc_lock, flags);
	start = !flusher_running && !flusher_stop && nr_dirty;
	if (start)
		flusher_running = true;
	spin_unlock_irqrestore(&bc_lock, flags);
	if (start && !kthread_create("bflush", flusher, NULL)) {
		spin_lock_irqsave(&bc_lock, flags);
		flusher_running = false;
		spin_unlock_irqrestore(&bc_lock, flags);
	}
#endif
}

/* ---------------------------------------------------------------- sync, drop */

int blk_sync(struct blkdev *d)
{
	int ret = blk_writeback(d), r;

	r = blkdev_sync(d);
	if (r && !ret)
		ret = r;
	pr_debug("%s: sync: %lu reads, %lu writes, %lu flushes, %lu descriptors, "
		 "cache %lu hits %lu misses, %lu read-ahead sectors, %lu merged",
		 d->name, d->stats.read_reqs, d->stats.write_reqs,
		 d->stats.flush_reqs, d->stats.data_descs, d->stats.cache_hits,
		 d->stats.cache_misses, d->stats.readahead_sectors,
		 d->stats.writes_merged);
	return ret;
}

static bool idle(void)
{
	return READ_ONCE(nr_inflight) == 0;
}

void blk_cache_wait_idle(void)
{
	wait_event(&bc_wq, idle());
#ifdef CONFIG_BLK_WRITEBACK
	/*
	 * Nothing dirty: the flusher ends at its next wake-up; let it.
	 * (No sleep_ms here: kernel tests run this on the boot task.)
	 */
	wait_event(&bc_wq, !READ_ONCE(flusher_running) || READ_ONCE(nr_dirty));
#endif
}

/* Frees the idle buffers of d (all devices: NULL); dirty ones too if force. */
static void drop_buffers(struct blkdev *d, bool force)
{
	struct bbuf *b, *n;
	uint64_t flags;

	spin_lock_irqsave(&bc_lock, flags);
	list_for_each_entry_safe(b, n, &lru_list, lru) {
		if (d && b->d != d)
			continue;
		if (b->refs || b->busy || (b->dirty && !force))
			continue;
		buf_free(b);
	}
	spin_unlock_irqrestore(&bc_lock, flags);
}

int blk_cache_drop(struct blkdev *d)
{
	int ret = 0, r;
	unsigned int i;

	if (d) {
		ret = blk_writeback(d);
	} else {
		struct blkdev *e;

		for (i = 0; (e = blkdev_get(i)); i++) {
			r = blk_writeback(e);
			if (r && !ret)
				ret = r;
		}
	}
	blk_cache_wait_idle();
	drop_buffers(d, false);
	return ret;
}

void blk_shutdown(void)
{
	struct blkdev *d;
	unsigned int i, lost;
	uint64_t flags;

#ifdef CONFIG_BLK_WRITEBACK
	spin_lock_irqsave(&bc_lock, flags);
	flusher_stop = true;
	spin_unlock_irqrestore(&bc_lock, flags);
	wait_event(&bc_wq, !READ_ONCE(flusher_running));
#endif
	for (i = 0; (d = blkdev_get(i)); i++)
		if (blk_sync(d))
			pr_err("%s: writeback before halt failed", d->name);
	blk_cache_wait_idle();
	spin_lock_irqsave(&bc_lock, flags);
	lost = nr_dirty;
	spin_unlock_irqrestore(&bc_lock, flags);
	if (lost)
		pr_err("block cache: %u dirty buffers could not be written", lost);
	drop_buffers(NULL, true);
}

/* ---------------------------------------------------------------- tests */

void blk_cache_info(struct blk_cache_info *info)
{
	struct bbuf *b;
	uint64_t flags;

	memset(info, 0, sizeof(*info));
	spin_lock_irqsave(&bc_lock, flags);
	info->buffers = nr_bufs;
	info->dirty = nr_dirty;
	info->limit = cache_limit();
	info->inflight = nr_inflight;
	list_for_each_entry(b, &lru_list, lru)
		if (b->refs)
			info->pinned++;
	spin_unlock_irqrestore(&bc_lock, flags);
}

unsigned int blk_cache_set_limit(unsigned int buffers)
{
	unsigned int old = cache_limit();
	uint64_t flags;

	spin_lock_irqsave(&bc_lock, flags);
	limit_override = buffers;
	while (nr_bufs > cache_limit() && evict_one())
		;
	spin_unlock_irqrestore(&bc_lock, flags);
	return old;
}

bool blk_set_readahead(bool on)
{
	bool old = ra_on;

	ra_on = on && IS_ENABLED(CONFIG_BLK_READAHEAD);
	return old;
}

bool blk_set_coalesce(bool on)
{
	bool old = coalesce_on;

	coalesce_on = on && IS_ENABLED(CONFIG_BLK_WRITE_COALESCE);
	return old;
}

bool blk_cache_contains(struct blkdev *d, uint64_t off)
{
	struct bbuf *b;
	uint64_t flags;
	bool in;

	spin_lock_irqsave(&bc_lock, flags);
	b = lookup(d, off / BLK_BUF_SIZE);
	in = b && b->valid;
	spin_unlock_irqrestore(&bc_lock, flags);
	return in;
}

/* ---------------------------------------------------------------- streams */

bool blk_stream_advance(struct blk_stream *s, uint64_t off, uint64_t len,
			uint64_t limit, uint64_t *from, uint64_t *ra_len)
{
	uint64_t end = off + len, start, stop;
	bool seq = off == s->next;

	if (!len)
		return false;
	s->next = end;
	if (!seq) {
		s->window = BLK_RA_INITIAL;
		s->ra_end = end;
		return false;
	}
	stop = MIN(end + s->window, limit);
	s->window = MIN(s->window * 2, (uint32_t)BLK_RA_MAX);
	if (!READ_ONCE(ra_on))
		return false;
	/* Enough prefetched ahead already: prefetch in big steps. */
	if (s->ra_end > end && s->ra_end - end >= s->window / 4)
		return false;
	start = MAX(end, s->ra_end);
	if (start >= stop)
		return false;
	s->ra_end = stop;
	*from = start;
	*ra_len = stop - start;
	return true;
}
