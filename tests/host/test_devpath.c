// SPDX-License-Identifier: GPL-2.0
/* Tests for lib/devpath.c: devices.md 10.1-10.2 and the 3.5 class table. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <lib/devpath.h>
#include <lib/string.h>

static struct devpath parse_ok(const char *s)
{
	struct devpath p;

	cr_assert_eq(devpath_parse(s, strlen(s), &p), 0, "'%s' rejected", s);
	cr_assert_neq(p.kind, DEVPATH_INVALID);
	return p;
}

static void parse_bad(const char *s)
{
	struct devpath p;

	cr_assert_eq(devpath_parse(s, strlen(s), &p), -1, "'%s' accepted", s);
	cr_assert_eq(p.kind, DEVPATH_INVALID, "'%s'", s);
	cr_assert(!devpath_is_device(&p));
}

Test(devpath, class_index)
{
	struct devpath p = parse_ok("/pci/storage/0");

	cr_assert_eq(p.kind, DEVPATH_CLASS_INDEX);
	cr_assert_eq(p.class_code, 0x01);
	cr_assert_eq(p.index, 0);
	cr_assert(devpath_is_device(&p));
	p = parse_ok("/pci/input/0");
	cr_assert_eq(p.class_code, 0x09);
	p = parse_ok("pci/display/0");	/* leading slash optional */
	cr_assert_eq(p.kind, DEVPATH_CLASS_INDEX);
	cr_assert_eq(p.class_code, 0x03);
	p = parse_ok("/pci/usb/12");
	cr_assert_eq(p.class_code, 0x0c);
	cr_assert_eq(p.index, 12);
	p = parse_ok("/pci/storage/007");	/* 1*DIGIT: leading zeros */
	cr_assert_eq(p.index, 7);
	p = parse_ok("/pci/wireless/16777215");
	cr_assert_eq(p.index, DEVPATH_INDEX_MAX);
}

Test(devpath, bdf)
{
	struct devpath p = parse_ok("/pci/00:04.0");

	cr_assert_eq(p.kind, DEVPATH_BDF);
	cr_assert_eq(p.bus, 0);
	cr_assert_eq(p.dev, 4);
	cr_assert_eq(p.fn, 0);
	cr_assert(devpath_is_device(&p));
	p = parse_ok("/pci/0:3.0");
	cr_assert_eq(p.dev, 3);
	p = parse_ok("pci/ff:1f.7");
	cr_assert_eq(p.bus, 0xff);
	cr_assert_eq(p.dev, 0x1f);
	cr_assert_eq(p.fn, 7);
	p = parse_ok("/pci/Ab:1F.3");	/* either case */
	cr_assert_eq(p.bus, 0xab);
	cr_assert_eq(p.dev, 0x1f);
	cr_assert_eq(p.fn, 3);
	p = parse_ok("/pci/0:0.0");
	cr_assert_eq(p.bus | p.dev | p.fn, 0);
	p = parse_ok("/pci/00:00.07");	/* two hex digits, value 7 */
	cr_assert_eq(p.fn, 7);
}

Test(devpath, bdf_ranges)
{
	/* devices.md 10.2: device above 0x1f, function above 7: no device. */
	parse_bad("/pci/00:20.0");
	parse_bad("/pci/00:ff.0");
	parse_bad("/pci/00:04.8");
	parse_bad("/pci/00:04.f");
	parse_bad("/pci/100:04.0");	/* three digits */
	parse_bad("/pci/000:04.0");
	parse_bad("/pci/00:004.0");
	parse_bad("/pci/00:04.00a");
	parse_bad("/pci/:04.0");
	parse_bad("/pci/00:.0");
	parse_bad("/pci/00:04.");
	parse_bad("/pci/00:04");
	parse_bad("/pci/00.04:0");
	parse_bad("/pci/0g:04.0");
	parse_bad("/pci/00:04.0/");
	parse_bad("/pci/00:04.0/0");
	parse_bad("/pci/00:04:0.0");
	parse_bad("/pci/00:04.0.0");
	parse_bad("/pci/ 0:04.0");
	parse_bad("/pci/-1:04.0");
}

Test(devpath, bad_class_or_index)
{
	parse_bad("/pci/Storage/0");	/* case-sensitive */
	parse_bad("/pci/STORAGE/0");
	parse_bad("/pci/disk/0");
	parse_bad("/pci/storage/-1");
	parse_bad("/pci/storage/+0");
	parse_bad("/pci/storage/");
	parse_bad("/pci/storage/0/");
	parse_bad("/pci/storage/0/1");
	parse_bad("/pci/storage/0x1");
	parse_bad("/pci/storage/1a");
	parse_bad("/pci/storage/ 1");
	parse_bad("/pci/storage/16777216");	/* beyond DEVPATH_INDEX_MAX */
	parse_bad("/pci/storage/99999999999999999999999");
	parse_bad("/pci/storag/0");
	parse_bad("/pci/storagex/0");
	parse_bad("/pci/bogus");
}

Test(devpath, other_paths)
{
	parse_bad("/usb/0");
	parse_bad("/isa/0");
	parse_bad("/PCI/storage/0");
	parse_bad("/pcie/storage/0");
	parse_bad("/pci/");
	parse_bad("//pci");
	parse_bad("pci//storage/0");
	parse_bad("/pci//storage/0");
	parse_bad("/pc");
	parse_bad("p");
	parse_bad("//");
	parse_bad("/serial/0");
	parse_bad("/pci/storage//0");
}

Test(devpath, listing_paths)
{
	struct devpath p;

	p = parse_ok("");
	cr_assert_eq(p.kind, DEVPATH_ROOT);
	cr_assert(!devpath_is_device(&p));
	p = parse_ok("/");
	cr_assert_eq(p.kind, DEVPATH_ROOT);
	p = parse_ok("/pci");
	cr_assert_eq(p.kind, DEVPATH_PCI);
	p = parse_ok("pci");
	cr_assert_eq(p.kind, DEVPATH_PCI);
	p = parse_ok("/pci/storage");
	cr_assert_eq(p.kind, DEVPATH_CLASS);
	cr_assert_eq(p.class_code, 1);
	cr_assert(!devpath_is_device(&p));
	p = parse_ok("/pci/bridge");
	cr_assert_eq(p.class_code, 6);
}

Test(devpath, length_not_nul)
{
	struct devpath p;

	/* Only len bytes count; an embedded NUL is an invalid byte. */
	cr_assert_eq(devpath_parse("/pci/storage/0junk", 14, &p), 0);
	cr_assert_eq(p.kind, DEVPATH_CLASS_INDEX);
	cr_assert_eq(devpath_parse("/pci/storage/0\0", 15, &p), -1);
	cr_assert_eq(devpath_parse("/pci\0/storage", 13, &p), -1);
	cr_assert_eq(devpath_parse("/pci/00:04.0", 9, &p), -1);
	cr_assert_eq(devpath_parse(NULL, 0, &p), 0);
	cr_assert_eq(p.kind, DEVPATH_ROOT);
}

Test(devpath, class_names_round_trip)
{
	static const struct {
		unsigned int code;
		const char *name;
	} table[] = {
		{ 0x01, "storage" }, { 0x02, "network" }, { 0x03, "display" },
		{ 0x04, "multimedia" }, { 0x05, "memory" }, { 0x06, "bridge" },
		{ 0x07, "serial" }, { 0x08, "system" }, { 0x09, "input" },
		{ 0x0c, "usb" }, { 0x0d, "wireless" },
	};
	unsigned int code, named = 0;
	size_t i;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		cr_assert_str_eq(devpath_class_name(table[i].code),
				 table[i].name);
		cr_assert_eq(devpath_class_code(table[i].name,
						strlen(table[i].name)),
			     (int)table[i].code);
	}
	for (code = 0; code < 0x200; code++) {
		const char *name = devpath_class_name(code);

		if (!name)
			continue;
		named++;
		cr_assert_eq(devpath_class_code(name, strlen(name)),
			     (int)code);
	}
	cr_assert_eq(named, 11);
	cr_assert_null(devpath_class_name(0x00));
	cr_assert_null(devpath_class_name(0x0a));
	cr_assert_null(devpath_class_name(0x0b));
	cr_assert_null(devpath_class_name(0xff));
	cr_assert_null(devpath_class_name(0x101));
	cr_assert_eq(devpath_class_code("Storage", 7), -1);
	cr_assert_eq(devpath_class_code("storage", 6), -1);
	cr_assert_eq(devpath_class_code("storag", 6), -1);
	cr_assert_eq(devpath_class_code("", 0), -1);
}

Test(devpath, format_bdf)
{
	char buf[16];
	struct devpath p;
	unsigned int b, d, f;

	cr_assert_eq(devpath_format_bdf(buf, sizeof(buf), 0, 4, 0), 11);
	cr_assert_str_eq(buf, "pci/00:04.0");
	cr_assert_eq(devpath_format_bdf(buf, 12, 0xab, 0x1f, 7), 11);
	cr_assert_str_eq(buf, "pci/ab:1f.7");
	cr_assert_eq(devpath_format_bdf(buf, 11, 0, 0, 0), -1);
	cr_assert_eq(devpath_format_bdf(buf, sizeof(buf), 0, 0x20, 0), -1);
	cr_assert_eq(devpath_format_bdf(buf, sizeof(buf), 0, 0, 8), -1);
	cr_assert_eq(devpath_format_bdf(buf, sizeof(buf), 0x100, 0, 0), -1);
	/* Every address formats and parses back to itself. */
	for (b = 0; b < 256; b += 17)
		for (d = 0; d < 32; d++)
			for (f = 0; f < 8; f++) {
				cr_assert_eq(devpath_format_bdf(buf, 12, b, d,
								f), 11);
				cr_assert_eq(devpath_parse(buf, 11, &p), 0);
				cr_assert_eq(p.kind, DEVPATH_BDF);
				cr_assert_eq(p.bus, b);
				cr_assert_eq(p.dev, d);
				cr_assert_eq(p.fn, f);
			}
}
