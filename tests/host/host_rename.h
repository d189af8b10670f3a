/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Forced-included (-include) into the lib sources and the tests when they
 * are built for the host, so that lib functions sharing a name with libc
 * get a distinct symbol (lib_memcpy, ...) and the tests exercise the lib
 * versions while libc, ASan and Criterion keep using their own.
 *
 * Sources that need the real libc function (see ref_libc.c) are compiled
 * without this header.
 */
#ifndef _TESTS_HOST_RENAME_H
#define _TESTS_HOST_RENAME_H

#define memcpy		lib_memcpy
#define memmove		lib_memmove
#define memset		lib_memset
#define memcmp		lib_memcmp
#define strlen		lib_strlen
#define strnlen		lib_strnlen
#define strcmp		lib_strcmp
#define strncmp		lib_strncmp
#define strchr		lib_strchr
#define strrchr		lib_strrchr
#define strlcpy		lib_strlcpy
#define vsnprintf	lib_vsnprintf
#define snprintf	lib_snprintf
#define vscnprintf	lib_vscnprintf
#define scnprintf	lib_scnprintf

#endif /* _TESTS_HOST_RENAME_H */
