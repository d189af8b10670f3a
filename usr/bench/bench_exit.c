// SPDX-License-Identifier: GPL-2.0
/* bench_exit: the tiny program spawn_wait starts; it exits at once. */
int main(int argc, char **argv, char **envp)
{
	return 0;
}
