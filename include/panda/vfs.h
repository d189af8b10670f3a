/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VFS (fs.md 2): a mount table of file-system instances, path
 * normalisation, and the resources that files and directory listings
 * become behind handles.
 */
#ifndef _PANDA_VFS_H
#define _PANDA_VFS_H

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
};

struct fs {
	const struct fs_ops *ops;
	void *priv;
};

int vfs_mount(const char *path, struct fs *fs);
int vfs_stat(const char *path, struct vfs_stat *out);
/* A file resource, or a directory listing if path is a directory. */
int vfs_open(const char *path, struct resource **out);
int vfs_opendir(const char *path, struct resource **out);
/* Reads a whole regular file into kmalloc'd memory. */
int vfs_read_file(const char *path, void **data, size_t *size);

/* A directory-listing resource over a snapshot (takes the list). */
struct resource *dir_resource_create(struct dirent_list *list);

/* tarfs: the initramfs (fs.md 4). */
int tarfs_mount(const char *path, const void *archive, size_t size);

#endif
