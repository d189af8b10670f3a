/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AP start-up internals (CONFIG_SMP, Documentation/smp.md): the block the
 * boot CPU fills in at trampoline_data before each STARTUP IPI.  Shared by
 * trampoline.S and smpboot.c.
 */
#ifndef _ASM_SMP_H
#define _ASM_SMP_H

#define TR_CR3		0	/* temporary PML4: below 4 GiB */
#define TR_CR4		4
#define TR_CR0		8
#define TR_EFER		16
#define TR_ENTRY	24	/* void entry(struct cpu *) in the higher half */
#define TR_STACK	32	/* top of the AP's first kernel stack */
#define TR_ARG		40	/* its struct cpu */
#define TR_DATA_SIZE	48

#ifndef __ASSEMBLY__
#include <panda/compiler.h>

struct trampoline_data {
	uint32_t cr3;
	uint32_t cr4;
	uint32_t cr0;
	uint32_t reserved;
	uint64_t efer;
	uint64_t entry;
	uint64_t stack;
	uint64_t arg;
};

_Static_assert(offsetof(struct trampoline_data, cr4) == TR_CR4, "tr");
_Static_assert(offsetof(struct trampoline_data, cr0) == TR_CR0, "tr");
_Static_assert(offsetof(struct trampoline_data, efer) == TR_EFER, "tr");
_Static_assert(offsetof(struct trampoline_data, entry) == TR_ENTRY, "tr");
_Static_assert(offsetof(struct trampoline_data, stack) == TR_STACK, "tr");
_Static_assert(offsetof(struct trampoline_data, arg) == TR_ARG, "tr");
_Static_assert(sizeof(struct trampoline_data) == TR_DATA_SIZE, "tr");

/* The position-independent blob smpboot.c copies below 1 MiB. */
extern const char trampoline_start[], trampoline_data[], trampoline_end[];

/* The IPI side (smp.c) for smpboot.c. */
struct cpu;
void smp_ipi_init(void);
void smp_cpu_online(struct cpu *c, unsigned int apic_id);
#endif

#endif /* _ASM_SMP_H */
