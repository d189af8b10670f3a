// SPDX-License-Identifier: GPL-2.0
/*
 * api_test (tests.md 3): the owning file API.  panda_file_open the initrd
 * hello file, read it to a (non-empty, exact) string, get its handle
 * through the accessor, and check that release closes the handle.
 *
 * The reference also obtains the parent-channel object, which must work
 * whether or not a parent exists, without sending anything.  libpanda has
 * no owning channel object (userspace.md 3.7's "borrowed" channel); what
 * it has is panda_parent_handle(), checked here in init (no parent) and
 * in api_child (a parent).
 */
#include <panda/panda.h>
#include <stdlib.h>
#include <string.h>

static const char want[] = "Hello from the initrd!\n";

static int fail(const char *what, long r)
{
	panda_logf("FAIL: %s: %ld (%s)", what, r, panda_errname((int)r));
	return 1;
}

int main(int argc, char **argv, char **envp)
{
	struct panda_file_stat st;
	panda_file f, g;
	panda_handle_t h;
	uint64_t size, pos;
	uint8_t *data;
	bool is_dir;
	size_t len;
	char *s;
	int r;

	panda_log("API test starting");

	/* open, handle accessor, metadata, read to string */
	r = panda_file_open("file:/initrd/hello.txt", &f);
	if (r)
		return fail("panda_file_open", r);
	h = panda_file_handle(&f);
	if (!h || !panda_handle_is(h, PANDA_HT_FILE))
		return fail("panda_file_handle: not a file handle", (long)h);
	if (panda_fstat(h, &st) || st.size != strlen(want) || st.is_dir)
		return fail("fstat through the accessor's handle",
			    (long)st.size);
	r = panda_file_metadata(&f, &size, &is_dir);
	if (r || size != strlen(want) || is_dir)
		return fail("panda_file_metadata", r ? r : (long)size);
	r = panda_file_read_to_string(&f, &s, &len);
	if (r)
		return fail("panda_file_read_to_string", r);
	if (len == 0 || len != strlen(want) || strcmp(s, want)) {
		panda_logf("FAIL: read_to_string gave %zu bytes '%s'", len, s);
		return 1;
	}
	free(s);
	/* At the end now: a rewind reads it again. */
	r = panda_file_seek(&f, 0, PANDA_SEEK_SET, &pos);
	if (r || pos != 0)
		return fail("panda_file_seek to 0", r);
	r = panda_file_read_to_end(&f, &data, &len);
	if (r || len != strlen(want) || memcmp(data, want, len))
		return fail("panda_file_read_to_end after a rewind", r);
	free(data);

	/* Release closes the handle (and forgets it). */
	panda_file_close(&f);
	if (panda_file_handle(&f) != 0)
		return fail("handle still set after close",
			    (long)panda_file_handle(&f));
	r = panda_close(h);
	if (r != -PANDA_ERR_BAD_HANDLE)
		return fail("the released handle was still open (close "
			    "should give BAD_HANDLE)", r);
	panda_file_close(&f);	/* a second release is harmless */

	/* read_exact past the end: IO error. */
	r = panda_file_open("file:/initrd/hello.txt", &g);
	if (r)
		return fail("second panda_file_open", r);
	{
		char buf[64];

		r = panda_file_read_exact(&g, buf, 5);
		if (r || memcmp(buf, "Hello", 5))
			return fail("read_exact of 5 bytes", r);
		r = panda_file_read_exact(&g, buf, sizeof(buf));
		if (r != -PANDA_ERR_IO)
			return fail("read_exact past the end (expected IO)",
				    r);
	}
	panda_file_close(&g);

	/* The owning file refuses directories and missing files. */
	r = panda_file_open("file:/initrd", &g);
	if (r >= 0)
		return fail("panda_file_open accepted a directory", r);
	r = panda_file_open("file:/initrd/nonexistent", &g);
	if (r != -PANDA_ERR_NOT_FOUND)
		return fail("panda_file_open of a missing file (expected "
			    "NOT_FOUND)", r);

	/* The whole-file helper. */
	r = panda_read_whole_file("file:/initrd/hello.txt", &data, &len);
	if (r || len != strlen(want) || memcmp(data, want, len))
		return fail("panda_read_whole_file", r);
	free(data);

	/* The parent channel: a channel handle, absent in init. */
	h = panda_parent_handle();
	if (h != PANDA_HANDLE_PARENT || !panda_handle_is(h, PANDA_HT_CHANNEL))
		return fail("panda_parent_handle", (long)h);
	if (panda_handle_exists(h))
		return fail("init has a parent channel", (long)h);
	{
		panda_child c;
		int code = -1;

		r = panda_child_spawn("file:/initrd/api_child", &c);
		if (r)
			return fail("spawn of api_child", r);
		r = panda_child_wait(&c, &code);
		if (r || code != 0)
			return fail("api_child's exit code", r ? r : code);
		panda_child_release(&c);
	}

	panda_log("PASS");
	return 0;
}
