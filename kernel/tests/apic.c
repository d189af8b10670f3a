// SPDX-License-Identifier: GPL-2.0
/*
 * apic: ACPI tables, the local APIC and its timer, the I/O APIC
 * (devices.md 2 and 4, kernel.md 16.5).  The one-shot tests borrow the
 * timer vector with a handler of their own and give the periodic tick
 * back when they are done.
 */
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/io.h>
#include <asm/percpu.h>
#include <asm/traps.h>
#include <panda/acpi.h>
#include <panda/errno.h>
#include <panda/ktest.h>
#include <panda/time.h>
#include <panda/timer.h>

#define NS_PER_MS	1000000UL
#define PIT_CH0		0x40
#define PIT_CMD		0x43
#define PIT_VECTOR	0x22	/* 0x20 + GSI of IRQ 0 on q35 */

static volatile unsigned int hits;
static volatile uint64_t hit_vector;
static volatile bool rearm;

static void spin_ms(uint64_t ms)
{
	uint64_t end = uptime_ns() + ms * NS_PER_MS;

	while (uptime_ns() < end)
		cpu_relax();
}

/* Spins until hits >= n or ms have passed; returns hits. */
static unsigned int wait_hits(unsigned int n, uint64_t ms)
{
	uint64_t end = uptime_ns() + ms * NS_PER_MS;

	while (hits < n && uptime_ns() < end)
		cpu_relax();
	return hits;
}

static uint32_t ms_to_ticks(uint64_t ms)
{
	uint64_t t = apic_timer_ticks_per_ms() * ms;

	return t > 0xffffffffULL ? 0xffffffffu : (uint32_t)t;
}

static void test_timer_handler(struct pt_regs *regs)
{
	/* Only this CPU's timer is borrowed; the others keep ticking. */
	if (this_cpu()->id != 0)
		return;
	hits++;
	hit_vector = regs->vector;
	if (rearm)
		apic_timer_oneshot(ms_to_ticks(1));
}

/* Takes the timer vector: no periodic tick, nothing in flight. */
static void borrow_timer(void)
{
	apic_timer_stop();
	spin_ms(2);		/* a tick already raised is delivered here */
	hits = 0;
	hit_vector = 0;
	rearm = false;
	KTEST_ASSERT_EQ(set_irq_handler(TIMER_VECTOR, test_timer_handler), 0);
}

static void return_timer(void)
{
	rearm = false;
	apic_timer_stop();
	spin_ms(2);
	KTEST_ASSERT_EQ(set_irq_handler(TIMER_VECTOR, apic_timer_interrupt), 0);
	apic_timer_start_periodic();
}

KTEST(apic, madt_found_with_ioapic)
{
	const struct acpi_madt_info *m = acpi_madt();

	KTEST_ASSERT(m != NULL);
	KTEST_ASSERT(m->nr_ioapics >= 1);
	KTEST_ASSERT(m->ioapics[0].address != 0);
	KTEST_ASSERT(m->lapic_addr != 0);
	KTEST_ASSERT(m->nr_cpus >= 1);
}

KTEST(apic, mcfg_and_hpet_recorded)
{
	const struct acpi_mcfg_entry *e;
	unsigned int n;

	/* q35 has both; the MCFG is what PCI will use. */
	e = acpi_mcfg_entries(&n);
	KTEST_ASSERT(n >= 1 && e != NULL);
	KTEST_ASSERT(e[0].base != 0 && e[0].start_bus <= e[0].end_bus);
	KTEST_ASSERT(acpi_hpet() != NULL && acpi_hpet()->address != 0);
}

KTEST(apic, local_apic_enabled_with_spurious_vector)
{
	uint32_t svr = lapic_read(APIC_SPURIOUS);
	uint64_t flags;

	KTEST_ASSERT(rdmsr(MSR_APIC_BASE) & APIC_BASE_ENABLE);
	KTEST_ASSERT(svr & APIC_SPURIOUS_ENABLE);
	KTEST_ASSERT_EQ(svr & 0xff, SPURIOUS_VECTOR);
	KTEST_ASSERT_EQ(lapic_read(APIC_TPR) & 0xff, 0);
	/* The spurious vector keeps its no-EOI handler. */
	KTEST_ASSERT(set_irq_handler(SPURIOUS_VECTOR, test_timer_handler) != 0);
	flags = local_irq_save();
	__asm__ volatile("int $0xff");
	local_irq_restore(flags);
	KTEST_ASSERT(irqs_enabled());
}

KTEST(apic, legacy_pics_masked)
{
	KTEST_ASSERT_EQ(inb(0x21), 0xff);
	KTEST_ASSERT_EQ(inb(0xa1), 0xff);
}

KTEST(apic, calibration_in_range)
{
	uint64_t t = apic_timer_ticks_per_ms();

	KTEST_ASSERT(t > 1000);
	KTEST_ASSERT(t < 10000000);
}

KTEST(apic, periodic_tick_at_hz)
{
	uint32_t lvt = lapic_read(APIC_LVT_TIMER);
	uint64_t k0, k1, u0, u1, expected, got;

	KTEST_ASSERT_EQ(timer_hz(), CONFIG_HZ);
	KTEST_ASSERT_EQ(lvt & 0xff, TIMER_VECTOR);
	KTEST_ASSERT(lvt & APIC_LVT_PERIODIC);
	KTEST_ASSERT(!(lvt & APIC_LVT_MASKED));

	/*
	 * Start on a tick edge, count over a second of TSC time.  A loaded
	 * host can make QEMU drop ticks (never add them), so the check is
	 * that the clocks agree: no more ticks than time allows, and most of
	 * them there.  Rates are benchmarked, not asserted (make bench).
	 */
	k0 = timer_ticks();
	while (timer_ticks() == k0)
		cpu_relax();
	k0 = timer_ticks();
	u0 = uptime_ns();
	do {
		cpu_relax();
		u1 = uptime_ns();
	} while (u1 - u0 < 1000 * NS_PER_MS);
	k1 = timer_ticks();
	got = k1 - k0;
	expected = CONFIG_HZ * (u1 - u0) / 1000000000ULL;
	if (got * 100 < expected * 50 || got * 100 > expected * 105 + 100)
		panic("%lu ticks in %lu ms at HZ=%u: expected %lu (-50%%, +5%%)",
		      got, (u1 - u0) / NS_PER_MS, CONFIG_HZ, expected);
}

KTEST(apic, oneshot_fires)
{
	borrow_timer();
	apic_timer_oneshot(ms_to_ticks(1));
	KTEST_ASSERT(wait_hits(1, 100) == 1);
	KTEST_ASSERT_EQ(hit_vector, TIMER_VECTOR);
	spin_ms(10);			/* and only once */
	KTEST_ASSERT_EQ(hits, 1);
	return_timer();
}

KTEST(apic, rearm_from_handler)
{
	unsigned int n;

	borrow_timer();
	rearm = true;
	apic_timer_oneshot(ms_to_ticks(1));
	KTEST_ASSERT(wait_hits(5, 500) >= 5);
	rearm = false;
	apic_timer_stop();
	spin_ms(2);
	n = hits;
	spin_ms(20);
	KTEST_ASSERT_EQ(hits, n);	/* stopped means stopped */
	return_timer();
}

KTEST(apic, stop_prevents_firing)
{
	borrow_timer();
	apic_timer_oneshot(ms_to_ticks(100));
	apic_timer_stop();
	spin_ms(200);
	KTEST_ASSERT_EQ(hits, 0);
	KTEST_ASSERT_EQ(lapic_read(APIC_TIMER_CURRENT), 0);
	return_timer();
}

static uint64_t mix_loop(uint64_t n)
{
	uint64_t x = 0x9e3779b97f4a7c15ULL, acc = 0, i;

	for (i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		acc += x ^ i;
		barrier();
	}
	return acc;
}

KTEST(apic, execution_resumes_after_interrupts)
{
	uint64_t k0, with_irqs, without, flags;
	unsigned int rounds = 0;

	/* The reference result, computed with interrupts off... */
	flags = local_irq_save();
	without = mix_loop(10000000);
	local_irq_restore(flags);
	/* ...matches every run that the tick interrupted. */
	k0 = timer_ticks();
	do {
		with_irqs = mix_loop(10000000);
		KTEST_ASSERT_EQ(with_irqs, without);
	} while (timer_ticks() < k0 + 2 && ++rounds < 1000);
	KTEST_ASSERT(timer_ticks() >= k0 + 2);
	KTEST_ASSERT(irqs_enabled());
}

KTEST(apic, ioapic_entries_masked_unless_routed)
{
	unsigned int i, pin, gsi, masked = 0;
	uint64_t e;

	KTEST_ASSERT(ioapic_count() >= 1);
	KTEST_ASSERT_EQ(ioapic_nr_entries(0), 24);	/* q35 */
	for (i = 0; i < ioapic_count(); i++) {
		for (pin = 0; pin < ioapic_nr_entries(i); pin++) {
			gsi = ioapic_gsi_base(i) + pin;
			KTEST_ASSERT_EQ(ioapic_read_entry(gsi, &e), 0);
			if (ioapic_gsi_routed(gsi))
				continue;
			KTEST_ASSERT(e & IOAPIC_MASKED);
			masked++;
		}
	}
	KTEST_ASSERT(masked > 0);
	KTEST_ASSERT_EQ(ioapic_read_entry(ioapic_gsi_base(0) + 1000, &e),
			-ENOENT);
}

/*
 * Route and mask with interrupts off, so a line that is live (the SCI on
 * IRQ 9, say) is never delivered while the entry is inspected.
 */
static void check_route(unsigned int irq, unsigned int vector)
{
	const struct acpi_override *o = acpi_madt_find_override(acpi_madt(),
								irq);
	bool want_low = o && acpi_override_active_low(o->flags);
	bool want_level = o && acpi_override_level(o->flags);
	int gsi = ioapic_irq_to_gsi(irq);
	uint64_t e, flags;

	KTEST_ASSERT(gsi >= 0);
	KTEST_ASSERT_EQ(gsi, o ? o->gsi : irq);
	flags = local_irq_save();
	KTEST_ASSERT_EQ(ioapic_route_irq(irq, vector), 0);
	KTEST_ASSERT_EQ(ioapic_read_entry(gsi, &e), 0);
	KTEST_ASSERT(ioapic_gsi_routed(gsi));
	KTEST_ASSERT_EQ(ioapic_mask_irq(irq), 0);
	local_irq_restore(flags);

	KTEST_ASSERT_EQ(e & 0xff, vector);
	KTEST_ASSERT_EQ((e >> 8) & 7, 0);		/* fixed delivery */
	KTEST_ASSERT(!(e & (1u << 11)));		/* physical */
	KTEST_ASSERT_EQ(!!(e & IOAPIC_POLARITY_LOW), want_low);
	KTEST_ASSERT_EQ(!!(e & IOAPIC_TRIGGER_LEVEL), want_level);
	KTEST_ASSERT(!(e & IOAPIC_MASKED));
	KTEST_ASSERT_EQ(e >> 56, lapic_id());
	KTEST_ASSERT_EQ(ioapic_read_entry(gsi, &e), 0);
	KTEST_ASSERT(e & IOAPIC_MASKED);
	KTEST_ASSERT(!ioapic_gsi_routed(gsi));
}

KTEST(apic, ioapic_route_honours_overrides)
{
	const struct acpi_override *o0 = acpi_madt_find_override(acpi_madt(), 0);

	check_route(0, 0x40);	/* q35: IRQ 0 -> GSI 2, edge, high */
	check_route(9, 0x41);	/* q35: level, active high */
	check_route(4, 0x42);	/* no override: identity */
	/* A line whose GSI another line's override took cannot be routed. */
	if (o0 && o0->gsi != 0 && o0->gsi < 16)
		KTEST_ASSERT_EQ(ioapic_route_irq(o0->gsi, 0x43), -EBUSY);
	KTEST_ASSERT_EQ(ioapic_route_irq(4, 0x10), -EINVAL);
	KTEST_ASSERT_EQ(ioapic_route_irq(4, SPURIOUS_VECTOR), -EINVAL);
	KTEST_ASSERT_EQ(ioapic_route_irq(200, 0x44), -ENOENT);
}

static void pit_handler(struct pt_regs *regs)
{
	hits++;
	hit_vector = regs->vector;
}

/* End to end: PIT channel 0 -> IRQ 0 -> override -> GSI 2 -> vector. */
KTEST(apic, routed_pit_interrupt_arrives)
{
	uint16_t count = 1193;	/* 1 ms */
	uint64_t e;

	hits = 0;
	hit_vector = 0;
	KTEST_ASSERT_EQ(set_irq_handler(PIT_VECTOR, pit_handler), 0);
	KTEST_ASSERT_EQ(ioapic_route_irq(0, PIT_VECTOR), 0);
	outb(PIT_CMD, 0x30);		/* channel 0, lo/hi byte, mode 0 */
	outb(PIT_CH0, count & 0xff);
	outb(PIT_CH0, count >> 8);	/* OUT rises after 1 ms: one edge */
	KTEST_ASSERT(wait_hits(1, 200) >= 1);
	KTEST_ASSERT_EQ(hit_vector, PIT_VECTOR);
	KTEST_ASSERT_EQ(ioapic_mask_irq(0), 0);
	KTEST_ASSERT_EQ(ioapic_read_entry(ioapic_irq_to_gsi(0), &e), 0);
	KTEST_ASSERT(e & IOAPIC_MASKED);
	set_irq_handler(PIT_VECTOR, NULL);
}

KTEST(apic, periodic_tick_restored)
{
	uint64_t k0 = timer_ticks();
	uint32_t lvt = lapic_read(APIC_LVT_TIMER);

	KTEST_ASSERT_EQ(lvt & 0xff, TIMER_VECTOR);
	KTEST_ASSERT(lvt & APIC_LVT_PERIODIC);
	KTEST_ASSERT(!(lvt & APIC_LVT_MASKED));
	spin_ms(50);
	KTEST_ASSERT(timer_ticks() >= k0 + 2);
}
