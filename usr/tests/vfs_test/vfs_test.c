// SPDX-License-Identifier: GPL-2.0
/* vfs_test: open the initramfs's hello.txt, read it, close (tests.md 3). */
#include <panda/panda.h>
#include <string.h>

int main(int argc, char **argv, char **envp)
{
	static const char want[] = "Hello from the initrd!\n";
	char buf[64];
	panda_handle_t h;
	long n;

	panda_log("VFS test starting");
	if (panda_open("file:/initrd/hello.txt", 0, 0, &h) < 0) {
		panda_log("FAIL: cannot open file:/initrd/hello.txt");
		return 1;
	}
	n = panda_read(h, buf, sizeof(buf));
	if (n != (long)strlen(want) || memcmp(buf, want, n)) {
		panda_logf("FAIL: read returned %ld", n);
		return 1;
	}
	if (panda_read(h, buf, sizeof(buf)) != 0) {
		panda_log("FAIL: read at end of file did not return 0");
		return 1;
	}
	if (panda_close(h) != 0 || panda_close(h) != -PANDA_ERR_BAD_HANDLE) {
		panda_log("FAIL: close");
		return 1;
	}
	panda_log("VFS test passed");
	return 0;
}
