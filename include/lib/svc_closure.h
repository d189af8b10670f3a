/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Dependency closures for the manager's start and stop commands
 * (services.md 8.8): start X enables X and everything it depends on,
 * stop X disables X and everything that depends on it.  Pure functions
 * over the known configs cfgs[0..n) (pointers, so that callers need not
 * copy them); names in `after` lists that match no config are ignored,
 * cycles are fine.  mark[] (n entries) is not cleared first: entries for
 * cfgs[start] and the whole closure become true.
 */
#ifndef _LIB_SVC_CLOSURE_H
#define _LIB_SVC_CLOSURE_H

#include <stdbool.h>
#include <stddef.h>
#include <lib/svc_config.h>

/* cfgs[start] and everything reachable through `after`. */
void svc_closure_deps(const struct svc_config *const *cfgs, size_t n,
		      size_t start, bool *mark);

/* cfgs[start] and every config whose `after` chain reaches it. */
void svc_closure_dependents(const struct svc_config *const *cfgs, size_t n,
			    size_t start, bool *mark);

#endif /* _LIB_SVC_CLOSURE_H */
