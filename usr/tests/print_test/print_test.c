// SPDX-License-Identifier: GPL-2.0
/*
 * print_test (tests.md 3): the print/println helpers.  As init this
 * program has no parent, so everything panda_printf / panda_println send
 * on PANDA_HANDLE_PARENT is dropped; the helpers must neither fail nor
 * crash.  Each format is also rendered with snprintf (the same formatter)
 * and compared with the expected text, so the formatting itself is
 * checked too.
 *
 * Not covered yet: the reference's styled terminal output (red, green and
 * blue spans) needs the terminal helpers of userspace.md 3.13
 * (panda_term_print_styled and the Value/style API), which libpanda does
 * not have yet.
 *
 * The C <stdio.h> printf, with no STDOUT handle, goes to the kernel log
 * one record per line; expected.txt checks one such line.
 */
#include <panda/panda.h>
#include <stdio.h>
#include <string.h>

static int failures;

/* Render with snprintf, compare, then send the same through println. */
#define FMT(want, ...)							\
	do {								\
		char got_[256];						\
		snprintf(got_, sizeof(got_), __VA_ARGS__);		\
		if (strcmp(got_, want)) {				\
			panda_logf("  FAIL: format %s gave '%s', "	\
				   "expected '%s'", #__VA_ARGS__, got_,	\
				   want);				\
			failures++;					\
		}							\
		panda_println(__VA_ARGS__);				\
	} while (0)

/* "0b" followed by the binary digits of v, no leading zeros. */
static const char *binary(uint64_t v, char *buf)
{
	char tmp[65];
	int n = 0, i;

	do {
		tmp[n++] = '0' + (v & 1);
		v >>= 1;
	} while (v);
	buf[0] = '0';
	buf[1] = 'b';
	for (i = 0; i < n; i++)
		buf[2 + i] = tmp[n - 1 - i];
	buf[2 + n] = '\0';
	return buf;
}

/* s centred in width w (extra space on the right, as Rust's {:^w}). */
static const char *centre(const char *s, int w, char *buf)
{
	int len = (int)strlen(s), pad = w > len ? w - len : 0;
	int left = pad / 2;

	snprintf(buf, 64, "%*s%s%*s", left, "", s, pad - left, "");
	return buf;
}

/* Debug form of an integer array: "[1, 2, 3]". */
static const char *debug_array(const int *a, size_t n, char *buf, size_t cap)
{
	size_t i, k = 0;

	k += snprintf(buf + k, cap - k, "[");
	for (i = 0; i < n && k < cap; i++)
		k += snprintf(buf + k, cap - k, "%s%d", i ? ", " : "", a[i]);
	if (k < cap)
		snprintf(buf + k, cap - k, "]");
	return buf;
}

int main(int argc, char **argv, char **envp)
{
	static const int arr[] = { 1, 2, 3, 4, 5 };
	const char *volatile nul = NULL;	/* hidden from -Wformat */
	char b1[80], b2[80], big[600];

	panda_log("=== Print macro tests ===");

	panda_log("Test: plain text");
	panda_printf("Hello from print_test");
	panda_println("Hello from println");
	panda_println("%s", "");
	panda_printf("%s", "");

	panda_log("Test: integers");
	FMT("42", "%d", 42);
	FMT("-17", "%d", -17);
	FMT("18446744073709551615", "%lu", (unsigned long)-1);
	FMT("-9223372036854775808", "%ld", (long)(-9223372036854775807L - 1));
	FMT("+5", "%+d", 5);
	FMT("00042", "%05d", 42);

	panda_log("Test: hex and binary with prefix");
	FMT("0xff", "%#x", 255);
	FMT("0XFF", "%#X", 255);
	FMT("0xdeadbeef", "%#lx", 0xdeadbeeful);
	FMT("0b1010", "%s", binary(10, b1));
	FMT("0b0", "%s", binary(0, b1));
	FMT("0b11111111", "%s", binary(255, b1));

	panda_log("Test: padding to width 8");
	FMT("   right", "%8s", "right");
	FMT("left    ", "%-8s", "left");
	FMT("  mid   ", "%s", centre("mid", 8, b1));
	FMT("      42", "%8d", 42);
	FMT("42      ", "%-8d", 42);
	FMT("toolongstring", "%8s", "toolongstring");

	panda_log("Test: strings and several arguments");
	FMT("name=panda, version=1, ok=yes", "name=%s, version=%d, ok=%s",
	    "panda", 1, "yes");
	FMT("a b c 1 2 3", "%c %c %c %d %d %d", 'a', 'b', 'c', 1, 2, 3);
	FMT("(null)", "%s", nul);
	FMT("100%", "%d%%", 100);

	panda_log("Test: debug form of an array");
	FMT("[1, 2, 3, 4, 5]", "%s",
	    debug_array(arr, sizeof(arr) / sizeof(arr[0]), b2, sizeof(b2)));

	panda_log("Test: long, multi-line and odd output");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	panda_printf("%s", big);	/* truncated to 256 bytes */
	panda_println("%s", big);
	panda_println("line one\nline two\n");
	panda_printf("caf\xc3\xa9 \xe2\x9c\x93 \xff\xfe");	/* bad UTF-8 too */

	panda_log("Test: C stdio without STDOUT");
	printf("print_test: printf reached the log: %d %#x %s\n", 42, 42,
	       "ok");
	fflush(stdout);

	/* One record is one console line: control characters escaped. */
	{
		static const char raw[] =
			"print_test: raw\n[    0.0] forged\x1b[2J\r\x7f\tend";

		if (panda_sys_log(raw, sizeof(raw) - 1))
			failures++;
	}

	if (failures) {
		panda_logf("=== %d print check(s) FAILED ===", failures);
		return 1;
	}
	panda_log("=== All print tests passed! ===");
	return 0;
}
