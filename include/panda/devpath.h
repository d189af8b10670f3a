/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The device namespace of the device schemes (devices.md 10, 11.7):
 * resolving a device path against the PCI class registry, its listings,
 * and "*:" discovery.  The pure parsing is lib/devpath.c.
 */
#ifndef _PANDA_DEVPATH_H
#define _PANDA_DEVPATH_H

#include <lib/devpath.h>

struct resource;

struct devpath_addr {
	uint16_t segment;
	uint8_t bus, dev, fn;
};

/*
 * Resolves a device path (devices.md 10.2): /pci/<class>/<index> to the
 * index-th claimed function of the class, /pci/BB:DD.F to that address
 * on segment 0 whether or not a function exists there.  0 or -ENOENT.
 */
int devpath_resolve(const char *path, struct devpath_addr *out);

/*
 * The listing of devices.md 10.3 as a directory resource: "" and "/"
 * give "pci"; "/pci" the classes with a claimed function; "/pci/<class>"
 * the indices 0 .. n-1.  Anything else (device paths included): -ENOENT.
 */
int devpath_opendir(const char *path, struct resource **out);

/* "", "/", "/pci" or "/pci/<class>": the paths devpath_opendir() lists. */
bool devpath_is_namespace_dir(const char *path);

/*
 * OPENDIR("*:<path>") (devices.md 11.7): the namespace listing for a
 * namespace directory, otherwise the names of the schemes (in name
 * order) whose open of path would succeed, asked through
 * scheme_for_each_knowing() so nothing is opened or created.
 */
int discovery_opendir(const char *path, struct resource **out);

/*
 * From kernel/scheme.c: call fn with the name of every registered scheme
 * (in name order) for which opening "<scheme>:<path>" would succeed,
 * answered without side effects (devices.md 11.7).  A nonzero return of
 * fn stops the walk and is returned.
 */
int scheme_for_each_knowing(const char *path,
			    int (*fn)(const char *name, void *arg), void *arg);

#endif /* _PANDA_DEVPATH_H */
