// SPDX-License-Identifier: GPL-2.0
/*
 * Channels (ipc.md 2).  Two endpoints share one struct channel holding a
 * queue per direction (q[i] = messages travelling toward endpoint i).
 * Send and receive follow the spec's order of checks exactly; blocked
 * callers sleep on wait queues (never a single waiter, ipc.md 2.5) and
 * every wake-up re-checks from the start.  The parent's end of a spawn
 * channel doubles as the process handle (tag Process).
 *
 * Message blocks are recycled: a delivered message's block is kept as the
 * direction's spare (the larger one wins) and the next send that way
 * reuses it, so a ping-pong or a stream of like-sized messages allocates
 * nothing once warm.
 */
#include <lib/string.h>
#include <panda/errno.h>
#include <panda/ipc.h>
#include <panda/mm.h>
#include <panda/process.h>
#include <panda/uaccess.h>

#define QUEUE_DEPTH	PANDA_DEFAULT_QUEUE_CAPACITY

struct message {
	uint32_t len, cap;	/* bytes in data, bytes data can hold */
	uint8_t data[];
};

/* Blocks come in powers of two from 64 bytes, so spares fit more often. */
#define MSG_MIN_BLOCK	64

struct msg_queue {
	struct message *slot[QUEUE_DEPTH];
	uint32_t head, count;
};

struct channel {
	spinlock_t lock;
	struct msg_queue q[2];
	bool closed[2];
	struct wait_queue wq[2];	/* tasks waiting on endpoint i */
	struct endpoint *ep[2];
	int alive;			/* endpoints not yet destroyed */
	struct message *spare[2];	/* recycled blocks toward endpoint i */
};

struct endpoint {
	struct resource res;
	struct channel *ch;
	int side;
	struct event_source src;
	struct process_info *info;	/* process handles only */
};

static struct endpoint *ep_of(struct resource *r)
{
	return container_of(r, struct endpoint, res);
}

static struct message *msg_alloc(uint32_t len)
{
	size_t block = MSG_MIN_BLOCK;
	struct message *m;

	while (block < sizeof(*m) + len)
		block <<= 1;
	m = kmalloc(block);
	if (m)
		m->cap = (uint32_t)(block - sizeof(*m));
	return m;
}

/* A block for a message of len bytes toward endpoint dst. */
static struct message *msg_get(struct channel *ch, int dst, uint32_t len)
{
	struct message *m;
	uint64_t irq;

	spin_lock_irqsave(&ch->lock, irq);
	m = ch->spare[dst];
	if (m && m->cap >= len)
		ch->spare[dst] = NULL;
	else
		m = NULL;
	spin_unlock_irqrestore(&ch->lock, irq);
	return m ? m : msg_alloc(len);
}

/*
 * Keep m as the spare toward dst if it is larger than the one there;
 * returns the block to free (or NULL).  Called with ch->lock held.
 */
static struct message *msg_stash_locked(struct channel *ch, int dst,
					struct message *m)
{
	struct message *old = ch->spare[dst];

	if (old && old->cap >= m->cap)
		return m;
	ch->spare[dst] = m;
	return old;
}

static void msg_put(struct channel *ch, int dst, struct message *m)
{
	uint64_t irq;

	spin_lock_irqsave(&ch->lock, irq);
	m = msg_stash_locked(ch, dst, m);
	spin_unlock_irqrestore(&ch->lock, irq);
	kfree(m);
}

static struct message *q_head(struct msg_queue *q)
{
	return q->count ? q->slot[q->head] : NULL;
}

static void q_push(struct msg_queue *q, struct message *m)
{
	q->slot[(q->head + q->count) % QUEUE_DEPTH] = m;
	q->count++;
}

static struct message *q_pop(struct msg_queue *q)
{
	struct message *m = q->slot[q->head];

	q->head = (q->head + 1) % QUEUE_DEPTH;
	q->count--;
	return m;
}

static void endpoint_destroy(struct resource *r)
{
	struct endpoint *ep = ep_of(r);
	struct channel *ch = ep->ch;
	int peer = !ep->side, i;
	struct endpoint *peer_ep;
	bool last;
	uint64_t flags;

	event_source_detach(&ep->src);
	if (ep->info) {
		process_info_detach_handle(ep->info, &ep->src);
		process_info_put(ep->info);
	}
	spin_lock_irqsave(&ch->lock, flags);
	ch->closed[ep->side] = true;
	ch->ep[ep->side] = NULL;
	peer_ep = ch->ep[peer];
	last = --ch->alive == 0;
	/*
	 * Posted under the lock: the peer endpoint's own destruction (on
	 * another CPU) takes it before freeing it.
	 */
	if (peer_ep)
		event_source_post(&peer_ep->src, PANDA_EVENT_CHANNEL_CLOSED);
	/*
	 * The peer's receivers drain, then see the close; its senders fail.
	 * Woken under the lock too: once it is dropped the peer's own
	 * destruction on another CPU may be the last and free ch.
	 */
	wake_up_all(&ch->wq[peer]);
	spin_unlock_irqrestore(&ch->lock, flags);
	kfree(ep);
	if (!last)
		return;
	for (i = 0; i < 2; i++) {
		while (ch->q[i].count)
			kfree(q_pop(&ch->q[i]));
		kfree(ch->spare[i]);
	}
	kfree(ch);
}

static struct event_source *endpoint_events(struct resource *r)
{
	return &ep_of(r)->src;
}

static struct process_info *endpoint_process(struct resource *r)
{
	return ep_of(r)->info;
}

static int endpoint_stat(struct resource *r, struct panda_file_stat *st)
{
	memset(st, 0, sizeof(*st));
	return 0;
}

static const struct resource_ops channel_ops = {
	.name = "channel",
	.tag = PANDA_TAG_CHANNEL,
	.destroy = endpoint_destroy,
	.stat = endpoint_stat,
	.events = endpoint_events,
	.channel = true,
};

static const struct resource_ops process_handle_ops = {
	.name = "process",
	.tag = PANDA_TAG_PROCESS,
	.destroy = endpoint_destroy,
	.stat = endpoint_stat,
	.events = endpoint_events,
	.process = endpoint_process,
	.channel = true,
};

static int make_pair(const struct resource_ops *ops_a,
		     struct endpoint **a, struct endpoint **b)
{
	struct channel *ch = kzalloc(sizeof(*ch));
	struct endpoint *e[2] = { kzalloc(sizeof(**a)), kzalloc(sizeof(**a)) };
	int i;

	if (!ch || !e[0] || !e[1]) {
		kfree(ch);
		kfree(e[0]);
		kfree(e[1]);
		return -ENOMEM;
	}
	for (i = 0; i < 2; i++) {
		wait_queue_init(&ch->wq[i]);
		resource_init(&e[i]->res, i ? &channel_ops : ops_a);
		e[i]->ch = ch;
		e[i]->side = i;
		ch->ep[i] = e[i];
	}
	ch->alive = 2;
	*a = e[0];
	*b = e[1];
	return 0;
}

int channel_create(struct resource **a, struct resource **b)
{
	struct endpoint *ea, *eb;
	int ret = make_pair(&channel_ops, &ea, &eb);

	if (ret)
		return ret;
	*a = &ea->res;
	*b = &eb->res;
	return 0;
}

int channel_create_for_spawn(struct process_info *info,
			     struct resource **parent, struct resource **child)
{
	struct endpoint *p, *c;
	int ret = make_pair(&process_handle_ops, &p, &c);

	if (ret)
		return ret;
	process_info_get(info);
	p->info = info;
	process_info_attach_handle(info, &p->src);
	*parent = &p->res;
	*child = &c->res;
	return 0;
}

static bool dying(void)
{
	struct process *p = current_process();

	return p && process_kill_pending(p);
}

/* Sends a message already in kernel memory (takes it on success). */
static int64_t send_message(struct endpoint *ep, struct message *m,
			    uint32_t flags)
{
	struct channel *ch = ep->ch;
	int peer = !ep->side;
	struct endpoint *peer_ep;
	uint64_t irq;

	for (;;) {
		spin_lock_irqsave(&ch->lock, irq);
		if (ch->closed[peer]) {
			spin_unlock_irqrestore(&ch->lock, irq);
			return -PANDA_ERR_CHANNEL_CLOSED;
		}
		if (ch->q[peer].count < QUEUE_DEPTH) {
			q_push(&ch->q[peer], m);
			peer_ep = ch->ep[peer];
			/* Under the lock: the peer cannot be freed meanwhile. */
			if (peer_ep)
				event_source_post(&peer_ep->src,
						  PANDA_EVENT_CHANNEL_READABLE);
			spin_unlock_irqrestore(&ch->lock, irq);
			wake_up_all(&ch->wq[peer]);
			return 0;
		}
		spin_unlock_irqrestore(&ch->lock, irq);
		if (flags & PANDA_CHANNEL_NONBLOCK)
			return -PANDA_ERR_WOULD_BLOCK;
		wait_event(&ch->wq[ep->side],
			   READ_ONCE(ch->q[peer].count) < QUEUE_DEPTH ||
			   READ_ONCE(ch->closed[peer]) || dying());
		if (dying())
			return -PANDA_ERR_IO;	/* never seen: we exit */
	}
}

int64_t channel_send(struct resource *r, const void *ubuf, uint64_t len,
		     uint32_t flags)
{
	uint64_t copy = MIN(len, (uint64_t)PANDA_MAX_MESSAGE_SIZE);
	struct channel *ch;
	struct message *m;
	int64_t ret;
	int dst;

	/*
	 * The message is copied in before anything else is checked, so a bad
	 * pointer is InvalidArgument whatever the handle (ipc.md 2.2).  An
	 * oversized message is copied up to the limit only.
	 */
	if (!access_ok((uint64_t)ubuf, len))
		return -EINVAL;
	ch = r && r->ops->channel ? ep_of(r)->ch : NULL;
	dst = ch ? !ep_of(r)->side : 0;
	m = ch ? msg_get(ch, dst, (uint32_t)copy) : msg_alloc((uint32_t)copy);
	if (!m)
		return -ENOMEM;
	m->len = (uint32_t)copy;
	if (copy_from_user(m->data, ubuf, copy))
		ret = -EINVAL;
	else if (!ch)
		ret = -PANDA_ERR_BAD_HANDLE;
	else if (len > PANDA_MAX_MESSAGE_SIZE)
		ret = -PANDA_ERR_MESSAGE_TOO_LARGE;
	else
		ret = send_message(ep_of(r), m, flags);
	if (ret && ch)
		msg_put(ch, dst, m);
	else if (ret)
		kfree(m);
	return ret;
}

bool channel_peer_closed(struct resource *r)
{
	struct endpoint *ep = ep_of(r);

	return READ_ONCE(ep->ch->closed[!ep->side]);
}

static int send_kernel(struct resource *r, const void *buf, uint32_t len,
		       uint32_t flags)
{
	struct message *m;
	int64_t ret;

	if (!r->ops->channel)
		return -PANDA_ERR_BAD_HANDLE;
	if (len > PANDA_MAX_MESSAGE_SIZE)
		return -PANDA_ERR_MESSAGE_TOO_LARGE;
	m = msg_get(ep_of(r)->ch, !ep_of(r)->side, len);
	if (!m)
		return -ENOMEM;
	m->len = len;
	memcpy(m->data, buf, len);
	ret = send_message(ep_of(r), m, flags);
	if (ret)
		msg_put(ep_of(r)->ch, !ep_of(r)->side, m);
	return ret;
}

int channel_send_kernel_wait(struct resource *r, const void *buf, uint32_t len)
{
	return send_kernel(r, buf, len, 0);
}

int channel_send_kernel(struct resource *r, const void *buf, uint32_t len)
{
	return send_kernel(r, buf, len, PANDA_CHANNEL_NONBLOCK);
}

int64_t channel_recv(struct resource *r, void *ubuf, uint64_t len,
		     uint32_t flags)
{
	struct endpoint *ep;
	struct channel *ch;
	struct message *m;
	int side, peer;
	uint64_t irq;

	if (!r || !r->ops->channel)
		return -PANDA_ERR_BAD_HANDLE;
	if (!access_ok((uint64_t)ubuf, len))
		return -EINVAL;
	ep = ep_of(r);
	ch = ep->ch;
	side = ep->side;
	peer = !side;
	for (;;) {
		spin_lock_irqsave(&ch->lock, irq);
		m = q_head(&ch->q[side]);
		if (m) {
			bool was_full = ch->q[side].count == QUEUE_DEPTH;
			struct endpoint *sender;

			if (m->len > len) {
				spin_unlock_irqrestore(&ch->lock, irq);
				return -PANDA_ERR_BUFFER_TOO_SMALL;
			}
			/*
			 * Copied under the lock, dequeued only once delivered:
			 * a bad buffer loses nothing (ipc.md 2.3, Panda-C).
			 * A fault here is served by demand paging or the
			 * exception table; neither takes this lock.
			 */
			if (copy_to_user(ubuf, m->data, m->len)) {
				spin_unlock_irqrestore(&ch->lock, irq);
				return -EINVAL;
			}
			q_pop(&ch->q[side]);
			sender = ch->ep[peer];
			len = m->len;
			m = msg_stash_locked(ch, side, m);
			/* Under the lock: the sender cannot be freed meanwhile. */
			if (was_full && sender)
				event_source_post(&sender->src,
						  PANDA_EVENT_CHANNEL_WRITABLE);
			spin_unlock_irqrestore(&ch->lock, irq);
			kfree(m);
			if (was_full)
				wake_up_all(&ch->wq[peer]);
			return (int64_t)len;
		}
		if (ch->closed[peer]) {
			spin_unlock_irqrestore(&ch->lock, irq);
			return -PANDA_ERR_CHANNEL_CLOSED;
		}
		spin_unlock_irqrestore(&ch->lock, irq);
		if (flags & PANDA_CHANNEL_NONBLOCK)
			return -PANDA_ERR_WOULD_BLOCK;
		wait_event(&ch->wq[side], READ_ONCE(ch->q[side].count) ||
			   READ_ONCE(ch->closed[peer]) || dying());
		if (dying())
			return -PANDA_ERR_IO;
	}
}
