// SPDX-License-Identifier: GPL-2.0
/*
 * env_child (tests.md 3.1): argument 1 selects what to check.
 *
 *   inherit   FOO must be "bar" (inherited from the parent).
 *   override  FOO must be "baz" (set explicitly by the spawner).
 *   clear     FOO must be unset and ONLY must be "yes".
 *   dump      send the parent the whole environment, one "KEY=VALUE"
 *             line per pair in store order, then "FOO->" and FOO's
 *             lookup ("(unset)" if none); then set FOO=child locally.
 *
 * Every mode also checks that envp (main's snapshot) agrees with the
 * store.  Exit 0 on success, 1 after a "FAIL: ..." line.
 */
#include <panda/panda.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../common/check.h"

static char report[PANDA_MAX_MESSAGE_SIZE];

static int check_envp(char **envp)
{
	const char *const *k, *const *v;
	size_t n = panda_environ(&k, &v), i, kl;

	for (i = 0; i < n; i++) {
		kl = strlen(k[i]);
		CHECK(envp[i] && !strncmp(envp[i], k[i], kl) &&
		      envp[i][kl] == '=' && !strcmp(envp[i] + kl + 1, v[i]),
		      "env_child: envp[%zu] is \"%s\", store has %s=%s", i,
		      envp[i] ? envp[i] : "(null)", k[i], v[i]);
	}
	CHECK(!envp[n], "env_child: envp has more than %zu entries", n);
	return 0;
}

static int dump(void)
{
	const char *const *k, *const *v;
	size_t n = panda_environ(&k, &v), i, len = 0;
	const char *foo = panda_getenv("FOO");
	int w;

	for (i = 0; i < n; i++) {
		w = snprintf(report + len, sizeof(report) - len, "%s=%s\n",
			     k[i], v[i]);
		CHECK(w > 0 && len + w < sizeof(report),
		      "env_child: environment longer than one message");
		len += w;
	}
	w = snprintf(report + len, sizeof(report) - len, "FOO->%s",
		     foo ? foo : "(unset)");
	CHECK(w > 0 && len + w < sizeof(report),
	      "env_child: environment longer than one message");
	len += w;
	CHECK_EQ("env_child: report",
		 panda_sys_channel_send(PANDA_HANDLE_PARENT, report, len), 0);
	panda_setenv("FOO", "child");	/* the parent's store is its own */
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	const char *mode = argc > 1 ? argv[1] : "";
	const char *foo = panda_getenv("FOO");
	const char *only = panda_getenv("ONLY");

	TRY(check_envp(envp));
	CHECK(foo == getenv("FOO"), "env_child: getenv and panda_getenv differ");
	if (!strcmp(mode, "inherit")) {
		CHECK(foo && !strcmp(foo, "bar"), "inherit: FOO=%s, expected bar",
		      foo ? foo : "(unset)");
		panda_log("inherit: FOO=bar OK");
		return 0;
	}
	if (!strcmp(mode, "override")) {
		CHECK(foo && !strcmp(foo, "baz"),
		      "override: FOO=%s, expected baz", foo ? foo : "(unset)");
		panda_log("override: FOO=baz OK");
		return 0;
	}
	if (!strcmp(mode, "clear")) {
		CHECK(!foo, "clear: FOO=%s, expected unset", foo);
		panda_log("clear: FOO unset OK");
		CHECK(only && !strcmp(only, "yes"),
		      "clear: ONLY=%s, expected yes", only ? only : "(unset)");
		panda_log("clear: ONLY=yes OK");
		return 0;
	}
	if (!strcmp(mode, "dump"))
		return dump();
	panda_logf("FAIL: env_child: unknown mode '%s'", mode);
	return 1;
}
