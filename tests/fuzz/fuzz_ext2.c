// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for lib/ext2.c.  The input is the start of a 256 KiB
 * in-memory device (the rest reads as zeros).  The image is mounted
 * read-only and walked (readdir recursively, lookups, stats, reads), then
 * a copy is mounted read-write and put through a fixed sequence of
 * modifications and walked again.  Checked on every input: no access
 * outside the device or the buffers handed over (ASan), every request
 * inside the device, nothing leaked, and all work bounded.
 */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <lib/ext2.h>
#include <lib/string.h>
#include <uapi/panda/errno.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The harness's bulk copies use the C library, not the instrumented lib. */
#define bulk_copy	__builtin_memcpy
#define bulk_set	__builtin_memset
#define bulk_cmp	__builtin_memcmp

#define CHECK(cond) do { if (!(cond)) __builtin_trap(); } while (0)

#define DEV_SIZE	(256u << 10)
#define SECTOR		512u
#define MAX_DEPTH	6
#define MAX_ENTRIES	64	/* followed per directory */
#define MAX_NODES	400	/* visited per walk */

static uint8_t dev_mem[DEV_SIZE];
static long live_allocs;
static unsigned long requests;

static int mem_read(void *ctx, uint64_t sector, uint32_t count, void *buf)
{
	(void)ctx;
	CHECK(count && sector < DEV_SIZE / SECTOR &&
	      count <= DEV_SIZE / SECTOR - sector);
	requests++;
	bulk_copy(buf, dev_mem + sector * SECTOR, (size_t)count * SECTOR);
	return 0;
}

static int mem_write(void *ctx, uint64_t sector, uint32_t count,
		     const void *buf)
{
	(void)ctx;
	CHECK(count && sector < DEV_SIZE / SECTOR &&
	      count <= DEV_SIZE / SECTOR - sector);
	requests++;
	bulk_copy(dev_mem + sector * SECTOR, buf, (size_t)count * SECTOR);
	return 0;
}

static int mem_flush(void *ctx)
{
	(void)ctx;
	return 0;
}

static void *f_alloc(void *ctx, size_t n)
{
	(void)ctx;
	live_allocs++;
	return malloc(n);
}

static void f_free(void *ctx, void *p)
{
	(void)ctx;
	if (p)
		live_allocs--;
	free(p);
}

static const struct ext2_dev dev = {
	NULL, SECTOR, DEV_SIZE / SECTOR, mem_read, mem_write, mem_flush,
};
static const struct ext2_alloc mem = { f_alloc, f_free, NULL };

static volatile uint8_t sink;

struct walk {
	struct ext2_fs *fs;
	char path[1024];
	size_t len;
	int depth, entries, *nodes;
};

static void walk_dir(struct ext2_fs *fs, char *path, size_t len, int depth,
		     int *nodes);

static int walk_cb(void *arg, const char *name, size_t nlen, bool is_dir)
{
	struct walk *w = arg;
	struct ext2_stat st;
	uint8_t buf[3000];
	uint32_t ino;
	int64_t n;
	int ret;

	CHECK(nlen >= 1 && nlen <= EXT2_NAME_MAX);
	CHECK(!(nlen == 1 && name[0] == '.'));
	CHECK(!(nlen == 2 && name[0] == '.' && name[1] == '.'));
	sink = (uint8_t)(name[0] ^ name[nlen - 1]);
	if (++w->entries > MAX_ENTRIES || ++*w->nodes > MAX_NODES)
		return 1;
	if (w->len + 1 + nlen + 1 > sizeof(w->path))
		return 0;
	w->path[w->len] = '/';
	memcpy(w->path + w->len + 1, name, nlen);
	w->path[w->len + 1 + nlen] = '\0';
	ret = ext2_stat(w->fs, w->path, &st);
	if (!ret && is_dir && st.is_dir) {
		walk_dir(w->fs, w->path, w->len + 1 + nlen, w->depth + 1,
			 w->nodes);
	} else if (!ret && !st.is_dir) {
		ret = ext2_lookup(w->fs, w->path, &ino);
		CHECK(!ret && ino == st.ino);
		n = ext2_read(w->fs, ino, 0, buf, sizeof(buf));
		CHECK(n < 0 || (uint64_t)n <= st.size);
		CHECK(n < 0 || (uint64_t)n == (st.size < sizeof(buf) ?
					       st.size : sizeof(buf)));
		n = ext2_read(w->fs, ino, st.size > 5000 ? st.size - 5000 : 0,
			      buf, sizeof(buf));
		CHECK(n <= (int64_t)sizeof(buf));
		ext2_read(w->fs, ino, 70000, buf, 100);
	}
	w->path[w->len] = '\0';
	return 0;
}

static void walk_dir(struct ext2_fs *fs, char *path, size_t len, int depth,
		     int *nodes)
{
	struct walk w;
	int ret;

	if (depth > MAX_DEPTH)
		return;
	w.fs = fs;
	memcpy(w.path, path, len + 1);
	w.len = len;
	w.depth = depth;
	w.entries = 0;
	w.nodes = nodes;
	ret = ext2_readdir(fs, w.path, walk_cb, &w);
	CHECK(ret <= 1);
}

static void walk(struct ext2_fs *fs)
{
	char root[2] = "";
	int nodes = 0;

	walk_dir(fs, root, 0, 0, &nodes);
}

static void modify(struct ext2_fs *fs, const uint8_t *data, size_t size)
{
	static uint8_t buf[20000];
	uint32_t ino;
	int64_t n;

	memset(buf, 0x5A, sizeof(buf));
	if (!ext2_open(fs, "fz", EXT2_O_CREATE, &ino)) {
		n = ext2_write(fs, ino, 0, buf, sizeof(buf));
		CHECK(n <= (int64_t)sizeof(buf));
		n = ext2_write(fs, ino, 300000, data, size < 100 ? size : 100);
		ext2_truncate(fs, ino, 3000);
		CHECK(ext2_close(fs, ino) <= 0);
	}
	ext2_mkdir(fs, "fzd");
	ext2_mkdir(fs, "fzd/sub");
	ext2_rename(fs, "fz", "fzd/sub/moved");
	ext2_rename(fs, "fzd/sub", "lost+found/sub");
	/* Whatever the image has: its first entries. */
	ext2_unlink(fs, "hello");
	ext2_unlink(fs, "d/n");
	ext2_rename(fs, "d", "fzd/d");
	ext2_rmdir(fs, "d/e");
	if (!ext2_open(fs, "a", EXT2_O_TRUNC, &ino)) {
		ext2_write(fs, ino, 10, buf, 5000);
		ext2_close(fs, ino);
	}
	ext2_unlink(fs, "lost+found/sub/moved");
	ext2_rmdir(fs, "lost+found/sub");
	ext2_rmdir(fs, "fzd");
	ext2_sync(fs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ext2_mount_opts ro = { EXT2_MOUNT_RDONLY, NULL, NULL };
	struct ext2_fs *fs;
	const char *why;
	size_t n = size < DEV_SIZE ? size : DEV_SIZE;

	bulk_set(dev_mem, 0, DEV_SIZE);
	bulk_copy(dev_mem, data, n);
	requests = 0;
	if (ext2_mount(&dev, &mem, &ro, &fs, &why) == 0) {
		walk(fs);
		CHECK(ext2_mkdir(fs, "x") == -PANDA_ERR_NOT_WRITABLE);
		CHECK(ext2_unmount(fs) == 0);
		/* Read-only: the device is untouched. */
		CHECK(!bulk_cmp(dev_mem, data, n));
	} else {
		CHECK(why != NULL);
	}
	CHECK(live_allocs == 0);

	if (ext2_mount(&dev, &mem, NULL, &fs, &why) == 0) {
		modify(fs, data, size);
		walk(fs);
		ext2_unmount(fs);
	}
	CHECK(live_allocs == 0);
	CHECK(requests < 200000);
	return 0;
}
