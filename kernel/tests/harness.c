// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel test harness (kernel.md 16).  Output:
 *   Running <N> tests
 *   <suite>::<test>...\t[ok]
 *   ...
 *   (empty line)
 *   All tests passed!
 * then QEMU exit 0x10.  A failing test panics; panic() prints "[failed]",
 * an empty line and "Error: ..." and exits with 0x11.
 */
#include <lib/string.h>
#include <panda/cmdline.h>
#include <panda/ktest.h>
#include <panda/printk.h>
#include <panda/qemu.h>

extern const struct ktest __ktest_start[], __ktest_end[];
static bool running;

bool ktest_running(void)
{
	return running;
}

void ktest_run_from_cmdline(void)
{
	char suite[32];
	const struct ktest *t;
	unsigned int n = 0;

	if (!cmdline_value("ktest", suite, sizeof(suite)))
		return;
	for (t = __ktest_start; t < __ktest_end; t++)
		if (!strcmp(t->suite, suite))
			n++;
	if (!n) {
		console_printf("Error: Test '%s' not found in this kernel\n",
			       suite);
		qemu_exit(QEMU_EXIT_FAILURE);
		return;
	}
	running = true;
	console_printf("Running %u tests\n", n);
	for (t = __ktest_start; t < __ktest_end; t++) {
		if (strcmp(t->suite, suite))
			continue;
		uint64_t mark;

		console_printf("%s::%s...\t", t->suite, t->name);
		mark = console_written();
		t->fn();
		/* Log lines came in between: repeat the name for the verdict. */
		if (console_written() != mark)
			console_printf("%s::%s...\t", t->suite, t->name);
		console_printf("[ok]\n");
	}
	console_printf("\nAll tests passed!\n");
	running = false;
	qemu_exit(QEMU_EXIT_SUCCESS);
}
