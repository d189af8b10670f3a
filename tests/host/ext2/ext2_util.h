/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by tests/host/test_ext2_*.c (included once per test binary):
 * images made with e2fsprogs in a private temporary directory, a
 * file-backed ext2_dev, and the e2fsck / debugfs checks of fs.md 10, 12.
 *
 * Each Criterion test runs in its own process, so the state below is per
 * test; ext2_setup/ext2_teardown are the .init/.fini of every test.
 */
#ifndef _TESTS_HOST_EXT2_UTIL_H
#define _TESTS_HOST_EXT2_UTIL_H

#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <lib/ext2.h>
#include <uapi/panda/errno.h>

#define U __attribute__((unused))

#define E_IO		(-PANDA_ERR_IO)
#define E_NOENT		(-PANDA_ERR_NOT_FOUND)
#define E_NOTDIR	(-PANDA_ERR_NOT_A_DIRECTORY)
#define E_ISDIR		(-PANDA_ERR_IS_A_DIRECTORY)
#define E_INVAL		(-PANDA_ERR_INVALID_ARGUMENT)
#define E_ROFS		(-PANDA_ERR_NOT_WRITABLE)
#define E_NOSPC		(-PANDA_ERR_NO_SPACE)
#define E_EXIST		(-PANDA_ERR_ALREADY_EXISTS)
#define E_NOTEMPTY	(-PANDA_ERR_NOT_EMPTY)
#define E_BUSY		(-PANDA_ERR_BUSY)
#define E_NOTSUP	(-PANDA_ERR_NOT_SUPPORTED)

/* ---------------------------------------------------------------- state */

static char t_dir[64];		/* private temporary directory */
static char t_img[128];		/* t_dir/img */
static char t_tree[128];	/* t_dir/tree, for mke2fs -d */
static char t_mke2fs[64], t_e2fsck[64], t_debugfs[64];

struct filedev {
	int fd;
	uint64_t reads, writes, flushes;
	bool oob;		/* a request past nr_sectors was made */
	long fail_reads_after;	/* -1: never; else fail once count reached */
	long fail_writes_after;
};

static struct filedev t_dev = { .fd = -1 };
static struct ext2_dev t_edev;
static uint64_t t_allocs;	/* live allocations through t_alloc */

static U void *t_malloc(void *ctx, size_t n)
{
	(void)ctx;
	t_allocs++;
	return malloc(n);
}

static U void t_mfree(void *ctx, void *p)
{
	(void)ctx;
	if (p)
		t_allocs--;
	free(p);
}

static const struct ext2_alloc t_alloc = { t_malloc, t_mfree, NULL };

static U uint32_t t_clock(void *ctx)
{
	(void)ctx;
	return 1700000000u;
}

static const struct ext2_mount_opts t_opts_rw = { 0, t_clock, NULL };
static const struct ext2_mount_opts t_opts_ro = {
	EXT2_MOUNT_RDONLY, t_clock, NULL
};

/* ---------------------------------------------------------------- tools */

static bool find_tool(const char *name, char *out, size_t size)
{
	static const char *const dirs[] = {
		"/sbin", "/usr/sbin", "/bin", "/usr/bin", "/usr/local/sbin",
	};
	const char *path = getenv("PATH");
	char buf[512];
	size_t i;

	if (path) {
		const char *p = path;

		while (*p) {
			const char *e = strchr(p, ':');
			size_t l = e ? (size_t)(e - p) : strlen(p);

			if (l && l < 400) {
				snprintf(buf, sizeof(buf), "%.*s/%s", (int)l,
					 p, name);
				if (!access(buf, X_OK)) {
					snprintf(out, size, "%s", buf);
					return true;
				}
			}
			p += l + (e ? 1 : 0);
		}
	}
	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(buf, sizeof(buf), "%s/%s", dirs[i], name);
		if (!access(buf, X_OK)) {
			snprintf(out, size, "%s", buf);
			return true;
		}
	}
	return false;
}

static U int run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static U int run(const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	if (st == -1 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

/* Run a command and capture its output (stdout and stderr). */
static U int run_capture(char *out, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static U int run_capture(char *out, size_t size, const char *fmt, ...)
{
	char cmd[2048];
	va_list ap;
	size_t n = 0;
	FILE *f;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	f = popen(cmd, "r");
	cr_assert_not_null(f, "popen %s", cmd);
	while (n + 1 < size) {
		size_t r = fread(out + n, 1, size - 1 - n, f);

		if (!r)
			break;
		n += r;
	}
	out[n] = '\0';
	/* Drain whatever did not fit. */
	while (fgetc(f) != EOF)
		;
	st = pclose(f);
	if (st == -1 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

/* ---------------------------------------------------------------- fixtures */

static U void ext2_setup(void)
{
	if (!find_tool("mke2fs", t_mke2fs, sizeof(t_mke2fs)) ||
	    !find_tool("e2fsck", t_e2fsck, sizeof(t_e2fsck)) ||
	    !find_tool("debugfs", t_debugfs, sizeof(t_debugfs)))
		cr_skip_test("e2fsprogs (mke2fs, e2fsck, debugfs) not found: "
			     "install the e2fsprogs package to run ext2 tests");
	snprintf(t_dir, sizeof(t_dir), "/tmp/panda-ext2.XXXXXX");
	cr_assert_not_null(mkdtemp(t_dir));
	snprintf(t_img, sizeof(t_img), "%s/img", t_dir);
	snprintf(t_tree, sizeof(t_tree), "%s/tree", t_dir);
	cr_assert_eq(mkdir(t_tree, 0755), 0);
}

static U void ext2_teardown(void)
{
	if (t_dev.fd >= 0)
		close(t_dev.fd);
	t_dev.fd = -1;
	if (t_dir[0] && strncmp(t_dir, "/tmp/panda-ext2.", 16) == 0)
		run("rm -rf '%s'", t_dir);
}

/* ---------------------------------------------------------------- images */

/* mke2fs -t ext2 with extra options; tree: populate from t_tree. */
static U void mkfs(const char *opts, const char *size, bool tree)
{
	char out[4096];
	int st;

	st = run_capture(out, sizeof(out),
			 "%s -q -F -t ext2 %s %s%s '%s' %s 2>&1", t_mke2fs,
			 opts, tree ? "-d " : "", tree ? t_tree : "", t_img,
			 size);
	cr_assert_eq(st, 0, "mke2fs %s failed:\n%s", opts, out);
}

/* Write a file into the tree (path relative to it). */
static U void tree_file(const char *rel, const void *data, size_t len)
{
	char p[512];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", t_tree, rel);
	f = fopen(p, "wb");
	cr_assert_not_null(f, "fopen %s", p);
	if (len)
		cr_assert_eq(fwrite(data, 1, len, f), len);
	cr_assert_eq(fclose(f), 0);
}

static U void tree_dir(const char *rel)
{
	char p[512];

	snprintf(p, sizeof(p), "%s/%s", t_tree, rel);
	cr_assert_eq(mkdir(p, 0755), 0, "mkdir %s", p);
}

/* Run debugfs commands (one per line) on the image, read-write. */
static U void debugfs_w(const char *cmds)
{
	char script[256], out[8192];
	FILE *f;
	int st;

	snprintf(script, sizeof(script), "%s/debugfs.cmd", t_dir);
	f = fopen(script, "w");
	cr_assert_not_null(f);
	fputs(cmds, f);
	fclose(f);
	st = run_capture(out, sizeof(out), "%s -w -f '%s' '%s' 2>&1",
			 t_debugfs, script, t_img);
	cr_assert_eq(st, 0, "debugfs failed:\n%s", out);
}

/* A value printed by debugfs -R "<cmd>" (first number in its output). */
static U long long debugfs_num(const char *cmd)
{
	char out[4096];
	const char *p;

	run_capture(out, sizeof(out), "%s -R '%s' '%s' 2>/dev/null",
		    t_debugfs, cmd, t_img);
	for (p = out; *p && (*p < '0' || *p > '9'); p++)
		;
	cr_assert(*p, "no number from debugfs %s: %s", cmd, out);
	return strtoll(p, NULL, 10);
}

/* Contents of a file according to debugfs: malloc'd, *len set. */
static U uint8_t *debugfs_cat(const char *path, size_t *len)
{
	char cmd[1024];
	size_t cap = 1 << 16, n = 0;
	uint8_t *buf = malloc(cap);
	FILE *f;

	snprintf(cmd, sizeof(cmd), "%s -R 'cat \"%s\"' '%s' 2>/dev/null",
		 t_debugfs, path, t_img);
	f = popen(cmd, "r");
	cr_assert_not_null(f);
	for (;;) {
		size_t r;

		if (n == cap) {
			cap *= 2;
			buf = realloc(buf, cap);
		}
		r = fread(buf + n, 1, cap - n, f);
		if (!r)
			break;
		n += r;
	}
	pclose(f);
	*len = n;
	return buf;
}

/*
 * e2fsck -fn must exit 0 and print nothing but its banner, the five pass
 * headings and the summary line (fs.md 10).
 */
static U void fsck_clean(void)
{
	static char out[65536];
	char *line, *save = NULL;
	int st;

	st = run_capture(out, sizeof(out), "%s -fn '%s' 2>&1", t_e2fsck,
			 t_img);
	cr_assert_eq(st, 0, "e2fsck exit %d:\n%s", st, out);
	for (line = strtok_r(out, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "e2fsck ", 7) ||
		    !strncmp(line, "Pass ", 5) ||
		    (strstr(line, " files (") && strstr(line, " blocks")))
			continue;
		cr_assert_fail("e2fsck reported: '%s'", line);
	}
}

/* Patch bytes of the image. */
static U void poke(uint64_t off, const void *data, size_t len)
{
	int fd = open(t_img, O_WRONLY);

	cr_assert_geq(fd, 0);
	cr_assert_eq(pwrite(fd, data, len, (off_t)off), (ssize_t)len);
	close(fd);
}

static U void peek(uint64_t off, void *data, size_t len)
{
	int fd = open(t_img, O_RDONLY);

	cr_assert_geq(fd, 0);
	cr_assert_eq(pread(fd, data, len, (off_t)off), (ssize_t)len);
	close(fd);
}

static U void poke16(uint64_t off, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) };

	poke(off, b, 2);
}

static U void poke32(uint64_t off, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
			 (uint8_t)(v >> 24) };

	poke(off, b, 4);
}

static U uint32_t peek32(uint64_t off)
{
	uint8_t b[4];

	peek(off, b, 4);
	return b[0] | (b[1] << 8) | (b[2] << 16) | ((uint32_t)b[3] << 24);
}

/* ---------------------------------------------------------------- device */

static int fd_read(void *ctx, uint64_t sector, uint32_t count, void *buf)
{
	struct filedev *d = ctx;
	size_t len = (size_t)count * t_edev.sector_size;

	if (sector + count > t_edev.nr_sectors || !count) {
		d->oob = true;
		return -1;
	}
	if (d->fail_reads_after >= 0 &&
	    (long)d->reads >= d->fail_reads_after)
		return -1;
	d->reads++;
	if (pread(d->fd, buf, len, (off_t)(sector * t_edev.sector_size)) !=
	    (ssize_t)len)
		return -1;
	return 0;
}

static int fd_write(void *ctx, uint64_t sector, uint32_t count,
		    const void *buf)
{
	struct filedev *d = ctx;
	size_t len = (size_t)count * t_edev.sector_size;

	if (sector + count > t_edev.nr_sectors || !count) {
		d->oob = true;
		return -1;
	}
	if (d->fail_writes_after >= 0 &&
	    (long)d->writes >= d->fail_writes_after)
		return -1;
	d->writes++;
	if (pwrite(d->fd, buf, len, (off_t)(sector * t_edev.sector_size)) !=
	    (ssize_t)len)
		return -1;
	return 0;
}

static int fd_flush(void *ctx)
{
	struct filedev *d = ctx;

	d->flushes++;
	return fsync(d->fd) ? -1 : 0;
}

/* Open the image as a device of sector_size-byte sectors. */
static U const struct ext2_dev *dev_open(uint32_t sector_size)
{
	struct stat st;

	if (t_dev.fd >= 0)
		close(t_dev.fd);
	memset(&t_dev, 0, sizeof(t_dev));
	t_dev.fail_reads_after = t_dev.fail_writes_after = -1;
	t_dev.fd = open(t_img, O_RDWR);
	cr_assert_geq(t_dev.fd, 0);
	cr_assert_eq(fstat(t_dev.fd, &st), 0);
	t_edev.ctx = &t_dev;
	t_edev.sector_size = sector_size;
	t_edev.nr_sectors = (uint64_t)st.st_size / sector_size;
	t_edev.read = fd_read;
	t_edev.write = fd_write;
	t_edev.flush = fd_flush;
	return &t_edev;
}

static U struct ext2_fs *mount_opts(const struct ext2_mount_opts *o)
{
	struct ext2_fs *fs = NULL;
	const char *why = NULL;
	int ret;

	ret = ext2_mount(dev_open(512), &t_alloc, o, &fs, &why);
	cr_assert_eq(ret, 0, "mount: %d (%s)", ret, why ? why : "");
	cr_assert_not_null(fs);
	return fs;
}

static U struct ext2_fs *mount_rw(void)
{
	struct ext2_fs *fs = mount_opts(&t_opts_rw);
	struct ext2_info info;

	ext2_get_info(fs, &info);
	cr_assert(!info.rdonly, "mounted read-only: %s", info.rdonly_reason);
	return fs;
}

static U void umount_ok(struct ext2_fs *fs)
{
	cr_assert_eq(ext2_unmount(fs), 0);
	cr_assert(!t_dev.oob, "request past the end of the device");
	cr_assert_eq(t_allocs, 0, "%llu allocations leaked",
		     (unsigned long long)t_allocs);
}

/* Mount result only. */
static U int try_mount(const struct ext2_mount_opts *o, struct ext2_fs **fs,
		       const char **why)
{
	*fs = NULL;
	return ext2_mount(dev_open(512), &t_alloc, o, fs, why);
}

/* ---------------------------------------------------------------- helpers */

static U void fill_random(void *buf, size_t len, uint64_t seed)
{
	uint8_t *p = buf;
	uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;
	size_t i;

	for (i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		p[i] = (uint8_t)(x >> 24);
	}
}

/* Whole file through the library (malloc'd). */
static U uint8_t *read_all(struct ext2_fs *fs, const char *path, size_t *len)
{
	struct ext2_stat st;
	uint32_t ino;
	uint8_t *buf;
	int64_t n;

	cr_assert_eq(ext2_lookup(fs, path, &ino), 0, "lookup %s", path);
	cr_assert_eq(ext2_stat_ino(fs, ino, &st), 0);
	buf = malloc(st.size + 1);
	cr_assert_not_null(buf);
	n = ext2_read(fs, ino, 0, buf, st.size + 1);
	cr_assert_eq(n, (int64_t)st.size, "read %s: %lld of %llu", path,
		     (long long)n, (unsigned long long)st.size);
	*len = (size_t)n;
	return buf;
}

static U void expect_content(struct ext2_fs *fs, const char *path,
			     const void *data, size_t len)
{
	size_t n;
	uint8_t *got = read_all(fs, path, &n);

	cr_assert_eq(n, len, "%s: size %zu, want %zu", path, n, len);
	cr_assert(!len || !memcmp(got, data, len), "%s: contents differ",
		  path);
	free(got);
}

/* The same through debugfs, after unmounting. */
static U void expect_debugfs(const char *path, const void *data, size_t len)
{
	size_t n;
	uint8_t *got = debugfs_cat(path, &n);

	cr_assert_eq(n, len, "debugfs %s: size %zu, want %zu", path, n, len);
	cr_assert(!len || !memcmp(got, data, len),
		  "debugfs %s: contents differ", path);
	free(got);
}

static U uint32_t create(struct ext2_fs *fs, const char *path)
{
	uint32_t ino;
	int ret = ext2_open(fs, path, EXT2_O_CREATE | EXT2_O_EXCL, &ino);

	cr_assert_eq(ret, 0, "create %s: %d", path, ret);
	return ino;
}

static U void write_file(struct ext2_fs *fs, const char *path,
			 const void *data, size_t len)
{
	uint32_t ino;

	cr_assert_eq(ext2_open(fs, path, EXT2_O_CREATE | EXT2_O_TRUNC, &ino),
		     0, "open %s", path);
	cr_assert_eq(ext2_write(fs, ino, 0, data, len), (int64_t)len,
		     "write %s", path);
	cr_assert_eq(ext2_close(fs, ino), 0);
}

/* Directory listing as "name/" for directories, "name" otherwise. */
struct listing {
	char names[4096][260];
	int n;
};

static int list_cb(void *arg, const char *name, size_t len, bool is_dir)
{
	struct listing *l = arg;

	cr_assert_lt(l->n, 4096);
	cr_assert(len > 0 && len <= 255);
	snprintf(l->names[l->n], sizeof(l->names[0]), "%.*s%s", (int)len,
		 name, is_dir ? "/" : "");
	l->n++;
	return 0;
}

static U struct listing *list(struct ext2_fs *fs, const char *path)
{
	struct listing *l = calloc(1, sizeof(*l));
	int ret;

	cr_assert_not_null(l);
	ret = ext2_readdir(fs, path, list_cb, l);
	cr_assert_eq(ret, 0, "readdir %s: %d", path, ret);
	return l;
}

static U bool listed(const struct listing *l, const char *name)
{
	int i;

	for (i = 0; i < l->n; i++) {
		if (!strcmp(l->names[i], name))
			return true;
	}
	return false;
}

#endif /* _TESTS_HOST_EXT2_UTIL_H */
