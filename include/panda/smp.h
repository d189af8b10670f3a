/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Multi-CPU support (CONFIG_SMP, Documentation/smp.md): the application
 * processors are started at boot and run tasks from the one run queue
 * like the boot CPU.  CPU ids are dense: 0 is the boot CPU, 1..n-1 the
 * APs in the order they came online.
 */
#ifndef _PANDA_SMP_H
#define _PANDA_SMP_H

#include <panda/compiler.h>

typedef void (*smp_call_func_t)(void *arg);

#ifdef CONFIG_SMP
#define NR_CPUS		CONFIG_NR_CPUS

/* Starts the APs of the MADT; after apic_init(), interrupts still off. */
void smp_init(void);

unsigned int num_online_cpus(void);
/* The local APIC id of CPU cpu (-1 if it is not online). */
int cpu_apic_id(unsigned int cpu);
struct cpu;
/* The per-CPU area of CPU cpu, or NULL if it is not online. */
struct cpu *cpu_struct(unsigned int cpu);
/* The reschedule IPI: CPU cpu sets need_resched and looks at the queue. */
void smp_send_reschedule(unsigned int cpu);

/*
 * Run fn(arg) on CPU cpu, from its call-function IPI (interrupts off
 * there); on this CPU it runs at once with interrupts off.  With wait the
 * caller spins until fn has returned, serving calls sent to it meanwhile
 * (so two CPUs calling each other with interrupts off cannot deadlock);
 * without, the request is copied (kmalloc) and the call returns once it
 * is queued.  Returns 0, -ENOENT (cpu not online) or -ENOMEM.
 */
int smp_call_function_single(unsigned int cpu, smp_call_func_t fn, void *arg,
			     bool wait);
/*
 * The same on every other online CPU.  Without wait every request is
 * allocated before any is sent: -ENOMEM means none was.
 */
int smp_call_function_all(smp_call_func_t fn, void *arg, bool wait);

/*
 * Drop the translations of the kernel-half range [start, end) from every
 * CPU's TLB; returns once all have.  Call it after clearing the entries
 * and before reusing the frames or the virtual range.
 */
void flush_tlb_kernel_range(uint64_t start, uint64_t end);
#else
static inline void smp_init(void) { }
static inline unsigned int num_online_cpus(void) { return 1; }
/* One CPU: unmap_page() and friends already flushed the local TLB. */
static inline void flush_tlb_kernel_range(uint64_t start, uint64_t end) { }
#endif

#endif /* _PANDA_SMP_H */
