// SPDX-License-Identifier: GPL-2.0
/*
 * buffer_test (tests.md 3, abi.md 3.3 buffers, kernel.md 4.1): shared
 * buffers.
 *
 *  1. tests.md's steps: allocate 4096 bytes (size reported >= 4096,
 *     exactly as requested), write and read back DE AD BE EF, read the
 *     initrd hello file into the buffer and find "Hello", free; allocate
 *     4096, 8192 and 4096, free them second, first, third; allocate 16384.
 *  2. Placement: page-aligned addresses in the buffer region, first fit,
 *     freed ranges merged with their neighbours; fresh buffers are zero.
 *  3. Resize keeps the content: grow in place and when a neighbour forces
 *     a move, shrink, same page count keeps the address; new bytes zero.
 *  4. File I/O through buffers: a read is clamped to the logical size;
 *     a write to the serial console from a buffer.
 *  5. Errors: size 0, bad info pointer, free twice, non-buffer handles.
 *  6. Process exit: a child that exits holding buffers (freed by the
 *     kernel: the memory check at halt proves it), a child that touches
 *     a freed buffer is killed by the fault (-11).  Init also exits with
 *     a buffer still allocated.
 */
#include <panda/panda.h>
#include <string.h>
#include "../common/check.h"

#define CHILD	"file:/initrd/buffer_child"
#define BASE	PANDA_BUFFER_BASE
#define PG	4096ul

static struct panda_buffer_info bi;

static uint8_t *ptr(const struct panda_buffer_info *i)
{
	return (uint8_t *)(uintptr_t)i->addr;
}

static int alloc(size_t size, panda_handle_t *h, struct panda_buffer_info *i)
{
	long r = panda_sys_buffer_alloc(size, i);

	CHECK(r > 0, "BUFFER_ALLOC of %zu bytes: %ld (%s)", size, r,
	      check_name(r));
	CHECK(panda_handle_tag((panda_handle_t)r) == PANDA_TAG_BUFFER,
	      "BUFFER_ALLOC returned handle 0x%lx", r);
	CHECK(i->size == size, "BUFFER_ALLOC of %zu: info.size %lu", size,
	      (unsigned long)i->size);
	CHECK(i->addr % PG == 0 && i->addr >= BASE &&
	      i->addr + size <= BASE + PANDA_BUFFER_MAX_SIZE,
	      "BUFFER_ALLOC of %zu: address 0x%lx outside the buffer region",
	      size, (unsigned long)i->addr);
	*h = (panda_handle_t)r;
	return 0;
}

static int is_zero(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

/* 1. The catalogue's steps. */
static int test_catalogue(void)
{
	static const uint8_t pattern[] = { 0xDE, 0xAD, 0xBE, 0xEF };
	struct panda_buffer_info i1, i2, i3;
	panda_handle_t h, h1, h2, h3, f;
	long n;
	int err;

	TRY(alloc(4096, &h, &bi));
	panda_log("PASS: Buffer allocated");
	CHECK(bi.size >= 4096, "buffer size %lu", (unsigned long)bi.size);
	panda_log("PASS: Buffer size correct");
	CHECK(is_zero(ptr(&bi), 4096), "a new buffer is not zero-filled");
	memcpy(ptr(&bi), pattern, 4);
	panda_log("PASS: Wrote to buffer");
	CHECK(!memcmp(ptr(&bi), pattern, 4), "read back %02x %02x %02x %02x",
	      ptr(&bi)[0], ptr(&bi)[1], ptr(&bi)[2], ptr(&bi)[3]);
	panda_log("PASS: Read back correct data");

	err = panda_open("file:/initrd/hello.txt", 0, 0, &f);
	CHECK(!err, "open of file:/initrd/hello.txt: %d (%s)", err,
	      check_name(err));
	n = panda_sys_read_into_buffer(f, h);
	CHECK(n == 23, "FILE_READ_BUFFER of hello.txt: %ld (%s)", n,
	      check_name(n));
	panda_log("PASS: Read file into buffer");
	CHECK(!memcmp(ptr(&bi), "Hello", 5) &&
	      !memcmp(ptr(&bi), "Hello from the initrd!\n", 23),
	      "buffer holds \"%.23s\"", (const char *)ptr(&bi));
	CHECK(is_zero(ptr(&bi) + 23, 4096 - 23),
	      "bytes after the file's 23 changed");
	CHECK_EQ("FILE_READ_BUFFER at end of file",
		 panda_sys_read_into_buffer(f, h), 0);
	CHECK_EQ("close of the file", panda_sys_close(f), 0);
	panda_log("PASS: File content correct in buffer");
	CHECK_EQ("BUFFER_FREE", panda_sys_buffer_free(h), 0);
	panda_log("PASS: Buffer freed");

	TRY(alloc(4096, &h1, &i1));
	TRY(alloc(8192, &h2, &i2));
	TRY(alloc(4096, &h3, &i3));
	CHECK(i1.addr == BASE && i2.addr == BASE + PG &&
	      i3.addr == BASE + 3 * PG,
	      "first fit: buffers at 0x%lx, 0x%lx, 0x%lx",
	      (unsigned long)i1.addr, (unsigned long)i2.addr,
	      (unsigned long)i3.addr);
	memset(ptr(&i1), 1, 4096);
	memset(ptr(&i2), 2, 8192);
	memset(ptr(&i3), 3, 4096);
	panda_log("PASS: Allocated multiple buffers");
	CHECK_EQ("BUFFER_FREE of the second", panda_sys_buffer_free(h2), 0);
	CHECK(ptr(&i1)[4095] == 1 && ptr(&i3)[0] == 3,
	      "freeing the middle buffer changed its neighbours");
	CHECK_EQ("BUFFER_FREE of the first", panda_sys_buffer_free(h1), 0);
	CHECK_EQ("BUFFER_FREE of the third", panda_sys_buffer_free(h3), 0);
	panda_log("PASS: Freed multiple buffers");
	TRY(alloc(16384, &h, &bi));
	/* Every range merged back: the region starts empty again. */
	CHECK(bi.addr == BASE, "16384 bytes after freeing landed at 0x%lx",
	      (unsigned long)bi.addr);
	CHECK(is_zero(ptr(&bi), 16384), "reused pages are not zero-filled");
	CHECK_EQ("BUFFER_FREE", panda_sys_buffer_free(h), 0);
	panda_log("PASS: Allocated buffer after freeing");
	return 0;
}

/* 2. First fit into holes, and merging with both neighbours. */
static int test_first_fit(void)
{
	struct panda_buffer_info a, b, c, d, e;
	panda_handle_t ha, hb, hc, hd, he;

	TRY(alloc(PG, &ha, &a));		/* [0] */
	TRY(alloc(2 * PG, &hb, &b));		/* [1, 2] */
	TRY(alloc(PG, &hc, &c));		/* [3] */
	CHECK_EQ("free of the middle buffer", panda_sys_buffer_free(hb), 0);
	TRY(alloc(PG, &hd, &d));		/* first hole page: [1] */
	CHECK(d.addr == BASE + PG, "1 page went to 0x%lx, not the hole at 0x%lx",
	      (unsigned long)d.addr, (unsigned long)(BASE + PG));
	TRY(alloc(2 * PG, &he, &e));		/* hole [2] too small: [4, 5] */
	CHECK(e.addr == BASE + 4 * PG, "2 pages went to 0x%lx, expected 0x%lx",
	      (unsigned long)e.addr, (unsigned long)(BASE + 4 * PG));
	/* Free [1] then [0]: merged with the free [2], three pages at 0. */
	CHECK_EQ("free [1]", panda_sys_buffer_free(hd), 0);
	CHECK_EQ("free [0]", panda_sys_buffer_free(ha), 0);
	TRY(alloc(3 * PG, &hb, &b));
	CHECK(b.addr == BASE, "3 pages went to 0x%lx, not the merged range",
	      (unsigned long)b.addr);
	CHECK_EQ("free", panda_sys_buffer_free(hb), 0);
	CHECK_EQ("free", panda_sys_buffer_free(hc), 0);
	CHECK_EQ("free", panda_sys_buffer_free(he), 0);
	TRY(alloc(6 * PG, &ha, &a));
	CHECK(a.addr == BASE, "6 pages went to 0x%lx after freeing everything",
	      (unsigned long)a.addr);
	CHECK_EQ("free", panda_sys_buffer_free(ha), 0);
	panda_log("Buffer test: first fit, freed ranges merged");
	return 0;
}

static int check_pattern(const uint8_t *p, size_t n, const char *what)
{
	size_t i;

	for (i = 0; i < n; i++)
		CHECK(p[i] == (uint8_t)(i * 31 + 7),
		      "%s: byte %zu is 0x%x after the resize", what, i, p[i]);
	return 0;
}

static void put_pattern(uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(i * 31 + 7);
}

/* 3. Resize keeps the content. */
static int test_resize(void)
{
	struct panda_buffer_info a, blk, old;
	panda_handle_t ha, hblk;

	TRY(alloc(5000, &ha, &a));			/* [0, 1] */
	put_pattern(ptr(&a), 5000);
	CHECK(is_zero(ptr(&a) + 5000, 2 * PG - 5000),
	      "tail of the last page not zero");
	/* Same page count: size changes, address stays. */
	old = a;
	CHECK_EQ("resize 5000 -> 8000",
		 panda_sys_buffer_resize(ha, 8000, &a), 0);
	CHECK(a.addr == old.addr && a.size == 8000,
	      "resize within the pages: 0x%lx/%lu, expected 0x%lx/8000",
	      (unsigned long)a.addr, (unsigned long)a.size,
	      (unsigned long)old.addr);
	TRY(check_pattern(ptr(&a), 5000, "same page count"));
	/* Grow with free space after it. */
	CHECK_EQ("resize 8000 -> 5 pages",
		 panda_sys_buffer_resize(ha, 5 * PG, &a), 0);
	CHECK(a.size == 5 * PG, "grown size %lu", (unsigned long)a.size);
	TRY(check_pattern(ptr(&a), 5000, "grown"));
	CHECK(is_zero(ptr(&a) + 5000, 5 * PG - 5000),
	      "grown buffer: bytes past the old size are not zero");
	put_pattern(ptr(&a), 5 * PG);
	/* Grow with a neighbour in the way: it has to move. */
	TRY(alloc(PG, &hblk, &blk));
	CHECK(blk.addr == a.addr + 5 * PG, "neighbour at 0x%lx, buffer at 0x%lx",
	      (unsigned long)blk.addr, (unsigned long)a.addr);
	memset(ptr(&blk), 0xEE, PG);
	old = a;
	CHECK_EQ("resize 5 -> 7 pages past a neighbour",
		 panda_sys_buffer_resize(ha, 7 * PG, &a), 0);
	CHECK(a.addr != old.addr && a.size == 7 * PG &&
	      (a.addr >= blk.addr + PG || a.addr + 7 * PG <= blk.addr),
	      "moved buffer at 0x%lx (size %lu) overlaps the neighbour at 0x%lx",
	      (unsigned long)a.addr, (unsigned long)a.size,
	      (unsigned long)blk.addr);
	TRY(check_pattern(ptr(&a), 5 * PG, "moved"));
	CHECK(is_zero(ptr(&a) + 5 * PG, 2 * PG), "moved buffer: new pages");
	CHECK(ptr(&blk)[0] == 0xEE && ptr(&blk)[PG - 1] == 0xEE,
	      "the neighbour changed when the buffer moved");
	/* Shrink: the first bytes stay. */
	CHECK_EQ("resize 7 pages -> 100 bytes",
		 panda_sys_buffer_resize(ha, 100, &a), 0);
	CHECK(a.size == 100, "shrunk size %lu", (unsigned long)a.size);
	TRY(check_pattern(ptr(&a), 100, "shrunk"));
	/* Without an info pointer. */
	CHECK_EQ("resize without info", panda_sys_buffer_resize(ha, 200, NULL),
		 0);
	TRY(check_pattern(ptr(&a), 100, "resized without info"));
	CHECK_EQ("resize to 0", panda_sys_buffer_resize(ha, 0, &a),
		 -PANDA_ERR_INVALID_ARGUMENT);
	TRY(check_pattern(ptr(&a), 100, "after a refused resize"));
	CHECK_EQ("free", panda_sys_buffer_free(ha), 0);
	CHECK_EQ("free", panda_sys_buffer_free(hblk), 0);
	panda_log("Buffer test: resize keeps content");
	return 0;
}

/* 4. Reads stop at the logical size; writes come from the buffer. */
static int test_file_io(void)
{
	static const char line[] = "buffer_test: written from a buffer\n";
	struct panda_buffer_info a;
	panda_handle_t h, f;
	long n;
	int err;

	TRY(alloc(10, &h, &a));
	err = panda_open("file:/initrd/hello.txt", 0, 0, &f);
	CHECK(!err, "open: %d (%s)", err, check_name(err));
	n = panda_sys_read_into_buffer(f, h);
	CHECK(n == 10 && !memcmp(ptr(&a), "Hello from", 10) &&
	      is_zero(ptr(&a) + 10, PG - 10),
	      "read into a 10-byte buffer: %ld (%s)", n, check_name(n));
	n = panda_sys_read_into_buffer(f, h);	/* the offset moved on */
	CHECK(n == 10 && !memcmp(ptr(&a), " the initr", 10),
	      "second read into the buffer: %ld", n);
	CHECK_EQ("close", panda_sys_close(f), 0);

	err = panda_open("console:/serial/0", 0, 0, &f);
	CHECK(!err, "open of console:/serial/0: %d (%s)", err, check_name(err));
	CHECK_EQ("resize for the line",
		 panda_sys_buffer_resize(h, sizeof(line) - 1, &a), 0);
	memcpy(ptr(&a), line, sizeof(line) - 1);
	CHECK_EQ("FILE_WRITE_BUFFER to the console (length clamped)",
		 panda_sys_write_from_buffer(f, h, 1000), sizeof(line) - 1);
	CHECK_EQ("close", panda_sys_close(f), 0);
	CHECK_EQ("FILE_READ_BUFFER on a made-up file handle",
		 panda_sys_read_into_buffer(0xDEAD, h), -PANDA_ERR_BAD_HANDLE);
	CHECK_EQ("free", panda_sys_buffer_free(h), 0);
	panda_log("Buffer test: file I/O clamped to the logical size");
	return 0;
}

/* 5. Errors. */
static int test_errors(void)
{
	struct panda_buffer_info a;
	panda_handle_t h, ch1, ch2;
	long r;

	CHECK_EQ("BUFFER_ALLOC of 0 bytes", panda_sys_buffer_alloc(0, &a),
		 -PANDA_ERR_INVALID_ARGUMENT);
	CHECK_EQ("BUFFER_ALLOC with an unmapped info pointer",
		 panda_sys_buffer_alloc(4096, (void *)0x1000),
		 -PANDA_ERR_INVALID_ARGUMENT);
	CHECK_EQ("BUFFER_ALLOC with a kernel info pointer",
		 panda_sys_buffer_alloc(4096,
					(void *)0xffff800000000000ul),
		 -PANDA_ERR_INVALID_ARGUMENT);
	r = panda_sys_buffer_alloc(PANDA_BUFFER_MAX_SIZE + PG, &a);
	CHECK(r < 0, "BUFFER_ALLOC larger than the region: %ld", r);
	/* The refused allocations left nothing behind: the next is at 0. */
	TRY(alloc(PG, &h, &a));
	CHECK(a.addr == BASE, "after refused allocations: 0x%lx",
	      (unsigned long)a.addr);
	r = panda_sys_buffer_alloc(PG, NULL);	/* no info wanted */
	CHECK(r > 0, "BUFFER_ALLOC without info: %ld (%s)", r, check_name(r));
	CHECK_EQ("free", panda_sys_buffer_free((panda_handle_t)r), 0);
	CHECK_EQ("free", panda_sys_buffer_free(h), 0);
	CHECK_EQ("second BUFFER_FREE", panda_sys_buffer_free(h),
		 -PANDA_ERR_BAD_HANDLE);
	CHECK_EQ("BUFFER_RESIZE of a freed buffer",
		 panda_sys_buffer_resize(h, PG, &a), -PANDA_ERR_BAD_HANDLE);
	CHECK_EQ("BUFFER_FREE of the mailbox",
		 panda_sys_buffer_free(PANDA_HANDLE_MAILBOX),
		 -PANDA_ERR_BAD_HANDLE);
	CHECK_EQ("CHANNEL_CREATE", panda_channel_create(&ch1, &ch2), 0);
	CHECK_EQ("BUFFER_RESIZE of a channel",
		 panda_sys_buffer_resize(ch1, PG, &a), -PANDA_ERR_BAD_HANDLE);
	CHECK_EQ("close", panda_sys_close(ch1), 0);
	CHECK_EQ("close", panda_sys_close(ch2), 0);
	/* FILE_CLOSE also releases a buffer. */
	TRY(alloc(PG, &h, &a));
	CHECK_EQ("FILE_CLOSE of a buffer", panda_sys_close(h), 0);
	CHECK_EQ("BUFFER_FREE after FILE_CLOSE", panda_sys_buffer_free(h),
		 -PANDA_ERR_BAD_HANDLE);
	panda_log("Buffer test: errors reported");
	return 0;
}

/* 6. Buffers and process exit. */
static int run_child(const char *mode, int want)
{
	const char *argv[] = { "buffer_child", mode };
	panda_child c;
	int code = 0, err = panda_child_spawn_args(CHILD, argv, 2, &c);

	CHECK(!err, "spawn of buffer_child %s: %d (%s)", mode, err,
	      check_name(err));
	err = panda_child_wait(&c, &code);
	CHECK(!err && code == want, "buffer_child %s: wait %d, exit code %d, "
	      "expected %d", mode, err, code, want);
	panda_child_release(&c);
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	panda_handle_t keep;
	struct panda_buffer_info k;

	panda_log("Buffer test starting");
	TRY(test_catalogue());
	TRY(test_first_fit());
	TRY(test_resize());
	TRY(test_file_io());
	TRY(test_errors());
	TRY(run_child("leave", 0));
	panda_log("Buffer test: child exited holding buffers");
	TRY(run_child("touch-freed", -11));
	panda_log("Buffer test: a freed buffer is unmapped");
	/* Exit with a buffer allocated: the kernel frees it (leak check). */
	TRY(alloc(3 * PG, &keep, &k));
	memset(ptr(&k), 0x77, 3 * PG);
	panda_log("Buffer test passed");
	return 0;
}
