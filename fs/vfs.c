// SPDX-License-Identifier: GPL-2.0
/* Mount table, path resolution and directory-listing resources. */
#include <lib/path.h>
#include <lib/string.h>
#include <panda/errno.h>
#include <panda/mm.h>
#include <panda/spinlock.h>
#include <panda/uaccess.h>
#include <panda/vfs.h>

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

/* The longest mount covering path; *rel points into path. */
static struct fs *resolve(const char *path, const char **rel)
{
	struct fs *best = NULL;
	size_t best_len = 0;
	unsigned int i;

	for (i = 0; i < nr_mounts; i++) {
		const char *r = path_under_mount(path, mounts[i].path);
		size_t len = strlen(mounts[i].path);

		if (r && (!best || len > best_len)) {
			best = mounts[i].fs;
			best_len = len;
			*rel = r;
		}
	}
	return best;
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
	return fs->ops->stat(fs, rel, out);
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
	if (fs)
		ret = fs->ops->readdir(fs, rel, &list);
	else
		ret = strcmp(norm, "/") ? -ENOENT : root_listing(&list);
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
	return fs->ops->open(fs, rel, out);
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
