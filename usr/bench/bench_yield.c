// SPDX-License-Identifier: GPL-2.0
/* bench_yield: yields for ever; bench's context_switch partner, killed. */
#include <panda/panda.h>

int main(int argc, char **argv, char **envp)
{
	for (;;)
		panda_sys_yield();
}
