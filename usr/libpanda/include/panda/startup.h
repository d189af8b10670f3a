/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The startup message (userspace.md 3.15, ipc.md 5): the first message a
 * parent sends on a new process handle.  Little-endian, sequential:
 *
 *	u16 version = 1, u16 argc, argc x string,
 *	u16 envc, envc x (string key, string value)
 *
 * where a string is a u16 byte length and that many UTF-8 bytes.
 * No system calls here (host-testable); decode allocates with malloc.
 *
 * The runtime receives it on PANDA_HANDLE_PARENT before main() (4096-byte
 * buffer); without a parent (init) or on any decoding failure, main()
 * gets argc = 0, argv = { NULL } and the environment is empty.
 */
#ifndef _PANDA_STARTUP_H
#define _PANDA_STARTUP_H

#include <stddef.h>
#include <stdint.h>
#include <uapi/panda/errno.h>

#define PANDA_STARTUP_VERSION	1

/*
 * Error results, the distinct kinds of userspace.md 3.15: malformed
 * message, version other than 1, encoding buffer too small.
 */
#define PANDA_STARTUP_EINVALID	(-PANDA_ERR_INVALID_ARGUMENT)
#define PANDA_STARTUP_EVERSION	(-PANDA_ERR_NOT_SUPPORTED)
#define PANDA_STARTUP_ETOOSMALL	(-PANDA_ERR_BUFFER_TOO_SMALL)

/*
 * Encoded size, or SIZE_MAX if a count or a string exceeds 65535 (not
 * encodable).  keys/vals may be NULL when envc is 0, argv when argc is 0.
 */
size_t panda_startup_encoded_size(const char *const *argv, size_t argc,
				  const char *const *keys,
				  const char *const *vals, size_t envc);

/* 0, PANDA_STARTUP_ETOOSMALL, or PANDA_STARTUP_EINVALID (not encodable). */
int panda_startup_encode(const char *const *argv, size_t argc,
			 const char *const *keys, const char *const *vals,
			 size_t envc, uint8_t *buf, size_t cap, size_t *len);

/* A decoded message: NUL-terminated copies in one allocation. */
struct panda_startup {
	int argc;
	char **argv;		/* argv[argc] == NULL */
	size_t envc;
	char **keys;		/* keys[envc] == NULL */
	char **values;		/* values[envc] == NULL */
	void *mem;		/* the allocation (free with _free) */
};

/*
 * 0, PANDA_STARTUP_EINVALID (truncated, bad UTF-8), PANDA_STARTUP_EVERSION,
 * or -PANDA_ERR_NO_MEMORY.  Bytes after the last variable are ignored.
 */
int panda_startup_decode(const uint8_t *buf, size_t len,
			 struct panda_startup *out);
void panda_startup_free(struct panda_startup *s);

/* The arguments main() received (valid for the whole run). */
int panda_argc(void);
char **panda_argv(void);

#endif /* _PANDA_STARTUP_H */
