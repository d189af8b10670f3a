// SPDX-License-Identifier: GPL-2.0
/*
 * pci: enumeration, configuration access (ECAM and the port fallback),
 * BARs, capabilities, class names, the class registry, MSI-X tables,
 * vectors and the INTx route (devices.md 1, 3, 5; kernel.md 16.5).
 *
 * The machine is the runner's: q35 with virtio-gpu at 00:01.0, the
 * mouse at 00:02.0, the keyboard at 00:03.0, a virtio-blk disk at
 * 00:04.0 (this suite's manifest attaches one) and the ICH9 functions
 * at 00:1f.
 */
#include <asm/apic.h>
#include <asm/traps.h>
#include <lib/devpath.h>
#include <lib/string.h>
#include <panda/errno.h>
#include <panda/ktest.h>
#include <panda/pci.h>

static struct pci_dev *dev_at(uint8_t bus, uint8_t dev, uint8_t fn)
{
	return pci_find_dev(0, bus, dev, fn);
}

static uint64_t key(const struct pci_dev *d)
{
	return (uint64_t)d->segment << 16 | d->bus << 8 | d->dev << 3 | d->fn;
}

KTEST(pci, enumeration_finds_valid_functions)
{
	unsigned int i, n = pci_dev_count();
	struct pci_dev *d;

	KTEST_ASSERT(pci_using_ecam());		/* q35 has an MCFG */
	KTEST_ASSERT(n >= 7);
	for (i = 0; i < n; i++) {
		d = pci_dev_at(i);
		KTEST_ASSERT(d->vendor != 0xffff && d->vendor != 0);
		KTEST_ASSERT_EQ(pci_read16(d, PCI_VENDOR_ID), d->vendor);
		KTEST_ASSERT_EQ(pci_read16(d, PCI_DEVICE_ID), d->device);
		KTEST_ASSERT_EQ(pci_read8(d, PCI_CLASS), d->class_code);
		KTEST_ASSERT(d->dev < 32 && d->fn < 8);
		/* Ascending (segment, bus, device, function), no duplicate. */
		if (i)
			KTEST_ASSERT(key(pci_dev_at(i - 1)) < key(d));
		KTEST_ASSERT(pci_find_dev(d->segment, d->bus, d->dev, d->fn) ==
			     d);
	}
	KTEST_ASSERT(pci_dev_at(n) == NULL);
	/* The q35 host bridge. */
	d = dev_at(0, 0, 0);
	KTEST_ASSERT(d);
	KTEST_ASSERT_EQ(d->vendor, 0x8086);
	KTEST_ASSERT_EQ(d->device, 0x29c0);
	KTEST_ASSERT_EQ(d->class_code, 0x06);
	KTEST_ASSERT_EQ(d->subclass, 0x00);
}

KTEST(pci, slot_31_and_multifunction)
{
	struct pci_dev *lpc = dev_at(0, 0x1f, 0), *ahci = dev_at(0, 0x1f, 2);
	struct pci_dev *smbus = dev_at(0, 0x1f, 3);

	/* The ICH9 functions: slot 31, functions beyond 0. */
	KTEST_ASSERT(lpc && ahci && smbus);
	KTEST_ASSERT(pci_read8(lpc, PCI_HEADER_TYPE) & PCI_HEADER_MULTIFUNC);
	KTEST_ASSERT_EQ(lpc->class_code << 8 | lpc->subclass, 0x0601);
	KTEST_ASSERT_EQ(ahci->class_code << 8 | ahci->subclass, 0x0106);
	KTEST_ASSERT_EQ(smbus->class_code << 8 | smbus->subclass, 0x0c05);
	KTEST_ASSERT_EQ(ahci->vendor, 0x8086);
	/* Nothing at an empty slot. */
	KTEST_ASSERT(dev_at(0, 0x1e, 0) == NULL);
	KTEST_ASSERT_EQ(pci_conf_read(0, 0, 0x1e, 0, PCI_VENDOR_ID, 2),
			0xffff);
}

KTEST(pci, virtio_devices_found)
{
	struct pci_dev *gpu = dev_at(0, 1, 0), *mouse = dev_at(0, 2, 0);
	struct pci_dev *kbd = dev_at(0, 3, 0);
	unsigned int i, virtio = 0;

	for (i = 0; i < pci_dev_count(); i++)
		if (pci_dev_at(i)->vendor == 0x1af4)
			virtio++;
	KTEST_ASSERT(virtio >= 3);
	KTEST_ASSERT(gpu && mouse && kbd);
	KTEST_ASSERT_EQ(gpu->vendor, 0x1af4);
	KTEST_ASSERT_EQ(gpu->device, 0x1050);
	KTEST_ASSERT_EQ(gpu->class_code, 0x03);
	KTEST_ASSERT_EQ(mouse->device, 0x1052);
	KTEST_ASSERT_EQ(mouse->class_code << 8 | mouse->subclass, 0x0902);
	KTEST_ASSERT_EQ(kbd->device, 0x1052);
	KTEST_ASSERT_EQ(kbd->class_code << 8 | kbd->subclass, 0x0900);
}

KTEST(pci, config_access_widths_and_bounds)
{
	struct pci_dev *d = dev_at(0, 1, 0);
	uint32_t id = pci_read32(d, PCI_VENDOR_ID);
	unsigned int off;

	KTEST_ASSERT_EQ(id, (uint32_t)d->device << 16 | d->vendor);
	KTEST_ASSERT_EQ(pci_read8(d, 0), id & 0xff);
	KTEST_ASSERT_EQ(pci_read8(d, 1), (id >> 8) & 0xff);
	KTEST_ASSERT_EQ(pci_read16(d, 2), id >> 16);
	/* Unaligned, out of range, bad sizes: all-ones, no access. */
	KTEST_ASSERT_EQ(pci_conf_read(0, 0, 1, 0, 1, 2), 0xffff);
	KTEST_ASSERT_EQ(pci_conf_read(0, 0, 1, 0, 2, 4), 0xffffffff);
	KTEST_ASSERT_EQ(pci_conf_read(0, 0, 1, 0, 4096, 1), 0xff);
	KTEST_ASSERT_EQ(pci_conf_read(0, 0, 32, 0, 0, 2), 0xffff);
	KTEST_ASSERT_EQ(pci_conf_read(0, 0, 1, 8, 0, 2), 0xffff);
	KTEST_ASSERT_EQ(pci_conf_read(0, 0, 1, 0, 0, 3), 0xffffff);
	KTEST_ASSERT_EQ(pci_conf_read(1, 0, 1, 0, 0, 2), 0xffff);
	/* The port fallback sees the same first 256 bytes as ECAM. */
	for (off = 0; off < 256; off += 4) {
		KTEST_ASSERT_EQ(pci_port_conf_read(0, 1, 0, off, 4),
				pci_read32(d, off));
		KTEST_ASSERT_EQ(pci_port_conf_read(0, 1, 0, off + 2, 2),
				pci_read16(d, off + 2));
		KTEST_ASSERT_EQ(pci_port_conf_read(0, 1, 0, off + 3, 1),
				pci_read8(d, off + 3));
	}
	KTEST_ASSERT_EQ(pci_port_conf_read(0, 1, 0, 256, 4), 0xffffffff);
	KTEST_ASSERT_EQ(pci_port_conf_read(0, 0x1e, 0, 0, 2), 0xffff);
}

KTEST(pci, config_writes_both_ways)
{
	struct pci_dev *d = dev_at(0, 2, 0);	/* the unbound mouse */
	uint8_t line = pci_read8(d, PCI_INTERRUPT_LINE);

	/* Interrupt line is a scratch register to the device. */
	pci_write8(d, PCI_INTERRUPT_LINE, 0x5a);
	KTEST_ASSERT_EQ(pci_read8(d, PCI_INTERRUPT_LINE), 0x5a);
	KTEST_ASSERT_EQ(pci_port_conf_read(0, 2, 0, PCI_INTERRUPT_LINE, 1),
			0x5a);
	pci_port_conf_write(0, 2, 0, PCI_INTERRUPT_LINE, 1, 0xa5);
	KTEST_ASSERT_EQ(pci_read8(d, PCI_INTERRUPT_LINE), 0xa5);
	pci_write8(d, PCI_INTERRUPT_LINE, line);
	KTEST_ASSERT_EQ(pci_read8(d, PCI_INTERRUPT_LINE), line);
}

KTEST(pci, bars)
{
	struct pci_dev *gpu = dev_at(0, 1, 0);
	unsigned int i, j;

	/* QEMU's modern virtio: a 64-bit memory BAR 4 (BAR 5 its top). */
	KTEST_ASSERT(gpu->bar[4].addr);
	KTEST_ASSERT(gpu->bar[4].is64 && !gpu->bar[4].io);
	KTEST_ASSERT_EQ(gpu->bar[4].addr,
			((uint64_t)pci_read32(gpu, PCI_BAR0 + 20) << 32) |
			(pci_read32(gpu, PCI_BAR0 + 16) & ~0xfu));
	KTEST_ASSERT_EQ(gpu->bar[5].addr, 0);
	for (i = 0; i < pci_dev_count(); i++) {
		struct pci_dev *d = pci_dev_at(i);

		for (j = 0; j < PCI_NR_BARS; j++) {
			struct pci_bar *b = &d->bar[j];

			if (!b->addr)
				continue;
			KTEST_ASSERT(b->io ? !(b->addr & 3) : !(b->addr & 15));
			if (b->is64) {
				KTEST_ASSERT(j < 5);
				KTEST_ASSERT_EQ(d->bar[j + 1].addr, 0);
			}
		}
	}
}

KTEST(pci, capability_walk)
{
	struct pci_dev *gpu = dev_at(0, 1, 0);
	unsigned int cap = 0, n = 0, types = 0;

	KTEST_ASSERT(gpu->msix_cap);
	KTEST_ASSERT_EQ(pci_find_capability(gpu, PCI_CAP_ID_MSIX, 0),
			gpu->msix_cap);
	KTEST_ASSERT_EQ(pci_read8(gpu, gpu->msix_cap), PCI_CAP_ID_MSIX);
	while ((cap = pci_find_capability(gpu, PCI_CAP_ID_VNDR, cap))) {
		uint8_t type = pci_read8(gpu, cap + 3);

		KTEST_ASSERT_EQ(pci_read8(gpu, cap), PCI_CAP_ID_VNDR);
		KTEST_ASSERT(cap >= 0x40 && cap < 256 && !(cap & 3));
		if (type < 8)
			types |= 1u << type;
		KTEST_ASSERT(++n < 48);
	}
	/* virtio common, notify, ISR and device structures (6.1). */
	KTEST_ASSERT((types & 0x1e) == 0x1e);
	KTEST_ASSERT_EQ(pci_find_capability(gpu, 0x77, 0), 0);
	/* The host bridge has no MSI-X. */
	KTEST_ASSERT_EQ(dev_at(0, 0, 0)->msix_cap, 0);
}

KTEST(pci, class_names_round_trip)
{
	static const char *const names[] = {
		"storage", "network", "display", "multimedia", "memory",
		"bridge", "serial", "system", "input", "usb", "wireless",
	};
	static const uint8_t codes[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 0xc, 0xd };
	unsigned int i, named = 0;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		KTEST_ASSERT(!strcmp(pci_class_name(codes[i]), names[i]));
		KTEST_ASSERT_EQ(pci_class_code(names[i]), codes[i]);
	}
	for (i = 0; i < 256; i++) {
		const char *name = pci_class_name(i);

		if (!name)
			continue;
		named++;
		KTEST_ASSERT_EQ(pci_class_code(name), i);
	}
	KTEST_ASSERT_EQ(named, 11);
	KTEST_ASSERT(!pci_class_name(0x00) && !pci_class_name(0x0a) &&
		     !pci_class_name(0x0b) && !pci_class_name(0xff));
	KTEST_ASSERT_EQ(pci_class_code("Storage"), -1);
	KTEST_ASSERT_EQ(pci_class_code("disk"), -1);
	KTEST_ASSERT_EQ(pci_class_code(""), -1);
}

KTEST(pci, registry_lists_claimed_functions_only)
{
	struct pci_dev *blk = dev_at(0, 4, 0);
	unsigned int code, i, total = 0, claimed = 0;

	for (code = 0; code < 256; code++) {
		unsigned int n = pci_registry_count((uint8_t)code);
		uint64_t prev = 0;

		for (i = 0; i < n; i++) {
			struct pci_dev *d = pci_registry_get((uint8_t)code, i);

			KTEST_ASSERT(d && d->driver);
			KTEST_ASSERT_EQ(d->class_code, code);
			/* In enumeration order. */
			KTEST_ASSERT(!i || key(d) > prev);
			prev = key(d);
		}
		KTEST_ASSERT(pci_registry_get((uint8_t)code, n) == NULL);
		total += n;
	}
	for (i = 0; i < pci_dev_count(); i++)
		if (pci_dev_at(i)->driver)
			claimed++;
	KTEST_ASSERT_EQ(total, claimed);
	/* Unbound: the mouse, the host bridge, the ICH9 AHCI (storage). */
	KTEST_ASSERT(!dev_at(0, 2, 0)->driver);
	KTEST_ASSERT(!dev_at(0, 0, 0)->driver);
	KTEST_ASSERT(!dev_at(0, 0x1f, 2)->driver);
	KTEST_ASSERT_EQ(pci_registry_count(0x06), 0);
#ifdef CONFIG_VIRTIO_BLK
	/* The disk is storage/0 although AHCI (storage class) comes later. */
	KTEST_ASSERT(blk && blk->driver);
	KTEST_ASSERT(!strcmp(blk->driver->name, "virtio-blk"));
	KTEST_ASSERT_EQ(pci_registry_count(0x01), 1);
	KTEST_ASSERT(pci_registry_get(0x01, 0) == blk);
#else
	KTEST_ASSERT_EQ(pci_registry_count(0x01), 0);
	(void)blk;
#endif
	/* Display and input: whichever drivers claimed them. */
	if (dev_at(0, 1, 0)->driver)
		KTEST_ASSERT(pci_registry_get(0x03, 0) == dev_at(0, 1, 0));
	if (dev_at(0, 3, 0)->driver)
		KTEST_ASSERT(pci_registry_get(0x09, 0) == dev_at(0, 3, 0));
}

#ifdef CONFIG_VIRTIO_BLK
KTEST(pci, claimed_device_command_and_msix)
{
	struct pci_dev *blk = dev_at(0, 4, 0);
	uint16_t cmd = pci_read16(blk, PCI_COMMAND);
	uint16_t ctrl = pci_read16(blk, blk->msix_cap + PCI_MSIX_CTRL);
	volatile uint8_t *e = blk->msix_table;

	KTEST_ASSERT(cmd & PCI_COMMAND_MEMORY);
	KTEST_ASSERT(cmd & PCI_COMMAND_MASTER);
	KTEST_ASSERT(cmd & PCI_COMMAND_INTX_DISABLE);	/* MSI-X in use */
	KTEST_ASSERT(ctrl & PCI_MSIX_CTRL_ENABLE);
	KTEST_ASSERT(!(ctrl & PCI_MSIX_CTRL_MASKALL));
	KTEST_ASSERT(e && blk->msix_size >= 1);
	KTEST_ASSERT(!pci_msix_masked(blk, 0));
	KTEST_ASSERT_EQ(mmio_read32(e + PCI_MSIX_ENTRY_ADDR_LO),
			0xfee00000u | lapic_id() << 12);
	KTEST_ASSERT_EQ(mmio_read32(e + PCI_MSIX_ENTRY_ADDR_HI), 0);
	KTEST_ASSERT(mmio_read32(e + PCI_MSIX_ENTRY_DATA) >= PCI_VECTOR_FIRST);
	KTEST_ASSERT(mmio_read32(e + PCI_MSIX_ENTRY_DATA) <= PCI_VECTOR_LAST);
}
#endif

KTEST(pci, msix_enable_mask_disable)
{
	struct pci_dev *d = dev_at(0, 2, 0);	/* the unbound mouse */
	uint16_t cmd = pci_read16(d, PCI_COMMAND), ctrl;
	unsigned int i;

	pci_enable_device(d);
	KTEST_ASSERT_EQ(pci_msix_enable(d), 0);
	KTEST_ASSERT(d->msix_table && d->msix_size >= 1);
	ctrl = pci_read16(d, d->msix_cap + PCI_MSIX_CTRL);
	KTEST_ASSERT(ctrl & PCI_MSIX_CTRL_ENABLE);
	KTEST_ASSERT(!(ctrl & PCI_MSIX_CTRL_MASKALL));
	KTEST_ASSERT_EQ(d->msix_size, (ctrl & PCI_MSIX_CTRL_SIZE) + 1);
	KTEST_ASSERT(pci_read16(d, PCI_COMMAND) & PCI_COMMAND_INTX_DISABLE);
	for (i = 0; i < d->msix_size; i++)
		KTEST_ASSERT(pci_msix_masked(d, i));
	KTEST_ASSERT_EQ(pci_msix_set_vector(d, 0, 0xd0), 0);
	KTEST_ASSERT_EQ(mmio_read32(d->msix_table + PCI_MSIX_ENTRY_DATA), 0xd0);
	KTEST_ASSERT_EQ(mmio_read32(d->msix_table + PCI_MSIX_ENTRY_ADDR_LO),
			0xfee00000u | lapic_id() << 12);
	KTEST_ASSERT(pci_msix_masked(d, 0));	/* left masked */
	KTEST_ASSERT_EQ(pci_msix_unmask(d, 0), 0);
	KTEST_ASSERT(!pci_msix_masked(d, 0));
	KTEST_ASSERT_EQ(pci_msix_mask(d, 0), 0);
	KTEST_ASSERT(pci_msix_masked(d, 0));
	KTEST_ASSERT_EQ(pci_msix_set_vector(d, d->msix_size, 0xd0), -EINVAL);
	KTEST_ASSERT_EQ(pci_msix_mask(d, d->msix_size), -EINVAL);
	pci_msix_disable(d);
	KTEST_ASSERT(!d->msix_table);
	ctrl = pci_read16(d, d->msix_cap + PCI_MSIX_CTRL);
	KTEST_ASSERT(!(ctrl & PCI_MSIX_CTRL_ENABLE));
	KTEST_ASSERT(!(pci_read16(d, PCI_COMMAND) & PCI_COMMAND_INTX_DISABLE));
	KTEST_ASSERT_EQ(pci_msix_set_vector(d, 0, 0xd0), -EINVAL);
	/* No MSI-X capability at all. */
	KTEST_ASSERT_EQ(pci_msix_enable(dev_at(0, 0, 0)), -ENOENT);
	pci_write16(d, PCI_COMMAND, cmd);
}

KTEST(pci, vectors_from_0x40)
{
	static uint8_t got[PCI_VECTOR_LAST - PCI_VECTOR_FIRST + 1];
	unsigned int n = 0, i;
	int v, first;

	first = pci_alloc_vector();
	KTEST_ASSERT(first >= PCI_VECTOR_FIRST && first <= PCI_VECTOR_LAST);
	pci_free_vector((unsigned int)first);
	KTEST_ASSERT_EQ(pci_alloc_vector(), first);	/* lowest free */
	got[n++] = (uint8_t)first;
	while ((v = pci_alloc_vector()) >= 0) {
		KTEST_ASSERT(v >= PCI_VECTOR_FIRST && v <= PCI_VECTOR_LAST);
		for (i = 0; i < n; i++)
			KTEST_ASSERT(got[i] != v);
		got[n++] = (uint8_t)v;
	}
	KTEST_ASSERT_EQ(v, -EBUSY);
	KTEST_ASSERT_EQ(got[n - 1], PCI_VECTOR_LAST);
	for (i = 0; i < n; i++)
		pci_free_vector(got[i]);
	KTEST_ASSERT_EQ(pci_alloc_vector(), first);
	pci_free_vector((unsigned int)first);
}

static volatile unsigned int hits_a, hits_b;

static void handler_a(void *arg)
{
	hits_a += (unsigned int)(uint64_t)arg;
}

static void handler_b(void *arg)
{
	hits_b += (unsigned int)(uint64_t)arg;
}

KTEST(pci, irq_handlers_share_a_vector)
{
	/* 0xdf: the last PCI vector, never allocated while this runs. */
	hits_a = hits_b = 0;
	KTEST_ASSERT_EQ(pci_request_irq(0xdf, handler_a, (void *)1), 0);
	__asm__ volatile("int $0xdf");
	KTEST_ASSERT_EQ(hits_a, 1);
	KTEST_ASSERT_EQ(pci_request_irq(0xdf, handler_b, (void *)10), 0);
	__asm__ volatile("int $0xdf");
	KTEST_ASSERT_EQ(hits_a, 2);
	KTEST_ASSERT_EQ(hits_b, 10);
	pci_free_irq(0xdf, handler_a, (void *)1);
	__asm__ volatile("int $0xdf");
	KTEST_ASSERT_EQ(hits_a, 2);
	KTEST_ASSERT_EQ(hits_b, 20);
	pci_free_irq(0xdf, handler_b, (void *)10);
	__asm__ volatile("int $0xdf");		/* no handler: EOI only */
	KTEST_ASSERT_EQ(hits_b, 20);
	KTEST_ASSERT_EQ(pci_request_irq(0x20, handler_a, NULL), -EINVAL);
	KTEST_ASSERT_EQ(pci_request_irq(0xe0, handler_a, NULL), -EINVAL);
	KTEST_ASSERT_EQ(pci_request_irq(0x40, NULL, NULL), -EINVAL);
}

KTEST(pci, intx_fallback_routes_the_line)
{
	struct pci_dev *d = dev_at(0, 2, 0);	/* the unbound mouse */
	uint16_t cmd = pci_read16(d, PCI_COMMAND);
	struct pci_irq irq = { 0 };
	uint64_t entry;
	int gsi;

	KTEST_ASSERT(d->irq_pin >= 1 && d->irq_pin <= 4);
	KTEST_ASSERT(d->irq_line > 0 && d->irq_line < 24);
	gsi = ioapic_irq_to_gsi(d->irq_line);
	KTEST_ASSERT(gsi >= 0);
	KTEST_ASSERT_EQ(pci_irq_setup_intx(d, &irq, handler_a, NULL), 0);
	KTEST_ASSERT_EQ(irq.mode, PCI_IRQ_INTX);
	KTEST_ASSERT_EQ(irq.vector, PCI_INTX_VECTOR(d->irq_line));
	KTEST_ASSERT(ioapic_gsi_routed((unsigned int)gsi));
	KTEST_ASSERT_EQ(ioapic_read_entry((unsigned int)gsi, &entry), 0);
	KTEST_ASSERT_EQ(entry & 0xff, irq.vector);
	KTEST_ASSERT(!(entry & IOAPIC_MASKED));
	KTEST_ASSERT(!(pci_read16(d, PCI_COMMAND) & PCI_COMMAND_INTX_DISABLE));
	pci_irq_release(d, &irq);
	KTEST_ASSERT_EQ(irq.mode, PCI_IRQ_NONE);
	KTEST_ASSERT_EQ(ioapic_read_entry((unsigned int)gsi, &entry), 0);
	KTEST_ASSERT(entry & IOAPIC_MASKED);
	KTEST_ASSERT(pci_read16(d, PCI_COMMAND) & PCI_COMMAND_INTX_DISABLE);
	/* No interrupt pin: nothing to route. */
	KTEST_ASSERT_EQ(pci_irq_setup_intx(dev_at(0, 0, 0), &irq, handler_a,
					   NULL), -ENOENT);
	pci_write16(d, PCI_COMMAND, cmd);
}
