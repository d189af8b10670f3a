// SPDX-License-Identifier: GPL-2.0
/*
 * block: virtio-blk and the block device helpers (devices.md 7, fs.md 5,
 * kernel.md 16.5) on the 1 MiB zeroed disk the runner attaches at
 * 00:04.0: detection and size, aligned and unaligned I/O, the end of the
 * device, scatter-gather, splitting, many requests in flight, ordering,
 * read-modify-write under concurrency, interrupt-driven completion (the
 * CPU runs other threads meanwhile; a masked MSI-X entry holds the
 * completion back), flush, the block: file, no leaks.
 */
#include <lib/string.h>
#include <panda/blkdev.h>
#include <panda/errno.h>
#include <panda/handle.h>
#include <panda/ktest.h>
#include <panda/mm.h>
#include <panda/pci.h>
#include <panda/sched.h>
#include <panda/syscall.h>
#include <panda/time.h>
#include "blk_helpers.h"

#define DISK_SECTORS	2048		/* 1 MiB */
#define DISK_SIZE	(DISK_SECTORS * BLK_SECTOR_SIZE)
#define NS_PER_MS	1000000ULL

static void fill(uint8_t *p, size_t len, uint8_t seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(seed + i * 7 + (i >> 8));
}

static bool all_zero(const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i])
			return false;
	return true;
}

KTEST(block, device_detected)
{
	struct blkdev *d = disk();

	KTEST_ASSERT_EQ(blkdev_count(), 1);
	KTEST_ASSERT(d->pci);
	KTEST_ASSERT_EQ(d->pci->bus, 0);
	KTEST_ASSERT_EQ(d->pci->dev, 4);
	KTEST_ASSERT_EQ(d->pci->fn, 0);
	KTEST_ASSERT(blkdev_find_pci(0, 0, 4, 0) == d);
	KTEST_ASSERT(blkdev_find_pci(0, 0, 5, 0) == NULL);
	KTEST_ASSERT(blkdev_get(0) == d && blkdev_get(1) == NULL);
	KTEST_ASSERT(!strcmp(d->name, "vblk0"));
	KTEST_ASSERT_EQ(d->nr_sectors, DISK_SECTORS);
	KTEST_ASSERT_EQ(d->sector_size, 512);
	KTEST_ASSERT_EQ(blkdev_size(d), 1024 * 1024);
	KTEST_ASSERT(!d->read_only);
	KTEST_ASSERT(d->max_segs >= 2);
	KTEST_ASSERT(d->max_seg_size >= 512);
	/*
	 * Completion by MSI-X on a vector of its own, entry 0 unmasked
	 * (QEMU's virtio-blk-pci has MSI-X unless vectors=0, which this
	 * suite also passes with: INTx through the I/O APIC then).
	 */
	if (d->pci->msix_cap) {
		KTEST_ASSERT(d->pci->msix_table);
		KTEST_ASSERT(!pci_msix_masked(d->pci, 0));
	} else {
		KTEST_ASSERT(!d->pci->msix_table);
		KTEST_ASSERT(!(pci_read16(d->pci, PCI_COMMAND) &
			       PCI_COMMAND_INTX_DISABLE));
	}
}

KTEST(block, fresh_disk_reads_zero)
{
	struct blkdev *d = disk();
	uint8_t *buf = frames(8);	/* 1 MiB */

	memset(buf, 0x55, DISK_SIZE);
	KTEST_ASSERT_EQ(blkdev_read_at(d, 0, buf, DISK_SIZE), DISK_SIZE);
	KTEST_ASSERT(all_zero(buf, DISK_SIZE));
	free_va(buf, 8);
}

KTEST(block, aligned_sector_write_read)
{
	struct blkdev *d = disk();
	uint8_t *out = kmalloc(512), *in = kmalloc(512);

	fill(out, 512, 10);
	KTEST_ASSERT_EQ(blkdev_write_at(d, 10 * 512, out, 512), 512);
	memset(in, 0, 512);
	KTEST_ASSERT_EQ(blkdev_read_at(d, 10 * 512, in, 512), 512);
	KTEST_ASSERT(!memcmp(in, out, 512));
	/* The neighbours stay zero. */
	KTEST_ASSERT_EQ(blkdev_read_at(d, 9 * 512, in, 512), 512);
	KTEST_ASSERT(all_zero(in, 512));
	KTEST_ASSERT_EQ(blkdev_read_at(d, 11 * 512, in, 512), 512);
	KTEST_ASSERT(all_zero(in, 512));
	kfree(out);
	kfree(in);
}

KTEST(block, panda_sector)
{
	struct blkdev *d = disk();
	uint8_t out[512], in[512];

	memset(out, 0xab, sizeof(out));
	memcpy(out, "PANDA", 5);
	KTEST_ASSERT_EQ(blkdev_write_at(d, 1 * 512, out, 512), 512);
	memset(in, 0, sizeof(in));
	KTEST_ASSERT_EQ(blkdev_read_at(d, 1 * 512, in, 512), 512);
	KTEST_ASSERT(!memcmp(in, out, 512));
}

KTEST(block, unaligned_100_bytes)
{
	struct blkdev *d = disk();
	uint8_t out[100], in[512];

	fill(out, sizeof(out), 20);
	KTEST_ASSERT_EQ(blkdev_write_at(d, 20 * 512 + 50, out, 100), 100);
	memset(in, 0xee, sizeof(in));
	KTEST_ASSERT_EQ(blkdev_read_at(d, 20 * 512 + 50, in, 100), 100);
	KTEST_ASSERT(!memcmp(in, out, 100));
	/* Read-modify-write kept the rest of the sector. */
	KTEST_ASSERT_EQ(blkdev_read_at(d, 20 * 512, in, 512), 512);
	KTEST_ASSERT(all_zero(in, 50));
	KTEST_ASSERT(!memcmp(in + 50, out, 100));
	KTEST_ASSERT(all_zero(in + 150, 512 - 150));
}

KTEST(block, read_100_bytes_at_sector_30)
{
	uint8_t in[100];

	memset(in, 0xee, sizeof(in));
	KTEST_ASSERT_EQ(blkdev_read_at(disk(), 30 * 512, in, 100), 100);
	KTEST_ASSERT(all_zero(in, 100));
}

KTEST(block, unaligned_23_bytes)
{
	struct blkdev *d = disk();
	uint8_t out[23], in[1024];

	fill(out, sizeof(out), 23);
	KTEST_ASSERT_EQ(blkdev_write_at(d, 4 * 512 + 50, out, 23), 23);
	memset(in, 0xee, 23);
	KTEST_ASSERT_EQ(blkdev_read_at(d, 4 * 512 + 50, in, 23), 23);
	KTEST_ASSERT(!memcmp(in, out, 23));
	KTEST_ASSERT_EQ(blkdev_read_at(d, 3 * 512, in, 1024), 1024);
	KTEST_ASSERT(all_zero(in, 512 + 50));
	KTEST_ASSERT(!memcmp(in + 512 + 50, out, 23));
	KTEST_ASSERT(all_zero(in + 512 + 73, 1024 - 512 - 73));
}

KTEST(block, unaligned_across_sectors_and_chunks)
{
	struct blkdev *d = disk();
	/* 300 KiB from the middle of sector 600: several bounce chunks. */
	uint64_t off = 600 * 512 + 300, len = 300 * 1024;
	uint8_t *out = frames(7), *in = frames(7);	/* 512 KiB each */

	fill(out, len, 77);
	KTEST_ASSERT_EQ(blkdev_write_at(d, off, out, len), len);
	KTEST_ASSERT_EQ(blkdev_read_at(d, off, in, len), len);
	KTEST_ASSERT(!memcmp(in, out, len));
	/* The edges of the first and last sectors are untouched. */
	KTEST_ASSERT_EQ(blkdev_read_at(d, 600 * 512, in, 300), 300);
	KTEST_ASSERT(all_zero(in, 300));
	KTEST_ASSERT_EQ(blkdev_read_at(d, off + len, in, 512), 512);
	KTEST_ASSERT(all_zero(in, 512 - (off + len) % 512));
	free_va(out, 7);
	free_va(in, 7);
}

KTEST(block, end_of_device)
{
	struct blkdev *d = disk();
	uint8_t out[1000], in[1000];

	memset(in, 0xee, sizeof(in));
	KTEST_ASSERT_EQ(blkdev_read_at(d, DISK_SIZE, in, 512), 0);
	KTEST_ASSERT_EQ(blkdev_read_at(d, DISK_SIZE + 4096, in, 512), 0);
	KTEST_ASSERT_EQ(blkdev_read_at(d, 0, in, 0), 0);
	KTEST_ASSERT_EQ(blkdev_read_at(d, DISK_SIZE - 100, in, 1000), 100);
	KTEST_ASSERT_EQ(blkdev_write_at(d, DISK_SIZE, out, 10),
			-PANDA_ERR_INVALID_OFFSET);
	KTEST_ASSERT_EQ(blkdev_write_at(d, DISK_SIZE + 1, out, 10),
			-PANDA_ERR_INVALID_OFFSET);
	KTEST_ASSERT_EQ(blkdev_write_at(d, 5, out, 0), 0);
	fill(out, sizeof(out), 99);
	KTEST_ASSERT_EQ(blkdev_write_at(d, DISK_SIZE - 100, out, 1000), 100);
	KTEST_ASSERT_EQ(blkdev_read_at(d, DISK_SIZE - 100, in, 1000), 100);
	KTEST_ASSERT(!memcmp(in, out, 100));
}

/* Whatever a segment's memory: RAM map, kernel stack, kernel image. */
static uint8_t image_buf[1536] __aligned(512);

KTEST(block, scatter_gather_request)
{
	struct blkdev *d = disk();
	uint8_t *a = frames(0), *b = frames(0), *c = frames(1);
	uint8_t *check = frames(1), *ra = frames(0), *rb = frames(0);
	uint8_t *rc = frames(1);
	struct blk_seg w[3] = { { a, 512 }, { b + 512, 1536 }, { c, 2048 } };
	struct blk_seg r[3] = { { ra, 512 }, { rb + 512, 1536 }, { rc, 2048 } };
	struct blk_stats s0 = d->stats;

	fill(a, 512, 1);
	fill(b + 512, 1536, 2);
	fill(c, 2048, 3);
	/* One request, one descriptor per buffer: 8 sectors at 100. */
	KTEST_ASSERT_EQ(blk_rw_sectors(d, BLK_OP_WRITE, 100, w, 3), 0);
	KTEST_ASSERT_EQ(d->stats.write_reqs, s0.write_reqs + 1);
	KTEST_ASSERT_EQ(d->stats.data_descs, s0.data_descs + 3);
	KTEST_ASSERT_EQ(d->stats.sectors_written, s0.sectors_written + 8);
	KTEST_ASSERT_EQ(blkdev_read_at(d, 100 * 512, check, 4096), 4096);
	KTEST_ASSERT(!memcmp(check, a, 512));
	KTEST_ASSERT(!memcmp(check + 512, b + 512, 1536));
	KTEST_ASSERT(!memcmp(check + 2048, c, 2048));
	s0 = d->stats;
	KTEST_ASSERT_EQ(blk_rw_sectors(d, BLK_OP_READ, 100, r, 3), 0);
	KTEST_ASSERT_EQ(d->stats.read_reqs, s0.read_reqs + 1);
	KTEST_ASSERT_EQ(d->stats.data_descs, s0.data_descs + 3);
	KTEST_ASSERT(!memcmp(ra, a, 512));
	KTEST_ASSERT(!memcmp(rb + 512, b + 512, 1536));
	KTEST_ASSERT(!memcmp(rc, c, 2048));
	free_va(a, 0);
	free_va(b, 0);
	free_va(c, 1);
	free_va(check, 1);
	free_va(ra, 0);
	free_va(rb, 0);
	free_va(rc, 1);
}

KTEST(block, segments_outside_the_ram_map)
{
	struct blkdev *d = disk();
	uint8_t stack_buf[2048], check[2048];
	struct blk_seg segs[2] = { { stack_buf, sizeof(stack_buf) },
				   { image_buf, sizeof(image_buf) } };
	struct blk_dma dma[8];
	int n;

	/* A stack buffer may span two pages that are not adjacent. */
	n = blk_seg_map(d, stack_buf, sizeof(stack_buf), dma, 8);
	KTEST_ASSERT(n == 1 || n == 2);
	KTEST_ASSERT_EQ(dma[0].phys, virt_to_phys(stack_buf));
	fill(stack_buf, sizeof(stack_buf), 5);
	fill(image_buf, sizeof(image_buf), 6);
	KTEST_ASSERT_EQ(blk_rw_sectors(d, BLK_OP_WRITE, 120, segs, 2), 0);
	KTEST_ASSERT_EQ(blkdev_read_at(d, 120 * 512, check, 2048), 2048);
	KTEST_ASSERT(!memcmp(check, stack_buf, 2048));
	KTEST_ASSERT_EQ(blkdev_read_at(d, 124 * 512, check, 1536), 1536);
	KTEST_ASSERT(!memcmp(check, image_buf, 1536));
	/* Unmapped memory is refused. */
	KTEST_ASSERT_EQ(blk_seg_map(d, (void *)0xffff800000000000ULL, 512,
				    NULL, 0), -EINVAL);
}

KTEST(block, transfer_beyond_the_limits_is_split)
{
	struct blkdev *d = disk();
	unsigned int i, n = d->max_segs + 5;
	struct blk_seg *segs = kmalloc(n * sizeof(*segs));
	uint8_t *buf = frames(7), *check = frames(7);	/* 512 KiB */
	struct blk_request rq = { 0 }, *rqp = &rq;
	struct blk_stats s0 = d->stats;

	KTEST_ASSERT(n * 512 <= 512 * 1024);
	fill(buf, n * 512, 42);
	for (i = 0; i < n; i++) {
		segs[i].buf = buf + i * 512;
		segs[i].len = 512;
	}
	/* One request may not carry them all ... */
	rq.op = BLK_OP_WRITE;
	rq.sector = 1024;
	rq.segs = segs;
	rq.nr_segs = n;
	KTEST_ASSERT_EQ(d->ops->submit(d, &rqp, 1), -EINVAL);
	/* ... so the helper makes two, submitted and awaited together. */
	KTEST_ASSERT_EQ(blk_rw_sectors(d, BLK_OP_WRITE, 1024, segs, n), 0);
	KTEST_ASSERT_EQ(d->stats.write_reqs, s0.write_reqs + 2);
	KTEST_ASSERT_EQ(d->stats.data_descs, s0.data_descs + n);
	KTEST_ASSERT_EQ(blkdev_read_at(d, 1024 * 512, check, n * 512), n * 512);
	KTEST_ASSERT(!memcmp(check, buf, n * 512));
	kfree(segs);
	free_va(buf, 7);
	free_va(check, 7);
}

KTEST(block, invalid_requests_rejected)
{
	struct blkdev *d = disk();
	uint8_t *buf = frames(0);
	struct blk_seg seg = { buf, 512 }, odd = { buf, 100 };
	struct blk_request rq = { .op = BLK_OP_READ, .segs = &seg,
				  .nr_segs = 1 }, *rqp = &rq;

	rq.sector = DISK_SECTORS;			/* beyond the end */
	KTEST_ASSERT_EQ(d->ops->submit(d, &rqp, 1), -EINVAL);
	rq.sector = DISK_SECTORS - 1;
	seg.len = 1024;				/* crosses the end */
	KTEST_ASSERT_EQ(d->ops->submit(d, &rqp, 1), -EINVAL);
	rq.sector = 0;
	rq.segs = &odd;				/* not whole sectors */
	KTEST_ASSERT_EQ(d->ops->submit(d, &rqp, 1), -EINVAL);
	rq.nr_segs = 0;
	KTEST_ASSERT_EQ(d->ops->submit(d, &rqp, 1), -EINVAL);
	KTEST_ASSERT_EQ(d->ops->submit(d, &rqp, 0), -EINVAL);
	rq.op = 77;
	KTEST_ASSERT_EQ(d->ops->submit(d, &rqp, 1), -EINVAL);
	KTEST_ASSERT_EQ(blk_rw_sectors(d, BLK_OP_READ, 0, &odd, 1), -EINVAL);
	KTEST_ASSERT_EQ(blk_rw_sectors(d, BLK_OP_FLUSH, 0, &seg, 1), -EINVAL);
	free_va(buf, 0);
}

/* ---------------------------------------------------------------- async */

static volatile unsigned int completed;
static volatile int first_error;

static void count_end_io(struct blk_request *rq)
{
	if (rq->status && !first_error)
		first_error = rq->status;
	completed++;
}

static void wait_completed(unsigned int n)
{
	uint64_t end = uptime_ns() + 10000 * NS_PER_MS;

	while (completed < n && uptime_ns() < end)
		cpu_relax();
	KTEST_ASSERT_EQ(completed, n);
}

/* nr requests of one sector each at sector base + i, in one submit. */
static void submit_async(enum blk_op op, uint64_t base, unsigned int nr,
			 uint8_t *buf, struct blk_request *rqs,
			 struct blk_seg *segs, struct blk_request **ptrs)
{
	struct blkdev *d = disk();
	unsigned int i;

	for (i = 0; i < nr; i++) {
		segs[i].buf = buf + i * 512;
		segs[i].len = 512;
		memset(&rqs[i], 0, sizeof(rqs[i]));
		rqs[i].op = op;
		rqs[i].sector = base + i;
		rqs[i].segs = &segs[i];
		rqs[i].nr_segs = 1;
		rqs[i].end_io = count_end_io;
		ptrs[i] = &rqs[i];
	}
	KTEST_ASSERT_EQ(d->ops->submit(d, ptrs, nr), 0);
}

#define NR_ASYNC 300	/* 900 descriptors: more than the queue holds */

KTEST(block, many_requests_in_flight_and_queue_full)
{
	struct blkdev *d = disk();
	struct blk_request *rqs = kzalloc(NR_ASYNC * sizeof(*rqs));
	struct blk_request **ptrs = kzalloc(NR_ASYNC * sizeof(*ptrs));
	struct blk_seg *segs = kzalloc(NR_ASYNC * sizeof(*segs));
	uint8_t *out = frames(6), *in = frames(6);	/* 256 KiB */
	struct blk_stats s0 = d->stats;

	fill(out, NR_ASYNC * 512, 17);
	completed = 0;
	first_error = 0;
	d->stats.max_inflight = 0;
	submit_async(BLK_OP_WRITE, 1200, NR_ASYNC, out, rqs, segs, ptrs);
	wait_completed(NR_ASYNC);
	KTEST_ASSERT_EQ(first_error, 0);
	KTEST_ASSERT(d->stats.max_inflight > 1);
	/* The queue filled: requests waited for descriptors. */
	KTEST_ASSERT(d->stats.deferred > s0.deferred);
	KTEST_ASSERT_EQ(d->stats.write_reqs, s0.write_reqs + NR_ASYNC);
	KTEST_ASSERT_EQ(d->stats.inflight, 0);
	completed = 0;
	submit_async(BLK_OP_READ, 1200, NR_ASYNC, in, rqs, segs, ptrs);
	wait_completed(NR_ASYNC);
	KTEST_ASSERT_EQ(first_error, 0);
	KTEST_ASSERT(!memcmp(in, out, NR_ASYNC * 512));
	kfree(rqs);
	kfree(ptrs);
	kfree(segs);
	free_va(out, 6);
	free_va(in, 6);
}

KTEST(block, overlapping_requests_keep_their_order)
{
	struct blkdev *d = disk();
	uint8_t *a = frames(0), *b = frames(0), *r1 = frames(0);
	uint8_t *r2 = frames(0), *r3 = frames(0);
	struct blk_seg sa = { a, 512 }, sb = { b, 512 }, s1 = { r1, 512 };
	struct blk_seg s2 = { r2, 512 }, s3 = { r3, 512 };
	struct blk_request rq[5] = {
		{ .op = BLK_OP_WRITE, .sector = 200, .segs = &sa },
		{ .op = BLK_OP_READ, .sector = 200, .segs = &s1 },
		{ .op = BLK_OP_WRITE, .sector = 200, .segs = &sb },
		{ .op = BLK_OP_READ, .sector = 200, .segs = &s2 },
		{ .op = BLK_OP_READ, .sector = 201, .segs = &s3 },
	};
	struct blk_request *ptrs[5] = { &rq[0], &rq[1], &rq[2], &rq[3],
					&rq[4] };
	unsigned int i;

	memset(a, 0xaa, 512);
	memset(b, 0xbb, 512);
	for (i = 0; i < 5; i++) {
		rq[i].nr_segs = 1;
		rq[i].end_io = count_end_io;
	}
	completed = 0;
	first_error = 0;
	KTEST_ASSERT_EQ(d->ops->submit(d, ptrs, 5), 0);
	wait_completed(5);
	KTEST_ASSERT_EQ(first_error, 0);
	KTEST_ASSERT(!memcmp(r1, a, 512));	/* after the first write */
	KTEST_ASSERT(!memcmp(r2, b, 512));	/* after the second */
	KTEST_ASSERT(all_zero(r3, 512));
	free_va(a, 0);
	free_va(b, 0);
	free_va(r1, 0);
	free_va(r2, 0);
	free_va(r3, 0);
}

#define RMW_THREADS	4
#define RMW_ROUNDS	8

static volatile unsigned int rmw_done, rmw_arrived[RMW_ROUNDS + 1];

/*
 * Each thread rewrites its own 16 bytes of sector 300, every round; the
 * threads start each round together, so without the range lock their
 * read-modify-writes would overlap and lose each other's bytes.
 */
static void rmw_writer(void *arg)
{
	unsigned int id = (unsigned int)(uint64_t)arg, round;
	uint8_t bytes[16];

	for (round = 1; round <= RMW_ROUNDS; round++) {
		rmw_arrived[round]++;
		while (rmw_arrived[round] < RMW_THREADS)
			yield();
		memset(bytes, (int)(id * 16 + round), sizeof(bytes));
		if (blkdev_write_at(disk(), 300 * 512 + 40 + id * 100, bytes,
				    sizeof(bytes)) != sizeof(bytes))
			break;
	}
	rmw_done++;
}

KTEST(block, concurrent_read_modify_write_loses_nothing)
{
	uint8_t sector[512], want[16];
	unsigned int i;

	rmw_done = 0;
	memset((void *)rmw_arrived, 0, sizeof(rmw_arrived));
	for (i = 0; i < RMW_THREADS; i++)
		KTEST_ASSERT(kthread_create("ktest-rmw", rmw_writer,
					    (void *)(uint64_t)i));
	while (rmw_done < RMW_THREADS)
		yield();
	yield();		/* let the last one be reaped */
	KTEST_ASSERT_EQ(blkdev_read_at(disk(), 300 * 512, sector, 512), 512);
	for (i = 0; i < RMW_THREADS; i++) {
		memset(want, (int)(i * 16 + RMW_ROUNDS), sizeof(want));
		KTEST_ASSERT(!memcmp(sector + 40 + i * 100, want, 16));
	}
	KTEST_ASSERT(all_zero(sector, 40));
}

/* ---------------------------------------------------------------- sleeping */

#define LONG_READS	64		/* of 16 KiB: the whole disk */

static volatile bool reader_in_io, reader_done, spinner_done;
static volatile int64_t reader_total;
static volatile uint64_t spins_during_io, irqs_while_spinning;
static uint8_t *long_buf;

#define MAX_PASSES	32

/*
 * One read after another; each sleeps until its completion interrupt
 * unless the host finished the request before the reader got to sleep.
 * That can happen for a whole pass when the host is fast, so passes
 * repeat (a bounded number of times) until the spinner has seen both a
 * turn during I/O and a completion while it held the CPU.  A kernel that
 * busy-waited for its disk would fail every pass.
 */
static void long_reader(void *arg)
{
	int64_t total, n;
	unsigned int i, pass;

	for (pass = 0; pass < MAX_PASSES; pass++) {
		total = 0;
		reader_in_io = true;
		for (i = 0; i < LONG_READS; i++) {
			n = blkdev_read_at(disk(), i * 16384ULL,
					   long_buf + i * 16384, 16384);
			if (n != 16384)
				break;
			total += n;
		}
		reader_in_io = false;
		reader_total = total;
		if (total != DISK_SIZE ||
		    (spins_during_io > 0 && irqs_while_spinning > 0))
			break;
	}
	reader_done = true;
}

/*
 * CPU-bound: counts every turn it gets while the reader is inside its
 * reads, yielding in between (kernel code is not preempted).  When it
 * finds a request in flight it also spins without yielding until a
 * completion arrives: the interrupt reaches the driver while this
 * thread, not the reader, owns the CPU.
 */
static void spinner(void *arg)
{
	struct blkdev *d = disk();
	uint64_t end;

	while (!reader_done) {
		uint64_t before = READ_ONCE(d->stats.completions);

		if (reader_in_io)
			spins_during_io++;
		if (reader_in_io && READ_ONCE(d->stats.inflight)) {
			end = uptime_ns() + 1000 * NS_PER_MS;
			while (READ_ONCE(d->stats.completions) == before &&
			       uptime_ns() < end)
				cpu_relax();
			if (READ_ONCE(d->stats.completions) != before)
				irqs_while_spinning++;
		}
		yield();
	}
	spinner_done = true;
}

KTEST(block, cpu_bound_thread_runs_while_reads_are_in_flight)
{
	long_buf = frames(8);
	memset(long_buf, 0x55, DISK_SIZE);
	reader_in_io = reader_done = spinner_done = false;
	spins_during_io = irqs_while_spinning = 0;
	/* The reader runs first (created first), submits, sleeps. */
	KTEST_ASSERT(kthread_create("ktest-reader", long_reader, NULL));
	KTEST_ASSERT(kthread_create("ktest-spinner", spinner, NULL));
	while (!reader_done || !spinner_done)
		yield();
	yield();		/* both are reaped */
	KTEST_ASSERT_EQ(reader_total, DISK_SIZE);
	/* The spinner ran while the reader was sleeping on its I/O ... */
	KTEST_ASSERT(spins_during_io > 0);
	/* ... and completions came by interrupt while it held the CPU. */
	KTEST_ASSERT(irqs_while_spinning > 0);
	free_va(long_buf, 8);
}

KTEST(block, masked_msix_entry_holds_the_completion)
{
	struct blkdev *d = disk();
	uint8_t *buf = frames(0);
	struct blk_seg seg = { buf, 512 };
	struct blk_request rq = { .op = BLK_OP_READ, .sector = 0, .segs = &seg,
				  .nr_segs = 1, .end_io = count_end_io };
	struct blk_request *rqp = &rq;
	uint64_t end, irqs = d->stats.interrupts;

	/* INTx has no per-device entry to mask. */
	if (!d->pci->msix_table) {
		free_va(buf, 0);
		return;
	}
	completed = 0;
	first_error = 0;
	KTEST_ASSERT_EQ(pci_msix_mask(d->pci, 0), 0);
	KTEST_ASSERT_EQ(d->ops->submit(d, &rqp, 1), 0);
	end = uptime_ns() + 100 * NS_PER_MS;
	while (uptime_ns() < end)
		cpu_relax();
	/* No interrupt, no completion. */
	KTEST_ASSERT_EQ(completed, 0);
	KTEST_ASSERT_EQ(d->stats.interrupts, irqs);
	/* Unmasking delivers the pending message. */
	KTEST_ASSERT_EQ(pci_msix_unmask(d->pci, 0), 0);
	wait_completed(1);
	KTEST_ASSERT_EQ(first_error, 0);
	KTEST_ASSERT(d->stats.interrupts > irqs);
	free_va(buf, 0);
}

KTEST(block, flush)
{
	struct blkdev *d = disk();
	uint64_t flushes = d->stats.flush_reqs;

	KTEST_ASSERT_EQ(blkdev_sync(d), 0);
	if (d->can_flush)
		KTEST_ASSERT_EQ(d->stats.flush_reqs, flushes + 1);
	else
		KTEST_ASSERT_EQ(d->stats.flush_reqs, flushes);
}

/* ---------------------------------------------------------------- block: */

static int64_t file_read(struct resource *r, struct handle_entry *h, void *buf,
			 size_t len)
{
	return r->ops->read(r, h, buf, len, READ_TO_KERNEL);
}

static int64_t file_write(struct resource *r, struct handle_entry *h,
			  const void *buf, size_t len)
{
	return r->ops->write(r, h, buf, len, WRITE_FROM_KERNEL);
}

/* fs.md 5.3's userspace expectations, through the resource. */
static void check_block_file(const char *uri)
{
	static const char text[] = "PANDA_BLOCK_TEST_OVERWRITE_DATA!";
	struct handle_entry h = { 0 };
	struct panda_file_stat st;
	uint8_t buf[512], aa[64];
	struct resource *r;

	KTEST_ASSERT_EQ(scheme_open(uri, &r), 0);
	KTEST_ASSERT_EQ(r->ops->tag, PANDA_TAG_FILE);
	KTEST_ASSERT_EQ(r->ops->size(r), DISK_SIZE);
	KTEST_ASSERT_EQ(r->ops->stat(r, &st), 0);
	KTEST_ASSERT_EQ(st.size, DISK_SIZE);
	KTEST_ASSERT_EQ(st.is_dir, 0);
	KTEST_ASSERT_EQ(file_read(r, &h, buf, 512), 512);
	KTEST_ASSERT_EQ(h.offset, 512);
	memset(aa, 0xaa, sizeof(aa));
	KTEST_ASSERT_EQ(file_write(r, &h, aa, 64), 64);
	h.offset = 512;
	KTEST_ASSERT_EQ(file_write(r, &h, text, 32), 32);
	h.offset = 512;
	memset(buf, 0, sizeof(buf));
	KTEST_ASSERT_EQ(file_read(r, &h, buf, 64), 64);
	KTEST_ASSERT(!memcmp(buf, text, 32));
	KTEST_ASSERT(!memcmp(buf + 32, aa, 32));
	/* Beyond the end: reads give 0, writes fail. */
	h.offset = DISK_SIZE + 10;
	KTEST_ASSERT_EQ(file_read(r, &h, buf, 64), 0);
	KTEST_ASSERT_EQ(file_write(r, &h, buf, 64), -PANDA_ERR_INVALID_OFFSET);
	h.offset = DISK_SIZE - 10;
	KTEST_ASSERT_EQ(file_read(r, &h, buf, 64), 10);
	KTEST_ASSERT_EQ(h.offset, DISK_SIZE);
	resource_put(r);
}

KTEST(block, block_scheme_files)
{
	struct resource *r;

	check_block_file("block:/pci/00:04.0");
	check_block_file("block:/pci/storage/0");
	check_block_file("block:pci/0:4.0");
	KTEST_ASSERT_EQ(scheme_open("block:/pci/00:05.0", &r), -ENOENT);
	KTEST_ASSERT_EQ(scheme_open("block:/pci/00:01.0", &r), -ENOENT);
	KTEST_ASSERT_EQ(scheme_open("block:/pci/storage/1", &r), -ENOENT);
	KTEST_ASSERT_EQ(scheme_open("block:/pci/storage", &r), -ENOENT);
	KTEST_ASSERT_EQ(scheme_open("block:/", &r), -ENOENT);
}

KTEST(block, no_leaks)
{
	struct blkdev *d = disk();
	struct mem_stats before, after;
	uint8_t buf[700];

	mem_stats(&before);
	fill(buf, sizeof(buf), 3);
	KTEST_ASSERT_EQ(blkdev_write_at(d, 777, buf, sizeof(buf)), 700);
	KTEST_ASSERT_EQ(blkdev_read_at(d, 777, buf, sizeof(buf)), 700);
	KTEST_ASSERT_EQ(blkdev_read_at(d, 0, buf, 512), 512);
	KTEST_ASSERT_EQ(blkdev_sync(d), 0);
	mem_stats(&after);
	KTEST_ASSERT_EQ(after.free_frames, before.free_frames);
	KTEST_ASSERT_EQ(after.heap_bytes, before.heap_bytes);
	KTEST_ASSERT_EQ(after.heap_objects, before.heap_objects);
}
