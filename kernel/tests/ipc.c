// SPDX-License-Identifier: GPL-2.0
/*
 * ipc: channels and mailboxes from kernel code (ipc.md 2-3).  Messages go
 * in with channel_send_kernel() (or channel_send() of empty messages,
 * which needs no user memory, from kernel threads that must block);
 * contents come back through channel_recv() into a scratch user page of
 * an address space activated only around the (non-blocking) call.  Every
 * test that does not start threads ends with the kernel heap exactly as it
 * found it.
 */
#include <lib/string.h>
#include <panda/errno.h>
#include <panda/ipc.h>
#include <panda/ktest.h>
#include <panda/mm.h>
#include <panda/process.h>
#include <panda/sched.h>
#include <panda/uaccess.h>
#include <panda/vm.h>

#define SCRATCH_VA	0x10000000ul
#define NB		PANDA_CHANNEL_NONBLOCK
#define DEPTH		PANDA_DEFAULT_QUEUE_CAPACITY
#define READABLE	PANDA_EVENT_CHANNEL_READABLE
#define WRITABLE	PANDA_EVENT_CHANNEL_WRITABLE
#define CLOSED		PANDA_EVENT_CHANNEL_CLOSED
#define EXITED		PANDA_EVENT_PROCESS_EXITED
#define KEY_A		0x10000042u	/* registration keys ("handles") */
#define KEY_B		0x10000043u

static struct address_space *scratch_as;
static uint8_t kbuf[PANDA_MAX_MESSAGE_SIZE + 1];

/* The scratch page lives for the whole suite (before any heap baseline). */
static void scratch_init(void)
{
	if (scratch_as)
		return;
	scratch_as = as_create();
	KTEST_ASSERT(scratch_as != NULL);
	KTEST_ASSERT_EQ(as_map_zero_page(scratch_as, SCRATCH_VA,
					 PTE_WRITE | PTE_NX), 0);
}

/* Non-blocking receive of up to cap bytes into kbuf. */
static int64_t recv_k(struct resource *r, uint64_t cap)
{
	int64_t n;

	as_activate(scratch_as);
	n = channel_recv(r, (void *)SCRATCH_VA, cap, NB);
	if (n > 0)
		KTEST_ASSERT_EQ(copy_from_user(kbuf, (void *)SCRATCH_VA, n), 0);
	as_activate(NULL);
	return n;
}

static void expect_msg(struct resource *r, const char *want)
{
	int64_t n = recv_k(r, PAGE_SIZE);

	KTEST_ASSERT_EQ(n, strlen(want));
	KTEST_ASSERT(!memcmp(kbuf, want, n));
}

static uint64_t heap_bytes(void)
{
	struct mem_stats st;

	mem_stats(&st);
	return st.heap_bytes;
}

static int64_t record(uint32_t key, uint32_t ev)
{
	return ((int64_t)key << 32) | ev;
}

static void pair(struct resource **a, struct resource **b)
{
	KTEST_ASSERT_EQ(channel_create(a, b), 0);
	KTEST_ASSERT((*a)->ops->channel && (*b)->ops->channel);
	KTEST_ASSERT_EQ((*a)->ops->tag, PANDA_TAG_CHANNEL);
	KTEST_ASSERT_EQ((*b)->ops->tag, PANDA_TAG_CHANNEL);
	KTEST_ASSERT((*a)->ops->events && (*b)->ops->events);
}

KTEST(ipc, create_send_recv_both_ways)
{
	struct resource *a, *b;
	uint64_t heap;

	scratch_init();
	heap = heap_bytes();
	pair(&a, &b);
	KTEST_ASSERT_EQ(recv_k(b, PAGE_SIZE), -PANDA_ERR_WOULD_BLOCK);
	KTEST_ASSERT_EQ(channel_send_kernel(a, "ping", 4), 0);
	KTEST_ASSERT_EQ(recv_k(a, PAGE_SIZE), -PANDA_ERR_WOULD_BLOCK);
	expect_msg(b, "ping");
	KTEST_ASSERT_EQ(channel_send_kernel(b, "pong", 4), 0);
	expect_msg(a, "pong");
	KTEST_ASSERT_EQ(recv_k(b, PAGE_SIZE), -PANDA_ERR_WOULD_BLOCK);
	resource_put(a);
	resource_put(b);
	KTEST_ASSERT_EQ(heap_bytes(), heap);
}

KTEST(ipc, queue_depth_16_fifo_per_direction)
{
	struct resource *a, *b;
	uint64_t heap;
	uint8_t i;

	scratch_init();
	heap = heap_bytes();
	pair(&a, &b);
	for (i = 0; i < DEPTH; i++)
		KTEST_ASSERT_EQ(channel_send_kernel(a, &i, 1), 0);
	KTEST_ASSERT_EQ(channel_send_kernel(a, "x", 1), -PANDA_ERR_WOULD_BLOCK);
	/* The user path says the same without blocking. */
	as_activate(scratch_as);
	KTEST_ASSERT_EQ(channel_send(a, (void *)SCRATCH_VA, 1, NB),
			-PANDA_ERR_WOULD_BLOCK);
	as_activate(NULL);
	/* B -> A has its own 16 slots. */
	for (i = 0; i < DEPTH; i++)
		KTEST_ASSERT_EQ(channel_send_kernel(b, &i, 1), 0);
	KTEST_ASSERT_EQ(channel_send_kernel(b, "x", 1), -PANDA_ERR_WOULD_BLOCK);
	for (i = 0; i < DEPTH; i++) {
		KTEST_ASSERT_EQ(recv_k(b, 1), 1);
		KTEST_ASSERT_EQ(kbuf[0], i);
		if (i == 3)	/* a freed slot is usable at once */
			KTEST_ASSERT_EQ(channel_send_kernel(a, "n", 1), 0);
	}
	expect_msg(b, "n");
	KTEST_ASSERT_EQ(recv_k(b, 1), -PANDA_ERR_WOULD_BLOCK);
	KTEST_ASSERT_EQ(recv_k(a, 1), 1);
	KTEST_ASSERT_EQ(kbuf[0], 0);
	/* 15 still queued toward A: freed with the channel. */
	resource_put(a);
	resource_put(b);
	KTEST_ASSERT_EQ(heap_bytes(), heap);
}

KTEST(ipc, message_sizes_and_short_buffers)
{
	struct resource *a, *b;
	uint64_t heap;
	int i;

	scratch_init();
	heap = heap_bytes();
	pair(&a, &b);
	for (i = 0; i <= 4096; i++)
		kbuf[i] = (uint8_t)(i * 5);
	KTEST_ASSERT_EQ(channel_send_kernel(a, kbuf, 4097),
			-PANDA_ERR_MESSAGE_TOO_LARGE);
	KTEST_ASSERT_EQ(recv_k(b, PAGE_SIZE), -PANDA_ERR_WOULD_BLOCK);
	KTEST_ASSERT_EQ(channel_send_kernel(a, kbuf, 4096), 0);
	KTEST_ASSERT_EQ(channel_send_kernel(a, kbuf, 0), 0);
	/* Too small (even 0 bytes): the message stays at the head. */
	KTEST_ASSERT_EQ(recv_k(b, 4095), -PANDA_ERR_BUFFER_TOO_SMALL);
	KTEST_ASSERT_EQ(channel_recv(b, NULL, 0, NB),
			-PANDA_ERR_BUFFER_TOO_SMALL);
	memset(kbuf, 0, sizeof(kbuf));
	KTEST_ASSERT_EQ(recv_k(b, 4096), 4096);
	for (i = 0; i < 4096; i++)
		KTEST_ASSERT_EQ(kbuf[i], (uint8_t)(i * 5));
	/* An empty message needs no buffer at all. */
	KTEST_ASSERT_EQ(channel_recv(b, NULL, 0, NB), 0);
	KTEST_ASSERT_EQ(channel_recv(b, NULL, 0, NB), -PANDA_ERR_WOULD_BLOCK);
	/* A kernel address is no user buffer: refused, nothing consumed. */
	KTEST_ASSERT_EQ(channel_send_kernel(a, "keep", 4), 0);
	KTEST_ASSERT_EQ(channel_recv(b, kbuf, sizeof(kbuf), NB),
			-PANDA_ERR_INVALID_ARGUMENT);
	expect_msg(b, "keep");
	resource_put(a);
	resource_put(b);
	KTEST_ASSERT_EQ(heap_bytes(), heap);
}

KTEST(ipc, close_drains_then_reports_closed)
{
	struct resource *a, *b;
	uint64_t heap;

	scratch_init();
	heap = heap_bytes();
	pair(&a, &b);
	KTEST_ASSERT_EQ(channel_send_kernel(a, "one", 3), 0);
	KTEST_ASSERT_EQ(channel_send_kernel(a, "two", 3), 0);
	KTEST_ASSERT_EQ(channel_send_kernel(b, "lost", 4), 0);	/* toward A */
	resource_put(a);		/* the last reference: A closes */
	expect_msg(b, "one");
	expect_msg(b, "two");
	KTEST_ASSERT_EQ(recv_k(b, PAGE_SIZE), -PANDA_ERR_CHANNEL_CLOSED);
	KTEST_ASSERT_EQ(channel_recv(b, NULL, 0, 0), -PANDA_ERR_CHANNEL_CLOSED);
	KTEST_ASSERT_EQ(channel_send_kernel(b, "x", 1),
			-PANDA_ERR_CHANNEL_CLOSED);
	/* Size is checked before closure (ipc.md 2.2). */
	KTEST_ASSERT_EQ(channel_send_kernel(b, kbuf, 4097),
			-PANDA_ERR_MESSAGE_TOO_LARGE);
	resource_put(b);		/* frees the channel and "lost" */
	KTEST_ASSERT_EQ(heap_bytes(), heap);

	/* A shared endpoint closes only with its last reference. */
	pair(&a, &b);
	resource_get(a);
	resource_put(a);
	KTEST_ASSERT_EQ(channel_send_kernel(b, "still", 5), 0);
	expect_msg(a, "still");
	resource_put(a);
	KTEST_ASSERT_EQ(channel_send_kernel(b, "x", 1),
			-PANDA_ERR_CHANNEL_CLOSED);
	resource_put(b);
	KTEST_ASSERT_EQ(heap_bytes(), heap);
}

KTEST(ipc, events_posted_to_mailbox)
{
	struct resource *a, *b, *mbr = NULL;
	struct mailbox *mb;
	uint64_t heap;
	int i;

	scratch_init();
	heap = heap_bytes();
	mbr = mailbox_create();
	KTEST_ASSERT(mbr != NULL);
	mb = resource_mailbox(mbr);
	KTEST_ASSERT(mb != NULL);
	KTEST_ASSERT_EQ(mbr->ops->tag, PANDA_TAG_MAILBOX);
	KTEST_ASSERT_EQ(mailbox_wait(mb, false), 0);
	pair(&a, &b);
	KTEST_ASSERT(resource_mailbox(a) == NULL);
	KTEST_ASSERT_EQ(event_source_attach(a->ops->events(a), mb, KEY_A,
					    READABLE | WRITABLE | CLOSED), 0);
	KTEST_ASSERT_EQ(event_source_attach(b->ops->events(b), mb, KEY_B,
					    READABLE | WRITABLE | CLOSED), 0);
	KTEST_ASSERT_EQ(mailbox_wait(mb, false), 0);	/* nothing yet */

	/* One READABLE per message, on the receiving end. */
	for (i = 0; i < DEPTH; i++)
		KTEST_ASSERT_EQ(channel_send_kernel(a, "m", 1), 0);
	for (i = 0; i < DEPTH; i++)
		KTEST_ASSERT_EQ(mailbox_wait(mb, false), record(KEY_B, READABLE));
	KTEST_ASSERT_EQ(mailbox_wait(mb, false), 0);
	/* WRITABLE on the sender, only for a dequeue from a full queue. */
	KTEST_ASSERT_EQ(channel_send_kernel(a, "m", 1), -PANDA_ERR_WOULD_BLOCK);
	KTEST_ASSERT_EQ(mailbox_wait(mb, false), 0);
	expect_msg(b, "m");
	KTEST_ASSERT_EQ(mailbox_wait(mb, false), record(KEY_A, WRITABLE));
	expect_msg(b, "m");
	KTEST_ASSERT_EQ(mailbox_wait(mb, false), 0);
	/* CLOSED on the survivor; the closed end's registration goes. */
	resource_put(a);
	KTEST_ASSERT_EQ(mailbox_wait(mb, false), record(KEY_B, CLOSED));
	KTEST_ASSERT_EQ(mailbox_wait(mb, false), 0);
	/* A blocking wait with a record queued returns it at once. */
	KTEST_ASSERT_EQ(event_source_attach(b->ops->events(b), mb, KEY_B,
					    READABLE), 0);
	event_source_post(b->ops->events(b), READABLE);
	KTEST_ASSERT_EQ(mailbox_wait(mb, true), record(KEY_B, READABLE));
	resource_put(b);
	KTEST_ASSERT_EQ(mailbox_wait(mb, false), 0);
	resource_put(mbr);
	KTEST_ASSERT_EQ(heap_bytes(), heap);
}

KTEST(ipc, mask_filter_replace_and_detach)
{
	struct resource *m1r = mailbox_create(), *m2r = mailbox_create();
	struct mailbox *m1 = resource_mailbox(m1r), *m2 = resource_mailbox(m2r);
	struct event_source src = { 0 };

	KTEST_ASSERT(m1 && m2);
	/* Posting without a registration: nothing, nowhere. */
	event_source_post(&src, READABLE);
	KTEST_ASSERT_EQ(event_source_attach(&src, m1, KEY_A, READABLE | CLOSED),
			0);
	/* Any common bit queues the whole word (ipc.md 3.2). */
	event_source_post(&src, READABLE | 0x1e00);
	event_source_post(&src, WRITABLE);		/* filtered */
	event_source_post(&src, CLOSED | EXITED);
	KTEST_ASSERT_EQ(mailbox_wait(m1, false), record(KEY_A, READABLE | 0x1e00));
	KTEST_ASSERT_EQ(mailbox_wait(m1, false), record(KEY_A, CLOSED | EXITED));
	KTEST_ASSERT_EQ(mailbox_wait(m1, false), 0);
	/* A later registration replaces the earlier one, key and mask. */
	KTEST_ASSERT_EQ(event_source_attach(&src, m2, KEY_B, WRITABLE), 0);
	event_source_post(&src, READABLE);
	event_source_post(&src, WRITABLE);
	KTEST_ASSERT_EQ(mailbox_wait(m1, false), 0);
	KTEST_ASSERT_EQ(mailbox_wait(m2, false), record(KEY_B, WRITABLE));
	KTEST_ASSERT_EQ(mailbox_wait(m2, false), 0);
	/* Mask 0 detaches. */
	KTEST_ASSERT_EQ(event_source_attach(&src, m2, KEY_B, 0), 0);
	KTEST_ASSERT(src.reg == NULL);
	event_source_post(&src, WRITABLE);
	KTEST_ASSERT_EQ(mailbox_wait(m2, false), 0);
	/* Queued records outlive their source's registration. */
	KTEST_ASSERT_EQ(event_source_attach(&src, m1, KEY_A, READABLE), 0);
	event_source_post(&src, READABLE);
	event_source_detach(&src);
	KTEST_ASSERT_EQ(mailbox_wait(m1, false), record(KEY_A, READABLE));
	resource_put(m1r);
	resource_put(m2r);
}

KTEST(ipc, mailbox_queue_grows_in_order)
{
	uint64_t heap = heap_bytes();
	struct resource *mr = mailbox_create();
	struct mailbox *m = resource_mailbox(mr);
	struct event_source src = { 0 };
	uint32_t posted = 0, taken = 0, round, i;

	/* Key data bits ride along, so every record is distinguishable. */
	KTEST_ASSERT(m != NULL);
	KTEST_ASSERT_EQ(event_source_attach(&src, m, KEY_A, READABLE), 0);
	for (round = 0; round < 8; round++) {
		for (i = 0; i < 37; i++, posted++)
			event_source_post(&src, READABLE | (posted << 8));
		for (i = 0; i < 23; i++, taken++)
			KTEST_ASSERT_EQ(mailbox_wait(m, false),
					record(KEY_A, READABLE | (taken << 8)));
	}
	while (taken < posted) {
		KTEST_ASSERT_EQ(mailbox_wait(m, false),
				record(KEY_A, READABLE | (taken << 8)));
		taken++;
	}
	KTEST_ASSERT_EQ(mailbox_wait(m, false), 0);
	event_source_detach(&src);
	resource_put(mr);
	KTEST_ASSERT_EQ(heap_bytes(), heap);	/* the ring went with it */
}

KTEST(ipc, mailbox_destroyed_before_its_sources)
{
	struct resource *a, *b, *mr;
	uint64_t heap;

	scratch_init();
	heap = heap_bytes();
	mr = mailbox_create();
	pair(&a, &b);
	KTEST_ASSERT_EQ(event_source_attach(b->ops->events(b),
					    resource_mailbox(mr), KEY_B,
					    READABLE | CLOSED), 0);
	KTEST_ASSERT_EQ(channel_send_kernel(a, "queued", 6), 0);
	resource_put(mr);		/* records and mailbox gone */
	KTEST_ASSERT_EQ(channel_send_kernel(a, "after", 5), 0);
	expect_msg(b, "queued");
	expect_msg(b, "after");
	resource_put(a);		/* CLOSED to a dead registration */
	resource_put(b);		/* frees the registration */
	KTEST_ASSERT_EQ(heap_bytes(), heap);
}

/* ---------------------------------------------------- blocking, threads */

struct blocker {
	struct resource *r;
	bool send;			/* blocking empty send, else receive */
	int rounds;
	int64_t result[2];
	volatile int done;		/* calls completed */
	volatile bool exited;
};

static void blocker_fn(void *arg)
{
	struct blocker *bl = arg;
	int i;

	for (i = 0; i < bl->rounds; i++) {
		bl->result[i] = bl->send ? channel_send(bl->r, NULL, 0, 0)
					 : channel_recv(bl->r, NULL, 0, 0);
		bl->done = i + 1;
	}
	bl->exited = true;
	kthread_exit();
}

static void start(struct blocker *bl, const char *name)
{
	bl->done = 0;
	bl->exited = false;
	KTEST_ASSERT(kthread_create(name, blocker_fn, bl) != NULL);
}

/* Lets the threads run until they block (or finish). */
static void settle(void)
{
	int i;

	for (i = 0; i < 10; i++)
		yield();
}

static void join(struct blocker *bl)
{
	int i;

	for (i = 0; i < 1000 && !bl->exited; i++)
		yield();
	KTEST_ASSERT(bl->exited);
	yield();			/* reap it */
}

KTEST(ipc, send_and_close_wake_blocked_receivers)
{
	struct blocker r1 = { .rounds = 2 }, r2 = { .rounds = 1 };
	struct resource *a, *b;

	pair(&a, &b);
	r1.r = r2.r = b;
	start(&r1, "ktest-recv1");
	settle();
	KTEST_ASSERT_EQ(r1.done, 0);		/* blocked on the empty queue */
	KTEST_ASSERT_EQ(channel_send_kernel(a, "", 0), 0);
	settle();
	KTEST_ASSERT_EQ(r1.done, 1);
	KTEST_ASSERT_EQ(r1.result[0], 0);	/* got the empty message */
	/* Two receivers blocked on one endpoint: a close wakes both. */
	start(&r2, "ktest-recv2");
	settle();
	KTEST_ASSERT_EQ(r1.done, 1);
	KTEST_ASSERT_EQ(r2.done, 0);
	resource_put(a);
	join(&r1);
	join(&r2);
	KTEST_ASSERT_EQ(r1.result[1], -PANDA_ERR_CHANNEL_CLOSED);
	KTEST_ASSERT_EQ(r2.result[0], -PANDA_ERR_CHANNEL_CLOSED);
	resource_put(b);
}

KTEST(ipc, blocked_sender_resumes_then_sees_close)
{
	struct blocker s = { .send = true, .rounds = 2 };
	struct resource *a, *b;
	int i;

	pair(&a, &b);
	for (i = 0; i < DEPTH; i++)
		KTEST_ASSERT_EQ(channel_send_kernel(a, "", 0), 0);
	s.r = a;
	start(&s, "ktest-send");
	settle();
	KTEST_ASSERT_EQ(s.done, 0);		/* the queue is full */
	KTEST_ASSERT_EQ(channel_recv(b, NULL, 0, NB), 0);
	settle();
	KTEST_ASSERT_EQ(s.done, 1);		/* room again: sent */
	KTEST_ASSERT_EQ(s.result[0], 0);
	KTEST_ASSERT_EQ(s.done, 1);		/* full again: blocked */
	resource_put(b);
	join(&s);
	KTEST_ASSERT_EQ(s.result[1], -PANDA_ERR_CHANNEL_CLOSED);
	resource_put(a);
}

/* ------------------------------------------------------ spawn channels */

KTEST(ipc, spawn_pair_is_a_process_handle)
{
	struct process_info *info;
	struct resource *p, *c, *mr;
	struct mailbox *m;
	uint64_t heap;

	scratch_init();
	heap = heap_bytes();
	info = kzalloc(sizeof(*info));
	mr = mailbox_create();
	m = resource_mailbox(mr);
	KTEST_ASSERT(info && m);
	info->refcount = 1;
	wait_queue_init(&info->waiters);
	KTEST_ASSERT_EQ(channel_create_for_spawn(info, &p, &c), 0);
	KTEST_ASSERT_EQ(p->ops->tag, PANDA_TAG_PROCESS);
	KTEST_ASSERT_EQ(c->ops->tag, PANDA_TAG_CHANNEL);
	KTEST_ASSERT(p->ops->channel && p->ops->process);
	KTEST_ASSERT(p->ops->process(p) == info);
	KTEST_ASSERT(c->ops->process == NULL);
	KTEST_ASSERT_EQ(info->refcount, 2);	/* the handle holds one */
	/* The exit notification goes through the process handle's source. */
	KTEST_ASSERT(info->exit_src == p->ops->events(p));
	KTEST_ASSERT_EQ(event_source_attach(p->ops->events(p), m, KEY_A,
					    READABLE | CLOSED | EXITED), 0);
	/* A channel like any other, both ways. */
	KTEST_ASSERT_EQ(channel_send_kernel(p, "startup", 7), 0);
	expect_msg(c, "startup");
	KTEST_ASSERT_EQ(channel_send_kernel(c, "request", 7), 0);
	KTEST_ASSERT_EQ(mailbox_wait(m, false), record(KEY_A, READABLE));
	expect_msg(p, "request");
	/* What process_exit does: child end closed first, then EXITED. */
	resource_put(c);
	event_source_post(info->exit_src, EXITED);
	KTEST_ASSERT_EQ(mailbox_wait(m, false), record(KEY_A, CLOSED));
	KTEST_ASSERT_EQ(mailbox_wait(m, false), record(KEY_A, EXITED));
	KTEST_ASSERT_EQ(mailbox_wait(m, false), 0);
	/* Closing the handle unhooks it from the process and drops its ref. */
	resource_put(p);
	KTEST_ASSERT(info->exit_src == NULL);
	KTEST_ASSERT_EQ(info->refcount, 1);
	process_info_put(info);
	resource_put(mr);
	KTEST_ASSERT_EQ(heap_bytes(), heap);
}
