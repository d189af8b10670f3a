/* SPDX-License-Identifier: GPL-2.0 */
/* VFS path rules (fs.md 2.3-2.4), pure and host-tested. */
#ifndef _LIB_PATH_H
#define _LIB_PATH_H

#include <stdbool.h>
#include <stddef.h>

#define PATH_MAX_LEN		1024
#define PATH_COMPONENT_MAX	255

/*
 * Normalises an absolute path lexically: repeated slashes collapse, a
 * trailing slash goes, "." components vanish, ".." removes the previous
 * component (never above "/").  Returns 0, or -1 when the path is not
 * absolute, a component exceeds 255 bytes, or out is too small.
 */
int path_normalize(const char *in, char *out, size_t size);

/*
 * Resolves a path given by the user to its normal absolute form: a leading
 * "file:" is dropped; an absolute arg is normalised as it is, a relative one
 * against cwd (NULL means "/").  Returns 0, or -1 when cwd is not absolute,
 * a component exceeds 255 bytes, or out (size bytes) is too small.
 */
int path_resolve(const char *cwd, const char *arg, char *out, size_t size);

/*
 * If mount (normalised) covers path (normalised), returns the path relative
 * to it (no leading '/', "" for the mount itself); otherwise NULL.  A mount
 * at "/" covers every path.
 */
const char *path_under_mount(const char *path, const char *mount);

#endif
