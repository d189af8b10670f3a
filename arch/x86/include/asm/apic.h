/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Local APIC and I/O APIC (CONFIG_ACPI, devices.md section 4).
 *
 * apic_init() runs once at boot after acpi_init() and before interrupts
 * are enabled: it masks the 8259 pair, enables the local APIC (spurious
 * vector 0xff), masks every I/O APIC input, calibrates the local APIC
 * timer and starts the periodic tick (include/panda/timer.h).
 *
 * Vectors: 0x20 the local APIC timer; 0x20 + n is the conventional vector
 * for legacy line n routed through the I/O APIC (kernel.md 6.4); the 8259s
 * are reprogrammed to 0xe0-0xef and masked; 0xfb and 0xfc are IPIs (SMP);
 * 0xfe the (masked) APIC error vector; 0xff spurious.
 */
#ifndef _ASM_APIC_H
#define _ASM_APIC_H

#include <panda/compiler.h>

/* Local APIC registers (offsets from the MMIO base). */
#define APIC_ID			0x020	/* bits 31:24 */
#define APIC_VERSION		0x030
#define APIC_TPR		0x080
#define APIC_EOI		0x0b0
#define APIC_SPURIOUS		0x0f0
#define APIC_ESR		0x280
#define APIC_ICR_LOW		0x300
#define APIC_ICR_HIGH		0x310	/* destination in bits 31:24 */
#define APIC_LVT_TIMER		0x320
#define APIC_LVT_LINT0		0x350
#define APIC_LVT_LINT1		0x360
#define APIC_LVT_ERROR		0x370
#define APIC_TIMER_INITIAL	0x380
#define APIC_TIMER_CURRENT	0x390
#define APIC_TIMER_DIVIDE	0x3e0

#define APIC_SPURIOUS_ENABLE	(1u << 8)
#define APIC_LVT_MASKED		(1u << 16)
#define APIC_LVT_PERIODIC	(1u << 17)	/* timer mode bits 18:17 = 01 */
#define APIC_TIMER_DIV16	0x3

/* Interrupt command register (low word). */
#define APIC_DM_FIXED		0x000
#define APIC_DM_INIT		0x500
#define APIC_DM_STARTUP		0x600	/* vector = page number of the code */
#define APIC_ICR_BUSY		(1u << 12)	/* delivery status: pending */
#define APIC_INT_ASSERT		(1u << 14)

#define MSR_APIC_BASE		0x1b
#define APIC_BASE_BSP		(1UL << 8)
#define APIC_BASE_X2APIC	(1UL << 10)
#define APIC_BASE_ENABLE	(1UL << 11)
#define APIC_BASE_ADDR_MASK	0x000ffffffffff000UL

#define TIMER_VECTOR		0x20
#define PIC_VECTOR_BASE		0xe0	/* 8259 master 0xe0-0xe7, slave 0xe8-0xef */
#define APIC_ERROR_VECTOR	0xfe	/* LVT error: programmed masked */
/* IPIs (CONFIG_SMP, Documentation/smp.md). */
#define CALL_FUNCTION_VECTOR	0xfb
#define RESCHEDULE_VECTOR	0xfc	/* a task was queued / kill pending */

/* I/O APIC: index and data window, registers, redirection entry bits. */
#define IOAPIC_REGSEL		0x00
#define IOAPIC_WINDOW		0x10
#define IOAPIC_MMIO_SIZE	0x20
#define IOAPIC_REG_ID		0x00
#define IOAPIC_REG_VERSION	0x01
#define IOAPIC_REG_REDTBL	0x10	/* entry n: 0x10 + 2n (low), + 1 (high) */
#define IOAPIC_POLARITY_LOW	(1u << 13)
#define IOAPIC_TRIGGER_LEVEL	(1u << 15)
#define IOAPIC_MASKED		(1u << 16)

struct pt_regs;

#ifdef CONFIG_ACPI
void apic_init(void);

/*
 * End of interrupt.  Lock-free and safe from any interrupt handler; a
 * no-op before apic_init().  do_interrupt() sends it after the handler of
 * every vector >= 32 but the spurious one.
 */
void lapic_eoi(void);
uint32_t lapic_read(unsigned int reg);
void lapic_write(unsigned int reg, uint32_t val);
unsigned int lapic_id(void);

#ifdef CONFIG_SMP
/* An AP's own local APIC, programmed as the boot CPU's (no timer). */
void lapic_init_ap(void);
/*
 * Send an IPI to the local APIC id dest; icr is APIC_DM_* | APIC_INT_ASSERT
 * | vector.  False if the APIC did not accept it within a second.
 */
bool lapic_send_ipi(unsigned int dest, uint32_t icr);
#endif

/* The handler apic_init() installs on TIMER_VECTOR (tests restore it). */
void apic_timer_interrupt(struct pt_regs *regs);

/* I/O APIC (arch/x86/kernel/ioapic.c); ioapic_init() is apic_init()'s. */
void ioapic_init(void);

/*
 * Route legacy IRQ line isa_irq to vector on this CPU: the MADT's
 * interrupt source override for it (bus 0) gives the GSI, polarity and
 * trigger mode; without one the GSI is isa_irq, active high, edge
 * triggered.  The entry is written masked, then unmasked.  Returns 0,
 * -EINVAL (vector outside 0x20-0xfe), -ENOENT (no I/O APIC input for the
 * GSI) or -EBUSY (an ISA line without an override whose GSI another
 * line's override took, e.g. IRQ 2 when IRQ 0 goes to GSI 2).
 */
int ioapic_route_irq(unsigned int isa_irq, unsigned int vector);

/* Mask the line again; returns 0, -ENOENT or -EBUSY as above. */
int ioapic_mask_irq(unsigned int isa_irq);

/* The GSI isa_irq is wired to (>= 0), or -ENOENT / -EBUSY. */
int ioapic_irq_to_gsi(unsigned int isa_irq);

unsigned int ioapic_count(void);
/* Redirection entries of I/O APIC idx (0 if there is no such I/O APIC). */
unsigned int ioapic_nr_entries(unsigned int idx);
/* GSI of the first entry of I/O APIC idx. */
unsigned int ioapic_gsi_base(unsigned int idx);
/* The 64-bit redirection entry of gsi: 0 or -ENOENT. */
int ioapic_read_entry(unsigned int gsi, uint64_t *entry);
/* True while gsi is routed by ioapic_route_irq(). */
bool ioapic_gsi_routed(unsigned int gsi);
#else
static inline void lapic_eoi(void) { }
#endif

#endif /* _ASM_APIC_H */
