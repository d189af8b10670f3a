// SPDX-License-Identifier: GPL-2.0
/*
 * state_child: the child state_test blocks on (state_preserved_blocking_wait).
 * Yields and computes for a while, so that the parent's wait really
 * blocks, then exits with code 7.
 */
#include <panda/panda.h>

int main(int argc, char **argv, char **envp)
{
	uint64_t i, sum = 0;
	int k;

	for (k = 0; k < 5; k++) {
		panda_yield();
		for (i = 0; i < 1000000; i++) {
			sum += i;
			__asm__ volatile("" : "+r"(sum), "+r"(i));
		}
	}
	if (sum != 5 * (1000000ull * 999999 / 2)) {
		panda_log("state_child: FAIL: wrong sum");
		return 1;
	}
	panda_log("state_child: exiting with code 7");
	return 7;
}
