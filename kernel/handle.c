// SPDX-License-Identifier: GPL-2.0
/* Handle tables and resource reference counts (kernel.md 11.2). */
#include <lib/string.h>
#include <panda/errno.h>
#include <panda/handle.h>
#include <panda/mm.h>
#include <panda/uaccess.h>
#include <uapi/panda/syscall.h>

void resource_init(struct resource *r, const struct resource_ops *ops)
{
	r->ops = ops;
	r->refcount = 1;
}

void resource_get(struct resource *r)
{
	__atomic_add_fetch(&r->refcount, 1, __ATOMIC_ACQ_REL);
}

void resource_put(struct resource *r)
{
	if (!r)
		return;
	if (__atomic_sub_fetch(&r->refcount, 1, __ATOMIC_ACQ_REL) == 0)
		r->ops->destroy(r);
}

void handle_table_init(struct handle_table *t)
{
	memset(t, 0, sizeof(*t));
	t->next_index = HANDLE_FIRST_INDEX;
}

static int grow(struct handle_table *t)
{
	uint32_t cap = t->capacity ? t->capacity * 2 : 8;
	struct handle_entry **e = kmalloc(cap * sizeof(*e));
	struct handle_entry **old;
	uint64_t flags;

	if (!e)
		return -ENOMEM;
	spin_lock_irqsave(&t->lock, flags);
	if (cap <= t->capacity) {	/* someone grew it meanwhile */
		spin_unlock_irqrestore(&t->lock, flags);
		kfree(e);
		return 0;
	}
	if (t->count)
		memcpy(e, t->entries, t->count * sizeof(*e));
	old = t->entries;
	t->entries = e;
	t->capacity = cap;
	spin_unlock_irqrestore(&t->lock, flags);
	kfree(old);
	return 0;
}

/* handle 0: take the next index, under the lock (tables are shared). */
static int64_t insert(struct handle_table *t, uint32_t handle,
		      struct resource *r)
{
	struct handle_entry *e = kmalloc(sizeof(*e));
	uint64_t flags;
	int ret;

	if (!e)
		return -ENOMEM;
	*e = (struct handle_entry){ .handle = handle, .res = r, .offset = 0 };
	for (;;) {
		spin_lock_irqsave(&t->lock, flags);
		if (t->closed) {	/* its process is exiting */
			spin_unlock_irqrestore(&t->lock, flags);
			kfree(e);
			return -ENOENT;
		}
		if (t->count < t->capacity)
			break;
		spin_unlock_irqrestore(&t->lock, flags);
		/* Allocation outside the lock: kmalloc may take other locks. */
		ret = grow(t);
		if (ret) {
			kfree(e);
			return ret;
		}
	}
	if (!handle) {
		if (t->next_index > HANDLE_MAX_INDEX) {
			spin_unlock_irqrestore(&t->lock, flags);
			kfree(e);
			return -ENOMEM;
		}
		handle = ((uint32_t)r->ops->tag << PANDA_HANDLE_TAG_SHIFT) |
			 t->next_index++;
		e->handle = handle;
	}
	resource_get(r);
	t->entries[t->count++] = e;
	spin_unlock_irqrestore(&t->lock, flags);
	return handle;
}

int64_t handle_install(struct handle_table *t, struct resource *r)
{
	return insert(t, 0, r);
}

int handle_install_at(struct handle_table *t, uint32_t handle,
		      struct resource *r)
{
	int64_t ret;

	if (!handle || handle_lookup(t, handle))
		return -EEXIST;
	ret = insert(t, handle, r);
	return ret < 0 ? (int)ret : 0;
}

struct handle_entry *handle_lookup(struct handle_table *t, uint32_t handle)
{
	struct handle_entry *found = NULL;
	uint64_t flags;
	uint32_t i;

	spin_lock_irqsave(&t->lock, flags);
	for (i = 0; i < t->count; i++)
		if (t->entries[i]->handle == handle)
			found = t->entries[i];
	spin_unlock_irqrestore(&t->lock, flags);
	return found;
}

int handle_close(struct handle_table *t, uint32_t handle)
{
	struct handle_entry *e = NULL;
	uint64_t flags;
	uint32_t i;

	spin_lock_irqsave(&t->lock, flags);
	for (i = 0; i < t->count; i++) {
		if (t->entries[i]->handle == handle) {
			e = t->entries[i];
			t->entries[i] = t->entries[--t->count];
			break;
		}
	}
	spin_unlock_irqrestore(&t->lock, flags);
	if (!e)
		return -PANDA_ERR_BAD_HANDLE;
	resource_put(e->res);	/* may wake others: outside the lock */
	kfree(e);
	return 0;
}

uint32_t handle_count(struct handle_table *t)
{
	return t->count;
}

void handle_table_release(struct handle_table *t)
{
	struct handle_entry *e, **old;
	uint64_t flags;

	/*
	 * Each entry is taken off under the lock: the broker may be closing
	 * one of them at the same time (service_open's failure path).
	 */
	for (;;) {
		spin_lock_irqsave(&t->lock, flags);
		t->closed = true;
		e = t->count ? t->entries[--t->count] : NULL;
		spin_unlock_irqrestore(&t->lock, flags);
		if (!e)
			break;
		resource_put(e->res);	/* may wake others: outside the lock */
		kfree(e);
	}
	spin_lock_irqsave(&t->lock, flags);
	old = t->entries;
	t->entries = NULL;
	t->capacity = 0;
	spin_unlock_irqrestore(&t->lock, flags);
	kfree(old);
}

int copy_write_data(void *dst, const void *src, size_t len, uint32_t flags)
{
	if (flags & WRITE_FROM_KERNEL) {
		memcpy(dst, src, len);
		return 0;
	}
	return copy_from_user(dst, src, len);
}

int copy_read_data(void *dst, const void *src, size_t len, uint32_t flags)
{
	if (flags & READ_TO_KERNEL) {
		memcpy(dst, src, len);
		return 0;
	}
	return copy_to_user(dst, src, len);
}
