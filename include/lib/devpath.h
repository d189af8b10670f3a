/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Device paths (devices.md 10): the namespace shared by the device
 * schemes (block:, keyboard:, surface:, *:).  Pure parsing and the PCI
 * class-name table (devices.md 3.5); no kernel state, so the host tests
 * and the fuzzer use it too.  Resolution against the class registry is
 * the kernel's (kernel/devpath.c).
 *
 *   device-path = ["/"] "pci/" ( class "/" index | bdf )
 *   class       = a name of devices.md 3.5 (lowercase, exact)
 *   index       = 1*DIGIT                  decimal, no sign
 *   bdf         = hex-byte ":" hex-byte "." hex-byte, 1-2 hex digits each,
 *                 device <= 0x1f, function <= 7
 *
 * Listing paths (devices.md 10.3) are "" or "/" (the root), "/pci" and
 * "/pci/<class>", the leading slash being optional as above.
 */
#ifndef _LIB_DEVPATH_H
#define _LIB_DEVPATH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum devpath_kind {
	DEVPATH_INVALID = 0,	/* resolves to nothing, lists nothing */
	DEVPATH_ROOT,		/* "" or "/": lists "pci" */
	DEVPATH_PCI,		/* "/pci": lists the classes in use */
	DEVPATH_CLASS,		/* "/pci/<class>": lists 0 .. n-1 */
	DEVPATH_CLASS_INDEX,	/* "/pci/<class>/<index>": a device */
	DEVPATH_BDF,		/* "/pci/BB:DD.F": a device */
};

struct devpath {
	enum devpath_kind kind;
	uint8_t class_code;	/* DEVPATH_CLASS, DEVPATH_CLASS_INDEX */
	uint32_t index;		/* DEVPATH_CLASS_INDEX */
	uint8_t bus, dev, fn;	/* DEVPATH_BDF */
};

/*
 * Largest index a path may carry; longer or larger numbers are no device
 * (no class will ever hold that many).
 */
#define DEVPATH_INDEX_MAX	0xffffffu

/*
 * Parses path[0 .. len) (no NUL needed; a NUL byte inside is just an
 * invalid character).  Always fills *out; returns 0 for every kind but
 * DEVPATH_INVALID, -1 for it.
 */
int devpath_parse(const char *path, size_t len, struct devpath *out);

/* True for the kinds that name a device rather than a directory. */
static inline bool devpath_is_device(const struct devpath *p)
{
	return p->kind == DEVPATH_CLASS_INDEX || p->kind == DEVPATH_BDF;
}

/* The name of a PCI class code (devices.md 3.5), or NULL when it has none. */
const char *devpath_class_name(unsigned int class_code);

/* The class code of name[0 .. len) (exact, case-sensitive), or -1. */
int devpath_class_code(const char *name, size_t len);

/*
 * Writes the canonical form "pci/BB:DD.F" (lowercase, two digits for bus
 * and device, one for the function; devices.md 10.2) with a NUL.
 * Returns the length without the NUL, or -1 when size < 12 or dev/fn are
 * out of range.
 */
int devpath_format_bdf(char *buf, size_t size, unsigned int bus,
		       unsigned int dev, unsigned int fn);

#endif /* _LIB_DEVPATH_H */
