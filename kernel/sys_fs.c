// SPDX-License-Identifier: GPL-2.0
/*
 * File-system operations on the environment handle (fs.md 3, 11;
 * services.md 13.5): MOUNT, MOUNT_DEVICE, UNMOUNT, CREATE, MKDIR, UNLINK,
 * RMDIR, RENAME, SYNC; and the file operations TRUNCATE, FILE_SYNC and
 * FILE_BLOCK_STATS.
 * kernel/sys_env.c and kernel/sys_file.c dispatch here.
 */
#include <lib/string.h>
#include <panda/bcache.h>
#include <panda/blkdev.h>
#include <panda/errno.h>
#include <panda/printk.h>
#include <panda/process.h>
#include <panda/syscall.h>
#include <panda/uaccess.h>
#include <panda/vfs.h>

#define URI_MAX		1024
#define FSTYPE_MAX	16

/* Copies a file: URI and returns its path part (other schemes: NotSupported). */
static int file_path(char *uri, uint64_t ptr, uint64_t len,
		     const char **path)
{
	int ret = copy_string_from_user(uri, URI_MAX, ptr, len);

	if (ret)
		return ret;
	if (strncmp(uri, "file:", 5))
		return -ENOTSUP;
	*path = uri + 5;
	return 0;
}

/*
 * A caller's mistakes (unknown type, no such device, not mounted) are
 * its error code, logged at DEBUG only: the strings are the caller's and
 * any process could flood the console with them.
 */
static int mount_by_type(const char *fstype, struct blkdev *d,
			 const char *mountpoint)
{
	if (strcmp(fstype, "ext2")) {
		pr_debug("mount at %s: unknown file system type '%s'", mountpoint,
		       fstype);
		return -ENOTSUP;
	}
	if (!d) {
		pr_debug("mount at %s: no such block device", mountpoint);
		return -ENOENT;
	}
	return ext2fs_mount(d, mountpoint);
}

static int64_t env_mount(const struct syscall_args *a)
{
	char fstype[FSTYPE_MAX], mp[URI_MAX];
	int ret;

	ret = copy_string_from_user(fstype, sizeof(fstype), a->a0, a->a1);
	if (ret == -EINVAL && a->a1 >= sizeof(fstype))
		return -ENOTSUP;	/* no type has so long a name */
	if (ret)
		return ret;
	ret = copy_string_from_user(mp, sizeof(mp), a->a2, a->a3);
	if (ret)
		return ret;
#ifdef CONFIG_BLOCK
	return mount_by_type(fstype, blkdev_first(), mp);
#else
	return mount_by_type(fstype, NULL, mp);
#endif
}

/* MOUNT_DEVICE: a0 points to a struct panda_mount_params. */
static int64_t env_mount_device(uint64_t params)
{
	char fstype[FSTYPE_MAX], dev[URI_MAX], mp[URI_MAX];
	struct panda_mount_params p;
	int ret;

	ret = copy_from_user(&p, (const void *)params, sizeof(p));
	if (ret)
		return ret;
	ret = copy_string_from_user(fstype, sizeof(fstype), p.fstype_ptr,
				    p.fstype_len);
	if (ret == -EINVAL && p.fstype_len >= sizeof(fstype))
		return -ENOTSUP;
	if (ret)
		return ret;
	ret = copy_string_from_user(dev, sizeof(dev), p.device_ptr,
				    p.device_len);
	if (!ret)
		ret = copy_string_from_user(mp, sizeof(mp), p.mountpoint_ptr,
					    p.mountpoint_len);
	if (ret)
		return ret;
	if (strncmp(dev, "block:", 6)) {
		pr_debug("mount at %s: %s is not a block: device", mp, dev);
		return strchr(dev, ':') ? -ENOTSUP : -ENOENT;
	}
	return mount_by_type(fstype, block_scheme_lookup(dev + 6), mp);
}

/* UNMOUNT: a0, a1 = the mount point, as for MOUNT. */
static int64_t env_unmount(uint64_t ptr, uint64_t len)
{
	char mp[URI_MAX];
	int ret = copy_string_from_user(mp, sizeof(mp), ptr, len);

	if (ret)
		return ret;
	ret = vfs_unmount(mp);
	if (ret)
		pr_debug("unmount of %s: error %d", mp, ret);
	return ret;
}

static int64_t env_create(uint64_t ptr, uint64_t len, uint64_t flags)
{
	char uri[URI_MAX];
	struct resource *r;
	const char *path;
	int64_t h;
	int ret;

	ret = file_path(uri, ptr, len, &path);
	if (ret)
		return ret;
	if (flags > UINT32_MAX)
		return -EINVAL;
	ret = vfs_create(path, (unsigned int)flags, &r);
	if (ret)
		return ret;
	h = handle_install(&current_process()->handles, r);
	resource_put(r);	/* the handle holds it now (or nobody) */
	return h;
}

static int64_t env_path_op(uint32_t op, uint64_t ptr, uint64_t len)
{
	char uri[URI_MAX];
	const char *path;
	int ret;

	ret = file_path(uri, ptr, len, &path);
	if (ret)
		return ret;
	switch (op) {
	case PANDA_OP_ENVIRONMENT_MKDIR:
		return vfs_mkdir(path);
	case PANDA_OP_ENVIRONMENT_UNLINK:
		return vfs_unlink(path);
	default:
		return vfs_rmdir(path);
	}
}

static int64_t env_rename(const struct syscall_args *a)
{
	char from[URI_MAX], to[URI_MAX];
	const char *pf, *pt;
	int ret;

	ret = file_path(from, a->a0, a->a1, &pf);
	if (!ret)
		ret = file_path(to, a->a2, a->a3, &pt);
	if (ret)
		return ret;
	return vfs_rename(pf, pt);
}

static int64_t env_sync(void)
{
	int ret = vfs_sync_all();
#ifdef CONFIG_BLOCK
	int r = blk_sync_all();		/* block: writes too */

	if (r && !ret)
		ret = r;
#endif
	return ret;
}

int64_t sys_env_fs(const struct syscall_args *a)
{
	switch (a->op) {
	case PANDA_OP_ENVIRONMENT_MOUNT:
		return env_mount(a);
	case PANDA_OP_ENVIRONMENT_MOUNT_DEVICE:
		return env_mount_device(a->a0);
	case PANDA_OP_ENVIRONMENT_UNMOUNT:
		return env_unmount(a->a0, a->a1);
	case PANDA_OP_ENVIRONMENT_CREATE:
		return env_create(a->a0, a->a1, a->a2);
	case PANDA_OP_ENVIRONMENT_MKDIR:
	case PANDA_OP_ENVIRONMENT_UNLINK:
	case PANDA_OP_ENVIRONMENT_RMDIR:
		return env_path_op(a->op, a->a0, a->a1);
	case PANDA_OP_ENVIRONMENT_RENAME:
		return env_rename(a);
	case PANDA_OP_ENVIRONMENT_SYNC:
		return env_sync();
	}
	return -ENOTSUP;
}

/* The block layer's options built into this kernel (PANDA_BLOCK_F_*). */
static uint64_t blk_features(void)
{
	uint64_t f = 0;

	if (IS_ENABLED(CONFIG_BLK_CACHE))
		f |= PANDA_BLOCK_F_CACHE;
	if (IS_ENABLED(CONFIG_BLK_READAHEAD))
		f |= PANDA_BLOCK_F_READAHEAD;
	if (IS_ENABLED(CONFIG_BLK_WRITE_COALESCE))
		f |= PANDA_BLOCK_F_WRITE_COALESCE;
	if (IS_ENABLED(CONFIG_BLK_WRITEBACK))
		f |= PANDA_BLOCK_F_WRITEBACK;
	return f;
}

/*
 * OP_FILE_BLOCK_STATS: the counters of the block device holding the
 * handle's data into the struct panda_block_stats at ptr, whose size the
 * caller passes (anything else is InvalidArgument, so that the struct can
 * grow).  Files without a device: NotSupported; handles that are not
 * files: BadHandle.
 */
int64_t sys_file_block_stats(struct handle_entry *h, uint64_t ptr,
			     uint64_t size)
{
	const struct resource_ops *ops = h->res->ops;
	struct panda_block_stats out;
	struct blkdev *d;

	if (!ops->blkdev)
		return ops->tag == PANDA_TAG_FILE ? -ENOTSUP
						  : -PANDA_ERR_BAD_HANDLE;
	if (size != sizeof(out))
		return -EINVAL;
	d = ops->blkdev(h->res);
	memset(&out, 0, sizeof(out));
	out.read_reqs = d->stats.read_reqs;
	out.write_reqs = d->stats.write_reqs;
	out.flush_reqs = d->stats.flush_reqs;
	out.sectors_read = d->stats.sectors_read;
	out.sectors_written = d->stats.sectors_written;
	out.data_descs = d->stats.data_descs;
	out.cache_hits = d->stats.cache_hits;
	out.cache_misses = d->stats.cache_misses;
	out.readahead_sectors = d->stats.readahead_sectors;
	out.writes_merged = d->stats.writes_merged;
	out.errors = d->stats.errors;
	out.features = blk_features();
	return copy_to_user((void *)ptr, &out, sizeof(out));
}

/* OP_FILE_TRUNCATE and OP_FILE_SYNC on a file handle. */
int64_t sys_file_fs(struct handle_entry *h, uint32_t op, uint64_t arg)
{
	const struct resource_ops *ops = h->res->ops;

	if (op == PANDA_OP_FILE_TRUNCATE) {
		if (!ops->truncate)
			return ops->size ? -ENOTSUP : -PANDA_ERR_BAD_HANDLE;
		return ops->truncate(h->res, arg);
	}
	if (!ops->sync)
		return ops->size ? 0 : -PANDA_ERR_BAD_HANDLE;
	return ops->sync(h->res);
}
