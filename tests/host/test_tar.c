// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for lib/tar.c.  Archives are built in memory by a small ustar
 * writer below; one test also reads archives made by the host's tar(1).
 */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <lib/string.h>
#include <lib/tar.h>

#include "ref_libc.h"

/* ---------------------------------------------------------------- writer */

struct tw {
	unsigned char *buf;
	size_t len, cap;
};

static void tw_reserve(struct tw *w, size_t more)
{
	if (w->len + more <= w->cap)
		return;
	while (w->len + more > w->cap)
		w->cap = w->cap ? w->cap * 2 : 4096;
	w->buf = realloc(w->buf, w->cap);
	cr_assert_not_null(w->buf);
}

static void octal(unsigned char *field, size_t len, uint64_t v)
{
	/* len - 1 zero-padded digits and a NUL, as GNU tar writes them. */
	size_t i = len - 1;

	field[i] = '\0';
	while (i--) {
		field[i] = (unsigned char)('0' + (v & 7));
		v >>= 3;
	}
}

static void set_checksum(unsigned char *h)
{
	unsigned int sum = 0, i;

	memset(h + 148, ' ', 8);
	for (i = 0; i < 512; i++)
		sum += h[i];
	/* "%06o\0 " */
	octal(h + 148, 7, sum);
	h[155] = ' ';
}

static void set_checksum_signed(unsigned char *h)
{
	int sum = 0, i;

	memset(h + 148, ' ', 8);
	for (i = 0; i < 512; i++)
		sum += (signed char)h[i];
	cr_assert_geq(sum, 0);
	octal(h + 148, 7, (unsigned int)sum);
	h[155] = ' ';
}

/* Append one member; returns the offset of its header. */
static size_t tw_add(struct tw *w, const char *name, char type,
		     const void *data, size_t size, const char *link)
{
	size_t off = w->len, nlen = strlen(name), pad;
	unsigned char *h;

	tw_reserve(w, 512 + size + 512);
	h = w->buf + off;
	memset(h, 0, 512);
	if (nlen > 100) {
		/* Split at a '/' into prefix (<= 155) and name (<= 100). */
		const char *slash = name + nlen - 101;

		while (*slash != '/')
			slash++;
		cr_assert_leq((size_t)(slash - name), 155);
		memcpy(h + 345, name, (size_t)(slash - name));
		memcpy(h, slash + 1, nlen - (size_t)(slash - name) - 1);
	} else {
		memcpy(h, name, nlen);
	}
	octal(h + 100, 8, 0644);
	octal(h + 108, 8, 1000);
	octal(h + 116, 8, 100);
	octal(h + 124, 12, size);
	octal(h + 136, 12, 1700000000);
	h[156] = (unsigned char)type;
	if (link)
		memcpy(h + 157, link, strlen(link));
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	memcpy(h + 265, "user", 4);
	memcpy(h + 297, "group", 5);
	set_checksum(h);
	w->len += 512;

	if (size)
		memcpy(w->buf + w->len, data, size);
	pad = (512 - size % 512) % 512;
	memset(w->buf + w->len + size, 0, pad);
	w->len += size + pad;
	return off;
}

static size_t tw_file(struct tw *w, const char *name, const char *text)
{
	return tw_add(w, name, '0', text, strlen(text), NULL);
}

static void tw_end(struct tw *w)
{
	tw_reserve(w, 1024);
	memset(w->buf + w->len, 0, 1024);
	w->len += 1024;
}

/* Exact-size heap copy so that ASan catches any read past the end. */
static unsigned char *exact_copy(const void *p, size_t n)
{
	unsigned char *c = malloc(n ? n : 1);

	cr_assert_not_null(c);
	if (n)
		memcpy(c, p, n);
	return c;
}

/*
 * Iterate an archive checking the reader's guarantees.  Returns the final
 * tar_next() result (0 or negative) and the number of entries in *count.
 */
static int walk(const unsigned char *data, size_t size, int *count)
{
	struct tar_iter it;
	struct tar_entry e;
	int ret, n = 0;

	cr_assert_eq(tar_iter_init(&it, data, size), 0);
	while ((ret = tar_next(&it, &e)) == 1) {
		const unsigned char *d = e.data;
		size_t len = strnlen(e.name, sizeof(e.name));

		cr_assert_lt(len, sizeof(e.name));
		cr_assert_gt(len, 0);
		cr_assert_lt(strnlen(e.linkname, sizeof(e.linkname)),
			     sizeof(e.linkname));
		cr_assert(d >= data + 512 && d <= data + size);
		cr_assert_leq(e.size, (uint64_t)(data + size - d));
		n++;
		cr_assert_leq((size_t)n, size / 512);
	}
	cr_assert_leq(ret, 0);
	/* End and errors are sticky. */
	cr_assert_eq(tar_next(&it, &e), ret);
	if (count)
		*count = n;
	return ret;
}

/* ---------------------------------------------------------------- tests */

Test(tar, basic_members)
{
	struct tw w = { 0 };
	struct tar_iter it;
	struct tar_entry e;
	static char big[1500];

	memset(big, 'B', sizeof(big));
	tw_file(&w, "hello.txt", "hello, world\n");
	tw_add(&w, "dir/", '5', NULL, 0, NULL);
	tw_add(&w, "dir/big", '0', big, sizeof(big), NULL);
	tw_add(&w, "dir/link", '2', NULL, 0, "../hello.txt");
	tw_add(&w, "empty", '\0', NULL, 0, NULL);
	tw_add(&w, "fifo", '6', NULL, 0, NULL);
	tw_end(&w);

	cr_assert_eq(tar_iter_init(&it, w.buf, w.len), 0);

	cr_assert_eq(tar_next(&it, &e), 1);
	cr_assert_str_eq(e.name, "hello.txt");
	cr_assert_eq(e.type, TAR_TYPE_FILE);
	cr_assert_eq(e.size, 13);
	cr_assert(memcmp(e.data, "hello, world\n", 13) == 0);
	cr_assert_eq(e.mode, 0644);
	cr_assert_eq(e.uid, 1000);
	cr_assert_eq(e.gid, 100);
	cr_assert_eq(e.mtime, 1700000000);
	cr_assert_eq(e.typeflag, '0');

	cr_assert_eq(tar_next(&it, &e), 1);
	cr_assert_str_eq(e.name, "dir");
	cr_assert_eq(e.type, TAR_TYPE_DIR);
	cr_assert_eq(e.size, 0);

	cr_assert_eq(tar_next(&it, &e), 1);
	cr_assert_str_eq(e.name, "dir/big");
	cr_assert_eq(e.size, sizeof(big));
	cr_assert(memcmp(e.data, big, sizeof(big)) == 0);

	cr_assert_eq(tar_next(&it, &e), 1);
	cr_assert_str_eq(e.name, "dir/link");
	cr_assert_eq(e.type, TAR_TYPE_SYMLINK);
	cr_assert_str_eq(e.linkname, "../hello.txt");

	cr_assert_eq(tar_next(&it, &e), 1);
	cr_assert_str_eq(e.name, "empty");
	cr_assert_eq(e.type, TAR_TYPE_FILE);

	cr_assert_eq(tar_next(&it, &e), 1);
	cr_assert_str_eq(e.name, "fifo");
	cr_assert_eq(e.type, TAR_TYPE_OTHER);
	cr_assert_eq(e.typeflag, '6');

	cr_assert_eq(tar_next(&it, &e), 0);
	cr_assert_eq(tar_next(&it, &e), 0);
	free(w.buf);
}

Test(tar, empty_and_null)
{
	struct tar_iter it;
	struct tar_entry e;
	static const unsigned char zeros[1024];

	cr_assert_eq(tar_iter_init(&it, NULL, 0), 0);
	cr_assert_eq(tar_next(&it, &e), 0);
	cr_assert_eq(tar_iter_init(&it, NULL, 512), TAR_EINVAL);
	cr_assert_eq(tar_next(&it, &e), TAR_EINVAL);
	cr_assert_eq(tar_iter_init(NULL, zeros, 512), TAR_EINVAL);
	cr_assert_eq(walk(zeros, 1024, NULL), 0);
	cr_assert_eq(walk(zeros, 512, NULL), 0);	/* one zero block */
	cr_assert_eq(walk(zeros, 100, NULL), TAR_ETRUNC);
	cr_assert_eq(walk(zeros, 600, NULL), TAR_ETRUNC);
	cr_assert_eq(tar_find(zeros, 1024, "x", &e), 0);
	cr_assert_eq(tar_find(zeros, 1024, NULL, &e), TAR_EINVAL);
}

Test(tar, name_normalisation)
{
	struct tw w = { 0 };
	struct tar_iter it;
	struct tar_entry e;

	tw_add(&w, "./", '5', NULL, 0, NULL);
	tw_add(&w, "./bin/", '5', NULL, 0, NULL);
	tw_file(&w, "./bin/sh", "#!");
	tw_file(&w, "/etc/passwd", "root");
	tw_file(&w, "././x", "x");
	tw_file(&w, ".hidden", "h");
	tw_file(&w, "..", "dd");
	tw_end(&w);

	tar_iter_init(&it, w.buf, w.len);
	cr_assert_eq(tar_next(&it, &e), 1);
	cr_assert_str_eq(e.name, ".");
	cr_assert_eq(tar_next(&it, &e), 1);
	cr_assert_str_eq(e.name, "bin");
	cr_assert_eq(tar_next(&it, &e), 1);
	cr_assert_str_eq(e.name, "bin/sh");
	cr_assert_eq(tar_next(&it, &e), 1);
	cr_assert_str_eq(e.name, "etc/passwd");
	cr_assert_eq(tar_next(&it, &e), 1);
	cr_assert_str_eq(e.name, "x");
	cr_assert_eq(tar_next(&it, &e), 1);
	cr_assert_str_eq(e.name, ".hidden");
	cr_assert_eq(tar_next(&it, &e), 1);
	cr_assert_str_eq(e.name, "..");
	cr_assert_eq(tar_next(&it, &e), 0);
	free(w.buf);
}

static void make_path(char *buf, size_t dirlen, size_t baselen)
{
	/* "ddd...d/bbb...b" with the given component lengths */
	memset(buf, 'd', dirlen);
	buf[dirlen] = '/';
	memset(buf + dirlen + 1, 'b', baselen);
	buf[dirlen + 1 + baselen] = '\0';
}

Test(tar, long_names_with_prefix)
{
	struct tw w = { 0 };
	struct tar_entry e;
	char path[300], name100[101];
	unsigned char *h;
	size_t off;

	/* 150 + 1 + 100 = 251 bytes: fits. */
	make_path(path, 150, 100);
	tw_file(&w, path, "long");
	/* A name filling all 100 bytes of its field, no NUL. */
	memset(name100, 'n', 100);
	name100[100] = '\0';
	tw_file(&w, name100, "full");
	tw_end(&w);

	cr_assert_eq(tar_find(w.buf, w.len, path, &e), 1);
	cr_assert_eq(strlen(e.name), 251);
	cr_assert(memcmp(e.data, "long", 4) == 0);
	cr_assert_eq(tar_find(w.buf, w.len, name100, &e), 1);
	cr_assert(memcmp(e.data, "full", 4) == 0);
	free(w.buf);

	/* 155 + 1 + 100 = 256 bytes: too long. */
	memset(&w, 0, sizeof(w));
	make_path(path, 155, 100);
	tw_file(&w, path, "x");
	tw_end(&w);
	cr_assert_eq(walk(w.buf, w.len, NULL), TAR_ENAMETOOLONG);
	free(w.buf);

	/* But 155 + 1 + 99 = 255 is fine. */
	memset(&w, 0, sizeof(w));
	make_path(path, 155, 99);
	off = tw_file(&w, path, "x");
	tw_end(&w);
	cr_assert_eq(walk(w.buf, w.len, NULL), 0);
	cr_assert_eq(tar_find(w.buf, w.len, path, &e), 1);
	cr_assert_eq(strlen(e.name), 255);
	{
		/* Longer queries that normalise to the same 255 bytes. */
		char q[300];

		ref_snprintf(q, sizeof(q), ".//./%s///", path);
		cr_assert_eq(tar_find(w.buf, w.len, q, &e), 1);
		ref_snprintf(q, sizeof(q), "%sX", path);
		cr_assert_eq(tar_find(w.buf, w.len, q, &e), 0);
		/* Too long to match, but corruption is still reported. */
		w.buf[off + 400] ^= 1;
		cr_assert_eq(tar_find(w.buf, w.len, q, &e), TAR_ECHECKSUM);
		w.buf[off + 400] ^= 1;
	}

	/* A prefix filling its whole field (no NUL) stops at the field. */
	h = w.buf + off;
	cr_assert_eq(h[345 + 154], 'd');
	cr_assert_eq(h[500], 0);
	free(w.buf);
}

Test(tar, gnu_magic_ignores_prefix)
{
	struct tw w = { 0 };
	struct tar_entry e;
	size_t off;

	off = tw_file(&w, "gnufile", "gnu");
	memcpy(w.buf + off + 257, "ustar  ", 8);	/* GNU: "ustar  \0" */
	memset(w.buf + off + 345, 'Z', 20);		/* atime etc. in GNU */
	set_checksum(w.buf + off);
	tw_end(&w);

	cr_assert_eq(tar_find(w.buf, w.len, "gnufile", &e), 1);
	cr_assert(memcmp(e.data, "gnu", 3) == 0);
	free(w.buf);
}

Test(tar, bad_magic_and_checksum)
{
	struct tw w = { 0 };
	size_t off;

	off = tw_file(&w, "f", "data");
	tw_end(&w);

	w.buf[off + 262] = '0';		/* "ustar0" */
	set_checksum(w.buf + off);
	cr_assert_eq(walk(w.buf, w.len, NULL), TAR_EBADHDR);
	w.buf[off + 262] = '\0';
	w.buf[off + 263] = '0';
	w.buf[off + 264] = '1';		/* version "01" */
	set_checksum(w.buf + off);
	cr_assert_eq(walk(w.buf, w.len, NULL), TAR_EBADHDR);
	w.buf[off + 264] = '0';
	set_checksum(w.buf + off);
	cr_assert_eq(walk(w.buf, w.len, NULL), 0);

	/* Wrong checksum value, then garbage in the checksum field. */
	w.buf[off + 150] ^= 1;
	cr_assert_eq(walk(w.buf, w.len, NULL), TAR_ECHECKSUM);
	set_checksum(w.buf + off);
	w.buf[off + 149] = 'x';
	cr_assert_eq(walk(w.buf, w.len, NULL), TAR_ECHECKSUM);
	set_checksum(w.buf + off);
	w.buf[off + 3] = 'q';		/* any byte change is caught */
	cr_assert_eq(walk(w.buf, w.len, NULL), TAR_ECHECKSUM);
	free(w.buf);
}

Test(tar, signed_checksum_accepted)
{
	struct tw w = { 0 };
	struct tar_entry e;
	size_t off;

	off = tw_file(&w, "caf\xc3\xa9", "x");
	set_checksum_signed(w.buf + off);
	tw_end(&w);
	cr_assert_eq(tar_find(w.buf, w.len, "caf\xc3\xa9", &e), 1);
	free(w.buf);
}

Test(tar, numeric_fields)
{
	struct tw w = { 0 };
	struct tar_entry e;
	unsigned char *h;
	size_t off;

	off = tw_file(&w, "n", "0123456789");
	tw_end(&w);
	h = w.buf + off;

	/* Leading spaces and space termination are fine. */
	memcpy(h + 124, "        12 ", 12);
	set_checksum(h);
	cr_assert_eq(tar_find(w.buf, w.len, "n", &e), 1);
	cr_assert_eq(e.size, 10);

	/* Empty field reads as 0 (the data block then is a bad header). */
	memset(h + 124, 0, 12);
	set_checksum(h);
	{
		struct tar_iter it;

		tar_iter_init(&it, w.buf, w.len);
		cr_assert_eq(tar_next(&it, &e), 1);
		cr_assert_eq(e.size, 0);
		cr_assert_eq(tar_next(&it, &e), TAR_ECHECKSUM);
	}

	memcpy(h + 124, "0000000001x", 12);
	set_checksum(h);
	cr_assert_eq(walk(w.buf, w.len, NULL), TAR_EBADNUM);
	memcpy(h + 124, "00000 00012", 12);
	set_checksum(h);
	cr_assert_eq(walk(w.buf, w.len, NULL), TAR_EBADNUM);
	memcpy(h + 124, "9", 2);
	set_checksum(h);
	cr_assert_eq(walk(w.buf, w.len, NULL), TAR_EBADNUM);

	/* Huge octal size: valid number, but the data is not there. */
	memcpy(h + 124, "77777777777", 12);
	set_checksum(h);
	cr_assert_eq(walk(w.buf, w.len, NULL), TAR_ETRUNC);

	/* GNU base-256 size. */
	memset(h + 124, 0, 12);
	h[124] = 0x80;
	h[135] = 10;
	set_checksum(h);
	cr_assert_eq(tar_find(w.buf, w.len, "n", &e), 1);
	cr_assert_eq(e.size, 10);
	/* base-256 value needing more than 64 bits */
	h[126] = 1;
	set_checksum(h);
	cr_assert_eq(walk(w.buf, w.len, NULL), TAR_EBADNUM);
	/* 2^64 - 1 fits the type, but not the archive */
	memset(h + 124, 0, 12);
	h[124] = 0x80;
	memset(h + 128, 0xff, 8);
	set_checksum(h);
	cr_assert_eq(walk(w.buf, w.len, NULL), TAR_ETRUNC);
	/* negative base-256 (0xff lead) is rejected */
	memset(h + 124, 0xff, 12);
	set_checksum(h);
	cr_assert_eq(walk(w.buf, w.len, NULL), TAR_EBADNUM);
	memcpy(h + 124, "00000000012", 12);

	/* 12-digit octal mtime overflowing 64 bits is impossible, but a
	 * mode above 07777777 is. */
	memcpy(h + 100, "7777777", 8);
	set_checksum(h);
	cr_assert_eq(tar_find(w.buf, w.len, "n", &e), 1);
	cr_assert_eq(e.mode, 07777);
	memcpy(h + 100, "77777777", 8);	/* no terminator, 8 digits */
	set_checksum(h);
	cr_assert_eq(walk(w.buf, w.len, NULL), TAR_EBADNUM);
	free(w.buf);
}

Test(tar, bad_headers)
{
	struct tw w = { 0 };
	size_t off;

	off = tw_add(&w, "l", '2', NULL, 0, NULL);	/* symlink, no target */
	tw_end(&w);
	cr_assert_eq(walk(w.buf, w.len, NULL), TAR_EBADHDR);
	free(w.buf);

	memset(&w, 0, sizeof(w));
	off = tw_file(&w, "x", "y");
	w.buf[off] = '\0';				/* empty name */
	set_checksum(w.buf + off);
	tw_end(&w);
	cr_assert_eq(walk(w.buf, w.len, NULL), TAR_EBADHDR);
	free(w.buf);

	/* A lone zero block followed by a header is not an end marker. */
	memset(&w, 0, sizeof(w));
	tw_reserve(&w, 512);
	memset(w.buf, 0, 512);
	w.len = 512;
	tw_file(&w, "after", "z");
	tw_end(&w);
	cr_assert_eq(walk(w.buf, w.len, NULL), TAR_EBADHDR);
	free(w.buf);
}

Test(tar, end_without_zero_blocks)
{
	struct tw w = { 0 };
	int n;

	tw_file(&w, "a", "1");
	tw_file(&w, "b", "2");
	cr_assert_eq(walk(w.buf, w.len, &n), 0);
	cr_assert_eq(n, 2);
	/* Trailing record padding after the end marker is ignored. */
	tw_end(&w);
	tw_reserve(&w, 8192);
	memset(w.buf + w.len, 0, 8192);
	w.len += 8192;
	cr_assert_eq(walk(w.buf, w.len, &n), 0);
	cr_assert_eq(n, 2);
	free(w.buf);
}

Test(tar, every_truncation_point)
{
	struct tw w = { 0 };
	static char big[2000];
	size_t cut;

	memset(big, 'q', sizeof(big));
	tw_file(&w, "one", "first file");
	tw_add(&w, "two", '0', big, sizeof(big), NULL);
	tw_add(&w, "three", '5', NULL, 0, NULL);
	tw_end(&w);

	/*
	 * Headers at 0, 1024 and 3584, end blocks at 4096 and 4608.  Only
	 * cuts at those boundaries end cleanly; anything else is truncated.
	 */
	cr_assert_eq(w.len, 5120);
	for (cut = 0; cut <= w.len; cut++) {
		unsigned char *c = exact_copy(w.buf, cut);
		int n, ret = walk(c, cut, &n);
		int want_n = cut < 1024 ? 0 : cut < 3584 ? 1 : cut < 4096 ? 2 : 3;
		bool clean = cut == 0 || cut == 1024 || cut == 3584 ||
			     cut == 4096 || cut == 4608 || cut == 5120;

		cr_assert_eq(ret, clean ? 0 : TAR_ETRUNC, "cut %zu: %d",
			     cut, ret);
		/* An entry whose padding is cut off is still reported. */
		if (cut >= 1024 + 512 + 2000 && cut < 3584)
			want_n = 2;
		if (cut >= 512 + 10 && cut < 1024)
			want_n = 1;
		cr_assert_eq(n, want_n, "cut %zu: %d entries", cut, n);
		free(c);
	}
	free(w.buf);
}

Test(tar, data_past_end)
{
	struct tw w = { 0 };
	size_t off;

	off = tw_file(&w, "f", "abc");
	octal(w.buf + off + 124, 12, 600);	/* claims more than is there */
	set_checksum(w.buf + off);
	cr_assert_eq(walk(w.buf, w.len, NULL), TAR_ETRUNC);
	free(w.buf);
}

Test(tar, find)
{
	struct tw w = { 0 };
	struct tar_entry e;
	size_t off;

	tw_add(&w, "etc/", '5', NULL, 0, NULL);
	tw_file(&w, "etc/motd", "old");
	tw_file(&w, "./bin/init", "init");
	tw_file(&w, "etc/motd", "new");
	tw_end(&w);

	cr_assert_eq(tar_find(w.buf, w.len, "etc/motd", &e), 1);
	cr_assert(memcmp(e.data, "new", 3) == 0);	/* last one wins */
	cr_assert_eq(tar_find(w.buf, w.len, "/bin/init", &e), 1);
	cr_assert_eq(tar_find(w.buf, w.len, "./bin/init", &e), 1);
	cr_assert_eq(tar_find(w.buf, w.len, "bin/init", &e), 1);
	cr_assert_str_eq(e.name, "bin/init");
	cr_assert_eq(tar_find(w.buf, w.len, "etc/", &e), 1);
	cr_assert_eq(e.type, TAR_TYPE_DIR);
	cr_assert_eq(tar_find(w.buf, w.len, "etc/mot", &e), 0);
	cr_assert_eq(tar_find(w.buf, w.len, "", &e), 0);
	cr_assert_eq(tar_find(w.buf, w.len, "bin", &e), 0);

	/* Corruption after the match is still reported. */
	off = w.len - 1024 - 1024;		/* last header */
	w.buf[off + 7] ^= 0x20;
	cr_assert_eq(tar_find(w.buf, w.len, "bin/init", &e), TAR_ECHECKSUM);
	free(w.buf);
}

Test(tar, strerror)
{
	int i;

	for (i = 0; i >= -7; i--) {
		cr_assert_not_null(tar_strerror(i));
		cr_assert_gt(strlen(tar_strerror(i)), 0);
	}
}

Test(tar, random_corruption)
{
	struct tw w = { 0 };
	static char big[3000];
	unsigned int seed = 2024;
	int round;

	memset(big, 'r', sizeof(big));
	tw_add(&w, "dir/", '5', NULL, 0, NULL);
	tw_file(&w, "dir/a", "alpha");
	tw_add(&w, "dir/big", '0', big, sizeof(big), NULL);
	tw_add(&w, "dir/s", '2', NULL, 0, "a");
	tw_end(&w);

	for (round = 0; round < 20000; round++) {
		unsigned char *c = exact_copy(w.buf, w.len);
		struct tar_entry e;
		int flips = 1 + rand_r(&seed) % 4, i, n;
		size_t len = w.len;

		for (i = 0; i < flips; i++) {
			size_t pos = (size_t)rand_r(&seed) % len;

			c[pos] = (unsigned char)rand_r(&seed);
			/* Often repair the checksum to get deeper. */
			if (rand_r(&seed) % 2)
				set_checksum(c + pos - pos % 512);
		}
		if (rand_r(&seed) % 4 == 0)
			len = (size_t)rand_r(&seed) % (len + 1);
		walk(c, len, &n);
		tar_find(c, len, "dir/big", &e);
		free(c);
	}
	free(w.buf);
}

/* ------------------------------------------------- host tar(1) interop */

static unsigned char *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long n;

	cr_assert_not_null(f, "%s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n ? (size_t)n : 1);
	cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*size = (size_t)n;
	return buf;
}

static void check_host_archive(const char *dir, const char *format,
			       const char *longdir)
{
	char cmd[1024], path[512], want[300];
	struct tar_entry e;
	unsigned char *buf;
	size_t size;
	int n;

	ref_snprintf(path, sizeof(path), "%s/%s.tar", dir, format);
	ref_snprintf(cmd, sizeof(cmd),
		     "cd %s/root && tar --format=%s -cf %s . 2>/dev/null",
		     dir, format, path);
	cr_assert_eq(system(cmd), 0, "%s", cmd);
	buf = read_file(path, &size);

	cr_assert_eq(walk(buf, size, &n), 0, "%s", format);
	cr_assert_geq(n, 6);
	cr_assert_eq(tar_find(buf, size, ".", &e), 1);
	cr_assert_eq(e.type, TAR_TYPE_DIR);
	cr_assert_eq(tar_find(buf, size, "hello.txt", &e), 1);
	cr_assert_eq(e.size, 6);
	cr_assert(memcmp(e.data, "hello\n", 6) == 0);
	cr_assert_eq(e.mode, 0640);
	cr_assert_eq(tar_find(buf, size, "sub", &e), 1);
	cr_assert_eq(e.type, TAR_TYPE_DIR);
	cr_assert_eq(tar_find(buf, size, "sub/empty", &e), 1);
	cr_assert_eq(e.size, 0);
	cr_assert_eq(tar_find(buf, size, "sub/link", &e), 1);
	cr_assert_eq(e.type, TAR_TYPE_SYMLINK);
	cr_assert_str_eq(e.linkname, "../hello.txt");
	cr_assert_eq(tar_find(buf, size, "sub/big.bin", &e), 1);
	cr_assert_eq(e.size, 70000);
	cr_assert_eq(((const unsigned char *)e.data)[69999], 69999 % 251);
	if (longdir) {
		/* ustar stores this with the prefix field */
		ref_snprintf(want, sizeof(want), "%s/file", longdir);
		cr_assert_eq(tar_find(buf, size, want, &e), 1, "%s", want);
		cr_assert_eq(e.size, 4);
	}
	free(buf);
}

Test(tar, reads_host_tar_archives)
{
	char dir[] = "/tmp/panda-tar-test.XXXXXX", cmd[1024], path[600];
	char longdir[160];
	unsigned char *big;
	FILE *f;
	int i;

	if (system("tar --version >/dev/null 2>&1") != 0)
		cr_skip_test("tar(1) not available");
	cr_assert_not_null(mkdtemp(dir));

	/* 120-character directory path: needs the ustar prefix field. */
	for (i = 0; i < 119; i++)
		longdir[i] = (char)('a' + i % 26);
	longdir[60] = '/';
	longdir[119] = '\0';
	ref_snprintf(cmd, sizeof(cmd),
		     "set -e; cd %s; mkdir -p root/sub root/%s; cd root; "
		     "printf 'hello\\n' > hello.txt; chmod 640 hello.txt; "
		     ": > sub/empty; ln -s ../hello.txt sub/link; "
		     "printf 'data' > %s/file", dir, longdir, longdir);
	cr_assert_eq(system(cmd), 0);

	big = malloc(70000);
	for (i = 0; i < 70000; i++)
		big[i] = (unsigned char)(i % 251);
	ref_snprintf(path, sizeof(path), "%s/root/sub/big.bin", dir);
	f = fopen(path, "wb");
	cr_assert_not_null(f);
	cr_assert_eq(fwrite(big, 1, 70000, f), 70000);
	fclose(f);
	free(big);

	check_host_archive(dir, "ustar", longdir);
	check_host_archive(dir, "gnu", NULL);

	ref_snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
}
