// SPDX-License-Identifier: GPL-2.0
/*
 * blk_async_test (issue 5: a CPU-bound process keeps running while
 * another waits on the disk).  blk_async_spinner, told "go", spins in
 * user mode and notes the time every few hundred thousand iterations.
 * Meanwhile this process reads the whole 16 MiB zeroed disk in one
 * OP_FILE_READ, sleeping in the kernel while virtio-blk works.  Then it
 * sends the spinner the read's start and end times; the spinner answers
 * how many of its notes fall inside, which must be several: it ran
 * while the reader slept.  The data must be all zeros.
 */
#include <panda/panda.h>
#include <stdlib.h>
#include <string.h>

#define DISK_SIZE	(16u << 20)

int main(int argc, char **argv, char **envp)
{
	uint64_t window[2], inside = 0, t0, t1;
	panda_handle_t h;
	panda_child c;
	uint8_t *buf;
	char msg[8];
	size_t len, i;
	long n;
	int err, code;

	panda_log("blk_async_test: starting");
	buf = malloc(DISK_SIZE);
	if (!buf) {
		panda_log("FAIL: no memory for the buffer");
		return 1;
	}
	err = panda_open("block:/pci/storage/0", 0, 0, &h);
	if (err) {
		panda_logf("FAIL: open: %s", panda_errname(err));
		return 1;
	}
	err = panda_child_spawn("file:/initrd/blk_async_spinner", &c);
	if (!err)
		err = panda_channel_send(c.h, "go", 2);
	if (!err)
		err = panda_channel_recv(c.h, msg, sizeof(msg), &len);
	if (err) {
		panda_logf("FAIL: starting the spinner: %s", panda_errname(err));
		return 1;
	}
	panda_log("blk_async_test: spinner running, reading 16 MiB");
	t0 = panda_time();
	n = panda_read(h, buf, DISK_SIZE);
	t1 = panda_time();
	if (n != DISK_SIZE) {
		panda_logf("FAIL: read returned %ld", n);
		return 1;
	}
	for (i = 0; i < DISK_SIZE; i++) {
		if (buf[i]) {
			panda_logf("FAIL: byte %zu is %u, not 0", i, buf[i]);
			return 1;
		}
	}
	panda_logf("blk_async_test: read 16 MiB in %lu ms",
		   (unsigned long)((t1 - t0) / 1000000));
	window[0] = t0;
	window[1] = t1;
	err = panda_channel_send(c.h, window, sizeof(window));
	if (!err)
		err = panda_channel_recv(c.h, &inside, sizeof(inside), &len);
	if (!err)
		err = panda_child_wait(&c, &code);
	if (err || code) {
		panda_logf("FAIL: spinner: %s, exit %d", panda_errname(err),
			   code);
		return 1;
	}
	panda_logf("blk_async_test: spinner noted the time %lu times during the read",
		   (unsigned long)inside);
	if (inside < 2) {
		panda_log("FAIL: the CPU-bound process did not run during the read");
		return 1;
	}
	panda_log("blk_async_test: the CPU-bound process ran while the reader slept");
	panda_close(h);
	free(buf);
	panda_log("blk_async_test: passed");
	return 0;
}
