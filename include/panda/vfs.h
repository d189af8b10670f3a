/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VFS (fs.md 2): a mount table of file-system instances, path
 * normalisation, and the resources that files and directory listings
 * become behind handles.
 */
#ifndef _PANDA_VFS_H
#define _PANDA_VFS_H

#include <panda/errno.h>
#include <panda/handle.h>

struct fs;

struct vfs_stat {
	uint64_t size;
	bool is_dir;
};

struct vfs_dirent {
	uint8_t name_len;
	bool is_dir;
	char name[255];
};

/* A snapshot of a directory's entries, built by fs_ops.readdir. */
struct dirent_list {
	struct vfs_dirent *entries;
	uint32_t count, capacity;
};

int dirent_list_add(struct dirent_list *l, const char *name, size_t len,
		    bool is_dir);
void dirent_list_free(struct dirent_list *l);

struct fs_ops {
	const char *name;
	/* rel: relative to the mount, no leading '/', "" for its root. */
	int (*open)(struct fs *fs, const char *rel, struct resource **out);
	int (*stat)(struct fs *fs, const char *rel, struct vfs_stat *out);
	int (*readdir)(struct fs *fs, const char *rel, struct dirent_list *out);
	/*
	 * Write support (fs.md 11).  NULL on a read-only file system: the
	 * VFS answers NotWritable.  create's flags are PANDA_CREATE_*
	 * (checked by the VFS); it opens an existing regular file unless
	 * EXCLUSIVE, truncating it with TRUNCATE.
	 */
	int (*create)(struct fs *fs, const char *rel, unsigned int flags,
		      struct resource **out);
	int (*mkdir)(struct fs *fs, const char *rel);
	int (*unlink)(struct fs *fs, const char *rel);
	int (*rmdir)(struct fs *fs, const char *rel);
	int (*rename)(struct fs *fs, const char *from, const char *to);
	/* Everything written so far durable; NULL: nothing to do. */
	int (*sync)(struct fs *fs);
	/*
	 * Write back and free the instance (OP_ENVIRONMENT_UNMOUNT, or the
	 * system halts); NULL: the file system cannot be unmounted.
	 */
	void (*unmount)(struct fs *fs);
	/*
	 * Are resources (open files) still using the instance?  Then an
	 * unmount is Busy.  Called under the mount table's spinlock: must
	 * not sleep.  NULL: never.
	 */
	bool (*in_use)(struct fs *fs);
};

struct fs {
	const struct fs_ops *ops;
	void *priv;
	int users;	/* VFS calls in progress (the mount table's lock) */
};

int vfs_mount(const char *path, struct fs *fs);
int vfs_stat(const char *path, struct vfs_stat *out);
/* A file resource, or a directory listing if path is a directory. */
int vfs_open(const char *path, struct resource **out);
int vfs_opendir(const char *path, struct resource **out);
/* Reads a whole regular file into kmalloc'd memory. */
int vfs_read_file(const char *path, void **data, size_t *size);

/* Is the (normalised) path a mount point? */
bool vfs_is_mount_point(const char *path);
/*
 * The write operations of fs.md 11 on VFS paths.  Mount points (and
 * paths with a mount below them) cannot be removed or renamed: Busy;
 * rename across file systems is NotSupported.
 */
int vfs_create(const char *path, unsigned int flags, struct resource **out);
int vfs_mkdir(const char *path);
int vfs_unlink(const char *path);
int vfs_rmdir(const char *path);
int vfs_rename(const char *from, const char *to);
/* Syncs every mounted file system; the first error. */
int vfs_sync_all(void);
/*
 * OP_ENVIRONMENT_UNMOUNT: removes the mount at path and unmounts its file
 * system.  NotFound (not a mount point), NotSupported (a file system that
 * cannot be unmounted, such as /initrd), Busy (open files, a mount point
 * below it, or a call in progress on it), InvalidArgument (not an
 * absolute path).
 */
int vfs_unmount(const char *path);
/*
 * Before the system halts (task context): unmounts every file system
 * that can be, then writes back and empties the block cache.
 */
void vfs_shutdown(void);

/* A directory-listing resource over a snapshot (takes the list). */
struct resource *dir_resource_create(struct dirent_list *list);

/* tarfs: the initramfs (fs.md 4). */
int tarfs_mount(const char *path, const void *archive, size_t size);

struct blkdev;
#ifdef CONFIG_EXT2_FS
/*
 * ext2 from block device d at path (fs.md 3): AlreadyExists (path is a
 * mount point), Busy (d is mounted), IoError (unreadable or invalid
 * volume), NoMemory.  Logs the outcome.
 */
int ext2fs_mount(struct blkdev *d, const char *path);
#else
static inline int ext2fs_mount(struct blkdev *d, const char *path)
{
	return -PANDA_ERR_NOT_SUPPORTED;
}
#endif

#endif
