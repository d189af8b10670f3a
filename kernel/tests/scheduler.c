// SPDX-License-Identifier: GPL-2.0
/* scheduler: TSC time, kernel threads, fairness, wait queues, sleeping. */
#include <asm/cpu.h>
#include <panda/ktest.h>
#include <panda/sched.h>
#include <panda/time.h>

KTEST(scheduler, tsc_time_increases)
{
	uint64_t a = rdtsc(), b = rdtsc();

	KTEST_ASSERT(b > a);
	KTEST_ASSERT(uptime_ns() > 0);
	KTEST_ASSERT_EQ(tsc_to_ns(0), 0);
}

static volatile int flag;

static void set_flag(void *arg)
{
	flag = (int)(uint64_t)arg;
}

KTEST(scheduler, kernel_thread_runs_and_exits)
{
	uint64_t before = nr_tasks();

	flag = 0;
	KTEST_ASSERT(kthread_create("ktest-flag", set_flag, (void *)42));
	while (flag != 42)
		yield();
	/* Let the dead thread be reaped by the next switch. */
	yield();
	KTEST_ASSERT_EQ(nr_tasks(), before);
}

#define ROUNDS 4
static int order[3 * ROUNDS];
static volatile int order_len;

static void take_turns(void *arg)
{
	int i;

	for (i = 0; i < ROUNDS; i++) {
		order[order_len++] = (int)(uint64_t)arg;
		yield();
	}
}

KTEST(scheduler, least_recently_run_goes_first)
{
	int i;

	order_len = 0;
	for (i = 0; i < 3; i++)
		KTEST_ASSERT(kthread_create("ktest-turns", take_turns,
					    (void *)(uint64_t)i));
	while (order_len < 3 * ROUNDS)
		yield();
	/* Yielding threads alternate strictly: 0 1 2 0 1 2 ... */
	for (i = 0; i < 3 * ROUNDS; i++)
		KTEST_ASSERT_EQ(order[i], order[i % 3]);
	KTEST_ASSERT(order[0] != order[1] && order[1] != order[2] &&
		     order[0] != order[2]);
}

static struct wait_queue wq;
static volatile bool ready, woke;

static void waiter(void *arg)
{
	wait_event(&wq, ready);
	woke = true;
}

KTEST(scheduler, wait_queue_wakes_exactly_when_ready)
{
	wait_queue_init(&wq);
	ready = woke = false;
	KTEST_ASSERT(kthread_create("ktest-waiter", waiter, NULL));
	yield();		/* the waiter blocks */
	yield();
	KTEST_ASSERT(!woke);
	wake_up_all(&wq);	/* spurious: condition still false */
	yield();
	KTEST_ASSERT(!woke);
	ready = true;
	wake_up_all(&wq);
	while (!woke)
		yield();
}

#ifdef CONFIG_ACPI
static volatile uint64_t slept_ns;

static void sleeper(void *arg)
{
	uint64_t t0 = uptime_ns();

	sleep_ms(50);
	slept_ns = uptime_ns() - t0;
}

KTEST(scheduler, sleep_is_never_early)
{
	slept_ns = 0;
	KTEST_ASSERT(kthread_create("ktest-sleep", sleeper, NULL));
	while (!slept_ns)
		yield();
	KTEST_ASSERT(slept_ns >= 50 * 1000000ULL);
	KTEST_ASSERT(slept_ns < 1000 * 1000000ULL);
}
#endif
