// SPDX-License-Identifier: GPL-2.0
/*
 * OP_FILE_*: read, write, seek, stat, close, readdir (fs.md 2.5);
 * truncate and sync (fs.md 11) in kernel/sys_fs.c.
 */
#include <lib/string.h>
#include <panda/buffer.h>
#include <panda/errno.h>
#include <panda/process.h>
#include <panda/syscall.h>
#include <panda/uaccess.h>

static struct handle_entry *lookup(uint32_t handle)
{
	return handle_lookup(&current_process()->handles, handle);
}

static int64_t file_read(struct handle_entry *h, uint64_t buf, uint64_t len,
			 uint64_t flags)
{
	if (!h->res->ops->read)
		return -ENOTSUP;
	if (!access_ok(buf, len))
		return -EINVAL;
	return h->res->ops->read(h->res, h, (void *)buf, len,
				 (uint32_t)flags & PANDA_FILE_NONBLOCK);
}

static int64_t file_write(struct handle_entry *h, uint64_t buf, uint64_t len)
{
	if (!h->res->ops->write)
		return -ENOTSUP;
	if (!access_ok(buf, len))
		return -EINVAL;
	return h->res->ops->write(h->res, h, (const void *)buf, len, 0);
}

static int64_t file_seek(struct handle_entry *h, int64_t off, uint64_t whence)
{
	int64_t base, pos;

	if (!h->res->ops->size)
		return -PANDA_ERR_NOT_SEEKABLE;
	switch (whence) {
	case PANDA_SEEK_SET:
		base = 0;
		break;
	case PANDA_SEEK_CUR:
		base = (int64_t)h->offset;
		break;
	case PANDA_SEEK_END:
		base = h->res->ops->size(h->res);
		if (base < 0)
			return base;
		break;
	default:
		return -EINVAL;
	}
	if (__builtin_add_overflow(base, off, &pos) || pos < 0)
		return -PANDA_ERR_INVALID_OFFSET;
	h->offset = (uint64_t)pos;
	return pos;
}

static int64_t file_stat(struct handle_entry *h, uint64_t ptr)
{
	struct panda_file_stat st;
	int ret = 0;

	memset(&st, 0, sizeof(st));
	if (h->res->ops->stat)
		ret = h->res->ops->stat(h->res, &st);
	if (ret)
		return ret;
	return copy_to_user((void *)ptr, &st, sizeof(st));
}

static int64_t file_readdir(struct handle_entry *h, uint64_t ptr)
{
	struct panda_dirent de;
	int ret;

	if (!h->res->ops->readdir)
		return -PANDA_ERR_BAD_HANDLE;
	if (!access_ok(ptr, sizeof(de)))
		return -EINVAL;
	ret = h->res->ops->readdir(h->res, h, &de);
	if (ret <= 0)
		return ret;
	if (copy_to_user((void *)ptr, &de, sizeof(de))) {
		h->offset--;	/* not delivered: the entry stays next */
		return -EINVAL;
	}
	return 1;
}

int64_t sys_file(const struct syscall_args *a)
{
	struct process *p = current_process();
	struct handle_entry *h;

	if (a->op == PANDA_OP_FILE_CLOSE)
		return handle_close(&p->handles, a->handle);
	if (a->op == PANDA_OP_FILE_READ_BUFFER ||
	    a->op == PANDA_OP_FILE_WRITE_BUFFER) {
		struct handle_entry *b = lookup((uint32_t)a->a0);

		h = lookup(a->handle);
		if (!h || !b)
			return -PANDA_ERR_BAD_HANDLE;
		return buffer_file_io(h->res, h, b->res, a->a1,
				      a->op == PANDA_OP_FILE_WRITE_BUFFER);
	}
	h = lookup(a->handle);
	if (!h)
		return -PANDA_ERR_BAD_HANDLE;
	switch (a->op) {
	case PANDA_OP_FILE_READ:
		return file_read(h, a->a0, a->a1, a->a2);
	case PANDA_OP_FILE_WRITE:
		return file_write(h, a->a0, a->a1);
	case PANDA_OP_FILE_SEEK:
		return file_seek(h, (int64_t)a->a0, a->a1);
	case PANDA_OP_FILE_STAT:
		return file_stat(h, a->a0);
	case PANDA_OP_FILE_READDIR:
		return file_readdir(h, a->a0);
	case PANDA_OP_FILE_TRUNCATE:
	case PANDA_OP_FILE_SYNC:
		return sys_file_fs(h, a->op, a->a0);	/* kernel/sys_fs.c */
	case PANDA_OP_FILE_BLOCK_STATS:
		return sys_file_block_stats(h, a->a0, a->a1);	/* sys_fs.c */
	}
	return -ENOTSUP;
}
