// SPDX-License-Identifier: GPL-2.0
/* Mount table, path resolution and directory-listing resources. */
#include <lib/path.h>
#include <lib/string.h>
#include <panda/bcache.h>
#include <panda/errno.h>
#include <panda/mm.h>
#include <panda/spinlock.h>
#include <panda/printk.h>
#include <panda/uaccess.h>
#include <panda/vfs.h>
#include <uapi/panda/syscall.h>

#define MAX_MOUNTS 16

struct mount {
	char path[PATH_MAX_LEN];
	struct fs *fs;
};

static struct mount mounts[MAX_MOUNTS];
static unsigned int nr_mounts;
static spinlock_t mount_lock = SPINLOCK_INIT;

int dirent_list_add(struct dirent_list *l, const char *name, size_t len,
		    bool is_dir)
{
	struct vfs_dirent *e;

	if (l->count == l->capacity) {
		uint32_t cap = l->capacity ? l->capacity * 2 : 8;
		struct vfs_dirent *n = kmalloc(cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		if (l->count)
			memcpy(n, l->entries, l->count * sizeof(*n));
		kfree(l->entries);
		l->entries = n;
		l->capacity = cap;
	}
	e = &l->entries[l->count++];
	memset(e, 0, sizeof(*e));
	e->name_len = len > 255 ? 255 : (uint8_t)len;
	memcpy(e->name, name, e->name_len);
	e->is_dir = is_dir;
	return 0;
}

void dirent_list_free(struct dirent_list *l)
{
	kfree(l->entries);
	l->entries = NULL;
	l->count = l->capacity = 0;
}

int vfs_mount(const char *path, struct fs *fs)
{
	char norm[PATH_MAX_LEN];
	uint64_t flags;
	unsigned int i;
	int ret = 0;

	if (path_normalize(path, norm, sizeof(norm)))
		return -EINVAL;
	spin_lock_irqsave(&mount_lock, flags);
	for (i = 0; i < nr_mounts; i++)
		if (!strcmp(mounts[i].path, norm))
			ret = -EEXIST;
	if (!ret && nr_mounts == MAX_MOUNTS)
		ret = -ENOMEM;
	if (!ret) {
		strlcpy(mounts[nr_mounts].path, norm, sizeof(norm));
		mounts[nr_mounts].fs = fs;
		nr_mounts++;
	}
	spin_unlock_irqrestore(&mount_lock, flags);
	return ret;
}

/*
 * The longest mount covering path, or NULL; *rel points into path.  The
 * file system is held (fs->users) until fs_put(), so that an unmount
 * cannot free it under a call in progress.
 */
static struct fs *resolve(const char *path, const char **rel)
{
	struct fs *best = NULL;
	size_t best_len = 0;
	unsigned int i;
	uint64_t flags;

	spin_lock_irqsave(&mount_lock, flags);
	for (i = 0; i < nr_mounts; i++) {
		const char *r = path_under_mount(path, mounts[i].path);
		size_t len = strlen(mounts[i].path);

		if (r && (!best || len > best_len)) {
			best = mounts[i].fs;
			best_len = len;
			*rel = r;
		}
	}
	if (best)
		best->users++;
	spin_unlock_irqrestore(&mount_lock, flags);
	return best;
}

static void fs_put(struct fs *fs)
{
	uint64_t flags;

	if (!fs)
		return;
	spin_lock_irqsave(&mount_lock, flags);
	fs->users--;
	spin_unlock_irqrestore(&mount_lock, flags);
}

/* "/" with no mount on it lists the first components of the mounts. */
static int root_listing(struct dirent_list *out)
{
	unsigned int i, j;

	for (i = 0; i < nr_mounts; i++) {
		const char *c = mounts[i].path + 1;
		size_t n = strchr(c, '/') ? (size_t)(strchr(c, '/') - c)
					  : strlen(c);
		bool dup = false;

		for (j = 0; j < out->count; j++)
			if (out->entries[j].name_len == n &&
			    !memcmp(out->entries[j].name, c, n))
				dup = true;
		if (n && !dup && dirent_list_add(out, c, n, true))
			return -ENOMEM;
	}
	return 0;
}

static int normalize(const char *path, char *norm)
{
	return path_normalize(path, norm, PATH_MAX_LEN) ? -ENOENT : 0;
}

int vfs_stat(const char *path, struct vfs_stat *out)
{
	char norm[PATH_MAX_LEN];
	const char *rel;
	struct fs *fs;
	int ret;

	if (normalize(path, norm))
		return -ENOENT;
	fs = resolve(norm, &rel);
	if (!fs) {
		if (!strcmp(norm, "/")) {
			out->size = 0;
			out->is_dir = true;
			return 0;
		}
		return -ENOENT;
	}
	ret = fs->ops->stat(fs, rel, out);
	fs_put(fs);
	return ret;
}

int vfs_opendir(const char *path, struct resource **out)
{
	struct dirent_list list = { 0 };
	char norm[PATH_MAX_LEN];
	const char *rel;
	struct fs *fs;
	int ret;

	if (normalize(path, norm))
		return -ENOENT;
	fs = resolve(norm, &rel);
	if (fs) {
		ret = fs->ops->readdir(fs, rel, &list);
		fs_put(fs);
	} else {
		ret = strcmp(norm, "/") ? -ENOENT : root_listing(&list);
	}
	if (ret) {
		dirent_list_free(&list);
		return ret;
	}
	*out = dir_resource_create(&list);
	if (!*out) {
		dirent_list_free(&list);
		return -ENOMEM;
	}
	return 0;
}

int vfs_open(const char *path, struct resource **out)
{
	char norm[PATH_MAX_LEN];
	struct vfs_stat st;
	const char *rel;
	struct fs *fs;
	int ret;

	ret = vfs_stat(path, &st);
	if (ret)
		return ret;
	if (st.is_dir)
		return vfs_opendir(path, out);
	if (normalize(path, norm))
		return -ENOENT;
	fs = resolve(norm, &rel);
	if (!fs)
		return -ENOENT;
	ret = fs->ops->open(fs, rel, out);
	fs_put(fs);
	return ret;
}

int vfs_read_file(const char *path, void **data, size_t *size)
{
	struct resource *r;
	struct handle_entry h = { 0 };
	int64_t len, got;
	void *buf;
	int ret;

	ret = vfs_open(path, &r);
	if (ret)
		return ret;
	if (!r->ops->size || !r->ops->read) {
		ret = r->ops->readdir ? -PANDA_ERR_IS_A_DIRECTORY : -EINVAL;
		resource_put(r);	/* frees r: decide first */
		return ret;
	}
	len = r->ops->size(r);
	buf = len > 0 ? kmalloc(len) : NULL;
	if (len > 0 && !buf) {
		resource_put(r);
		return -ENOMEM;
	}
	/* Kernel buffer: the file's read op copies with kernel_copy. */
	got = r->ops->read(r, &h, buf, len, READ_TO_KERNEL);
	resource_put(r);
	if (got != len) {
		kfree(buf);
		return got < 0 ? (int)got : -EIO;
	}
	*data = buf;
	*size = len;
	return 0;
}

/* ---------------------------------------------------------------- writing */

bool vfs_is_mount_point(const char *path)
{
	char norm[PATH_MAX_LEN];
	unsigned int i;
	uint64_t flags;
	bool found = false;

	if (normalize(path, norm))
		return false;
	spin_lock_irqsave(&mount_lock, flags);
	for (i = 0; i < nr_mounts; i++)
		if (!strcmp(mounts[i].path, norm))
			found = true;
	spin_unlock_irqrestore(&mount_lock, flags);
	return found;
}

/* A mount lies strictly below the normalised path norm. */
static bool mount_below(const char *norm)
{
	unsigned int i;

	for (i = 0; i < nr_mounts; i++) {
		const char *r = path_under_mount(mounts[i].path, norm);

		if (r && *r)
			return true;
	}
	return false;
}

/*
 * Normalises path into norm and finds its file system, held until
 * fs_put() when this returns 0.  removing: the path is going away, so a
 * mount point or a path above one is Busy.
 */
static int resolve_write(const char *path, char *norm, struct fs **fs,
			 const char **rel, bool removing)
{
	/* Absolute but not normalisable: a name over 255 bytes (fs.md 10.6). */
	if (normalize(path, norm))
		return path[0] == '/' ? -EINVAL : -ENOENT;
	*fs = resolve(norm, rel);
	if (!*fs)
		return -ENOENT;
	if (removing && (!**rel || mount_below(norm))) {
		fs_put(*fs);
		return -EBUSY;
	}
	return 0;
}

int vfs_create(const char *path, unsigned int flags, struct resource **out)
{
	char norm[PATH_MAX_LEN];
	const char *rel;
	struct fs *fs;
	int ret;

	if (flags & ~(PANDA_CREATE_EXCLUSIVE | PANDA_CREATE_TRUNCATE))
		return -EINVAL;
	ret = resolve_write(path, norm, &fs, &rel, false);
	if (ret)
		return ret;
	if (!*rel)	/* the root of a mount: a directory */
		ret = flags & PANDA_CREATE_EXCLUSIVE ? -EEXIST
						     : -PANDA_ERR_IS_A_DIRECTORY;
	else if (!fs->ops->create)
		ret = -PANDA_ERR_NOT_WRITABLE;
	else
		ret = fs->ops->create(fs, rel, flags, out);
	fs_put(fs);
	return ret;
}

int vfs_mkdir(const char *path)
{
	char norm[PATH_MAX_LEN];
	const char *rel;
	struct fs *fs;
	int ret;

	ret = resolve_write(path, norm, &fs, &rel, false);
	if (ret)
		return ret;
	if (!*rel)
		ret = -EEXIST;
	else if (!fs->ops->mkdir)
		ret = -PANDA_ERR_NOT_WRITABLE;
	else
		ret = fs->ops->mkdir(fs, rel);
	fs_put(fs);
	return ret;
}

/* Unlinks path, or removes it as a directory when dir. */
static int remove_path(const char *path, bool dir)
{
	int (*op)(struct fs *fs, const char *rel);
	char norm[PATH_MAX_LEN];
	const char *rel;
	struct fs *fs;
	int ret;

	ret = resolve_write(path, norm, &fs, &rel, true);
	if (ret)
		return ret;
	op = dir ? fs->ops->rmdir : fs->ops->unlink;
	ret = op ? op(fs, rel) : -PANDA_ERR_NOT_WRITABLE;
	fs_put(fs);
	return ret;
}

int vfs_unlink(const char *path)
{
	return remove_path(path, false);
}

int vfs_rmdir(const char *path)
{
	return remove_path(path, true);
}

int vfs_rename(const char *from, const char *to)
{
	char nfrom[PATH_MAX_LEN], nto[PATH_MAX_LEN];
	const char *rfrom, *rto;
	struct fs *ffrom, *fto;
	int ret;

	ret = resolve_write(from, nfrom, &ffrom, &rfrom, true);
	if (ret)
		return ret;
	ret = resolve_write(to, nto, &fto, &rto, false);
	if (ret) {
		fs_put(ffrom);
		return ret;
	}
	if (ffrom != fto)
		ret = -ENOTSUP;
	else if (!*rto)
		ret = -EEXIST;		/* a mount point exists */
	else if (!ffrom->ops->rename)
		ret = -PANDA_ERR_NOT_WRITABLE;
	else
		ret = ffrom->ops->rename(ffrom, rfrom, rto);
	fs_put(ffrom);
	fs_put(fto);
	return ret;
}

/* The distinct file systems of the mount table, each held (fs_put). */
static unsigned int mounted(struct fs **out)
{
	unsigned int i, j, n = 0;
	uint64_t flags;

	spin_lock_irqsave(&mount_lock, flags);
	for (i = 0; i < nr_mounts; i++) {
		for (j = 0; j < n && out[j] != mounts[i].fs; j++)
			;
		if (j == n) {
			out[n++] = mounts[i].fs;
			mounts[i].fs->users++;
		}
	}
	spin_unlock_irqrestore(&mount_lock, flags);
	return n;
}

int vfs_sync_all(void)
{
	struct fs *list[MAX_MOUNTS];
	unsigned int i, n = mounted(list);
	int ret = 0, r;

	for (i = 0; i < n; i++) {
		if (list[i]->ops->sync) {
			r = list[i]->ops->sync(list[i]);
			if (r && !ret)
				ret = r;
		}
		fs_put(list[i]);
	}
	return ret;
}

int vfs_unmount(const char *path)
{
	char norm[PATH_MAX_LEN];
	struct fs *fs = NULL;
	unsigned int i;
	uint64_t flags;
	int ret = -ENOENT;

	if (path_normalize(path, norm, sizeof(norm)))
		return -EINVAL;
	spin_lock_irqsave(&mount_lock, flags);
	for (i = 0; i < nr_mounts; i++)
		if (!strcmp(mounts[i].path, norm))
			break;
	if (i < nr_mounts) {
		fs = mounts[i].fs;
		if (!fs->ops->unmount)
			ret = -ENOTSUP;
		else if (fs->users || mount_below(norm) ||
			 (fs->ops->in_use && fs->ops->in_use(fs)))
			ret = -EBUSY;
		else
			ret = 0;
	}
	if (!ret) {
		/* Gone from the table: no new call can find it. */
		memmove(&mounts[i], &mounts[i + 1],
			(nr_mounts - i - 1) * sizeof(mounts[0]));
		nr_mounts--;
	}
	spin_unlock_irqrestore(&mount_lock, flags);
	if (!ret)
		fs->ops->unmount(fs);
	return ret;
}

void vfs_shutdown(void)
{
	struct fs *list[MAX_MOUNTS];
	unsigned int i, j, n = mounted(list);
	uint64_t flags;

	for (i = 0; i < n; i++) {
		fs_put(list[i]);	/* nothing else runs any more */
		if (!list[i]->ops->unmount)
			continue;
		spin_lock_irqsave(&mount_lock, flags);
		for (j = 0; j < nr_mounts;) {
			if (mounts[j].fs == list[i]) {
				memmove(&mounts[j], &mounts[j + 1],
					(nr_mounts - j - 1) * sizeof(mounts[0]));
				nr_mounts--;
			} else {
				j++;
			}
		}
		spin_unlock_irqrestore(&mount_lock, flags);
		list[i]->ops->unmount(list[i]);
	}
#ifdef CONFIG_BLOCK
	blk_shutdown();
#endif
}

/* Directory listings behind handles (kernel.md 11.4). */
struct dir_resource {
	struct resource res;
	struct dirent_list list;
};

static void dir_destroy(struct resource *r)
{
	struct dir_resource *d = container_of(r, struct dir_resource, res);

	dirent_list_free(&d->list);
	kfree(d);
}

static int dir_stat(struct resource *r, struct panda_file_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->is_dir = 1;
	return 0;
}

static int dir_readdir(struct resource *r, struct handle_entry *h,
		       struct panda_dirent *de)
{
	struct dir_resource *d = container_of(r, struct dir_resource, res);
	const struct vfs_dirent *e;

	if (h->offset >= d->list.count)
		return 0;
	e = &d->list.entries[h->offset++];
	memset(de, 0, sizeof(*de));
	de->name_len = e->name_len;
	de->is_dir = e->is_dir;
	memcpy(de->name, e->name, e->name_len);
	return 1;
}

static const struct resource_ops dir_ops = {
	.name = "directory",
	.tag = PANDA_TAG_DIRECTORY,
	.destroy = dir_destroy,
	.stat = dir_stat,
	.readdir = dir_readdir,
};

struct resource *dir_resource_create(struct dirent_list *list)
{
	struct dir_resource *d = kzalloc(sizeof(*d));

	if (!d)
		return NULL;
	resource_init(&d->res, &dir_ops);
	d->list = *list;
	memset(list, 0, sizeof(*list));
	return &d->res;
}
