// SPDX-License-Identifier: GPL-2.0
/*
 * The device namespace (devices.md 10, 11.7): device paths resolved
 * against the PCI class registry, the namespace listings every device
 * scheme shares, and "*:" discovery.  Parsing is lib/devpath.c.
 */
#include <lib/string.h>
#include <panda/devpath.h>
#include <panda/errno.h>
#include <panda/pci.h>
#include <panda/vfs.h>

static int parse(const char *path, struct devpath *p)
{
	return devpath_parse(path, strlen(path), p);
}

int devpath_resolve(const char *path, struct devpath_addr *out)
{
	struct devpath p;
	struct pci_dev *d;

	if (parse(path, &p))
		return -ENOENT;
	switch (p.kind) {
	case DEVPATH_CLASS_INDEX:
		d = pci_registry_get(p.class_code, p.index);
		if (!d)
			return -ENOENT;
		out->segment = d->segment;
		out->bus = d->bus;
		out->dev = d->dev;
		out->fn = d->fn;
		return 0;
	case DEVPATH_BDF:
		out->segment = 0;
		out->bus = p.bus;
		out->dev = p.dev;
		out->fn = p.fn;
		return 0;
	default:
		return -ENOENT;
	}
}

bool devpath_is_namespace_dir(const char *path)
{
	struct devpath p;

	return !parse(path, &p) && !devpath_is_device(&p);
}

static int list_classes(struct dirent_list *l)
{
	unsigned int code;
	int ret = 0;

	for (code = 0; code < 256 && !ret; code++) {
		const char *name = devpath_class_name(code);

		if (name && pci_registry_count((uint8_t)code))
			ret = dirent_list_add(l, name, strlen(name), true);
	}
	return ret;
}

static int list_indices(struct dirent_list *l, uint8_t class_code)
{
	unsigned int i, n = pci_registry_count(class_code);
	char name[12];
	int ret = 0;

	for (i = 0; i < n && !ret; i++) {
		unsigned int v = i, len = 0, k;

		do {
			name[len++] = (char)('0' + v % 10);
			v /= 10;
		} while (v);
		for (k = 0; k < len / 2; k++) {
			char t = name[k];

			name[k] = name[len - 1 - k];
			name[len - 1 - k] = t;
		}
		ret = dirent_list_add(l, name, len, false);
	}
	return ret;
}

static int make_dir(struct dirent_list *l, struct resource **out)
{
	*out = dir_resource_create(l);
	if (*out)
		return 0;
	dirent_list_free(l);
	return -ENOMEM;
}

int devpath_opendir(const char *path, struct resource **out)
{
	struct dirent_list l = { 0 };
	struct devpath p;
	int ret;

	if (parse(path, &p))
		return -ENOENT;
	switch (p.kind) {
	case DEVPATH_ROOT:
		ret = dirent_list_add(&l, "pci", 3, true);
		break;
	case DEVPATH_PCI:
		ret = list_classes(&l);
		break;
	case DEVPATH_CLASS:
		ret = list_indices(&l, p.class_code);
		break;
	default:
		return -ENOENT;	/* devices have no children */
	}
	if (ret) {
		dirent_list_free(&l);
		return ret;
	}
	return make_dir(&l, out);
}

static int add_scheme(const char *name, void *l)
{
	return dirent_list_add(l, name, strlen(name), false) ? -ENOMEM : 0;
}

int discovery_opendir(const char *path, struct resource **out)
{
	struct dirent_list l = { 0 };
	int ret;

	if (devpath_is_namespace_dir(path))
		return devpath_opendir(path, out);
	ret = scheme_for_each_knowing(path, add_scheme, &l);
	if (ret) {
		dirent_list_free(&l);
		return ret;
	}
	return make_dir(&l, out);
}
