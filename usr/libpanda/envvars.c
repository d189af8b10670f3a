// SPDX-License-Identifier: GPL-2.0
/*
 * The environment-variable store (userspace.md 3.4): parallel arrays of
 * malloc'd keys and values, in order, each NULL-terminated so that
 * panda_environ() can hand them out directly.  No system calls, no libc
 * names defined: this file also builds on a hosted system for tests.
 */
#include <panda/envvars.h>
#include <panda/print.h>
#include <stdlib.h>
#include <string.h>
#include <uapi/panda/errno.h>

static char **keys;
static char **vals;
static size_t count;
static size_t cap;	/* slots in keys/vals, including the NULL ends */

static long find(const char *key)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (!strcmp(keys[i], key))
			return (long)i;
	return -1;
}

static int reserve(size_t n)
{
	char **k, **v;
	size_t ncap;

	if (n + 1 <= cap)
		return 0;
	ncap = cap ? cap * 2 : 16;
	while (ncap < n + 1)
		ncap *= 2;
	k = realloc(keys, ncap * sizeof(*k));
	if (!k)
		return -PANDA_ERR_NO_MEMORY;
	keys = k;
	v = realloc(vals, ncap * sizeof(*v));
	if (!v)
		return -PANDA_ERR_NO_MEMORY;
	vals = v;
	cap = ncap;
	return 0;
}

const char *panda_getenv(const char *key)
{
	long i = find(key);

	return i < 0 ? NULL : vals[i];
}

int panda_env_append(const char *key, const char *value)
{
	char *k, *v;

	if (reserve(count + 1))
		return -PANDA_ERR_NO_MEMORY;
	k = strdup(key);
	v = strdup(value);
	if (!k || !v) {
		free(k);
		free(v);
		return -PANDA_ERR_NO_MEMORY;
	}
	keys[count] = k;
	vals[count] = v;
	count++;
	keys[count] = NULL;
	vals[count] = NULL;
	return 0;
}

void panda_setenv(const char *key, const char *value)
{
	long i = find(key);
	char *v;

	if (i < 0) {
		if (panda_env_append(key, value))
			panda_oom(strlen(key) + strlen(value));
		return;
	}
	v = strdup(value);
	if (!v)
		panda_oom(strlen(value));
	free(vals[i]);
	vals[i] = v;
}

int panda_unsetenv(const char *key, char **old)
{
	long i = find(key);

	if (i < 0)
		return 0;
	free(keys[i]);
	if (old)
		*old = vals[i];
	else
		free(vals[i]);
	/* Shift the rest (and the NULL ends) down: order is kept. */
	memmove(&keys[i], &keys[i + 1], (count - i) * sizeof(*keys));
	memmove(&vals[i], &vals[i + 1], (count - i) * sizeof(*vals));
	count--;
	return 1;
}

size_t panda_environ(const char *const **k, const char *const **v)
{
	static const char *const empty[] = { NULL };

	*k = count ? (const char *const *)keys : empty;
	*v = count ? (const char *const *)vals : empty;
	return count;
}

void panda_env_clear(void)
{
	size_t i;

	for (i = 0; i < count; i++) {
		free(keys[i]);
		free(vals[i]);
	}
	count = 0;
	if (cap) {
		keys[0] = NULL;
		vals[0] = NULL;
	}
}
