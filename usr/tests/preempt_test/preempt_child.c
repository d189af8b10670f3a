// SPDX-License-Identifier: GPL-2.0
/*
 * preempt_child (tests.md 3.1): wait for "go" from the parent, then sum
 * 0..10,000,000 without ever yielding, check the result, exit 0 (1 on a
 * wrong sum or a missing "go").
 */
#include <panda/panda.h>

#define N	10000000ul

int main(int argc, char **argv, char **envp)
{
	uint64_t i, sum = 0;
	char go[8];
	size_t n;
	int err;

	err = panda_channel_recv(PANDA_HANDLE_PARENT, go, sizeof(go), &n);
	if (err || n != 2 || go[0] != 'g' || go[1] != 'o') {
		panda_logf("preempt_child: FAIL: no go from the parent: %d",
			   err);
		return 1;
	}
	for (i = 0; i < N; i++) {
		sum += i;
		__asm__ volatile("" : "+r"(sum), "+r"(i));
	}
	if (sum != N * (N - 1) / 2) {
		panda_logf("preempt_child: FAIL: sum %lu, expected %lu", sum,
			   N * (N - 1) / 2);
		return 1;
	}
	panda_log("preempt_child: completed");
	return 0;
}
