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
	struct handle_entry *e = kmalloc(cap * sizeof(*e));

	if (!e)
		return -ENOMEM;
	if (t->count)
		memcpy(e, t->entries, t->count * sizeof(*e));
	kfree(t->entries);
	t->entries = e;
	t->capacity = cap;
	return 0;
}

static int insert(struct handle_table *t, uint32_t handle, struct resource *r)
{
	uint64_t flags;
	int ret = 0;

	/* Allocation outside the lock: kmalloc may take other locks. */
	if (t->count == t->capacity && (ret = grow(t)))
		return ret;
	spin_lock_irqsave(&t->lock, flags);
	resource_get(r);
	t->entries[t->count++] = (struct handle_entry){
		.handle = handle, .res = r, .offset = 0 };
	spin_unlock_irqrestore(&t->lock, flags);
	return 0;
}

int64_t handle_install(struct handle_table *t, struct resource *r)
{
	uint32_t handle;
	int ret;

	if (t->next_index > HANDLE_MAX_INDEX)
		return -ENOMEM;
	handle = ((uint32_t)r->ops->tag << PANDA_HANDLE_TAG_SHIFT) |
		 t->next_index;
	ret = insert(t, handle, r);
	if (ret)
		return ret;
	t->next_index++;
	return handle;
}

int handle_install_at(struct handle_table *t, uint32_t handle,
		      struct resource *r)
{
	if (handle_lookup(t, handle))
		return -EEXIST;
	return insert(t, handle, r);
}

struct handle_entry *handle_lookup(struct handle_table *t, uint32_t handle)
{
	uint32_t i;

	for (i = 0; i < t->count; i++)
		if (t->entries[i].handle == handle)
			return &t->entries[i];
	return NULL;
}

int handle_close(struct handle_table *t, uint32_t handle)
{
	struct resource *r = NULL;
	uint64_t flags;
	uint32_t i;

	spin_lock_irqsave(&t->lock, flags);
	for (i = 0; i < t->count; i++) {
		if (t->entries[i].handle == handle) {
			r = t->entries[i].res;
			t->entries[i] = t->entries[--t->count];
			break;
		}
	}
	spin_unlock_irqrestore(&t->lock, flags);
	if (!r)
		return -PANDA_ERR_BAD_HANDLE;
	resource_put(r);	/* may wake others: outside the lock */
	return 0;
}

uint32_t handle_count(struct handle_table *t)
{
	return t->count;
}

void handle_table_release(struct handle_table *t)
{
	while (t->count)
		handle_close(t, t->entries[t->count - 1].handle);
	kfree(t->entries);
	t->entries = NULL;
	t->capacity = 0;
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
