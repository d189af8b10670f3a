// SPDX-License-Identifier: GPL-2.0
/*
 * blk_stats_test (issue 5, fs.md 6.5) on a 34 MiB zeroed disk: the block
 * device counters through OP_FILE_BLOCK_STATS, and what read-ahead and
 * write coalescing do to the number of virtio requests, printed:
 *
 *   - the first 16 MiB read sequentially in 4 KiB calls, against the
 *     another 16 MiB read in the same calls in a scattered order (every
 *     read non-sequential, so read-ahead never starts: one request per
 *     call, as with read-ahead off);
 *   - 16 MiB written in 4 KiB calls (write-through: one request each,
 *     whatever the options) and 16 MiB in 1 MiB calls, where coalescing
 *     makes each call's 256 buffers a few requests; writes_merged gives
 *     the count without coalescing (every buffer its own request).
 *
 * Scattered reads begin 1 MiB after the first 16 MiB, out of reach of the
 * sequential reads' read-ahead.  The expectations follow the options built in (the features field), so
 * the suite holds with each option off too.  Then the operation's errors.
 */
#include <panda/panda.h>
#include <string.h>

#include "../common/check.h"

#define MiB		(1024 * 1024)
#define HALF		(16 * MiB)
#define CALLS		(HALF / 4096)
#define STRIDE		2053	/* odd: i * STRIDE % CALLS visits every page */
#define RA_MAX		(128 * 1024)	/* the largest read-ahead window */
/* The scattered reads start past anything the sequential ones prefetch. */
#define SCATTERED	(HALF + MiB)

static uint8_t page[4096], chunk[MiB];

static int stats(panda_handle_t h, struct panda_block_stats *st)
{
	CHECK_EQ("OP_FILE_BLOCK_STATS", panda_block_stats(h, st), 0);
	return 0;
}

static int read_at(panda_handle_t h, uint64_t off)
{
	CHECK_EQ("seek", panda_seek(h, (int64_t)off, PANDA_SEEK_SET),
		 (long)off);
	CHECK_EQ("read of 4 KiB", panda_read(h, page, sizeof(page)), 4096);
	return 0;
}

static int reads(uint64_t features)
{
	struct panda_block_stats s0, s1, s2;
	uint64_t seq, scattered;
	panda_handle_t h;
	long i;

	CHECK_EQ("open", panda_open("block:/pci/storage/0", 0, 0, &h), 0);
	TRY(stats(h, &s0));
	for (i = 0; i < CALLS; i++)
		CHECK_EQ("sequential read", panda_read(h, page, 4096), 4096);
	TRY(stats(h, &s1));
	/* Another handle: its own read-ahead stream. */
	panda_close(h);
	CHECK_EQ("open", panda_open("block:/pci/storage/0", 0, 0, &h), 0);
	for (i = 0; i < CALLS; i++)
		TRY(read_at(h, SCATTERED +
			    (uint64_t)(i * STRIDE % CALLS) * 4096));
	TRY(stats(h, &s2));
	panda_close(h);
	seq = s1.read_reqs - s0.read_reqs;
	scattered = s2.read_reqs - s1.read_reqs;
	panda_logf("blk_stats_test: 16 MiB read in 4 KiB calls: %llu read "
		   "requests sequentially (read-ahead %s), %llu scattered",
		   (unsigned long long)seq,
		   features & PANDA_BLOCK_F_READAHEAD ? "on" : "off",
		   (unsigned long long)scattered);
	/* Read-ahead may have gone up to a window past the end. */
	CHECK(s1.sectors_read - s0.sectors_read >= HALF / 512 &&
	      s1.sectors_read - s0.sectors_read <= (HALF + RA_MAX) / 512,
	      "%llu sectors read for 16 MiB",
	      (unsigned long long)(s1.sectors_read - s0.sectors_read));
	CHECK_EQ("requests of the scattered reads", scattered, CALLS);
	CHECK_EQ("read-ahead of the scattered reads",
		 s2.readahead_sectors - s1.readahead_sectors, 0);
	if (features & PANDA_BLOCK_F_READAHEAD) {
		CHECK(seq * 8 < scattered, "read-ahead: %llu requests, not "
		      "far fewer than %llu", (unsigned long long)seq,
		      (unsigned long long)scattered);
		CHECK(s1.readahead_sectors - s0.readahead_sectors >=
		      HALF / 512 / 2, "read-ahead queued %llu sectors",
		      (unsigned long long)(s1.readahead_sectors -
					   s0.readahead_sectors));
	} else {
		CHECK_EQ("requests without read-ahead", seq, CALLS);
	}
	return 0;
}

static int writes(uint64_t features)
{
	/* Write-back mode writes later; without a cache nothing merges. */
	bool through = !(features & PANDA_BLOCK_F_WRITEBACK);
	bool cached = features & PANDA_BLOCK_F_CACHE;
	struct panda_block_stats s0, s1, s2;
	uint64_t small, big, runs;
	panda_handle_t h;
	long i;

	memset(page, 0x5a, sizeof(page));
	memset(chunk, 0xa5, sizeof(chunk));
	CHECK_EQ("open", panda_open("block:/pci/00:04.0", 0, 0, &h), 0);
	TRY(stats(h, &s0));
	for (i = 0; i < CALLS; i++)
		CHECK_EQ("write of 4 KiB", panda_write(h, page, 4096), 4096);
	CHECK_EQ("sync", panda_sys_fsync(h), 0);
	TRY(stats(h, &s1));
	for (i = 0; i < HALF / MiB; i++)
		CHECK_EQ("write of 1 MiB", panda_write(h, chunk, MiB), MiB);
	CHECK_EQ("sync", panda_sys_fsync(h), 0);
	TRY(stats(h, &s2));
	small = s1.write_reqs - s0.write_reqs;
	big = s2.write_reqs - s1.write_reqs;
	runs = big + s2.writes_merged - s1.writes_merged;
	panda_logf("blk_stats_test: 16 MiB written in 4 KiB calls: %llu "
		   "write requests; in 1 MiB calls: %llu (coalescing %s), "
		   "%llu without coalescing",
		   (unsigned long long)small, (unsigned long long)big,
		   features & PANDA_BLOCK_F_WRITE_COALESCE ? "on" : "off",
		   (unsigned long long)runs);
	CHECK_EQ("sectors written", s2.sectors_written - s0.sectors_written,
		 2 * HALF / 512);
	if (through)
		CHECK_EQ("write-through requests of 4 KiB calls", small, CALLS);
	if (through && cached) {
		CHECK_EQ("buffers written in 1 MiB calls", runs, CALLS);
		if (features & PANDA_BLOCK_F_WRITE_COALESCE)
			CHECK(big * 8 < runs, "coalescing: %llu requests for "
			      "%llu buffers", (unsigned long long)big,
			      (unsigned long long)runs);
		else
			CHECK_EQ("requests without coalescing", big, CALLS);
	}
	/* What was written is what the disk holds. */
	TRY(read_at(h, HALF - 4096));
	CHECK(page[0] == 0x5a && page[4095] == 0x5a, "last small write");
	TRY(read_at(h, 2 * HALF - 4096));
	CHECK(page[0] == 0xa5 && page[4095] == 0xa5, "last large write");
	panda_close(h);
	return 0;
}

static int errors(void)
{
	struct panda_block_stats st;
	panda_mailbox mb;
	panda_handle_t h;
	long r;

	CHECK_EQ("open", panda_open("block:/pci/storage/0", 0, 0, &h), 0);
	r = panda_sys_block_stats(h, &st, sizeof(st) - 8);
	CHECK_EQ("short struct", r, -PANDA_ERR_INVALID_ARGUMENT);
	r = panda_sys_block_stats(h, (struct panda_block_stats *)8,
				  sizeof(st));
	CHECK_EQ("bad pointer", r, -PANDA_ERR_INVALID_ARGUMENT);
	panda_close(h);
	CHECK_EQ("open", panda_open("file:/initrd/hello.txt", 0, 0, &h), 0);
	CHECK_EQ("a file on no disk", panda_block_stats(h, &st),
		 -PANDA_ERR_NOT_SUPPORTED);
	panda_close(h);
	CHECK_EQ("console", panda_open("console:/serial/0", 0, 0, &h), 0);
	CHECK_EQ("the console", panda_block_stats(h, &st),
		 -PANDA_ERR_NOT_SUPPORTED);
	panda_close(h);
	CHECK_EQ("mailbox", panda_mailbox_create(&mb), 0);
	CHECK_EQ("a mailbox", panda_block_stats(mb.h, &st),
		 -PANDA_ERR_BAD_HANDLE);
	panda_close(mb.h);
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	struct panda_block_stats st;
	panda_handle_t h;

	panda_log("blk_stats_test: starting");
	CHECK_EQ("open", panda_open("block:/pci/storage/0", 0, 0, &h), 0);
	TRY(stats(h, &st));
	panda_close(h);
	panda_logf("blk_stats_test: options: cache %d, read-ahead %d, "
		   "write coalescing %d, write-back %d",
		   !!(st.features & PANDA_BLOCK_F_CACHE),
		   !!(st.features & PANDA_BLOCK_F_READAHEAD),
		   !!(st.features & PANDA_BLOCK_F_WRITE_COALESCE),
		   !!(st.features & PANDA_BLOCK_F_WRITEBACK));
	TRY(reads(st.features));
	TRY(writes(st.features));
	TRY(errors());
	panda_log("blk_stats_test: passed");
	return 0;
}
