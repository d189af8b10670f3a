// SPDX-License-Identifier: GPL-2.0
/*
 * The scheduler (kernel.md 9): one run queue, least-recently-scheduled
 * task first, preemption of user tasks by the tick, an idle task per CPU
 * that halts.  FPU/SSE state of user tasks is saved and restored on every
 * switch (FXSAVE), since the kernel itself never touches it.
 *
 * With several CPUs (Documentation/smp.md) every CPU picks from the one
 * queue under sched_lock.  A task is on_cpu from the moment a CPU picks
 * it until that CPU has switched away from it (its registers saved), and
 * no other CPU picks it meanwhile, even when it is already queued again
 * (preempted, or woken before it finished blocking).  A wake-up that
 * queues a task kicks an idle CPU with the reschedule IPI.
 */
#include <asm/cpu.h>
#include <asm/percpu.h>
#include <lib/string.h>
#include <panda/errno.h>
#include <panda/mm.h>
#include <panda/printk.h>
#include <panda/process.h>
#include <panda/sched.h>
#include <panda/smp.h>
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
static struct task boot_idle;		/* the boot CPU's idle task */
static bool sched_running;		/* sched_start() has begun */
static uint64_t tasks_exiting;		/* marked exiting, not yet freed */
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
	if (t->idle || !list_empty(&t->run_node))
		return;
	t->state = TASK_RUNNABLE;
	list_add_tail(&t->run_node, &run_queue);
}

/* Caller holds sched_lock: the next task for this CPU, which runs prev. */
static struct task *pick_next(struct task *prev)
{
	struct task *t, *best = NULL;

	list_for_each_entry(t, &run_queue, run_node) {
		/* Another CPU still runs it or is saving its registers. */
		if (READ_ONCE(t->on_cpu) && t != prev)
			continue;
		if (!best || t->last_run < best->last_run)
			best = t;
	}
	if (best)
		list_del_init(&best->run_node);
	return best ? best : this_cpu()->idle;
}

#if defined(CONFIG_SMP) && defined(CONFIG_KERNEL_TESTS)
/* Kernel suites run before sched_start(): let the other CPUs take tasks. */
void sched_ktest_run_aps(bool on)
{
	WRITE_ONCE(sched_running, on);
}
#endif

#ifdef CONFIG_SMP
/* Some CPU other than this one that runs its idle task, or -1. */
static int idle_cpu(void)
{
	unsigned int n = num_online_cpus(), i, self = this_cpu()->id;

	for (i = 0; i < n; i++) {
		struct cpu *c = cpu_struct(i);

		if (i != self && c && READ_ONCE(c->current) == c->idle)
			return (int)i;
	}
	return -1;
}

/* A task was queued: let an idle CPU have it. */
static void kick_idle_cpu(void)
{
	int cpu;

	if (num_online_cpus() > 1 && (cpu = idle_cpu()) >= 0)
		smp_send_reschedule((unsigned int)cpu);
}
/* The boot CPU halts the system; it may be idling in hlt. */
static void kick_boot_cpu(void)
{
	if (this_cpu()->id != 0)
		smp_send_reschedule(0);
}
#else
static inline void kick_idle_cpu(void) { }
static inline void kick_boot_cpu(void) { }
#endif

void finish_task_switch(struct task *prev);

void finish_task_switch(struct task *prev)
{
	struct task *cur = current_task();

	if (!prev || prev == cur)
		return;
	/* Its registers are saved: other CPUs may pick it from now on. */
	__atomic_store_n(&prev->on_cpu, false, __ATOMIC_RELEASE);
	/* A dead task can only be freed once we are off its stack. */
	if (prev->state == TASK_DEAD) {
		bool exiting = prev->exiting;

		task_free(prev);
		/* The last one out lets the boot CPU's idle loop halt. */
		if (exiting &&
		    !__atomic_sub_fetch(&tasks_exiting, 1, __ATOMIC_ACQ_REL) &&
		    processes_all_gone())
			kick_boot_cpu();
	}
}

bool sched_tasks_exiting(void)
{
	return __atomic_load_n(&tasks_exiting, __ATOMIC_ACQUIRE) != 0;
}

void sched_mark_exiting(struct task *t)
{
	if (!t->exiting) {
		t->exiting = true;
		__atomic_fetch_add(&tasks_exiting, 1, __ATOMIC_ACQ_REL);
	}
}

void schedule(void)
{
	struct task *prev = current_task(), *next;
	uint64_t flags;

	spin_lock_irqsave(&sched_lock, flags);
	this_cpu()->need_resched = false;
	this_cpu()->slice = 0;
	if (prev->state == TASK_RUNNING)
		enqueue(prev);
	next = pick_next(prev);
	next->state = TASK_RUNNING;
	next->last_run = rdtsc();
	if (next == prev) {
		spin_unlock_irqrestore(&sched_lock, flags);
		return;
	}
	next->on_cpu = true;
	next->cpu = this_cpu()->id;
	next->switches++;
	if (next->proc)
		this_cpu()->user_runs++;
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

	bool queued = false;

	spin_lock_irqsave(&sched_lock, flags);
	if (t->state == TASK_BLOCKED) {
		enqueue(t);
		this_cpu()->need_resched = true;
		queued = true;
	}
	spin_unlock_irqrestore(&sched_lock, flags);
	if (queued)
		kick_idle_cpu();
}

void sched_kick_task(struct task *t)
{
#ifdef CONFIG_SMP
	unsigned int cpu = READ_ONCE(t->cpu);

	/* It runs elsewhere: have it pass through exit_to_user() soon. */
	if (READ_ONCE(t->on_cpu) && cpu != this_cpu()->id)
		smp_send_reschedule(cpu);
#else
	(void)t;
#endif
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
	kick_idle_cpu();
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

	sched_mark_exiting(t);
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

/*
 * The tick, on every CPU: end the time slice.  The boot CPU's also fires
 * timers and wakes sleepers whose time has come.
 */
static void sched_tick(struct pt_regs *regs)
{
	struct task *t, *n, *cur = current_task();
	struct cpu *c = this_cpu();
	uint64_t now = uptime_ns();
	bool woke = false;

	/* The other CPUs join in once the boot CPU schedules for good. */
	if (c->id != 0 && !READ_ONCE(sched_running))
		return;
	if (c->id == 0)
		timer_res_tick(now);	/* before our lock: it wakes mailboxes */

	spin_lock(&sched_lock);
	if (c->id == 0) {
		list_for_each_entry_safe(t, n, &sleepers, run_node) {
			if (t->wake_deadline_ns <= now) {
				list_del_init(&t->run_node);
				t->wake_deadline_ns = 0;
				enqueue(t);
				woke = true;
			}
		}
	}
	if (!list_empty(&run_queue) &&
	    (cur == c->idle || ++c->slice >= slice_ticks)) {
		c->slice = 0;
		c->need_resched = true;
	}
	spin_unlock(&sched_lock);
	if (woke)
		kick_idle_cpu();
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

/* t becomes the idle task of this CPU, on the stack it runs on (top). */
static void idle_task_init(struct task *t, void *top)
{
	t->kstack_top = top;
	t->state = TASK_RUNNING;
	t->idle = true;
	t->on_cpu = true;
	t->cpu = this_cpu()->id;
	INIT_LIST_HEAD(&t->run_node);
	strlcpy(t->name, "idle", sizeof(t->name));
	t->last_run = UINT64_MAX;
	this_cpu()->idle = t;
	this_cpu()->current = t;
	cpu_set_kernel_stack((uint64_t)top);
}

void sched_init(void)
{
	/* The boot stack becomes the idle task's stack. */
	extern char boot_stack_top[];

	idle_task_init(&boot_idle, boot_stack_top);
#ifdef CONFIG_ACPI
	timer_set_tick_hook(sched_tick);
#else
	(void)sched_tick;
#endif
}

__noreturn void sched_start(void)
{
	WRITE_ONCE(sched_running, true);
	for (;;) {
		local_irq_disable();
		/* And no task (on another CPU) is still on its way out. */
		if (processes_all_gone() && list_empty(&run_queue) &&
		    !sched_tasks_exiting())
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

#ifdef CONFIG_SMP
int sched_ap_prepare(void *top)
{
	struct task *idle = kzalloc(sizeof(*idle));

	if (!idle)
		return -ENOMEM;
	idle_task_init(idle, top);
	return 0;
}

/*
 * An application processor's idle loop: it runs tasks once the boot CPU
 * has started the scheduler.  The system halts from the boot CPU's loop,
 * never from here.
 */
__noreturn void sched_ap_idle(void)
{
	for (;;) {
		local_irq_disable();
		if (READ_ONCE(sched_running) &&
		    (this_cpu()->need_resched || !list_empty(&run_queue))) {
			schedule();
			local_irq_enable();
			continue;
		}
		__asm__ volatile("sti; hlt" : : : "memory");
	}
}
#endif
