// SPDX-License-Identifier: GPL-2.0
/*
 * error_child: a child for error_test's signal checks.  Yields until it
 * is killed (signal 9); exits with code 3 if that has not happened
 * within 10 s.
 */
#include <panda/panda.h>

int main(int argc, char **argv, char **envp)
{
	uint64_t t0 = panda_time_ms();

	while (panda_time_ms() - t0 < 10000)
		panda_yield();
	panda_log("error_child: not killed within 10 s");
	return 3;
}
