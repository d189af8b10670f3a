// SPDX-License-Identifier: GPL-2.0
/*
 * tarfs (fs.md 4): the initramfs, read-only, straight from the archive in
 * memory (no write hooks in its fs_ops: the VFS answers NotWritable).  At mount every header is validated (lib/tar.c) and the regular
 * files are indexed, sorted by name; directories are implied by names.
 */
#include <lib/string.h>
#include <lib/tar.h>
#include <lib/utf8.h>
#include <panda/errno.h>
#include <panda/mm.h>
#include <panda/printk.h>
#include <panda/vfs.h>

struct tar_file {
	char *name;		/* full name, no leading "./" */
	const uint8_t *data;
	uint64_t size;
};

struct tarfs {
	struct fs fs;
	struct tar_file *files;
	uint32_t count;
};

struct tarfs_open_file {
	struct resource res;
	const struct tar_file *file;
};

static int cmp_name(const struct tar_file *a, const struct tar_file *b)
{
	return strcmp(a->name, b->name);
}

static void sort_files(struct tar_file *f, uint32_t n)
{
	uint32_t i, j;

	for (i = 1; i < n; i++) {	/* insertion sort: initramfs is small */
		struct tar_file t = f[i];

		for (j = i; j > 0 && cmp_name(&f[j - 1], &t) > 0; j--)
			f[j] = f[j - 1];
		f[j] = t;
	}
}

static const struct tar_file *find(struct tarfs *t, const char *rel)
{
	uint32_t lo = 0, hi = t->count;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		int c = strcmp(t->files[mid].name, rel);

		if (!c)
			return &t->files[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* True if some file lives below rel ("" is the root). */
static bool is_dir(struct tarfs *t, const char *rel)
{
	size_t n = strlen(rel);
	uint32_t i;

	if (!n)
		return true;
	for (i = 0; i < t->count; i++)
		if (!strncmp(t->files[i].name, rel, n) &&
		    t->files[i].name[n] == '/')
			return true;
	return false;
}

static int tarfs_stat(struct fs *fs, const char *rel, struct vfs_stat *out)
{
	struct tarfs *t = fs->priv;
	const struct tar_file *f = find(t, rel);

	if (f) {
		out->size = f->size;
		out->is_dir = false;
		return 0;
	}
	if (is_dir(t, rel)) {
		out->size = 0;
		out->is_dir = true;
		return 0;
	}
	return -ENOENT;
}

static int tarfs_readdir(struct fs *fs, const char *rel,
			 struct dirent_list *out)
{
	struct tarfs *t = fs->priv;
	size_t n = strlen(rel);
	uint32_t i;
	int ret;

	if (find(t, rel))
		return -PANDA_ERR_NOT_A_DIRECTORY;
	if (!is_dir(t, rel))
		return -ENOENT;
	for (i = 0; i < t->count; i++) {
		const char *name = t->files[i].name, *comp, *slash;
		size_t len;

		if (n) {
			if (strncmp(name, rel, n) || name[n] != '/')
				continue;
			comp = name + n + 1;
		} else {
			comp = name;
		}
		slash = strchr(comp, '/');
		len = slash ? (size_t)(slash - comp) : strlen(comp);
		/* Sorted names: a repeated component is the previous entry. */
		if (out->count) {
			const struct vfs_dirent *last =
				&out->entries[out->count - 1];

			if (last->name_len == len && !memcmp(last->name, comp, len))
				continue;
		}
		ret = dirent_list_add(out, comp, len, slash != NULL);
		if (ret)
			return ret;
	}
	return 0;
}

static void file_destroy(struct resource *r)
{
	kfree(container_of(r, struct tarfs_open_file, res));
}

static int64_t file_read(struct resource *r, struct handle_entry *h,
			 void *buf, size_t len, uint32_t flags)
{
	const struct tar_file *f =
		container_of(r, struct tarfs_open_file, res)->file;
	uint64_t n;
	int ret;

	if (h->offset >= f->size)
		return 0;
	n = MIN((uint64_t)len, f->size - h->offset);
	ret = copy_read_data(buf, f->data + h->offset, n, flags);
	if (ret)
		return ret;
	h->offset += n;
	return n;
}

static int64_t file_write(struct resource *r, struct handle_entry *h,
			  const void *buf, size_t len, uint32_t flags)
{
	return -PANDA_ERR_NOT_WRITABLE;
}

static int file_truncate(struct resource *r, uint64_t size)
{
	return -PANDA_ERR_NOT_WRITABLE;
}

static int file_sync(struct resource *r)
{
	return 0;		/* nothing is ever dirty */
}

static int64_t file_size(struct resource *r)
{
	return container_of(r, struct tarfs_open_file, res)->file->size;
}

static int file_stat(struct resource *r, struct panda_file_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->size = file_size(r);
	return 0;
}

/* The archive is never unmounted and its entries never move. */
static const void *file_immutable_key(struct resource *r)
{
	return container_of(r, struct tarfs_open_file, res)->file;
}

static const struct resource_ops tarfs_file_ops = {
	.name = "tarfs file",
	.tag = PANDA_TAG_FILE,
	.destroy = file_destroy,
	.read = file_read,
	.write = file_write,
	.size = file_size,
	.stat = file_stat,
	.truncate = file_truncate,
	.immutable_key = file_immutable_key,
	.sync = file_sync,
};

static int tarfs_open(struct fs *fs, const char *rel, struct resource **out)
{
	struct tarfs *t = fs->priv;
	const struct tar_file *f = find(t, rel);
	struct tarfs_open_file *of;

	if (!f)
		return is_dir(t, rel) ? -PANDA_ERR_IS_A_DIRECTORY : -ENOENT;
	of = kzalloc(sizeof(*of));
	if (!of)
		return -ENOMEM;
	resource_init(&of->res, &tarfs_file_ops);
	of->file = f;
	*out = &of->res;
	return 0;
}

static const struct fs_ops tarfs_ops = {
	.name = "tarfs",
	.open = tarfs_open,
	.stat = tarfs_stat,
	.readdir = tarfs_readdir,
};

/* Adds or replaces (a later entry of the same name wins). */
static int add_file(struct tarfs *t, const struct tar_entry *e,
		    uint32_t *capacity)
{
	struct tar_file *slot = NULL;
	uint32_t i;

	for (i = 0; i < t->count; i++)
		if (!strcmp(t->files[i].name, e->name))
			slot = &t->files[i];
	if (!slot) {
		if (t->count == *capacity) {
			uint32_t cap = *capacity ? *capacity * 2 : 16;
			struct tar_file *n = kmalloc(cap * sizeof(*n));

			if (!n)
				return -ENOMEM;
			if (t->count)
				memcpy(n, t->files, t->count * sizeof(*n));
			kfree(t->files);
			t->files = n;
			*capacity = cap;
		}
		slot = &t->files[t->count++];
		slot->name = kmalloc(strlen(e->name) + 1);
		if (!slot->name) {
			t->count--;
			return -ENOMEM;
		}
		memcpy(slot->name, e->name, strlen(e->name) + 1);
	}
	slot->data = e->data;
	slot->size = e->size;
	return 0;
}

int tarfs_mount(const char *path, const void *archive, size_t size)
{
	struct tarfs *t = kzalloc(sizeof(*t));
	struct tar_iter it;
	struct tar_entry e;
	uint32_t capacity = 0, i;
	int ret;

	if (!t)
		return -ENOMEM;
	ret = tar_iter_init(&it, archive, size);
	while (ret >= 0 && (ret = tar_next(&it, &e)) > 0) {
		if (e.type != TAR_TYPE_FILE || !e.name[0] ||
		    !strcmp(e.name, "."))
			continue;
		if (!utf8_valid(e.name, strlen(e.name))) {
			ret = -EINVAL;
			break;
		}
		ret = add_file(t, &e, &capacity);
	}
	if (ret < 0) {
		pr_err("initramfs: %s", ret == -ENOMEM ? "out of memory"
						      : tar_strerror(ret));
		for (i = 0; i < t->count; i++)
			kfree(t->files[i].name);
		kfree(t->files);
		kfree(t);
		return ret == -ENOMEM ? ret : -EIO;
	}
	sort_files(t->files, t->count);
	t->fs.ops = &tarfs_ops;
	t->fs.priv = t;
	ret = vfs_mount(path, &t->fs);
	if (!ret)
		pr_info("tarfs: %u files mounted at %s", t->count, path);
	return ret;
}
