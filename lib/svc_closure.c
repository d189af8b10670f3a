// SPDX-License-Identifier: GPL-2.0
/* Dependency closures (services.md 8.8).  See include/lib/svc_closure.h. */
#include <lib/string.h>
#include <lib/svc_closure.h>

/* Index of the config named name, or n. */
static size_t find(const struct svc_config *const *cfgs, size_t n,
		   const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (cfgs[i]->name && !strcmp(cfgs[i]->name, name))
			return i;
	return n;
}

/* Does cfg depend directly on a marked config? */
static bool after_marked(const struct svc_config *const *cfgs, size_t n,
			 const struct svc_config *cfg, const bool *mark)
{
	size_t k, j;

	for (k = 0; k < cfg->n_after; k++) {
		j = find(cfgs, n, cfg->after[k]);
		if (j < n && mark[j])
			return true;
	}
	return false;
}

void svc_closure_deps(const struct svc_config *const *cfgs, size_t n,
		      size_t start, bool *mark)
{
	bool changed = true;
	size_t i, k, j;

	if (start >= n)
		return;
	mark[start] = true;
	while (changed) {
		changed = false;
		for (i = 0; i < n; i++) {
			if (!mark[i])
				continue;
			for (k = 0; k < cfgs[i]->n_after; k++) {
				j = find(cfgs, n, cfgs[i]->after[k]);
				if (j < n && !mark[j]) {
					mark[j] = true;
					changed = true;
				}
			}
		}
	}
}

void svc_closure_dependents(const struct svc_config *const *cfgs, size_t n,
			    size_t start, bool *mark)
{
	bool changed = true;
	size_t i;

	if (start >= n)
		return;
	mark[start] = true;
	while (changed) {
		changed = false;
		for (i = 0; i < n; i++) {
			if (!mark[i] && after_marked(cfgs, n, cfgs[i], mark)) {
				mark[i] = true;
				changed = true;
			}
		}
	}
}
