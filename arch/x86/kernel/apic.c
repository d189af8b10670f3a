// SPDX-License-Identifier: GPL-2.0
/*
 * Local APIC, legacy 8259 masking and the APIC timer tick (devices.md
 * sections 4.1, 4.2 and 4.4; asm/apic.h, panda/timer.h).
 *
 * Timer calibration: the APIC timer (divide by 16) counts down from
 * 0xffffffff while the TSC measures 10 ms; ticks per ms = counted ticks /
 * elapsed TSC time.  The TSC itself was calibrated against PIT channel 2
 * by tsc_calibrate() and is the kernel's clock (uptime_ns()), so the tick
 * and the clock agree by construction.  Three runs are made and the
 * median is kept, which discards one run stretched by a host preemption
 * (under virtualisation).  The HPET, when present, is only recorded.
 */
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/io.h>
#include <asm/percpu.h>
#include <asm/traps.h>
#include <panda/acpi.h>
#include <panda/mm.h>
#include <panda/panic.h>
#include <panda/printk.h>
#include <panda/spinlock.h>
#include <panda/time.h>
#include <panda/timer.h>

#define CALIBRATE_NS	10000000ULL	/* 10 ms per run */
#define CALIBRATE_RUNS	3

#define PIC1_CMD	0x20
#define PIC1_DATA	0x21
#define PIC2_CMD	0xa0
#define PIC2_DATA	0xa1

/* Written once in apic_init(), then only read: EOI needs no lock. */
static volatile uint32_t *lapic;
static phys_addr_t lapic_phys;

static spinlock_t timer_lock = SPINLOCK_INIT;	/* LVT timer + counts */
static uint64_t ticks_per_ms;
static uint32_t periodic_count;
static volatile uint64_t ticks;
static void (*tick_hook)(struct pt_regs *regs);

uint32_t lapic_read(unsigned int reg)
{
	return lapic[reg / 4];
}

void lapic_write(unsigned int reg, uint32_t val)
{
	lapic[reg / 4] = val;
}

void lapic_eoi(void)
{
	volatile uint32_t *l = lapic;

	if (l)
		l[APIC_EOI / 4] = 0;
}

unsigned int lapic_id(void)
{
	return lapic_read(APIC_ID) >> 24;
}

/* ---------------------------------------------------------------- 8259 */

static void io_delay(void)
{
	outb(0x80, 0);
}

/*
 * Reinitialise both 8259s with their vectors moved to 0xe0-0xef, clear of
 * the exception range and of the I/O APIC vectors, and mask every line.
 * Nothing should arrive from them; if a stray interrupt does, it lands on
 * a vector do_interrupt() reports instead of on an exception.
 */
static void pic_disable(void)
{
	outb(PIC1_DATA, 0xff);
	outb(PIC2_DATA, 0xff);
	outb(PIC1_CMD, 0x11);			/* ICW1: init, ICW4 follows */
	io_delay();
	outb(PIC2_CMD, 0x11);
	io_delay();
	outb(PIC1_DATA, PIC_VECTOR_BASE);	/* ICW2: vector base */
	io_delay();
	outb(PIC2_DATA, PIC_VECTOR_BASE + 8);
	io_delay();
	outb(PIC1_DATA, 1 << 2);		/* ICW3: slave on line 2 */
	io_delay();
	outb(PIC2_DATA, 2);			/* ICW3: cascade identity */
	io_delay();
	outb(PIC1_DATA, 0x01);			/* ICW4: 8086 mode */
	io_delay();
	outb(PIC2_DATA, 0x01);
	io_delay();
	outb(PIC1_DATA, 0xff);			/* OCW1: all masked */
	outb(PIC2_DATA, 0xff);
	pr_debug("APIC: 8259 pair moved to vectors 0x%x-0x%x, all lines masked",
		 PIC_VECTOR_BASE, PIC_VECTOR_BASE + 15);
}

/* ---------------------------------------------------------------- LAPIC */

/*
 * Hardware-enable this CPU's local APIC in xAPIC mode.  If the firmware
 * left x2APIC mode on, MMIO access does not work: leaving x2APIC requires
 * going through the disabled state (SDM 10.12.5).  Returns the base MSR.
 */
static uint64_t lapic_hw_enable(void)
{
	uint64_t base = rdmsr(MSR_APIC_BASE);

	if (base & APIC_BASE_X2APIC) {
		base &= ~(APIC_BASE_X2APIC | APIC_BASE_ENABLE);
		wrmsr(MSR_APIC_BASE, base);
	}
	if (!(base & APIC_BASE_ENABLE)) {
		base |= APIC_BASE_ENABLE;
		wrmsr(MSR_APIC_BASE, base);
		base = rdmsr(MSR_APIC_BASE);
		if (!(base & APIC_BASE_ENABLE))	/* some CPUs need a reset */
			panic("APIC: the local APIC is disabled and cannot be re-enabled (APIC base MSR 0x%lx)",
			      base);
	}
	return base;
}

/*
 * This CPU's local APIC registers, on every CPU: the mapping is shared,
 * each CPU reaches its own APIC at the same address.
 */
static void lapic_setup(void)
{
	/* Timer, LINT0 (ExtINT from the 8259s) and errors masked. */
	lapic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | TIMER_VECTOR);
	lapic_write(APIC_TIMER_INITIAL, 0);
	lapic_write(APIC_LVT_LINT0, APIC_LVT_MASKED);
	lapic_write(APIC_LVT_ERROR, APIC_LVT_MASKED | APIC_ERROR_VECTOR);
	lapic_write(APIC_ESR, 0);		/* back-to-back: clears it */
	lapic_write(APIC_ESR, 0);
	lapic_write(APIC_TPR, 0);
	/* Software enable with the spurious vector (handler: no EOI). */
	lapic_write(APIC_SPURIOUS, APIC_SPURIOUS_ENABLE | SPURIOUS_VECTOR);
	/* Anything the firmware left in service. */
	lapic_eoi();
}

static void lapic_enable(const struct acpi_madt_info *madt)
{
	uint32_t a, b, c, d;
	uint64_t base;

	cpuid(1, 0, &a, &b, &c, &d);
	if (!(d & (1u << 9)))
		panic("APIC: this CPU has no local APIC");

	base = lapic_hw_enable();

	lapic_phys = madt->lapic_addr;
	if (!lapic_phys) {
		lapic_phys = base & APIC_BASE_ADDR_MASK;
		pr_warn("APIC: the MADT gives no local APIC address: using 0x%lx from the APIC base MSR",
			lapic_phys);
	} else if (lapic_phys != (base & APIC_BASE_ADDR_MASK)) {
		pr_warn("APIC: MADT local APIC address 0x%lx differs from the APIC base MSR (0x%lx)",
			lapic_phys, base & APIC_BASE_ADDR_MASK);
	}
	lapic = ioremap(lapic_phys, PAGE_SIZE);
	if (!lapic)
		panic("APIC: cannot map the local APIC at 0x%lx", lapic_phys);
	lapic_setup();

	pr_info("APIC: local APIC id %u, version 0x%x, at 0x%lx (%s); spurious vector 0x%x",
		lapic_id(), lapic_read(APIC_VERSION) & 0xff, lapic_phys,
		(base & APIC_BASE_BSP) ? "boot CPU" : "application CPU",
		SPURIOUS_VECTOR);
}

#ifdef CONFIG_SMP
/* An application processor's local APIC: as the boot CPU's, no timer. */
void lapic_init_ap(void)
{
	uint64_t base = lapic_hw_enable();

	if ((base & APIC_BASE_ADDR_MASK) != lapic_phys)
		panic("APIC: CPU with local APIC id %u has its APIC at 0x%lx, not 0x%lx",
		      lapic_id(), base & APIC_BASE_ADDR_MASK, lapic_phys);
	lapic_setup();
}

/*
 * Send an IPI (icr: delivery mode, level, vector) to the local APIC id
 * dest and wait until this APIC has accepted it for delivery.  Interrupts
 * are off across the two ICR writes: a handler's IPI between them would
 * change the destination.  Returns false if it never left (1 s).
 */
bool lapic_send_ipi(unsigned int dest, uint32_t icr)
{
	uint64_t flags, end;
	bool busy;

	flags = local_irq_save();
	lapic_write(APIC_ICR_HIGH, dest << 24);
	lapic_write(APIC_ICR_LOW, icr);
	end = uptime_ns() + 1000000000ULL;
	while ((busy = lapic_read(APIC_ICR_LOW) & APIC_ICR_BUSY) &&
	       uptime_ns() < end)
		cpu_relax();
	local_irq_restore(flags);
	return !busy;
}
#endif

/* ---------------------------------------------------------------- timer */

uint64_t timer_ticks(void)
{
	return ticks;
}

unsigned int timer_hz(void)
{
	return CONFIG_HZ;
}

void timer_set_tick_hook(void (*hook)(struct pt_regs *regs))
{
	WRITE_ONCE(tick_hook, hook);
}

uint64_t apic_timer_ticks_per_ms(void)
{
	return ticks_per_ms;
}

void apic_timer_interrupt(struct pt_regs *regs)
{
	void (*hook)(struct pt_regs *regs);

	/* Only the boot CPU's tick counts (the others' only preempt). */
	if (this_cpu()->id == 0)
		ticks = ticks + 1;	/* only written here, interrupts off */
	lapic_eoi();
	hook = READ_ONCE(tick_hook);
	if (hook)
		hook(regs);
}

void apic_timer_oneshot(uint32_t count)
{
	uint64_t flags;

	spin_lock_irqsave(&timer_lock, flags);
	lapic_write(APIC_TIMER_INITIAL, 0);
	lapic_write(APIC_TIMER_DIVIDE, APIC_TIMER_DIV16);
	lapic_write(APIC_LVT_TIMER, TIMER_VECTOR);	/* one-shot, unmasked */
	lapic_write(APIC_TIMER_INITIAL, count);
	spin_unlock_irqrestore(&timer_lock, flags);
}

void apic_timer_stop(void)
{
	uint64_t flags;

	spin_lock_irqsave(&timer_lock, flags);
	lapic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | TIMER_VECTOR);
	lapic_write(APIC_TIMER_INITIAL, 0);
	spin_unlock_irqrestore(&timer_lock, flags);
}

void apic_timer_start_periodic(void)
{
	uint64_t flags;

	spin_lock_irqsave(&timer_lock, flags);
	lapic_write(APIC_TIMER_INITIAL, 0);
	lapic_write(APIC_TIMER_DIVIDE, APIC_TIMER_DIV16);
	lapic_write(APIC_LVT_TIMER, APIC_LVT_PERIODIC | TIMER_VECTOR);
	lapic_write(APIC_TIMER_INITIAL, periodic_count);
	spin_unlock_irqrestore(&timer_lock, flags);
}

/* One run: APIC timer ticks per ms over CALIBRATE_NS of TSC time. */
static uint64_t calibrate_run(void)
{
	uint64_t t0, t1;
	uint32_t left;

	lapic_write(APIC_TIMER_DIVIDE, APIC_TIMER_DIV16);
	lapic_write(APIC_LVT_TIMER, APIC_LVT_MASKED | TIMER_VECTOR);
	lapic_write(APIC_TIMER_INITIAL, 0xffffffff);
	t0 = uptime_ns();
	do {
		cpu_relax();
		t1 = uptime_ns();
	} while (t1 - t0 < CALIBRATE_NS);
	left = lapic_read(APIC_TIMER_CURRENT);
	lapic_write(APIC_TIMER_INITIAL, 0);
	if (!left)		/* ran out: faster than 429 GHz / 16 */
		return 0;
	return (uint64_t)(0xffffffffu - left) * 1000000ULL / (t1 - t0);
}

static void timer_calibrate(void)
{
	uint64_t r[CALIBRATE_RUNS], tmp;
	unsigned int i, j;

	for (i = 0; i < CALIBRATE_RUNS; i++)
		r[i] = calibrate_run();
	for (i = 1; i < CALIBRATE_RUNS; i++)		/* insertion sort */
		for (j = i; j > 0 && r[j - 1] > r[j]; j--) {
			tmp = r[j];
			r[j] = r[j - 1];
			r[j - 1] = tmp;
		}
	ticks_per_ms = r[CALIBRATE_RUNS / 2];
	if (!ticks_per_ms)
		panic("APIC: timer calibration failed (runs: %lu %lu %lu ticks/ms)",
		      r[0], r[1], r[2]);
	if (ticks_per_ms <= 1000 || ticks_per_ms >= 10000000)
		pr_warn("APIC: timer calibrated to an implausible %lu ticks/ms",
			ticks_per_ms);
}

static void timer_start(void)
{
	uint64_t count = ticks_per_ms * 1000 / CONFIG_HZ;

	if (count > 0xffffffffULL)
		count = 0xffffffffULL;
	if (!count)
		count = 1;
	periodic_count = (uint32_t)count;
	if (set_irq_handler(TIMER_VECTOR, apic_timer_interrupt))
		panic("APIC: cannot install the timer handler");
	apic_timer_start_periodic();
	pr_info("APIC timer: %lu ticks/ms (divide by 16, calibrated against the TSC), periodic tick %u Hz on vector 0x%x",
		ticks_per_ms, CONFIG_HZ, TIMER_VECTOR);
}

/* ---------------------------------------------------------------- init */

void apic_init(void)
{
	const struct acpi_madt_info *madt = acpi_madt();

	BUG_ON(irqs_enabled());
	if (!madt)
		panic("APIC: no MADT (acpi_init() must run first)");
	if (madt->flags & ACPI_MADT_PCAT_COMPAT)
		pic_disable();
	lapic_enable(madt);
	ioapic_init();
	timer_calibrate();
	timer_start();
}
