// SPDX-License-Identifier: GPL-2.0
/*
 * One-shot timer resources (kernel.md 13.3, services.md 3): created attached
 * to a mailbox, they post EVENT_TIMER once, at the first tick at or after
 * their deadline; closing the handle first cancels them.  Pending timers
 * sit on one list ordered by deadline, checked from the tick.
 */
#include <panda/errno.h>
#include <panda/ipc.h>
#include <panda/mm.h>
#include <panda/process.h>
#include <panda/time.h>
#include <panda/timer_res.h>

struct timer_res {
	struct resource res;
	struct list_head node;		/* pending list, by deadline */
	uint64_t deadline_ns;
	bool pending;
	struct event_source src;
};

static LIST_HEAD(pending);
static spinlock_t timer_lock = SPINLOCK_INIT;

static void timer_destroy(struct resource *r)
{
	struct timer_res *t = container_of(r, struct timer_res, res);
	uint64_t flags;

	spin_lock_irqsave(&timer_lock, flags);
	if (t->pending)
		list_del_init(&t->node);	/* cancelled: no event */
	spin_unlock_irqrestore(&timer_lock, flags);
	event_source_detach(&t->src);
	kfree(t);
}

static struct event_source *timer_events(struct resource *r)
{
	return &container_of(r, struct timer_res, res)->src;
}

static const struct resource_ops timer_ops = {
	.name = "timer",
	.tag = PANDA_TAG_TIMER,
	.destroy = timer_destroy,
	.events = timer_events,
};

static struct timer_res *timer_alloc(void)
{
	struct timer_res *t = kzalloc(sizeof(*t));

	if (!t)
		return NULL;
	resource_init(&t->res, &timer_ops);
	INIT_LIST_HEAD(&t->node);
	return t;
}

/* Arm an attached timer: it cannot fire unseen. */
static void timer_arm(struct timer_res *t, uint64_t ms)
{
	struct timer_res *pos;
	uint64_t flags, delay;

	if (__builtin_mul_overflow(ms, 1000000ULL, &delay))
		delay = UINT64_MAX;
	spin_lock_irqsave(&timer_lock, flags);
	t->deadline_ns = uptime_ns();
	t->deadline_ns = t->deadline_ns > UINT64_MAX - delay ? UINT64_MAX
							    : t->deadline_ns + delay;
	t->pending = true;
	list_for_each_entry(pos, &pending, node)
		if (pos->deadline_ns > t->deadline_ns)
			break;
	list_add_tail(&t->node, &pos->node);
	spin_unlock_irqrestore(&timer_lock, flags);
}

int timer_res_create(uint64_t ms, struct mailbox *mb, uint32_t key,
		     uint32_t mask, struct resource **out)
{
	struct timer_res *t;

	if (!(mask & PANDA_EVENT_TIMER) || !mb)
		return -EINVAL;
	t = timer_alloc();
	if (!t)
		return -ENOMEM;
	if (event_source_attach(&t->src, mb, key, mask)) {
		resource_put(&t->res);
		return -ENOMEM;
	}
	timer_arm(t, ms);
	*out = &t->res;
	return 0;
}

int64_t timer_create(uint64_t ms, uint32_t mailbox, uint32_t mask)
{
	struct handle_table *ht = &current_process()->handles;
	struct handle_entry *e = handle_lookup(ht, mailbox);
	/* Not the entry: installing the timer may move the entries. */
	struct mailbox *mb = e ? resource_mailbox(e->res) : NULL;
	struct timer_res *t;
	int64_t h;

	if (!(mask & PANDA_EVENT_TIMER) || !mb)
		return -EINVAL;
	t = timer_alloc();
	if (!t)
		return -ENOMEM;
	h = handle_install(ht, &t->res);
	resource_put(&t->res);
	if (h < 0)
		return h;
	if (event_source_attach(&t->src, mb, (uint32_t)h, mask)) {
		handle_close(ht, (uint32_t)h);
		return -ENOMEM;
	}
	timer_arm(t, ms);
	return h;
}

/* From the tick, interrupts off. */
void timer_res_tick(uint64_t now_ns)
{
	struct timer_res *t, *n;

	spin_lock(&timer_lock);
	list_for_each_entry_safe(t, n, &pending, node) {
		if (t->deadline_ns > now_ns)
			break;
		list_del_init(&t->node);
		t->pending = false;
		event_source_post(&t->src, PANDA_EVENT_TIMER);
	}
	spin_unlock(&timer_lock);
}
