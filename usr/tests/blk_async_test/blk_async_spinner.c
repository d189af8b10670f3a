// SPDX-License-Identifier: GPL-2.0
/*
 * blk_async_spinner: the CPU-bound half of blk_async_test.  After "go"
 * (answered with "spin") it loops without system calls except a time
 * note every 2^18 iterations and a non-blocking look at its parent
 * channel.  The 16-byte message {t0, t1} ends it: it replies with how
 * many of its latest notes lie in [t0, t1].
 */
#include <panda/panda.h>

#define NOTES	8192

static uint64_t notes[NOTES];

int main(int argc, char **argv, char **envp)
{
	uint64_t window[2], count = 0, i, n = 0, x = 0;
	char go[8];
	size_t len;
	int err;

	err = panda_channel_recv(PANDA_HANDLE_PARENT, go, sizeof(go), &len);
	if (err || panda_channel_send(PANDA_HANDLE_PARENT, "spin", 4))
		return 1;
	for (;;) {
		for (i = 0; i < (1u << 18); i++) {
			x += i;
			__asm__ volatile("" : "+r"(x), "+r"(i));
		}
		notes[n++ % NOTES] = panda_time();
		err = panda_channel_try_recv(PANDA_HANDLE_PARENT, window,
					     sizeof(window), &len);
		if (!err)
			break;
		if (err != -PANDA_ERR_WOULD_BLOCK)
			return 1;
	}
	if (len != sizeof(window))
		return 1;
	for (i = 0; i < n && i < NOTES; i++)
		if (notes[i] >= window[0] && notes[i] <= window[1])
			count++;
	if (panda_channel_send(PANDA_HANDLE_PARENT, &count, sizeof(count)))
		return 1;
	return 0;
}
