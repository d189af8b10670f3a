// SPDX-License-Identifier: GPL-2.0
/*
 * Cross-CPU calls and kernel TLB shootdowns (Documentation/smp.md).
 *
 * Every CPU has a queue of call requests under an irqsave lock; a sender
 * appends its request and sends CALL_FUNCTION_VECTOR, and the target runs
 * the whole queue from that interrupt.  A request waited for lives on the
 * sender's stack and is marked done by the target; one not waited for is
 * a kmalloc'd copy the target frees.  A waiting sender serves its own
 * queue while it spins, so two CPUs calling each other with interrupts
 * off both make progress.
 */
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/percpu.h>
#include <asm/smp.h>
#include <asm/traps.h>
#include <panda/errno.h>
#include <panda/mm.h>
#include <panda/panic.h>
#include <panda/smp.h>
#include <panda/spinlock.h>

/* Above this many pages a flush drops the whole TLB instead. */
#define FLUSH_ALL_PAGES	32

struct call_req {
	struct call_req *next;
	smp_call_func_t fn;
	void *arg;
	bool done;		/* set by the target when fn has returned */
	bool owned;		/* kmalloc'd: the target frees it */
};

struct call_queue {
	spinlock_t lock;
	struct call_req *head, **tail;
};

/* Written by the boot CPU only, before nr_online covers the entry. */
static unsigned int apic_ids[NR_CPUS];
static struct cpu *cpus[NR_CPUS];
static struct call_queue queues[NR_CPUS];
static unsigned int nr_online = 1;

unsigned int num_online_cpus(void)
{
	return __atomic_load_n(&nr_online, __ATOMIC_ACQUIRE);
}

int cpu_apic_id(unsigned int cpu)
{
	return cpu < num_online_cpus() ? (int)apic_ids[cpu] : -1;
}

struct cpu *cpu_struct(unsigned int cpu)
{
	return cpu < num_online_cpus() ? cpus[cpu] : NULL;
}

/* The scheduler looks at need_resched on the way out of the interrupt. */
static void reschedule_interrupt(struct pt_regs *regs)
{
	this_cpu()->need_resched = true;
}

void smp_send_reschedule(unsigned int cpu)
{
	if (cpu >= num_online_cpus() || cpu == this_cpu()->id)
		return;
	if (!lapic_send_ipi(apic_ids[cpu], APIC_DM_FIXED | APIC_INT_ASSERT |
					   RESCHEDULE_VECTOR))
		panic("SMP: the local APIC does not deliver IPIs to CPU %u (APIC id %u)",
		      cpu, apic_ids[cpu]);
}

/* Runs (and empties) this CPU's queue; interrupts are off. */
static void run_queue(void)
{
	struct call_queue *q = &queues[this_cpu()->id];
	struct call_req *r, *next;

	spin_lock(&q->lock);
	r = q->head;
	q->head = NULL;
	q->tail = &q->head;
	spin_unlock(&q->lock);
	for (; r; r = next) {
		next = r->next;	/* r is the sender's once done is set */
		r->fn(r->arg);
		if (r->owned)
			kfree(r);
		else
			__atomic_store_n(&r->done, true, __ATOMIC_RELEASE);
	}
}

static void call_function_interrupt(struct pt_regs *regs)
{
	run_queue();
}

static void queue_call(unsigned int cpu, struct call_req *r)
{
	struct call_queue *q = &queues[cpu];
	uint64_t flags;

	r->next = NULL;
	spin_lock_irqsave(&q->lock, flags);
	*q->tail = r;
	q->tail = &r->next;
	spin_unlock_irqrestore(&q->lock, flags);
	if (!lapic_send_ipi(apic_ids[cpu], APIC_DM_FIXED | APIC_INT_ASSERT |
					   CALL_FUNCTION_VECTOR))
		panic("SMP: the local APIC does not deliver IPIs to CPU %u (APIC id %u)",
		      cpu, apic_ids[cpu]);
}

static void wait_done(struct call_req *r)
{
	uint64_t flags;

	while (!__atomic_load_n(&r->done, __ATOMIC_ACQUIRE)) {
		flags = local_irq_save();
		run_queue();
		local_irq_restore(flags);
		cpu_relax();
	}
}

int smp_call_function_single(unsigned int cpu, smp_call_func_t fn, void *arg,
			     bool wait)
{
	struct call_req on_stack, *r = &on_stack;
	uint64_t flags;

	if (cpu >= num_online_cpus())
		return -ENOENT;
	flags = local_irq_save();
	if (cpu == this_cpu()->id) {
		fn(arg);
		local_irq_restore(flags);
		return 0;
	}
	local_irq_restore(flags);
	if (!wait) {
		r = kmalloc(sizeof(*r));
		if (!r)
			return -ENOMEM;
	}
	*r = (struct call_req){ .fn = fn, .arg = arg, .owned = !wait };
	queue_call(cpu, r);
	if (wait)
		wait_done(r);
	return 0;
}

int smp_call_function_all(smp_call_func_t fn, void *arg, bool wait)
{
	struct call_req on_stack[NR_CPUS], *reqs[NR_CPUS];
	unsigned int n = num_online_cpus(), self, cpu;
	uint64_t flags;

	flags = local_irq_save();
	self = this_cpu()->id;
	local_irq_restore(flags);
	for (cpu = 0; cpu < n; cpu++) {
		if (cpu == self)
			continue;
		reqs[cpu] = wait ? &on_stack[cpu] : kmalloc(sizeof(*reqs[cpu]));
		if (!reqs[cpu]) {
			while (cpu--)
				if (cpu != self)
					kfree(reqs[cpu]);
			return -ENOMEM;
		}
		*reqs[cpu] = (struct call_req){ .fn = fn, .arg = arg,
						.owned = !wait };
	}
	for (cpu = 0; cpu < n; cpu++)
		if (cpu != self)
			queue_call(cpu, reqs[cpu]);
	if (wait)
		for (cpu = 0; cpu < n; cpu++)
			if (cpu != self)
				wait_done(reqs[cpu]);
	return 0;
}

struct flush_range {
	uint64_t start, end;
};

static void flush_local(void *arg)
{
	const struct flush_range *fr = arg;
	uint64_t va, cr4;

	if ((fr->end - fr->start) / PAGE_SIZE > FLUSH_ALL_PAGES) {
		/* Toggling PGE drops global entries too (SDM 4.10.4.1). */
		cr4 = read_cr4();
		if (cr4 & X86_CR4_PGE) {
			write_cr4(cr4 & ~X86_CR4_PGE);
			write_cr4(cr4);
		} else {
			write_cr3(read_cr3());
		}
		return;
	}
	for (va = fr->start; va < fr->end; va += PAGE_SIZE)
		invlpg(va);
}

void flush_tlb_kernel_range(uint64_t start, uint64_t end)
{
	struct flush_range fr = {
		.start = ALIGN_DOWN(start, PAGE_SIZE),
		.end = ALIGN_UP(end, PAGE_SIZE),
	};
	uint64_t flags;

	flags = local_irq_save();
	flush_local(&fr);
	local_irq_restore(flags);
	/* Waiting cannot fail: the requests live on this stack. */
	if (num_online_cpus() > 1)
		smp_call_function_all(flush_local, &fr, true);
}

void smp_ipi_init(void)
{
	unsigned int i;

	for (i = 0; i < NR_CPUS; i++)
		queues[i].tail = &queues[i].head;
	apic_ids[0] = lapic_id();
	cpus[0] = this_cpu();
	if (set_irq_handler(CALL_FUNCTION_VECTOR, call_function_interrupt) ||
	    set_irq_handler(RESCHEDULE_VECTOR, reschedule_interrupt))
		panic("SMP: cannot install the IPI handlers");
}

/* The boot CPU records an AP that reported in; its id is the next one. */
void smp_cpu_online(struct cpu *c, unsigned int apic_id)
{
	BUG_ON(c->id != nr_online || nr_online >= NR_CPUS);
	apic_ids[c->id] = apic_id;
	cpus[c->id] = c;
	__atomic_store_n(&nr_online, nr_online + 1, __ATOMIC_RELEASE);
}
