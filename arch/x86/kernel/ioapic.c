// SPDX-License-Identifier: GPL-2.0
/*
 * I/O APICs (devices.md section 4.3, asm/apic.h).  Every I/O APIC of the
 * MADT is mapped (uncached) and all its inputs are masked at boot; drivers
 * then route the lines they use with ioapic_route_irq().
 *
 * Registers are reached through an index/data pair, so every access holds
 * ioapic_lock (interrupts off): a handler must not interleave its own
 * IOREGSEL write between another path's select and data access.
 */
#include <asm/apic.h>
#include <asm/traps.h>
#include <panda/acpi.h>
#include <panda/errno.h>
#include <panda/mm.h>
#include <panda/panic.h>
#include <panda/printk.h>
#include <panda/spinlock.h>

#define IOAPIC_MAX_PINS	256	/* the entry count is an 8-bit field + 1 */

struct ioapic {
	volatile uint32_t *regs;
	uint8_t id;
	uint32_t gsi_base;
	unsigned int nr_entries;
	uint64_t routed[IOAPIC_MAX_PINS / 64];	/* pins ioapic_route_irq() set */
};

static struct ioapic ioapics[ACPI_MAX_IOAPICS];
static unsigned int nr_ioapics;
static spinlock_t ioapic_lock = SPINLOCK_INIT;

static uint32_t io_read(struct ioapic *io, uint32_t reg)
{
	io->regs[IOAPIC_REGSEL / 4] = reg;
	return io->regs[IOAPIC_WINDOW / 4];
}

static void io_write(struct ioapic *io, uint32_t reg, uint32_t val)
{
	io->regs[IOAPIC_REGSEL / 4] = reg;
	io->regs[IOAPIC_WINDOW / 4] = val;
}

/* Programs pin: low dword masked first, then the high dword, then low. */
static void write_entry(struct ioapic *io, unsigned int pin, uint32_t low,
			uint32_t high)
{
	io_write(io, IOAPIC_REG_REDTBL + 2 * pin, low | IOAPIC_MASKED);
	io_write(io, IOAPIC_REG_REDTBL + 2 * pin + 1, high);
	io_write(io, IOAPIC_REG_REDTBL + 2 * pin, low);
}

static struct ioapic *find_gsi(unsigned int gsi, unsigned int *pin)
{
	unsigned int i;

	for (i = 0; i < nr_ioapics; i++) {
		struct ioapic *io = &ioapics[i];

		if (gsi >= io->gsi_base && gsi - io->gsi_base < io->nr_entries) {
			*pin = gsi - io->gsi_base;
			return io;
		}
	}
	return NULL;
}

void ioapic_init(void)
{
	const struct acpi_madt_info *madt = acpi_madt();
	unsigned int i, pin;
	uint32_t ver;

	for (i = 0; i < madt->nr_ioapics; i++) {
		const struct acpi_ioapic *a = &madt->ioapics[i];
		struct ioapic *io = &ioapics[nr_ioapics];

		io->regs = ioremap(a->address, IOAPIC_MMIO_SIZE);
		if (!io->regs) {
			pr_warn("IOAPIC: cannot map I/O APIC %u at 0x%x: not used",
				a->id, a->address);
			continue;
		}
		io->id = a->id;
		io->gsi_base = a->gsi_base;
		ver = io_read(io, IOAPIC_REG_VERSION);
		io->nr_entries = ((ver >> 16) & 0xff) + 1;
		for (pin = 0; pin < io->nr_entries; pin++)
			write_entry(io, pin, IOAPIC_MASKED, 0);
		nr_ioapics++;
		pr_info("IOAPIC: id %u at 0x%x, version 0x%x: %u inputs for GSI %u-%u, all masked",
			io->id, a->address, ver & 0xff, io->nr_entries,
			io->gsi_base, io->gsi_base + io->nr_entries - 1);
	}
	if (!nr_ioapics)
		pr_warn("IOAPIC: none usable: legacy and PCI INTx lines cannot be routed");
}

/*
 * GSI, polarity and trigger mode of legacy line irq.  ISA sources are
 * active high and edge triggered unless an override says otherwise
 * ("conforms to the bus" means exactly that for ISA).
 */
static int resolve(unsigned int irq, unsigned int *gsi, bool *active_low,
		   bool *level)
{
	const struct acpi_madt_info *madt = acpi_madt();
	const struct acpi_override *o = acpi_madt_find_override(madt, irq);
	unsigned int i;

	if (o) {
		*gsi = o->gsi;
		*active_low = acpi_override_active_low(o->flags);
		*level = acpi_override_level(o->flags);
		return 0;
	}
	/* Identity mapping, unless another line was moved onto that GSI. */
	for (i = 0; i < madt->nr_overrides; i++)
		if (madt->overrides[i].bus == 0 && madt->overrides[i].gsi == irq)
			return -EBUSY;
	*gsi = irq;
	*active_low = false;
	*level = false;
	return 0;
}

int ioapic_irq_to_gsi(unsigned int isa_irq)
{
	unsigned int gsi, pin;
	bool low, level;
	int ret;

	ret = resolve(isa_irq, &gsi, &low, &level);
	if (ret)
		return ret;
	if (!find_gsi(gsi, &pin))
		return -ENOENT;
	return (int)gsi;
}

int ioapic_route_irq(unsigned int isa_irq, unsigned int vector)
{
	unsigned int gsi, pin;
	struct ioapic *io;
	uint32_t low;
	uint64_t flags;
	bool active_low, level;
	int ret;

	if (vector < 0x20 || vector >= SPURIOUS_VECTOR)
		return -EINVAL;
	ret = resolve(isa_irq, &gsi, &active_low, &level);
	if (ret)
		return ret;
	io = find_gsi(gsi, &pin);
	if (!io)
		return -ENOENT;
	/* Fixed delivery, physical destination: this CPU. */
	low = vector | (active_low ? IOAPIC_POLARITY_LOW : 0) |
	      (level ? IOAPIC_TRIGGER_LEVEL : 0);
	spin_lock_irqsave(&ioapic_lock, flags);
	write_entry(io, pin, low, lapic_id() << 24);
	io->routed[pin / 64] |= 1ULL << (pin % 64);
	spin_unlock_irqrestore(&ioapic_lock, flags);
	pr_debug("IOAPIC: IRQ %u -> GSI %u (I/O APIC %u pin %u), vector 0x%x, %s, %s",
		 isa_irq, gsi, io->id, pin, vector,
		 active_low ? "active low" : "active high",
		 level ? "level" : "edge");
	return 0;
}

int ioapic_mask_irq(unsigned int isa_irq)
{
	unsigned int gsi, pin;
	struct ioapic *io;
	uint32_t low;
	uint64_t flags;
	bool active_low, level;
	int ret;

	ret = resolve(isa_irq, &gsi, &active_low, &level);
	if (ret)
		return ret;
	io = find_gsi(gsi, &pin);
	if (!io)
		return -ENOENT;
	spin_lock_irqsave(&ioapic_lock, flags);
	low = io_read(io, IOAPIC_REG_REDTBL + 2 * pin);
	io_write(io, IOAPIC_REG_REDTBL + 2 * pin, low | IOAPIC_MASKED);
	io->routed[pin / 64] &= ~(1ULL << (pin % 64));
	spin_unlock_irqrestore(&ioapic_lock, flags);
	return 0;
}

unsigned int ioapic_count(void)
{
	return nr_ioapics;
}

unsigned int ioapic_nr_entries(unsigned int idx)
{
	return idx < nr_ioapics ? ioapics[idx].nr_entries : 0;
}

unsigned int ioapic_gsi_base(unsigned int idx)
{
	return idx < nr_ioapics ? ioapics[idx].gsi_base : 0;
}

int ioapic_read_entry(unsigned int gsi, uint64_t *entry)
{
	unsigned int pin;
	struct ioapic *io = find_gsi(gsi, &pin);
	uint64_t flags;
	uint32_t lo, hi;

	if (!io)
		return -ENOENT;
	spin_lock_irqsave(&ioapic_lock, flags);
	lo = io_read(io, IOAPIC_REG_REDTBL + 2 * pin);
	hi = io_read(io, IOAPIC_REG_REDTBL + 2 * pin + 1);
	spin_unlock_irqrestore(&ioapic_lock, flags);
	*entry = (uint64_t)hi << 32 | lo;
	return 0;
}

bool ioapic_gsi_routed(unsigned int gsi)
{
	unsigned int pin;
	struct ioapic *io = find_gsi(gsi, &pin);

	return io && (READ_ONCE(io->routed[pin / 64]) >> (pin % 64)) & 1;
}
