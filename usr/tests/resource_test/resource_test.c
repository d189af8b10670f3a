// SPDX-License-Identifier: GPL-2.0
/*
 * resource_test (tests.md 3): the file: and console: schemes, an unknown
 * scheme and an unknown console path.
 */
#include <panda/panda.h>
#include <string.h>

static int fail(const char *what, long r)
{
	panda_logf("FAIL: %s: %ld (%s)", what, r, panda_errname((int)r));
	return 1;
}

static int test_file(void)
{
	static const char want[] = "Hello from the initrd!\n";
	char buf[64];
	panda_handle_t h;
	long n;
	int r;

	r = panda_open("file:/initrd/hello.txt", 0, 0, &h);
	if (r)
		return fail("open file:/initrd/hello.txt", r);
	if (!panda_handle_is(h, PANDA_HT_FILE))
		return fail("file: handle without the file tag", (long)h);
	n = panda_read(h, buf, sizeof(buf));
	if (n != (long)strlen(want) || memcmp(buf, want, n))
		return fail("read of hello.txt (length)", n);
	r = panda_close(h);
	if (r)
		return fail("close", r);
	return 0;
}

static int test_console(void)
{
	static const char line[] = "Hello from console write!\n";
	panda_handle_t h;
	long n;
	int r;

	r = panda_open("console:/serial/0", 0, 0, &h);
	if (r)
		return fail("open console:/serial/0", r);
	n = panda_write(h, line, strlen(line));
	if (n != 26)
		return fail("console write (expected 26)", n);
	r = panda_close(h);
	if (r)
		return fail("close", r);
	return 0;
}

static int test_must_not_open(const char *uri)
{
	panda_handle_t h = 0;
	int r = panda_open(uri, 0, 0, &h);

	if (r >= 0) {
		panda_logf("FAIL: %s opened (handle 0x%x)", uri, h);
		panda_close(h);
		return 1;
	}
	if (r != -PANDA_ERR_NOT_FOUND)
		return fail("open failed, but not with NOT_FOUND", r);
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	panda_log("Resource test starting");

	panda_log("Test 1: file: scheme");
	if (test_file())
		return 1;
	panda_log("Test 1 passed");

	panda_log("Test 2: console: scheme");
	if (test_console())
		return 1;
	panda_log("Test 2 passed");

	panda_log("Test 3: unknown scheme");
	if (test_must_not_open("badscheme:/foo"))
		return 1;
	panda_log("Test 3 passed");

	panda_log("Test 4: unknown console path");
	if (test_must_not_open("console:/invalid/path"))
		return 1;
	panda_log("Test 4 passed");

	panda_log("Resource test passed");
	return 0;
}
