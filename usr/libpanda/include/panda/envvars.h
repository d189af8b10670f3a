/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Environment variables (userspace.md 3.4): an ordered list of
 * (key, value) pairs, filled from the startup message before main().
 * Duplicates from the message are kept; lookups return the first match.
 * No system calls here (host-testable); memory comes from malloc.
 */
#ifndef _PANDA_ENVVARS_H
#define _PANDA_ENVVARS_H

#include <stddef.h>

/* NULL if unset.  The pointer is valid until the key is set or unset. */
const char *panda_getenv(const char *key);

/* Replace in place (position kept) or append.  Exits 102 on OOM. */
void panda_setenv(const char *key, const char *value);

/*
 * Remove the first pair with this key: 1 if it existed (*old, if old is
 * not NULL, receives the previous value, to be freed by the caller), 0 if
 * not.
 */
int panda_unsetenv(const char *key, char **old);

/* Pairs in store order; the arrays are valid until the next change. */
size_t panda_environ(const char *const **keys, const char *const **values);

/* Empty the store. */
void panda_env_clear(void);

/*
 * Append a pair without looking for the key (how the startup message's
 * list is installed).  0 or -PANDA_ERR_NO_MEMORY.
 */
int panda_env_append(const char *key, const char *value);

#endif /* _PANDA_ENVVARS_H */
