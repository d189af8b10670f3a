/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tasks and the scheduler (kernel.md 9).  A task is a kernel thread or the
 * thread of a user process; each has its own kernel stack (guard page
 * below).  The scheduler runs the runnable task that was scheduled least
 * recently; user tasks are preempted by the tick, kernel code is not.
 * Blocking goes through wait queues, which cannot lose a wake-up: the task
 * marks itself blocked before it tests its condition.
 */
#ifndef _PANDA_SCHED_H
#define _PANDA_SCHED_H

#include <asm/percpu.h>
#include <asm/ptrace.h>
#include <panda/list.h>
#include <panda/spinlock.h>

enum task_state {
	TASK_RUNNABLE,
	TASK_RUNNING,
	TASK_BLOCKED,
	TASK_DEAD,
};

struct process;

struct task {
	uint64_t kernel_rsp;		/* saved by switch_to; offset 0 */
	void *kstack_top;
	enum task_state state;
	uint64_t last_run;		/* TSC when last selected (fairness) */
	uint64_t id;
	struct process *proc;		/* NULL for kernel threads */
	struct list_head run_node;	/* on the run queue while runnable */
	struct list_head all_node;
	uint64_t wake_deadline_ns;	/* sleeping until (0: not sleeping) */
	uint64_t switches;
	bool on_cpu;			/* a CPU runs it or is switching from it */
	bool idle;			/* a CPU's idle task: never queued */
	unsigned int cpu;		/* the CPU that last ran it */
	bool exiting;			/* counted until it is freed */
	char name[24];
	uint8_t fpu[512] __aligned(16);	/* FXSAVE area of user tasks */
};

struct wait_queue {
	spinlock_t lock;
	struct list_head waiters;
};

struct waiter {
	struct list_head node;
	struct task *task;
};

void sched_init(void);
/* Enters the scheduler for good on the boot CPU; the boot stack becomes idle. */
__noreturn void sched_start(void);
void schedule(void);
void yield(void);
/* Makes t runnable (from any context). */
void wake_task(struct task *t);
/*
 * t (the current task) is on its way out: the system does not halt until
 * it is freed.  Called before its process is seen to exit.
 */
void sched_mark_exiting(struct task *t);
/* Some task marked exiting is not freed yet. */
bool sched_tasks_exiting(void);
/* If t runs on another CPU, make that CPU pass through exit_to_user(). */
void sched_kick_task(struct task *t);
#ifdef CONFIG_SMP
/*
 * On an application processor starting up: its idle task, on the stack it
 * runs on (top); -ENOMEM.  Then its idle loop, for good.
 */
int sched_ap_prepare(void *top);
__noreturn void sched_ap_idle(void);
#ifdef CONFIG_KERNEL_TESTS
/* Kernel suites run before the scheduler starts: let the APs take tasks. */
void sched_ktest_run_aps(bool on);
#endif
#endif
struct task *kthread_create(const char *name, void (*fn)(void *), void *arg);
__noreturn void kthread_exit(void);
/* Sleeps the current task for at least ms milliseconds. */
void sleep_ms(uint64_t ms);
struct task *task_create_user(struct process *proc, uint64_t entry,
			      uint64_t user_rsp);
void task_free(struct task *t);
/* Called on the way back to user mode with interrupts off. */
void exit_to_user(struct pt_regs *regs);
uint64_t nr_tasks(void);

void wait_queue_init(struct wait_queue *wq);
void wake_up_all(struct wait_queue *wq);

/*
 * wait_event(wq, cond): sleep until cond is true.  The condition is
 * re-tested after every wake-up; wake-ups between the test and the sleep
 * are not lost because the task is queued and marked blocked first.
 */
void prepare_to_wait(struct wait_queue *wq, struct waiter *w);
void finish_wait(struct wait_queue *wq, struct waiter *w);
#define wait_event(wq, cond)						\
	do {								\
		struct waiter __w = { .task = NULL };			\
		for (;;) {						\
			prepare_to_wait(wq, &__w);			\
			if (cond)					\
				break;					\
			schedule();					\
		}							\
		finish_wait(wq, &__w);					\
	} while (0)

#endif
