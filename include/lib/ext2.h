/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ext2 over an abstract block device (fs.md 7-10), shared by the kernel and
 * the host tests.  Pure: all I/O goes through the device callbacks, whole
 * file-system blocks at a time, and all memory through the allocator.
 *
 * Nothing on the device is trusted: every inode number, block number and
 * directory entry is range checked before use, and corruption is reported
 * as -PANDA_ERR_IO instead of being read out of bounds or looped over.
 *
 * The library does no locking: callers serialise every call on one
 * instance (fs.md 10.1, a per-instance sleeping lock).  Every modifying
 * call is write-through: when it returns, all of its on-disk updates have
 * been handed to dev->write (dev->flush is only called by ext2_sync and
 * ext2_unmount).
 *
 * Paths are relative to the file system's root: components are separated
 * by '/', empty components (leading, trailing or repeated '/') are
 * skipped, "" is the root, and "." and ".." are looked up through the
 * on-disk entries like any other name.  Symbolic links are followed
 * wherever a lookup meets them, the final component included (stat,
 * open, readdir, and the parent directory of the namespace operations):
 * a relative target from the directory holding the link, an absolute one
 * from the root of this file system (the library knows no mount point).
 * The namespace operations act on the final component itself: unlink
 * removes a link, rename renames it.  More than EXT2_SYMLINK_MAX links in
 * one lookup is taken for a loop: -PANDA_ERR_IO.  Links are never
 * created.
 *
 * All functions return 0 (or a count) on success and a negated
 * PANDA_ERR_* code (include/uapi/panda/errno.h) on failure.
 */
#ifndef _LIB_EXT2_H
#define _LIB_EXT2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EXT2_ROOT_INO		2
#define EXT2_NAME_MAX		255
#define EXT2_SYMLINK_MAX	8	/* links followed in one lookup */
#define EXT2_SYMLINK_TARGET_MAX	4095	/* longest target followed */

/*
 * Device: nr_sectors sectors of sector_size bytes (a power of two, at
 * most the file-system block size).  read/write/flush return 0 or a
 * negative value; any failure becomes -PANDA_ERR_IO.
 */
struct ext2_dev {
	void *ctx;
	uint32_t sector_size;
	uint64_t nr_sectors;
	int (*read)(void *ctx, uint64_t sector, uint32_t count, void *buf);
	int (*write)(void *ctx, uint64_t sector, uint32_t count,
		     const void *buf);
	int (*flush)(void *ctx);
};

/* Memory for the instance and for per-call block buffers. */
struct ext2_alloc {
	void *(*alloc)(void *ctx, size_t size);
	void (*free)(void *ctx, void *ptr);
	void *ctx;
};

/* Mount flags. */
#define EXT2_MOUNT_RDONLY	(1u << 0)	/* e.g. VIRTIO_BLK_F_RO */

struct ext2_mount_opts {
	unsigned int flags;		/* EXT2_MOUNT_* */
	/*
	 * Wall clock, seconds since 1970-01-01 UTC, or NULL when there is
	 * none: then inode times are 0, i_dtime is 1 and the superblock's
	 * times and mount count are left alone (fs.md 10.1).
	 */
	uint32_t (*now)(void *ctx);
	void *now_ctx;
};

struct ext2_fs;

/*
 * Mount: read and validate the superblock and descriptor table (fs.md
 * 8.1).  opts may be NULL.  On failure *why (if why is not NULL) points
 * to a static text for the log; on success it is NULL, or the reason
 * the mount is read-only.  Errors: IO (unreadable device, bad magic,
 * unsupported INCOMPAT features, failed validation), NO_MEMORY,
 * INVALID_ARGUMENT (bad arguments or device geometry).
 */
int ext2_mount(const struct ext2_dev *dev, const struct ext2_alloc *alloc,
	       const struct ext2_mount_opts *opts, struct ext2_fs **out,
	       const char **why);

/*
 * A read-write mount marks the superblock not clean (s_state without
 * EXT2_VALID_FS) on disk; ext2_unmount marks it clean again if it was
 * clean at mount.
 *
 * Release the inodes of files still open but unlinked, write back and
 * flush, then free the instance (always, even on error).  Returns the
 * first error met.
 */
int ext2_unmount(struct ext2_fs *fs);

/* Write back anything pending and flush the device. */
int ext2_sync(struct ext2_fs *fs);

struct ext2_info {
	uint32_t block_size;
	uint32_t blocks_count, free_blocks;
	uint32_t inodes_count, free_inodes;
	uint32_t groups;
	uint32_t inode_size;
	uint32_t rev_level;
	uint32_t feature_compat, feature_incompat, feature_ro_compat;
	bool rdonly;
	const char *rdonly_reason;	/* NULL when read-write */
	uint64_t max_file_size;		/* largest size a file may reach */
};

void ext2_get_info(const struct ext2_fs *fs, struct ext2_info *info);

/* Inode types as reported in ext2_stat.type (i_mode >> 12). */
#define EXT2_TYPE_FIFO		0x1
#define EXT2_TYPE_CHR		0x2
#define EXT2_TYPE_DIR		0x4
#define EXT2_TYPE_BLK		0x6
#define EXT2_TYPE_REG		0x8
#define EXT2_TYPE_LNK		0xA
#define EXT2_TYPE_SOCK		0xC

struct ext2_stat {
	uint32_t ino;
	uint16_t mode;			/* i_mode: type and permissions */
	uint8_t type;			/* EXT2_TYPE_* */
	bool is_dir;
	uint16_t links;
	uint64_t size;			/* i_size only for non-regular files */
	uint64_t blocks;		/* 512-byte units allocated */
	uint32_t atime, ctime, mtime;
};

/*
 * Resolve path to an inode number.  NOT_FOUND, NOT_A_DIRECTORY (a
 * non-final component is not a directory), IO.
 */
int ext2_lookup(struct ext2_fs *fs, const char *path, uint32_t *ino);
int ext2_stat(struct ext2_fs *fs, const char *path, struct ext2_stat *st);
int ext2_stat_ino(struct ext2_fs *fs, uint32_t ino, struct ext2_stat *st);

/*
 * List a directory: fn is called for every used entry in on-disk order,
 * except "." and ".." and names that are not valid UTF-8.  name is not
 * NUL-terminated.  A non-zero return from fn stops the walk and is
 * returned.  NOT_A_DIRECTORY when path is not a directory.
 */
typedef int (*ext2_dirent_fn)(void *arg, const char *name, size_t len,
			      bool is_dir);
int ext2_readdir(struct ext2_fs *fs, const char *path, ext2_dirent_fn fn,
		 void *arg);

/* ext2_open flags (OP_ENVIRONMENT_CREATE's EXCLUSIVE and TRUNCATE). */
#define EXT2_O_CREATE		(1u << 0)	/* create if missing */
#define EXT2_O_EXCL		(1u << 1)	/* with CREATE: must not exist */
#define EXT2_O_TRUNC		(1u << 2)	/* truncate to 0 */

/*
 * Open a regular file and pin its inode: an inode unlinked while pinned
 * is freed by the last ext2_close (fs.md 10.3).  Every successful open
 * needs one ext2_close.  Errors: NOT_FOUND, NOT_A_DIRECTORY,
 * IS_A_DIRECTORY (path is a directory), NOT_SUPPORTED (other types),
 * ALREADY_EXISTS (CREATE|EXCL), NOT_WRITABLE (CREATE of a missing file
 * or TRUNC on a read-only mount), INVALID_ARGUMENT (bad flags or name),
 * NO_SPACE, NO_MEMORY, IO.
 */
int ext2_open(struct ext2_fs *fs, const char *path, unsigned int flags,
	      uint32_t *ino);
int ext2_close(struct ext2_fs *fs, uint32_t ino);

/*
 * Read up to len bytes at pos of regular file ino: returns the count (0
 * at or past the end), holes read as zeros.  IS_A_DIRECTORY,
 * NOT_SUPPORTED (not a regular file), NOT_FOUND (ino not in use), IO.
 */
int64_t ext2_read(struct ext2_fs *fs, uint32_t ino, uint64_t pos, void *buf,
		  size_t len);

/*
 * Map file blocks fb, fb + 1, ... of regular file ino to device blocks
 * (0 for a hole), at most count of them and none past the end of the
 * file, into phys.  Returns how many were mapped: 0 at or past the end,
 * fewer than asked when an error stops the walk after the first block
 * (the error itself when the first fails: IS_A_DIRECTORY, NOT_SUPPORTED,
 * IO).  Reads only (indirect blocks); for read-ahead.
 */
int ext2_bmap(struct ext2_fs *fs, uint32_t ino, uint64_t fb, uint32_t count,
	      uint32_t *phys);

/*
 * Write len bytes at pos, allocating blocks as needed and extending the
 * file; blocks skipped over stay holes.  Returns the count written, which
 * is short when space ran out (NO_SPACE if nothing was written), when the
 * file would pass ext2_info.max_file_size (INVALID_ARGUMENT if nothing
 * was written) or when a data block could not be written (IO if nothing
 * was).  NOT_WRITABLE on a read-only mount; IS_A_DIRECTORY,
 * NOT_SUPPORTED and NOT_FOUND as for ext2_read.
 */
int64_t ext2_write(struct ext2_fs *fs, uint32_t ino, uint64_t pos,
		   const void *buf, size_t len);

/*
 * Set the size of regular file ino (fs.md 10.5): shrinking frees the
 * blocks past the end and zeroes the rest of the last block on disk,
 * growing leaves a hole.  INVALID_ARGUMENT past max_file_size.
 */
int ext2_truncate(struct ext2_fs *fs, uint32_t ino, uint64_t size);

/*
 * Namespace operations (fs.md 10.8).  Errors besides the usual ones:
 * INVALID_ARGUMENT for a final component that is ".", "..", empty or
 * longer than 255 bytes; ALREADY_EXISTS; IS_A_DIRECTORY (unlink of a
 * directory); NOT_A_DIRECTORY (rmdir of a non-directory); NOT_EMPTY;
 * BUSY (rmdir or rename of the root); rename never replaces a target
 * (ALREADY_EXISTS) and refuses to move a directory into its own subtree
 * (INVALID_ARGUMENT).
 */
int ext2_mkdir(struct ext2_fs *fs, const char *path);
int ext2_unlink(struct ext2_fs *fs, const char *path);
int ext2_rmdir(struct ext2_fs *fs, const char *path);
int ext2_rename(struct ext2_fs *fs, const char *from, const char *to);

#endif /* _LIB_EXT2_H */
