// SPDX-License-Identifier: GPL-2.0
/*
 * lib/ext2.c, symbolic links in path lookup: links made by mke2fs -d from
 * host symlinks (fast ones in i_block, slow ones in a data block) are
 * followed, relative and absolute targets, in the middle and at the end
 * of a path, through reads, listings, creation and renames; a chain of
 * EXT2_SYMLINK_MAX links resolves and one more is a loop (IO); the
 * namespace operations act on the link itself; damaged links give IO.
 */
#include "ext2/ext2_util.h"

TestSuite(ext2_symlink, .init = ext2_setup, .fini = ext2_teardown,
	  .timeout = 60);

static const char text[] = "through the link\n";

static struct ext2_info info_of(struct ext2_fs *fs)
{
	struct ext2_info info;

	ext2_get_info(fs, &info);
	return info;
}

/* A directory component long enough to make slow links. */
#define LONG_DIR "a_directory_name_long_enough_to_need_a_slow_link_" \
		 "0123456789abcdef"

static void tree_link(const char *target, const char *rel)
{
	char p[512];

	snprintf(p, sizeof(p), "%s/%s", t_tree, rel);
	cr_assert_eq(symlink(target, p), 0, "symlink %s -> %s", p, target);
}

/*
 * d/f, d/e/g and LONG_DIR/h are files; every other name is a link:
 *   abs -> /d/f          rel -> d/f           dlink -> d
 *   d/up -> ../d/f       d/back -> ../abs     d/self -> .
 *   root -> /            dangling -> nope     slow -> /LONG_DIR/h
 *   slowdir -> LONG_DIR  loop -> loop         ping -> pong -> ping
 *   c0 -> c1 -> ... -> c8 -> d/f (c0 is nine links, c1 eight)
 */
static void make_links(const char *opts)
{
	char name[16], target[16];
	int i;

	tree_dir("d");
	tree_dir("d/e");
	tree_dir(LONG_DIR);
	tree_file("d/f", text, strlen(text));
	tree_file("d/e/g", "g\n", 2);
	tree_file(LONG_DIR "/h", "h\n", 2);
	tree_link("/d/f", "abs");
	tree_link("d/f", "rel");
	tree_link("d", "dlink");
	tree_link("../d/f", "d/up");
	tree_link("../abs", "d/back");
	tree_link(".", "d/self");
	tree_link("/", "root");
	tree_link("nope", "dangling");
	tree_link("/" LONG_DIR "/h", "slow");
	tree_link(LONG_DIR, "slowdir");
	tree_link("loop", "loop");
	tree_link("pong", "ping");
	tree_link("ping", "pong");
	for (i = 0; i < 8; i++) {
		snprintf(name, sizeof(name), "c%d", i);
		snprintf(target, sizeof(target), "c%d", i + 1);
		tree_link(target, name);
	}
	tree_link("d/f", "c8");
	mkfs(opts, "4M", true);
	fsck_clean();
}

static uint32_t ino_of(struct ext2_fs *fs, const char *path)
{
	uint32_t ino = 0;
	int ret = ext2_lookup(fs, path, &ino);

	cr_assert_eq(ret, 0, "lookup %s: %d", path, ret);
	return ino;
}

static void follow_case(const char *opts)
{
	struct ext2_stat st;
	struct listing *l;
	struct ext2_fs *fs;
	uint32_t f, ino;

	make_links(opts);
	fs = mount_opts(&t_opts_ro);
	f = ino_of(fs, "d/f");

	/* The last component, relative and absolute, fast and slow. */
	cr_assert_eq(ino_of(fs, "abs"), f);
	cr_assert_eq(ino_of(fs, "rel"), f);
	cr_assert_eq(ino_of(fs, "d/up"), f);
	cr_assert_eq(ino_of(fs, "d/back"), f);	/* a link to a link */
	cr_assert_eq(ino_of(fs, "slow"), ino_of(fs, LONG_DIR "/h"));
	cr_assert_eq(ino_of(fs, "root"), EXT2_ROOT_INO);
	cr_assert_eq(ino_of(fs, "dlink"), ino_of(fs, "d"));
	cr_assert_eq(ino_of(fs, "d/self"), ino_of(fs, "d"));

	/* Links in the middle of a path. */
	cr_assert_eq(ino_of(fs, "dlink/f"), f);
	cr_assert_eq(ino_of(fs, "dlink/e/g"), ino_of(fs, "d/e/g"));
	cr_assert_eq(ino_of(fs, "root/d/f"), f);
	cr_assert_eq(ino_of(fs, "root/root/dlink/self/self/f"), f);
	cr_assert_eq(ino_of(fs, "slowdir/h"), ino_of(fs, LONG_DIR "/h"));
	cr_assert_eq(ino_of(fs, "/dlink//e/"), ino_of(fs, "d/e"));

	/* stat, open, read and list through links. */
	cr_assert_eq(ext2_stat(fs, "abs", &st), 0);
	cr_assert_eq(st.type, EXT2_TYPE_REG);
	cr_assert_eq(st.size, strlen(text));
	cr_assert_eq(ext2_stat(fs, "dlink", &st), 0);
	cr_assert(st.is_dir);
	expect_content(fs, "abs", text, strlen(text));
	expect_content(fs, "dlink/up", text, strlen(text));
	expect_content(fs, "slow", "h\n", 2);
	cr_assert_eq(ext2_open(fs, "rel", 0, &ino), 0);
	cr_assert_eq(ino, f);
	cr_assert_eq(ext2_close(fs, ino), 0);
	cr_assert_eq(ext2_open(fs, "dlink", 0, &ino), E_ISDIR);
	l = list(fs, "dlink");
	cr_assert_eq(l->n, 5, "d has %d entries", l->n);
	cr_assert(listed(l, "f"));
	cr_assert(listed(l, "e/"));
	cr_assert(listed(l, "self"));	/* a link is listed as a link */
	free(l);
	cr_assert_eq(ext2_readdir(fs, "abs", list_cb, NULL), E_NOTDIR);

	/* Failures: dangling, through a file, loops, the limit. */
	cr_assert_eq(ext2_lookup(fs, "dangling", &ino), E_NOENT);
	cr_assert_eq(ext2_lookup(fs, "dlink/nope", &ino), E_NOENT);
	cr_assert_eq(ext2_lookup(fs, "abs/x", &ino), E_NOTDIR);
	cr_assert_eq(ext2_lookup(fs, "loop", &ino), E_IO);
	cr_assert_eq(ext2_lookup(fs, "loop/x", &ino), E_IO);
	cr_assert_eq(ext2_lookup(fs, "ping", &ino), E_IO);
	cr_assert_eq(ext2_open(fs, "pong", 0, &ino), E_IO);
	cr_assert_eq(ino_of(fs, "c1"), f);	/* EXT2_SYMLINK_MAX links */
	cr_assert_eq(ext2_lookup(fs, "c0", &ino), E_IO);	/* one more */
	cr_assert_eq(EXT2_SYMLINK_MAX, 8);
	umount_ok(fs);
}

Test(ext2_symlink, follow_1k)
{
	follow_case("-b 1024");
}

Test(ext2_symlink, follow_4k)
{
	follow_case("-b 4096");
}

Test(ext2_symlink, follow_rev0)
{
	follow_case("-r 0");
}

/* Writing through links; the namespace operations take the link itself. */
Test(ext2_symlink, write_through_links)
{
	struct ext2_info before;
	struct listing *l;
	struct ext2_fs *fs;
	uint32_t ino;

	make_links("-b 1024");
	fs = mount_rw();
	before = info_of(fs);

	/* Create, write, mkdir and rename in the directory a link names. */
	cr_assert_eq(ext2_open(fs, "dlink/new", EXT2_O_CREATE, &ino), 0);
	cr_assert_eq(ext2_write(fs, ino, 0, "new\n", 4), 4);
	cr_assert_eq(ext2_close(fs, ino), 0);
	cr_assert_eq(ext2_mkdir(fs, "root/dlink/sub"), 0);
	cr_assert_eq(ext2_rename(fs, "dlink/new", "slowdir/new2"), 0);
	expect_content(fs, LONG_DIR "/new2", "new\n", 4);
	/* Writing through a link writes the target. */
	cr_assert_eq(ext2_open(fs, "abs", EXT2_O_TRUNC, &ino), 0);
	cr_assert_eq(ext2_write(fs, ino, 0, "x", 1), 1);
	cr_assert_eq(ext2_close(fs, ino), 0);
	expect_content(fs, "d/f", "x", 1);

	/* Creating through a dangling link: the name is the link's. */
	cr_assert_eq(ext2_open(fs, "dangling", EXT2_O_CREATE, &ino), E_EXIST);
	cr_assert_eq(ext2_lookup(fs, "nope", &ino), E_NOENT);
	/* unlink, rename and rmdir see the link, not its target. */
	cr_assert_eq(ext2_rmdir(fs, "dlink"), E_NOTDIR);
	cr_assert_eq(ext2_rename(fs, "rel", "rel2"), 0);
	expect_content(fs, "rel2", "x", 1);
	cr_assert_eq(ext2_unlink(fs, "rel2"), 0);
	cr_assert_eq(ext2_unlink(fs, "slow"), 0);
	cr_assert_eq(ext2_unlink(fs, "dlink"), 0);
	expect_content(fs, "d/f", "x", 1);
	expect_content(fs, LONG_DIR "/h", "h\n", 2);
	cr_assert_eq(ext2_lookup(fs, "dlink", &ino), E_NOENT);
	/* A loop is IO for a parent too; its own name can still go. */
	cr_assert_eq(ext2_mkdir(fs, "loop/x"), E_IO);
	cr_assert_eq(ext2_unlink(fs, "loop"), 0);
	l = list(fs, "d");
	cr_assert(listed(l, "sub/"));
	free(l);
	cr_assert_eq(info_of(fs).free_inodes, before.free_inodes + 4 - 2);
	umount_ok(fs);
	fsck_clean();
	expect_debugfs("/d/f", "x", 1);
	expect_debugfs("/" LONG_DIR "/new2", "new\n", 4);
}

/* Damaged links are IO, never read out of bounds. */
Test(ext2_symlink, damaged_links)
{
	struct ext2_fs *fs;
	uint32_t ino;

	make_links("-b 1024");
	/* A fast link claiming more than i_block holds; an empty one; a
	 * slow one longer than its block; a slow one without a block. */
	debugfs_w("sif abs size 60\nsif rel size 0\nsif slow size 1025\n"
		  "sif slowdir block[0] 0\n");
	fs = mount_opts(&t_opts_ro);
	cr_assert_eq(ext2_lookup(fs, "abs", &ino), E_IO);
	cr_assert_eq(ext2_lookup(fs, "rel", &ino), E_IO);
	cr_assert_eq(ext2_lookup(fs, "slow", &ino), E_IO);
	cr_assert_eq(ext2_lookup(fs, "slowdir/h", &ino), E_IO);
	cr_assert_eq(ext2_lookup(fs, "d/up", &ino), 0);
	umount_ok(fs);
}
