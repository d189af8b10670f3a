/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The periodic timer tick (CONFIG_ACPI: the local APIC timer on vector
 * 0x20, arch/x86/kernel/apic.c) and the one-shot helpers of the APIC timer.
 *
 * The tick runs at CONFIG_HZ from apic_init() on.  Each timer interrupt,
 * with interrupts off: the tick count is incremented, the local APIC EOI
 * is sent, then the tick hook (if any) is called with the interrupted
 * registers.  Because the EOI has already gone out, the hook may switch
 * to another context without returning first; the EOI do_interrupt()
 * sends on the way out is then redundant and harmless (handlers never
 * nest: they run with interrupts off).
 *
 * Wall time is uptime_ns() (the TSC); timer_ticks() only counts ticks.
 */
#ifndef _PANDA_TIMER_H
#define _PANDA_TIMER_H

#include <panda/compiler.h>

struct pt_regs;

/* Timer interrupts since the tick started (0 before). */
uint64_t timer_ticks(void);

/* The tick rate, CONFIG_HZ. */
unsigned int timer_hz(void);

/* Install (or with NULL remove) the function called on every tick. */
void timer_set_tick_hook(void (*hook)(struct pt_regs *regs));

/* APIC timer input clock (divide by 16) in ticks per millisecond. */
uint64_t apic_timer_ticks_per_ms(void);

/*
 * Stop the periodic tick and fire vector 0x20 once after ticks APIC timer
 * ticks (0 only stops the timer).  Safe from interrupt context, e.g. to
 * re-arm from the handler.
 */
void apic_timer_oneshot(uint32_t ticks);

/* Stop the timer (masked, count 0): no further timer interrupt. */
void apic_timer_stop(void);

/* (Re)start the periodic tick at CONFIG_HZ. */
void apic_timer_start_periodic(void);

#endif /* _PANDA_TIMER_H */
