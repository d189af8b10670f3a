// SPDX-License-Identifier: GPL-2.0
/*
 * The scheduler (kernel.md 9): one run queue, least-recently-scheduled
 * task first, preemption of user tasks by the tick, an idle task that
 * halts.  FPU/SSE state of user tasks is saved and restored on every
 * switch (FXSAVE), since the kernel itself never touches it.
 */
#include <asm/cpu.h>
#include <asm/percpu.h>
#include <lib/string.h>
#include <panda/mm.h>
#include <panda/printk.h>
#include <panda/process.h>
#include <panda/sched.h>
#include <panda/time.h>
#include <panda/timer_res.h>
#ifdef CONFIG_ACPI
#include <panda/timer.h>
#endif

extern struct task *switch_to(struct task *prev, struct task *next);
extern void kthread_trampoline(void);
extern void user_task_trampoline(void);

static spinlock_t sched_lock = SPINLOCK_INIT;
static LIST_HEAD(run_queue);
static LIST_HEAD(all_tasks);
static LIST_HEAD(sleepers);
static struct task idle_task;
static uint64_t next_task_id = 1;
static uint64_t task_count;
static uint64_t slice_ticks = 1;	/* one tick (10 ms at HZ=100) */

static void fxsave(void *area)
{
	__asm__ volatile("fxsaveq (%0)" : : "r"(area) : "memory");
}

static void fxrstor(const void *area)
{
	__asm__ volatile("fxrstorq (%0)" : : "r"(area) : "memory");
}

uint64_t nr_tasks(void)
{
	return task_count;
}

/* Caller holds sched_lock. */
static void enqueue(struct task *t)
{
	if (t == &idle_task || !list_empty(&t->run_node))
		return;
	t->state = TASK_RUNNABLE;
	list_add_tail(&t->run_node, &run_queue);
}

static struct task *pick_next(void)
{
	struct task *t, *best = NULL;

	list_for_each_entry(t, &run_queue, run_node)
		if (!best || t->last_run < best->last_run)
			best = t;
	if (best)
		list_del_init(&best->run_node);
	return best ? best : &idle_task;
}

void finish_task_switch(struct task *prev);

void finish_task_switch(struct task *prev)
{
	struct task *cur = current_task();

	/* A dead task can only be freed once we are off its stack. */
	if (prev && prev->state == TASK_DEAD && prev != cur)
		task_free(prev);
}

void schedule(void)
{
	struct task *prev = current_task(), *next;
	uint64_t flags;

	spin_lock_irqsave(&sched_lock, flags);
	this_cpu()->need_resched = false;
	if (prev->state == TASK_RUNNING)
		enqueue(prev);
	next = pick_next();
	next->state = TASK_RUNNING;
	next->last_run = rdtsc();
	if (next == prev) {
		spin_unlock_irqrestore(&sched_lock, flags);
		return;
	}
	next->switches++;
	if (prev->proc)
		fxsave(prev->fpu);
	if (next->proc)
		fxrstor(next->fpu);
	if (!next->proc || !prev->proc || prev->proc != next->proc)
		process_activate(next->proc);
	cpu_set_kernel_stack((uint64_t)next->kstack_top);
	this_cpu()->current = next;
	spin_unlock(&sched_lock);
	prev = switch_to(prev, next);
	finish_task_switch(prev);
	local_irq_restore(flags);
}

void yield(void)
{
	schedule();
}

void wake_task(struct task *t)
{
	uint64_t flags;

	spin_lock_irqsave(&sched_lock, flags);
	if (t->state == TASK_BLOCKED) {
		enqueue(t);
		this_cpu()->need_resched = true;
	}
	spin_unlock_irqrestore(&sched_lock, flags);
}

void wait_queue_init(struct wait_queue *wq)
{
	wq->lock = (spinlock_t)SPINLOCK_INIT;
	INIT_LIST_HEAD(&wq->waiters);
}

void prepare_to_wait(struct wait_queue *wq, struct waiter *w)
{
	struct task *t = current_task();
	uint64_t flags;

	spin_lock_irqsave(&wq->lock, flags);
	if (w->task != t) {	/* first call of this wait */
		w->task = t;
		INIT_LIST_HEAD(&w->node);
	}
	if (list_empty(&w->node))
		list_add_tail(&w->node, &wq->waiters);
	/* Blocked before the condition is tested: a wake-up cannot be lost. */
	spin_lock(&sched_lock);
	t->state = TASK_BLOCKED;
	spin_unlock(&sched_lock);
	spin_unlock_irqrestore(&wq->lock, flags);
}

void finish_wait(struct wait_queue *wq, struct waiter *w)
{
	struct task *t = current_task();
	uint64_t flags;

	spin_lock_irqsave(&wq->lock, flags);
	if (!list_empty(&w->node))
		list_del_init(&w->node);
	spin_lock(&sched_lock);
	if (t->state == TASK_BLOCKED)
		t->state = TASK_RUNNING;
	/* Woken after the condition became true: we are running already. */
	if (!list_empty(&t->run_node))
		list_del_init(&t->run_node);
	t->state = TASK_RUNNING;
	spin_unlock(&sched_lock);
	spin_unlock_irqrestore(&wq->lock, flags);
	w->task = NULL;
}

void wake_up_all(struct wait_queue *wq)
{
	struct waiter *w, *n;
	uint64_t flags;

	spin_lock_irqsave(&wq->lock, flags);
	list_for_each_entry_safe(w, n, &wq->waiters, node) {
		list_del_init(&w->node);
		wake_task(w->task);
	}
	spin_unlock_irqrestore(&wq->lock, flags);
}

static struct task *task_alloc(const char *name)
{
	struct task *t = kzalloc(sizeof(*t));

	if (!t)
		return NULL;
	t->kstack_top = kstack_alloc();
	if (!t->kstack_top) {
		kfree(t);
		return NULL;
	}
	INIT_LIST_HEAD(&t->run_node);
	strlcpy(t->name, name, sizeof(t->name));
	return t;
}

static void task_register(struct task *t)
{
	uint64_t flags;

	spin_lock_irqsave(&sched_lock, flags);
	t->id = next_task_id++;
	list_add_tail(&t->all_node, &all_tasks);
	task_count++;
	enqueue(t);
	spin_unlock_irqrestore(&sched_lock, flags);
}

void task_free(struct task *t)
{
	kstack_free(t->kstack_top);
	kfree(t);
}

struct task *kthread_create(const char *name, void (*fn)(void *), void *arg)
{
	struct task *t = task_alloc(name);
	uint64_t *sp;

	if (!t)
		return NULL;
	/* What switch_to pops: r15 r14 r13 r12 rbx rbp, then the return. */
	sp = (uint64_t *)t->kstack_top;
	*--sp = 0;				/* alignment */
	*--sp = (uint64_t)kthread_trampoline;
	*--sp = 0;				/* rbp */
	*--sp = 0;				/* rbx */
	*--sp = (uint64_t)fn;			/* r12 */
	*--sp = (uint64_t)arg;			/* r13 */
	*--sp = 0;				/* r14 */
	*--sp = 0;				/* r15 */
	t->kernel_rsp = (uint64_t)sp;
	t->last_run = rdtsc();	/* kernel threads start "now" (kernel.md 9.2) */
	task_register(t);
	return t;
}

struct task *task_create_user(struct process *proc, uint64_t entry,
			      uint64_t user_rsp)
{
	struct task *t = task_alloc(proc->name);
	struct pt_regs *regs;
	uint64_t *sp;

	if (!t)
		return NULL;
	t->proc = proc;
	/* Clean FPU state: FNINIT defaults, MXCSR 0x1f80 (kernel.md 7.5). */
	memset(t->fpu, 0, sizeof(t->fpu));
	*(uint16_t *)&t->fpu[0] = 0x037f;	/* FCW */
	*(uint32_t *)&t->fpu[24] = 0x1f80;	/* MXCSR */
	*(uint32_t *)&t->fpu[28] = 0xffff;	/* MXCSR_MASK */

	/* The frame the first return to user mode restores: all zero. */
	regs = (struct pt_regs *)t->kstack_top - 1;
	memset(regs, 0, sizeof(*regs));
	regs->rip = entry;
	regs->cs = USER_CS;
	regs->rflags = 0x202;
	regs->rsp = user_rsp;
	regs->ss = USER_DS;
	regs->vector = (uint64_t)-1;

	sp = (uint64_t *)regs;
	*--sp = (uint64_t)user_task_trampoline;
	sp -= 6;				/* callee-saved, all zero */
	memset(sp, 0, 6 * sizeof(*sp));
	t->kernel_rsp = (uint64_t)sp;
	t->last_run = 0;		/* new processes go first (kernel.md 9.2) */
	task_register(t);
	return t;
}

/* Removes the current task for good; the next task frees its stack. */
__noreturn void task_exit_current(void);

__noreturn void task_exit_current(void)
{
	struct task *t = current_task();
	uint64_t flags;

	spin_lock_irqsave(&sched_lock, flags);
	list_del_init(&t->all_node);
	if (!list_empty(&t->run_node))
		list_del_init(&t->run_node);
	task_count--;
	t->state = TASK_DEAD;
	spin_unlock_irqrestore(&sched_lock, flags);
	local_irq_disable();
	schedule();
	panic("dead task %s was scheduled", t->name);
}

__noreturn void kthread_exit(void)
{
	task_exit_current();
}

void sleep_ms(uint64_t ms)
{
	struct task *t = current_task();
	uint64_t flags;

	spin_lock_irqsave(&sched_lock, flags);
	t->wake_deadline_ns = uptime_ns() + ms * 1000000;
	t->state = TASK_BLOCKED;
	list_add_tail(&t->run_node, &sleepers);
	spin_unlock_irqrestore(&sched_lock, flags);
	schedule();
}

/* The tick: wake sleepers whose time has come, end the time slice. */
static void sched_tick(struct pt_regs *regs)
{
	struct task *t, *n, *cur = current_task();
	uint64_t now = uptime_ns();
	static uint64_t slice_start;

	timer_res_tick(now);		/* before our lock: it wakes mailboxes */

	spin_lock(&sched_lock);
	list_for_each_entry_safe(t, n, &sleepers, run_node) {
		if (t->wake_deadline_ns <= now) {
			list_del_init(&t->run_node);
			t->wake_deadline_ns = 0;
			enqueue(t);
		}
	}
	if (!list_empty(&run_queue) &&
	    (cur == &idle_task || ++slice_start >= slice_ticks)) {
		slice_start = 0;
		this_cpu()->need_resched = true;
	}
	spin_unlock(&sched_lock);
}

void exit_to_user(struct pt_regs *regs)
{
	for (;;) {
		struct task *t = current_task();

		if (t->proc && process_kill_pending(t->proc))
			process_exit(-PANDA_SIGKILL);	/* does not return */
		if (!this_cpu()->need_resched)
			break;
		schedule();
		local_irq_disable();
	}
}

void sched_init(void)
{
	struct task *idle = &idle_task;

	/* The boot stack becomes the idle task's stack. */
	extern char boot_stack_top[];

	idle->kstack_top = boot_stack_top;
	idle->state = TASK_RUNNING;
	INIT_LIST_HEAD(&idle->run_node);
	strlcpy(idle->name, "idle", sizeof(idle->name));
	idle->last_run = UINT64_MAX;
	this_cpu()->current = idle;
	cpu_set_kernel_stack((uint64_t)boot_stack_top);
#ifdef CONFIG_ACPI
	timer_set_tick_hook(sched_tick);
#else
	(void)sched_tick;
#endif
}

__noreturn void sched_start(void)
{
	for (;;) {
		local_irq_disable();
		if (processes_all_gone() && list_empty(&run_queue))
			system_halt();
		if (this_cpu()->need_resched || !list_empty(&run_queue)) {
			schedule();
			local_irq_enable();
			continue;
		}
		/* sti; hlt: an interrupt between the two cannot be missed. */
		__asm__ volatile("sti; hlt" : : : "memory");
	}
}
