// SPDX-License-Identifier: GPL-2.0
/*
 * PCI configuration access, enumeration, BARs, capabilities, the class
 * registry and driver binding (devices.md 3, include/panda/pci.h).
 *
 * Configuration space goes through ECAM when the MCFG describes it: each
 * MCFG range is mapped once, uncached, from base + (start_bus << 20) for
 * (end - start + 1) MiB (devices.md 3.1), and kept.  Without an MCFG the
 * legacy mechanism #1 (ports 0xcf8/0xcfc, first 256 bytes, segment 0)
 * is used (3.2).  Enumeration runs once: every bus of every range, slots
 * 0-31, functions 1-7 when function 0 is multi-function (3.4).
 */
#include <lib/devpath.h>
#include <lib/string.h>
#include <panda/acpi.h>
#include <panda/errno.h>
#include <panda/mm.h>
#include <panda/pci.h>
#include <panda/printk.h>
#include <panda/spinlock.h>

#define PCI_CONF_ADDR	0xcf8
#define PCI_CONF_DATA	0xcfc
#define PCI_CAP_WALK_MAX 48	/* (256 - 64) / 4 capabilities at most */

struct ecam_range {
	uint16_t segment;
	uint8_t start_bus, end_bus;
	phys_addr_t phys;
	volatile uint8_t *va;
};

static struct ecam_range ecam[ACPI_MAX_MCFG];
static unsigned int nr_ecam;
static spinlock_t port_lock = SPINLOCK_INIT;

static struct pci_dev **devs;
static unsigned int nr_devs, devs_capacity;

/* Port I/O of every width (asm/io.h has only some of them). */
static inline void port_outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}
static inline void port_outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}
static inline void port_outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}
static inline uint32_t port_inl(uint16_t port)
{
	uint32_t v;

	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}
static inline uint16_t port_inw(uint16_t port)
{
	uint16_t v;

	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}
static inline uint8_t port_inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

bool pci_using_ecam(void)
{
	return nr_ecam != 0;
}

static bool access_ok(uint8_t dev, uint8_t fn, unsigned int off,
		      unsigned int size)
{
	if (dev > 31 || fn > 7)
		return false;
	if (size != 1 && size != 2 && size != 4)
		return false;
	return !(off & (size - 1)) && off + size <= 4096;
}

static volatile uint8_t *ecam_addr(uint16_t seg, uint8_t bus, uint8_t dev,
				   uint8_t fn, unsigned int off)
{
	unsigned int i;

	for (i = 0; i < nr_ecam; i++) {
		struct ecam_range *r = &ecam[i];

		if (r->segment == seg && bus >= r->start_bus &&
		    bus <= r->end_bus)
			return r->va + ((uint64_t)(bus - r->start_bus) << 20 |
					(uint64_t)dev << 15 |
					(uint64_t)fn << 12 | off);
	}
	return NULL;
}

static uint32_t port_addr(uint8_t bus, uint8_t dev, uint8_t fn,
			  unsigned int off)
{
	return 0x80000000u | (uint32_t)bus << 16 | (uint32_t)dev << 11 |
	       (uint32_t)fn << 8 | (off & 0xfc);
}

uint32_t pci_port_conf_read(uint8_t bus, uint8_t dev, uint8_t fn,
			    unsigned int off, unsigned int size)
{
	uint32_t ones = size >= 4 ? 0xffffffffu : (1u << (size * 8)) - 1;
	uint64_t flags;
	uint32_t v;

	if (!access_ok(dev, fn, off, size) || off >= 256)
		return ones;
	spin_lock_irqsave(&port_lock, flags);
	port_outl(PCI_CONF_ADDR, port_addr(bus, dev, fn, off));
	if (size == 1)
		v = port_inb(PCI_CONF_DATA + (off & 3));
	else if (size == 2)
		v = port_inw(PCI_CONF_DATA + (off & 3));
	else
		v = port_inl(PCI_CONF_DATA);
	spin_unlock_irqrestore(&port_lock, flags);
	return v;
}

void pci_port_conf_write(uint8_t bus, uint8_t dev, uint8_t fn,
			 unsigned int off, unsigned int size, uint32_t val)
{
	uint64_t flags;

	if (!access_ok(dev, fn, off, size) || off >= 256)
		return;
	spin_lock_irqsave(&port_lock, flags);
	port_outl(PCI_CONF_ADDR, port_addr(bus, dev, fn, off));
	if (size == 1)
		port_outb(PCI_CONF_DATA + (off & 3), (uint8_t)val);
	else if (size == 2)
		port_outw(PCI_CONF_DATA + (off & 3), (uint16_t)val);
	else
		port_outl(PCI_CONF_DATA, val);
	spin_unlock_irqrestore(&port_lock, flags);
}

uint32_t pci_conf_read(uint16_t seg, uint8_t bus, uint8_t dev, uint8_t fn,
		       unsigned int off, unsigned int size)
{
	uint32_t ones = size >= 4 ? 0xffffffffu : (1u << (size * 8)) - 1;
	volatile uint8_t *p;

	if (!access_ok(dev, fn, off, size))
		return ones;
	if (!nr_ecam)
		return seg ? ones : pci_port_conf_read(bus, dev, fn, off, size);
	p = ecam_addr(seg, bus, dev, fn, off);
	if (!p)
		return ones;
	if (size == 1)
		return mmio_read8(p);
	if (size == 2)
		return mmio_read16(p);
	return mmio_read32(p);
}

void pci_conf_write(uint16_t seg, uint8_t bus, uint8_t dev, uint8_t fn,
		    unsigned int off, unsigned int size, uint32_t val)
{
	volatile uint8_t *p;

	if (!access_ok(dev, fn, off, size))
		return;
	if (!nr_ecam) {
		if (!seg)
			pci_port_conf_write(bus, dev, fn, off, size, val);
		return;
	}
	p = ecam_addr(seg, bus, dev, fn, off);
	if (!p)
		return;
	if (size == 1)
		mmio_write8(p, (uint8_t)val);
	else if (size == 2)
		mmio_write16(p, (uint16_t)val);
	else
		mmio_write32(p, val);
}

unsigned int pci_dev_count(void)
{
	return nr_devs;
}

struct pci_dev *pci_dev_at(unsigned int i)
{
	return i < nr_devs ? devs[i] : NULL;
}

struct pci_dev *pci_find_dev(uint16_t seg, uint8_t bus, uint8_t dev,
			     uint8_t fn)
{
	unsigned int i;

	for (i = 0; i < nr_devs; i++) {
		struct pci_dev *d = devs[i];

		if (d->segment == seg && d->bus == bus && d->dev == dev &&
		    d->fn == fn)
			return d;
	}
	return NULL;
}

unsigned int pci_find_capability(const struct pci_dev *d, uint8_t id,
				 unsigned int after)
{
	unsigned int pos, n;

	if (!(pci_read16(d, PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return 0;
	/* The list is not sorted: go on from after's next pointer. */
	if (after)
		pos = pci_read8(d, after + 1) & 0xfc;
	else
		pos = pci_read8(d, PCI_CAP_PTR) & 0xfc;
	for (n = 0; pos >= 0x40 && n < PCI_CAP_WALK_MAX; n++) {
		if (pci_read8(d, pos) == id)
			return pos;
		pos = pci_read8(d, pos + 1) & 0xfc;
	}
	return 0;
}

void pci_enable_device(struct pci_dev *d)
{
	uint16_t cmd = pci_read16(d, PCI_COMMAND);
	unsigned int i;

	cmd |= PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
	for (i = 0; i < PCI_NR_BARS; i++)
		if (d->bar[i].addr && d->bar[i].io)
			cmd |= PCI_COMMAND_IO;
	pci_write16(d, PCI_COMMAND, cmd);
}

void pci_intx_disable(struct pci_dev *d, bool disable)
{
	uint16_t cmd = pci_read16(d, PCI_COMMAND);

	if (disable)
		cmd |= PCI_COMMAND_INTX_DISABLE;
	else
		cmd &= ~PCI_COMMAND_INTX_DISABLE;
	pci_write16(d, PCI_COMMAND, cmd);
}

const char *pci_class_name(unsigned int class_code)
{
	return devpath_class_name(class_code);
}

int pci_class_code(const char *name)
{
	return devpath_class_code(name, strlen(name));
}

/* Claimed functions in enumeration order: no list of its own needed. */
unsigned int pci_registry_count(uint8_t class_code)
{
	unsigned int i, n = 0;

	for (i = 0; i < nr_devs; i++)
		if (devs[i]->driver && devs[i]->class_code == class_code)
			n++;
	return n;
}

struct pci_dev *pci_registry_get(uint8_t class_code, unsigned int index)
{
	unsigned int i;

	for (i = 0; i < nr_devs; i++)
		if (devs[i]->driver && devs[i]->class_code == class_code &&
		    !index--)
			return devs[i];
	return NULL;
}

/* BARs as the firmware assigned them (devices.md 3.3); no sizing. */
static void read_bars(struct pci_dev *d)
{
	unsigned int i, n;

	switch (d->header_type) {
	case 0:
		n = 6;
		break;
	case 1:
		n = 2;		/* PCI-to-PCI bridge */
		break;
	default:
		n = 0;
		break;
	}
	for (i = 0; i < n; i++) {
		uint32_t v = pci_read32(d, PCI_BAR0 + 4 * i);
		struct pci_bar *b = &d->bar[i];

		if (v & 1) {
			b->io = true;
			b->addr = v & ~0x3u;
			continue;
		}
		b->prefetch = v & 8;
		b->addr = v & ~0xfu;
		if (((v >> 1) & 3) != 2)
			continue;
		if (i + 1 >= n) {
			pr_warn("PCI: %02x:%02x.%x: 64-bit BAR%u has no upper half, ignored",
				d->bus, d->dev, d->fn, i);
			b->addr = 0;
			continue;
		}
		b->is64 = true;
		b->addr |= (uint64_t)pci_read32(d, PCI_BAR0 + 4 * (i + 1))
			   << 32;
		i++;		/* the upper half is not a BAR of its own */
	}
}

static int add_dev(struct pci_dev *d)
{
	if (nr_devs == devs_capacity) {
		unsigned int cap = devs_capacity ? devs_capacity * 2 : 16;
		struct pci_dev **n = kmalloc(cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		if (nr_devs)
			memcpy(n, devs, nr_devs * sizeof(*n));
		kfree(devs);
		devs = n;
		devs_capacity = cap;
	}
	devs[nr_devs++] = d;
	return 0;
}

/* Returns the header type byte (with the multi-function bit), or -1. */
static int scan_function(uint16_t seg, uint8_t bus, uint8_t dev, uint8_t fn)
{
	uint16_t vendor = (uint16_t)pci_conf_read(seg, bus, dev, fn,
						  PCI_VENDOR_ID, 2);
	const char *name;
	struct pci_dev *d;
	uint8_t hdr;

	if (vendor == PCI_VENDOR_NONE)
		return -1;
	hdr = (uint8_t)pci_conf_read(seg, bus, dev, fn, PCI_HEADER_TYPE, 1);
	d = kzalloc(sizeof(*d));
	if (!d || add_dev(d)) {
		kfree(d);
		pr_err("PCI: out of memory at %02x:%02x.%x", bus, dev, fn);
		return hdr;
	}
	d->segment = seg;
	d->bus = bus;
	d->dev = dev;
	d->fn = fn;
	d->vendor = vendor;
	d->device = pci_read16(d, PCI_DEVICE_ID);
	d->revision = pci_read8(d, PCI_REVISION);
	d->prog_if = pci_read8(d, PCI_PROG_IF);
	d->subclass = pci_read8(d, PCI_SUBCLASS);
	d->class_code = pci_read8(d, PCI_CLASS);
	d->header_type = hdr & 0x7f;
	if (d->header_type <= 1) {
		d->irq_line = pci_read8(d, PCI_INTERRUPT_LINE);
		d->irq_pin = pci_read8(d, PCI_INTERRUPT_PIN);
	}
	read_bars(d);
	d->msix_cap = (uint8_t)pci_find_capability(d, PCI_CAP_ID_MSIX, 0);
	name = pci_class_name(d->class_code);
	pr_info("PCI: %04x:%02x:%02x.%x %04x:%04x class %02x/%02x%s%s",
		seg, bus, dev, fn, d->vendor, d->device, d->class_code,
		d->subclass, name ? " " : "", name ? name : "");
	return hdr;
}

static void scan_bus(uint16_t seg, uint8_t bus)
{
	uint8_t dev, fn;

	for (dev = 0; dev < 32; dev++) {
		int hdr = scan_function(seg, bus, dev, 0);

		if (hdr < 0 || !(hdr & PCI_HEADER_MULTIFUNC))
			continue;
		for (fn = 1; fn < 8; fn++)
			scan_function(seg, bus, dev, fn);
	}
}

static void map_ecam(void)
{
	const struct acpi_mcfg_entry *e;
	unsigned int n, i;

	e = acpi_mcfg_entries(&n);
	for (i = 0; i < n && nr_ecam < ARRAY_SIZE(ecam); i++) {
		struct ecam_range *r = &ecam[nr_ecam];
		uint64_t size = ((uint64_t)e[i].end_bus - e[i].start_bus + 1)
				<< 20;

		r->segment = e[i].segment;
		r->start_bus = e[i].start_bus;
		r->end_bus = e[i].end_bus;
		r->phys = e[i].base + ((uint64_t)e[i].start_bus << 20);
		r->va = ioremap(r->phys, size);
		if (!r->va) {
			pr_err("PCI: cannot map ECAM segment %u buses %02x-%02x at 0x%lx",
			       r->segment, r->start_bus, r->end_bus, r->phys);
			continue;
		}
		pr_info("PCI: ECAM segment %u buses %02x-%02x at 0x%lx",
			r->segment, r->start_bus, r->end_bus, r->phys);
		nr_ecam++;
	}
}

static const struct pci_device_id *match(const struct pci_driver *drv,
					 const struct pci_dev *d)
{
	const struct pci_device_id *id;

	for (id = drv->ids; id->vendor; id++)
		if (id->vendor == d->vendor && id->device == d->device &&
		    (id->subclass == PCI_ANY_SUBCLASS ||
		     id->subclass == d->subclass))
			return id;
	return NULL;
}

static void bind_drivers(void)
{
	unsigned int i, j;

	for (i = 0; i < nr_devs; i++) {
		struct pci_dev *d = devs[i];

		for (j = 0; pci_drivers[j]; j++) {
			const struct pci_driver *drv = pci_drivers[j];
			const struct pci_device_id *id = match(drv, d);
			const char *cls;
			int ret;

			if (!id)
				continue;
			ret = drv->probe(d, id);
			if (ret) {
				pr_err("PCI: %02x:%02x.%x: %s failed to bind (%d)",
				       d->bus, d->dev, d->fn, drv->name, ret);
				break;
			}
			d->driver = drv;
			cls = pci_class_name(d->class_code);
			if (cls)
				pr_info("PCI: %02x:%02x.%x bound to %s as /pci/%s/%u",
					d->bus, d->dev, d->fn, drv->name, cls,
					pci_registry_count(d->class_code) - 1);
			else
				pr_info("PCI: %02x:%02x.%x bound to %s",
					d->bus, d->dev, d->fn, drv->name);
			break;
		}
	}
}

void pci_init(void)
{
	unsigned int i, bus;

	map_ecam();
	if (nr_ecam) {
		for (i = 0; i < nr_ecam; i++)
			for (bus = ecam[i].start_bus; bus <= ecam[i].end_bus;
			     bus++)
				scan_bus(ecam[i].segment, (uint8_t)bus);
	} else {
		pr_info("PCI: no usable MCFG, using configuration ports 0xcf8/0xcfc");
		for (bus = 0; bus < 256; bus++)
			scan_bus(0, (uint8_t)bus);
	}
	pr_info("PCI: %u function(s) found", nr_devs);
	bind_drivers();
}
