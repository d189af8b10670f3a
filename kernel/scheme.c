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

bool scheme_known(const char *uri)
{
	static const char *const names[] = { "block", "console", "file",
					     "keyboard", "service", "surface",
					     "*" };
	char scheme[16];
	unsigned int i;

	if (!split(uri, scheme, sizeof(scheme)))
		return false;
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(scheme, names[i]))
			return true;
	return false;
}

int scheme_open(const char *uri, struct resource **out)
{
	char scheme[16];
	const char *path = split(uri, scheme, sizeof(scheme));

	if (!path)
		return -ENOENT;
	if (!strcmp(scheme, "block"))
		return block_scheme_open(path, out);
	if (!strcmp(scheme, "file"))
		return vfs_open(path, out);
	if (!strcmp(scheme, "console"))
		return console_open(path, out);
	if (!strcmp(scheme, "service"))
		return service_open(path, out);
	if (!strcmp(scheme, "keyboard"))
		return keyboard_scheme_open(path, out);
	if (!strcmp(scheme, "surface"))
		return surface_scheme_open(path, out);
	return -ENOENT;
}

int scheme_opendir(const char *uri, struct resource **out)
{
	char scheme[16];
	const char *path = split(uri, scheme, sizeof(scheme));

	if (!path)
		return -ENOENT;
	if (!strcmp(scheme, "block"))
		return block_scheme_opendir(path, out);
	if (!strcmp(scheme, "file"))
		return vfs_opendir(path, out);
	if (!strcmp(scheme, "console"))
		return console_list(path, out);
	if (!strcmp(scheme, "service"))
		return service_list(path, out);
	if (!strcmp(scheme, "keyboard"))
		return devpath_opendir(path, out);
	if (!strcmp(scheme, "surface"))
		return surface_scheme_opendir(path, out);
	if (!strcmp(scheme, "*"))
		return discovery_opendir(path, out);	/* kernel/devpath.c */
	return -ENOENT;
}

/* Registered schemes in name order, for "*:" discovery (devices.md 11.7). */
const char *const scheme_names[] = { "block", "console", "file", "keyboard",
				     "service", "surface", NULL };

/* Would scheme_open("<scheme>:<path>") succeed?  Opens nothing. */
bool scheme_probe(const char *scheme, const char *path)
{
	struct vfs_stat st;

	if (!strcmp(scheme, "block"))
		return block_scheme_probe(path);
	if (!strcmp(scheme, "console"))
		return !strcmp(path, "/serial/0");
	if (!strcmp(scheme, "file"))
		return !vfs_stat(path, &st);
	if (!strcmp(scheme, "service"))
		return service_exists(path);	/* no connection made */
	if (!strcmp(scheme, "keyboard"))
		return keyboard_scheme_probe(path);
	if (!strcmp(scheme, "surface"))
		return surface_scheme_probe(path);	/* creates no window */
	return false;
}
