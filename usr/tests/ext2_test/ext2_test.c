// SPDX-License-Identifier: GPL-2.0
/*
 * ext2_test (tests.md 3, fs.md 3, 8, 12) on the 10 MiB image of
 * tests.md 1.7: mount ext2 at /mnt, read hello.txt, subdir/nested.txt,
 * a/b/c/deep.txt and large.bin (1 KiB calls until 0: exactly 8192
 * bytes); then listings, stat and seek, lookups that fail, and the
 * mount errors of fs.md 2.4 and 3, also through MOUNT_DEVICE; and
 * symbolic links followed in lookups (disk.debugfs adds them).
 */
#include <panda/panda.h>
#include <string.h>

static char buf[8192 + 1];

static int fail(const char *what, long got)
{
	panda_logf("FAIL: %s: %ld (%s)", what, got, panda_errname((int)got));
	return 1;
}

/* Reads a whole file into buf (NUL-terminated); returns its length. */
static long slurp(const char *uri)
{
	panda_handle_t h;
	long n, total = 0;
	int err = panda_open(uri, 0, 0, &h);

	if (err)
		return err;
	while ((n = panda_read(h, buf + total, 1024)) > 0)
		if ((total += n) >= (long)sizeof(buf) - 1024)
			break;
	panda_close(h);
	if (n < 0)
		return n;
	buf[total] = '\0';
	return total;
}

/* uri reads as a non-empty text containing want (if not NULL). */
static int check_text(const char *uri, const char *want)
{
	long n = slurp(uri);

	if (n <= 0)
		return fail(uri, n);
	if (want && !strstr(buf, want)) {
		panda_logf("FAIL: %s does not contain '%s'", uri, want);
		return 1;
	}
	return 0;
}

static int test_read(int k, const char *topic, const char *uri,
		     const char *want)
{
	panda_logf("Test %d - %s", k, topic);
	if (check_text(uri, want))
		return 1;
	panda_logf("Test %d passed", k);
	return 0;
}

static int test_large(void)
{
	panda_handle_t h;
	long n, total = 0;
	int err;

	panda_log("Test 4 - read large.bin in 1 KiB chunks");
	err = panda_open("file:/mnt/large.bin", 0, 0, &h);
	if (err)
		return fail("open large.bin", err);
	while ((n = panda_read(h, buf, 1024)) > 0)
		total += n;
	if (n < 0)
		return fail("read of large.bin", n);
	if (total != 8192)
		return fail("large.bin length", total);
	panda_close(h);
	panda_log("Test 4 passed");
	return 0;
}

/* The names of a listing, as " a b c " (order as on disk). */
static int list(const char *uri, char *out, size_t cap)
{
	struct panda_dirent e;
	panda_handle_t h;
	size_t len = 1;
	int err, r;

	err = panda_opendir(uri, &h);
	if (err)
		return err;
	strcpy(out, " ");
	while ((r = panda_readdir(h, &e)) == 1) {
		if (len + e.name_len + 3 >= cap)
			break;
		memcpy(out + len, e.name, e.name_len);
		len += e.name_len;
		if (e.is_dir)
			out[len++] = '/';
		out[len++] = ' ';
		out[len] = '\0';
	}
	panda_close(h);
	return r < 0 ? r : 0;
}

static int test_listing(void)
{
	static const char *const root[] = { " lost+found/ ", " subdir/ ",
		" a/ ", " hello.txt ", " large.bin " };
	char names[512];
	unsigned int i;
	int err;

	panda_log("Test 5 - list directories");
	err = list("file:/mnt", names, sizeof(names));
	if (err)
		return fail("listing /mnt", err);
	for (i = 0; i < sizeof(root) / sizeof(root[0]); i++) {
		if (!strstr(names, root[i])) {
			panda_logf("FAIL: /mnt lists '%s', no '%s'", names,
				   root[i]);
			return 1;
		}
	}
	if (strstr(names, " . ") || strstr(names, " ./ ") ||
	    strstr(names, " ../ ")) {
		panda_logf("FAIL: /mnt lists . or ..: '%s'", names);
		return 1;
	}
	err = list("file:/mnt/a/b", names, sizeof(names));
	if (err || strcmp(names, " c/ "))
		return fail("listing /mnt/a/b", err);
	err = list("file:/", names, sizeof(names));
	if (err || !strstr(names, " mnt/ ") || !strstr(names, " initrd/ ")) {
		panda_logf("FAIL: / lists '%s'", names);
		return 1;
	}
	panda_log("Test 5 passed");
	return 0;
}

static int test_stat_seek(void)
{
	struct panda_file_stat st;
	panda_handle_t h;
	long n;
	int err;

	panda_log("Test 6 - stat and seek");
	err = panda_stat_path("file:/mnt/subdir", &st);
	if (err || !st.is_dir)
		return fail("stat of a directory", err);
	err = panda_open("file:/mnt/hello.txt", 0, 0, &h);
	if (err)
		return fail("open hello.txt", err);
	if (panda_fstat(h, &st) || st.size != 17 || st.is_dir)
		return fail("stat of hello.txt", (long)st.size);
	if (panda_seek(h, -6, PANDA_SEEK_END) != 11)
		return fail("SEEK_END", 0);
	n = panda_read(h, buf, 100);
	if (n != 6 || memcmp(buf, "ext2!\n", 6))
		return fail("read after SEEK_END", n);
	if (panda_seek(h, 1000, PANDA_SEEK_SET) != 1000 ||
	    panda_read(h, buf, 10) != 0)
		return fail("read past the end", 0);
	if (panda_seek(h, -2000, PANDA_SEEK_CUR) !=
	    -PANDA_ERR_INVALID_OFFSET)
		return fail("negative seek", 0);
	/* A read-write mount: the handle can write, but this test does not. */
	panda_close(h);
	panda_log("Test 6 passed");
	return 0;
}

static int expect(const char *what, int got, int want)
{
	if (got == want)
		return 0;
	panda_logf("FAIL: %s: %d (%s), expected %d (%s)", what, got,
		   panda_errname(got), want, panda_errname(want));
	return 1;
}

static int test_errors(void)
{
	panda_handle_t h;
	int bad = 0;

	panda_log("Test 7 - lookups and mounts that fail");
	bad |= expect("missing file", panda_open("file:/mnt/nope.txt", 0, 0, &h),
		      -PANDA_ERR_NOT_FOUND);
	bad |= expect("through a file",
		      panda_open("file:/mnt/hello.txt/x", 0, 0, &h),
		      -PANDA_ERR_NOT_A_DIRECTORY);
	bad |= expect("listing a file", panda_opendir("file:/mnt/hello.txt", &h),
		      -PANDA_ERR_NOT_A_DIRECTORY);
	bad |= expect("mount on a mount point", panda_mount("ext2", "/mnt"),
		      -PANDA_ERR_ALREADY_EXISTS);
	bad |= expect("mount of a mounted device", panda_mount("ext2", "/mnt2"),
		      -PANDA_ERR_BUSY);
	bad |= expect("unknown type", panda_mount("fat", "/fat"),
		      -PANDA_ERR_NOT_SUPPORTED);
	bad |= expect("mount on /initrd", panda_mount("ext2", "/initrd"),
		      -PANDA_ERR_ALREADY_EXISTS);
	bad |= expect("relative mount point", panda_mount("ext2", "mnt3"),
		      -PANDA_ERR_INVALID_ARGUMENT);
	/* MOUNT_DEVICE (services.md 13.5): the device named by a URI. */
	bad |= expect("mount_device of the mounted disk",
		      panda_mount_device("ext2",
					 "block:/pci/storage/0", "/mnt3"),
		      -PANDA_ERR_BUSY);
	bad |= expect("mount_device by address",
		      panda_mount_device("ext2", "block:/pci/00:04.0", "/mnt3"),
		      -PANDA_ERR_BUSY);
	bad |= expect("mount_device of no disk",
		      panda_mount_device("ext2",
					 "block:/pci/storage/1", "/mnt3"),
		      -PANDA_ERR_NOT_FOUND);
	bad |= expect("mount_device of a keyboard",
		      panda_mount_device("ext2",
					 "keyboard:/pci/input/0", "/mnt3"),
		      -PANDA_ERR_NOT_SUPPORTED);
	bad |= expect("mount_device on a mount point",
		      panda_mount_device("ext2",
					 "block:/pci/storage/0", "/mnt"),
		      -PANDA_ERR_ALREADY_EXISTS);
	bad |= expect("mount_device of another type",
		      panda_mount_device("tarfs",
					 "block:/pci/storage/0", "/mnt3"),
		      -PANDA_ERR_NOT_SUPPORTED);
	if (bad)
		return 1;
	panda_log("Test 7 passed");
	return 0;
}

/*
 * disk.debugfs adds /links to this suite's image: rel -> ../hello.txt,
 * abs -> /a/b/c/deep.txt (absolute: from the root of the file system,
 * not of the VFS), dir -> ../a/b, slow (a 62-byte target, kept in a data
 * block), up -> dir/c/../../.. (the root), loop -> loop, dangling -> nope.
 */
static int test_symlinks(void)
{
	struct panda_file_stat st;
	panda_handle_t h;
	char names[256];
	int err, bad = 0;

	panda_log("Test 8 - symbolic links");
	if (check_text("file:/mnt/links/rel", "Hello from ext2") ||
	    check_text("file:/mnt/links/abs", "Deep file") ||
	    check_text("file:/mnt/links/slow", "Deep file") ||
	    check_text("file:/mnt/links/dir/c/deep.txt", "Deep file") ||
	    check_text("file:/mnt/links/up/hello.txt", "Hello from ext2"))
		return 1;
	err = panda_stat_path("file:/mnt/links/dir", &st);
	if (err || !st.is_dir)
		return fail("stat of a link to a directory", err);
	err = list("file:/mnt/links/dir", names, sizeof(names));
	if (err || strcmp(names, " c/ "))
		return fail("listing through a link", err);
	err = list("file:/mnt/links", names, sizeof(names));
	if (err || strcmp(names, " rel abs dir slow up loop dangling ")) {
		panda_logf("FAIL: /mnt/links lists '%s' (%d)", names, err);
		return 1;
	}
	bad |= expect("a link to itself", panda_open("file:/mnt/links/loop",
						     0, 0, &h),
		      -PANDA_ERR_IO);
	bad |= expect("through a loop", panda_open("file:/mnt/links/loop/x",
						   0, 0, &h),
		      -PANDA_ERR_IO);
	bad |= expect("a dangling link",
		      panda_open("file:/mnt/links/dangling", 0, 0, &h),
		      -PANDA_ERR_NOT_FOUND);
	if (bad)
		return 1;
	panda_log("Test 8 passed");
	return 0;
}

/* OP_FILE_BLOCK_STATS on an ext2 file: the counters of its disk. */
static int test_block_stats(void)
{
	struct panda_block_stats st;
	panda_handle_t h;
	int err;

	panda_log("Test 9 - block device counters of an ext2 file");
	err = panda_open("file:/mnt/large.bin", 0, 0, &h);
	if (err)
		return fail("open large.bin", err);
	err = panda_block_stats(h, &st);
	panda_close(h);
	if (err)
		return fail("OP_FILE_BLOCK_STATS", err);
	/* Everything read so far came through this disk. */
	if (st.read_reqs == 0 || st.sectors_read < 8192 / 512 ||
	    ((st.features & PANDA_BLOCK_F_CACHE) &&
	     st.cache_hits + st.cache_misses == 0)) {
		panda_logf("FAIL: counters: %llu requests, %llu sectors, %llu "
			   "hits, %llu misses", (unsigned long long)st.read_reqs,
			   (unsigned long long)st.sectors_read,
			   (unsigned long long)st.cache_hits,
			   (unsigned long long)st.cache_misses);
		return 1;
	}
	panda_logf("ext2_test: %llu read requests, %llu sectors so far",
		   (unsigned long long)st.read_reqs,
		   (unsigned long long)st.sectors_read);
	panda_log("Test 9 passed");
	return 0;
}

/* OP_ENVIRONMENT_UNMOUNT: Busy while a file is open, then gone. */
static int test_unmount(void)
{
	struct panda_file_stat st;
	struct panda_dirent e;
	panda_handle_t h, d;
	int bad = 0, err;

	panda_log("Test 10 - unmount and mount again");
	err = panda_open("file:/mnt/hello.txt", 0, 0, &h);
	if (err)
		return fail("open hello.txt", err);
	bad |= expect("unmount with a file open", panda_unmount("/mnt"),
		      -PANDA_ERR_BUSY);
	panda_close(h);
	/* A directory handle is a snapshot: it does not hold the mount. */
	err = panda_opendir("file:/mnt/a", &d);
	if (err)
		return fail("opendir /mnt/a", err);
	bad |= expect("unmount", panda_unmount("/mnt/"), 0);
	bad |= expect("stat after unmount",
		      panda_stat_path("file:/mnt/hello.txt", &st),
		      -PANDA_ERR_NOT_FOUND);
	bad |= expect("unmount again", panda_unmount("/mnt"),
		      -PANDA_ERR_NOT_FOUND);
	bad |= expect("unmount of the initrd", panda_unmount("/initrd"),
		      -PANDA_ERR_NOT_SUPPORTED);
	bad |= expect("unmount of a relative path", panda_unmount("mnt"),
		      -PANDA_ERR_INVALID_ARGUMENT);
	bad |= expect("unmount of /", panda_unmount("/"),
		      -PANDA_ERR_NOT_FOUND);
	if (bad)
		return 1;
	err = panda_readdir(d, &e);
	if (err != 1 || e.name_len != 1 || e.name[0] != 'b')
		return fail("listing held over the unmount", err);
	panda_close(d);
	/* The device is free again; what was read is on it. */
	err = panda_mount("ext2", "/mnt2");
	if (err)
		return fail("mount at /mnt2", err);
	if (check_text("file:/mnt2/hello.txt", "Hello from ext2") ||
	    check_text("file:/mnt2/links/abs", "Deep file"))
		return 1;
	panda_log("Test 10 passed");
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	int err;

	panda_log("ext2_test: Starting");
	panda_log("ext2_test: Mounting ext2 at /mnt");
	err = panda_mount("ext2", "/mnt");
	if (err)
		return fail("mount", err);
	panda_log("ext2_test: Mounted ext2 at /mnt");
	if (test_read(1, "read hello.txt", "file:/mnt/hello.txt",
		      "Hello from ext2") ||
	    test_read(2, "read subdir/nested.txt", "file:/mnt/subdir/nested.txt",
		      NULL) ||
	    test_read(3, "read a/b/c/deep.txt", "file:/mnt/a/b/c/deep.txt",
		      "Deep file") ||
	    test_large() || test_listing() || test_stat_seek() ||
	    test_errors() || test_symlinks() || test_block_stats() ||
	    test_unmount())
		return 1;
	panda_log("ext2_test: All tests passed!");
	return 0;
}
