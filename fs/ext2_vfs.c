// SPDX-License-Identifier: GPL-2.0
/*
 * ext2 in the VFS (CONFIG_EXT2_FS; fs.md 3, 7-11): lib/ext2.c over a
 * block device through the block layer, as a struct fs_ops and file
 * resources.
 *
 * The library's device callbacks read through the buffer cache and write
 * into it (dirty); every modifying operation ends with a writeback of
 * the device, so the operation's data, indirect, bitmap, inode and
 * directory blocks go out together, coalesced, before the system call
 * returns (write-through, fs.md 10.1; with CONFIG_BLK_WRITEBACK the
 * flusher and sync do it instead).  One mutex per mount serialises every
 * library call, held across device waits.
 *
 * Read-ahead follows each open file's block map: after a sequential read
 * the file range of the stream's window is mapped with ext2_bmap() and
 * the device extents are prefetched.  The mapping itself must not wait
 * for the disk, so during it the read callback only copies cached data
 * and otherwise starts reading the missing indirect block and fails:
 * the mapping stops there and resumes on a later read.
 *
 * Mounts live until the system halts (vfs_shutdown() unmounts them:
 * ext2_unmount writes back and flushes, then the device's buffers are
 * dropped).
 */
#include <lib/ext2.h>
#include <lib/path.h>
#include <lib/string.h>
#include <panda/bcache.h>
#include <panda/blkdev.h>
#include <panda/errno.h>
#include <panda/list.h>
#include <panda/mm.h>
#include <panda/mutex.h>
#include <panda/printk.h>
#include <panda/rtc.h>
#include <panda/time.h>
#include <panda/vfs.h>
#include <uapi/panda/syscall.h>

#define IO_CHUNK	(64 * 1024)	/* bounce buffer for user memory */
#define IO_CHUNK_ORDER	4

struct ext2_mount {
	struct fs fs;
	struct list_head node;		/* ext2_mounts */
	struct blkdev *d;
	struct ext2_fs *e;
	struct ext2_dev dev;
	struct ext2_alloc alloc;
	struct mutex lock;		/* every library call */
	uint32_t block_size;
	int open_files;			/* ext2_file resources (lock) */
	bool nowait;			/* mapping for read-ahead */
	char path[PATH_MAX_LEN];
};

struct ext2_file {
	struct resource res;
	struct ext2_mount *m;
	uint32_t ino;
	struct blk_stream ra;
};

static LIST_HEAD(ext2_mounts);
static struct mutex mount_mutex = {
	.locked = 0,
	.wq = { .lock = SPINLOCK_INIT,
		.waiters = LIST_HEAD_INIT(mount_mutex.wq.waiters) },
};

/* ---------------------------------------------------------------- device */

static int dev_read(void *ctx, uint64_t sector, uint32_t count, void *buf)
{
	struct ext2_mount *m = ctx;
	uint64_t off = sector << BLK_SECTOR_SHIFT;
	size_t len = (size_t)count << BLK_SECTOR_SHIFT;
	int64_t n;

	if (m->nowait)
		n = blk_read_cached(m->d, off, buf, len);
	else
		n = blk_read(m->d, off, buf, len, READ_TO_KERNEL);
	if (n == (int64_t)len)
		return 0;
	return n < 0 ? (int)n : -EIO;
}

static int dev_write(void *ctx, uint64_t sector, uint32_t count,
		     const void *buf)
{
	struct ext2_mount *m = ctx;
	size_t len = (size_t)count << BLK_SECTOR_SHIFT;
	int64_t n = blk_write_cached(m->d, sector << BLK_SECTOR_SHIFT, buf, len,
				     WRITE_FROM_KERNEL);

	if (n == (int64_t)len)
		return 0;
	return n < 0 ? (int)n : -EIO;
}

static int dev_flush(void *ctx)
{
	struct ext2_mount *m = ctx;

	return blk_sync(m->d);
}

static void *mem_alloc(void *ctx, size_t size)
{
	return kmalloc(size);
}

static void mem_free(void *ctx, void *p)
{
	kfree(p);
}

/*
 * End of a modifying operation: its blocks go to the device now
 * (write-through), unless the cache is in write-back mode.  ret is the
 * operation's result, returned unless the writeback fails.
 */
static int64_t end_op(struct ext2_mount *m, int64_t ret)
{
	int r;

	if (IS_ENABLED(CONFIG_BLK_WRITEBACK))
		return ret;
	r = blk_writeback(m->d);
	return r && ret >= 0 ? r : ret;
}

static struct ext2_mount *mount_of(struct fs *fs)
{
	return container_of(fs, struct ext2_mount, fs);
}

/* ---------------------------------------------------------------- files */

static struct ext2_file *file_of(struct resource *r)
{
	return container_of(r, struct ext2_file, res);
}

static void file_destroy(struct resource *r)
{
	struct ext2_file *f = file_of(r);
	struct ext2_mount *m = f->m;
	int ret;

	mutex_lock(&m->lock);
	/* Frees the inode if this was the last user of an unlinked file. */
	ret = (int)end_op(m, ext2_close(m->e, f->ino));
	m->open_files--;
	mutex_unlock(&m->lock);
	if (ret)
		pr_warn("ext2: closing inode %u: error %d", f->ino, ret);
	kfree(f);
}

/* Prefetches the stream's window through the file's block map. */
static void file_readahead(struct ext2_mount *m, struct ext2_file *f,
			   uint64_t pos, uint64_t n)
{
	uint32_t bs = m->block_size, phys[BLK_RA_MAX / 1024];
	struct blk_extent ext[BLK_RA_MAX / 1024];
	uint64_t from, len, fb, last;
	struct ext2_stat st;
	unsigned int next = 0;
	int i, got;

	if (ext2_stat_ino(m->e, f->ino, &st))
		return;
	if (!blk_stream_advance(&f->ra, pos, n, st.size, &from, &len))
		return;
	fb = from / bs;
	last = (from + len + bs - 1) / bs;
	if (last - fb > ARRAY_SIZE(phys))
		last = fb + ARRAY_SIZE(phys);
	m->nowait = true;
	got = ext2_bmap(m->e, f->ino, fb, (uint32_t)(last - fb), phys);
	m->nowait = false;
	for (i = 0; i < got; i++) {
		uint64_t off = (uint64_t)phys[i] * bs;

		if (!phys[i])
			continue;	/* a hole */
		if (next && ext[next - 1].off + ext[next - 1].len == off)
			ext[next - 1].len += bs;
		else
			ext[next++] = (struct blk_extent){ off, bs };
	}
	if (next)
		blk_prefetch(m->d, ext, next);
}

static void *bounce_alloc(void)
{
	/* Only bytes written into it are copied out: no zeroing. */
	phys_addr_t pa = alloc_frames_uninit(IO_CHUNK_ORDER);

	return pa ? phys_to_virt(pa) : NULL;
}

static void bounce_free(void *p)
{
	if (p)
		free_frames(virt_to_phys(p), IO_CHUNK_ORDER);
}

static int64_t file_read(struct resource *r, struct handle_entry *h,
			 void *buf, size_t len, uint32_t flags)
{
	struct ext2_file *f = file_of(r);
	struct ext2_mount *m = f->m;
	bool kernel = flags & READ_TO_KERNEL;
	uint64_t pos = h->offset;
	uint8_t *bounce = NULL;
	int64_t ret = 0, n;
	size_t done = 0;

	if (!len)
		return 0;
	if (!kernel && !(bounce = bounce_alloc()))
		return -ENOMEM;
	mutex_lock(&m->lock);
	while (done < len) {
		size_t want = kernel ? len - done : MIN(len - done, IO_CHUNK);
		uint8_t *dst = kernel ? (uint8_t *)buf + done : bounce;

		n = ext2_read(m->e, f->ino, pos + done, dst, want);
		if (n <= 0) {
			ret = n;
			break;
		}
		if (!kernel && copy_read_data((uint8_t *)buf + done, bounce,
					      (size_t)n, 0)) {
			ret = -EINVAL;
			break;
		}
		done += (size_t)n;
		if ((size_t)n < want)
			break;
	}
	if (done)
		file_readahead(m, f, pos, done);
	mutex_unlock(&m->lock);
	bounce_free(bounce);
	h->offset += done;
	return done ? (int64_t)done : ret;
}

static int64_t file_write(struct resource *r, struct handle_entry *h,
			  const void *buf, size_t len, uint32_t flags)
{
	struct ext2_file *f = file_of(r);
	struct ext2_mount *m = f->m;
	bool kernel = flags & WRITE_FROM_KERNEL;
	uint64_t pos = h->offset;
	uint8_t *bounce = NULL;
	int64_t ret = 0, n;
	size_t done = 0;

	if (!len)
		return 0;
	if (!kernel && !(bounce = bounce_alloc()))
		return -ENOMEM;
	mutex_lock(&m->lock);
	while (done < len) {
		size_t want = kernel ? len - done : MIN(len - done, IO_CHUNK);
		const uint8_t *src = (const uint8_t *)buf + done;

		if (!kernel) {
			if (copy_write_data(bounce, src, want, 0)) {
				ret = -EINVAL;
				break;
			}
			src = bounce;
		}
		n = ext2_write(m->e, f->ino, pos + done, src, want);
		if (n <= 0) {
			ret = n;
			break;
		}
		done += (size_t)n;
		if ((size_t)n < want)
			break;
	}
	ret = end_op(m, done ? (int64_t)done : ret);
	mutex_unlock(&m->lock);
	bounce_free(bounce);
	if (ret > 0)
		h->offset += (uint64_t)ret;
	return ret;
}

static int64_t file_size(struct resource *r)
{
	struct ext2_file *f = file_of(r);
	struct ext2_stat st;
	int ret;

	mutex_lock(&f->m->lock);
	ret = ext2_stat_ino(f->m->e, f->ino, &st);
	mutex_unlock(&f->m->lock);
	return ret ? ret : (int64_t)st.size;
}

static int file_stat(struct resource *r, struct panda_file_stat *st)
{
	int64_t size = file_size(r);

	if (size < 0)
		return (int)size;
	memset(st, 0, sizeof(*st));
	st->size = (uint64_t)size;
	return 0;
}

static int file_truncate(struct resource *r, uint64_t size)
{
	struct ext2_file *f = file_of(r);
	int ret;

	mutex_lock(&f->m->lock);
	ret = (int)end_op(f->m, ext2_truncate(f->m->e, f->ino, size));
	mutex_unlock(&f->m->lock);
	return ret;
}

static int file_sync(struct resource *r)
{
	struct ext2_file *f = file_of(r);
	int ret;

	mutex_lock(&f->m->lock);
	ret = ext2_sync(f->m->e);
	mutex_unlock(&f->m->lock);
	return ret;
}

static struct blkdev *file_blkdev(struct resource *r)
{
	return file_of(r)->m->d;
}

static const struct resource_ops ext2_file_ops = {
	.name = "ext2 file",
	.tag = PANDA_TAG_FILE,
	.destroy = file_destroy,
	.read = file_read,
	.write = file_write,
	.size = file_size,
	.stat = file_stat,
	.truncate = file_truncate,
	.sync = file_sync,
	.blkdev = file_blkdev,
};

/* Wraps the pinned inode ino (m->lock held); closes it on failure. */
static int file_create(struct ext2_mount *m, uint32_t ino,
		       struct resource **out)
{
	struct ext2_file *f = kzalloc(sizeof(*f));

	if (!f) {
		ext2_close(m->e, ino);
		return -ENOMEM;
	}
	resource_init(&f->res, &ext2_file_ops);
	f->m = m;
	f->ino = ino;
	m->open_files++;
	blk_stream_init(&f->ra);
	*out = &f->res;
	return 0;
}

/* ---------------------------------------------------------------- fs_ops */

static int ext2fs_open(struct fs *fs, const char *rel, struct resource **out)
{
	struct ext2_mount *m = mount_of(fs);
	uint32_t ino;
	int ret;

	mutex_lock(&m->lock);
	ret = ext2_open(m->e, rel, 0, &ino);
	if (!ret)
		ret = file_create(m, ino, out);
	mutex_unlock(&m->lock);
	return ret;
}

static int ext2fs_stat(struct fs *fs, const char *rel, struct vfs_stat *out)
{
	struct ext2_mount *m = mount_of(fs);
	struct ext2_stat st;
	int ret;

	mutex_lock(&m->lock);
	ret = ext2_stat(m->e, rel, &st);
	mutex_unlock(&m->lock);
	if (ret)
		return ret;
	out->size = st.is_dir ? 0 : st.size;
	out->is_dir = st.is_dir;
	return 0;
}

static int add_entry(void *arg, const char *name, size_t len, bool is_dir)
{
	return dirent_list_add(arg, name, len, is_dir);
}

static int ext2fs_readdir(struct fs *fs, const char *rel,
			  struct dirent_list *out)
{
	struct ext2_mount *m = mount_of(fs);
	int ret;

	mutex_lock(&m->lock);
	ret = ext2_readdir(m->e, rel, add_entry, out);
	mutex_unlock(&m->lock);
	return ret;
}

static int ext2fs_create(struct fs *fs, const char *rel, unsigned int flags,
			 struct resource **out)
{
	struct ext2_mount *m = mount_of(fs);
	unsigned int of = EXT2_O_CREATE;
	uint32_t ino;
	int ret;

	if (flags & PANDA_CREATE_EXCLUSIVE)
		of |= EXT2_O_EXCL;
	if (flags & PANDA_CREATE_TRUNCATE)
		of |= EXT2_O_TRUNC;
	mutex_lock(&m->lock);
	ret = (int)end_op(m, ext2_open(m->e, rel, of, &ino));
	if (!ret)
		ret = file_create(m, ino, out);
	mutex_unlock(&m->lock);
	return ret;
}

#define NAMESPACE_OP(name, call)					\
static int ext2fs_##name(struct fs *fs, const char *rel)		\
{									\
	struct ext2_mount *m = mount_of(fs);				\
	int ret;							\
									\
	mutex_lock(&m->lock);						\
	ret = (int)end_op(m, call(m->e, rel));				\
	mutex_unlock(&m->lock);						\
	return ret;							\
}

NAMESPACE_OP(mkdir, ext2_mkdir)
NAMESPACE_OP(unlink, ext2_unlink)
NAMESPACE_OP(rmdir, ext2_rmdir)

static int ext2fs_rename(struct fs *fs, const char *from, const char *to)
{
	struct ext2_mount *m = mount_of(fs);
	int ret;

	mutex_lock(&m->lock);
	ret = (int)end_op(m, ext2_rename(m->e, from, to));
	mutex_unlock(&m->lock);
	return ret;
}

static int ext2fs_sync(struct fs *fs)
{
	struct ext2_mount *m = mount_of(fs);
	int ret;

	mutex_lock(&m->lock);
	ret = ext2_sync(m->e);
	mutex_unlock(&m->lock);
	return ret;
}

static void ext2fs_unmount(struct fs *fs)
{
	struct ext2_mount *m = mount_of(fs);
	int ret;

	mutex_lock(&mount_mutex);
	mutex_lock(&m->lock);
	ret = ext2_unmount(m->e);
	m->e = NULL;
	if (ret)
		pr_err("ext2: unmounting %s: error %d", m->path, ret);
	else
		pr_info("Unmounted ext2 filesystem at %s", m->path);
	blk_cache_drop(m->d);
	list_del_init(&m->node);
	mutex_unlock(&m->lock);
	mutex_unlock(&mount_mutex);
	kfree(m);
}

/* Open files keep the instance; directory handles are snapshots. */
static bool ext2fs_in_use(struct fs *fs)
{
	return READ_ONCE(mount_of(fs)->open_files) > 0;
}

static const struct fs_ops ext2_ops = {
	.name = "ext2",
	.open = ext2fs_open,
	.stat = ext2fs_stat,
	.readdir = ext2fs_readdir,
	.create = ext2fs_create,
	.mkdir = ext2fs_mkdir,
	.unlink = ext2fs_unlink,
	.rmdir = ext2fs_rmdir,
	.rename = ext2fs_rename,
	.sync = ext2fs_sync,
	.unmount = ext2fs_unmount,
	.in_use = ext2fs_in_use,
};

/* ---------------------------------------------------------------- mount */

#define NS_PER_SEC	1000000000ull

/* Wall clock: the RTC read once, advanced by uptime. */
static uint64_t wall_base;	/* seconds since 1970 at uptime 0 */
static int wall_state;		/* 0 not read yet, 1 ok, -1 no clock */

static uint32_t wall_now(void *ctx)
{
	return (uint32_t)(wall_base + uptime_ns() / NS_PER_SEC);
}

static bool wall_clock(void)
{
	uint64_t t;

	if (!wall_state) {
		wall_state = -1;
		if (!rtc_read_time(&t) && t > uptime_ns() / NS_PER_SEC &&
		    t < UINT32_MAX) {
			wall_base = t - uptime_ns() / NS_PER_SEC;
			wall_state = 1;
		}
	}
	return wall_state > 0;
}

static bool device_mounted(struct blkdev *d)
{
	struct ext2_mount *m;

	list_for_each_entry(m, &ext2_mounts, node)
		if (m->d == d)
			return true;
	return false;
}

static int do_mount(struct blkdev *d, const char *norm)
{
	struct ext2_mount_opts opts = { 0 };
	const char *why = NULL;
	struct ext2_mount *m;
	struct ext2_info info;
	int ret;

	if (vfs_is_mount_point(norm)) {
		pr_err("ext2: cannot mount at %s: already a mount point", norm);
		return -EEXIST;
	}
	if (device_mounted(d)) {
		pr_err("ext2: cannot mount %s at %s: device busy (mounted)",
		       d->name, norm);
		return -EBUSY;
	}
	m = kzalloc(sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->d = d;
	mutex_init(&m->lock);
	INIT_LIST_HEAD(&m->node);
	strlcpy(m->path, norm, sizeof(m->path));
	m->dev = (struct ext2_dev){
		.ctx = m,
		.sector_size = BLK_SECTOR_SIZE,
		.nr_sectors = d->nr_sectors,
		.read = dev_read,
		.write = dev_write,
		.flush = dev_flush,
	};
	m->alloc = (struct ext2_alloc){ mem_alloc, mem_free, NULL };
	if (!IS_ENABLED(CONFIG_EXT2_FS_WRITE) || d->read_only)
		opts.flags |= EXT2_MOUNT_RDONLY;
	/* Inode times; without a clock they are 0 (fs.md 10.1). */
	if (wall_clock())
		opts.now = wall_now;
	ret = ext2_mount(&m->dev, &m->alloc, &opts, &m->e, &why);
	if (ret) {
		pr_err("ext2: cannot mount %s at %s: %s", d->name, norm,
		       why ? why : ret == -ENOMEM ? "out of memory"
						  : "I/O error");
		blk_cache_drop(d);
		kfree(m);
		return ret == -ENOMEM ? ret : -EIO;
	}
	ext2_get_info(m->e, &info);
	m->block_size = info.block_size;
	m->fs.ops = &ext2_ops;
	m->fs.priv = m;
	ret = vfs_mount(norm, &m->fs);
	if (ret) {
		pr_err("ext2: cannot mount %s at %s: error %d", d->name, norm,
		       ret);
		ext2_unmount(m->e);
		blk_cache_drop(d);
		kfree(m);
		return ret;
	}
	list_add_tail(&m->node, &ext2_mounts);
	if (info.rdonly)
		pr_warn("ext2: %s mounted read-only: %s", d->name,
			info.rdonly_reason ? info.rdonly_reason
					   : "read-only device");
	pr_info("Mounted ext2 filesystem at %s", norm);
	return 0;
}

int ext2fs_mount(struct blkdev *d, const char *path)
{
	char norm[PATH_MAX_LEN];
	int ret;

	if (!d)
		return -ENOENT;
	if (path_normalize(path, norm, sizeof(norm))) {
		pr_err("ext2: cannot mount at '%s': not an absolute path", path);
		return -EINVAL;
	}
	mutex_lock(&mount_mutex);
	ret = do_mount(d, norm);
	mutex_unlock(&mount_mutex);
	return ret;
}
