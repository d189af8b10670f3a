// SPDX-License-Identifier: GPL-2.0
/*
 * error_test (tests.md 3, abi.md 4.3): every error code userspace can
 * reach today comes from the path that should produce it.  Each check
 * logs "  ok: <what> -> <code>" or "FAIL: <what>: got <r>, expected <e>";
 * all checks run, and any failure makes init exit 1.  Bad pointers must
 * give InvalidArgument and never crash the kernel or the program.
 *
 * The reference's own checks (non-blocking send and receive on the
 * made-up handle 0xDEAD, a send on a channel whose other end is closed)
 * are in the channel group, with the other channel and mailbox errors.
 */
#include <panda/panda.h>
#include <stdio.h>
#include <string.h>

#define BAD_HANDLE	0xdeadu

static int failures, passes;

static void expect(const char *what, long got, long want)
{
	if (got == want) {
		passes++;
		panda_logf("  ok: %s -> %ld", what, got);
		return;
	}
	failures++;
	panda_logf("FAIL: %s: got %ld (%s), expected %ld (%s)", what, got,
		   panda_errname((int)got), want, panda_errname((int)want));
}

/* The system call with an arbitrary rax (the syscall number). */
static long raw_syscall(uint64_t nr, uint32_t handle, uint32_t op,
			uint64_t a0, uint64_t a1)
{
	register uint64_t r10 __asm__("r10") = a1;
	register uint64_t r8 __asm__("r8") = 0;
	register uint64_t r9 __asm__("r9") = 0;
	uint64_t rax = nr, rdi = handle, rsi = op, rdx = a0;

	__asm__ volatile("syscall"
			 : "+a"(rax), "+D"(rdi), "+S"(rsi), "+d"(rdx),
			   "+r"(r10), "+r"(r8), "+r"(r9)
			 :
			 : "rcx", "r11", "memory", "cc");
	return (long)rax;
}

static long open_raw(const char *uri)
{
	return panda_sys_open(uri, strlen(uri), 0, 0);
}

static long spawn_raw(const char *uri)
{
	return panda_sys_spawn(uri, strlen(uri), 0, 0, 0, 0);
}

static panda_handle_t open_ok(const char *uri)
{
	long r = open_raw(uri);

	if (r < 0) {
		failures++;
		panda_logf("FAIL: setup: open %s: %ld (%s)", uri, r,
			   panda_errname((int)r));
		return 0;
	}
	return (panda_handle_t)r;
}

/* ------------------------------------------------------------ groups */

static void not_found(void)
{
	panda_handle_t h = 0;

	panda_log("Spawn and open of things that do not exist:");
	expect("panda_spawn file:/nonexistent/path",
	       panda_spawn("file:/nonexistent/path", &h),
	       -PANDA_ERR_NOT_FOUND);
	expect("raw spawn file:/nonexistent/path",
	       spawn_raw("file:/nonexistent/path"), -PANDA_ERR_NOT_FOUND);
	expect("spawn of an unknown scheme badscheme:/foo",
	       spawn_raw("badscheme:/foo"), -PANDA_ERR_NOT_FOUND);
	expect("spawn of a URI without a scheme", spawn_raw("/initrd/init"),
	       -PANDA_ERR_NOT_FOUND);
	expect("open of an unknown scheme badscheme:/foo",
	       open_raw("badscheme:/foo"), -PANDA_ERR_NOT_FOUND);
	expect("opendir of an unknown scheme badscheme:/",
	       panda_sys_opendir("badscheme:/", 11), -PANDA_ERR_NOT_FOUND);
	expect("open of a URI without a scheme", open_raw("nocolon"),
	       -PANDA_ERR_NOT_FOUND);
	expect("open of file:/initrd/nonexistent",
	       open_raw("file:/initrd/nonexistent"), -PANDA_ERR_NOT_FOUND);
	expect("open of console:/invalid/path",
	       open_raw("console:/invalid/path"), -PANDA_ERR_NOT_FOUND);
	expect("opendir of file:/nonexistent",
	       panda_sys_opendir("file:/nonexistent", 17),
	       -PANDA_ERR_NOT_FOUND);
}

static void bad_handles(void)
{
	struct panda_file_stat st;
	struct panda_dirent de;
	panda_handle_t f, con, d;
	char buf[16];

	panda_log("Bad handles:");
	expect("read on 0xDEAD", panda_sys_read(BAD_HANDLE, buf, 4),
	       -PANDA_ERR_BAD_HANDLE);
	expect("write on 0xDEAD", panda_sys_write(BAD_HANDLE, "x", 1),
	       -PANDA_ERR_BAD_HANDLE);
	expect("close of 0xDEAD", panda_sys_close(BAD_HANDLE),
	       -PANDA_ERR_BAD_HANDLE);
	expect("stat of 0xDEAD", panda_sys_stat(BAD_HANDLE, &st),
	       -PANDA_ERR_BAD_HANDLE);
	expect("seek on 0xDEAD", panda_sys_seek(BAD_HANDLE, 0, PANDA_SEEK_SET),
	       -PANDA_ERR_BAD_HANDLE);
	expect("readdir on 0xDEAD", panda_sys_readdir(BAD_HANDLE, &de),
	       -PANDA_ERR_BAD_HANDLE);
	/* A real handle's tag with an unused index. */
	expect("read on file handle 0x01ffffff",
	       panda_sys_read(0x01ffffffu, buf, 4), -PANDA_ERR_BAD_HANDLE);

	f = open_ok("file:/initrd/hello.txt");
	con = open_ok("console:/serial/0");
	if (!f || !con)
		return;
	expect("readdir on a file handle", panda_sys_readdir(f, &de),
	       -PANDA_ERR_BAD_HANDLE);
	expect("readdir on the console handle", panda_sys_readdir(con, &de),
	       -PANDA_ERR_BAD_HANDLE);
	expect("close", panda_sys_close(f), 0);
	expect("read on a closed handle", panda_sys_read(f, buf, 4),
	       -PANDA_ERR_BAD_HANDLE);
	expect("second close", panda_sys_close(f), -PANDA_ERR_BAD_HANDLE);
	expect("close of the console", panda_sys_close(con), 0);

	if (panda_opendir("file:/initrd", &d) == 0) {
		expect("readdir after close of the directory",
		       (panda_sys_close(d), panda_sys_readdir(d, &de)),
		       -PANDA_ERR_BAD_HANDLE);
	}
}

static void file_errors(void)
{
	panda_handle_t f, con, d;
	char buf[16];

	panda_log("Seek, read and write errors:");
	f = open_ok("file:/initrd/hello.txt");
	con = open_ok("console:/serial/0");
	if (panda_opendir("file:/initrd", &d)) {
		failures++;
		panda_log("FAIL: setup: opendir file:/initrd");
		return;
	}
	if (!f || !con)
		return;
	expect("seek on a directory handle", panda_sys_seek(d, 0,
							   PANDA_SEEK_SET),
	       -PANDA_ERR_NOT_SEEKABLE);
	expect("seek on the console", panda_sys_seek(con, 0, PANDA_SEEK_SET),
	       -PANDA_ERR_NOT_SEEKABLE);
	expect("seek SET to -1", panda_sys_seek(f, -1, PANDA_SEEK_SET),
	       -PANDA_ERR_INVALID_OFFSET);
	expect("seek CUR by -100 from 0", panda_sys_seek(f, -100,
							  PANDA_SEEK_CUR),
	       -PANDA_ERR_INVALID_OFFSET);
	expect("seek END by -24 (size 23)", panda_sys_seek(f, -24,
							    PANDA_SEEK_END),
	       -PANDA_ERR_INVALID_OFFSET);
	expect("seek SET to 5", panda_sys_seek(f, 5, PANDA_SEEK_SET), 5);
	expect("seek CUR by INT64_MAX from 5 (overflow)",
	       panda_sys_seek(f, INT64_MAX, PANDA_SEEK_CUR),
	       -PANDA_ERR_INVALID_OFFSET);
	expect("the failed seeks left the position alone",
	       panda_sys_seek(f, 0, PANDA_SEEK_CUR), 5);
	expect("seek with whence 3", panda_sys_seek(f, 0, 3),
	       -PANDA_ERR_INVALID_ARGUMENT);
	expect("seek with whence -1", panda_sys_seek(f, 0, -1),
	       -PANDA_ERR_INVALID_ARGUMENT);
	expect("write on an initrd file", panda_sys_write(f, "x", 1),
	       -PANDA_ERR_NOT_WRITABLE);
	expect("read on console:/serial/0", panda_sys_read(con, buf, 4),
	       -PANDA_ERR_NOT_READABLE);
	panda_sys_close(f);
	panda_sys_close(con);
	panda_sys_close(d);
}

static void bad_pointers(void)
{
	static const struct {
		const char *what;
		uint64_t addr;
	} bad[] = {
		{ "0x1", 0x1 },
		{ "NULL", 0 },
		{ "a kernel address 0xffff800000000000",
		  0xffff800000000000ull },
		{ "kernel text 0xffffc00000000000", 0xffffc00000000000ull },
		{ "the non-canonical 0x0000800000000000",
		  0x0000800000000000ull },
		{ "the non-canonical 0x8000000000000000",
		  0x8000000000000000ull },
		{ "an unmapped user address 0x600000000000",
		  0x0000600000000000ull },
		{ "an unmapped user address 0x10000", 0x10000 },
		{ "a range wrapping around 0xfffffffffffffff8",
		  0xfffffffffffffff8ull },
	};
	const uint64_t stack_top = PANDA_STACK_TOP;
	uintptr_t brk, heap_edge;
	panda_handle_t f, d;
	char what[128];
	size_t i;

	panda_log("Bad pointers and lengths (InvalidArgument, no crash):");
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(what, sizeof(what), "log from %s", bad[i].what);
		expect(what, panda_sys_log((const char *)bad[i].addr, 16),
		       -PANDA_ERR_INVALID_ARGUMENT);
		snprintf(what, sizeof(what), "open of a URI at %s",
			 bad[i].what);
		expect(what, panda_sys_open((const char *)bad[i].addr, 16, 0,
					    0),
		       -PANDA_ERR_INVALID_ARGUMENT);
	}

	/* Ranges that start in mapped memory and run into unmapped. */
	expect("log of a range crossing the top of the stack",
	       panda_sys_log((const char *)(stack_top - 8), 64),
	       -PANDA_ERR_INVALID_ARGUMENT);
	expect("open of a URI crossing the top of the stack",
	       panda_sys_open((const char *)(stack_top - 8), 64, 0, 0),
	       -PANDA_ERR_INVALID_ARGUMENT);
	brk = (uintptr_t)panda_sys_brk(0);
	/* Map the page holding the last byte below the break. */
	(void)*(volatile const char *)(brk - 1);
	heap_edge = (brk + 4095) & ~(uintptr_t)4095;
	expect("log of a range crossing the heap's end",
	       panda_sys_log((const char *)(heap_edge - 8), 64),
	       -PANDA_ERR_INVALID_ARGUMENT);
	expect("open of a URI crossing the heap's end",
	       panda_sys_open((const char *)(heap_edge - 8), 64, 0, 0),
	       -PANDA_ERR_INVALID_ARGUMENT);

	/* Lengths. */
	expect("log with length 2^40",
	       panda_sys_log("error_test", (size_t)1 << 40),
	       -PANDA_ERR_INVALID_ARGUMENT);
	expect("log with length -1", panda_sys_log("error_test", (size_t)-1),
	       -PANDA_ERR_INVALID_ARGUMENT);
	expect("open with length 2^40",
	       panda_sys_open("file:/initrd/hello.txt", (size_t)1 << 40, 0,
			      0),
	       -PANDA_ERR_INVALID_ARGUMENT);

	/* Bad output pointers. */
	f = open_ok("file:/initrd/hello.txt");
	if (f) {
		expect("stat into 0x1",
		       panda_sys_stat(f, (struct panda_file_stat *)1),
		       -PANDA_ERR_INVALID_ARGUMENT);
		expect("stat into a kernel address",
		       panda_sys_stat(f, (struct panda_file_stat *)
				      0xffff800000000000ull),
		       -PANDA_ERR_INVALID_ARGUMENT);
		expect("read into a kernel address",
		       panda_sys_read(f, (void *)0xffffc00000000000ull, 8),
		       -PANDA_ERR_INVALID_ARGUMENT);
		expect("read into an unmapped user address",
		       panda_sys_read(f, (void *)0x0000600000000000ull, 8),
		       -PANDA_ERR_INVALID_ARGUMENT);
		expect("read into a non-canonical address",
		       panda_sys_read(f, (void *)0x0000800000000000ull, 8),
		       -PANDA_ERR_INVALID_ARGUMENT);
		panda_sys_close(f);
	}
	if (panda_opendir("file:/initrd", &d) == 0) {
		expect("readdir into a kernel address",
		       panda_sys_readdir(d, (struct panda_dirent *)
					 0xffff800000000000ull),
		       -PANDA_ERR_INVALID_ARGUMENT);
		expect("readdir into 0x1",
		       panda_sys_readdir(d, (struct panda_dirent *)1),
		       -PANDA_ERR_INVALID_ARGUMENT);
		panda_sys_close(d);
	}
	expect("spawn with parameters at 0x1",
	       panda_send(PANDA_HANDLE_ENVIRONMENT, PANDA_OP_ENVIRONMENT_SPAWN,
			  1, 0, 0, 0),
	       -PANDA_ERR_INVALID_ARGUMENT);
	expect("spawn with parameters at a kernel address",
	       panda_send(PANDA_HANDLE_ENVIRONMENT, PANDA_OP_ENVIRONMENT_SPAWN,
			  0xffff800000000000ull, 0, 0, 0),
	       -PANDA_ERR_INVALID_ARGUMENT);
	expect("spawn of a path at a kernel address",
	       panda_sys_spawn((const char *)0xffff800000000000ull, 16, 0, 0,
			       0, 0),
	       -PANDA_ERR_INVALID_ARGUMENT);
}

static void bad_strings(void)
{
	static const char bad_utf8[] = "file:/initrd/\xff\xfe";
	static const char overlong[] = "file:/initrd/\xc0\xaf";
	static const char surrogate[] = "file:/initrd/\xed\xa0\x80";
	static const char nul[] = "file:/initrd/hello.txt\0x";
	static char longpath[1100];

	panda_log("Bad strings:");
	expect("open of an invalid UTF-8 path", open_raw(bad_utf8),
	       -PANDA_ERR_INVALID_ARGUMENT);
	expect("open of an overlong UTF-8 path", open_raw(overlong),
	       -PANDA_ERR_INVALID_ARGUMENT);
	expect("open of a UTF-16 surrogate path", open_raw(surrogate),
	       -PANDA_ERR_INVALID_ARGUMENT);
	expect("open of a path with a NUL inside",
	       panda_sys_open(nul, sizeof(nul) - 1, 0, 0),
	       -PANDA_ERR_INVALID_ARGUMENT);
	expect("spawn of an invalid UTF-8 path", spawn_raw(bad_utf8),
	       -PANDA_ERR_INVALID_ARGUMENT);
	expect("opendir of an invalid UTF-8 path",
	       panda_sys_opendir(bad_utf8, strlen(bad_utf8)),
	       -PANDA_ERR_INVALID_ARGUMENT);
	expect("log of invalid UTF-8", panda_sys_log("bad \xff\xfe", 6),
	       -PANDA_ERR_INVALID_ARGUMENT);
	memcpy(longpath, "file:/", 6);
	memset(longpath + 6, 'a', sizeof(longpath) - 7);
	expect("open of a 1099-byte URI", open_raw(longpath),
	       -PANDA_ERR_INVALID_ARGUMENT);
	expect("spawn of an initrd file that is not an ELF",
	       spawn_raw("file:/initrd/hello.txt"),
	       -PANDA_ERR_INVALID_ARGUMENT);
	expect("spawn with stdin = 0xDEAD",
	       panda_sys_spawn("file:/initrd/error_child", 24, 0, 0,
			       BAD_HANDLE, 0),
	       -PANDA_ERR_BAD_HANDLE);
}

static void unsupported(void)
{
	panda_handle_t f = open_ok("file:/initrd/hello.txt");

	panda_log("Unknown operations and system call numbers:");
	if (f) {
		expect("file operation 0x1ffff on a file",
		       panda_send(f, 0x1ffff, 0, 0, 0, 0),
		       -PANDA_ERR_NOT_SUPPORTED);
		expect("file operation 0x5ffff on a file",
		       panda_send(f, 0x5ffff, 0, 0, 0, 0),
		       -PANDA_ERR_NOT_SUPPORTED);
		panda_sys_close(f);
	}
	expect("process operation 0x2ffff",
	       panda_send(PANDA_HANDLE_PROCESS, 0x2ffff, 0, 0, 0, 0),
	       -PANDA_ERR_NOT_SUPPORTED);
	expect("environment operation 0x3ffff",
	       panda_send(PANDA_HANDLE_ENVIRONMENT, 0x3ffff, 0, 0, 0, 0),
	       -PANDA_ERR_NOT_SUPPORTED);
	expect("operation 0xffff0000",
	       panda_send(PANDA_HANDLE_ENVIRONMENT, 0xffff0000u, 0, 0, 0, 0),
	       -PANDA_ERR_NOT_SUPPORTED);
	expect("operation 0",
	       panda_send(PANDA_HANDLE_ENVIRONMENT, 0, 0, 0, 0, 0),
	       -PANDA_ERR_NOT_SUPPORTED);
	/* A valid yield in rdi/rsi, but the wrong number in rax. */
	expect("syscall number 0 in rax",
	       raw_syscall(0, PANDA_HANDLE_PROCESS, PANDA_OP_PROCESS_YIELD, 0,
			   0),
	       -PANDA_ERR_NOT_SUPPORTED);
	expect("syscall number 0x31 in rax",
	       raw_syscall(0x31, PANDA_HANDLE_PROCESS, PANDA_OP_PROCESS_YIELD,
			   0, 0),
	       -PANDA_ERR_NOT_SUPPORTED);
	expect("syscall number 0x100000030 in rax",
	       raw_syscall(0x100000030ull, PANDA_HANDLE_PROCESS,
			   PANDA_OP_PROCESS_YIELD, 0, 0),
	       -PANDA_ERR_NOT_SUPPORTED);
	expect("syscall number 0x30 in rax (control)",
	       raw_syscall(0x30, PANDA_HANDLE_PROCESS, PANDA_OP_PROCESS_YIELD,
			   0, 0),
	       0);
}

static void processes(void)
{
	panda_handle_t f, ch;
	panda_child c;
	int r;

	panda_log("Process operations:");
	expect("getpid of init", panda_sys_getpid(), 1);
	r = panda_child_spawn("file:/initrd/error_child", &c);
	if (r) {
		failures++;
		panda_logf("FAIL: setup: spawn of error_child: %d (%s)", r,
			   panda_errname(r));
		return;
	}
	expect("signal 3 (terminate) to a child",
	       panda_sys_signal(c.h, PANDA_SIG_TERMINATE),
	       -PANDA_ERR_NOT_SUPPORTED);
	expect("signal 0 to a child", panda_sys_signal(c.h, 0),
	       -PANDA_ERR_NOT_SUPPORTED);
	expect("signal 15 to a child", panda_sys_signal(c.h, 15),
	       -PANDA_ERR_NOT_SUPPORTED);
	expect("signal 9 to 0xDEAD", panda_sys_signal(BAD_HANDLE, 9),
	       -PANDA_ERR_BAD_HANDLE);
	/* If this one is wrong, init kills itself: exit code -9. */
	panda_log("  (signal 9 to ourselves, init, comes next)");
	expect("signal 9 to init through PANDA_HANDLE_PROCESS",
	       panda_sys_signal(PANDA_HANDLE_PROCESS, PANDA_SIGKILL),
	       -PANDA_ERR_PERMISSION_DENIED);
	expect("signal 9 to the child", panda_sys_signal(c.h, PANDA_SIGKILL),
	       0);
	expect("wait for the killed child", panda_sys_wait(c.h),
	       -PANDA_SIGKILL);
	ch = c.h;
	c.waited = true;
	panda_child_release(&c);	/* closes the handle */
	expect("wait on a closed child handle", panda_sys_wait(ch),
	       -PANDA_ERR_BAD_HANDLE);

	f = open_ok("file:/initrd/hello.txt");
	if (f) {
		expect("wait on a file handle", panda_sys_wait(f),
		       -PANDA_ERR_BAD_HANDLE);
		expect("signal 9 to a file handle",
		       panda_sys_signal(f, PANDA_SIGKILL),
		       -PANDA_ERR_BAD_HANDLE);
		panda_sys_close(f);
	}
	expect("wait on 0xDEAD", panda_sys_wait(BAD_HANDLE),
	       -PANDA_ERR_BAD_HANDLE);
	expect("wait on PANDA_HANDLE_PROCESS (ourselves)",
	       panda_sys_wait(PANDA_HANDLE_PROCESS), -PANDA_ERR_BAD_HANDLE);
	expect("wait on PANDA_HANDLE_ENVIRONMENT",
	       panda_sys_wait(PANDA_HANDLE_ENVIRONMENT),
	       -PANDA_ERR_BAD_HANDLE);
}

static void channels(void)
{
	static char big[PANDA_MAX_MESSAGE_SIZE + 1];
	panda_handle_t ch[2], f, mb;
	char buf[16];

	panda_log("Channels and mailboxes:");
	expect("non-blocking send on 0xDEAD",
	       panda_sys_channel_try_send(BAD_HANDLE, "x", 1),
	       -PANDA_ERR_BAD_HANDLE);
	expect("non-blocking receive on 0xDEAD",
	       panda_sys_channel_try_recv(BAD_HANDLE, buf, sizeof(buf)),
	       -PANDA_ERR_BAD_HANDLE);
	expect("blocking receive on 0xDEAD",
	       panda_sys_channel_recv(BAD_HANDLE, buf, sizeof(buf)),
	       -PANDA_ERR_BAD_HANDLE);
	/* init has no parent. */
	expect("receive on PANDA_HANDLE_PARENT in init",
	       panda_sys_channel_recv(PANDA_HANDLE_PARENT, buf, sizeof(buf)),
	       -PANDA_ERR_BAD_HANDLE);
	expect("send on PANDA_HANDLE_PARENT in init",
	       panda_sys_channel_send(PANDA_HANDLE_PARENT, "x", 1),
	       -PANDA_ERR_BAD_HANDLE);
	f = open_ok("file:/initrd/hello.txt");
	if (f) {
		expect("channel send on a file handle",
		       panda_sys_channel_try_send(f, "x", 1),
		       -PANDA_ERR_BAD_HANDLE);
		expect("channel receive on a file handle",
		       panda_sys_channel_try_recv(f, buf, sizeof(buf)),
		       -PANDA_ERR_BAD_HANDLE);
		expect("mailbox poll on a file handle",
		       panda_sys_mailbox_poll(f), -PANDA_ERR_BAD_HANDLE);
		panda_sys_close(f);
	}
	expect("channel create into 0x1",
	       panda_send(0, PANDA_OP_CHANNEL_CREATE, 1, 0, 0, 0),
	       -PANDA_ERR_INVALID_ARGUMENT);
	expect("channel create into a kernel address",
	       panda_send(0, PANDA_OP_CHANNEL_CREATE, 0xffff800000000000ull,
			  0, 0, 0),
	       -PANDA_ERR_INVALID_ARGUMENT);
	expect("channel operation 0x7ffff",
	       panda_send(PANDA_HANDLE_ENVIRONMENT, 0x7ffff, 0, 0, 0, 0),
	       -PANDA_ERR_NOT_SUPPORTED);

	if (panda_sys_channel_create(ch)) {
		failures++;
		panda_log("FAIL: setup: channel create");
		return;
	}
	expect("non-blocking receive on an empty channel",
	       panda_sys_channel_try_recv(ch[0], buf, sizeof(buf)),
	       -PANDA_ERR_WOULD_BLOCK);
	expect("send of 4097 bytes",
	       panda_sys_channel_try_send(ch[0], big, sizeof(big)),
	       -PANDA_ERR_MESSAGE_TOO_LARGE);
	expect("send from 0x1", panda_sys_channel_try_send(ch[0],
							   (void *)1, 8),
	       -PANDA_ERR_INVALID_ARGUMENT);
	expect("send from a kernel address",
	       panda_sys_channel_try_send(ch[0],
					  (void *)0xffff800000000000ull, 8),
	       -PANDA_ERR_INVALID_ARGUMENT);
	expect("send of 12 bytes", panda_sys_channel_try_send(ch[0],
							      "twelve bytes",
							      12), 0);
	expect("receive into 4 bytes", panda_sys_channel_try_recv(ch[1], buf,
								 4),
	       -PANDA_ERR_BUFFER_TOO_SMALL);
	expect("receive into a kernel address",
	       panda_sys_channel_try_recv(ch[1],
					  (void *)0xffff800000000000ull, 16),
	       -PANDA_ERR_INVALID_ARGUMENT);
	expect("the message is still there",
	       panda_sys_channel_try_recv(ch[1], buf, sizeof(buf)), 12);
	expect("file read on a channel", panda_sys_read(ch[0], buf, 4),
	       -PANDA_ERR_NOT_SUPPORTED);
	expect("file write on a channel", panda_sys_write(ch[0], "x", 1),
	       -PANDA_ERR_NOT_SUPPORTED);
	expect("seek on a channel", panda_sys_seek(ch[0], 0, PANDA_SEEK_SET),
	       -PANDA_ERR_NOT_SEEKABLE);
	expect("readdir on a channel",
	       panda_sys_readdir(ch[0], (struct panda_dirent *)big),
	       -PANDA_ERR_BAD_HANDLE);
	expect("close of one end", panda_sys_close(ch[1]), 0);
	expect("non-blocking send after the other end closed",
	       panda_sys_channel_try_send(ch[0], "x", 1),
	       -PANDA_ERR_CHANNEL_CLOSED);
	expect("blocking send after the other end closed",
	       panda_sys_channel_send(ch[0], "x", 1),
	       -PANDA_ERR_CHANNEL_CLOSED);
	expect("receive after the other end closed",
	       panda_sys_channel_recv(ch[0], buf, sizeof(buf)),
	       -PANDA_ERR_CHANNEL_CLOSED);
	expect("send on the closed end itself",
	       panda_sys_channel_try_send(ch[1], "x", 1),
	       -PANDA_ERR_BAD_HANDLE);
	panda_sys_close(ch[0]);

	expect("mailbox poll on 0xDEAD", panda_sys_mailbox_poll(BAD_HANDLE),
	       -PANDA_ERR_BAD_HANDLE);
	expect("mailbox wait on 0xDEAD", panda_sys_mailbox_wait(BAD_HANDLE),
	       -PANDA_ERR_BAD_HANDLE);
	mb = PANDA_HANDLE_MAILBOX;
	expect("mailbox attach of 0xDEAD",
	       panda_sys_mailbox_attach(mb, BAD_HANDLE,
					PANDA_EVENT_CHANNEL_READABLE),
	       -PANDA_ERR_BAD_HANDLE);
	expect("file read on a mailbox", panda_sys_read(mb, buf, 4),
	       -PANDA_ERR_NOT_SUPPORTED);
	expect("channel send on a mailbox",
	       panda_sys_channel_try_send(mb, "x", 1), -PANDA_ERR_BAD_HANDLE);
}

int main(int argc, char **argv, char **envp)
{
	panda_log("Error test starting");
	not_found();
	bad_handles();
	file_errors();
	bad_pointers();
	bad_strings();
	unsupported();
	channels();
	processes();
	panda_logf("Error test: %d checks passed, %d failed", passes,
		   failures);
	if (failures)
		return 1;
	panda_log("PASS");
	return 0;
}
