/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _ASM_TRAPS_H
#define _ASM_TRAPS_H

#include <asm/ptrace.h>

#define X86_TRAP_DE	0
#define X86_TRAP_DB	1
#define X86_TRAP_NMI	2
#define X86_TRAP_BP	3
#define X86_TRAP_UD	6
#define X86_TRAP_NM	7
#define X86_TRAP_DF	8
#define X86_TRAP_TS	10
#define X86_TRAP_NP	11
#define X86_TRAP_SS	12
#define X86_TRAP_GP	13
#define X86_TRAP_PF	14
#define X86_TRAP_MF	16
#define X86_TRAP_AC	17
#define X86_TRAP_MC	18
#define X86_TRAP_XM	19
#define SPURIOUS_VECTOR	0xff

/* Page-fault error code bits. */
#define PF_PROT		(1 << 0)
#define PF_WRITE	(1 << 1)
#define PF_USER		(1 << 2)
#define PF_RSVD		(1 << 3)
#define PF_INSTR	(1 << 4)

typedef void (*irq_handler_t)(struct pt_regs *regs);

void idt_init(void);
void idt_load(void);
void idt_use_ist(void);
int set_irq_handler(unsigned int vector, irq_handler_t handler);
void do_interrupt(struct pt_regs *regs);
const char *exception_name(unsigned int vector);

/*
 * Catch one expected kernel-mode exception (tests, and later user copies).
 * catch_fault() returns 0 when armed; if an exception hits before
 * uncatch_fault(), execution resumes at that catch_fault() returning 1 with
 * the details in *fc.  The catcher is disarmed either way.
 */
struct fault_catch {
	uint64_t rip, rsp, rbx, rbp, r12, r13, r14, r15;	/* resume */
	uint64_t vector, error_code, cr2, fault_rip;		/* result */
};
int catch_fault(struct fault_catch *fc) __attribute__((returns_twice));
void uncatch_fault(void);

#endif
