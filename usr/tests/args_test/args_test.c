// SPDX-License-Identifier: GPL-2.0
/*
 * args_test (tests.md 3, ipc.md 5): arguments reach a child through the
 * startup message.
 *
 *  1. tests.md's flow: args_child with "args_child hello world 123" logs
 *     the four arguments in order and exits 0.  It is spawned with the
 *     raw operation and sent the message (panda_startup_encode) only
 *     after "child spawned" is logged, so the log order is fixed.
 *  2. The child builder: no arguments (argc 0), empty, spaced and UTF-8
 *     arguments, a message of exactly 4096 bytes; one byte more fails
 *     the spawn with INVALID_ARGUMENT.
 *  3. Hand-made startup messages (ipc.md 5.2/5.3): the spec's 25-byte
 *     example; a wrong version, a truncated message, invalid UTF-8, and
 *     no message at all (process handle closed) all give argc 0.
 *
 * Each child reports its arguments joined by '\n' on a STDOUT channel.
 */
#include <panda/panda.h>
#include <string.h>
#include "../common/check.h"

#define CHILD	"file:/initrd/args_child"

static char buf[PANDA_MAX_MESSAGE_SIZE];
static char big[PANDA_MAX_MESSAGE_SIZE + 1];

/* Receive the child's report on x, compare, then expect the close. */
static int check_report(panda_handle_t x, const char *want, const char *what)
{
	long n = panda_sys_channel_recv(x, buf, sizeof(buf));

	CHECK(n >= 0, "%s: report: %ld (%s)", what, n, check_name(n));
	CHECK(n == (long)strlen(want) && !memcmp(buf, want, n),
	      "%s: child reported %ld bytes \"%.*s\", expected \"%s\"", what,
	      n, (int)(n > 80 ? 80 : n), buf, want);
	CHECK_EQ("child's STDOUT once it exited",
		 panda_sys_channel_recv(x, buf, sizeof(buf)),
		 -PANDA_ERR_CHANNEL_CLOSED);
	return 0;
}

static int wait_zero(panda_handle_t h, const char *what)
{
	long code = panda_sys_wait(h);

	CHECK(code == 0, "%s: child exited with code %ld", what, code);
	CHECK_EQ("close of the process handle", panda_sys_close(h), 0);
	return 0;
}

/* 1. The catalogue's flow. */
static int test_catalogue(void)
{
	static const char *const argv[] = { "args_child", "hello", "world",
					    "123" };
	static uint8_t msg[PANDA_MAX_MESSAGE_SIZE];
	size_t len;
	long h, n;
	int err;

	err = panda_startup_encode(argv, 4, NULL, NULL, 0, msg, sizeof(msg),
				   &len);
	CHECK(!err, "panda_startup_encode: %d", err);
	h = panda_sys_spawn(CHILD, strlen(CHILD), 0, 0, 0, 0);
	CHECK(h > 0, "spawn of args_child: %ld (%s)", h, check_name(h));
	panda_log("Args test: child spawned");
	CHECK_EQ("send of the startup message",
		 panda_sys_channel_send((panda_handle_t)h, msg, len), 0);
	CHECK_EQ("args_child's exit code", panda_sys_wait((panda_handle_t)h),
		 0);
	panda_log("Args test: child exited successfully");
	n = panda_sys_channel_recv((panda_handle_t)h, buf, sizeof(buf));
	CHECK(n == 26 && !memcmp(buf, "args_child\nhello\nworld\n123", 26),
	      "args_child's report: %ld bytes \"%.*s\"", n, (int)(n > 0 ? n : 0),
	      buf);
	CHECK_EQ("close of the process handle",
		 panda_sys_close((panda_handle_t)h), 0);
	return 0;
}

/* 2. Through the child builder. */
static int run_builder(const char *const *argv, size_t argc, bool set_args,
		       const char *want, const char *what)
{
	panda_child_builder *b = panda_child_builder_new(CHILD);
	panda_handle_t x, y, h;
	int err = panda_channel_create(&x, &y);

	CHECK(!err, "CHANNEL_CREATE: %d (%s)", err, check_name(err));
	if (set_args)
		panda_cb_args(b, argv, argc);
	panda_cb_env_clear(b);
	panda_cb_stdout(b, y);
	err = panda_cb_spawn_handle(b, &h);
	CHECK(!err, "%s: spawn: %d (%s)", what, err, check_name(err));
	CHECK_EQ("close of our copy of Y", panda_sys_close(y), 0);
	TRY(wait_zero(h, what));
	TRY(check_report(x, want, what));
	CHECK_EQ("close of X", panda_sys_close(x), 0);
	return 0;
}

static int test_builder(void)
{
	static const char *const odd[] = { "args_child", "", "with space",
					   "\xc3\xbcnic\xc3\xb6" "de \xe2\x9c\x93",
					   "tab\there" };
	static char want[PANDA_MAX_MESSAGE_SIZE];
	const char *one[2] = { "args_child", big };
	panda_child_builder *b;
	panda_handle_t h = 0;
	int err;

	TRY(run_builder(NULL, 0, false, "", "no arguments"));
	TRY(run_builder(odd, 5, true,
			"args_child\n\nwith space\n\xc3\xbcnic\xc3\xb6" "de "
			"\xe2\x9c\x93\ntab\there", "unusual arguments"));
	panda_log("Args test: no, empty, spaced and UTF-8 arguments OK");

	/* 6 + (2 + 10) + (2 + 4076) = 4096: the largest startup message. */
	memset(big, 'a', 4076);
	big[4076] = '\0';
	memcpy(want, "args_child\n", 11);
	memcpy(want + 11, big, 4077);
	TRY(run_builder(one, 2, true, want, "4096-byte startup message"));
	/* One byte more does not fit: no child, INVALID_ARGUMENT. */
	big[4076] = 'a';
	big[4077] = '\0';
	b = panda_child_builder_new(CHILD);
	panda_cb_args(b, one, 2);
	panda_cb_env_clear(b);
	err = panda_cb_spawn_handle(b, &h);
	CHECK(err == -PANDA_ERR_INVALID_ARGUMENT && !h,
	      "spawn with a 4097-byte startup message: %d (%s), handle 0x%x",
	      err, check_name(err), h);
	panda_log("Args test: 4096-byte startup message accepted, 4097 refused");
	return 0;
}

/*
 * 3. Raw spawn with a hand-made first message (or none: close the process
 * handle).  The child reports on its STDOUT.
 */
static int run_raw(const void *msg, size_t len, bool send, const char *want,
		   const char *what)
{
	panda_handle_t x, y;
	long h;
	int err = panda_channel_create(&x, &y);

	CHECK(!err, "CHANNEL_CREATE: %d (%s)", err, check_name(err));
	h = panda_sys_spawn(CHILD, strlen(CHILD), 0, 0, 0, y);
	CHECK(h > 0, "%s: spawn: %ld (%s)", what, h, check_name(h));
	CHECK_EQ("close of our copy of Y", panda_sys_close(y), 0);
	if (send) {
		CHECK_EQ("send of the hand-made startup message",
			 panda_sys_channel_send((panda_handle_t)h, msg, len), 0);
		TRY(wait_zero((panda_handle_t)h, what));
	} else {
		/* The child's runtime sees CHANNEL_CLOSED instead. */
		CHECK_EQ("close of the process handle",
			 panda_sys_close((panda_handle_t)h), 0);
	}
	TRY(check_report(x, want, what));
	CHECK_EQ("close of X", panda_sys_close(x), 0);
	return 0;
}

static int test_raw(void)
{
	/* ipc.md 5.2's example: ["ls", "/mnt"], HOME="/" (25 bytes). */
	static const uint8_t example[] = {
		0x01, 0x00, 0x02, 0x00, 0x02, 0x00, 0x6C, 0x73,
		0x04, 0x00, 0x2F, 0x6D, 0x6E, 0x74, 0x01, 0x00,
		0x04, 0x00, 0x48, 0x4F, 0x4D, 0x45, 0x01, 0x00, 0x2F,
	};
	static const uint8_t trailing[] = {	/* bytes after the end: ignored */
		0x01, 0x00, 0x01, 0x00, 0x01, 0x00, 0x78, 0x00, 0x00, 0xEE,
	};
	static const uint8_t version2[] = {
		0x02, 0x00, 0x01, 0x00, 0x01, 0x00, 0x78, 0x00, 0x00,
	};
	static const uint8_t truncated[] = {	/* "/mnt" cut short */
		0x01, 0x00, 0x02, 0x00, 0x02, 0x00, 0x6C, 0x73, 0x04, 0x00,
		0x2F, 0x6D,
	};
	static const uint8_t no_env_count[] = {
		0x01, 0x00, 0x01, 0x00, 0x01, 0x00, 0x78,
	};
	static const uint8_t bad_utf8[] = {
		0x01, 0x00, 0x01, 0x00, 0x02, 0x00, 0xC3, 0x28, 0x00, 0x00,
	};

	TRY(run_raw(example, sizeof(example), true, "ls\n/mnt",
		    "ipc.md 5.2 example"));
	TRY(run_raw(trailing, sizeof(trailing), true, "x", "trailing bytes"));
	panda_log("Args test: hand-made startup messages decoded");
	TRY(run_raw(version2, sizeof(version2), true, "", "version 2"));
	TRY(run_raw(truncated, sizeof(truncated), true, "", "truncated"));
	TRY(run_raw(no_env_count, sizeof(no_env_count), true, "",
		    "missing environment count"));
	TRY(run_raw(bad_utf8, sizeof(bad_utf8), true, "", "invalid UTF-8"));
	TRY(run_raw("\x01", 1, true, "", "one byte"));
	TRY(run_raw(NULL, 0, true, "", "empty message"));
	TRY(run_raw(NULL, 0, false, "", "no startup message"));
	panda_log("Args test: undecodable or missing startup message gives no arguments");
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	panda_log("Args test: starting");
	CHECK(argc == 0 && argv && !argv[0],
	      "init got argc %d (no parent: expected 0)", argc);
	TRY(test_catalogue());
	TRY(test_builder());
	TRY(test_raw());
	panda_log("PASS");
	return 0;
}
