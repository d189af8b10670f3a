// SPDX-License-Identifier: GPL-2.0
/*
 * lib/ext2.c, writing (fs.md 10): every test ends with e2fsck -fn finding
 * the image clean, and most compare contents with debugfs too.
 */
#include "ext2/ext2_util.h"

TestSuite(ext2_write, .init = ext2_setup, .fini = ext2_teardown,
	  .timeout = 60);

static struct ext2_info info_of(struct ext2_fs *fs)
{
	struct ext2_info info;

	ext2_get_info(fs, &info);
	return info;
}

static void basic_case(const char *opts)
{
	static uint8_t big[100 * 1024];
	static const char hello[] = "Hello from ext2!\n";
	struct ext2_stat st;
	struct ext2_fs *fs;
	uint32_t ino;

	fill_random(big, sizeof(big), 1);
	mkfs(opts, "8M", false);
	fs = mount_rw();
	ino = create(fs, "hello.txt");
	cr_assert_eq(ext2_write(fs, ino, 0, hello, 17), 17);
	cr_assert_eq(ext2_close(fs, ino), 0);
	cr_assert_eq(ext2_mkdir(fs, "d"), 0);
	cr_assert_eq(ext2_mkdir(fs, "d/e"), 0);
	write_file(fs, "d/e/big.bin", big, sizeof(big));
	expect_content(fs, "hello.txt", hello, 17);
	expect_content(fs, "d/e/big.bin", big, sizeof(big));
	cr_assert_eq(ext2_stat(fs, "d", &st), 0);
	cr_assert(st.is_dir);
	cr_assert_eq(st.links, 3);
	cr_assert_eq(st.mode, 040755);
	cr_assert_eq(st.mtime, 1700000000u);
	cr_assert_eq(ext2_stat(fs, "hello.txt", &st), 0);
	cr_assert_eq(st.mode, 0100644);
	cr_assert_eq(st.links, 1);
	/* Overwrite in the middle, unaligned. */
	cr_assert_eq(ext2_open(fs, "d/e/big.bin", 0, &ino), 0);
	cr_assert_eq(ext2_write(fs, ino, 5000, "XYZ", 3), 3);
	memcpy(big + 5000, "XYZ", 3);
	cr_assert_eq(ext2_close(fs, ino), 0);
	cr_assert_eq(ext2_sync(fs), 0);
	cr_assert_gt(t_dev.flushes, 0);
	umount_ok(fs);
	fsck_clean();
	expect_debugfs("/hello.txt", hello, 17);
	expect_debugfs("/d/e/big.bin", big, sizeof(big));

	/* Remount: still there; TRUNC empties. */
	fs = mount_rw();
	expect_content(fs, "d/e/big.bin", big, sizeof(big));
	cr_assert_eq(ext2_open(fs, "d/e/big.bin", EXT2_O_TRUNC, &ino), 0);
	cr_assert_eq(ext2_stat_ino(fs, ino, &st), 0);
	cr_assert_eq(st.size, 0);
	cr_assert_eq(st.blocks, 0);
	cr_assert_eq(ext2_close(fs, ino), 0);
	umount_ok(fs);
	fsck_clean();
}

Test(ext2_write, basic_1k)
{
	basic_case("-b 1024");
}

Test(ext2_write, basic_2k)
{
	basic_case("-b 2048");
}

Test(ext2_write, basic_4k)
{
	basic_case("-b 4096");
}

Test(ext2_write, revision0)
{
	basic_case("-r 0");
}

Test(ext2_write, no_filetype)
{
	basic_case("-O ^filetype");
}

Test(ext2_write, no_sparse_super_many_groups)
{
	basic_case("-b 1024 -g 1024 -O ^sparse_super,^resize_inode");
}

Test(ext2_write, block_size_64k)
{
	basic_case("-b 65536");
}

/* Writes through every level of the block map, then shrink in steps. */
Test(ext2_write, indirect_levels_and_truncate)
{
	static const uint64_t offs[] = {
		0, 11 * 1024 + 1000, 12 * 1024 - 2, 268 * 1024 - 1,
		(64ull << 20) + 268 * 1024 - 3, 100ull << 20, 5ull << 30,
	};
	static const uint64_t sizes[] = {
		(5ull << 30) + 10, (100ull << 20) + 5, 70ull << 20,
		268 * 1024 + 1, 268 * 1024, 12 * 1024 + 1, 12 * 1024, 100, 0,
	};
	struct ext2_info before;
	struct ext2_stat st;
	struct ext2_fs *fs;
	uint8_t buf[16];
	uint32_t ino;
	size_t i;

	mkfs("-b 1024", "16M", false);
	fs = mount_rw();
	ino = create(fs, "sparse");
	before = info_of(fs);
	for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++)
		cr_assert_eq(ext2_write(fs, ino, offs[i], "0123456789", 10),
			     10);
	cr_assert_eq(ext2_stat_ino(fs, ino, &st), 0);
	cr_assert_eq(st.size, (5ull << 30) + 10);
	for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		cr_assert_eq(ext2_read(fs, ino, offs[i], buf, 10), 10);
		cr_assert(!memcmp(buf, "0123456789", 10), "at %llu",
			  (unsigned long long)offs[i]);
	}
	cr_assert_eq(ext2_read(fs, ino, 3ull << 30, buf, 16), 16);
	cr_assert_eq(buf[0] | buf[15], 0);
	fsck_clean();
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		cr_assert_eq(ext2_truncate(fs, ino, sizes[i]), 0);
		cr_assert_eq(ext2_stat_ino(fs, ino, &st), 0);
		cr_assert_eq(st.size, sizes[i]);
		fsck_clean();
	}
	cr_assert_eq(st.blocks, 0);
	cr_assert_eq(info_of(fs).free_blocks, before.free_blocks);
	cr_assert_eq(ext2_close(fs, ino), 0);
	umount_ok(fs);
	fsck_clean();
}

/* The block-map limit and the 2 GiB limit without large_file. */
Test(ext2_write, size_limits)
{
	struct ext2_fs *fs;
	uint64_t max;
	uint32_t ino;

	mkfs("-b 1024", "8M", false);
	fs = mount_rw();
	max = info_of(fs).max_file_size;
	cr_assert_eq(max, (12ull + 256 + 65536 + 16777216) * 1024);
	ino = create(fs, "huge");
	cr_assert_eq(ext2_write(fs, ino, max - 1, "x", 1), 1);
	cr_assert_eq(ext2_write(fs, ino, max, "x", 1), E_INVAL);
	cr_assert_eq(ext2_write(fs, ino, max - 2, "abc", 3), 2);
	cr_assert_eq(ext2_truncate(fs, ino, max + 1), E_INVAL);
	cr_assert_eq(ext2_close(fs, ino), 0);
	umount_ok(fs);
	fsck_clean();

	mkfs("-b 1024 -O ^large_file", "8M", false);
	fs = mount_rw();
	ino = create(fs, "f");
	cr_assert_eq(ext2_write(fs, ino, 0x7FFFFFFEull, "abc", 3), 1);
	cr_assert_eq(ext2_write(fs, ino, 0x7FFFFFFFull, "abc", 3), E_INVAL);
	cr_assert_eq(ext2_close(fs, ino), 0);
	umount_ok(fs);
	fsck_clean();
}

/* Directory growth across blocks and into the indirect block. */
Test(ext2_write, many_files)
{
	struct ext2_stat st, st2;
	struct ext2_fs *fs;
	struct listing *l;
	char name[64];
	uint32_t ino;
	int i;

	mkfs("-b 1024 -N 4096", "8M", false);
	fs = mount_rw();
	cr_assert_eq(ext2_mkdir(fs, "many"), 0);
	for (i = 0; i < 600; i++) {
		snprintf(name, sizeof(name), "many/file-with-a-longer-name-%04d",
			 i);
		ino = create(fs, name);
		cr_assert_eq(ext2_write(fs, ino, 0, name, strlen(name)),
			     (int64_t)strlen(name));
		cr_assert_eq(ext2_close(fs, ino), 0);
	}
	cr_assert_eq(ext2_stat(fs, "many", &st), 0);
	cr_assert_gt(st.size, 12 * 1024, "directory of %llu bytes",
		     (unsigned long long)st.size);
	l = list(fs, "many");
	cr_assert_eq(l->n, 600);
	free(l);
	for (i = 0; i < 600; i += 97) {
		snprintf(name, sizeof(name), "many/file-with-a-longer-name-%04d",
			 i);
		expect_content(fs, name, name, strlen(name));
	}
	fsck_clean();
	for (i = 0; i < 600; i += 2) {
		snprintf(name, sizeof(name), "many/file-with-a-longer-name-%04d",
			 i);
		cr_assert_eq(ext2_unlink(fs, name), 0, "%s", name);
	}
	fsck_clean();
	/* Freed room is reused: the directory does not grow. */
	for (i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "many/new-file-with-a-name-%04d",
			 i);
		ino = create(fs, name);
		cr_assert_eq(ext2_close(fs, ino), 0);
	}
	cr_assert_eq(ext2_stat(fs, "many", &st2), 0);
	cr_assert_eq(st2.size, st.size);
	l = list(fs, "many");
	cr_assert_eq(l->n, 600);
	free(l);
	umount_ok(fs);
	fsck_clean();
}

Test(ext2_write, namespace_errors)
{
	char longname[300];
	struct ext2_fs *fs;
	uint32_t ino;

	mkfs("", "4M", false);
	fs = mount_rw();
	cr_assert_eq(ext2_mkdir(fs, "d"), 0);
	cr_assert_eq(ext2_mkdir(fs, "d/sub"), 0);
	write_file(fs, "d/f", "data", 4);

	cr_assert_eq(ext2_mkdir(fs, "d"), E_EXIST);
	cr_assert_eq(ext2_mkdir(fs, "d/f"), E_EXIST);
	cr_assert_eq(ext2_mkdir(fs, ""), E_EXIST);
	cr_assert_eq(ext2_mkdir(fs, "/"), E_EXIST);
	cr_assert_eq(ext2_mkdir(fs, "x/y"), E_NOENT);
	cr_assert_eq(ext2_mkdir(fs, "d/f/y"), E_NOTDIR);
	cr_assert_eq(ext2_mkdir(fs, "d/."), E_INVAL);
	cr_assert_eq(ext2_mkdir(fs, "d/.."), E_INVAL);
	memset(longname, 'n', sizeof(longname));
	longname[256] = '\0';
	cr_assert_eq(ext2_mkdir(fs, longname), E_INVAL);
	cr_assert_eq(ext2_open(fs, longname, EXT2_O_CREATE, &ino), E_INVAL);
	longname[255] = '\0';
	cr_assert_eq(ext2_mkdir(fs, longname), 0);
	cr_assert_eq(ext2_rmdir(fs, longname), 0);
	cr_assert_eq(ext2_open(fs, "d/f", EXT2_O_CREATE | EXT2_O_EXCL, &ino),
		     E_EXIST);
	cr_assert_eq(ext2_open(fs, "d", EXT2_O_CREATE, &ino), E_ISDIR);
	cr_assert_eq(ext2_open(fs, "d/f", 0x80, &ino), E_INVAL);

	cr_assert_eq(ext2_unlink(fs, "d"), E_ISDIR);
	cr_assert_eq(ext2_unlink(fs, ""), E_ISDIR);
	cr_assert_eq(ext2_unlink(fs, "d/nope"), E_NOENT);
	cr_assert_eq(ext2_rmdir(fs, "d/f"), E_NOTDIR);
	cr_assert_eq(ext2_rmdir(fs, "d"), E_NOTEMPTY);
	cr_assert_eq(ext2_rmdir(fs, ""), E_BUSY);
	cr_assert_eq(ext2_rmdir(fs, "d/sub/.."), E_INVAL);
	cr_assert_eq(ext2_rmdir(fs, "d/sub/."), E_INVAL);
	cr_assert_eq(ext2_rmdir(fs, "nope"), E_NOENT);

	cr_assert_eq(ext2_rename(fs, "d", "d/sub/x"), E_INVAL);
	cr_assert_eq(ext2_rename(fs, "d", "d/x"), E_INVAL);
	cr_assert_eq(ext2_rename(fs, "d/f", "d/sub"), E_EXIST);
	cr_assert_eq(ext2_rename(fs, "d/f", "d/f"), E_EXIST);
	cr_assert_eq(ext2_rename(fs, "d/f", ""), E_EXIST);
	cr_assert_eq(ext2_rename(fs, "", "x"), E_BUSY);
	cr_assert_eq(ext2_rename(fs, "nope", "x"), E_NOENT);
	cr_assert_eq(ext2_rename(fs, "d/f", "nope/x"), E_NOENT);
	cr_assert_eq(ext2_rename(fs, "d/f", "d/f/x"), E_NOTDIR);
	cr_assert_eq(ext2_rename(fs, "d/f", "d/.."), E_INVAL);
	cr_assert_eq(ext2_rename(fs, "d/f", "d/bad\xff"), E_INVAL);
	cr_assert_eq(ext2_mkdir(fs, "caf\xc3\xa9"), 0);
	cr_assert_eq(ext2_rmdir(fs, "caf\xc3\xa9"), 0);

	/* Trailing and repeated slashes are fine. */
	cr_assert_eq(ext2_mkdir(fs, "//d//t//"), 0);
	cr_assert_eq(ext2_rmdir(fs, "d/t/"), 0);
	cr_assert_eq(ext2_unlink(fs, "/d/f"), 0);
	cr_assert_eq(ext2_rmdir(fs, "d/sub"), 0);
	cr_assert_eq(ext2_rmdir(fs, "d"), 0);
	umount_ok(fs);
	fsck_clean();
}

Test(ext2_write, rename_semantics)
{
	struct ext2_stat st;
	struct ext2_fs *fs;
	uint32_t ino, a, b, x;

	mkfs("-b 1024", "8M", false);
	fs = mount_rw();
	cr_assert_eq(ext2_mkdir(fs, "a"), 0);
	cr_assert_eq(ext2_mkdir(fs, "b"), 0);
	cr_assert_eq(ext2_mkdir(fs, "a/x"), 0);
	cr_assert_eq(ext2_mkdir(fs, "a/x/y"), 0);
	write_file(fs, "a/x/y/f", "content", 7);
	write_file(fs, "a/file", "abc", 3);

	/* A file, within one directory and across. */
	cr_assert_eq(ext2_rename(fs, "a/file", "a/file2"), 0);
	cr_assert_eq(ext2_lookup(fs, "a/file", &ino), E_NOENT);
	cr_assert_eq(ext2_rename(fs, "a/file2", "b/moved"), 0);
	expect_content(fs, "b/moved", "abc", 3);

	/* A directory to another parent: "..", link counts. */
	cr_assert_eq(ext2_lookup(fs, "a", &a), 0);
	cr_assert_eq(ext2_lookup(fs, "b", &b), 0);
	cr_assert_eq(ext2_lookup(fs, "a/x", &x), 0);
	cr_assert_eq(ext2_rename(fs, "a/x", "b/x2"), 0);
	cr_assert_eq(ext2_lookup(fs, "b/x2/..", &ino), 0);
	cr_assert_eq(ino, b);
	cr_assert_eq(ext2_lookup(fs, "b/x2", &ino), 0);
	cr_assert_eq(ino, x);
	cr_assert_eq(ext2_stat(fs, "a", &st), 0);
	cr_assert_eq(st.links, 2);
	cr_assert_eq(ext2_stat(fs, "b", &st), 0);
	cr_assert_eq(st.links, 3);
	expect_content(fs, "b/x2/y/f", "content", 7);
	/* Up to the root and within one parent. */
	cr_assert_eq(ext2_rename(fs, "b/x2/y", "y"), 0);
	cr_assert_eq(ext2_rename(fs, "y", "y2"), 0);
	cr_assert_eq(ext2_lookup(fs, "y2/..", &ino), 0);
	cr_assert_eq(ino, EXT2_ROOT_INO);
	cr_assert_eq(ext2_stat(fs, "", &st), 0);
	cr_assert_eq(st.links, 6);	/* ., .., lost+found, a, b, y2 */
	umount_ok(fs);
	fsck_clean();
	expect_debugfs("/y2/f", "content", 7);
	expect_debugfs("/b/moved", "abc", 3);
}

/* Out of blocks: partial writes, NO_SPACE, and nothing half-allocated. */
Test(ext2_write, full_filesystem_blocks)
{
	static uint8_t data[1 << 20];
	struct ext2_info before, full;
	struct ext2_fs *fs;
	char name[32];
	int64_t n;
	uint32_t ino;
	int i, ret;

	fill_random(data, sizeof(data), 9);
	mkfs("-b 1024 -N 64", "512K", false);
	fs = mount_rw();
	before = info_of(fs);
	ino = create(fs, "fill");
	n = ext2_write(fs, ino, 0, data, sizeof(data));
	cr_assert_gt(n, 100 * 1024);
	cr_assert_lt(n, (int64_t)sizeof(data));
	cr_assert_eq(info_of(fs).free_blocks, 0);
	cr_assert_eq(ext2_write(fs, ino, (uint64_t)n, data, 100), E_NOSPC);
	/* A write into a hole far away needs indirect blocks: none. */
	cr_assert_eq(ext2_write(fs, ino, 50ull << 20, data, 100), E_NOSPC);
	/* Overwriting allocated blocks still works. */
	cr_assert_eq(ext2_write(fs, ino, 10, "overwrite", 9), 9);
	memcpy(data + 10, "overwrite", 9);
	cr_assert_eq(ext2_close(fs, ino), 0);
	expect_content(fs, "fill", data, (size_t)n);
	fsck_clean();

	/* mkdir needs a block; directories cannot grow. */
	cr_assert_eq(ext2_mkdir(fs, "nodir"), E_NOSPC);
	for (i = 0;; i++) {
		snprintf(name, sizeof(name), "name-%02d", i);
		ret = ext2_open(fs, name, EXT2_O_CREATE, &ino);
		if (ret)
			break;
		cr_assert_eq(ext2_close(fs, ino), 0);
	}
	cr_assert_eq(ret, E_NOSPC);
	full = info_of(fs);
	fsck_clean();
	umount_ok(fs);
	fsck_clean();
	expect_debugfs("/fill", data, (size_t)n);

	/* Everything comes back. */
	fs = mount_rw();
	cr_assert_eq(ext2_unlink(fs, "fill"), 0);
	for (i = 0; i < 64; i++) {
		snprintf(name, sizeof(name), "name-%02d", i);
		ext2_unlink(fs, name);
	}
	cr_assert_eq(info_of(fs).free_inodes, before.free_inodes);
	cr_assert_eq(info_of(fs).free_blocks, before.free_blocks);
	cr_assert_lt(full.free_inodes, before.free_inodes);
	umount_ok(fs);
	fsck_clean();
}

Test(ext2_write, full_filesystem_inodes)
{
	struct ext2_info before;
	struct ext2_fs *fs;
	char name[32];
	uint32_t ino, made = 0;
	int ret;

	mkfs("-b 1024 -N 32", "4M", false);
	fs = mount_rw();
	before = info_of(fs);
	cr_assert_eq(ext2_mkdir(fs, "d"), 0);
	for (;;) {
		snprintf(name, sizeof(name), "d/f%u", made);
		ret = ext2_open(fs, name, EXT2_O_CREATE, &ino);
		if (ret)
			break;
		cr_assert_eq(ext2_close(fs, ino), 0);
		made++;
	}
	cr_assert_eq(ret, E_NOSPC);
	cr_assert_eq(made + 1, before.free_inodes);
	cr_assert_eq(ext2_mkdir(fs, "e"), E_NOSPC);
	cr_assert_eq(info_of(fs).free_inodes, 0);
	umount_ok(fs);
	fsck_clean();
}

static uint64_t image_sum(void)
{
	uint8_t buf[65536];
	uint64_t h = 1469598103934665603ull;
	int fd = open(t_img, O_RDONLY);
	ssize_t n, i;

	cr_assert_geq(fd, 0);
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i++)
			h = (h ^ buf[i]) * 1099511628211ull;
	}
	close(fd);
	return h;
}

Test(ext2_write, read_only_refuses)
{
	struct ext2_fs *fs;
	uint64_t sum;
	uint32_t ino;
	uint8_t state[2], ro[4];

	tree_dir("d");
	tree_file("f", "0123456789", 10);
	mkfs("", "4M", true);
	sum = image_sum();
	fs = mount_opts(&t_opts_ro);
	cr_assert(info_of(fs).rdonly);
	cr_assert_eq(ext2_open(fs, "new", EXT2_O_CREATE, &ino), E_ROFS);
	cr_assert_eq(ext2_open(fs, "f", EXT2_O_TRUNC, &ino), E_ROFS);
	cr_assert_eq(ext2_open(fs, "f", 0, &ino), 0);
	cr_assert_eq(ext2_write(fs, ino, 0, "x", 1), E_ROFS);
	cr_assert_eq(ext2_truncate(fs, ino, 0), E_ROFS);
	cr_assert_eq(ext2_close(fs, ino), 0);
	cr_assert_eq(ext2_mkdir(fs, "e"), E_ROFS);
	cr_assert_eq(ext2_unlink(fs, "f"), E_ROFS);
	cr_assert_eq(ext2_rmdir(fs, "d"), E_ROFS);
	cr_assert_eq(ext2_rename(fs, "f", "g"), E_ROFS);
	cr_assert_eq(ext2_sync(fs), 0);
	expect_content(fs, "f", "0123456789", 10);
	umount_ok(fs);
	cr_assert_eq(t_dev.writes, 0);
	cr_assert_eq(image_sum(), sum);

	/* s_state ERROR forces read-only, so does an unknown ro_compat bit. */
	peek(1024 + 58, state, 2);
	poke16(1024 + 58, (uint16_t)(state[0] | 2));
	fs = mount_opts(&t_opts_rw);
	cr_assert(info_of(fs).rdonly);
	cr_assert_eq(ext2_mkdir(fs, "e"), E_ROFS);
	umount_ok(fs);
	poke(1024 + 58, state, 2);
	peek(1024 + 100, ro, 4);
	poke32(1024 + 100, peek32(1024 + 100) | 0x4000);
	fs = mount_opts(&t_opts_rw);
	cr_assert(info_of(fs).rdonly);
	cr_assert_eq(ext2_mkdir(fs, "e"), E_ROFS);
	umount_ok(fs);
	poke(1024 + 100, ro, 4);
	cr_assert_eq(image_sum(), sum);
}

/* An unlinked inode lives until its last close (fs.md 10.3). */
Test(ext2_write, open_unlinked)
{
	static uint8_t data[20000];
	struct ext2_info before;
	struct ext2_fs *fs;
	uint8_t buf[100];
	uint32_t ino, ino2;

	fill_random(data, sizeof(data), 3);
	mkfs("-b 1024", "4M", false);
	fs = mount_rw();
	before = info_of(fs);
	write_file(fs, "f", data, sizeof(data));
	cr_assert_eq(ext2_open(fs, "f", 0, &ino), 0);
	cr_assert_eq(ext2_open(fs, "f", 0, &ino2), 0);
	cr_assert_eq(ext2_unlink(fs, "f"), 0);
	cr_assert_eq(ext2_lookup(fs, "f", &ino2), E_NOENT);
	cr_assert_eq(ext2_read(fs, ino, 100, buf, 100), 100);
	cr_assert(!memcmp(buf, data + 100, 100));
	cr_assert_eq(ext2_write(fs, ino, 30000, "tail", 4), 4);
	cr_assert_eq(ext2_close(fs, ino), 0);
	cr_assert_eq(ext2_read(fs, ino, 100, buf, 100), 100);
	cr_assert_lt(info_of(fs).free_blocks, before.free_blocks);
	cr_assert_eq(ext2_close(fs, ino), 0);
	cr_assert_eq(info_of(fs).free_blocks, before.free_blocks);
	cr_assert_eq(info_of(fs).free_inodes, before.free_inodes);
	cr_assert_eq(ext2_read(fs, ino, 0, buf, 100), E_NOENT);
	fsck_clean();

	/* Unmount releases what is still open. */
	write_file(fs, "g", data, sizeof(data));
	cr_assert_eq(ext2_open(fs, "g", 0, &ino), 0);
	cr_assert_eq(ext2_unlink(fs, "g"), 0);
	umount_ok(fs);
	fsck_clean();
	fs = mount_rw();
	cr_assert_eq(info_of(fs).free_blocks, before.free_blocks);
	cr_assert_eq(info_of(fs).free_inodes, before.free_inodes);
	umount_ok(fs);
}

/* Shrinking zeroes the tail on disk; growing and seeking leave holes. */
Test(ext2_write, truncate_and_holes)
{
	uint8_t buf[4000], want[4000], ff[3000];
	struct ext2_stat st;
	struct ext2_fs *fs;
	uint32_t ino;

	mkfs("-b 1024", "4M", false);
	fs = mount_rw();
	ino = create(fs, "t");
	memset(ff, 0xAA, sizeof(ff));
	cr_assert_eq(ext2_write(fs, ino, 0, ff, 3000), 3000);
	cr_assert_eq(ext2_truncate(fs, ino, 1000), 0);
	cr_assert_eq(ext2_truncate(fs, ino, 3000), 0);
	memset(want, 0, sizeof(want));
	memset(want, 0xAA, 1000);
	cr_assert_eq(ext2_read(fs, ino, 0, buf, sizeof(buf)), 3000);
	cr_assert(!memcmp(buf, want, 3000));
	/* Writing past the end: the gap reads as zeros. */
	cr_assert_eq(ext2_truncate(fs, ino, 500), 0);
	cr_assert_eq(ext2_write(fs, ino, 800, "end", 3), 3);
	memset(want + 500, 0, 500);
	memcpy(want + 800, "end", 3);
	cr_assert_eq(ext2_read(fs, ino, 0, buf, sizeof(buf)), 803);
	cr_assert(!memcmp(buf, want, 803));
	cr_assert_eq(ext2_write(fs, ino, 50 * 1024, "far", 3), 3);
	cr_assert_eq(ext2_stat_ino(fs, ino, &st), 0);
	cr_assert_eq(st.size, 50 * 1024 + 3);
	cr_assert_eq(st.blocks, 2 * 2 + 2, "blocks %llu",
		     (unsigned long long)st.blocks);	/* 2 data, 1 ind */
	cr_assert_eq(ext2_close(fs, ino), 0);
	umount_ok(fs);
	fsck_clean();
	{
		static uint8_t full[50 * 1024 + 3];

		memcpy(full, want, 803);
		memcpy(full + 50 * 1024, "far", 3);
		expect_debugfs("/t", full, sizeof(full));
	}
}

/* Extended-attribute blocks are released with their inode (fs.md 10.8). */
Test(ext2_write, xattr_block_released)
{
	char cmds[512], val[256];
	struct ext2_info before;
	struct ext2_fs *fs;
	static char big[500];

	tree_file("f", "x", 1);
	tree_file("g", "y", 1);
	mkfs("-b 1024", "4M", true);
	memset(big, 'v', sizeof(big));
	snprintf(val, sizeof(val), "%s/val", t_dir);
	{
		FILE *f = fopen(val, "w");

		fwrite(big, 1, sizeof(big), f);
		fclose(f);
	}
	fs = mount_rw();
	before = info_of(fs);
	umount_ok(fs);
	snprintf(cmds, sizeof(cmds), "ea_set -f %s f user.big\n"
		 "ea_set -f %s g user.big\n", val, val);
	debugfs_w(cmds);
	fsck_clean();
	fs = mount_rw();
	cr_assert_lt(info_of(fs).free_blocks, before.free_blocks);
	cr_assert_eq(ext2_unlink(fs, "f"), 0);
	cr_assert_eq(ext2_unlink(fs, "g"), 0);
	cr_assert_eq(info_of(fs).free_blocks, before.free_blocks + 2);
	umount_ok(fs);
	fsck_clean();
}

/* Changing a hashed directory turns it into a linear one. */
Test(ext2_write, indexed_directory)
{
	char name[80], out[4096];
	struct ext2_fs *fs;
	struct listing *l;
	int i;

	tree_dir("big");
	for (i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "big/entry-with-a-long-name-%04d",
			 i);
		tree_file(name, "", 0);
	}
	mkfs("-b 1024", "8M", true);
	run("%s -fyD '%s' >/dev/null 2>&1", t_e2fsck, t_img);
	fs = mount_rw();
	for (i = 0; i < 300; i += 3) {
		snprintf(name, sizeof(name), "big/entry-with-a-long-name-%04d",
			 i);
		cr_assert_eq(ext2_unlink(fs, name), 0);
	}
	for (i = 0; i < 50; i++) {
		uint32_t ino;

		snprintf(name, sizeof(name), "big/added-%d", i);
		ino = create(fs, name);
		cr_assert_eq(ext2_close(fs, ino), 0);
	}
	cr_assert_eq(ext2_mkdir(fs, "big/sub"), 0);
	l = list(fs, "big");
	cr_assert_eq(l->n, 300 - 100 + 50 + 1);
	free(l);
	umount_ok(fs);
	fsck_clean();
	run_capture(out, sizeof(out), "%s -R 'stat /big' '%s' 2>&1",
		    t_debugfs, t_img);
	cr_assert_null(strstr(out, "Flags: 0x1000"), "still indexed");
}

/*
 * s_state: a read-write mount marks the file system not clean on the disk
 * until it is unmounted; one that was not clean stays so; a read-only
 * mount leaves it alone.
 */
Test(ext2_write, clean_state)
{
	struct ext2_fs *fs;
	uint32_t ino;

	mkfs("", "4M", false);
	cr_assert_eq(peek32(1024 + 56) >> 16, 1, "mke2fs: clean");
	fs = mount_rw();
	cr_assert_eq(peek32(1024 + 56) >> 16, 0, "mounted: not clean");
	cr_assert_eq(ext2_open(fs, "f", EXT2_O_CREATE, &ino), 0);
	cr_assert_eq(ext2_close(fs, ino), 0);
	cr_assert_eq(ext2_sync(fs), 0);
	cr_assert_eq(peek32(1024 + 56) >> 16, 0, "synced: still not clean");
	umount_ok(fs);
	cr_assert_eq(peek32(1024 + 56) >> 16, 1, "unmounted: clean");
	fsck_clean();

	/* A file system left mounted (a crash) stays not clean. */
	poke16(1024 + 58, 0);
	fs = mount_rw();
	umount_ok(fs);
	cr_assert_eq(peek32(1024 + 56) >> 16, 0, "was not clean");
	fs = mount_opts(&t_opts_ro);
	umount_ok(fs);
	cr_assert_eq(t_dev.writes, 0);
	cr_assert_eq(peek32(1024 + 56) >> 16, 0, "read-only: untouched");
}

/* Symbolic links (fast and slow), FIFOs and devices can be unlinked. */
Test(ext2_write, unlink_special_files)
{
	struct ext2_info before;
	struct ext2_fs *fs;

	mkfs("-b 1024", "4M", false);
	fs = mount_rw();
	before = info_of(fs);
	umount_ok(fs);
	debugfs_w("symlink fast /x\nsymlink slow /aaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaaaaaaaaaaa\nmknod fifo p\nmknod blk b 8 1\n");
	fsck_clean();
	fs = mount_rw();
	cr_assert_eq(ext2_rename(fs, "slow", "slow2"), 0);
	cr_assert_eq(ext2_unlink(fs, "fast"), 0);
	cr_assert_eq(ext2_unlink(fs, "slow2"), 0);
	cr_assert_eq(ext2_unlink(fs, "fifo"), 0);
	cr_assert_eq(ext2_unlink(fs, "blk"), 0);
	cr_assert_eq(info_of(fs).free_blocks, before.free_blocks);
	cr_assert_eq(info_of(fs).free_inodes, before.free_inodes);
	umount_ok(fs);
	fsck_clean();
}

/* ---------------------------------------------------------------- model */

#define MAXN 160

struct mnode {
	bool used, dir;
	char path[200];
	uint8_t *data;
	size_t size;
};

static struct mnode M[MAXN];		/* M[0] is the root */
static uint64_t rng;

static uint32_t rnd(uint32_t n)
{
	rng = rng * 6364136223846793005ull + 1442695040888963407ull;
	return n ? (uint32_t)((rng >> 33) % n) : 0;
}

static int pick(bool dir, bool allow_root)
{
	int tries, i;

	for (tries = 0; tries < 50; tries++) {
		i = (int)rnd(MAXN);
		if (M[i].used && M[i].dir == dir && (i || allow_root))
			return i;
	}
	return allow_root && dir ? 0 : -1;
}

static int free_slot(void)
{
	int i;

	for (i = 1; i < MAXN; i++) {
		if (!M[i].used)
			return i;
	}
	return -1;
}

static void child_path(char *out, int parent, const char *name)
{
	if (parent)
		snprintf(out, 200, "%s/%s", M[parent].path, name);
	else
		snprintf(out, 200, "%s", name);
}

static bool under(const char *path, const char *dir)
{
	size_t l = strlen(dir);

	return !strncmp(path, dir, l) && (path[l] == '/' || !path[l]);
}

static int children(int d)
{
	int i, n = 0;
	size_t l = strlen(M[d].path);

	for (i = 1; i < MAXN; i++) {
		const char *p = M[i].path;

		if (!M[i].used || i == d)
			continue;
		if (d == 0 ? !strchr(p, '/') :
		    (under(p, M[d].path) && !strchr(p + l + 1, '/')))
			n++;
	}
	return n;
}

static void model_check(struct ext2_fs *fs, bool with_debugfs)
{
	struct listing *l;
	int i;

	for (i = 0; i < MAXN; i++) {
		if (!M[i].used)
			continue;
		if (M[i].dir) {
			l = list(fs, M[i].path);
			cr_assert_eq(l->n, children(i) + (i ? 0 : 1),
				     "dir '%s': %d entries, model %d",
				     M[i].path, l->n, children(i));
			free(l);
		} else {
			expect_content(fs, M[i].path, M[i].data, M[i].size);
		}
	}
	(void)with_debugfs;
}

static void model_debugfs(void)
{
	char p[210];
	int i;

	for (i = 0; i < MAXN; i++) {
		if (M[i].used && !M[i].dir && rnd(3) == 0) {
			snprintf(p, sizeof(p), "/%s", M[i].path);
			expect_debugfs(p, M[i].data, M[i].size);
		}
	}
}

static void model_step(struct ext2_fs *fs, uint32_t *counter)
{
	char path[200], name[32];
	uint32_t op = rnd(100), ino;
	int d, f, s, i;

	if (op < 20) {				/* create */
		d = pick(true, true);
		s = free_slot();
		if (s < 0)
			return;
		snprintf(name, sizeof(name), "f%u", (*counter)++);
		child_path(path, d, name);
		cr_assert_eq(ext2_open(fs, path, EXT2_O_CREATE | EXT2_O_EXCL,
				       &ino), 0, "create %s", path);
		cr_assert_eq(ext2_close(fs, ino), 0);
		M[s] = (struct mnode){ .used = true };
		snprintf(M[s].path, sizeof(M[s].path), "%s", path);
	} else if (op < 50) {			/* write */
		uint64_t pos, len;
		uint8_t *buf;

		f = pick(false, false);
		if (f < 0)
			return;
		pos = rnd((uint32_t)M[f].size + 6000);
		len = rnd(8) ? rnd(5000) : rnd(70000);
		buf = malloc(len + 1);
		fill_random(buf, len, rng);
		cr_assert_eq(ext2_open(fs, M[f].path, 0, &ino), 0);
		cr_assert_eq(ext2_write(fs, ino, pos, buf, len),
			     (int64_t)len);
		cr_assert_eq(ext2_close(fs, ino), 0);
		if (len && pos + len > M[f].size) {
			M[f].data = realloc(M[f].data, pos + len);
			if (pos > M[f].size)
				memset(M[f].data + M[f].size, 0,
				       pos - M[f].size);
			M[f].size = pos + len;
		}
		if (len)
			memcpy(M[f].data + pos, buf, len);
		free(buf);
	} else if (op < 60) {			/* truncate */
		uint64_t size;

		f = pick(false, false);
		if (f < 0)
			return;
		size = rnd((uint32_t)M[f].size * 2 + 3000);
		cr_assert_eq(ext2_open(fs, M[f].path, 0, &ino), 0);
		cr_assert_eq(ext2_truncate(fs, ino, size), 0);
		cr_assert_eq(ext2_close(fs, ino), 0);
		if (size > M[f].size) {
			M[f].data = realloc(M[f].data, size);
			memset(M[f].data + M[f].size, 0, size - M[f].size);
		}
		M[f].size = size;
	} else if (op < 70) {			/* unlink */
		f = pick(false, false);
		if (f < 0)
			return;
		cr_assert_eq(ext2_unlink(fs, M[f].path), 0, "unlink %s",
			     M[f].path);
		free(M[f].data);
		M[f] = (struct mnode){ 0 };
	} else if (op < 80) {			/* mkdir */
		d = pick(true, true);
		s = free_slot();
		if (s < 0)
			return;
		snprintf(name, sizeof(name), "d%u", (*counter)++);
		child_path(path, d, name);
		cr_assert_eq(ext2_mkdir(fs, path), 0, "mkdir %s", path);
		M[s] = (struct mnode){ .used = true, .dir = true };
		snprintf(M[s].path, sizeof(M[s].path), "%s", path);
	} else if (op < 87) {			/* rmdir */
		d = pick(true, false);
		if (d < 0)
			return;
		if (children(d)) {
			cr_assert_eq(ext2_rmdir(fs, M[d].path), E_NOTEMPTY);
			return;
		}
		cr_assert_eq(ext2_rmdir(fs, M[d].path), 0, "rmdir %s",
			     M[d].path);
		M[d] = (struct mnode){ 0 };
	} else {				/* rename */
		char old[200];
		size_t ol;

		f = pick(rnd(3) == 0, false);
		d = pick(true, true);
		if (f < 0)
			return;
		if (rnd(5) == 0) {
			/* Onto an existing name. */
			s = pick(rnd(2), false);
			if (s >= 0 && s != f) {
				cr_assert_eq(ext2_rename(fs, M[f].path,
							 M[s].path), E_EXIST);
			}
			return;
		}
		snprintf(name, sizeof(name), "r%u", (*counter)++);
		child_path(path, d, name);
		if (M[f].dir && d && under(M[d].path, M[f].path)) {
			cr_assert_eq(ext2_rename(fs, M[f].path, path), E_INVAL,
				     "%s -> %s", M[f].path, path);
			return;
		}
		cr_assert_eq(ext2_rename(fs, M[f].path, path), 0, "%s -> %s",
			     M[f].path, path);
		snprintf(old, sizeof(old), "%s", M[f].path);
		ol = strlen(old);
		for (i = 1; i < MAXN; i++) {
			char np[400];

			if (!M[i].used || !under(M[i].path, old))
				continue;
			snprintf(np, sizeof(np), "%s%s", path,
				 M[i].path + ol);
			cr_assert_lt(strlen(np), 200);
			snprintf(M[i].path, sizeof(M[i].path), "%s", np);
		}
	}
}

static void model_case(const char *opts, uint64_t seed, int steps)
{
	struct ext2_info before;
	struct ext2_fs *fs;
	uint32_t counter = 0;
	int i;

	memset(M, 0, sizeof(M));
	M[0].used = M[0].dir = true;
	rng = seed;
	mkfs(opts, "16M", false);
	fs = mount_rw();
	before = info_of(fs);
	for (i = 0; i < steps; i++) {
		model_step(fs, &counter);
		if (i % 100 == 99)
			fsck_clean();
	}
	model_check(fs, false);
	umount_ok(fs);
	fsck_clean();
	model_debugfs();

	/* Remount, check, then remove everything. */
	fs = mount_rw();
	model_check(fs, false);
	for (i = MAXN - 1; i > 0; i--) {
		if (M[i].used && !M[i].dir)
			cr_assert_eq(ext2_unlink(fs, M[i].path), 0);
	}
	/* Directories deepest first. */
	for (;;) {
		int best = -1;
		size_t depth = 0;

		for (i = 1; i < MAXN; i++) {
			if (M[i].used && M[i].dir && strlen(M[i].path) >= depth) {
				best = i;
				depth = strlen(M[i].path);
			}
		}
		if (best < 0)
			break;
		cr_assert_eq(ext2_rmdir(fs, M[best].path), 0, "rmdir %s",
			     M[best].path);
		M[best].used = false;
	}
	cr_assert_eq(info_of(fs).free_inodes, before.free_inodes);
	umount_ok(fs);
	fsck_clean();
	for (i = 0; i < MAXN; i++)
		free(M[i].data);
	memset(M, 0, sizeof(M));
}

Test(ext2_write, random_ops_1k)
{
	model_case("-b 1024", 1, 500);
}

Test(ext2_write, random_ops_4k)
{
	model_case("-b 4096", 2, 500);
}

Test(ext2_write, random_ops_rev0_nofiletype)
{
	model_case("-r 0 -b 2048", 3, 300);
}

/* Block-granular I/O without redundant requests. */
Test(ext2_write, request_counts)
{
	static uint8_t data[1 << 20], back[1 << 20];
	struct ext2_fs *fs;
	uint64_t w0, r0;
	uint32_t ino;

	fill_random(data, sizeof(data), 11);
	mkfs("-b 1024", "8M", false);
	fs = mount_rw();
	ino = create(fs, "seq");
	w0 = t_dev.writes;
	cr_assert_eq(ext2_write(fs, ino, 0, data, sizeof(data)),
		     (int64_t)sizeof(data));
	/* 1024 data blocks, 5 indirect, bitmap, inode, descriptors, sb. */
	cr_assert_lt(t_dev.writes - w0, 1024 + 16, "%llu writes",
		     (unsigned long long)(t_dev.writes - w0));
	r0 = t_dev.reads;
	cr_assert_eq(ext2_read(fs, ino, 0, back, sizeof(back)),
		     (int64_t)sizeof(back));
	cr_assert(!memcmp(back, data, sizeof(data)));
	/* Contiguous runs of whole blocks are read together. */
	cr_assert_lt(t_dev.reads - r0, 64, "%llu reads",
		     (unsigned long long)(t_dev.reads - r0));
	cr_assert_eq(ext2_close(fs, ino), 0);
	umount_ok(fs);
	fsck_clean();
}
