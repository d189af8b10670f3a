// SPDX-License-Identifier: GPL-2.0
/*
 * Declarative mounts (services.md 13): fstab.toml from the initramfs (or
 * /config), each valid entry mounted in file order; without the file,
 * ext2 at /mnt from the first block device when there is one.
 */
#include <stdlib.h>
#include "manager.h"

static const char *const fstab_uris[] = {
	"file:/initrd/config/fstab.toml",
	"file:/config/fstab.toml",
};

/* No fstab: the reference behaviour, for machines that have a disk. */
static bool mount_default(void)
{
	int err = panda_mount("ext2", "/mnt");

	if (!err) {
		panda_log("init: mounted ext2 at /mnt");
		return true;
	}
	if (err == -PANDA_ERR_NOT_FOUND) {
		panda_log("init: no block device, nothing mounted");
		return true;
	}
	panda_logf("init: failed to mount ext2 (%s)", panda_strerror(err));
	return false;
}

static bool mount_entry(const struct svc_mount *m)
{
	int err;

	if (m->device)
		err = panda_mount_device(m->fstype, m->device, m->mountpoint);
	else
		err = panda_mount(m->fstype, m->mountpoint);
	if (!err) {
		panda_logf("init: mounted %s at %s", m->fstype, m->mountpoint);
		return true;
	}
	if (m->optional) {
		panda_logf(
			"init: warning: fstab entry %u: optional mount of %s at %s failed: %s",
			m->index, m->fstype, m->mountpoint,
			panda_strerror(err));
		return true;
	}
	panda_logf("init: failed to mount %s at %s (%s)", m->fstype,
		   m->mountpoint, panda_strerror(err));
	return false;
}

bool mounts_setup(void)
{
	struct svc_mounts mounts;
	uint8_t *text = NULL;
	const char *uri = NULL;
	size_t len, i;
	bool ok = true;
	int err = -PANDA_ERR_NOT_FOUND;

	for (i = 0; i < sizeof(fstab_uris) / sizeof(fstab_uris[0]); i++) {
		err = panda_read_whole_file(fstab_uris[i], &text, &len);
		if (!err) {
			uri = fstab_uris[i];
			break;
		}
		if (err != -PANDA_ERR_NOT_FOUND)
			panda_logf("init: warning: cannot read %s: %s",
				   fstab_uris[i], panda_strerror(err));
	}
	if (!uri)
		return mount_default();
	err = svc_mounts_parse(heap, (const char *)text, len, &mounts);
	free(text);
	if (err == SVC_CONFIG_ENOMEM) {
		panda_logf("init: %s: out of memory", uri);
		return false;
	}
	panda_logf("init: mount configuration %s: %zu entries", uri,
		   mounts.n_entries);
	for (i = 0; i < mounts.n_warnings; i++)
		panda_logf("init: warning: %s", mounts.warnings[i]);
	for (i = 0; ok && i < mounts.n_entries; i++)
		ok = mount_entry(&mounts.entries[i]);
	svc_mounts_free(heap, &mounts);
	return ok;
}
