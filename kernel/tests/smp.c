// SPDX-License-Identifier: GPL-2.0
/*
 * smp: the application processors (Documentation/smp.md), booted with
 * -smp 4.  Every CPU of the MADT is online with its own struct cpu and the
 * boot CPU's control registers and MSRs; call-function IPIs reach one CPU,
 * every other CPU, without waiting, and back from inside a call; a kernel
 * mapping changed under the APs' cached translations is seen changed after
 * flush_tlb_kernel_range(); kernel threads run on every CPU, and a
 * wake-up reaches a task blocked on another CPU.  Waits are bounded by
 * generous timeouts only.
 */
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/percpu.h>
#include <asm/pgtable.h>
#include <asm/segment.h>
#include <asm/traps.h>
#include <lib/string.h>
#include <panda/acpi.h>
#include <panda/errno.h>
#include <panda/ktest.h>
#include <panda/mm.h>
#include <panda/printk.h>
#include <panda/sched.h>
#include <panda/smp.h>
#include <panda/time.h>

#define TIMEOUT_NS	5000000000ULL	/* 5 s: only a hang fails */
#define PATTERN_A	0xa5a5a5a5a5a5a5a5ULL
#define PATTERN_B	0x5b5b5b5b5b5b5b5bULL

struct cpu_report {
	struct cpu *self;
	uint64_t gs_base, cr0, cr4, efer, lstar;
	unsigned int id, apic_id;
	uint16_t tr;
	bool irqs;
	uint8_t idtr[10];
};

static void report(void *arg)
{
	struct cpu_report *r = arg;

	r->self = this_cpu();
	r->id = this_cpu()->id;
	r->apic_id = lapic_id();
	r->gs_base = rdmsr(MSR_GS_BASE);
	r->cr0 = read_cr0();
	r->cr4 = read_cr4();
	r->efer = rdmsr(MSR_EFER);
	r->lstar = rdmsr(MSR_LSTAR);
	r->irqs = irqs_enabled();
	__asm__ volatile("str %0" : "=r"(r->tr));
	__asm__ volatile("sidt %0" : "=m"(r->idtr));
}

static void wait_for(volatile unsigned int *v, unsigned int want)
{
	uint64_t end = uptime_ns() + TIMEOUT_NS;

	while (__atomic_load_n(v, __ATOMIC_ACQUIRE) != want &&
	       uptime_ns() < end)
		cpu_relax();
	KTEST_ASSERT_EQ(__atomic_load_n(v, __ATOMIC_ACQUIRE), want);
}

KTEST(smp, every_madt_cpu_online)
{
	const struct acpi_madt_info *madt = acpi_madt();

	KTEST_ASSERT_EQ(madt->nr_cpu_ids, 4);	/* QEMU_ARGS_smp */
	KTEST_ASSERT_EQ(num_online_cpus(), madt->nr_cpu_ids);
	KTEST_ASSERT_EQ(this_cpu()->id, 0);
	KTEST_ASSERT_EQ(cpu_apic_id(0), (int)lapic_id());
	KTEST_ASSERT_EQ(cpu_apic_id(num_online_cpus()), -1);
}

KTEST(smp, each_cpu_has_its_own_state)
{
	struct cpu_report r[NR_CPUS] = { 0 }, bsp;
	unsigned int n = num_online_cpus(), i, j;

	report(&bsp);
	for (i = 0; i < n; i++) {
		KTEST_ASSERT_EQ(smp_call_function_single(i, report, &r[i], true),
				0);
		KTEST_ASSERT_EQ(r[i].id, i);
		KTEST_ASSERT_EQ(r[i].apic_id, cpu_apic_id(i));
		KTEST_ASSERT(r[i].self && r[i].self->self == r[i].self);
		KTEST_ASSERT_EQ(r[i].gs_base, (uint64_t)r[i].self);
		KTEST_ASSERT(!r[i].irqs);	/* calls run with them off */
		KTEST_ASSERT_EQ(r[i].tr, GDT_TSS);
		KTEST_ASSERT(r[i].self->tss.ist[IST_DOUBLE_FAULT - 1]);
		/* The boot CPU's paging, protection and syscall set-up. */
		KTEST_ASSERT_EQ(r[i].cr0, bsp.cr0);
		KTEST_ASSERT_EQ(r[i].cr4, bsp.cr4);
		KTEST_ASSERT_EQ(r[i].efer, bsp.efer);
		KTEST_ASSERT_EQ(r[i].lstar, bsp.lstar);
		KTEST_ASSERT(!memcmp(r[i].idtr, bsp.idtr, sizeof(bsp.idtr)));
		for (j = 0; j < i; j++) {
			KTEST_ASSERT(r[j].self != r[i].self);
			KTEST_ASSERT(r[j].apic_id != r[i].apic_id);
		}
	}
	KTEST_ASSERT(r[0].self == this_cpu());
}

static void count_hit(void *arg)
{
	unsigned int *hits = arg;

	__atomic_add_fetch(&hits[this_cpu()->id], 1, __ATOMIC_RELEASE);
}

KTEST(smp, broadcast_reaches_every_other_cpu)
{
	unsigned int hits[NR_CPUS] = { 0 }, i;

	KTEST_ASSERT_EQ(smp_call_function_all(count_hit, hits, true), 0);
	KTEST_ASSERT_EQ(hits[0], 0);	/* not the caller */
	for (i = 1; i < num_online_cpus(); i++)
		KTEST_ASSERT_EQ(hits[i], 1);
}

static volatile unsigned int async_hits;

static void async_hit(void *arg)
{
	__atomic_add_fetch(&async_hits, (uintptr_t)arg, __ATOMIC_RELEASE);
}

KTEST(smp, calls_without_wait_complete)
{
	unsigned int n = num_online_cpus(), i;

	async_hits = 0;
	KTEST_ASSERT_EQ(smp_call_function_single(n - 1, async_hit, (void *)1,
						 false), 0);
	wait_for(&async_hits, 1);
	KTEST_ASSERT_EQ(smp_call_function_all(async_hit, (void *)1, false), 0);
	wait_for(&async_hits, n);
	/* Many queued on one CPU before it runs any: all run. */
	for (i = 0; i < 50; i++)
		KTEST_ASSERT_EQ(smp_call_function_single(1, async_hit,
							 (void *)1, false), 0);
	wait_for(&async_hits, n + 50);
}

KTEST(smp, self_and_offline_calls)
{
	struct cpu_report r = { 0 };

	KTEST_ASSERT_EQ(smp_call_function_single(0, report, &r, true), 0);
	KTEST_ASSERT(r.self == this_cpu());
	KTEST_ASSERT(!r.irqs);
	KTEST_ASSERT(irqs_enabled());
	KTEST_ASSERT_EQ(smp_call_function_single(num_online_cpus(), report, &r,
						 true), -ENOENT);
	KTEST_ASSERT_EQ(smp_call_function_single(~0u, report, &r, false),
			-ENOENT);
}

/* Logs the cost of a waited call and of a shootdown (no timing asserted). */
KTEST(smp, call_and_shootdown_cost)
{
	unsigned int hits[NR_CPUS] = { 0 }, i, rounds = 1000;
	uint64_t t0, single, flush;

	t0 = uptime_ns();
	for (i = 0; i < rounds; i++)
		KTEST_ASSERT_EQ(smp_call_function_single(1, count_hit, hits,
							 true), 0);
	single = (uptime_ns() - t0) / rounds;
	KTEST_ASSERT_EQ(hits[1], rounds);
	t0 = uptime_ns();
	for (i = 0; i < rounds; i++)
		flush_tlb_kernel_range(MMIO_REGION_BASE,
				       MMIO_REGION_BASE + PAGE_SIZE);
	flush = (uptime_ns() - t0) / rounds;
	pr_info("smp: a waited call to CPU 1 takes %lu ns, a one-page shootdown on %u CPUs %lu ns",
		single, num_online_cpus(), flush);
}

static unsigned int callback_id;

static void record_caller(void *arg)
{
	callback_id = this_cpu()->id;
}

/* On an AP: calls back the boot CPU, which is waiting for this call. */
static void call_back(void *arg)
{
	*(int *)arg = smp_call_function_single(0, record_caller, NULL, true);
}

KTEST(smp, waiting_cpus_serve_calls)
{
	int ret = -1;

	callback_id = ~0u;
	KTEST_ASSERT_EQ(smp_call_function_single(num_online_cpus() - 1,
						 call_back, &ret, true), 0);
	KTEST_ASSERT_EQ(ret, 0);
	KTEST_ASSERT_EQ(callback_id, 0);
}

static void read_word(void *arg)
{
	uint64_t **args = arg;

	args[1][this_cpu()->id] = READ_ONCE(*args[0]);
}

/* Every CPU reads *va; seen[cpu] gets what it read. */
static void read_everywhere(uint64_t *va, uint64_t *seen)
{
	uint64_t *args[2] = { va, seen };
	unsigned int i;

	for (i = 0; i < NR_CPUS; i++)
		seen[i] = 0;
	read_word(args);
	KTEST_ASSERT_EQ(smp_call_function_all(read_word, args, true), 0);
}

/*
 * Every CPU reads a kernel address mapped to frame A (caching the
 * translation), the address is remapped to frame B, and
 * flush_tlb_kernel_range() over [va - before, va + after) pages must make
 * every CPU read B: only the shootdown tells the APs.
 */
static void remap_under_cached_translations(uint64_t before, uint64_t after)
{
	phys_addr_t a = alloc_frame(), b = alloc_frame();
	uint64_t seen[NR_CPUS], *va;
	unsigned int i, n = num_online_cpus();

	KTEST_ASSERT(a && b);
	*(uint64_t *)phys_to_virt(a) = PATTERN_A;
	*(uint64_t *)phys_to_virt(b) = PATTERN_B;
	va = memremap(a, PAGE_SIZE);
	KTEST_ASSERT(va);

	read_everywhere(va, seen);
	for (i = 0; i < n; i++)
		KTEST_ASSERT_EQ(seen[i], PATTERN_A);

	KTEST_ASSERT_EQ(unmap_page((uint64_t)va, NULL), 0);
	KTEST_ASSERT_EQ(map_page((uint64_t)va, b, PAGE_KERNEL_RW), 0);
	flush_tlb_kernel_range((uint64_t)va - before * PAGE_SIZE,
			       (uint64_t)va + after * PAGE_SIZE);
	read_everywhere(va, seen);
	for (i = 0; i < n; i++)
		KTEST_ASSERT_EQ(seen[i], PATTERN_B);

	iounmap(va, PAGE_SIZE);
	free_frame(a);
	free_frame(b);
}

KTEST(smp, tlb_shootdown_of_a_remapped_kernel_page)
{
	remap_under_cached_translations(0, 1);
}

/* The whole-TLB path (more than a few pages) on every CPU. */
KTEST(smp, tlb_shootdown_of_a_large_range)
{
	remap_under_cached_translations(64, 64);
}

/*
 * Reads *va where it runs; with catch_fault(), so an unmapped va gives
 * FAULTED (the #PF arrives on the AP, inside the IPI handler).
 */
#define FAULTED	0xfa017ed0fa017ed0ULL

static void read_or_fault(void *arg)
{
	uint64_t **args = arg;
	uint64_t *out = &args[1][this_cpu()->id];
	struct fault_catch fc;

	if (!catch_fault(&fc)) {
		*out = READ_ONCE(*args[0]);
		uncatch_fault();
	} else {
		/* Any other fault fails the caller's check. */
		*out = fc.vector == X86_TRAP_PF && fc.cr2 == (uint64_t)args[0] ?
			       FAULTED : 0;
	}
}

static void read_or_fault_on_aps(uint64_t *va, uint64_t *seen)
{
	uint64_t *args[2] = { va, seen };
	unsigned int i;

	for (i = 0; i < NR_CPUS; i++)
		seen[i] = 0;
	KTEST_ASSERT_EQ(smp_call_function_all(read_or_fault, args, true), 0);
}

/* iounmap() shoots the range down: APs that had it cached now fault. */
KTEST(smp, iounmap_shoots_down)
{
	phys_addr_t a = alloc_frame();
	uint64_t seen[NR_CPUS], *va;
	unsigned int i, n = num_online_cpus();

	KTEST_ASSERT(a);
	*(uint64_t *)phys_to_virt(a) = PATTERN_A;
	va = memremap(a, PAGE_SIZE);
	KTEST_ASSERT(va);
	read_or_fault_on_aps(va, seen);
	for (i = 1; i < n; i++)
		KTEST_ASSERT_EQ(seen[i], PATTERN_A);
	iounmap(va, PAGE_SIZE);
	read_or_fault_on_aps(va, seen);
	for (i = 1; i < n; i++)
		KTEST_ASSERT_EQ(seen[i], FAULTED);
	free_frame(a);
}

/* kstack_free() too, before the stack's frames go back. */
KTEST(smp, kstack_free_shoots_down)
{
	uint64_t seen[NR_CPUS], *top = kstack_alloc(), *word;
	unsigned int i, n = num_online_cpus();

	KTEST_ASSERT(top);
	word = top - 1;
	*word = PATTERN_B;
	read_or_fault_on_aps(word, seen);
	for (i = 1; i < n; i++)
		KTEST_ASSERT_EQ(seen[i], PATTERN_B);
	kstack_free(top);
	read_or_fault_on_aps(word, seen);
	for (i = 1; i < n; i++)
		KTEST_ASSERT_EQ(seen[i], FAULTED);
}

/* ---------------------------------------- tasks on every CPU (sched.c) */

static unsigned int ran_on;		/* bit per CPU that ran a spinner */
static unsigned int spinners_done;

/* Hold this CPU until every CPU has run a spinner (or the timeout). */
static void spinner(void *arg)
{
	unsigned int all = (1u << num_online_cpus()) - 1;
	uint64_t end = uptime_ns() + TIMEOUT_NS;

	__atomic_fetch_or(&ran_on, 1u << this_cpu()->id, __ATOMIC_SEQ_CST);
	while (__atomic_load_n(&ran_on, __ATOMIC_ACQUIRE) != all &&
	       uptime_ns() < end)
		cpu_relax();
	__atomic_fetch_add(&spinners_done, 1, __ATOMIC_SEQ_CST);
}

/* Yield until *v reaches want, a task on another CPU is freed, or 5 s. */
static void yield_until(unsigned int *v, unsigned int want)
{
	uint64_t end = uptime_ns() + TIMEOUT_NS;

	while ((__atomic_load_n(v, __ATOMIC_ACQUIRE) != want ||
		sched_tasks_exiting()) && uptime_ns() < end)
		yield();
}

/*
 * Kernel threads queued while every CPU is free spread over all of them:
 * each spinner holds its CPU until all CPUs have run one, so a CPU that
 * never takes a task from the queue leaves the mask incomplete.  Their
 * stacks and structs are freed on whichever CPU they ended on.
 */
KTEST(smp, tasks_run_on_every_cpu)
{
	unsigned int n = num_online_cpus(), i;
	uint64_t tasks = nr_tasks();
	struct mem_stats before, after;

	KTEST_ASSERT(n > 1);
	ran_on = 0;
	spinners_done = 0;
	mem_stats(&before);
	sched_ktest_run_aps(true);
	for (i = 0; i < 2 * n; i++)
		KTEST_ASSERT(kthread_create("ktest-spin", spinner, NULL));
	yield_until(&spinners_done, 2 * n);
	sched_ktest_run_aps(false);
	KTEST_ASSERT_EQ(spinners_done, 2 * n);
	KTEST_ASSERT_EQ(ran_on, (1u << n) - 1);
	KTEST_ASSERT(!sched_tasks_exiting());
	KTEST_ASSERT_EQ(nr_tasks(), tasks);
	mem_stats(&after);
	/* Heap pages and kernel page tables may stay; nothing else. */
	KTEST_ASSERT_EQ(after.free_frames + after.heap_pages + after.table_frames,
			before.free_frames + before.heap_pages +
				before.table_frames);
	KTEST_ASSERT_EQ(after.heap_bytes, before.heap_bytes);
}

static struct wait_queue ping_wq;
static unsigned int ping_stage, pong_cpu;

/* Blocks on another CPU; the boot CPU's wake-up must reach it there. */
static void pinger(void *arg)
{
	wait_event(&ping_wq, __atomic_load_n(&ping_stage, __ATOMIC_ACQUIRE));
	__atomic_store_n(&pong_cpu, this_cpu()->id + 1, __ATOMIC_RELEASE);
}

KTEST(smp, wake_up_reaches_a_task_blocked_on_another_cpu)
{
	uint64_t end = uptime_ns() + TIMEOUT_NS;
	struct task *t;

	wait_queue_init(&ping_wq);
	ping_stage = 0;
	pong_cpu = 0;
	sched_ktest_run_aps(true);
	t = kthread_create("ktest-ping", pinger, NULL);
	KTEST_ASSERT(t != NULL);
	/* It runs first on an idle AP (kicked by the queueing) and blocks. */
	while (READ_ONCE(t->state) != TASK_BLOCKED && uptime_ns() < end)
		cpu_relax();
	KTEST_ASSERT_EQ(READ_ONCE(t->state), TASK_BLOCKED);
	__atomic_store_n(&ping_stage, 1, __ATOMIC_RELEASE);
	wake_up_all(&ping_wq);
	while (!__atomic_load_n(&pong_cpu, __ATOMIC_ACQUIRE) &&
	       uptime_ns() < end)
		yield();
	yield_until(&ping_stage, 1);
	sched_ktest_run_aps(false);
	KTEST_ASSERT(pong_cpu != 0);
}
