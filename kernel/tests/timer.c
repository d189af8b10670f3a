// SPDX-License-Identifier: GPL-2.0
/*
 * timer: one-shot timer resources from kernel code (kernel.md 13.3,
 * services.md 3): exactly one EVENT_TIMER per timer, never before its
 * deadline, in deadline order, none after a cancel, the argument checks,
 * and no heap left behind.
 */
#include <panda/errno.h>
#include <panda/ipc.h>
#include <panda/ktest.h>
#include <panda/mm.h>
#include <panda/sched.h>
#include <panda/time.h>
#include <panda/timer_res.h>

#define TIMER	PANDA_EVENT_TIMER
#define KEY_A	0x21000001u	/* registration keys ("handles") */
#define KEY_B	0x21000002u
#define KEY_C	0x21000003u
#define MS	1000000ull

static uint64_t heap_bytes(void)
{
	struct mem_stats st;

	mem_stats(&st);
	return st.heap_bytes;
}

static int64_t record(uint32_t key)
{
	return ((int64_t)key << 32) | TIMER;
}

static struct resource *new_mailbox(struct mailbox **mb)
{
	struct resource *r = mailbox_create();

	KTEST_ASSERT(r != NULL);
	*mb = resource_mailbox(r);
	KTEST_ASSERT(*mb != NULL);
	return r;
}

KTEST(timer, fires_once_never_early)
{
	uint64_t heap = heap_bytes(), start;
	struct resource *mbr, *t;
	struct mailbox *mb;

	mbr = new_mailbox(&mb);
	start = uptime_ns();
	KTEST_ASSERT_EQ(timer_res_create(30, mb, KEY_A, TIMER, &t), 0);
	KTEST_ASSERT_EQ(t->ops->tag, PANDA_TAG_TIMER);
	KTEST_ASSERT_EQ(mailbox_wait(mb, true), record(KEY_A));
	KTEST_ASSERT(uptime_ns() - start >= 30 * MS);
	/* One-shot: nothing more, however long we wait. */
	sleep_ms(50);
	KTEST_ASSERT_EQ(mailbox_wait(mb, false), 0);
	resource_put(t);
	resource_put(mbr);
	KTEST_ASSERT_EQ(heap_bytes(), heap);
}

KTEST(timer, zero_delay_fires_at_the_next_tick)
{
	struct resource *mbr, *t;
	struct mailbox *mb;

	mbr = new_mailbox(&mb);
	KTEST_ASSERT_EQ(timer_res_create(0, mb, KEY_A, TIMER, &t), 0);
	KTEST_ASSERT_EQ(mailbox_wait(mb, true), record(KEY_A));
	resource_put(t);
	resource_put(mbr);
}

KTEST(timer, deadline_order)
{
	uint64_t heap = heap_bytes();
	struct resource *mbr, *a, *b, *c;
	struct mailbox *mb;

	mbr = new_mailbox(&mb);
	KTEST_ASSERT_EQ(timer_res_create(80, mb, KEY_B, TIMER, &b), 0);
	KTEST_ASSERT_EQ(timer_res_create(10, mb, KEY_A, TIMER, &a), 0);
	KTEST_ASSERT_EQ(timer_res_create(40, mb, KEY_C, TIMER, &c), 0);
	KTEST_ASSERT_EQ(mailbox_wait(mb, true), record(KEY_A));
	KTEST_ASSERT_EQ(mailbox_wait(mb, true), record(KEY_C));
	KTEST_ASSERT_EQ(mailbox_wait(mb, true), record(KEY_B));
	KTEST_ASSERT_EQ(mailbox_wait(mb, false), 0);
	resource_put(a);
	resource_put(b);
	resource_put(c);
	resource_put(mbr);
	KTEST_ASSERT_EQ(heap_bytes(), heap);
}

KTEST(timer, cancelled_timer_never_fires)
{
	uint64_t heap = heap_bytes();
	struct resource *mbr, *cancelled, *later;
	struct mailbox *mb;

	mbr = new_mailbox(&mb);
	KTEST_ASSERT_EQ(timer_res_create(500, mb, KEY_A, TIMER, &cancelled),
			0);
	KTEST_ASSERT_EQ(timer_res_create(600, mb, KEY_B, TIMER, &later), 0);
	resource_put(cancelled);
	/* The later timer's event comes, the cancelled one's never did. */
	KTEST_ASSERT_EQ(mailbox_wait(mb, true), record(KEY_B));
	KTEST_ASSERT_EQ(mailbox_wait(mb, false), 0);
	resource_put(later);
	resource_put(mbr);
	KTEST_ASSERT_EQ(heap_bytes(), heap);
}

KTEST(timer, arguments)
{
	uint64_t heap = heap_bytes();
	struct resource *mbr, *t = NULL;
	struct mailbox *mb;

	mbr = new_mailbox(&mb);
	KTEST_ASSERT_EQ(timer_res_create(10, mb, KEY_A,
					 PANDA_EVENT_CHANNEL_READABLE, &t),
			-EINVAL);
	KTEST_ASSERT_EQ(timer_res_create(10, NULL, KEY_A, TIMER, &t), -EINVAL);
	KTEST_ASSERT(t == NULL);
	/* A huge delay saturates instead of wrapping round to "now". */
	KTEST_ASSERT_EQ(timer_res_create(UINT64_MAX, mb, KEY_A, TIMER, &t), 0);
	sleep_ms(20);
	KTEST_ASSERT_EQ(mailbox_wait(mb, false), 0);
	resource_put(t);
	resource_put(mbr);
	KTEST_ASSERT_EQ(heap_bytes(), heap);
}
