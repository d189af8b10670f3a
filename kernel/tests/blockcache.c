// SPDX-License-Identifier: GPL-2.0
/*
 * blockcache: the block layer (fs/block/, include/panda/bcache.h) on the
 * 16 MiB zeroed virtio-blk disk at 00:04.0: cache hits and misses, LRU
 * eviction under the cap, read-ahead window growth and reset, write
 * coalescing of adjacent dirty buffers into one request, writeback on
 * sync and under memory pressure, edge sectors of unaligned writes,
 * concurrent readers sharing one device read, the request counts of a
 * sequential 16 MiB read and write with and without the optimisations,
 * and no leaks.  Built without read-ahead or coalescing, the same tests
 * check that none happens.  The raw helpers (blkdev_read_at/write_at)
 * bypass the cache, so they show what is really on the device.
 */
#include <lib/string.h>
#include <panda/bcache.h>
#include <panda/blkdev.h>
#include <panda/errno.h>
#include <panda/handle.h>
#include <panda/ktest.h>
#include <panda/mm.h>
#include <panda/printk.h>
#include <panda/sched.h>
#include <panda/syscall.h>
#include "blk_helpers.h"

#define DISK_SIZE	(16ull << 20)
#define KB		1024ull

static void fill(uint8_t *p, size_t len, uint8_t seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(seed + i * 13 + (i >> 9));
}

/* An empty cache and default switches: each test starts from here. */
static void reset(void)
{
	KTEST_ASSERT_EQ(blk_cache_drop(NULL), 0);
	blk_cache_wait_idle();
	blk_cache_set_limit(0);
	blk_set_readahead(true);
	blk_set_coalesce(true);
}

static int64_t rd(uint64_t off, void *buf, size_t len)
{
	return blk_read(disk(), off, buf, len, READ_TO_KERNEL);
}

KTEST(blockcache, disk_and_defaults)
{
	struct blk_cache_info info;

	KTEST_ASSERT_EQ(blkdev_size(disk()), DISK_SIZE);
	reset();
	blk_cache_info(&info);
	KTEST_ASSERT_EQ(info.buffers, 0);
	KTEST_ASSERT_EQ(info.dirty, 0);
	/* 4 MiB (CONFIG_BLK_CACHE_MAX_KB) of 4 KiB buffers: 1 GiB / 16 is more. */
	KTEST_ASSERT_EQ(info.limit, CONFIG_BLK_CACHE_MAX_KB / 4);
}

KTEST(blockcache, hit_and_miss)
{
	struct blkdev *d = disk();
	uint8_t *buf = frames(2);
	struct blk_stats s0;

	reset();
	blk_set_readahead(false);
	s0 = d->stats;
	KTEST_ASSERT_EQ(rd(0, buf, 4096), 4096);
	KTEST_ASSERT_EQ(d->stats.read_reqs, s0.read_reqs + 1);
	KTEST_ASSERT_EQ(d->stats.cache_misses, s0.cache_misses + 1);
	KTEST_ASSERT_EQ(d->stats.cache_hits, s0.cache_hits);
	/* Again, and a piece of it: from the cache, no request. */
	KTEST_ASSERT_EQ(rd(0, buf, 4096), 4096);
	KTEST_ASSERT_EQ(rd(1000, buf, 100), 100);
	KTEST_ASSERT_EQ(d->stats.read_reqs, s0.read_reqs + 1);
	KTEST_ASSERT_EQ(d->stats.cache_hits, s0.cache_hits + 2);
	/* Three missing buffers: one request, one descriptor per buffer. */
	s0 = d->stats;
	KTEST_ASSERT_EQ(rd(3 * 4096 + 100, buf, 8192), 8192);
	KTEST_ASSERT_EQ(d->stats.read_reqs, s0.read_reqs + 1);
	KTEST_ASSERT_EQ(d->stats.data_descs, s0.data_descs + 3);
	KTEST_ASSERT_EQ(d->stats.cache_misses, s0.cache_misses + 3);
	KTEST_ASSERT(blk_cache_contains(d, 3 * 4096));
	KTEST_ASSERT(blk_cache_contains(d, 5 * 4096));
	KTEST_ASSERT(!blk_cache_contains(d, 6 * 4096));
	free_va(buf, 2);
}

KTEST(blockcache, lru_eviction_under_the_cap)
{
	struct blkdev *d = disk();
	struct blk_cache_info info;
	uint8_t buf[512];
	unsigned int i;

	reset();
	blk_set_readahead(false);
	blk_cache_set_limit(8);
	for (i = 0; i < 8; i++)
		KTEST_ASSERT_EQ(rd(i * 4096, buf, 512), 512);
	KTEST_ASSERT_EQ(rd(0, buf, 512), 512);		/* 0 is recent now */
	KTEST_ASSERT_EQ(rd(8 * 4096, buf, 512), 512);	/* evicts 1 */
	blk_cache_info(&info);
	KTEST_ASSERT_EQ(info.buffers, 8);
	KTEST_ASSERT(blk_cache_contains(d, 0));
	KTEST_ASSERT(!blk_cache_contains(d, 4096));
	KTEST_ASSERT(blk_cache_contains(d, 2 * 4096));
	KTEST_ASSERT(blk_cache_contains(d, 8 * 4096));
	KTEST_ASSERT_EQ(rd(9 * 4096, buf, 512), 512);	/* evicts 2 */
	KTEST_ASSERT(!blk_cache_contains(d, 2 * 4096));
	KTEST_ASSERT(blk_cache_contains(d, 0));
	/* Lowering the cap evicts at once. */
	blk_cache_set_limit(4);
	blk_cache_info(&info);
	KTEST_ASSERT_EQ(info.buffers, 4);
	KTEST_ASSERT(blk_cache_contains(d, 9 * 4096));
	reset();
}

KTEST(blockcache, readahead_window_grows_and_resets)
{
	struct blkdev *d = disk();
	struct blk_stream s;
	struct blk_stats s0;
	uint8_t *buf = frames(0);
	uint64_t ra, reqs;

	reset();
	blk_stream_init(&s);
	KTEST_ASSERT_EQ(s.window, 16 * KB);
	s0 = d->stats;
	if (!IS_ENABLED(CONFIG_BLK_READAHEAD)) {
		/* Built without read-ahead: sequential reads prefetch nothing. */
		KTEST_ASSERT_EQ(blk_stream_read(d, &s, 0, buf, 4096,
						READ_TO_KERNEL), 4096);
		KTEST_ASSERT_EQ(blk_stream_read(d, &s, 4096, buf, 4096,
						READ_TO_KERNEL), 4096);
		blk_cache_wait_idle();
		KTEST_ASSERT_EQ(d->stats.readahead_sectors,
				s0.readahead_sectors);
		KTEST_ASSERT_EQ(d->stats.read_reqs, s0.read_reqs + 2);
		free_va(buf, 0);
		return;
	}
	/* A fresh stream read at 0 is sequential: 16 KiB follow. */
	KTEST_ASSERT_EQ(blk_stream_read(d, &s, 0, buf, 4096, READ_TO_KERNEL),
			4096);
	blk_cache_wait_idle();
	KTEST_ASSERT_EQ(s.window, 32 * KB);
	KTEST_ASSERT_EQ(d->stats.readahead_sectors,
			s0.readahead_sectors + 16 * KB / 512);
	KTEST_ASSERT(blk_cache_contains(d, 16 * KB));
	KTEST_ASSERT(!blk_cache_contains(d, 20 * KB));
	/* The next reads are served from the prefetched buffers. */
	reqs = d->stats.read_reqs;
	KTEST_ASSERT_EQ(blk_stream_read(d, &s, 4096, buf, 4096,
					READ_TO_KERNEL), 4096);
	KTEST_ASSERT_EQ(s.window, 64 * KB);
	KTEST_ASSERT_EQ(blk_stream_read(d, &s, 8192, buf, 4096,
					READ_TO_KERNEL), 4096);
	KTEST_ASSERT_EQ(s.window, 128 * KB);
	KTEST_ASSERT_EQ(blk_stream_read(d, &s, 12288, buf, 4096,
					READ_TO_KERNEL), 4096);
	KTEST_ASSERT_EQ(s.window, 128 * KB);	/* the maximum */
	blk_cache_wait_idle();
	KTEST_ASSERT(d->stats.cache_misses == s0.cache_misses + 1);
	/* Only prefetches went to the device meanwhile, ahead of us. */
	KTEST_ASSERT(d->stats.read_reqs > reqs);
	KTEST_ASSERT(blk_cache_contains(d, 72 * KB));
	/* A random read resets the window and prefetches nothing. */
	ra = d->stats.readahead_sectors;
	KTEST_ASSERT_EQ(blk_stream_read(d, &s, 8 << 20, buf, 4096,
					READ_TO_KERNEL), 4096);
	KTEST_ASSERT_EQ(s.window, 16 * KB);
	KTEST_ASSERT_EQ(d->stats.readahead_sectors, ra);
	/* Sequential again: it starts over at 16 KiB. */
	KTEST_ASSERT_EQ(blk_stream_read(d, &s, (8 << 20) + 4096, buf, 4096,
					READ_TO_KERNEL), 4096);
	KTEST_ASSERT_EQ(s.window, 32 * KB);
	blk_cache_wait_idle();
	KTEST_ASSERT_EQ(d->stats.readahead_sectors, ra + 16 * KB / 512);
	/* Never past the end of the device. */
	blk_stream_init(&s);
	s.next = DISK_SIZE - 4096;
	ra = d->stats.readahead_sectors;
	KTEST_ASSERT_EQ(blk_stream_read(d, &s, DISK_SIZE - 4096, buf, 4096,
					READ_TO_KERNEL), 4096);
	blk_cache_wait_idle();
	KTEST_ASSERT_EQ(d->stats.readahead_sectors, ra);
	/* Turned off: no prefetch however sequential. */
	blk_set_readahead(false);
	blk_stream_init(&s);
	KTEST_ASSERT_EQ(blk_stream_read(d, &s, 1 << 20, buf, 4096,
					READ_TO_KERNEL), 4096);
	KTEST_ASSERT_EQ(blk_stream_read(d, &s, (1 << 20) + 4096, buf, 4096,
					READ_TO_KERNEL), 4096);
	blk_cache_wait_idle();
	KTEST_ASSERT_EQ(d->stats.readahead_sectors, ra);
	free_va(buf, 0);
	reset();
}

/* Sequential read of the whole disk in 4 KiB calls: requests issued. */
static uint64_t sequential_read(uint8_t *buf)
{
	struct blkdev *d = disk();
	struct blk_stream s;
	uint64_t reqs, off;

	blk_stream_init(&s);
	reqs = d->stats.read_reqs;
	for (off = 0; off < DISK_SIZE; off += 4096)
		KTEST_ASSERT_EQ(blk_stream_read(d, &s, off, buf, 4096,
						READ_TO_KERNEL), 4096);
	blk_cache_wait_idle();
	return d->stats.read_reqs - reqs;
}

KTEST(blockcache, sequential_16mib_read_requests)
{
	uint8_t *buf = frames(0);
	uint64_t with, without;

	reset();
	with = sequential_read(buf);
	reset();
	blk_set_readahead(false);
	without = sequential_read(buf);
	pr_info("blockcache: sequential 16 MiB read in 4 KiB calls: %lu read requests with read-ahead, %lu without",
		with, without);
	KTEST_ASSERT_EQ(without, DISK_SIZE / 4096);
	if (IS_ENABLED(CONFIG_BLK_READAHEAD))
		KTEST_ASSERT(with * 8 < without);
	else
		KTEST_ASSERT_EQ(with, without);
	free_va(buf, 0);
	reset();
}

KTEST(blockcache, write_coalescing_merges_adjacent_buffers)
{
	struct blkdev *d = disk();
	uint8_t *out = frames(3), *in = frames(3);
	struct blk_stats s0;
	unsigned int i;

	reset();
	fill(out, 32 * KB, 7);
	if (!IS_ENABLED(CONFIG_BLK_WRITE_COALESCE))
		goto without;
	s0 = d->stats;
	/* Eight adjacent dirty buffers: one request of eight segments. */
	for (i = 0; i < 8; i++)
		KTEST_ASSERT_EQ(blk_write_cached(d, 64 * KB + i * 4096,
						 out + i * 4096, 4096,
						 WRITE_FROM_KERNEL), 4096);
	KTEST_ASSERT_EQ(d->stats.write_reqs, s0.write_reqs);
	KTEST_ASSERT_EQ(blk_writeback(d), 0);
	KTEST_ASSERT_EQ(d->stats.write_reqs, s0.write_reqs + 1);
	KTEST_ASSERT_EQ(d->stats.writes_merged, s0.writes_merged + 7);
	KTEST_ASSERT_EQ(d->stats.sectors_written, s0.sectors_written + 64);
	KTEST_ASSERT_EQ(blkdev_read_at(d, 64 * KB, in, 32 * KB), 32 * KB);
	KTEST_ASSERT(!memcmp(in, out, 32 * KB));
	/* Gaps keep requests apart; partial buffers merge at the seam. */
	s0 = d->stats;
	KTEST_ASSERT_EQ(blk_write_cached(d, 128 * KB, out, 4096,
					 WRITE_FROM_KERNEL), 4096);
	KTEST_ASSERT_EQ(blk_write_cached(d, 136 * KB, out, 4096,
					 WRITE_FROM_KERNEL), 4096);
	KTEST_ASSERT_EQ(blk_write_cached(d, 147 * KB, out, 2048,
					 WRITE_FROM_KERNEL), 2048);
	KTEST_ASSERT_EQ(blk_writeback(d), 0);
	/* 128K, 136K, and 147K-149K spanning two buffers: 3 requests. */
	KTEST_ASSERT_EQ(d->stats.write_reqs, s0.write_reqs + 3);
	KTEST_ASSERT_EQ(d->stats.writes_merged, s0.writes_merged + 1);
	/* Without coalescing: a request per buffer. */
without:
	blk_set_coalesce(false);
	s0 = d->stats;
	fill(out, 32 * KB, 9);
	KTEST_ASSERT_EQ(blk_write_cached(d, 256 * KB, out, 32 * KB,
					 WRITE_FROM_KERNEL), 32 * KB);
	KTEST_ASSERT_EQ(blk_writeback(d), 0);
	KTEST_ASSERT_EQ(d->stats.write_reqs, s0.write_reqs + 8);
	KTEST_ASSERT_EQ(d->stats.writes_merged, s0.writes_merged);
	KTEST_ASSERT_EQ(blkdev_read_at(d, 256 * KB, in, 32 * KB), 32 * KB);
	KTEST_ASSERT(!memcmp(in, out, 32 * KB));
	free_va(out, 3);
	free_va(in, 3);
	reset();
}

/*
 * Writes the whole disk in 4 KiB calls, left dirty (the cap forces them
 * out as it goes), then syncs.  stamp: the first byte of each 4 KiB is
 * its index.
 */
static uint64_t sequential_write(uint8_t *buf, bool stamp)
{
	struct blkdev *d = disk();
	uint64_t reqs = d->stats.write_reqs, off;

	for (off = 0; off < DISK_SIZE; off += 4096) {
		if (stamp)
			buf[0] = (uint8_t)(off >> 12);
		KTEST_ASSERT_EQ(blk_write_cached(d, off, buf, 4096,
						 WRITE_FROM_KERNEL), 4096);
	}
	KTEST_ASSERT_EQ(blk_sync(d), 0);
	return d->stats.write_reqs - reqs;
}

KTEST(blockcache, sequential_16mib_write_requests)
{
	struct blkdev *d = disk();
	uint8_t *buf = frames(0), *check = frames(0);
	uint64_t with, without;

	reset();
	fill(buf, 4096, 1);
	with = sequential_write(buf, true);
	reset();
	blk_set_coalesce(false);
	without = sequential_write(buf, true);
	pr_info("blockcache: sequential 16 MiB write in 4 KiB calls: %lu write requests with coalescing, %lu without",
		with, without);
	KTEST_ASSERT_EQ(without, DISK_SIZE / 4096);
	if (IS_ENABLED(CONFIG_BLK_WRITE_COALESCE))
		KTEST_ASSERT(with * 8 < without);
	else
		KTEST_ASSERT_EQ(with, without);
	KTEST_ASSERT_EQ(blkdev_read_at(d, 5 << 20, check, 4096), 4096);
	buf[0] = (uint8_t)((5 << 20) >> 12);
	KTEST_ASSERT(!memcmp(check, buf, 4096));
	/* Back to zeros for the tests that follow. */
	memset(buf, 0, 4096);
	reset();
	sequential_write(buf, false);
	free_va(buf, 0);
	free_va(check, 0);
	reset();
}

KTEST(blockcache, writeback_on_sync)
{
	struct blkdev *d = disk();
	uint8_t *out = frames(0), *in = frames(0);
	struct blk_stats s0;

	reset();
	fill(out, 4096, 3);
	s0 = d->stats;
	KTEST_ASSERT_EQ(blk_write_cached(d, 1 << 20, out, 4096,
					 WRITE_FROM_KERNEL), 4096);
	/* Dirty in the cache only: the device still has zeros. */
	KTEST_ASSERT_EQ(d->stats.write_reqs, s0.write_reqs);
	KTEST_ASSERT_EQ(blkdev_read_at(d, 1 << 20, in, 4096), 4096);
	KTEST_ASSERT(in[0] == 0 && in[4095] == 0);
	KTEST_ASSERT_EQ(rd(1 << 20, in, 4096), 4096);
	KTEST_ASSERT(!memcmp(in, out, 4096));	/* reads see the write */
	KTEST_ASSERT_EQ(blk_sync(d), 0);
	KTEST_ASSERT_EQ(d->stats.write_reqs, s0.write_reqs + 1);
	if (d->can_flush)
		KTEST_ASSERT_EQ(d->stats.flush_reqs, s0.flush_reqs + 1);
	KTEST_ASSERT_EQ(blkdev_read_at(d, 1 << 20, in, 4096), 4096);
	KTEST_ASSERT(!memcmp(in, out, 4096));
	/* blk_write is write-through (in write-back mode: once synced). */
	fill(out, 4096, 4);
	s0 = d->stats;
	KTEST_ASSERT_EQ(blk_write(d, 1 << 20, out, 4096, WRITE_FROM_KERNEL),
			4096);
	if (IS_ENABLED(CONFIG_BLK_WRITEBACK)) {
		KTEST_ASSERT_EQ(d->stats.write_reqs, s0.write_reqs);
		KTEST_ASSERT_EQ(blk_sync(d), 0);
	}
	KTEST_ASSERT_EQ(d->stats.write_reqs, s0.write_reqs + 1);
	KTEST_ASSERT_EQ(blkdev_read_at(d, 1 << 20, in, 4096), 4096);
	KTEST_ASSERT(!memcmp(in, out, 4096));
	memset(out, 0, 4096);
	KTEST_ASSERT_EQ(blk_write(d, 1 << 20, out, 4096, WRITE_FROM_KERNEL),
			4096);
	free_va(out, 0);
	free_va(in, 0);
	reset();
}

KTEST(blockcache, memory_pressure_writes_back)
{
	struct blkdev *d = disk();
	uint8_t *out = frames(5), *in = frames(5);
	struct blk_cache_info info;
	struct blk_stats s0;
	unsigned int i;

	reset();
	blk_cache_set_limit(16);
	fill(out, 128 * KB, 5);
	s0 = d->stats;
	for (i = 0; i < 32; i++) {
		KTEST_ASSERT_EQ(blk_write_cached(d, 2 * (1 << 20) + i * 4096,
						 out + i * 4096, 4096,
						 WRITE_FROM_KERNEL), 4096);
		blk_cache_info(&info);
		KTEST_ASSERT(info.buffers <= 16);
	}
	/* The cap forced dirty buffers out before any sync. */
	KTEST_ASSERT(d->stats.write_reqs > s0.write_reqs);
	KTEST_ASSERT_EQ(blk_sync(d), 0);
	KTEST_ASSERT_EQ(blkdev_read_at(d, 2 << 20, in, 128 * KB), 128 * KB);
	KTEST_ASSERT(!memcmp(in, out, 128 * KB));
	memset(out, 0, 128 * KB);
	KTEST_ASSERT_EQ(blk_write(d, 2 << 20, out, 128 * KB,
				  WRITE_FROM_KERNEL), 128 * KB);
	free_va(out, 5);
	free_va(in, 5);
	reset();
}

KTEST(blockcache, unaligned_write_keeps_its_neighbours)
{
	struct blkdev *d = disk();
	uint8_t *pat = frames(1), *in = frames(1), bytes[100];
	struct blk_stats s0;

	reset();
	fill(pat, 8192, 11);
	KTEST_ASSERT_EQ(blkdev_write_at(d, 3 << 20, pat, 8192), 8192);
	memset(bytes, 0x5a, sizeof(bytes));
	s0 = d->stats;
	/* Sectors 5 and 6 of the first buffer, partly: both read first. */
	KTEST_ASSERT_EQ(blk_write(d, (3 << 20) + 5 * 512 + 480, bytes, 100,
				  WRITE_FROM_KERNEL), 100);
	if (IS_ENABLED(CONFIG_BLK_WRITEBACK))
		KTEST_ASSERT_EQ(blk_writeback(d), 0);
	KTEST_ASSERT_EQ(d->stats.read_reqs, s0.read_reqs + 1);
	KTEST_ASSERT_EQ(d->stats.write_reqs, s0.write_reqs + 1);
	memcpy(pat + 5 * 512 + 480, bytes, 100);
	KTEST_ASSERT_EQ(blkdev_read_at(d, 3 << 20, in, 8192), 8192);
	KTEST_ASSERT(!memcmp(in, pat, 8192));
	KTEST_ASSERT_EQ(rd(3 << 20, in, 8192), 8192);
	KTEST_ASSERT(!memcmp(in, pat, 8192));
	memset(pat, 0, 8192);
	KTEST_ASSERT_EQ(blk_write(d, 3 << 20, pat, 8192, WRITE_FROM_KERNEL),
			8192);
	free_va(pat, 1);
	free_va(in, 1);
	reset();
}

KTEST(blockcache, ends_of_the_device)
{
	struct blkdev *d = disk();
	uint8_t buf[1024];

	reset();
	KTEST_ASSERT_EQ(rd(DISK_SIZE, buf, 512), 0);
	KTEST_ASSERT_EQ(rd(DISK_SIZE - 100, buf, 512), 100);
	KTEST_ASSERT_EQ(rd(0, buf, 0), 0);
	KTEST_ASSERT_EQ(blk_write(d, DISK_SIZE, buf, 512, WRITE_FROM_KERNEL),
			-PANDA_ERR_INVALID_OFFSET);
	memset(buf, 0, sizeof(buf));
	KTEST_ASSERT_EQ(blk_write(d, DISK_SIZE - 300, buf, 1024,
				  WRITE_FROM_KERNEL), 300);
	KTEST_ASSERT_EQ(blk_write(d, 0, buf, 0, WRITE_FROM_KERNEL), 0);
	reset();
}

static volatile unsigned int readers_done;
static uint8_t *reader_bufs[2];

static void reader(void *arg)
{
	unsigned int i = (unsigned int)(uint64_t)arg;

	KTEST_ASSERT_EQ(rd(4 << 20, reader_bufs[i], 64 * KB), 64 * KB);
	readers_done++;
}

KTEST(blockcache, concurrent_readers_share_one_read)
{
	struct blkdev *d = disk();
	struct blk_stats s0;

	reset();
	blk_set_readahead(false);
	reader_bufs[0] = frames(4);
	reader_bufs[1] = frames(4);
	readers_done = 0;
	s0 = d->stats;
	KTEST_ASSERT(kthread_create("ktest-reader", reader, (void *)0ul));
	KTEST_ASSERT(kthread_create("ktest-reader", reader, (void *)1ul));
	while (readers_done < 2)
		yield();
	yield();
	/* The second found the sectors on their way and waited for them. */
	KTEST_ASSERT_EQ(d->stats.read_reqs, s0.read_reqs + 1);
	KTEST_ASSERT(!memcmp(reader_bufs[0], reader_bufs[1], 64 * KB));
	free_va(reader_bufs[0], 4);
	free_va(reader_bufs[1], 4);
	reset();
}

KTEST(blockcache, block_files_use_the_cache)
{
	struct blkdev *d = disk();
	struct handle_entry h = { 0 };
	struct resource *r;
	struct blk_stats s0;
	uint8_t buf[512];

	reset();
	KTEST_ASSERT_EQ(scheme_open("block:/pci/storage/0", &r), 0);
	s0 = d->stats;
	KTEST_ASSERT_EQ(r->ops->read(r, &h, buf, 512, READ_TO_KERNEL), 512);
	KTEST_ASSERT_EQ(r->ops->read(r, &h, buf, 512, READ_TO_KERNEL), 512);
	blk_cache_wait_idle();
	/* The first read prefetched (a fresh file reads sequentially). */
	if (IS_ENABLED(CONFIG_BLK_READAHEAD))
		KTEST_ASSERT(d->stats.readahead_sectors >
			     s0.readahead_sectors);
	KTEST_ASSERT(d->stats.cache_hits > s0.cache_hits);
	KTEST_ASSERT_EQ(r->ops->sync(r), 0);
	KTEST_ASSERT_EQ(r->ops->truncate(r, 0), -ENOTSUP);
	resource_put(r);
	reset();
}

KTEST(blockcache, no_leaks)
{
	struct mem_stats before, after;
	uint8_t *buf = frames(2);

	reset();
	mem_stats(&before);
	fill(buf, 16 * KB, 2);
	KTEST_ASSERT_EQ(blk_write(disk(), 5 << 20, buf, 16 * KB,
				  WRITE_FROM_KERNEL), 16 * KB);
	KTEST_ASSERT_EQ(rd(6 << 20, buf, 16 * KB), 16 * KB);
	KTEST_ASSERT_EQ(blk_cache_drop(NULL), 0);
	blk_cache_wait_idle();
	mem_stats(&after);
	KTEST_ASSERT_EQ(after.free_frames, before.free_frames);
	KTEST_ASSERT_EQ(after.heap_bytes, before.heap_bytes);
	KTEST_ASSERT_EQ(after.heap_objects, before.heap_objects);
	free_va(buf, 2);
}
