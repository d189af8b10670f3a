// SPDX-License-Identifier: GPL-2.0
/* bench_exit: the tiny program Linux's spawn_wait execs; exits at once. */
int main(void)
{
	return 0;
}
