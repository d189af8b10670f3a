// SPDX-License-Identifier: GPL-2.0
/*
 * The IDT and the C side of every interrupt: exceptions (kernel.md 6.4),
 * the spurious vector, and device/timer vectors dispatched to handlers.
 */
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/percpu.h>
#include <asm/segment.h>
#include <asm/traps.h>
#include <panda/errno.h>
#include <panda/panic.h>
#include <panda/printk.h>
#include <panda/process.h>
#include <panda/uaccess.h>
#include <panda/vm.h>

struct idt_gate {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
} __packed;

#define GATE_INTERRUPT	0x8e	/* present, DPL 0, 64-bit interrupt gate */
#define GATE_DPL3	0x60

extern const uint64_t interrupt_stub_table[256];
static struct idt_gate idt[256] __aligned(16);
static irq_handler_t irq_handlers[256];

static const char *const exception_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow",
	"bound range", "invalid opcode", "device not available",
	"double fault", "coprocessor overrun", "invalid TSS",
	"segment not present", "stack fault", "general protection",
	"page fault", "reserved", "x87 FP error", "alignment check",
	"machine check", "SIMD FP error", "virtualization",
	"control protection",
};

const char *exception_name(unsigned int vector)
{
	if (vector < 32)
		return exception_names[vector] ? exception_names[vector]
					       : "reserved";
	if (vector == SPURIOUS_VECTOR)
		return "spurious";
	return "interrupt";
}

static void set_gate(unsigned int v, uint64_t handler, uint8_t ist,
		     uint8_t attr)
{
	idt[v].offset_lo = handler & 0xffff;
	idt[v].selector = GDT_KERNEL_CS;
	idt[v].ist = ist;
	idt[v].type_attr = attr;
	idt[v].offset_mid = (handler >> 16) & 0xffff;
	idt[v].offset_hi = handler >> 32;
	idt[v].reserved = 0;
}

/* The one IDT, shared by every CPU. */
void idt_load(void)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __packed idtr = { sizeof(idt) - 1, (uint64_t)idt };

	__asm__ volatile("lidt %0" : : "m"(idtr));
}

void idt_init(void)
{
	unsigned int v;

	for (v = 0; v < 256; v++)
		set_gate(v, interrupt_stub_table[v], 0, GATE_INTERRUPT);
	/* int3 is allowed from user mode (logged, not a fault). */
	set_gate(X86_TRAP_BP, interrupt_stub_table[X86_TRAP_BP], 0,
		 GATE_INTERRUPT | GATE_DPL3);
	idt_load();
}

/* Moves the fatal-if-nested exceptions to their IST stacks. */
void idt_use_ist(void)
{
	set_gate(X86_TRAP_DF, interrupt_stub_table[X86_TRAP_DF],
		 IST_DOUBLE_FAULT, GATE_INTERRUPT);
	set_gate(X86_TRAP_NMI, interrupt_stub_table[X86_TRAP_NMI], IST_NMI,
		 GATE_INTERRUPT);
	set_gate(X86_TRAP_MC, interrupt_stub_table[X86_TRAP_MC],
		 IST_MACHINE_CHECK, GATE_INTERRUPT);
}

int set_irq_handler(unsigned int vector, irq_handler_t handler)
{
	if (vector < 32 || vector >= 256 || vector == SPURIOUS_VECTOR)
		return -EINVAL;
	irq_handlers[vector] = handler;
	return 0;
}

/* Resumes at the armed catch_fault() with RAX = 1. */
static bool fixup_caught_fault(struct pt_regs *regs)
{
	struct cpu *c = this_cpu();
	struct fault_catch *fc = c->fault_catch;

	if (!fc || user_mode(regs))
		return false;
	c->fault_catch = NULL;
	fc->vector = regs->vector;
	fc->error_code = regs->error_code;
	fc->cr2 = read_cr2();
	fc->fault_rip = regs->rip;
	regs->rip = fc->rip;
	regs->rsp = fc->rsp;
	regs->rbx = fc->rbx;
	regs->rbp = fc->rbp;
	regs->r12 = fc->r12;
	regs->r13 = fc->r13;
	regs->r14 = fc->r14;
	regs->r15 = fc->r15;
	regs->rax = 1;
	return true;
}

static void do_exception(struct pt_regs *regs)
{
	switch (regs->vector) {
	case X86_TRAP_BP:
		this_cpu()->breakpoints++;
		pr_debug("breakpoint at 0x%lx", regs->rip - 1);
		return;
	case X86_TRAP_DB:
		/* From user mode (TF, icebp): a fault like any other (4.4). */
		if (user_mode(regs))
			break;
		pr_debug("debug exception at 0x%lx", regs->rip);
		return;
	case X86_TRAP_PF:
		/* Demand paging, for user code and for the kernel's user copies. */
		if (read_cr2() < PANDA_USER_TOP &&
		    handle_user_page_fault(read_cr2(), regs->error_code))
			return;
		break;
	}
	if (user_mode(regs))
		kill_current_on_fault(regs);	/* does not return */
	if (fixup_exception(regs))
		return;		/* a user copy hit a bad user address */
	if (regs->vector != X86_TRAP_DF && regs->vector != X86_TRAP_MC &&
	    fixup_caught_fault(regs))
		return;
	panic_regs(regs, __FILE__, __LINE__, "unhandled %s exception",
		   exception_name(regs->vector));
}

void do_interrupt(struct pt_regs *regs)
{
	irq_handler_t h;

	if (regs->vector < 32) {
		do_exception(regs);
		return;
	}
	if (regs->vector == SPURIOUS_VECTOR)
		return;		/* no EOI for the spurious vector */
	h = irq_handlers[regs->vector];
	if (h)
		h(regs);
	else
		pr_debug("unexpected interrupt vector %lu", regs->vector);
	lapic_eoi();	/* after the handler: its device is quiet by now */
}
