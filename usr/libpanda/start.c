// SPDX-License-Identifier: GPL-2.0
/*
 * C runtime start (userspace.md 3.15, ipc.md 5.3): receive the startup
 * message on PANDA_HANDLE_PARENT, install the environment, run
 * main(argc, argv, envp) and exit with its result.
 *
 * Without a parent (init) the receive fails at once; any failure, or a
 * message that does not decode, gives argc = 0, argv = { NULL } and an
 * empty environment.  envp is a snapshot of "KEY=VALUE" strings taken
 * before main; panda_getenv()/getenv() see later changes, envp does not.
 */
#include <panda/envvars.h>
#include <panda/print.h>
#include <panda/process.h>
#include <panda/startup.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv, char **envp);
__attribute__((noreturn)) void panda_start(void);

static char *empty_vec[] = { NULL };
static int prog_argc;
static char **prog_argv = empty_vec;

int panda_argc(void)
{
	return prog_argc;
}

char **panda_argv(void)
{
	return prog_argv;
}

static char **make_envp(void)
{
	const char *const *k, *const *v;
	size_t n = panda_environ(&k, &v), i;
	char **envp;

	envp = malloc((n + 1) * sizeof(*envp));
	if (!envp)
		panda_oom((n + 1) * sizeof(*envp));
	for (i = 0; i < n; i++) {
		size_t kl = strlen(k[i]), vl = strlen(v[i]);

		envp[i] = malloc(kl + vl + 2);
		if (!envp[i])
			panda_oom(kl + vl + 2);
		memcpy(envp[i], k[i], kl);
		envp[i][kl] = '=';
		memcpy(envp[i] + kl + 1, v[i], vl + 1);
	}
	envp[n] = NULL;
	return envp;
}

void panda_start(void)
{
	static uint8_t msg[PANDA_MAX_MESSAGE_SIZE];
	struct panda_startup su;
	char **envp = empty_vec;
	long len;
	size_t i;

	len = panda_sys_channel_recv(PANDA_HANDLE_PARENT, msg, sizeof(msg));
	if (len >= 0 && !panda_startup_decode(msg, (size_t)len, &su)) {
		prog_argc = su.argc;
		prog_argv = su.argv;	/* kept for the whole run */
		for (i = 0; i < su.envc; i++)
			if (panda_env_append(su.keys[i], su.values[i]))
				panda_oom(strlen(su.values[i]));
		if (su.envc)
			envp = make_envp();
	}
	panda_exit(main(prog_argc, prog_argv, envp));
}
