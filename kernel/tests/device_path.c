// SPDX-License-Identifier: GPL-2.0
/*
 * device_path: devices.md 10 (grammar, resolution, listing) and 11.6-11.7
 * (block: and *:) on the runner's machine with the 1 MiB disk at 00:04.0.
 * Display and input entries depend on which drivers are built, so the
 * expected listings are computed from the registry where they would.
 */
#include <lib/devpath.h>
#include <lib/string.h>
#include <panda/devpath.h>
#include <panda/errno.h>
#include <panda/handle.h>
#include <panda/ktest.h>
#include <panda/mm.h>
#include <panda/pci.h>
#include <panda/printk.h>
#include <panda/syscall.h>

static bool parses_as(const char *path, enum devpath_kind kind)
{
	struct devpath p;

	devpath_parse(path, strlen(path), &p);
	return p.kind == kind;
}

KTEST(device_path, grammar)
{
	struct devpath p;

	KTEST_ASSERT(parses_as("/pci/storage/0", DEVPATH_CLASS_INDEX));
	KTEST_ASSERT(parses_as("/pci/input/0", DEVPATH_CLASS_INDEX));
	KTEST_ASSERT(parses_as("pci/display/0", DEVPATH_CLASS_INDEX));
	KTEST_ASSERT(parses_as("/pci/00:04.0", DEVPATH_BDF));
	KTEST_ASSERT(parses_as("/pci/0:3.0", DEVPATH_BDF));
	KTEST_ASSERT(parses_as("/pci/0A:1f.7", DEVPATH_BDF));
	KTEST_ASSERT(parses_as("", DEVPATH_ROOT));
	KTEST_ASSERT(parses_as("/", DEVPATH_ROOT));
	KTEST_ASSERT(parses_as("/pci", DEVPATH_PCI));
	KTEST_ASSERT(parses_as("/pci/storage", DEVPATH_CLASS));
	KTEST_ASSERT(parses_as("/pci/Storage/0", DEVPATH_INVALID));
	KTEST_ASSERT(parses_as("/pci/storage/-1", DEVPATH_INVALID));
	KTEST_ASSERT(parses_as("/pci/storage/+1", DEVPATH_INVALID));
	KTEST_ASSERT(parses_as("/pci/storage/x", DEVPATH_INVALID));
	KTEST_ASSERT(parses_as("/pci/00:20.0", DEVPATH_INVALID));
	KTEST_ASSERT(parses_as("/pci/00:04.8", DEVPATH_INVALID));
	KTEST_ASSERT(parses_as("/pci/000:04.0", DEVPATH_INVALID));
	KTEST_ASSERT(parses_as("/usb/0", DEVPATH_INVALID));
	KTEST_ASSERT(parses_as("/isa/0", DEVPATH_INVALID));
	KTEST_ASSERT(parses_as("/pci/bogus", DEVPATH_INVALID));
	devpath_parse("/pci/usb/12", 11, &p);
	KTEST_ASSERT_EQ(p.class_code, 0x0c);
	KTEST_ASSERT_EQ(p.index, 12);
}

static bool resolves_to(const char *path, uint8_t bus, uint8_t dev,
			uint8_t fn)
{
	struct devpath_addr a;

	return !devpath_resolve(path, &a) && a.segment == 0 && a.bus == bus &&
	       a.dev == dev && a.fn == fn;
}

static bool resolves(const char *path)
{
	struct devpath_addr a;

	return devpath_resolve(path, &a) == 0;
}

KTEST(device_path, resolution)
{
	/* Class paths: the registry (claimed functions only). */
	KTEST_ASSERT(resolves_to("/pci/storage/0", 0, 4, 0));
	KTEST_ASSERT(resolves_to("pci/storage/0", 0, 4, 0));
	KTEST_ASSERT(resolves_to("/pci/storage/000", 0, 4, 0));
	KTEST_ASSERT(!resolves("/pci/storage/1"));	/* AHCI is not claimed */
	KTEST_ASSERT(!resolves("/pci/bridge/0"));	/* nor the host bridge */
	KTEST_ASSERT(!resolves("/pci/input/1"));	/* the mouse never is */
	if (pci_find_dev(0, 0, 3, 0)->driver)
		KTEST_ASSERT(resolves_to("/pci/input/0", 0, 3, 0));
	else
		KTEST_ASSERT(!resolves("/pci/input/0"));
	if (pci_find_dev(0, 0, 1, 0)->driver)
		KTEST_ASSERT(resolves_to("/pci/display/0", 0, 1, 0));
	else
		KTEST_ASSERT(!resolves("/pci/display/0"));
	/* Addresses: segment 0, whether or not a function is there. */
	KTEST_ASSERT(resolves_to("/pci/00:04.0", 0, 4, 0));
	KTEST_ASSERT(resolves_to("/pci/0:3.0", 0, 3, 0));
	KTEST_ASSERT(resolves_to("/pci/00:1F.2", 0, 0x1f, 2));
	KTEST_ASSERT(resolves_to("/pci/ff:1f.7", 0xff, 0x1f, 7));
	KTEST_ASSERT(resolves_to("/pci/00:05.0", 0, 5, 0));
	KTEST_ASSERT(!pci_find_dev(0, 0, 5, 0));
	/* Nothing else. */
	KTEST_ASSERT(!resolves(""));
	KTEST_ASSERT(!resolves("/"));
	KTEST_ASSERT(!resolves("/pci"));
	KTEST_ASSERT(!resolves("/pci/storage"));
	KTEST_ASSERT(!resolves("/pci/Storage/0"));
	KTEST_ASSERT(!resolves("/pci/storage/-1"));
	KTEST_ASSERT(!resolves("/pci/storage/99999999999"));
	KTEST_ASSERT(!resolves("/pci/00:20.0"));
	KTEST_ASSERT(!resolves("/pci/00:04.8"));
	KTEST_ASSERT(!resolves("/usb/0"));
	KTEST_ASSERT(!resolves("/pci/00:04.0/"));
}

/* The entries of a directory resource as "name/" (directory) or "name,". */
static void listing(struct resource *r, char *out, size_t size)
{
	struct handle_entry h = { 0 };
	struct panda_dirent de;
	size_t len = 0;

	out[0] = '\0';
	KTEST_ASSERT(r->ops->readdir);
	while (r->ops->readdir(r, &h, &de) == 1) {
		KTEST_ASSERT(len + de.name_len + 2 < size);
		memcpy(out + len, de.name, de.name_len);
		len += de.name_len;
		out[len++] = de.is_dir ? '/' : ',';
		out[len] = '\0';
	}
}

static bool lists(int (*open)(const char *, struct resource **),
		  const char *path, const char *want)
{
	struct resource *r;
	char got[256];
	bool same;

	if (open(path, &r))
		return false;
	listing(r, got, sizeof(got));
	resource_put(r);
	same = !strcmp(got, want);
	if (!same)
		console_printf("\n'%s' lists '%s', expected '%s'\n", path, got,
			       want);
	return same;
}

static bool fails(int (*open)(const char *, struct resource **),
		  const char *path)
{
	struct resource *r;
	int ret = open(path, &r);

	if (!ret)
		resource_put(r);
	return ret == -ENOENT;
}

/* What /pci lists: claimed classes in class-code order (storage first). */
static void expected_classes(char *out, size_t size)
{
	unsigned int code;

	out[0] = '\0';
	for (code = 0; code < 256; code++)
		if (pci_class_name(code) && pci_registry_count((uint8_t)code)) {
			strlcpy(out + strlen(out), pci_class_name(code),
				size - strlen(out));
			strlcpy(out + strlen(out), "/", size - strlen(out));
		}
}

KTEST(device_path, namespace_listings)
{
	char classes[128];

	expected_classes(classes, sizeof(classes));
	KTEST_ASSERT(!strncmp(classes, "storage/", 8));
	KTEST_ASSERT(lists(devpath_opendir, "", "pci/"));
	KTEST_ASSERT(lists(devpath_opendir, "/", "pci/"));
	KTEST_ASSERT(lists(devpath_opendir, "/pci", classes));
	KTEST_ASSERT(lists(devpath_opendir, "pci", classes));
	KTEST_ASSERT(lists(devpath_opendir, "/pci/storage", "0,"));
	/* A known class with nothing claimed lists nothing. */
	KTEST_ASSERT(lists(devpath_opendir, "/pci/bridge", ""));
	KTEST_ASSERT(lists(devpath_opendir, "/pci/wireless", ""));
	/* Errors: unknown class, devices, anything else. */
	KTEST_ASSERT(fails(devpath_opendir, "/pci/bogus"));
	KTEST_ASSERT(fails(devpath_opendir, "/pci/Storage"));
	KTEST_ASSERT(fails(devpath_opendir, "/pci/storage/0"));
	KTEST_ASSERT(fails(devpath_opendir, "/pci/00:04.0"));
	KTEST_ASSERT(fails(devpath_opendir, "/usb"));
	KTEST_ASSERT(fails(devpath_opendir, "/pci/"));
}

static int open_uri(const char *uri, struct resource **out)
{
	return scheme_opendir(uri, out);
}

KTEST(device_path, block_scheme)
{
	char classes[128];
	struct panda_file_stat st;
	struct resource *r;

	expected_classes(classes, sizeof(classes));
	KTEST_ASSERT(lists(open_uri, "block:/", "pci/"));
	KTEST_ASSERT(lists(open_uri, "block:/pci", classes));
	KTEST_ASSERT(lists(open_uri, "block:/pci/storage", "0,"));
	KTEST_ASSERT(fails(open_uri, "block:/pci/nothing"));
	/* Both names open the disk as a file. */
	KTEST_ASSERT_EQ(scheme_open("block:/pci/storage/0", &r), 0);
	KTEST_ASSERT_EQ(r->ops->stat(r, &st), 0);
	KTEST_ASSERT_EQ(st.size, 1024 * 1024);
	resource_put(r);
	KTEST_ASSERT_EQ(scheme_open("block:/pci/00:04.0", &r), 0);
	resource_put(r);
	KTEST_ASSERT_EQ(scheme_open("block:/pci/00:03.0", &r), -ENOENT);
	KTEST_ASSERT_EQ(scheme_open("block:/pci/00:20.0", &r), -ENOENT);
	KTEST_ASSERT_EQ(scheme_open("block:/pci/storage/1", &r), -ENOENT);
	KTEST_ASSERT_EQ(scheme_open("block:", &r), -ENOENT);
}

KTEST(device_path, star_discovery)
{
	struct mem_stats before, after;
	char classes[128];
	struct resource *r;

	expected_classes(classes, sizeof(classes));
	mem_stats(&before);
	/* Namespace directories list the namespace (11.7 decision). */
	KTEST_ASSERT(lists(open_uri, "*:", "pci/"));
	KTEST_ASSERT(lists(open_uri, "*:/", "pci/"));
	KTEST_ASSERT(lists(open_uri, "*:/pci", classes));
	KTEST_ASSERT(lists(open_uri, "*:/pci/storage", "0,"));
	/* Other paths: the schemes that would open them, in name order. */
	KTEST_ASSERT(lists(open_uri, "*:/pci/storage/0", "block,"));
	KTEST_ASSERT(lists(open_uri, "*:/pci/00:04.0", "block,"));
	KTEST_ASSERT(lists(open_uri, "*:pci/0:4.0", "block,"));
	KTEST_ASSERT(lists(open_uri, "*:/pci/00:05.0", ""));
	KTEST_ASSERT(lists(open_uri, "*:/pci/storage/1", ""));
	KTEST_ASSERT(lists(open_uri, "*:/serial/0", "console,"));
	KTEST_ASSERT(lists(open_uri, "*:/initrd/init", "file,"));
	KTEST_ASSERT(lists(open_uri, "*:/initrd", "file,"));
	KTEST_ASSERT(lists(open_uri, "*:/no/such/thing", ""));
	KTEST_ASSERT(lists(open_uri, "*:/pci/bogus", ""));
	/* Discovery only lists: OPEN of *: fails. */
	KTEST_ASSERT_EQ(scheme_open("*:/pci/storage/0", &r), -ENOENT);
	KTEST_ASSERT_EQ(scheme_open("*:/pci", &r), -ENOENT);
	/* Probing created nothing that outlives it. */
	mem_stats(&after);
	KTEST_ASSERT_EQ(after.heap_objects, before.heap_objects);
	KTEST_ASSERT_EQ(after.heap_bytes, before.heap_bytes);
	KTEST_ASSERT_EQ(after.free_frames, before.free_frames);
}

KTEST(device_path, canonical_form)
{
	char buf[16];
	unsigned int i;

	for (i = 0; i < pci_dev_count(); i++) {
		struct pci_dev *d = pci_dev_at(i);
		struct devpath_addr a;
		char path[20] = "/";

		KTEST_ASSERT_EQ(devpath_format_bdf(buf, sizeof(buf), d->bus,
						   d->dev, d->fn), 11);
		strlcpy(path + 1, buf, sizeof(path) - 1);
		KTEST_ASSERT_EQ(devpath_resolve(path, &a), 0);
		KTEST_ASSERT(a.bus == d->bus && a.dev == d->dev &&
			     a.fn == d->fn);
	}
	devpath_format_bdf(buf, sizeof(buf), 0, 4, 0);
	KTEST_ASSERT(!strcmp(buf, "pci/00:04.0"));
}
