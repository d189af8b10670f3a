// SPDX-License-Identifier: GPL-2.0
/* Error code names and messages (userspace.md 3.1, abi.md 4.3). */
#include <panda/error.h>

static const struct {
	const char *name;
	const char *msg;
} errors[] = {
	[0] = { "PANDA_OK", "success" },
	[PANDA_ERR_NOT_FOUND] = { "PANDA_ERR_NOT_FOUND", "not found" },
	[PANDA_ERR_INVALID_OFFSET] = { "PANDA_ERR_INVALID_OFFSET",
				       "invalid offset" },
	[PANDA_ERR_NOT_READABLE] = { "PANDA_ERR_NOT_READABLE",
				     "not readable" },
	[PANDA_ERR_NOT_WRITABLE] = { "PANDA_ERR_NOT_WRITABLE",
				     "not writable" },
	[PANDA_ERR_NOT_SEEKABLE] = { "PANDA_ERR_NOT_SEEKABLE",
				     "not seekable" },
	[PANDA_ERR_NOT_SUPPORTED] = { "PANDA_ERR_NOT_SUPPORTED",
				      "not supported" },
	[PANDA_ERR_PERMISSION_DENIED] = { "PANDA_ERR_PERMISSION_DENIED",
					  "permission denied" },
	[PANDA_ERR_IO] = { "PANDA_ERR_IO", "i/o error" },
	[PANDA_ERR_WOULD_BLOCK] = { "PANDA_ERR_WOULD_BLOCK",
				    "operation would block" },
	[PANDA_ERR_INVALID_ARGUMENT] = { "PANDA_ERR_INVALID_ARGUMENT",
					 "invalid argument" },
	[PANDA_ERR_PROTOCOL] = { "PANDA_ERR_PROTOCOL", "protocol error" },
	[PANDA_ERR_ALREADY_EXISTS] = { "PANDA_ERR_ALREADY_EXISTS",
				       "already exists" },
	[PANDA_ERR_BUFFER_TOO_SMALL] = { "PANDA_ERR_BUFFER_TOO_SMALL",
					 "buffer too small" },
	[PANDA_ERR_TIMEOUT] = { "PANDA_ERR_TIMEOUT", "timed out" },
	[PANDA_ERR_CHANNEL_CLOSED] = { "PANDA_ERR_CHANNEL_CLOSED",
				       "channel closed" },
	[PANDA_ERR_MESSAGE_TOO_LARGE] = { "PANDA_ERR_MESSAGE_TOO_LARGE",
					  "message too large" },
	[PANDA_ERR_NO_SPACE] = { "PANDA_ERR_NO_SPACE", "no space left" },
	[PANDA_ERR_NO_MEMORY] = { "PANDA_ERR_NO_MEMORY", "out of memory" },
	[PANDA_ERR_BAD_HANDLE] = { "PANDA_ERR_BAD_HANDLE", "bad handle" },
	[PANDA_ERR_NOT_A_DIRECTORY] = { "PANDA_ERR_NOT_A_DIRECTORY",
					"not a directory" },
	[PANDA_ERR_IS_A_DIRECTORY] = { "PANDA_ERR_IS_A_DIRECTORY",
				       "is a directory" },
	[PANDA_ERR_NOT_EMPTY] = { "PANDA_ERR_NOT_EMPTY",
				  "directory not empty" },
	[PANDA_ERR_BUSY] = { "PANDA_ERR_BUSY", "resource busy" },
};

static unsigned int err_index(int err)
{
	return err < 0 ? -(unsigned int)err : (unsigned int)err;
}

const char *panda_strerror(int err)
{
	unsigned int i = err_index(err);

	if (i < sizeof(errors) / sizeof(errors[0]) && errors[i].msg)
		return errors[i].msg;
	return "unknown error";
}

const char *panda_errname(int err)
{
	unsigned int i = err_index(err);

	if (i < sizeof(errors) / sizeof(errors[0]) && errors[i].name)
		return errors[i].name;
	return "?";
}
