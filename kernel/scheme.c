// SPDX-License-Identifier: GPL-2.0
/*
 * Resource schemes (devices.md 11): "scheme:path", split at the first
 * colon.  file: is the VFS; console: is COM1 as a write-only character
 * device.  Device schemes (block:, keyboard:, surface:, *:) join with
 * their drivers.
 */
#include <lib/string.h>
#include <panda/blkdev.h>
#include <panda/devpath.h>
#include <panda/console_input.h>
#include <panda/errno.h>
#include <panda/keyboard.h>
#include <panda/service.h>
#include <panda/surface.h>
#include <panda/mm.h>
#include <panda/printk.h>
#include <panda/syscall.h>
#include <panda/uaccess.h>
#include <panda/vfs.h>

/* console:/serial/0 */
static void console_destroy(struct resource *r)
{
	kfree(r);
}

static int64_t console_read(struct resource *r, struct handle_entry *h,
			    void *buf, size_t len, uint32_t flags)
{
	return -PANDA_ERR_NOT_READABLE;
}

static int64_t serial_console_write(struct resource *r, struct handle_entry *h,
				    const void *ubuf, size_t len, uint32_t flags)
{
	char chunk[256];
	size_t done = 0;

	while (done < len) {
		size_t n = MIN(len - done, sizeof(chunk));

		if (copy_write_data(chunk, (const char *)ubuf + done, n, flags))
			return done ? (int64_t)done : -EINVAL;
		console_write_locked(chunk, n);
		done += n;
	}
	return done;
}

static const struct resource_ops console_ops = {
	.name = "console",
	.tag = PANDA_TAG_FILE,
	.destroy = console_destroy,
	.read = console_read,
	.write = serial_console_write,
};

static int console_open(const char *path, struct resource **out)
{
	struct resource *r;

#ifdef CONFIG_ACPI
	if (!strcmp(path, "/serial/0/input"))
		return console_input_open(out);
#endif
	if (strcmp(path, "/serial/0"))
		return -ENOENT;
	r = kzalloc(sizeof(*r));
	if (!r)
		return -ENOMEM;
	resource_init(r, &console_ops);
	*out = r;
	return 0;
}

static int console_list(const char *path, struct resource **out)
{
	struct dirent_list l = { 0 };
	int ret;

	if (!strcmp(path, "/"))
		ret = dirent_list_add(&l, "serial", 6, true);
	else if (!strcmp(path, "/serial"))
		ret = dirent_list_add(&l, "0", 1, false);
	else
		return -ENOENT;
	if (!ret && !(*out = dir_resource_create(&l)))
		ret = -ENOMEM;
	if (ret)
		dirent_list_free(&l);
	return ret;
}

static const char *split(const char *uri, char *scheme, size_t size)
{
	const char *colon = strchr(uri, ':');
	size_t n;

	if (!colon)
		return NULL;
	n = colon - uri;
	if (n >= size)
		return NULL;
	memcpy(scheme, uri, n);
	scheme[n] = '\0';
	return colon + 1;
}

static bool console_probe(const char *path)
{
	return !strcmp(path, "/serial/0");
}

static bool file_probe(const char *path)
{
	struct vfs_stat st;

	return !vfs_stat(path, &st);
}

/*
 * The registered schemes, in name order ("*:" discovery lists them so,
 * devices.md 11.7).  probe answers "would open succeed?" without opening
 * anything: no connection to a service, no window.  "*" is discovery
 * itself: a directory of the schemes that know a path, nothing to open.
 */
static const struct scheme {
	const char *name;
	int (*open)(const char *path, struct resource **out);
	int (*opendir)(const char *path, struct resource **out);
	bool (*probe)(const char *path);
} schemes[] = {
	{ "*", NULL, discovery_opendir, NULL },	/* drivers/devpath.c */
	{ "block", block_scheme_open, block_scheme_opendir, block_scheme_probe },
	{ "console", console_open, console_list, console_probe },
	{ "file", vfs_open, vfs_opendir, file_probe },
	{ "keyboard", keyboard_scheme_open, devpath_opendir,
	  keyboard_scheme_probe },
	{ "service", service_open, service_list, service_exists },
	{ "surface", surface_scheme_open, surface_scheme_opendir,
	  surface_scheme_probe },
};

static const struct scheme *lookup(const char *uri, const char **path)
{
	char name[16];
	unsigned int i;

	*path = split(uri, name, sizeof(name));
	if (!*path)
		return NULL;
	for (i = 0; i < ARRAY_SIZE(schemes); i++)
		if (!strcmp(name, schemes[i].name))
			return &schemes[i];
	return NULL;
}

bool scheme_known(const char *uri)
{
	const char *path;

	return lookup(uri, &path);
}

int scheme_open(const char *uri, struct resource **out)
{
	const char *path;
	const struct scheme *s = lookup(uri, &path);

	if (!s || !s->open)
		return -ENOENT;
	return s->open(path, out);
}

int scheme_opendir(const char *uri, struct resource **out)
{
	const char *path;
	const struct scheme *s = lookup(uri, &path);

	if (!s)
		return -ENOENT;
	return s->opendir(path, out);
}

/* Calls fn for each openable scheme whose probe accepts path, in order. */
int scheme_for_each_knowing(const char *path,
			    int (*fn)(const char *name, void *arg), void *arg)
{
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(schemes); i++) {
		if (!schemes[i].probe || !schemes[i].probe(path))
			continue;
		ret = fn(schemes[i].name, arg);
		if (ret)
			return ret;
	}
	return 0;
}
