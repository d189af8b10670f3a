/* SPDX-License-Identifier: GPL-2.0 */
/* Kernel-side short names for the ABI error codes (always used negated). */
#ifndef _PANDA_ERRNO_H
#define _PANDA_ERRNO_H

#include <uapi/panda/errno.h>

#define ENOENT		PANDA_ERR_NOT_FOUND
#define EINVAL		PANDA_ERR_INVALID_ARGUMENT
#define ENOMEM		PANDA_ERR_NO_MEMORY
#define EEXIST		PANDA_ERR_ALREADY_EXISTS
#define EIO		PANDA_ERR_IO
#define EBUSY		PANDA_ERR_BUSY
#define ENOTSUP		PANDA_ERR_NOT_SUPPORTED
#define EAGAIN		PANDA_ERR_WOULD_BLOCK

#endif
