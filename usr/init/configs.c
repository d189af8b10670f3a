// SPDX-License-Identifier: GPL-2.0
/*
 * Service configs (services.md 6, 11.1): the first services directory
 * that opens, exclusively; each subdirectory with a valid name is a
 * service whose config.toml is parsed.  Invalid configs are kept so that
 * the planner reports them and excludes their dependents.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "manager.h"

static const char *const dirs[] = {
	"file:/config/services",
	"file:/mnt/config/services",
	"file:/initrd/config/services",
};

#define PATH_CAP (64 + 1 + SVC_NAME_MAX + sizeof("/config.toml"))

static bool load_one(const char *dir, const char *name)
{
	char path[PATH_CAP];
	struct service *s;
	uint8_t *text;
	size_t len;
	int err;

	snprintf(path, sizeof(path), "%s/%s/config.toml", dir, name);
	err = panda_read_whole_file(path, &text, &len);
	if (err) {
		panda_logf("init: warning: %s: cannot read %s: %s", name, path,
			   panda_strerror(err));
		return false;
	}
	s = service_add(name);
	err = svc_config_parse(heap, name, path, (const char *)text, len,
			       &s->cfg);
	free(text);
	if (err == SVC_CONFIG_ENOMEM) {
		panda_logf("init: warning: %s: out of memory", name);
		return false;
	}
	s->known = true;
	s->enabled = true;
	return true;
}

static size_t load_dir(const char *dir, panda_handle_t d)
{
	struct panda_dirent de;
	char name[256];
	size_t n = 0;

	while (panda_readdir(d, &de) == 1) {
		panda_dirent_name(&de, name, sizeof(name));
		if (!de.is_dir)
			continue;
		if (!svc_name_valid(name, de.name_len)) {
			if (strcmp(name, ".") && strcmp(name, ".."))
				panda_logf(
					"init: warning: %s/%s: not a valid service name, skipped",
					dir, name);
			continue;
		}
		if (service_find(name, strlen(name))) {
			panda_logf("init: warning: %s listed twice, skipped",
				   name);
			continue;
		}
		n += load_one(dir, name);
	}
	return n;
}

size_t configs_load(void)
{
	panda_handle_t d;
	size_t i, n;

	for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		if (panda_opendir(dirs[i], &d))
			continue;
		n = load_dir(dirs[i], d);
		panda_close(d);
		panda_logf("init: loaded %zu service configs from %s", n,
			   dirs[i]);
		return n;
	}
	return 0;
}
