// SPDX-License-Identifier: GPL-2.0
/*
 * env_test (tests.md 3, ipc.md 5.3-5.4, userspace.md 3.4): environment
 * variables across spawn and in the local store.
 *
 *  1-3. tests.md's three children: inherit FOO=bar, override FOO=baz,
 *       cleared environment with only ONLY=yes.
 *  4.   The child's environment is the parent's pairs whose keys the
 *       spawner does not set, in the parent's order, then the spawner's
 *       (a repeated builder key replaces its value); empty values travel;
 *       the child's changes stay in the child.
 *  5.   Duplicate keys in a startup message are kept; lookup gives the
 *       first.  An environment too large for one message fails the spawn.
 *  6.   Locally: an empty value is set, not unset; unsetting returns the
 *       old value; unsetting a missing key reports nothing; a second set
 *       replaces the value in place; the C library's getenv/setenv/
 *       unsetenv agree.
 */
#include <panda/panda.h>
#include <stdlib.h>
#include <string.h>
#include "../common/check.h"

#define CHILD	"file:/initrd/env_child"

static char buf[PANDA_MAX_MESSAGE_SIZE];
static char big[5000];

static int run_child(panda_child_builder *b, const char *mode,
		     const char *want_report)
{
	panda_handle_t h;
	long code, n;
	int err;

	panda_cb_arg(b, "env_child");
	panda_cb_arg(b, mode);
	err = panda_cb_spawn_handle(b, &h);
	CHECK(!err, "spawn of env_child %s: %d (%s)", mode, err,
	      check_name(err));
	code = panda_sys_wait(h);
	CHECK(code == 0, "env_child %s exited with code %ld", mode, code);
	if (want_report) {
		n = panda_sys_channel_recv(h, buf, sizeof(buf));
		CHECK(n == (long)strlen(want_report) &&
		      !memcmp(buf, want_report, n),
		      "env_child %s reported \"%.*s\" (%ld), expected \"%s\"",
		      mode, (int)(n > 0 ? n : 0), buf, n, want_report);
	}
	CHECK_EQ("close of the process handle", panda_sys_close(h), 0);
	return 0;
}

static int test_catalogue(void)
{
	panda_child_builder *b;
	const char *foo;

	panda_setenv("FOO", "bar");
	foo = panda_getenv("FOO");
	CHECK(foo && !strcmp(foo, "bar"), "FOO after setenv: %s",
	      foo ? foo : "(unset)");
	panda_log("env_test: set FOO=bar");

	panda_log("env_test: Test 1 - inheritance");
	TRY(run_child(panda_child_builder_new(CHILD), "inherit", NULL));

	panda_log("env_test: Test 2 - override");
	b = panda_child_builder_new(CHILD);
	panda_cb_env(b, "FOO", "baz");
	TRY(run_child(b, "override", NULL));

	panda_log("env_test: Test 3 - env_clear");
	b = panda_child_builder_new(CHILD);
	panda_cb_env_clear(b);
	panda_cb_env(b, "ONLY", "yes");
	TRY(run_child(b, "clear", NULL));
	return 0;
}

static int test_order(void)
{
	panda_child_builder *b;
	const char *foo;

	panda_setenv("A", "1");
	panda_setenv("B", "2");
	panda_setenv("EMPTY", "");
	b = panda_child_builder_new(CHILD);
	panda_cb_env(b, "NEW", "x");
	panda_cb_env(b, "FOO", "baz");
	panda_cb_env(b, "NEW", "n");	/* replaces x, keeps its place */
	TRY(run_child(b, "dump",
		      "A=1\nB=2\nEMPTY=\nNEW=n\nFOO=baz\nFOO->baz"));
	foo = panda_getenv("FOO");
	CHECK(foo && !strcmp(foo, "bar"),
	      "FOO=%s in the parent after the child set it", foo);
	/* Cleared, the child gets only the spawner's pairs. */
	b = panda_child_builder_new(CHILD);
	panda_cb_env_clear(b);
	TRY(run_child(b, "dump", "FOO->(unset)"));
	panda_log("env_test: inherited pairs in order, then the spawner's OK");
	return 0;
}

static int test_message_edges(void)
{
	static const char *const argv[] = { "env_child", "dump" };
	static const char *const keys[] = { "FOO", "FOO", "X" };
	static const char *const vals[] = { "1", "2", "" };
	static uint8_t msg[PANDA_MAX_MESSAGE_SIZE];
	panda_child_builder *b;
	panda_handle_t h = 0;
	size_t len;
	long code, n;
	int err;

	err = panda_startup_encode(argv, 2, keys, vals, 3, msg, sizeof(msg),
				   &len);
	CHECK(!err, "panda_startup_encode: %d", err);
	n = panda_sys_spawn(CHILD, strlen(CHILD), 0, 0, 0, 0);
	CHECK(n > 0, "raw spawn of env_child: %ld (%s)", n, check_name(n));
	h = (panda_handle_t)n;
	CHECK_EQ("send of the startup message",
		 panda_sys_channel_send(h, msg, len), 0);
	code = panda_sys_wait(h);
	CHECK(code == 0, "env_child dump exited with code %ld", code);
	n = panda_sys_channel_recv(h, buf, sizeof(buf));
	CHECK(n == 21 && !memcmp(buf, "FOO=1\nFOO=2\nX=\nFOO->1", 21),
	      "duplicate keys: child reported \"%.*s\"", (int)(n > 0 ? n : 0),
	      buf);
	CHECK_EQ("close of the process handle", panda_sys_close(h), 0);
	panda_log("env_test: duplicate keys kept, lookup gives the first");

	memset(big, 'v', sizeof(big) - 1);
	b = panda_child_builder_new(CHILD);
	panda_cb_arg(b, "env_child");
	panda_cb_env(b, "BIG", big);
	h = 0;
	err = panda_cb_spawn_handle(b, &h);
	CHECK(err == -PANDA_ERR_INVALID_ARGUMENT && !h,
	      "spawn with a 5000-byte variable: %d (%s), handle 0x%x", err,
	      check_name(err), h);
	panda_log("env_test: an environment larger than one message is refused");
	return 0;
}

static int test_local(void)
{
	const char *const *k, *const *v;
	const char *s;
	char *old = NULL;
	size_t n;

	panda_setenv("E", "");
	s = panda_getenv("E");
	CHECK(s && !*s, "empty value read back as %s", s ? s : "(unset)");

	CHECK_EQ("unset of FOO", panda_unsetenv("FOO", &old), 1);
	CHECK(old && !strcmp(old, "bar"), "unset FOO returned old value %s",
	      old ? old : "(null)");
	free(old);
	CHECK(!panda_getenv("FOO"), "FOO still set after unset");
	old = (char *)"untouched";
	CHECK_EQ("unset of a missing key", panda_unsetenv("MISSING", &old), 0);
	CHECK(old && !strcmp(old, "untouched"),
	      "unset of a missing key changed *old");
	CHECK_EQ("unset of a missing key without old",
		 panda_unsetenv("MISSING", NULL), 0);

	panda_setenv("TWICE", "first");
	panda_setenv("TWICE", "second");
	s = panda_getenv("TWICE");
	CHECK(s && !strcmp(s, "second"), "TWICE=%s after two sets",
	      s ? s : "(unset)");
	/* Store now: A, B, EMPTY, E, TWICE (FOO removed); replace in place. */
	panda_setenv("A", "one");
	n = panda_environ(&k, &v);
	CHECK(n == 5 && !strcmp(k[0], "A") && !strcmp(v[0], "one") &&
	      !strcmp(k[4], "TWICE") && !strcmp(v[4], "second"),
	      "store after replacing A: %zu pairs, first %s=%s", n,
	      n ? k[0] : "-", n ? v[0] : "-");

	/* The C library's view of the same store. */
	CHECK(getenv("A") == panda_getenv("A"), "getenv differs");
	CHECK_EQ("setenv without overwrite", setenv("A", "no", 0), 0);
	CHECK(!strcmp(getenv("A"), "one"), "setenv(..., 0) replaced A");
	CHECK_EQ("setenv with overwrite", setenv("A", "yes", 1), 0);
	CHECK(!strcmp(panda_getenv("A"), "yes"), "setenv(..., 1) kept A");
	CHECK_EQ("unsetenv", unsetenv("A"), 0);
	CHECK(!getenv("A") && !panda_getenv("A"), "A set after unsetenv");
	panda_env_clear();
	CHECK_EQ("pairs after panda_env_clear", panda_environ(&k, &v), 0);
	panda_log("env_test: empty value, unset, missing key, second set OK");
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	const char *const *k, *const *v;

	panda_log("env_test: starting");
	/* Init has no parent, hence no startup message: empty store. */
	CHECK(panda_environ(&k, &v) == 0 && envp && !envp[0],
	      "init starts with a non-empty environment");
	TRY(test_catalogue());
	TRY(test_order());
	TRY(test_message_edges());
	TRY(test_local());
	panda_log("env_test: all tests passed");
	panda_log("PASS");
	return 0;
}
