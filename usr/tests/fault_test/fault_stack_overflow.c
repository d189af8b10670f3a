// SPDX-License-Identifier: GPL-2.0
/*
 * fault_test helper: recurse until the stack leaves its 16 MiB region
 * (every page of it is demand-paged on the way down, then the access below
 * STACK_BASE is a plain not-present fault): exit -11.
 */
#include <panda/panda.h>

static volatile int never = -1;

static int recurse(int depth)
{
	volatile char pad[4000];

	pad[0] = (char)depth;
	if (depth == never)
		return 0;
	return recurse(depth + 1) + pad[0];
}

int main(int argc, char **argv, char **envp)
{
	recurse(0);
	return 99;	/* not reached */
}
