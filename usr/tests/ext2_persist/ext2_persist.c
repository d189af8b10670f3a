// SPDX-License-Identifier: GPL-2.0
/*
 * ext2_persist (issue 5): two boots of the same 10 MiB ext2 image of
 * tests.md 1.7 (the runner's boots=2), then the host check.
 *
 * Boot 1 finds no /mnt/persist and writes: directories three deep, a
 * small file, a 300000-byte file (into the double indirect blocks), a
 * sparse file, a file truncated after writing, a renamed one, one created
 * and removed, a directory of 40 entries (several blocks); and it changes
 * the image's own files (hello.txt rewritten, large.bin and a/b/c
 * removed).  It leaves without any sync: the halt path (unmount, cache
 * writeback, flush) must put everything on the disk.
 *
 * Boot 2 finds /mnt/persist, reads all of it back exactly (contents,
 * sizes, holes, listings, what must be gone), then changes it again
 * (append, unlink, rename across directories, rmdir) so that a second
 * mount writes too, unmounts (OP_ENVIRONMENT_UNMOUNT), mounts again and
 * reads the changes back.  The runner then runs scripts/check-ext2.sh: e2fsck
 * -fn clean, and disk-expected.txt's contents by debugfs.
 */
#include <panda/panda.h>
#include <stdio.h>
#include <string.h>

#include "../common/check.h"

#define BIG		300000
#define TRUNC_LEN	10000
#define TRUNC_TO	1234
#define SPARSE_AT	3000000ul
#define NMANY		40

static const char hello1[] = "written by boot 1\n";
static const char hello2[] = "and boot 2\n";
static const char image_hello[] = "Hello again from boot 1!\n";
static uint8_t big[BIG], back[BIG];

static uint8_t pattern(size_t i)
{
	return (uint8_t)(i * 13 + i / 509);
}

static void many_name(char *buf, size_t size, int i)
{
	snprintf(buf, size, "file:/mnt/persist/many/%s-%02d",
		 "file-with-a-long-name", i);
}

/* Create uri (truncating) and write len bytes of data at offset at. */
static int put(const char *uri, const void *data, size_t len, uint64_t at)
{
	panda_handle_t h;

	CHECK_EQ(uri, panda_create(uri, PANDA_CREATE_TRUNCATE, &h), 0);
	if (at)
		CHECK_EQ("seek", panda_seek(h, (int64_t)at, PANDA_SEEK_SET),
			 (long)at);
	CHECK_EQ(uri, panda_write(h, data, len), (long)len);
	CHECK_EQ("close", panda_close(h), 0);
	return 0;
}

/* uri holds exactly len bytes equal to data (into back). */
static int same(const char *uri, const void *data, size_t len)
{
	struct panda_file_stat st;
	panda_handle_t h;
	size_t done = 0;
	long n = 1;

	CHECK_EQ(uri, panda_open(uri, 0, 0, &h), 0);
	CHECK_EQ("stat", panda_fstat(h, &st), 0);
	CHECK_EQ(uri, st.size, len);
	while (done < len && (n = panda_read(h, back + done, len - done)) > 0)
		done += (size_t)n;
	CHECK_EQ(uri, n < 0 ? n : (long)done, (long)len);
	CHECK_EQ("read at the end", panda_read(h, back, 1), 0);
	panda_close(h);
	CHECK(!memcmp(back, data, len), "%s: contents differ", uri);
	return 0;
}

static int absent(const char *uri)
{
	struct panda_file_stat st;

	CHECK_EQ(uri, panda_stat_path(uri, &st), -PANDA_ERR_NOT_FOUND);
	return 0;
}

/* The names listed in uri, as " a b/ c " in on-disk order. */
static int names(const char *uri, char *out, size_t cap)
{
	struct panda_dirent e;
	panda_handle_t h;
	size_t len = 1;
	int r;

	CHECK_EQ(uri, panda_opendir(uri, &h), 0);
	strcpy(out, " ");
	while ((r = panda_readdir(h, &e)) == 1) {
		CHECK(len + e.name_len + 3 < cap, "%s: listing too long", uri);
		memcpy(out + len, e.name, e.name_len);
		len += e.name_len;
		if (e.is_dir)
			out[len++] = '/';
		out[len++] = ' ';
		out[len] = '\0';
	}
	panda_close(h);
	CHECK_EQ("readdir", r, 0);
	return 0;
}

static int boot1(void)
{
	char uri[96];
	panda_handle_t h;
	size_t i;

	panda_log("ext2_persist: boot 1: writing");
	CHECK_EQ("mkdir", panda_mkdir("file:/mnt/persist"), 0);
	CHECK_EQ("mkdir", panda_mkdir("file:/mnt/persist/sub"), 0);
	CHECK_EQ("mkdir", panda_mkdir("file:/mnt/persist/sub/deeper"), 0);
	CHECK_EQ("mkdir", panda_mkdir("file:/mnt/persist/many"), 0);
	TRY(put("file:/mnt/persist/hello.txt", hello1, strlen(hello1), 0));
	for (i = 0; i < BIG; i++)
		big[i] = pattern(i);
	/* In pieces that straddle blocks. */
	CHECK_EQ("create big.bin", panda_create("file:/mnt/persist/big.bin",
						PANDA_CREATE_EXCLUSIVE, &h), 0);
	for (i = 0; i < BIG; i += 7001)
		CHECK_EQ("write big.bin",
			 panda_write(h, big + i, BIG - i < 7001 ? BIG - i : 7001),
			 BIG - i < 7001 ? BIG - i : 7001);
	panda_close(h);
	TRY(put("file:/mnt/persist/sparse.bin", "head", 4, 0));
	CHECK_EQ("open sparse.bin",
		 panda_open("file:/mnt/persist/sparse.bin", 0, 0, &h), 0);
	CHECK_EQ("seek", panda_seek(h, SPARSE_AT, PANDA_SEEK_SET),
		 (long)SPARSE_AT);
	CHECK_EQ("write tail", panda_write(h, "tail", 4), 4);
	panda_close(h);
	TRY(put("file:/mnt/persist/sub/deeper/note.txt", "deep note\n", 10, 0));
	TRY(put("file:/mnt/persist/tmp.txt", "renamed\n", 8, 0));
	CHECK_EQ("rename", panda_rename("file:/mnt/persist/tmp.txt",
					"file:/mnt/persist/renamed.txt"), 0);
	TRY(put("file:/mnt/persist/trunc.bin", big, TRUNC_LEN, 0));
	CHECK_EQ("open trunc.bin",
		 panda_open("file:/mnt/persist/trunc.bin", 0, 0, &h), 0);
	CHECK_EQ("truncate", panda_sys_truncate(h, TRUNC_TO), 0);
	panda_close(h);
	TRY(put("file:/mnt/persist/gone.txt", "x", 1, 0));
	CHECK_EQ("unlink", panda_unlink("file:/mnt/persist/gone.txt"), 0);
	for (i = 0; i < NMANY; i++) {
		char text[16];

		many_name(uri, sizeof(uri), (int)i);
		snprintf(text, sizeof(text), "file %zu\n", i);
		TRY(put(uri, text, strlen(text), 0));
	}
	/* The image's own files. */
	TRY(put("file:/mnt/hello.txt", image_hello, strlen(image_hello), 0));
	CHECK_EQ("unlink", panda_unlink("file:/mnt/large.bin"), 0);
	CHECK_EQ("unlink", panda_unlink("file:/mnt/a/b/c/deep.txt"), 0);
	CHECK_EQ("rmdir", panda_rmdir("file:/mnt/a/b/c"), 0);
	panda_log("ext2_persist: boot 1 wrote the files; halting without sync");
	return 0;
}

static int boot2_read(void)
{
	static const char *const listed[] = { " hello.txt ", " big.bin ",
		" sparse.bin ", " sub/ ", " renamed.txt ", " trunc.bin ",
		" many/ " };
	char list[2048], uri[96], text[16];
	panda_handle_t h;
	size_t i, n = 0;

	panda_log("ext2_persist: boot 2: reading back");
	TRY(names("file:/mnt/persist", list, sizeof(list)));
	for (i = 0; i < sizeof(listed) / sizeof(listed[0]); i++)
		CHECK(strstr(list, listed[i]), "persist lists '%s', no '%s'",
		      list, listed[i]);
	for (i = 0; list[i]; i++)
		n += list[i] == ' ';
	CHECK_EQ("entries of /mnt/persist", n - 1, 7);
	TRY(names("file:/mnt/persist/sub", list, sizeof(list)));
	CHECK(!strcmp(list, " deeper/ "), "sub lists '%s'", list);
	TRY(same("file:/mnt/persist/hello.txt", hello1, strlen(hello1)));
	for (i = 0; i < BIG; i++)
		big[i] = pattern(i);
	TRY(same("file:/mnt/persist/big.bin", big, BIG));
	TRY(same("file:/mnt/persist/trunc.bin", big, TRUNC_TO));
	TRY(same("file:/mnt/persist/renamed.txt", "renamed\n", 8));
	TRY(same("file:/mnt/persist/sub/deeper/note.txt", "deep note\n", 10));
	/* The hole reads as zeros; the ends as written. */
	CHECK_EQ("open sparse.bin",
		 panda_open("file:/mnt/persist/sparse.bin", 0, 0, &h), 0);
	CHECK_EQ("sparse head", panda_read(h, back, 4), 4);
	CHECK(!memcmp(back, "head", 4), "sparse.bin head");
	CHECK_EQ("seek", panda_seek(h, SPARSE_AT - 70000, PANDA_SEEK_SET),
		 (long)(SPARSE_AT - 70000));
	CHECK_EQ("sparse middle", panda_read(h, back, 70004), 70004);
	for (i = 0; i < 70000; i++)
		CHECK(!back[i], "sparse.bin byte %zu is %u", SPARSE_AT - 70000 + i,
		      back[i]);
	CHECK(!memcmp(back + 70000, "tail", 4), "sparse.bin tail");
	CHECK_EQ("sparse end", panda_read(h, back, 1), 0);
	panda_close(h);
	for (i = 0; i < NMANY; i++) {
		many_name(uri, sizeof(uri), (int)i);
		snprintf(text, sizeof(text), "file %zu\n", i);
		TRY(same(uri, text, strlen(text)));
	}
	TRY(absent("file:/mnt/persist/gone.txt"));
	TRY(absent("file:/mnt/persist/tmp.txt"));
	TRY(same("file:/mnt/hello.txt", image_hello, strlen(image_hello)));
	TRY(absent("file:/mnt/large.bin"));
	TRY(absent("file:/mnt/a/b/c"));
	TRY(same("file:/mnt/subdir/nested.txt", "Nested file content\n", 20));
	panda_log("ext2_persist: boot 2 read everything back");
	return 0;
}

static int boot2_write(void)
{
	panda_handle_t h;
	char uri[96];

	CHECK_EQ("open hello.txt",
		 panda_open("file:/mnt/persist/hello.txt", 0, 0, &h), 0);
	CHECK_EQ("seek to the end", panda_seek(h, 0, PANDA_SEEK_END),
		 (long)strlen(hello1));
	CHECK_EQ("append", panda_write(h, hello2, strlen(hello2)),
		 (long)strlen(hello2));
	panda_close(h);
	many_name(uri, sizeof(uri), 7);
	CHECK_EQ("unlink", panda_unlink(uri), 0);
	CHECK_EQ("rename", panda_rename("file:/mnt/persist/sub/deeper/note.txt",
					"file:/mnt/persist/note.txt"), 0);
	CHECK_EQ("rmdir", panda_rmdir("file:/mnt/persist/sub/deeper"), 0);
	panda_log("ext2_persist: boot 2 changed files");
	/* Unmounted and mounted again: read from the disk, not the cache. */
	CHECK_EQ("unmount", panda_unmount("/mnt"), 0);
	CHECK_EQ("mount again", panda_mount("ext2", "/mnt"), 0);
	TRY(same("file:/mnt/persist/note.txt", "deep note\n", 10));
	TRY(absent("file:/mnt/persist/sub/deeper"));
	many_name(uri, sizeof(uri), 7);
	TRY(absent(uri));
	memcpy(big, hello1, strlen(hello1));
	memcpy(big + strlen(hello1), hello2, strlen(hello2));
	TRY(same("file:/mnt/persist/hello.txt", big,
		 strlen(hello1) + strlen(hello2)));
	panda_log("ext2_persist: boot 2 unmounted, mounted again, read the "
		  "changes; halting");
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	struct panda_file_stat st;
	int err;

	panda_log("ext2_persist: starting");
	CHECK_EQ("mount", panda_mount("ext2", "/mnt"), 0);
	err = panda_stat_path("file:/mnt/persist", &st);
	if (err == -PANDA_ERR_NOT_FOUND)
		return boot1();
	CHECK_EQ("stat /mnt/persist", err, 0);
	CHECK(st.is_dir, "/mnt/persist is not a directory");
	TRY(boot2_read());
	return boot2_write();
}
