// SPDX-License-Identifier: GPL-2.0
/*
 * ext2_write_test (fs.md 10-11) on the 10 MiB image of tests.md 1.7,
 * mounted read-write at /mnt: create (exclusive, open-existing,
 * truncating), write and read back, a file extended through the single
 * into the double indirect blocks in unaligned pieces, a sparse file,
 * truncate down and up, mkdir, rename of files and of a directory to
 * another parent, unlink, rmdir, a directory grown over several blocks,
 * an unlinked file still used through its handle, a full disk (NoSpace,
 * then everything freed), OP_FILE_SYNC and OP_ENVIRONMENT_SYNC, and the
 * errors of fs.md 2.6 and 11.2 (tarfs is not writable, no rename across
 * file systems, mount points cannot be removed), and a program copied
 * from the initramfs to ext2 spawned from there.
 *
 * The runner then checks the image on the host (post=, scripts/check-ext2.sh):
 * e2fsck -fn clean, and the files of disk-expected.txt with the contents
 * left here (or absent).
 */
#include <panda/panda.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BIG		300000		/* 12 direct + 256 single + double */
#define BIG_CUT		100000
#define BIG_GROW	150000
#define SPARSE_AT	2000000ul
#define NMANY		60

static uint8_t big[BIG], back[BIG];
static const char greeting[] = "Hello, written by Panda!\n";

static int failed(const char *what, long got)
{
	panda_logf("FAIL: %s: %ld (%s)", what, got, panda_errname((int)got));
	return 1;
}

#define CHECK(what, expr, want)						\
	do {								\
		long __got = (long)(expr);				\
		if (__got != (long)(want)) {				\
			panda_logf("FAIL: %s: got %ld (%s), expected %ld", \
				   what, __got, panda_errname((int)__got), \
				   (long)(want));			\
			return 1;					\
		}							\
	} while (0)

static uint8_t pattern(size_t i)
{
	return (uint8_t)(i * 7 + i / 251);
}

static long read_all(panda_handle_t h, uint8_t *dst, size_t len)
{
	size_t done = 0;
	long n = 0;

	while (done < len && (n = panda_read(h, dst + done, len - done)) > 0)
		done += (size_t)n;
	return n < 0 ? n : (long)done;
}

static int size_is(panda_handle_t h, uint64_t want, const char *what)
{
	struct panda_file_stat st;

	CHECK(what, panda_fstat(h, &st), 0);
	CHECK(what, st.size, want);
	return 0;
}

static int test_create(void)
{
	panda_handle_t h, h2;
	char buf[64];

	panda_log("Test 1 - create, write, read back");
	CHECK("create new.txt", panda_create("file:/mnt/new.txt",
					     PANDA_CREATE_EXCLUSIVE, &h), 0);
	CHECK("write", panda_write(h, greeting, strlen(greeting)),
	      strlen(greeting));
	CHECK("close", panda_close(h), 0);
	CHECK("create exclusive again", panda_create("file:/mnt/new.txt",
		PANDA_CREATE_EXCLUSIVE, &h), -PANDA_ERR_ALREADY_EXISTS);
	CHECK("bad create flags", panda_create("file:/mnt/x", 4, &h),
	      -PANDA_ERR_INVALID_ARGUMENT);
	/* Without EXCLUSIVE: opened as it is, offset 0. */
	CHECK("create existing", panda_create("file:/mnt/new.txt", 0, &h), 0);
	CHECK("read", panda_read(h, buf, sizeof(buf)), strlen(greeting));
	CHECK("content", memcmp(buf, greeting, strlen(greeting)), 0);
	/* TRUNCATE empties it; another handle sees the new size at once. */
	CHECK("create truncating", panda_create("file:/mnt/new.txt",
		PANDA_CREATE_TRUNCATE, &h2), 0);
	if (size_is(h, 0, "size after truncating create"))
		return 1;
	CHECK("rewrite", panda_write(h2, greeting, strlen(greeting)),
	      strlen(greeting));
	CHECK("seek", panda_seek(h, 0, PANDA_SEEK_SET), 0);
	CHECK("read through the first handle", panda_read(h, buf, sizeof(buf)),
	      strlen(greeting));
	panda_close(h);
	panda_close(h2);
	/* The ordinary open of an ext2 file is writable too. */
	CHECK("open", panda_open("file:/mnt/new.txt", 0, 0, &h), 0);
	CHECK("seek to the end", panda_seek(h, 0, PANDA_SEEK_END),
	      strlen(greeting));
	panda_close(h);
	CHECK("create a directory", panda_create("file:/mnt/subdir", 0, &h),
	      -PANDA_ERR_IS_A_DIRECTORY);
	CHECK("create in a missing directory",
	      panda_create("file:/mnt/nodir/f", 0, &h), -PANDA_ERR_NOT_FOUND);
	panda_log("Test 1 passed");
	return 0;
}

static int test_big(void)
{
	panda_handle_t h;
	size_t i, done;
	long n;

	panda_log("Test 2 - extend across indirect blocks, truncate");
	for (i = 0; i < BIG; i++)
		big[i] = pattern(i);
	CHECK("create big.bin", panda_create("file:/mnt/big.bin",
					     PANDA_CREATE_EXCLUSIVE, &h), 0);
	for (done = 0; done < BIG; done += (size_t)n) {
		size_t want = BIG - done < 7001 ? BIG - done : 7001;

		n = panda_write(h, big + done, want);
		if (n != (long)want)
			return failed("write of big.bin", n);
	}
	if (size_is(h, BIG, "big.bin size"))
		return 1;
	CHECK("seek", panda_seek(h, 0, PANDA_SEEK_SET), 0);
	CHECK("read back", read_all(h, back, BIG), BIG);
	CHECK("content", memcmp(big, back, BIG), 0);
	/* Overwrite in the middle, across a block boundary. */
	CHECK("seek", panda_seek(h, 5000, PANDA_SEEK_SET), 5000);
	CHECK("overwrite", panda_write(h, "OVERWRITE", 9), 9);
	memcpy(big + 5000, "OVERWRITE", 9);
	CHECK("seek", panda_seek(h, 4990, PANDA_SEEK_SET), 4990);
	CHECK("read", panda_read(h, back, 40), 40);
	CHECK("overwritten", memcmp(back, big + 4990, 40), 0);
	/* Shrink, then grow: the new range reads as zeros. */
	CHECK("truncate down", panda_sys_truncate(h, BIG_CUT), 0);
	if (size_is(h, BIG_CUT, "size after truncate"))
		return 1;
	CHECK("seek", panda_seek(h, BIG_CUT - 10, PANDA_SEEK_SET), BIG_CUT - 10);
	CHECK("read at the new end", panda_read(h, back, 100), 10);
	CHECK("truncate up", panda_sys_truncate(h, BIG_GROW), 0);
	CHECK("seek", panda_seek(h, 0, PANDA_SEEK_SET), 0);
	CHECK("read all", read_all(h, back, BIG_GROW), BIG_GROW);
	CHECK("kept part", memcmp(back, big, BIG_CUT), 0);
	for (i = BIG_CUT; i < BIG_GROW; i++)
		if (back[i])
			return failed("hole after truncate up is not zero", (long)i);
	CHECK("OP_FILE_SYNC", panda_sys_fsync(h), 0);
	panda_close(h);
	panda_log("Test 2 passed");
	return 0;
}

static int test_sparse(void)
{
	panda_handle_t h;
	uint8_t buf[64];
	size_t i;

	panda_log("Test 3 - sparse file");
	CHECK("create sparse.bin", panda_create("file:/mnt/sparse.bin", 0, &h), 0);
	CHECK("seek far", panda_seek(h, SPARSE_AT, PANDA_SEEK_SET), SPARSE_AT);
	CHECK("write", panda_write(h, "0123456789", 10), 10);
	if (size_is(h, SPARSE_AT + 10, "sparse size"))
		return 1;
	CHECK("seek", panda_seek(h, 1000, PANDA_SEEK_SET), 1000);
	CHECK("read hole", panda_read(h, buf, sizeof(buf)), sizeof(buf));
	for (i = 0; i < sizeof(buf); i++)
		if (buf[i])
			return failed("hole is not zero", (long)i);
	CHECK("seek", panda_seek(h, -10, PANDA_SEEK_END), SPARSE_AT);
	CHECK("read tail", panda_read(h, buf, sizeof(buf)), 10);
	CHECK("tail", memcmp(buf, "0123456789", 10), 0);
	panda_close(h);
	panda_log("Test 3 passed");
	return 0;
}

static int write_file(const char *uri, const char *text)
{
	panda_handle_t h;

	CHECK(uri, panda_create(uri, PANDA_CREATE_EXCLUSIVE, &h), 0);
	CHECK(uri, panda_write(h, text, strlen(text)), strlen(text));
	panda_close(h);
	return 0;
}

static int read_file_is(const char *uri, const char *text)
{
	char buf[128];
	panda_handle_t h;

	CHECK(uri, panda_open(uri, 0, 0, &h), 0);
	CHECK(uri, panda_read(h, buf, sizeof(buf)), strlen(text));
	CHECK(uri, memcmp(buf, text, strlen(text)), 0);
	panda_close(h);
	return 0;
}

static int test_namespace(void)
{
	struct panda_file_stat st;

	panda_log("Test 4 - mkdir, rename, unlink, rmdir");
	CHECK("mkdir dir1", panda_mkdir("file:/mnt/dir1"), 0);
	CHECK("mkdir dir1/sub", panda_mkdir("file:/mnt/dir1/sub"), 0);
	CHECK("mkdir existing", panda_mkdir("file:/mnt/dir1"),
	      -PANDA_ERR_ALREADY_EXISTS);
	CHECK("mkdir a mount point", panda_mkdir("file:/mnt"),
	      -PANDA_ERR_ALREADY_EXISTS);
	CHECK("mkdir under a file", panda_mkdir("file:/mnt/new.txt/d"),
	      -PANDA_ERR_NOT_A_DIRECTORY);
	if (write_file("file:/mnt/dir1/sub/f.txt", "in sub\n"))
		return 1;
	/* A file to another directory and name. */
	CHECK("rename file", panda_rename("file:/mnt/new.txt",
					  "file:/mnt/dir1/renamed.txt"), 0);
	CHECK("old name gone", panda_stat_path("file:/mnt/new.txt", &st),
	      -PANDA_ERR_NOT_FOUND);
	if (read_file_is("file:/mnt/dir1/renamed.txt", greeting))
		return 1;
	/* A directory to another parent: its .. and link counts move. */
	CHECK("rename directory", panda_rename("file:/mnt/dir1/sub",
					       "file:/mnt/moved"), 0);
	if (read_file_is("file:/mnt/moved/f.txt", "in sub\n"))
		return 1;
	CHECK("rename onto an existing name",
	      panda_rename("file:/mnt/hello.txt", "file:/mnt/dir1/renamed.txt"),
	      -PANDA_ERR_ALREADY_EXISTS);
	CHECK("rename into its own subtree",
	      panda_rename("file:/mnt/dir1", "file:/mnt/dir1/x"),
	      -PANDA_ERR_INVALID_ARGUMENT);
	CHECK("rename across file systems",
	      panda_rename("file:/mnt/hello.txt", "file:/initrd/h"),
	      -PANDA_ERR_NOT_SUPPORTED);
	CHECK("rename a mount point", panda_rename("file:/mnt", "file:/mnt/x"),
	      -PANDA_ERR_BUSY);
	CHECK("rename missing", panda_rename("file:/mnt/nope", "file:/mnt/x"),
	      -PANDA_ERR_NOT_FOUND);
	CHECK("unlink a directory", panda_unlink("file:/mnt/moved"),
	      -PANDA_ERR_IS_A_DIRECTORY);
	CHECK("rmdir non-empty", panda_rmdir("file:/mnt/moved"),
	      -PANDA_ERR_NOT_EMPTY);
	CHECK("rmdir a file", panda_rmdir("file:/mnt/hello.txt"),
	      -PANDA_ERR_NOT_A_DIRECTORY);
	CHECK("unlink f.txt", panda_unlink("file:/mnt/moved/f.txt"), 0);
	CHECK("rmdir moved", panda_rmdir("file:/mnt/moved"), 0);
	CHECK("rmdir again", panda_rmdir("file:/mnt/moved"),
	      -PANDA_ERR_NOT_FOUND);
	CHECK("unlink sparse.bin", panda_unlink("file:/mnt/sparse.bin"), 0);
	CHECK("unlink missing", panda_unlink("file:/mnt/sparse.bin"),
	      -PANDA_ERR_NOT_FOUND);
	CHECK("rmdir the mount point", panda_rmdir("file:/mnt"),
	      -PANDA_ERR_BUSY);
	{
		char uri[300] = "file:/mnt/";

		memset(uri + 10, 'n', 256);	/* a 256-byte name */
		uri[266] = '\0';
		CHECK("name too long", panda_mkdir(uri),
		      -PANDA_ERR_INVALID_ARGUMENT);
	}
	panda_log("Test 4 passed");
	return 0;
}

static int test_many(void)
{
	char uri[80], text[40];
	panda_handle_t h;
	struct panda_dirent e;
	int i, seen = 0;

	panda_log("Test 5 - a directory over several blocks");
	CHECK("mkdir many", panda_mkdir("file:/mnt/many"), 0);
	for (i = 0; i < NMANY; i++) {
		snprintf(uri, sizeof(uri),
			 "file:/mnt/many/file-with-a-longer-name-%02d", i);
		snprintf(text, sizeof(text), "file %d\n", i);
		if (write_file(uri, text))
			return 1;
	}
	for (i = 0; i < NMANY; i += 2) {
		snprintf(uri, sizeof(uri),
			 "file:/mnt/many/file-with-a-longer-name-%02d", i);
		CHECK(uri, panda_unlink(uri), 0);
	}
	CHECK("opendir", panda_opendir("file:/mnt/many", &h), 0);
	while (panda_readdir(h, &e) == 1)
		seen++;
	panda_close(h);
	CHECK("entries left", seen, NMANY / 2);
	if (read_file_is("file:/mnt/many/file-with-a-longer-name-41",
			 "file 41\n"))
		return 1;
	panda_log("Test 5 passed");
	return 0;
}

static int test_unlinked_open(void)
{
	panda_handle_t h;
	uint8_t buf[5000];

	panda_log("Test 6 - an unlinked file stays usable while open");
	CHECK("create tmp.bin", panda_create("file:/mnt/tmp.bin", 0, &h), 0);
	CHECK("write", panda_write(h, big, sizeof(buf)), sizeof(buf));
	CHECK("unlink", panda_unlink("file:/mnt/tmp.bin"), 0);
	CHECK("seek", panda_seek(h, 0, PANDA_SEEK_SET), 0);
	CHECK("read", read_all(h, buf, sizeof(buf)), sizeof(buf));
	CHECK("content", memcmp(buf, big, sizeof(buf)), 0);
	CHECK("write more", panda_write(h, big, 1000), 1000);
	CHECK("close frees it", panda_close(h), 0);
	panda_log("Test 6 passed");
	return 0;
}

static int test_full(void)
{
	static uint8_t chunk[64 * 1024];
	panda_handle_t h;
	uint64_t total = 0;
	long n;

	panda_log("Test 7 - a full disk");
	CHECK("create fill.bin", panda_create("file:/mnt/fill.bin", 0, &h), 0);
	memset(chunk, 0x5a, sizeof(chunk));
	while ((n = panda_write(h, chunk, sizeof(chunk))) > 0)
		total += (uint64_t)n;
	CHECK("write on a full disk", n, -PANDA_ERR_NO_SPACE);
	if (total < 8 * 1024 * 1024)
		return failed("filled only", (long)total);
	if (size_is(h, total, "fill.bin size"))
		return 1;
	CHECK("mkdir on a full disk", panda_mkdir("file:/mnt/nospace"),
	      -PANDA_ERR_NO_SPACE);
	panda_close(h);
	CHECK("unlink fill.bin", panda_unlink("file:/mnt/fill.bin"), 0);
	CHECK("mkdir after freeing", panda_mkdir("file:/mnt/space"), 0);
	CHECK("rmdir", panda_rmdir("file:/mnt/space"), 0);
	panda_logf("ext2_write_test: filled %lu KiB", (unsigned long)(total / 1024));
	panda_log("Test 7 passed");
	return 0;
}

static int test_read_only(void)
{
	panda_handle_t h;

	panda_log("Test 8 - what cannot be written");
	CHECK("create on tarfs", panda_create("file:/initrd/x", 0, &h),
	      -PANDA_ERR_NOT_WRITABLE);
	CHECK("mkdir on tarfs", panda_mkdir("file:/initrd/d"),
	      -PANDA_ERR_NOT_WRITABLE);
	CHECK("unlink on tarfs", panda_unlink("file:/initrd/hello.txt"),
	      -PANDA_ERR_NOT_WRITABLE);
	CHECK("open tarfs file", panda_open("file:/initrd/hello.txt", 0, 0, &h),
	      0);
	CHECK("write tarfs file", panda_write(h, "x", 1),
	      -PANDA_ERR_NOT_WRITABLE);
	CHECK("truncate tarfs file", panda_sys_truncate(h, 0),
	      -PANDA_ERR_NOT_WRITABLE);
	CHECK("sync tarfs file", panda_sys_fsync(h), 0);
	panda_close(h);
	CHECK("create with another scheme",
	      panda_create("block:/pci/storage/0", 0, &h),
	      -PANDA_ERR_NOT_SUPPORTED);
	CHECK("truncate a directory handle",
	      panda_opendir("file:/mnt", &h), 0);
	CHECK("truncate a directory handle", panda_sys_truncate(h, 0),
	      -PANDA_ERR_BAD_HANDLE);
	panda_close(h);
	panda_log("Test 8 passed");
	return 0;
}

/* An executable copied from the initramfs to ext2 runs from there. */
static int test_spawn(void)
{
	panda_handle_t in, out;
	uint8_t *data;
	size_t len;
	panda_child c;
	int err, code;

	panda_log("Test 9 - run a program from ext2");
	err = panda_read_whole_file("file:/initrd/ext2_write_child", &data,
				    &len);
	if (err)
		return failed("read of the helper", err);
	CHECK("mkdir bin", panda_mkdir("file:/mnt/bin"), 0);
	CHECK("create bin/child", panda_create("file:/mnt/bin/child",
					       PANDA_CREATE_EXCLUSIVE, &out), 0);
	CHECK("write bin/child", panda_write(out, data, len), (long)len);
	panda_close(out);
	CHECK("open bin/child", panda_open("file:/mnt/bin/child", 0, 0, &in), 0);
	CHECK("read back", read_all(in, back, sizeof(back)), (long)len);
	CHECK("same bytes", memcmp(back, data, len), 0);
	panda_close(in);
	free(data);
	CHECK("spawn", panda_child_spawn("file:/mnt/bin/child", &c), 0);
	CHECK("wait", panda_child_wait(&c, &code), 0);
	CHECK("exit code", code, 7);
	panda_child_release(&c);
	CHECK("unlink bin/child", panda_unlink("file:/mnt/bin/child"), 0);
	CHECK("rmdir bin", panda_rmdir("file:/mnt/bin"), 0);
	panda_log("Test 9 passed");
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	int err;

	panda_log("ext2_write_test: Starting");
	err = panda_mount("ext2", "/mnt");
	if (err)
		return failed("mount", err);
	panda_log("ext2_write_test: Mounted ext2 at /mnt");
	if (test_create() || test_big() || test_sparse() || test_namespace() ||
	    test_many() || test_unlinked_open() || test_full() ||
	    test_read_only() || test_spawn())
		return 1;
	err = panda_sync();
	if (err)
		return failed("OP_ENVIRONMENT_SYNC", err);
	panda_log("ext2_write_test: All tests passed!");
	return 0;
}
