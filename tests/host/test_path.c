// SPDX-License-Identifier: GPL-2.0
/* Tests for lib/path.c. */
#include <criterion/criterion.h>
#include <lib/path.h>
#include <lib/string.h>

static char out[PATH_MAX_LEN];

#define NORM(in, want)                                                         \
	do {                                                                   \
		cr_assert_eq(path_normalize(in, out, sizeof(out)), 0, "%s",    \
			     in);                                              \
		cr_assert_str_eq(out, want);                                   \
	} while (0)

#define RES(cwd, arg, want)                                                    \
	do {                                                                   \
		cr_assert_eq(path_resolve(cwd, arg, out, sizeof(out)), 0,      \
			     "%s", arg);                                       \
		cr_assert_str_eq(out, want);                                   \
	} while (0)

Test(path, normalize)
{
	NORM("/", "/");
	NORM("//a///b/", "/a/b");
	NORM("/a/./b/.", "/a/b");
	NORM("/a/b/../c", "/a/c");
	NORM("/../..", "/");
	NORM("/a/..", "/");
	cr_assert_eq(path_normalize("a/b", out, sizeof(out)), -1);
	cr_assert_eq(path_normalize("", out, sizeof(out)), -1);
	cr_assert_eq(path_normalize("/abc", out, 4), -1);
	cr_assert_eq(path_normalize("/abc", out, 5), 0);
	cr_assert_str_eq(out, "/abc");
}

Test(path, resolve_relative)
{
	RES("/mnt", "a.txt", "/mnt/a.txt");
	RES("/mnt/", "./dir//b", "/mnt/dir/b");
	RES("/", "x", "/x");
	RES("/mnt", "", "/mnt");
	RES(NULL, "x/y", "/x/y");
}

Test(path, resolve_absolute)
{
	RES("/mnt", "/initrd/init", "/initrd/init");
	RES("/mnt", "/", "/");
	RES(NULL, "/a//b/", "/a/b");
}

Test(path, resolve_file_prefix)
{
	RES("/mnt", "file:/initrd/x", "/initrd/x");
	RES("/mnt", "file:b", "/mnt/b");
	RES("/mnt", "file:", "/mnt");
	/* only a leading "file:" is a scheme */
	RES("/mnt", "a/file:b", "/mnt/a/file:b");
}

Test(path, resolve_dotdot)
{
	RES("/mnt/a/b", "..", "/mnt/a");
	RES("/mnt/a/b", "../../c", "/mnt/c");
	RES("/mnt", "../../../x", "/x");
	RES("/mnt", "file:../..", "/");
	RES("/mnt/a", "b/../../c/.", "/mnt/c");
}

Test(path, resolve_errors)
{
	static char big[2 * PATH_MAX_LEN];
	char small[8];

	/* longer than the output */
	for (size_t i = 0; i + 1 < sizeof(big); i += 2)
		memcpy(big + i, "a/", 2);
	big[sizeof(big) - 1] = '\0';
	cr_assert_eq(path_resolve("/mnt", big, out, sizeof(out)), -1);
	cr_assert_eq(path_resolve("/mnt", "abc", small, sizeof(small)), -1);
	cr_assert_eq(path_resolve("/mnt", "ab", small, sizeof(small)), 0);
	cr_assert_str_eq(small, "/mnt/ab");
	cr_assert_eq(path_resolve("/", "x", small, 1), -1);
	cr_assert_eq(path_resolve("/", "/", small, 1), -1);
	/* a component of 256 bytes */
	memset(big, 'c', 256);
	big[256] = '\0';
	cr_assert_eq(path_resolve("/", big, out, sizeof(out)), -1);
	big[255] = '\0';
	cr_assert_eq(path_resolve("/", big, out, sizeof(out)), 0);
	/* a relative cwd cannot anchor anything */
	cr_assert_eq(path_resolve("mnt", "x", out, sizeof(out)), -1);
	cr_assert_eq(path_resolve("", "x", out, sizeof(out)), -1);
}
