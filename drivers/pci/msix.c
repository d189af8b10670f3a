// SPDX-License-Identifier: GPL-2.0
/*
 * Device interrupts: MSI-X tables (devices.md 5), vector allocation from
 * 0x40 upward, a per-vector handler list shared by MSI-X and INTx, and
 * the legacy INTx fallback through the I/O APIC (devices.md 4.3).
 *
 * Every vector a device uses gets one trap handler, pci_irq_entry(), which
 * calls the handlers registered for that vector in turn; the trap code
 * sends the EOI afterwards (interrupts.md).  Handler slots are written
 * before the device can raise the vector and cleared after it was
 * silenced (entry masked, line masked), under irq_lock.
 */
#include <asm/apic.h>
#include <asm/traps.h>
#include <panda/errno.h>
#include <panda/mm.h>
#include <panda/pci.h>
#include <panda/printk.h>
#include <panda/spinlock.h>

#define IRQ_SHARE_MAX		4
#define MSI_ADDR_BASE		0xfee00000u
#define NR_PCI_VECTORS		(PCI_VECTOR_LAST - PCI_VECTOR_FIRST + 1)

struct irq_action {
	pci_irq_fn fn;
	void *arg;
};

static struct irq_action actions[256][IRQ_SHARE_MAX];
static uint64_t vectors_used[(NR_PCI_VECTORS + 63) / 64];
static spinlock_t irq_lock = SPINLOCK_INIT;

static void pci_irq_entry(struct pt_regs *regs)
{
	struct irq_action *a = actions[regs->vector & 0xff];
	unsigned int i;

	for (i = 0; i < IRQ_SHARE_MAX; i++) {
		pci_irq_fn fn = READ_ONCE(a[i].fn);

		if (fn)
			fn(READ_ONCE(a[i].arg));
	}
}

int pci_alloc_vector(void)
{
	uint64_t flags;
	unsigned int i;
	int ret = -EBUSY;

	spin_lock_irqsave(&irq_lock, flags);
	for (i = 0; i < NR_PCI_VECTORS; i++) {
		if (!(vectors_used[i / 64] & (1ULL << (i % 64)))) {
			vectors_used[i / 64] |= 1ULL << (i % 64);
			ret = (int)(PCI_VECTOR_FIRST + i);
			break;
		}
	}
	spin_unlock_irqrestore(&irq_lock, flags);
	return ret;
}

void pci_free_vector(unsigned int vector)
{
	unsigned int i = vector - PCI_VECTOR_FIRST;
	uint64_t flags;

	if (vector < PCI_VECTOR_FIRST || vector > PCI_VECTOR_LAST)
		return;
	spin_lock_irqsave(&irq_lock, flags);
	vectors_used[i / 64] &= ~(1ULL << (i % 64));
	spin_unlock_irqrestore(&irq_lock, flags);
}

/* Device vectors: above the timer, below the 8259s' range. */
static bool vector_ok(unsigned int vector)
{
	return vector > 0x20 && vector <= PCI_VECTOR_LAST;
}

int pci_request_irq(unsigned int vector, pci_irq_fn fn, void *arg)
{
	struct irq_action *a;
	unsigned int i, used = 0, slot = IRQ_SHARE_MAX;
	uint64_t flags;
	int ret = 0;

	if (!vector_ok(vector) || !fn)
		return -EINVAL;
	a = actions[vector];
	spin_lock_irqsave(&irq_lock, flags);
	for (i = 0; i < IRQ_SHARE_MAX; i++) {
		if (a[i].fn)
			used++;
		else if (slot == IRQ_SHARE_MAX)
			slot = i;
	}
	if (slot == IRQ_SHARE_MAX)
		ret = -EBUSY;
	else if (!used)
		ret = set_irq_handler(vector, pci_irq_entry);
	if (!ret) {
		WRITE_ONCE(a[slot].arg, arg);
		barrier();
		WRITE_ONCE(a[slot].fn, fn);
	}
	spin_unlock_irqrestore(&irq_lock, flags);
	return ret;
}

void pci_free_irq(unsigned int vector, pci_irq_fn fn, void *arg)
{
	struct irq_action *a;
	unsigned int i, left = 0;
	bool found = false;
	uint64_t flags;

	if (!vector_ok(vector) || !fn)
		return;
	a = actions[vector];
	spin_lock_irqsave(&irq_lock, flags);
	for (i = 0; i < IRQ_SHARE_MAX; i++) {
		if (!found && a[i].fn == fn && a[i].arg == arg) {
			WRITE_ONCE(a[i].fn, NULL);
			found = true;
		} else if (a[i].fn) {
			left++;
		}
	}
	if (found && !left)
		set_irq_handler(vector, NULL);
	spin_unlock_irqrestore(&irq_lock, flags);
}

static bool vector_in_use(unsigned int vector)
{
	unsigned int i;

	for (i = 0; i < IRQ_SHARE_MAX; i++)
		if (READ_ONCE(actions[vector][i].fn))
			return true;
	return false;
}

/* ---------------------------------------------------------------- MSI-X */

static volatile uint8_t *entry_addr(struct pci_dev *d, unsigned int entry)
{
	if (!d->msix_table || entry >= d->msix_size)
		return NULL;
	return d->msix_table + entry * PCI_MSIX_ENTRY_SIZE;
}

int pci_msix_enable(struct pci_dev *d)
{
	unsigned int cap = d->msix_cap, size, bir, i;
	uint32_t table;
	uint16_t ctrl;
	volatile uint8_t *va;
	uint64_t off;

	if (!cap)
		return -ENOENT;
	if (d->msix_table)
		return 0;
	ctrl = pci_read16(d, cap + PCI_MSIX_CTRL);
	size = (ctrl & PCI_MSIX_CTRL_SIZE) + 1;
	table = pci_read32(d, cap + PCI_MSIX_TABLE);
	bir = table & 7;
	off = table & ~7u;
	if (bir >= PCI_NR_BARS || !d->bar[bir].addr || d->bar[bir].io) {
		pr_err("PCI: %02x:%02x.%x: MSI-X table in unusable BAR%u",
		       d->bus, d->dev, d->fn, bir);
		return -EINVAL;
	}
	va = ioremap(d->bar[bir].addr + off, size * PCI_MSIX_ENTRY_SIZE);
	if (!va)
		return -ENOMEM;
	d->msix_table = va;
	d->msix_size = (uint16_t)size;
	/* Enabled but function-masked while every entry is masked. */
	pci_write16(d, cap + PCI_MSIX_CTRL,
		    ctrl | PCI_MSIX_CTRL_ENABLE | PCI_MSIX_CTRL_MASKALL);
	for (i = 0; i < size; i++)
		mmio_write32(va + i * PCI_MSIX_ENTRY_SIZE + PCI_MSIX_ENTRY_CTRL,
			     PCI_MSIX_ENTRY_MASKED);
	pci_intx_disable(d, true);
	pci_write16(d, cap + PCI_MSIX_CTRL,
		    (ctrl | PCI_MSIX_CTRL_ENABLE) & ~PCI_MSIX_CTRL_MASKALL);
	return 0;
}

void pci_msix_disable(struct pci_dev *d)
{
	unsigned int cap = d->msix_cap;
	uint16_t ctrl;

	if (!cap || !d->msix_table)
		return;
	ctrl = pci_read16(d, cap + PCI_MSIX_CTRL);
	pci_write16(d, cap + PCI_MSIX_CTRL,
		    ctrl & ~(PCI_MSIX_CTRL_ENABLE | PCI_MSIX_CTRL_MASKALL));
	iounmap((void *)d->msix_table, d->msix_size * PCI_MSIX_ENTRY_SIZE);
	d->msix_table = NULL;
	d->msix_size = 0;
	pci_intx_disable(d, false);
}

int pci_msix_set_vector(struct pci_dev *d, unsigned int entry,
			unsigned int vector)
{
	volatile uint8_t *e = entry_addr(d, entry);

	if (!e || vector < 0x20 || vector > 0xfe)
		return -EINVAL;
	mmio_write32(e + PCI_MSIX_ENTRY_CTRL, PCI_MSIX_ENTRY_MASKED);
	/* Fixed delivery, edge, physical destination: this CPU's APIC. */
	mmio_write32(e + PCI_MSIX_ENTRY_ADDR_LO,
		     MSI_ADDR_BASE | (lapic_id() & 0xff) << 12);
	mmio_write32(e + PCI_MSIX_ENTRY_ADDR_HI, 0);
	mmio_write32(e + PCI_MSIX_ENTRY_DATA, vector);
	return 0;
}

int pci_msix_mask(struct pci_dev *d, unsigned int entry)
{
	volatile uint8_t *e = entry_addr(d, entry);

	if (!e)
		return -EINVAL;
	mmio_write32(e + PCI_MSIX_ENTRY_CTRL,
		     mmio_read32(e + PCI_MSIX_ENTRY_CTRL) |
		     PCI_MSIX_ENTRY_MASKED);
	return 0;
}

int pci_msix_unmask(struct pci_dev *d, unsigned int entry)
{
	volatile uint8_t *e = entry_addr(d, entry);

	if (!e)
		return -EINVAL;
	mmio_write32(e + PCI_MSIX_ENTRY_CTRL,
		     mmio_read32(e + PCI_MSIX_ENTRY_CTRL) &
		     ~PCI_MSIX_ENTRY_MASKED);
	return 0;
}

bool pci_msix_masked(struct pci_dev *d, unsigned int entry)
{
	volatile uint8_t *e = entry_addr(d, entry);

	return !e || (mmio_read32(e + PCI_MSIX_ENTRY_CTRL) &
		      PCI_MSIX_ENTRY_MASKED);
}

/* ---------------------------------------------------------------- setup */

int pci_irq_setup_msix(struct pci_dev *d, struct pci_irq *irq, pci_irq_fn fn,
		       void *arg)
{
	int vector, ret;

	ret = pci_msix_enable(d);
	if (ret)
		return ret;
	vector = pci_alloc_vector();
	if (vector < 0) {
		pci_msix_disable(d);
		return vector;
	}
	ret = pci_request_irq((unsigned int)vector, fn, arg);
	if (!ret)
		ret = pci_msix_set_vector(d, 0, (unsigned int)vector);
	if (ret) {
		pci_free_irq((unsigned int)vector, fn, arg);
		pci_free_vector((unsigned int)vector);
		pci_msix_disable(d);
		return ret;
	}
	pci_msix_unmask(d, 0);
	irq->mode = PCI_IRQ_MSIX;
	irq->vector = (uint8_t)vector;
	irq->line = 0;
	irq->fn = fn;
	irq->arg = arg;
	return 0;
}

int pci_irq_setup_intx(struct pci_dev *d, struct pci_irq *irq, pci_irq_fn fn,
		       void *arg)
{
	unsigned int line = d->irq_line, vector = PCI_INTX_VECTOR(line);
	int ret;

	/* Line 0 is the timer's, 0xff "not connected"; 24+ has no vector. */
	if (!d->irq_pin || d->irq_pin > 4 || !line || line >= 24)
		return -ENOENT;
	ret = pci_request_irq(vector, fn, arg);
	if (ret)
		return ret;
	ret = ioapic_route_irq(line, vector);
	if (ret) {
		pci_free_irq(vector, fn, arg);
		return ret;
	}
	pci_intx_disable(d, false);
	irq->mode = PCI_IRQ_INTX;
	irq->vector = (uint8_t)vector;
	irq->line = (uint8_t)line;
	irq->fn = fn;
	irq->arg = arg;
	return 0;
}

void pci_irq_release(struct pci_dev *d, struct pci_irq *irq)
{
	switch (irq->mode) {
	case PCI_IRQ_MSIX:
		pci_msix_mask(d, 0);
		pci_free_irq(irq->vector, irq->fn, irq->arg);
		pci_free_vector(irq->vector);
		pci_msix_disable(d);
		break;
	case PCI_IRQ_INTX:
		pci_intx_disable(d, true);
		pci_free_irq(irq->vector, irq->fn, irq->arg);
		if (!vector_in_use(irq->vector))
			ioapic_mask_irq(irq->line);
		break;
	case PCI_IRQ_NONE:
		break;
	}
	irq->mode = PCI_IRQ_NONE;
	irq->fn = NULL;
	irq->arg = NULL;
}
