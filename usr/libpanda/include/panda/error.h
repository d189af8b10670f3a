/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Errors (userspace.md 3.1).  libpanda returns the kernel's codes
 * unchanged: 0 (or a count) on success, -PANDA_ERR_* on failure
 * (include/uapi/panda/errno.h; abi.md 4.3).  Library-only conditions
 * reuse those codes.
 */
#ifndef _PANDA_ERROR_H
#define _PANDA_ERROR_H

#include <stdbool.h>
#include <uapi/panda/errno.h>

/* Short lower-case phrase ("not found"); either sign of err is accepted. */
const char *panda_strerror(int err);

/* The constant's name ("PANDA_ERR_NOT_FOUND", "PANDA_OK", or "?"). */
const char *panda_errname(int err);

static inline bool panda_is_error(long r)
{
	return r < 0;
}

#endif /* _PANDA_ERROR_H */
