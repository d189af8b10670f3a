// SPDX-License-Identifier: GPL-2.0
/*
 * lib/ext2.c, reading: images made by mke2fs (-d) and debugfs, read back
 * through a file-backed device (fs.md 7, 8, 12; tests.md ext2_test).
 */
#include "ext2/ext2_util.h"

TestSuite(ext2_read, .init = ext2_setup, .fini = ext2_teardown,
	  .timeout = 60);

static const char hello[] = "Hello from ext2!\n";
static const char nested[] = "Nested file content\n";
static const char deep[] = "Deep file\n";

/* The ext2_test image of tests.md: mkfs.ext2 -F 10M, then debugfs. */
static void make_reference(uint8_t *large)
{
	char cmds[2048];

	fill_random(large, 8192, 42);
	tree_file("../hello.txt", hello, strlen(hello));
	tree_file("../nested.txt", nested, strlen(nested));
	tree_file("../deep.txt", deep, strlen(deep));
	tree_file("../large.bin", large, 8192);
	mkfs("", "10M", false);
	snprintf(cmds, sizeof(cmds),
		 "mkdir subdir\nmkdir a\nmkdir a/b\nmkdir a/b/c\n"
		 "write %s/hello.txt hello.txt\n"
		 "cd subdir\nwrite %s/nested.txt nested.txt\ncd /\n"
		 "write %s/large.bin large.bin\n"
		 "cd a/b/c\nwrite %s/deep.txt deep.txt\n",
		 t_dir, t_dir, t_dir, t_dir);
	debugfs_w(cmds);
}

Test(ext2_read, reference_layout)
{
	uint8_t large[8192], buf[1024];
	struct ext2_info info;
	struct ext2_stat st;
	struct listing *l;
	struct ext2_fs *fs;
	uint32_t ino;
	uint64_t total = 0;
	int64_t n;

	make_reference(large);
	fsck_clean();
	fs = mount_rw();
	ext2_get_info(fs, &info);
	cr_assert_eq(info.block_size, 1024);
	cr_assert_eq(info.inode_size, 256);
	cr_assert_eq(info.rev_level, 1);

	expect_content(fs, "hello.txt", hello, strlen(hello));
	expect_content(fs, "subdir/nested.txt", nested, strlen(nested));
	expect_content(fs, "a/b/c/deep.txt", deep, strlen(deep));
	expect_content(fs, "large.bin", large, sizeof(large));

	/* large.bin in 1024-byte calls until 0: exactly 8192 bytes. */
	cr_assert_eq(ext2_lookup(fs, "large.bin", &ino), 0);
	while ((n = ext2_read(fs, ino, total, buf, sizeof(buf))) > 0) {
		cr_assert(!memcmp(buf, large + total, (size_t)n));
		total += (uint64_t)n;
	}
	cr_assert_eq(n, 0);
	cr_assert_eq(total, 8192);

	/* Stat. */
	cr_assert_eq(ext2_stat(fs, "hello.txt", &st), 0);
	cr_assert_eq(st.size, 17);
	cr_assert(!st.is_dir);
	cr_assert_eq(st.type, EXT2_TYPE_REG);
	cr_assert_eq(ext2_stat(fs, "a/b", &st), 0);
	cr_assert(st.is_dir);
	cr_assert_eq(ext2_stat(fs, "", &st), 0);
	cr_assert(st.is_dir);
	cr_assert_eq(st.ino, EXT2_ROOT_INO);

	/* Listing: no "." or "..", directories flagged. */
	l = list(fs, "");
	cr_assert_eq(l->n, 5, "root has %d entries", l->n);
	cr_assert(listed(l, "lost+found/"));
	cr_assert(listed(l, "subdir/"));
	cr_assert(listed(l, "a/"));
	cr_assert(listed(l, "hello.txt"));
	cr_assert(listed(l, "large.bin"));
	free(l);
	l = list(fs, "a/b");
	cr_assert_eq(l->n, 1);
	cr_assert(listed(l, "c/"));
	free(l);
	l = list(fs, "a/b/c/");
	cr_assert_eq(l->n, 1);
	cr_assert(listed(l, "deep.txt"));
	free(l);
	umount_ok(fs);
	fsck_clean();
}

Test(ext2_read, paths_and_errors)
{
	uint8_t large[8192], buf[64];
	struct ext2_stat st;
	struct ext2_fs *fs;
	uint32_t ino, ino2;

	make_reference(large);
	fs = mount_opts(&t_opts_ro);

	/* Empty components are skipped; "." and ".." are on-disk names. */
	cr_assert_eq(ext2_lookup(fs, "a/b/c/deep.txt", &ino), 0);
	cr_assert_eq(ext2_lookup(fs, "/a//b///c/deep.txt", &ino2), 0);
	cr_assert_eq(ino, ino2);
	cr_assert_eq(ext2_lookup(fs, "a/./b/../b/c/deep.txt", &ino2), 0);
	cr_assert_eq(ino, ino2);
	cr_assert_eq(ext2_lookup(fs, "..", &ino2), 0);
	cr_assert_eq(ino2, EXT2_ROOT_INO);
	cr_assert_eq(ext2_lookup(fs, "/", &ino2), 0);
	cr_assert_eq(ino2, EXT2_ROOT_INO);

	cr_assert_eq(ext2_lookup(fs, "missing", &ino), E_NOENT);
	cr_assert_eq(ext2_lookup(fs, "a/missing/x", &ino), E_NOENT);
	cr_assert_eq(ext2_lookup(fs, "hello.txt/x", &ino), E_NOTDIR);
	cr_assert_eq(ext2_lookup(fs, "Hello.txt", &ino), E_NOENT);
	cr_assert_eq(ext2_stat(fs, "nope", &st), E_NOENT);
	{
		char longname[300];

		memset(longname, 'x', sizeof(longname) - 1);
		longname[sizeof(longname) - 1] = '\0';
		cr_assert_eq(ext2_lookup(fs, longname, &ino), E_NOENT);
	}
	cr_assert_eq(ext2_readdir(fs, "hello.txt", list_cb, NULL), E_NOTDIR);
	cr_assert_eq(ext2_readdir(fs, "nope", list_cb, NULL), E_NOENT);

	/* Reading. */
	cr_assert_eq(ext2_lookup(fs, "a", &ino), 0);
	cr_assert_eq(ext2_read(fs, ino, 0, buf, sizeof(buf)), E_ISDIR);
	cr_assert_eq(ext2_open(fs, "a", 0, &ino), E_ISDIR);
	cr_assert_eq(ext2_open(fs, "nope", 0, &ino), E_NOENT);
	cr_assert_eq(ext2_lookup(fs, "hello.txt", &ino), 0);
	cr_assert_eq(ext2_read(fs, ino, 17, buf, sizeof(buf)), 0);
	cr_assert_eq(ext2_read(fs, ino, 1000000, buf, sizeof(buf)), 0);
	cr_assert_eq(ext2_read(fs, ino, 6, buf, 4), 4);
	cr_assert(!memcmp(buf, "from", 4));
	cr_assert_eq(ext2_read(fs, ino, 10, buf, 64), 7);
	cr_assert(!memcmp(buf, hello + 10, 7));
	cr_assert_eq(ext2_read(fs, 0, 0, buf, 1), E_IO);
	cr_assert_eq(ext2_read(fs, 0xFFFFFFFF, 0, buf, 1), E_IO);

	/* Open/close pins. */
	cr_assert_eq(ext2_open(fs, "hello.txt", 0, &ino), 0);
	cr_assert_eq(ext2_open(fs, "hello.txt", 0, &ino2), 0);
	cr_assert_eq(ino, ino2);
	cr_assert_eq(ext2_close(fs, ino), 0);
	cr_assert_eq(ext2_close(fs, ino), 0);
	cr_assert_eq(ext2_close(fs, ino), E_INVAL);
	umount_ok(fs);
}

/* Unaligned reads of every size class against the source data. */
static void check_reads(struct ext2_fs *fs, const char *path,
			const uint8_t *data, size_t len, uint64_t seed)
{
	uint8_t *buf = malloc(len + 64);
	uint64_t x = seed;
	uint32_t ino;
	int i;

	cr_assert_eq(ext2_lookup(fs, path, &ino), 0, "%s", path);
	cr_assert_eq(ext2_read(fs, ino, 0, buf, len + 64), (int64_t)len);
	cr_assert(!memcmp(buf, data, len), "%s differs", path);
	for (i = 0; i < 200; i++) {
		uint64_t pos, n, want;

		x = x * 6364136223846793005ull + 1442695040888963407ull;
		pos = (x >> 33) % (len + 1);
		x = x * 6364136223846793005ull + 1442695040888963407ull;
		n = (x >> 33) % 9000;
		want = pos + n > len ? len - pos : n;
		cr_assert_eq(ext2_read(fs, ino, pos, buf, n), (int64_t)want);
		cr_assert(!memcmp(buf, data + pos, want),
			  "%s differs at %llu+%llu", path,
			  (unsigned long long)pos, (unsigned long long)n);
	}
	free(buf);
}

static void block_size_case(const char *opts, uint32_t bs)
{
	/* 1 KiB blocks: 300 KiB needs the double indirect block. */
	size_t sizes[] = { 0, 1, 1023, 1024, 1025, 12 * 1024, 13 * 1024,
			   300 * 1024, 1100 * 1024 };
	char name[64];
	struct ext2_info info;
	struct ext2_fs *fs;
	struct listing *l;
	uint8_t *data[9];
	size_t i;

	tree_dir("d1");
	tree_dir("d1/d2");
	for (i = 0; i < 9; i++) {
		data[i] = malloc(sizes[i] + 1);
		fill_random(data[i], sizes[i], i + 7);
		snprintf(name, sizeof(name), "d1/f%zu", i);
		tree_file(name, data[i], sizes[i]);
	}
	mkfs(opts, "8M", true);
	fs = mount_opts(&t_opts_ro);
	ext2_get_info(fs, &info);
	cr_assert_eq(info.block_size, bs);
	cr_assert(info.rdonly);
	for (i = 0; i < 9; i++) {
		snprintf(name, sizeof(name), "d1/f%zu", i);
		check_reads(fs, name, data[i], sizes[i], i);
		free(data[i]);
	}
	l = list(fs, "d1");
	cr_assert_eq(l->n, 10);
	cr_assert(listed(l, "d2/"));
	cr_assert(listed(l, "f8"));
	free(l);
	umount_ok(fs);
}

Test(ext2_read, block_size_1k)
{
	block_size_case("-b 1024", 1024);
}

Test(ext2_read, block_size_2k)
{
	block_size_case("-b 2048", 2048);
}

Test(ext2_read, block_size_4k)
{
	block_size_case("-b 4096", 4096);
}

Test(ext2_read, block_size_64k)
{
	tree_file("f", "sixty-four", 10);
	tree_dir("d");
	mkfs("-b 65536", "16M", true);
	{
		struct ext2_fs *fs = mount_opts(&t_opts_ro);
		struct listing *l = list(fs, "");

		cr_assert(listed(l, "d/"));
		cr_assert(listed(l, "f"));
		free(l);
		expect_content(fs, "f", "sixty-four", 10);
		umount_ok(fs);
	}
}

/* 4 KiB sectors under 4 KiB blocks, and a sector larger than a block. */
Test(ext2_read, sector_sizes)
{
	struct ext2_fs *fs = NULL;
	const char *why;

	tree_file("x", hello, strlen(hello));
	mkfs("-b 4096", "4M", true);
	cr_assert_eq(ext2_mount(dev_open(4096), &t_alloc, &t_opts_ro, &fs,
				&why), 0);
	expect_content(fs, "x", hello, strlen(hello));
	umount_ok(fs);

	mkfs("-b 1024", "4M", true);
	cr_assert_eq(ext2_mount(dev_open(4096), &t_alloc, &t_opts_ro, &fs,
				&why), E_IO);
	cr_assert_null(fs);
	cr_assert_eq(ext2_mount(dev_open(2048), &t_alloc, &t_opts_ro, &fs,
				&why), E_IO);
	cr_assert_eq(ext2_mount(dev_open(1024), &t_alloc, &t_opts_ro, &fs,
				&why), 0);
	expect_content(fs, "x", hello, strlen(hello));
	umount_ok(fs);
}

/* A sparse file reaching the triple indirect block (1 KiB blocks). */
Test(ext2_read, sparse_triple_indirect)
{
	static const uint64_t offs[] = {
		0, 5000, 12 * 1024, 300 * 1024, (64ull << 20) + 300 * 1024,
		70ull << 20, (80ull << 20) - 1,
	};
	char p[256];
	struct ext2_stat st;
	struct ext2_fs *fs;
	uint8_t buf[4096], zero[4096] = { 0 };
	uint32_t ino;
	size_t i;
	int fd;

	snprintf(p, sizeof(p), "%s/sparse", t_tree);
	fd = open(p, O_CREAT | O_WRONLY, 0644);
	cr_assert_geq(fd, 0);
	cr_assert_eq(ftruncate(fd, 80ll << 20), 0);
	for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++)
		cr_assert_eq(pwrite(fd, "Z", 1, (off_t)offs[i]), 1);
	close(fd);
	mkfs("-b 1024", "8M", true);
	fsck_clean();
	fs = mount_opts(&t_opts_ro);
	cr_assert_eq(ext2_stat(fs, "sparse", &st), 0);
	cr_assert_eq(st.size, 80ull << 20);
	cr_assert_lt(st.blocks, 64, "not sparse: %llu", (unsigned long long)st.blocks);
	cr_assert_eq(ext2_lookup(fs, "sparse", &ino), 0);
	for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		uint64_t o = offs[i];
		uint64_t start = o >= 2000 ? o - 2000 : 0;
		int64_t n = ext2_read(fs, ino, start, buf, sizeof(buf));

		cr_assert_gt(n, (int64_t)(o - start));
		cr_assert_eq(buf[o - start], 'Z', "at %llu",
			     (unsigned long long)o);
		buf[o - start] = 0;
		/* Neighbours are holes or zeros, except other marks. */
		if (i + 1 < sizeof(offs) / sizeof(offs[0]) &&
		    offs[i + 1] < start + (uint64_t)n)
			buf[offs[i + 1] - start] = 0;
		if (i && offs[i - 1] >= start)
			buf[offs[i - 1] - start] = 0;
		cr_assert(!memcmp(buf, zero, (size_t)n), "garbage near %llu",
			  (unsigned long long)o);
	}
	/* A hole in the middle of the triple-indirect range. */
	cr_assert_eq(ext2_read(fs, ino, 75ull << 20, buf, sizeof(buf)), 4096);
	cr_assert(!memcmp(buf, zero, sizeof(buf)));
	umount_ok(fs);
}

Test(ext2_read, revision0_and_no_filetype)
{
	struct ext2_info info;
	struct ext2_fs *fs;
	struct listing *l;

	tree_dir("dir");
	tree_file("dir/file", nested, strlen(nested));
	tree_file("top", hello, strlen(hello));
	mkfs("-r 0 -b 1024", "4M", true);
	fsck_clean();
	fs = mount_opts(&t_opts_ro);
	ext2_get_info(fs, &info);
	cr_assert_eq(info.rev_level, 0);
	cr_assert_eq(info.inode_size, 128);
	l = list(fs, "");
	cr_assert(listed(l, "dir/"));
	cr_assert(listed(l, "top"));
	free(l);
	expect_content(fs, "dir/file", nested, strlen(nested));
	umount_ok(fs);

	mkfs("-O ^filetype -b 2048", "4M", true);
	fs = mount_opts(&t_opts_ro);
	ext2_get_info(fs, &info);
	cr_assert_eq(info.feature_incompat & 2, 0);
	l = list(fs, "");
	cr_assert(listed(l, "dir/"), "is_dir from the inode mode");
	cr_assert(listed(l, "top"));
	free(l);
	expect_content(fs, "dir/file", nested, strlen(nested));
	umount_ok(fs);
}

/* fs.md 7.2: journal forces read-only; ext4 features refuse. */
Test(ext2_read, features)
{
	struct ext2_info info;
	struct ext2_fs *fs;
	const char *why = NULL;
	uint32_t ino;
	char out[4096];

	tree_file("f", hello, strlen(hello));
	cr_assert_eq(run_capture(out, sizeof(out),
				 "%s -q -F -t ext3 -d '%s' '%s' 8M 2>&1",
				 t_mke2fs, t_tree, t_img), 0, "%s", out);
	cr_assert_eq(try_mount(&t_opts_rw, &fs, &why), 0);
	ext2_get_info(fs, &info);
	cr_assert(info.rdonly);
	cr_assert_not_null(why);
	expect_content(fs, "f", hello, strlen(hello));
	cr_assert_eq(ext2_open(fs, "g", EXT2_O_CREATE, &ino), E_ROFS);
	cr_assert_eq(ext2_mkdir(fs, "d"), E_ROFS);
	umount_ok(fs);

	cr_assert_eq(run_capture(out, sizeof(out),
				 "%s -q -F -t ext4 '%s' 8M 2>&1", t_mke2fs,
				 t_img), 0, "%s", out);
	cr_assert_eq(try_mount(&t_opts_rw, &fs, &why), E_IO);
	cr_assert_null(fs);
	cr_assert_str_eq(why, "unsupported incompatible features");
	cr_assert_eq(t_allocs, 0);

	/* dir_index, resize_inode, ext_attr, sparse_super: read-write. */
	mkfs("-O dir_index,resize_inode,ext_attr,sparse_super", "8M", false);
	fs = mount_rw();
	umount_ok(fs);
	/* Without sparse_super or large_file. */
	mkfs("-O ^sparse_super,^large_file,^resize_inode", "8M", false);
	fs = mount_rw();
	ext2_get_info(fs, &info);
	cr_assert_eq(info.max_file_size, 0x7FFFFFFF);
	umount_ok(fs);
}

/*
 * Special files cannot be opened or read; symbolic links lead to their
 * targets (test_ext2_symlink.c has the rest).
 */
Test(ext2_read, special_files)
{
	struct ext2_stat st;
	struct ext2_fs *fs;
	uint32_t ino;
	uint8_t buf[16];

	tree_dir("d");
	tree_file("d/f", hello, strlen(hello));
	mkfs("", "4M", true);
	debugfs_w("symlink link /d\nsymlink slow /aaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		  "aaaaaaaaa\nmknod fifo p\nmknod cdev c 1 3\n");
	fsck_clean();
	fs = mount_opts(&t_opts_ro);
	cr_assert_eq(ext2_stat(fs, "link", &st), 0);
	cr_assert_eq(st.type, EXT2_TYPE_DIR);
	cr_assert(st.is_dir);
	cr_assert_eq(ext2_lookup(fs, "link/f", &ino), 0);
	cr_assert_eq(ext2_open(fs, "link", 0, &ino), E_ISDIR);
	cr_assert_eq(ext2_open(fs, "slow", 0, &ino), E_NOENT);
	cr_assert_eq(ext2_open(fs, "fifo", 0, &ino), E_NOTSUP);
	cr_assert_eq(ext2_stat(fs, "cdev", &st), 0);
	cr_assert_eq(st.type, EXT2_TYPE_CHR);
	cr_assert_eq(ext2_read(fs, st.ino, 0, buf, sizeof(buf)), E_NOTSUP);
	umount_ok(fs);
}

/* A hashed (dir_index) directory is read by linear scan. */
Test(ext2_read, indexed_directory)
{
	struct ext2_stat st;
	struct ext2_fs *fs;
	struct listing *l;
	char name[64];
	int i;

	tree_dir("big");
	for (i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "big/entry-with-a-long-name-%04d",
			 i);
		tree_file(name, name, strlen(name));
	}
	mkfs("-b 1024", "8M", true);
	/* e2fsck -D builds the hash tree. */
	run("%s -fyD '%s' >/dev/null 2>&1", t_e2fsck, t_img);
	fsck_clean();
	{
		char out[4096];

		run_capture(out, sizeof(out), "%s -R 'stat /big' '%s' 2>&1",
			    t_debugfs, t_img);
		cr_assert_not_null(strstr(out, "Flags: 0x1000"),
				   "not indexed:\n%s", out);
	}
	fs = mount_opts(&t_opts_ro);
	l = list(fs, "big");
	cr_assert_eq(l->n, 200);
	free(l);
	for (i = 0; i < 200; i += 37) {
		snprintf(name, sizeof(name), "big/entry-with-a-long-name-%04d",
			 i);
		expect_content(fs, name, name, strlen(name));
	}
	cr_assert_eq(ext2_stat(fs, "big", &st), 0);
	umount_ok(fs);
}

/* Directory entries named with invalid UTF-8 are not listed. */
Test(ext2_read, invalid_utf8_names)
{
	struct ext2_fs *fs;
	struct listing *l;

	tree_file("ok", "", 0);
	tree_file("bad\xff\xfe", "", 0);
	tree_file("caf\xc3\xa9", "", 0);
	mkfs("", "4M", true);
	fs = mount_opts(&t_opts_ro);
	l = list(fs, "");
	cr_assert(listed(l, "ok"));
	cr_assert(listed(l, "caf\xc3\xa9"));
	cr_assert_eq(l->n, 3);	/* lost+found, ok, café */
	free(l);
	umount_ok(fs);
}

/* ext2_bmap: where file blocks lie, for the kernel's read-ahead. */
Test(ext2_read, bmap_for_readahead)
{
	uint8_t large[8192], blk[1024], data[1024];
	uint32_t ino, phys[16], i, j;
	struct ext2_fs *fs;

	make_reference(large);
	fs = mount_rw();
	cr_assert_eq(ext2_lookup(fs, "large.bin", &ino), 0);
	cr_assert_eq(ext2_bmap(fs, ino, 0, 16, phys), 8);	/* not past EOF */
	for (i = 0; i < 8; i++) {
		cr_assert_neq(phys[i], 0);
		for (j = 0; j < i; j++)
			cr_assert_neq(phys[i], phys[j]);
		peek((uint64_t)phys[i] * 1024, blk, sizeof(blk));
		cr_assert(!memcmp(blk, large + i * 1024, 1024));
	}
	cr_assert_eq(ext2_bmap(fs, ino, 6, 16, phys), 2);
	cr_assert_eq(ext2_bmap(fs, ino, 8, 16, phys), 0);
	cr_assert_eq(ext2_bmap(fs, ino, 1ull << 40, 1, phys), 0);
	cr_assert_eq(ext2_lookup(fs, "subdir", &ino), 0);
	cr_assert_eq(ext2_bmap(fs, ino, 0, 1, phys), E_ISDIR);

	/* Through the double indirect block, holes as 0. */
	cr_assert_eq(ext2_open(fs, "sparse", EXT2_O_CREATE, &ino), 0);
	fill_random(data, sizeof(data), 7);
	cr_assert_eq(ext2_write(fs, ino, 300 * 1024, data, sizeof(data)),
		     sizeof(data));
	cr_assert_eq(ext2_bmap(fs, ino, 298, 16, phys), 3);
	cr_assert_eq(phys[0], 0);
	cr_assert_eq(phys[1], 0);
	cr_assert_neq(phys[2], 0);
	cr_assert_eq(ext2_sync(fs), 0);
	peek((uint64_t)phys[2] * 1024, blk, sizeof(blk));
	cr_assert(!memcmp(blk, data, sizeof(data)));
	cr_assert_eq(ext2_close(fs, ino), 0);
	umount_ok(fs);
	fsck_clean();
}
