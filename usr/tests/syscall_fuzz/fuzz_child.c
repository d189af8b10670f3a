// SPDX-License-Identifier: GPL-2.0
/*
 * syscall_fuzz helper: the same fuzzer as the parent but free to block,
 * exit, kill itself and fault (common/fuzz.c).  Seeded from the parent's
 * seed and its pid; it makes a few hundred to a few thousand calls, then
 * ends one way or another unless the parent kills it first.
 */
#include <panda/panda.h>
#include "common/fuzz.h"

int main(int argc, char **argv, char **envp)
{
	uint64_t pid = (uint64_t)panda_sys_getpid(), n, i;

	fuzz_init(0x5eedf00dcafe1234ULL ^ (pid * 0x9e3779b97f4a7c15ULL), false);
	n = 50 + fuzz_rand() % 400;
	for (i = 0; i < n; i++)
		fuzz_step();
	fuzz_child_finale();
}
