// SPDX-License-Identifier: GPL-2.0
/*
 * ext2: the ext2 glue (fs/ext2_vfs.c) on the 10 MiB ext2 image of
 * tests.md 1.7 at 00:04.0, through the VFS as the system calls use it:
 * corrupt superblocks refuse the mount (IoError, nothing mounted), the
 * mount and its AlreadyExists/Busy rules, reading a 64 KiB file in 1 KiB
 * calls with few device requests (fs.md 6.5), writes visible through
 * another handle, and on-disk corruption met later (a directory block
 * with a bad rec_len, block pointers past the end of the device) giving
 * IoError instead of a panic or a hang.  The disk is damaged on purpose
 * with the raw helpers, which bypass the cache; the cache is then
 * emptied so ext2 reads the damage.  Then unmounting through the VFS
 * (Busy while a file is open or a mount lies below), and last everything
 * is unmounted the way the halt path does it and no memory is left
 * behind.
 */
#include <lib/string.h>
#include <panda/bcache.h>
#include <panda/blkdev.h>
#include <panda/errno.h>
#include <panda/handle.h>
#include <panda/ktest.h>
#include <panda/mm.h>
#include <panda/printk.h>
#include <panda/vfs.h>
#include <uapi/panda/syscall.h>
#include "blk_helpers.h"

#define SB_OFF		1024
#define KB		1024u

static uint8_t sb_saved[1024];

static uint32_t get32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/*
 * Raw write past the cache: what is dirty goes out first (so it cannot
 * overwrite this later, in write-back mode), and the cache is emptied
 * after, so ext2 reads the disk.
 */
static void poke(uint64_t off, const void *data, size_t len)
{
	KTEST_ASSERT_EQ(blk_cache_drop(disk()), 0);
	KTEST_ASSERT_EQ(blkdev_write_at(disk(), off, data, len), len);
	KTEST_ASSERT_EQ(blk_cache_drop(disk()), 0);
}

static void peek(uint64_t off, void *data, size_t len)
{
	KTEST_ASSERT_EQ(blkdev_read_at(disk(), off, data, len), len);
}

/* Byte offset of inode ino's 128 bytes, from the superblock and GDT. */
static uint64_t inode_off(uint32_t ino)
{
	uint8_t gd[32];
	uint32_t bs = 1024u << get32(sb_saved + 24);
	uint32_t ipg = get32(sb_saved + 40), first = get32(sb_saved + 20);
	uint32_t isize = sb_saved[88] | sb_saved[89] << 8, g = (ino - 1) / ipg;

	peek((uint64_t)(first + 1) * bs + g * 32, gd, sizeof(gd));
	return (uint64_t)get32(gd + 8) * bs + (uint64_t)((ino - 1) % ipg) * isize;
}

static int64_t res_read(struct resource *r, struct handle_entry *h, void *buf,
			size_t len)
{
	return r->ops->read(r, h, buf, len, READ_TO_KERNEL);
}

static int64_t res_write(struct resource *r, struct handle_entry *h,
			 const void *buf, size_t len)
{
	return r->ops->write(r, h, buf, len, WRITE_FROM_KERNEL);
}

KTEST(ext2, corrupt_superblocks_refuse_the_mount)
{
	static const struct { unsigned int off, size; uint32_t val; } bad[] = {
		{ 56, 2, 0x1234 },		/* magic */
		{ 24, 4, 7 },			/* log block size: 128 KiB */
		{ 32, 4, 0 },			/* blocks per group */
		{ 0, 4, 12345 },		/* inodes count lies */
		{ 96, 4, 0x0040 },		/* INCOMPAT extents */
		{ 96, 4, 0x8000 },		/* unknown INCOMPAT bit */
		{ 4, 4, 0x7fffffff },		/* larger than the device */
		{ 20, 4, 5000 },		/* first data block */
	};
	struct vfs_stat st;
	uint8_t sb[1024];
	unsigned int i;

	peek(SB_OFF, sb_saved, sizeof(sb_saved));
	KTEST_ASSERT_EQ(sb_saved[56] | sb_saved[57] << 8, 0xef53);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		memcpy(sb, sb_saved, sizeof(sb));
		if (bad[i].size == 2) {
			sb[bad[i].off] = (uint8_t)bad[i].val;
			sb[bad[i].off + 1] = (uint8_t)(bad[i].val >> 8);
		} else {
			put32(sb + bad[i].off, bad[i].val);
		}
		poke(SB_OFF, sb, sizeof(sb));
		KTEST_ASSERT_EQ(ext2fs_mount(disk(), "/kt"), -EIO);
		KTEST_ASSERT_EQ(vfs_stat("/kt", &st), -ENOENT);
	}
	/* A device of zeros. */
	memset(sb, 0, sizeof(sb));
	poke(SB_OFF, sb, sizeof(sb));
	KTEST_ASSERT_EQ(ext2fs_mount(disk(), "/kt"), -EIO);
	poke(SB_OFF, sb_saved, sizeof(sb_saved));
}

KTEST(ext2, mount_and_read)
{
	struct vfs_stat st;
	size_t size;
	void *data;

	KTEST_ASSERT_EQ(ext2fs_mount(disk(), "/kt"), 0);
	KTEST_ASSERT_EQ(ext2fs_mount(disk(), "/kt"), -EEXIST);
	KTEST_ASSERT_EQ(ext2fs_mount(disk(), "/kt2"), -EBUSY);
	KTEST_ASSERT_EQ(ext2fs_mount(NULL, "/kt2"), -ENOENT);
	KTEST_ASSERT_EQ(vfs_stat("/kt", &st), 0);
	KTEST_ASSERT(st.is_dir);
	KTEST_ASSERT_EQ(vfs_stat("/kt/large.bin", &st), 0);
	KTEST_ASSERT_EQ(st.size, 8192);
	KTEST_ASSERT_EQ(vfs_read_file("/kt/a/b/c/deep.txt", &data, &size), 0);
	KTEST_ASSERT_EQ(size, 10);
	KTEST_ASSERT(!memcmp(data, "Deep file\n", 10));
	kfree(data);
}

/* fs.md 6.5: a 64 KiB contiguous file read in 1 KiB calls. */
KTEST(ext2, sequential_read_requests)
{
	struct handle_entry h = { 0 }, h2 = { 0 };
	struct blkdev *d = disk();
	uint8_t *buf = kmalloc(64 * KB);
	struct resource *r, *r2;
	uint64_t reqs, total = 0, with = 0, without = 0;
	unsigned int i;
	int64_t n;

	KTEST_ASSERT(buf);
	for (i = 0; i < 64 * KB; i++)
		buf[i] = (uint8_t)(i * 3 + (i >> 10));
	KTEST_ASSERT_EQ(vfs_create("/kt/seq.bin", PANDA_CREATE_EXCLUSIVE, &r),
			0);
	KTEST_ASSERT_EQ(res_write(r, &h, buf, 64 * KB), 64 * KB);
	/* Another handle sees the size and the data at once. */
	KTEST_ASSERT_EQ(vfs_open("/kt/seq.bin", &r2), 0);
	KTEST_ASSERT_EQ(r2->ops->size(r2), 64 * KB);
	KTEST_ASSERT_EQ(res_read(r2, &h2, buf, 100), 100);
	KTEST_ASSERT_EQ(buf[99], (uint8_t)(99 * 3));
	resource_put(r2);
	resource_put(r);
	KTEST_ASSERT_EQ(vfs_sync_all(), 0);

	for (i = 0; i < 2; i++) {
		blk_set_readahead(i == 0);
		KTEST_ASSERT_EQ(blk_cache_drop(d), 0);
		KTEST_ASSERT_EQ(vfs_open("/kt/seq.bin", &r), 0);
		h.offset = 0;
		total = 0;
		reqs = d->stats.read_reqs;
		while ((n = res_read(r, &h, buf + total, 1024)) > 0)
			total += (uint64_t)n;
		KTEST_ASSERT_EQ(n, 0);
		KTEST_ASSERT_EQ(total, 64 * KB);
		blk_cache_wait_idle();
		if (i == 0)
			with = d->stats.read_reqs - reqs;
		else
			without = d->stats.read_reqs - reqs;
		resource_put(r);
	}
	blk_set_readahead(true);
	for (i = 0; i < 64 * KB; i++)
		KTEST_ASSERT_EQ(buf[i], (uint8_t)(i * 3 + (i >> 10)));
	pr_info("ext2: 64 KiB file read in 1 KiB calls: %lu read requests with read-ahead, %lu without",
		with, without);
	if (IS_ENABLED(CONFIG_BLK_CACHE))
		KTEST_ASSERT(without < 64);	/* 4 KiB buffers already help */
	/*
	 * How read-ahead splits into requests depends on when its
	 * completions arrive (5 to 9 seen), so only the direction is a
	 * property of the kernel.
	 */
	if (IS_ENABLED(CONFIG_BLK_READAHEAD))
		KTEST_ASSERT(with < without);
	kfree(buf);
}

KTEST(ext2, corrupt_directory_entry_is_an_io_error)
{
	uint8_t inode[128], blk[1024], saved[1024];
	struct resource *r;
	struct vfs_stat st;
	uint32_t ino, b;

	/* subdir is inode 12 in the image (lost+found 11, then mkdir order). */
	KTEST_ASSERT_EQ(vfs_stat("/kt/subdir/nested.txt", &st), 0);
	ino = 12;
	peek(inode_off(ino), inode, sizeof(inode));
	KTEST_ASSERT_EQ(inode[1] & 0xf0, 0x40);		/* a directory */
	b = get32(inode + 40);
	peek((uint64_t)b * 1024, saved, sizeof(saved));
	memcpy(blk, saved, sizeof(blk));
	blk[4] = 3;					/* rec_len of "." */
	blk[5] = 0;
	poke((uint64_t)b * 1024, blk, sizeof(blk));
	KTEST_ASSERT_EQ(vfs_stat("/kt/subdir/nested.txt", &st), -EIO);
	KTEST_ASSERT_EQ(vfs_opendir("/kt/subdir", &r), -EIO);
	KTEST_ASSERT_EQ(vfs_create("/kt/subdir/new", 0, &r), -EIO);
	KTEST_ASSERT_EQ(vfs_mkdir("/kt/subdir/d"), -EIO);
	/* rec_len running past the block end. */
	blk[4] = 0;
	blk[5] = 0x08;
	poke((uint64_t)b * 1024, blk, sizeof(blk));
	KTEST_ASSERT_EQ(vfs_stat("/kt/subdir/nested.txt", &st), -EIO);
	poke((uint64_t)b * 1024, saved, sizeof(saved));
	KTEST_ASSERT_EQ(vfs_stat("/kt/subdir/nested.txt", &st), 0);
}

KTEST(ext2, block_pointers_past_the_device_are_io_errors)
{
	struct handle_entry h = { 0 };
	uint8_t inode[128], saved[128], buf[2048];
	struct resource *r;
	uint64_t off;
	uint32_t ino = 0;
	int64_t n;

	/* large.bin: the image's first regular file after hello.txt. */
	for (ino = 11; ino < 40; ino++) {
		peek(inode_off(ino), inode, sizeof(inode));
		if ((inode[1] & 0xf0) == 0x80 && get32(inode + 4) == 8192)
			break;
	}
	KTEST_ASSERT(ino < 40);
	off = inode_off(ino);
	memcpy(saved, inode, sizeof(saved));
	put32(inode + 40 + 4, 0x7ffffff0);		/* i_block[1] */
	poke(off, inode, sizeof(inode));
	KTEST_ASSERT_EQ(vfs_open("/kt/large.bin", &r), 0);
	/* The first block reads; the one past the device does not. */
	KTEST_ASSERT_EQ(r->ops->read(r, &h, buf, 1024, READ_TO_KERNEL), 1024);
	n = r->ops->read(r, &h, buf, 1024, READ_TO_KERNEL);
	KTEST_ASSERT_EQ(n, -EIO);
	/* Writing over it fails the same way, nothing is allocated. */
	h.offset = 1024;
	KTEST_ASSERT_EQ(r->ops->write(r, &h, buf, 1024, WRITE_FROM_KERNEL), -EIO);
	resource_put(r);
	poke(off, saved, sizeof(saved));
	KTEST_ASSERT_EQ(vfs_open("/kt/large.bin", &r), 0);
	h.offset = 0;
	KTEST_ASSERT_EQ(r->ops->read(r, &h, buf, sizeof(buf), READ_TO_KERNEL),
			sizeof(buf));
	resource_put(r);
}

KTEST(ext2, namespace_operations)
{
	struct handle_entry h = { 0 };
	struct resource *r;
	struct vfs_stat st;
	size_t size;
	void *data;

	KTEST_ASSERT_EQ(vfs_mkdir("/kt/d"), 0);
	KTEST_ASSERT_EQ(vfs_create("/kt/d/f", PANDA_CREATE_EXCLUSIVE, &r), 0);
	KTEST_ASSERT_EQ(res_write(r, &h, "abc", 3), 3);
	KTEST_ASSERT_EQ(r->ops->truncate(r, 1), 0);
	KTEST_ASSERT_EQ(r->ops->size(r), 1);
	KTEST_ASSERT_EQ(r->ops->sync(r), 0);
	resource_put(r);
	KTEST_ASSERT_EQ(vfs_rename("/kt/d/f", "/kt/g"), 0);
	KTEST_ASSERT_EQ(vfs_stat("/kt/g", &st), 0);
	KTEST_ASSERT_EQ(st.size, 1);
	KTEST_ASSERT_EQ(vfs_rename("/kt/g", "/initrd/g"), -ENOTSUP);
	KTEST_ASSERT_EQ(vfs_rmdir("/kt"), -EBUSY);
	KTEST_ASSERT_EQ(vfs_unlink("/kt"), -EBUSY);
	KTEST_ASSERT_EQ(vfs_rename("/kt", "/kt3"), -EBUSY);
	KTEST_ASSERT_EQ(vfs_rmdir("/kt/d"), 0);
	KTEST_ASSERT_EQ(vfs_unlink("/kt/g"), 0);
	KTEST_ASSERT_EQ(vfs_unlink("/kt/seq.bin"), 0);
	KTEST_ASSERT_EQ(vfs_mkdir("/initrd/x"), -PANDA_ERR_NOT_WRITABLE);
	KTEST_ASSERT_EQ(vfs_create("/initrd/x", 0, &r), -PANDA_ERR_NOT_WRITABLE);
	KTEST_ASSERT_EQ(vfs_create("/kt/x", 8, &r), -EINVAL);
	KTEST_ASSERT_EQ(vfs_read_file("/kt/hello.txt", &data, &size), 0);
	KTEST_ASSERT_EQ(size, 17);
	KTEST_ASSERT(!memcmp(data, "Hello from ext2!\n", 17));
	kfree(data);
}

static bool inner_unmounted;

static void inner_unmount(struct fs *fs)
{
	inner_unmounted = true;
}

static const struct fs_ops inner_ops = { .name = "inner",
					  .unmount = inner_unmount };

/* OP_ENVIRONMENT_UNMOUNT's VFS side, then mounted again. */
KTEST(ext2, unmount_through_the_vfs)
{
	static struct fs inner = { .ops = &inner_ops };
	struct resource *r, *dir;
	struct vfs_stat st;

	KTEST_ASSERT_EQ(vfs_open("/kt/hello.txt", &r), 0);
	KTEST_ASSERT_EQ(vfs_unmount("/kt"), -EBUSY);	/* a file is open */
	resource_put(r);
	KTEST_ASSERT_EQ(vfs_mount("/kt/inner", &inner), 0);
	KTEST_ASSERT_EQ(vfs_unmount("/kt"), -EBUSY);	/* a mount below */
	KTEST_ASSERT_EQ(vfs_unmount("/kt/inner/"), 0);
	KTEST_ASSERT(inner_unmounted);
	KTEST_ASSERT_EQ(inner.users, 0);
	KTEST_ASSERT_EQ(vfs_unmount("/initrd"), -ENOTSUP);
	KTEST_ASSERT_EQ(vfs_unmount("kt"), -EINVAL);
	/* A directory listing is a snapshot: it does not hold the mount. */
	KTEST_ASSERT_EQ(vfs_opendir("/kt", &dir), 0);
	KTEST_ASSERT_EQ(vfs_unmount("/kt"), 0);
	KTEST_ASSERT_EQ(vfs_unmount("/kt"), -ENOENT);
	KTEST_ASSERT_EQ(vfs_stat("/kt/hello.txt", &st), -ENOENT);
	resource_put(dir);
	/* Everything was written back and the device is free again. */
	KTEST_ASSERT_EQ(blk_cache_drop(disk()), 0);
	KTEST_ASSERT_EQ(ext2fs_mount(disk(), "/kt"), 0);
	KTEST_ASSERT_EQ(vfs_stat("/kt/hello.txt", &st), 0);
	KTEST_ASSERT_EQ(st.size, 17);
}

KTEST(ext2, unmount_leaves_nothing)
{
	struct mem_stats before, after;
	struct blk_cache_info info;
	struct vfs_stat st;

	vfs_shutdown();		/* what the halt path runs */
	KTEST_ASSERT_EQ(vfs_stat("/kt", &st), -ENOENT);
	KTEST_ASSERT_EQ(vfs_stat("/initrd", &st), 0);	/* tarfs stays */
	blk_cache_info(&info);
	KTEST_ASSERT_EQ(info.buffers, 0);
	KTEST_ASSERT_EQ(info.dirty, 0);
	/* The device is free again: it mounts, and the data is there. */
	mem_stats(&before);
	KTEST_ASSERT_EQ(ext2fs_mount(disk(), "/kt"), 0);
	KTEST_ASSERT_EQ(vfs_stat("/kt/seq.bin", &st), -ENOENT);
	KTEST_ASSERT_EQ(vfs_stat("/kt/hello.txt", &st), 0);
	vfs_shutdown();
	mem_stats(&after);
	KTEST_ASSERT_EQ(after.free_frames, before.free_frames);
	KTEST_ASSERT_EQ(after.heap_bytes, before.heap_bytes);
	KTEST_ASSERT_EQ(after.heap_objects, before.heap_objects);
}
