// SPDX-License-Identifier: GPL-2.0
/* basic: the harness itself, logging, descriptor tables, interrupts. */
#include <asm/cpu.h>
#include <asm/percpu.h>
#include <asm/segment.h>
#include <asm/traps.h>
#include <lib/format.h>
#include <lib/string.h>
#include <panda/ktest.h>
#include <panda/layout.h>
#include <panda/printk.h>
#include <panda/time.h>

KTEST(basic, harness_runs)
{
	KTEST_ASSERT(ktest_running());
}

KTEST(basic, logging)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%s %d 0x%lx", "fmt", -42, 0xabcUL);
	KTEST_ASSERT(!strcmp(buf, "fmt -42 0xabc"));
}

KTEST(basic, segments)
{
	uint16_t cs, ss, tr;

	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	__asm__ volatile("mov %%ss, %0" : "=r"(ss));
	__asm__ volatile("str %0" : "=r"(tr));
	KTEST_ASSERT_EQ(cs, GDT_KERNEL_CS);
	KTEST_ASSERT_EQ(ss, GDT_KERNEL_DS);
	KTEST_ASSERT_EQ(tr, GDT_TSS);
}

KTEST(basic, per_cpu_through_gs)
{
	struct cpu *c = this_cpu();

	KTEST_ASSERT(c != NULL);
	KTEST_ASSERT(c->self == c);
	KTEST_ASSERT_EQ(rdmsr(MSR_GS_BASE), (uint64_t)c);
	KTEST_ASSERT(c->tss.ist[IST_DOUBLE_FAULT - 1] != 0);
}

KTEST(basic, interrupts_enabled)
{
	KTEST_ASSERT(irqs_enabled());
}

KTEST(basic, breakpoint_returns)
{
	uint64_t before = this_cpu()->breakpoints;

	__asm__ volatile("int3");
	KTEST_ASSERT_EQ(this_cpu()->breakpoints, before + 1);
	KTEST_ASSERT(irqs_enabled());
}

static volatile unsigned int soft_irq_hits;

static void soft_irq(struct pt_regs *regs)
{
	soft_irq_hits++;
	KTEST_ASSERT_EQ(regs->vector, 0x80);
}

KTEST(basic, software_interrupt_dispatch)
{
	KTEST_ASSERT_EQ(set_irq_handler(0x80, soft_irq), 0);
	__asm__ volatile("int $0x80");
	__asm__ volatile("int $0x80");
	KTEST_ASSERT_EQ(soft_irq_hits, 2);
	set_irq_handler(0x80, NULL);
}

KTEST(basic, caught_fault_resumes)
{
	struct fault_catch fc;
	uint32_t zero = 0, quotient = 1;

	if (!catch_fault(&fc)) {
		__asm__ volatile("xorl %%edx, %%edx; divl %1"
				 : "+a"(quotient) : "r"(zero) : "rdx");
		uncatch_fault();
		KTEST_ASSERT(!"division by zero did not fault");
	}
	KTEST_ASSERT_EQ(fc.vector, X86_TRAP_DE);
}

KTEST(basic, clock_advances)
{
	uint64_t a = uptime_ns(), b;

	KTEST_ASSERT(tsc_khz() > 0);
	while ((b = uptime_ns()) == a)
		cpu_relax();
	KTEST_ASSERT(b > a);
}

KTEST(basic, runs_in_higher_half)
{
	uint64_t rip;

	__asm__ volatile("leaq (%%rip), %0" : "=r"(rip));
	KTEST_ASSERT(rip >= KERNEL_IMAGE_BASE);
}
