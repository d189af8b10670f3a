/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reader for POSIX ustar (and GNU "ustar  ") archives held in memory.
 *
 * Nothing in the archive is trusted: every header is checksummed, every
 * numeric field is range checked and every data area is checked to lie
 * inside the archive before it is handed out.
 */
#ifndef _LIB_TAR_H
#define _LIB_TAR_H

#include <stddef.h>
#include <stdint.h>

#define TAR_BLOCK_SIZE	512
#define TAR_NAME_MAX	255	/* normalised path, excluding the NUL */
#define TAR_LINK_MAX	100	/* link target, excluding the NUL */

/* Error codes (all negative). */
#define TAR_EINVAL		(-1)	/* bad arguments */
#define TAR_ETRUNC		(-2)	/* archive ends inside a header or data */
#define TAR_ECHECKSUM		(-3)	/* header checksum mismatch */
#define TAR_EBADHDR		(-4)	/* bad magic, empty name, stray block */
#define TAR_EBADNUM		(-5)	/* malformed or overflowing number */
#define TAR_ENAMETOOLONG	(-6)	/* path longer than TAR_NAME_MAX */

enum tar_type {
	TAR_TYPE_FILE,		/* '0', '\0', '7' */
	TAR_TYPE_DIR,		/* '5' */
	TAR_TYPE_SYMLINK,	/* '2' */
	TAR_TYPE_OTHER,		/* hard links, devices, fifos, pax, GNU ... */
};

struct tar_entry {
	/*
	 * Full path (ustar prefix + "/" + name), normalised: leading "./"
	 * and "/" removed, trailing "/" removed.  The archive root ("./")
	 * is reported as ".".  ".." components are NOT resolved or rejected;
	 * callers that create files must check for them.
	 */
	char name[TAR_NAME_MAX + 1];
	char linkname[TAR_LINK_MAX + 1];	/* symlink / hard link target */
	enum tar_type type;
	char typeflag;				/* raw typeflag byte */
	uint32_t mode;				/* permission bits (07777) */
	uint32_t uid, gid;
	uint64_t mtime;
	uint64_t size;				/* bytes at data */
	const void *data;			/* inside the archive */
};

struct tar_iter {
	const unsigned char *data;
	size_t size;
	size_t off;		/* offset of the next header */
	int state;		/* 1 = running, 0 = ended, < 0 = sticky error */
};

/* Returns 0, or TAR_EINVAL if data is NULL with a non-zero size. */
int tar_iter_init(struct tar_iter *it, const void *data, size_t size);

/*
 * Fetch the next entry.  Returns 1 and fills *e, 0 at the end of the
 * archive (two zero blocks, or the data ending cleanly on a header
 * boundary, optionally after one zero block), or a negative TAR_E* code.
 * End and errors are sticky.
 */
int tar_next(struct tar_iter *it, struct tar_entry *e);

/*
 * Look up name (normalised the same way as entry names) in the archive.
 * Returns 1 and fills *e with the LAST matching entry (later members
 * override earlier ones, as on extraction), 0 if there is none, or a
 * negative TAR_E* code if the archive is corrupt anywhere.
 */
int tar_find(const void *data, size_t size, const char *name,
	     struct tar_entry *e);

/* Human-readable text for a TAR_E* code. */
const char *tar_strerror(int err);

#endif /* _LIB_TAR_H */
