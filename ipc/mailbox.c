// SPDX-License-Identifier: GPL-2.0
/*
 * Mailboxes (ipc.md 3): an unbounded FIFO of (handle, event) records.
 * A source posts through its registration; the record is queued only if
 * the event has a bit in common with the registration's mask, and it keeps
 * the whole event word.  Registrations are weak both ways: the mailbox
 * going away leaves the source with a dead registration, the source going
 * away unlinks it.  One lock (reg_lock) orders all of that.
 */
#include <lib/string.h>
#include <panda/errno.h>
#include <panda/ipc.h>
#include <panda/mm.h>
#include <panda/printk.h>
#include <panda/process.h>

struct mb_reg {
	struct list_head node;		/* on mailbox->regs */
	struct mailbox *mb;		/* NULL once the mailbox is gone */
	uint32_t handle;
	uint32_t mask;
};

struct mb_record {
	uint32_t handle;
	uint32_t event;
};

struct mailbox {
	struct resource res;
	spinlock_t lock;		/* the record ring */
	struct mb_record *ring;
	uint32_t head, count, capacity;
	struct list_head regs;
	struct wait_queue waiters;
};

static spinlock_t reg_lock = SPINLOCK_INIT;

static int push(struct mailbox *mb, uint32_t handle, uint32_t event)
{
	if (mb->count == mb->capacity) {
		uint32_t cap = mb->capacity ? mb->capacity * 2 : 16, i;
		/* Posting runs in interrupt context too: no sleeping here. */
		struct mb_record *n = kmalloc(cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		for (i = 0; i < mb->count; i++)
			n[i] = mb->ring[(mb->head + i) % mb->capacity];
		kfree(mb->ring);
		mb->ring = n;
		mb->head = 0;
		mb->capacity = cap;
	}
	mb->ring[(mb->head + mb->count) % mb->capacity] =
		(struct mb_record){ handle, event };
	mb->count++;
	return 0;
}

void event_source_post(struct event_source *src, uint32_t event)
{
	struct mailbox *mb;
	uint64_t flags;
	int ret = 0;

	spin_lock_irqsave(&reg_lock, flags);
	if (src->reg && src->reg->mb && (event & src->reg->mask)) {
		mb = src->reg->mb;
		spin_lock(&mb->lock);
		ret = push(mb, src->reg->handle, event);
		spin_unlock(&mb->lock);
		/* Under reg_lock: the mailbox cannot go away meanwhile. */
		wake_up_all(&mb->waiters);
	}
	spin_unlock_irqrestore(&reg_lock, flags);
	if (ret)
		pr_warn("mailbox: event 0x%x lost (out of memory)", event);
}

static void unlink_locked(struct event_source *src)
{
	struct mb_reg *reg = src->reg;

	if (!reg)
		return;
	if (reg->mb)
		list_del_init(&reg->node);
	src->reg = NULL;
	kfree(reg);
}

int event_source_attach(struct event_source *src, struct mailbox *mb,
			uint32_t handle, uint32_t mask)
{
	struct mb_reg *reg = mask ? kzalloc(sizeof(*reg)) : NULL;
	uint64_t flags;

	if (mask && !reg)
		return -ENOMEM;
	spin_lock_irqsave(&reg_lock, flags);
	unlink_locked(src);		/* a later registration replaces */
	if (reg) {
		reg->mb = mb;
		reg->handle = handle;
		reg->mask = mask;
		list_add_tail(&reg->node, &mb->regs);
		src->reg = reg;
	}
	spin_unlock_irqrestore(&reg_lock, flags);
	return 0;
}

void event_source_detach(struct event_source *src)
{
	uint64_t flags;

	spin_lock_irqsave(&reg_lock, flags);
	unlink_locked(src);
	spin_unlock_irqrestore(&reg_lock, flags);
}

static void mailbox_destroy(struct resource *r)
{
	struct mailbox *mb = container_of(r, struct mailbox, res);
	struct mb_reg *reg, *n;
	uint64_t flags;

	spin_lock_irqsave(&reg_lock, flags);
	list_for_each_entry_safe(reg, n, &mb->regs, node) {
		list_del_init(&reg->node);
		reg->mb = NULL;		/* the source keeps (and frees) it */
	}
	spin_unlock_irqrestore(&reg_lock, flags);
	kfree(mb->ring);
	kfree(mb);
}

static const struct resource_ops mailbox_ops = {
	.name = "mailbox",
	.tag = PANDA_TAG_MAILBOX,
	.destroy = mailbox_destroy,
};

struct resource *mailbox_create(void)
{
	struct mailbox *mb = kzalloc(sizeof(*mb));

	if (!mb)
		return NULL;
	resource_init(&mb->res, &mailbox_ops);
	INIT_LIST_HEAD(&mb->regs);
	wait_queue_init(&mb->waiters);
	return &mb->res;
}

struct mailbox *resource_mailbox(struct resource *r)
{
	return r && r->ops == &mailbox_ops ? container_of(r, struct mailbox, res)
					   : NULL;
}

static bool take(struct mailbox *mb, int64_t *out)
{
	uint64_t flags;
	bool got = false;

	spin_lock_irqsave(&mb->lock, flags);
	if (mb->count) {
		struct mb_record rec = mb->ring[mb->head];

		mb->head = (mb->head + 1) % mb->capacity;
		mb->count--;
		*out = ((int64_t)rec.handle << 32) | rec.event;
		got = true;
	}
	spin_unlock_irqrestore(&mb->lock, flags);
	return got;
}

int64_t mailbox_wait(struct mailbox *mb, bool block)
{
	struct process *self = current_process();
	int64_t rec = 0;

	if (!block)
		return take(mb, &rec) ? rec : 0;
	for (;;) {
		if (take(mb, &rec))
			return rec;
		wait_event(&mb->waiters, READ_ONCE(mb->count) ||
			   process_kill_pending(self));
		if (process_kill_pending(self))
			return -PANDA_ERR_IO;	/* dying: never seen */
	}
}
