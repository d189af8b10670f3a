// SPDX-License-Identifier: GPL-2.0
/*
 * readdir_test (tests.md 3): open file:/initrd as a directory, read
 * entries until the end (no errors, at least one entry), close it.  The
 * reference has no expected.txt; in Panda-C init's exit code counts, and
 * this suite has one anyway.  Beyond the reference: the initrd's own
 * files (init, hello.txt) must be listed, as files; the end stays the
 * end; and file:/initrd opened with plain open is a directory handle too.
 */
#include <panda/panda.h>
#include <string.h>

static int fail(const char *what, long r)
{
	panda_logf("FAIL: %s: %ld (%s)", what, r, panda_errname((int)r));
	return 1;
}

int main(int argc, char **argv, char **envp)
{
	struct panda_dirent ent;
	bool seen_init = false, seen_hello = false;
	panda_handle_t d;
	char name[256];
	int n = 0, r;

	panda_log("readdir test starting");
	r = panda_opendir("file:/initrd", &d);
	if (r)
		return fail("opendir file:/initrd", r);
	if (!panda_handle_is(d, PANDA_HT_DIRECTORY)) {
		panda_logf("FAIL: opendir gave handle 0x%x, not a directory "
			   "handle", d);
		return 1;
	}
	for (;;) {
		memset(&ent, 0xcc, sizeof(ent));
		r = panda_readdir(d, &ent);
		if (r < 0)
			return fail("readdir", r);
		if (r == 0)
			break;
		if (ent.name_len == 0 || ent.is_dir > 1) {
			panda_logf("FAIL: bad entry: name_len %u, is_dir %u",
				   ent.name_len, ent.is_dir);
			return 1;
		}
		panda_dirent_name(&ent, name, sizeof(name));
		panda_logf("  entry: %s%s", name, ent.is_dir ? "/" : "");
		if (!strcmp(name, "init") && !ent.is_dir)
			seen_init = true;
		if (!strcmp(name, "hello.txt") && !ent.is_dir)
			seen_hello = true;
		if (++n > 1000) {
			panda_log("FAIL: readdir never reports the end");
			return 1;
		}
	}
	if (n < 1) {
		panda_log("FAIL: no entries");
		return 1;
	}
	if (!seen_init || !seen_hello) {
		panda_logf("FAIL: init listed: %d, hello.txt listed: %d",
			   seen_init, seen_hello);
		return 1;
	}
	r = panda_readdir(d, &ent);
	if (r != 0)
		return fail("readdir after the end (expected 0)", r);
	r = panda_close(d);
	if (r)
		return fail("close of the directory", r);

	/* Plain open of a directory path gives a directory handle. */
	r = panda_open("file:/initrd", 0, 0, &d);
	if (r)
		return fail("open file:/initrd", r);
	if (!panda_handle_is(d, PANDA_HT_DIRECTORY)) {
		panda_logf("FAIL: open of file:/initrd gave handle 0x%x, not "
			   "a directory handle", d);
		return 1;
	}
	r = panda_readdir(d, &ent);
	if (r != 1)
		return fail("readdir on the opened directory (expected 1)", r);
	r = panda_close(d);
	if (r)
		return fail("close of the opened directory", r);

	panda_logf("readdir test: %d entries", n);
	panda_log("readdir test passed");
	return 0;
}
