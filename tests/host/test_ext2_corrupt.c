// SPDX-License-Identifier: GPL-2.0
/*
 * lib/ext2.c on damaged images and failing devices: every problem is an
 * error (IoError for corruption), never a crash, a read past the device,
 * an endless loop or a leak.
 */
#include "ext2/ext2_util.h"

TestSuite(ext2_corrupt, .init = ext2_setup, .fini = ext2_teardown,
	  .timeout = 60);

static const char hello[] = "Hello from ext2!\n";

static int count_cb(void *arg, const char *name, size_t len, bool is_dir)
{
	(void)name;
	(void)len;
	(void)is_dir;
	++*(int *)arg;
	return 0;
}

/*
 * 1 KiB blocks: superblock at 1024, descriptors at 2048.  Made once per
 * test with mke2fs, then rewritten from memory.
 */
#define IMG_SIZE	(2u << 20)

static uint8_t pristine[IMG_SIZE];
static bool have_pristine;

static void make_image(void)
{
	static uint8_t big[40000];
	int fd;

	if (!have_pristine) {
		fill_random(big, sizeof(big), 5);
		tree_dir("subdir");
		tree_dir("subdir/inner");
		tree_file("subdir/nested.txt", "Nested file content\n", 20);
		tree_file("hello.txt", hello, strlen(hello));
		tree_file("big.bin", big, sizeof(big));
		mkfs("-b 1024", "2M", true);
		peek(0, pristine, IMG_SIZE);
		have_pristine = true;
		return;
	}
	fd = open(t_img, O_WRONLY);
	cr_assert_geq(fd, 0);
	cr_assert_eq(pwrite(fd, pristine, IMG_SIZE, 0), (ssize_t)IMG_SIZE);
	close(fd);
}

static void expect_mount_fails(const char *what, const char *why_want)
{
	struct ext2_fs *fs;
	const char *why = NULL;
	int ret = try_mount(&t_opts_rw, &fs, &why);

	cr_assert_eq(ret, E_IO, "%s: mount gave %d", what, ret);
	cr_assert_null(fs);
	cr_assert_not_null(why);
	if (why_want)
		cr_assert_str_eq(why, why_want);
	cr_assert_eq(t_allocs, 0, "%s: leak", what);
	cr_assert(!t_dev.oob);
}

Test(ext2_corrupt, bad_magic)
{
	make_image();
	poke16(1024 + 56, 0xEF54);
	expect_mount_fails("magic", "invalid ext2 magic number");
}

struct patch {
	const char *what;
	uint32_t off;
	uint32_t size;
	uint32_t value;
};

Test(ext2_corrupt, bad_superblock_fields)
{
	static const struct patch patches[] = {
		{ "inodes_count", 0, 4, 12345 },
		{ "blocks_count past device", 4, 4, 1 << 20 },
		{ "blocks_count zero", 4, 4, 0 },
		{ "free blocks", 12, 4, 0xFFFFFFF },
		{ "free inodes", 16, 4, 0xFFFFFFF },
		{ "first_data_block", 20, 4, 0 },
		{ "log_block_size", 24, 4, 7 },
		{ "blocks_per_group 0", 32, 4, 0 },
		{ "blocks_per_group huge", 32, 4, 8193 },
		{ "inodes_per_group 0", 40, 4, 0 },
		{ "inodes_per_group huge", 40, 4, 100000 },
		{ "revision", 76, 4, 2 },
		{ "first_ino", 84, 4, 3 },
		{ "first_ino huge", 84, 4, 0xFFFFFF },
		{ "inode_size odd", 88, 2, 200 },
		{ "inode_size small", 88, 2, 64 },
		{ "inode_size past block", 88, 2, 2048 },
		{ "incompat compression", 96, 4, 0x0003 },
		{ "incompat recover", 96, 4, 0x0006 },
		{ "incompat meta_bg", 96, 4, 0x0012 },
		{ "incompat unknown", 96, 4, 0x8002 },
	};
	uint8_t orig[4];
	size_t i;

	make_image();
	for (i = 0; i < sizeof(patches) / sizeof(patches[0]); i++) {
		const struct patch *p = &patches[i];

		peek(1024 + p->off, orig, p->size);
		if (p->size == 2)
			poke16(1024 + p->off, (uint16_t)p->value);
		else
			poke32(1024 + p->off, p->value);
		expect_mount_fails(p->what, NULL);
		poke(1024 + p->off, orig, p->size);
	}
	/* Restored: mounts again. */
	umount_ok(mount_rw());
	fsck_clean();
}

Test(ext2_corrupt, bad_group_descriptors)
{
	static const struct patch patches[] = {
		{ "block bitmap outside group", 0, 4, 3000 },
		{ "inode bitmap zero", 4, 4, 0 },
		{ "inode table past end", 8, 4, 2040 },
		{ "free blocks > group", 12, 2, 9000 },
		{ "free inodes > group", 14, 2, 60000 },
	};
	uint8_t orig[4];
	size_t i;

	make_image();
	for (i = 0; i < sizeof(patches) / sizeof(patches[0]); i++) {
		const struct patch *p = &patches[i];

		peek(2048 + p->off, orig, p->size);
		if (p->size == 2)
			poke16(2048 + p->off, (uint16_t)p->value);
		else
			poke32(2048 + p->off, p->value);
		expect_mount_fails(p->what, NULL);
		poke(2048 + p->off, orig, p->size);
	}
	umount_ok(mount_rw());
}

Test(ext2_corrupt, short_device)
{
	struct ext2_fs *fs = NULL;
	const char *why;

	make_image();
	dev_open(512);
	t_edev.nr_sectors = 2047 * 2;
	cr_assert_eq(ext2_mount(&t_edev, &t_alloc, &t_opts_rw, &fs, &why),
		     E_IO);
	cr_assert_str_eq(why, "file system larger than the device");
	t_edev.nr_sectors = 3;
	cr_assert_eq(ext2_mount(&t_edev, &t_alloc, &t_opts_rw, &fs, &why),
		     E_IO);
	cr_assert(!t_dev.oob);
	t_edev.sector_size = 3;
	cr_assert_eq(ext2_mount(&t_edev, &t_alloc, &t_opts_rw, &fs, &why),
		     E_INVAL);
	cr_assert_eq(t_allocs, 0);
}

/* Block of a file or directory, from debugfs. */
static uint32_t block_of(const char *path, int fb)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "bmap %s %d", path, fb);
	return (uint32_t)debugfs_num(cmd);
}

static uint64_t inode_off(uint32_t ino)
{
	uint32_t itable = peek32(2048 + 8);

	return (uint64_t)itable * 1024 + (uint64_t)(ino - 1) * 256;
}

/* Everything touching subdir must fail with E_IO, and nothing worse. */
static void expect_dir_io(const char *what)
{
	struct ext2_fs *fs = mount_rw();
	uint32_t ino;
	int ret, n = 0;

	ret = ext2_readdir(fs, "subdir", count_cb, &n);
	cr_assert_eq(ret, E_IO, "%s: readdir %d", what, ret);
	cr_assert_eq(ext2_lookup(fs, "subdir/nested.txt", &ino), E_IO, "%s",
		     what);
	cr_assert_eq(ext2_open(fs, "subdir/new", EXT2_O_CREATE, &ino), E_IO,
		     "%s", what);
	cr_assert_eq(ext2_mkdir(fs, "subdir/new"), E_IO, "%s", what);
	cr_assert_eq(ext2_rmdir(fs, "subdir"), E_IO, "%s", what);
	/* The rest of the file system still works. */
	expect_content(fs, "hello.txt", hello, strlen(hello));
	umount_ok(fs);
}

Test(ext2_corrupt, directory_entries)
{
	static const struct patch patches[] = {
		{ "rec_len 0", 4, 2, 0 },
		{ "rec_len odd", 4, 2, 14 },
		{ "rec_len too small", 4, 2, 8 },
		{ "rec_len past block", 4, 2, 1028 },
		{ "rec_len huge", 4, 2, 0xFFFC },
		{ "name_len past rec_len", 6, 1, 200 },
		{ "inode past inodes_count", 0, 4, 0x7FFFFFFF },
		{ "reserved inode", 0, 4, 7 },
		/* ".." entry at 12 */
		{ "second rec_len past block", 16, 2, 1020 },
		{ "second name_len 0 in use", 18, 1, 0 },
	};
	uint8_t orig[4];
	uint64_t base;
	size_t i;

	make_image();
	base = (uint64_t)block_of("/subdir", 0) * 1024;
	cr_assert_gt(base, 0);
	for (i = 0; i < sizeof(patches) / sizeof(patches[0]); i++) {
		const struct patch *p = &patches[i];

		peek(base + p->off, orig, p->size);
		if (p->size == 1)
			poke(base + p->off, &p->value, 1);
		else if (p->size == 2)
			poke16(base + p->off, (uint16_t)p->value);
		else
			poke32(base + p->off, p->value);
		expect_dir_io(p->what);
		poke(base + p->off, orig, p->size);
	}
	fsck_clean();
}

Test(ext2_corrupt, directory_size)
{
	struct ext2_fs *fs;
	uint32_t ino;
	uint8_t orig[4];

	make_image();
	fs = mount_rw();
	cr_assert_eq(ext2_lookup(fs, "subdir", &ino), 0);
	umount_ok(fs);
	peek(inode_off(ino) + 4, orig, 4);
	poke32(inode_off(ino) + 4, 0xFFFFFC00);	/* i_size: 4 GiB */
	expect_dir_io("huge directory");
	poke32(inode_off(ino) + 4, 1030);	/* not a block multiple */
	fs = mount_rw();
	cr_assert_eq(ext2_mkdir(fs, "subdir/x"), E_IO);
	umount_ok(fs);
	poke(inode_off(ino) + 4, orig, 4);
	fsck_clean();
}

Test(ext2_corrupt, block_pointers)
{
	struct ext2_fs *fs;
	uint32_t hino, bino;
	uint8_t buf[64], orig[60];
	int64_t n;

	make_image();
	fs = mount_rw();
	cr_assert_eq(ext2_lookup(fs, "hello.txt", &hino), 0);
	cr_assert_eq(ext2_lookup(fs, "big.bin", &bino), 0);
	umount_ok(fs);

	/* A direct block past the device. */
	peek(inode_off(hino) + 40, orig, 4);
	poke32(inode_off(hino) + 40, 0x7FFFFFFF);
	fs = mount_rw();
	cr_assert_eq(ext2_read(fs, hino, 0, buf, sizeof(buf)), E_IO);
	cr_assert_eq(ext2_write(fs, hino, 0, "x", 1), E_IO);
	cr_assert_eq(ext2_unlink(fs, "hello.txt"), E_IO);
	umount_ok(fs);
	make_image();

	/* The single indirect block past the device, then pointing at
	 * the superblock (pointers that are garbage). */
	peek(inode_off(bino) + 40, orig, 60);
	poke32(inode_off(bino) + 40 + 12 * 4, 5000000);
	fs = mount_rw();
	n = ext2_read(fs, bino, 13 * 1024, buf, sizeof(buf));
	cr_assert_eq(n, E_IO);
	cr_assert_eq(ext2_read(fs, bino, 0, buf, sizeof(buf)), 64);
	cr_assert_eq(ext2_truncate(fs, bino, 0), E_IO);
	umount_ok(fs);
	make_image();	/* the truncate went as far as it could */
	poke32(inode_off(bino) + 40 + 12 * 4, 1);
	fs = mount_rw();
	n = ext2_read(fs, bino, 13 * 1024, buf, sizeof(buf));
	cr_assert(n == E_IO || n == 64, "n=%lld", (long long)n);
	umount_ok(fs);
	poke(inode_off(bino) + 40, orig, 60);

	/* Inode numbers out of range. */
	fs = mount_rw();
	cr_assert_eq(ext2_read(fs, 0, 0, buf, 1), E_IO);
	cr_assert_eq(ext2_stat_ino(fs, 1u << 30, &(struct ext2_stat){ 0 }),
		     E_IO);
	cr_assert_eq(ext2_write(fs, 1u << 30, 0, "x", 1), E_IO);
	cr_assert_eq(ext2_truncate(fs, 0, 0), E_IO);
	umount_ok(fs);
	fsck_clean();
}

/* A data block already free in the bitmap: freeing it again is E_IO. */
Test(ext2_corrupt, double_free)
{
	struct ext2_fs *fs;
	uint32_t blk, bitmap;
	uint8_t byte;

	make_image();
	blk = block_of("/hello.txt", 0);
	bitmap = peek32(2048);
	peek((uint64_t)bitmap * 1024 + (blk - 1) / 8, &byte, 1);
	byte &= (uint8_t)~(1u << ((blk - 1) % 8));
	poke((uint64_t)bitmap * 1024 + (blk - 1) / 8, &byte, 1);
	fs = mount_rw();
	cr_assert_eq(ext2_unlink(fs, "hello.txt"), E_IO);
	umount_ok(fs);
}

/* Directory cycles: bounded lookups, rename refuses. */
Test(ext2_corrupt, directory_loops)
{
	struct ext2_fs *fs;
	uint32_t ino, sub;
	uint64_t base;

	make_image();
	debugfs_w("ln subdir subdir/inner/loop\n");
	fs = mount_rw();
	cr_assert_eq(ext2_lookup(fs, "subdir", &sub), 0);
	cr_assert_eq(ext2_lookup(fs, "subdir/inner/loop/inner/loop/inner/loop",
				 &ino), 0);
	cr_assert_eq(ino, sub);
	cr_assert_eq(ext2_rename(fs, "subdir", "subdir/inner/loop/x"), E_INVAL);
	umount_ok(fs);

	/* "inner/.." naming inner itself: the ancestry walk must stop. */
	make_image();
	fs = mount_rw();
	cr_assert_eq(ext2_lookup(fs, "subdir/inner", &ino), 0);
	umount_ok(fs);
	base = (uint64_t)block_of("/subdir/inner", 0) * 1024;
	poke32(base + 12, ino);
	fs = mount_rw();
	cr_assert_eq(ext2_mkdir(fs, "other"), 0);
	cr_assert_eq(ext2_rename(fs, "other", "subdir/inner/x"), E_IO);
	umount_ok(fs);
}

/* Failing device calls at every point of a sequence of operations. */
static void ops(struct ext2_fs *fs)
{
	static uint8_t data[30000];
	uint8_t buf[4096];
	uint32_t ino;
	int n = 0;

	ext2_readdir(fs, "subdir", count_cb, &n);
	if (!ext2_lookup(fs, "big.bin", &ino))
		ext2_read(fs, ino, 1000, buf, sizeof(buf));
	if (!ext2_open(fs, "subdir/new", EXT2_O_CREATE, &ino)) {
		ext2_write(fs, ino, 0, data, sizeof(data));
		ext2_truncate(fs, ino, 5000);
		ext2_close(fs, ino);
	}
	ext2_mkdir(fs, "d");
	ext2_rename(fs, "subdir/nested.txt", "d/n");
	ext2_rename(fs, "d", "subdir/inner/d");
	ext2_unlink(fs, "big.bin");
	ext2_rmdir(fs, "subdir/inner/d");
}

Test(ext2_corrupt, failing_device)
{
	struct ext2_fs *fs;
	const char *why;
	long n, total;

	make_image();
	/* Count the requests of a clean run. */
	fs = mount_rw();
	ops(fs);
	umount_ok(fs);
	fsck_clean();
	total = (long)(t_dev.reads + t_dev.writes);
	cr_assert_gt(total, 20);
	for (n = 0; n < total; n += 1 + n / 16) {
		make_image();
		dev_open(512);
		t_dev.fail_reads_after = n;
		fs = NULL;
		if (!ext2_mount(&t_edev, &t_alloc, &t_opts_rw, &fs, &why)) {
			ops(fs);
			ext2_unmount(fs);
		}
		cr_assert(!t_dev.oob);
		cr_assert_eq(t_allocs, 0, "leak with reads failing at %ld", n);
		make_image();
		dev_open(512);
		t_dev.fail_writes_after = n;
		fs = NULL;
		if (!ext2_mount(&t_edev, &t_alloc, &t_opts_rw, &fs, &why)) {
			ops(fs);
			ext2_unmount(fs);
		}
		cr_assert(!t_dev.oob);
		cr_assert_eq(t_allocs, 0, "leak with writes failing at %ld",
			     n);
	}
}

/* ---------------------------------------------------------------- random */

static int depth_walk(struct ext2_fs *fs, const char *path, int depth);

struct walk_arg {
	struct ext2_fs *fs;
	const char *path;
	int depth, n;
};

static int walk_cb(void *arg, const char *name, size_t len, bool is_dir)
{
	struct walk_arg *w = arg;
	char p[600];
	uint8_t buf[2048];
	uint32_t ino;

	if (++w->n > 64 || strlen(w->path) + len + 2 > sizeof(p))
		return 1;
	snprintf(p, sizeof(p), "%s/%.*s", w->path, (int)len, name);
	if (is_dir) {
		depth_walk(w->fs, p, w->depth + 1);
	} else if (!ext2_lookup(w->fs, p, &ino)) {
		ext2_read(w->fs, ino, 0, buf, sizeof(buf));
		ext2_read(w->fs, ino, 20000, buf, sizeof(buf));
	}
	return 0;
}

static int depth_walk(struct ext2_fs *fs, const char *path, int depth)
{
	struct walk_arg w = { fs, path, depth, 0 };

	if (depth > 6)
		return 0;
	return ext2_readdir(fs, path, walk_cb, &w);
}

/* Random bytes of the metadata area flipped; mount, walk, modify. */
Test(ext2_corrupt, random_damage)
{
	static uint8_t img[IMG_SIZE];
	uint64_t x = 12345;
	struct ext2_fs *fs;
	const char *why;
	int i, k, fd;

	make_image();
	for (i = 0; i < 60; i++) {
		memcpy(img, pristine, IMG_SIZE);
		for (k = 0; k < 1 + i % 8; k++) {
			uint64_t off;

			x = x * 6364136223846793005ull + 1442695040888963407ull;
			/* Superblock, descriptors, bitmaps, inode table,
			 * first directory blocks. */
			off = 1024 + (x >> 33) % (300 * 1024);
			img[off] ^= (uint8_t)(1u << ((x >> 20) & 7));
		}
		fd = open(t_img, O_WRONLY);
		cr_assert_eq(pwrite(fd, img, IMG_SIZE, 0), (ssize_t)IMG_SIZE);
		close(fd);
		fs = NULL;
		if (ext2_mount(dev_open(512), &t_alloc, &t_opts_rw, &fs, &why))
			continue;
		depth_walk(fs, "", 0);
		ops(fs);
		depth_walk(fs, "", 0);
		ext2_unmount(fs);
		cr_assert(!t_dev.oob);
		cr_assert_eq(t_allocs, 0);
	}
}
