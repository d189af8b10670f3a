/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU data, reached through the GS base.  In kernel mode GS_BASE points
 * at the CPU's struct cpu (KERNEL_GS_BASE holds the user's value while the
 * kernel runs).  The first fields are at fixed offsets for assembly.
 */
#ifndef _ASM_PERCPU_H
#define _ASM_PERCPU_H

#include <asm/segment.h>

#define CPU_USER_RSP	0	/* scratch: user RSP on syscall entry */
#define CPU_KERNEL_RSP	8	/* top of the current kernel stack */
#define CPU_SELF	16
#define CPU_FAULT_CATCH	24
#define CPU_CURRENT	32	/* the running task */

#ifndef __ASSEMBLY__
#include <panda/compiler.h>

struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __packed;

struct fault_catch;
struct task;
struct address_space;

struct cpu {
	uint64_t user_rsp;
	uint64_t kernel_rsp;
	struct cpu *self;
	struct fault_catch *fault_catch;	/* armed by catch_fault() */
	struct task *current;			/* the running task */
	unsigned int id;
	bool need_resched;			/* set by the tick and wake-ups */
	uint64_t breakpoints;			/* #BP count */
	struct task *idle;			/* this CPU's idle task */
	struct address_space *as;		/* user tables loaded, or NULL */
	uint64_t slice;				/* ticks of the current slice */
	uint64_t user_runs;			/* user tasks switched in */
	uint64_t gdt[GDT_ENTRIES] __aligned(16);
	struct tss tss __aligned(16);
};

_Static_assert(offsetof(struct cpu, kernel_rsp) == CPU_KERNEL_RSP, "cpu");
_Static_assert(offsetof(struct cpu, self) == CPU_SELF, "cpu");
_Static_assert(offsetof(struct cpu, fault_catch) == CPU_FAULT_CATCH, "cpu");
_Static_assert(offsetof(struct cpu, current) == CPU_CURRENT, "cpu");

static inline struct cpu *this_cpu(void)
{
	struct cpu *c;

	__asm__ volatile("movq %%gs:%c1, %0" : "=r"(c) : "i"(CPU_SELF));
	return c;
}

/* The task running on this CPU; never a global (SMP-ready). */
static inline struct task *current_task(void)
{
	struct task *t;

	__asm__ volatile("movq %%gs:%c1, %0" : "=r"(t) : "i"(CPU_CURRENT));
	return t;
}

void cpu_init(void);
/* Loads c's GDT and TSS (IST slots filled in first) and GS base here. */
void cpu_load(struct cpu *c);
void cpu_set_kernel_stack(uint64_t top);
void cpu_init_stacks(void);
#endif

#endif
