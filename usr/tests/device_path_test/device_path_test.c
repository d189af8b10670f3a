// SPDX-License-Identifier: GPL-2.0
/*
 * device_path_test (tests.md 3, devices.md 10.3, 11.7) on the standard
 * machine with a 1 MiB disk at 00:04.0.  The reference's three checks
 * (keyboard:/pci lists input, keyboard:/pci/input lists 0, *:/pci/input/0
 * names keyboard), then every listing exactly, entry by entry with its
 * directory flag:
 *
 *   - the namespace listings through each device scheme and through *:
 *     ("", "/", "/pci", "/pci/<class>"; an existing class without
 *     devices lists nothing);
 *   - discovery of every bound device by class path and by raw address,
 *     of an unbound function (the mouse at 00:02.0), of a missing index,
 *     and of the non-device paths of console:, file: and surface:;
 *   - what cannot be listed: devices (they have no children), unknown
 *     classes and other bus types through a device scheme;
 *   - OPEN of "*:..." fails, and discovery of surface:/window creates no
 *     window (the discovery is asked twice, the listing does not change).
 */
#include <panda/panda.h>
#include <stdio.h>
#include <string.h>

#include "../common/check.h"

#define MAX_ENTRIES	16

/*
 * Lists uri into text as "name name/ ..." ('/' after directories), in
 * the order the kernel returns them.  0 or the negated error.
 */
static int listing(const char *uri, char *text, size_t size)
{
	struct panda_dirent ent;
	panda_handle_t d;
	char name[256];
	size_t used = 0;
	int n = 0, r;

	text[0] = '\0';
	r = panda_opendir(uri, &d);
	if (r)
		return r;
	while ((r = panda_readdir(d, &ent)) == 1) {
		size_t len = panda_dirent_name(&ent, name, sizeof(name));

		if (++n > MAX_ENTRIES || used + len + 3 > size) {
			panda_close(d);
			return -PANDA_ERR_BUFFER_TOO_SMALL;
		}
		if (used)
			text[used++] = ' ';
		memcpy(text + used, name, len);
		used += len;
		if (ent.is_dir)
			text[used++] = '/';
		text[used] = '\0';
	}
	panda_close(d);
	return r;
}

/* uri lists exactly want (the listing() form; "" for an empty listing). */
static int expect_list(const char *uri, const char *want)
{
	char got[512];
	int r = listing(uri, got, sizeof(got));

	if (r)
		FAIL("opendir %s: %d (%s), expected the listing \"%s\"", uri, r,
		     panda_errname(r), want);
	if (strcmp(got, want))
		FAIL("%s lists \"%s\", expected \"%s\"", uri, got, want);
	panda_logf("  %s: \"%s\"", uri, got);
	return 0;
}

/* uri cannot be listed: opendir fails with err. */
static int expect_no_list(const char *uri, int err)
{
	char got[512];
	int r = listing(uri, got, sizeof(got));

	if (r != err)
		FAIL("opendir %s: %d (%s) listing \"%s\", expected %d (%s)", uri,
		     r, check_name(r), got, err, panda_errname(err));
	return 0;
}

/* listing of uri contains name (with the directory flag dir). */
static int expect_entry(const char *uri, const char *name, bool dir)
{
	char got[512], want[260];
	size_t len = strlen(name), i = 0;
	int r = listing(uri, got, sizeof(got));

	if (r)
		FAIL("opendir %s: %d (%s)", uri, r, panda_errname(r));
	memcpy(want, name, len);
	if (dir)
		want[len++] = '/';
	want[len] = '\0';
	while (got[i]) {
		size_t end = i;

		while (got[end] && got[end] != ' ')
			end++;
		if (end - i == len && !memcmp(got + i, want, len))
			return 0;
		i = got[end] ? end + 1 : end;
	}
	FAIL("%s lists \"%s\": no \"%s\"", uri, got, want);
}

/* The reference suite's three checks. */
static int reference_checks(void)
{
	panda_log("Test 1: List PCI device classes");
	TRY(expect_entry("keyboard:/pci", "input", true));
	panda_log("  PCI classes listing OK");
	panda_log("Test 2: List input devices");
	TRY(expect_entry("keyboard:/pci/input", "0", false));
	panda_log("  Input devices listing OK");
	panda_log("Test 3: Cross-scheme discovery");
	TRY(expect_entry("*:/pci/input/0", "keyboard", false));
	panda_log("  Cross-scheme discovery OK");
	return 0;
}

/* devices.md 10.3 through every scheme that lists the namespace. */
static int namespace_listings(void)
{
	static const char *const schemes[] = { "*", "block", "keyboard" };
	static const struct {
		const char *path, *want;
	} dirs[] = {
		{ "", "pci/" },
		{ "/", "pci/" },
		{ "/pci", "storage/ display/ input/" },
		{ "pci", "storage/ display/ input/" },
		{ "/pci/storage", "0" },
		{ "/pci/display", "0" },
		{ "/pci/input", "0" },
		{ "/pci/network", "" },		/* a class without devices */
		{ "/pci/usb", "" },
	};
	char uri[64];
	unsigned int s, i;

	panda_log("Test 4: namespace listings (devices.md 10.3)");
	for (s = 0; s < sizeof(schemes) / sizeof(schemes[0]); s++) {
		for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
			snprintf(uri, sizeof(uri), "%s:%s", schemes[s],
				 dirs[i].path);
			TRY(expect_list(uri, dirs[i].want));
		}
	}
	panda_log("  namespace listings OK");
	return 0;
}

/* devices.md 11.7: which schemes would open the path. */
static int discovery(void)
{
	static const struct {
		const char *path, *want;
	} probes[] = {
		{ "/pci/storage/0", "block" },
		{ "/pci/00:04.0", "block" },
		{ "/pci/input/0", "keyboard" },
		{ "/pci/00:03.0", "keyboard" },
		{ "/pci/0:3.0", "keyboard" },
		{ "/pci/display/0", "surface" },
		{ "/pci/00:01.0", "surface" },
		{ "pci/display/0", "surface" },
		{ "/pci/00:02.0", "" },		/* the mouse: no driver */
		{ "/pci/00:1f.0", "" },		/* ICH9 LPC: no driver */
		{ "/pci/storage/1", "" },
		{ "/pci/input/1", "" },
		{ "/pci/00:05.0", "" },
		{ "/pci/00:20.0", "" },		/* device > 0x1f */
		{ "/pci/00:04.8", "" },		/* function > 7 */
		{ "/pci/STORAGE/0", "" },
		{ "/pci/invalid", "" },
		{ "/invalid", "" },
		{ "/usb/0", "" },
		{ "/serial/0", "console" },
		{ "/serial", "" },
		{ "/initrd/init", "file" },
		{ "/initrd", "file" },
		{ "/initrd/missing", "" },
		{ "/fb0", "surface" },
		{ "/window", "surface" },
		{ "/window", "surface" },	/* asked twice: no side effect */
	};
	char uri[64];
	unsigned int i;

	panda_log("Test 5: cross-scheme discovery (devices.md 11.7)");
	for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		snprintf(uri, sizeof(uri), "*:%s", probes[i].path);
		TRY(expect_list(uri, probes[i].want));
	}
	panda_log("  discovery OK");
	return 0;
}

/* Paths a device scheme cannot list, and OPEN of "*:". */
static int refusals(void)
{
	static const char *const no_list[] = {
		"keyboard:/pci/input/0",	/* devices have no children */
		"keyboard:/pci/00:03.0",
		"block:/pci/storage/0",
		"block:/pci/00:04.0",
		"surface:/pci/display/0",
		"keyboard:/pci/invalid",	/* unknown class */
		"keyboard:/pci/STORAGE",
		"block:/invalid",
		"block:/usb",
		"keyboard:/pci/input/0/x",
	};
	panda_handle_t h;
	unsigned int i;
	int r;

	panda_log("Test 6: what cannot be listed or opened");
	for (i = 0; i < sizeof(no_list) / sizeof(no_list[0]); i++)
		TRY(expect_no_list(no_list[i], -PANDA_ERR_NOT_FOUND));
	r = panda_open("*:/pci/storage/0", 0, 0, &h);
	CHECK(r < 0, "open *:/pci/storage/0 succeeded (handle 0x%x)", h);
	r = panda_open("*:/pci", 0, 0, &h);
	CHECK(r < 0, "open *:/pci succeeded (handle 0x%x)", h);
	/* A device opened by its class path is a file handle. */
	r = panda_open("block:/pci/storage/0", 0, 0, &h);
	CHECK_EQ("open block:/pci/storage/0", r, 0);
	CHECK(panda_handle_is(h, PANDA_HT_FILE), "block: handle 0x%x", h);
	panda_close(h);
	panda_log("  refusals OK");
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	panda_log("device_path_test starting");
	TRY(reference_checks());
	TRY(namespace_listings());
	TRY(discovery());
	TRY(refusals());
	panda_log("device_path_test passed");
	return 0;
}
