/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PCI (CONFIG_PCI, devices.md 3 and 5).
 *
 * pci_init() runs once at boot, after apic_init() and before interrupts
 * are enabled: it maps the ECAM ranges of the MCFG (or falls back to the
 * 0xcf8/0xcfc ports when there is none), enumerates every function of
 * every bus of every segment, then offers each function, in enumeration
 * order, to the driver table (drivers/pci/drivers.c).  A function whose
 * probe succeeds is "claimed" and joins the class registry that device
 * paths resolve against (/pci/<class>/<n>, devices.md 3.6 and 10).
 *
 * The device list and the registry are written only by pci_init() and
 * are read-only afterwards: no locking is needed to read them.
 */
#ifndef _PANDA_PCI_H
#define _PANDA_PCI_H

#include <panda/compiler.h>
#include <panda/mm.h>

/* Configuration header (devices.md 3.3). */
#define PCI_VENDOR_ID		0x00
#define PCI_DEVICE_ID		0x02
#define PCI_COMMAND		0x04
#define PCI_STATUS		0x06
#define PCI_REVISION		0x08
#define PCI_PROG_IF		0x09
#define PCI_SUBCLASS		0x0a
#define PCI_CLASS		0x0b
#define PCI_HEADER_TYPE		0x0e
#define PCI_BAR0		0x10
#define PCI_CAP_PTR		0x34
#define PCI_INTERRUPT_LINE	0x3c
#define PCI_INTERRUPT_PIN	0x3d

#define PCI_COMMAND_IO		(1u << 0)
#define PCI_COMMAND_MEMORY	(1u << 1)
#define PCI_COMMAND_MASTER	(1u << 2)
#define PCI_COMMAND_INTX_DISABLE (1u << 10)
#define PCI_STATUS_CAP_LIST	(1u << 4)
#define PCI_HEADER_MULTIFUNC	0x80

#define PCI_CAP_ID_VNDR		0x09	/* vendor-specific: virtio */
#define PCI_CAP_ID_MSIX		0x11

#define PCI_VENDOR_NONE		0xffff
#define PCI_NR_BARS		6

/* MSI-X capability (devices.md 5), offsets from the capability. */
#define PCI_MSIX_CTRL		2
#define PCI_MSIX_TABLE		4
#define PCI_MSIX_CTRL_SIZE	0x07ff	/* table size - 1 */
#define PCI_MSIX_CTRL_MASKALL	(1u << 14)
#define PCI_MSIX_CTRL_ENABLE	(1u << 15)
#define PCI_MSIX_ENTRY_SIZE	16
#define PCI_MSIX_ENTRY_ADDR_LO	0
#define PCI_MSIX_ENTRY_ADDR_HI	4
#define PCI_MSIX_ENTRY_DATA	8
#define PCI_MSIX_ENTRY_CTRL	12
#define PCI_MSIX_ENTRY_MASKED	(1u << 0)

/* Vectors drivers get from pci_alloc_vector() (devices.md 4.5, 5). */
#define PCI_VECTOR_FIRST	0x40
#define PCI_VECTOR_LAST		0xdf	/* 0xe0-0xef: the 8259s */
/* Legacy INTx line n is delivered on 0x20 + n (interrupts.md). */
#define PCI_INTX_VECTOR(line)	(0x20 + (line))

/* Uncached device registers (ioremap'd): naturally aligned accesses. */
static inline uint8_t mmio_read8(const volatile void *p)
{
	return *(const volatile uint8_t *)p;
}
static inline uint16_t mmio_read16(const volatile void *p)
{
	return *(const volatile uint16_t *)p;
}
static inline uint32_t mmio_read32(const volatile void *p)
{
	return *(const volatile uint32_t *)p;
}
static inline void mmio_write8(volatile void *p, uint8_t v)
{
	*(volatile uint8_t *)p = v;
}
static inline void mmio_write16(volatile void *p, uint16_t v)
{
	*(volatile uint16_t *)p = v;
}
static inline void mmio_write32(volatile void *p, uint32_t v)
{
	*(volatile uint32_t *)p = v;
}
/* 64-bit fields as two 32-bit halves, low first (virtio allows it). */
static inline void mmio_write64(volatile void *p, uint64_t v)
{
	mmio_write32(p, (uint32_t)v);
	mmio_write32((volatile uint8_t *)p + 4, (uint32_t)(v >> 32));
}

struct pci_bar {
	uint64_t addr;		/* as assigned by the firmware; 0: none */
	bool io;		/* I/O space (else memory) */
	bool is64;		/* 64-bit: the next BAR is its top */
	bool prefetch;
};

struct pci_driver;

struct pci_dev {
	uint16_t segment;
	uint8_t bus, dev, fn;
	uint16_t vendor, device;
	uint8_t class_code, subclass, prog_if, revision;
	uint8_t header_type;	/* bits 6:0 (multi-function dropped) */
	uint8_t irq_line, irq_pin;
	struct pci_bar bar[PCI_NR_BARS];
	/* Set by pci_init() when a driver claimed the function. */
	const struct pci_driver *driver;
	void *driver_data;
	/* MSI-X state (drivers/pci/msix.c). */
	uint8_t msix_cap;	/* capability offset, 0 if none */
	uint16_t msix_size;	/* table entries */
	volatile uint8_t *msix_table;	/* mapped by pci_msix_enable() */
};

/*
 * Drivers.  A driver lists the functions it binds to; pci_init() calls
 * probe() for the first driver whose table matches, in enumeration order.
 * probe() returns 0 when it took the function (it then joins the class
 * registry) or a negative error, after undoing what it did (the function
 * stays unbound; the error is logged).  New drivers are added to the
 * table in drivers/pci/drivers.c.
 */
#define PCI_ANY_SUBCLASS	(-1)

struct pci_device_id {
	uint16_t vendor, device;	/* vendor 0 ends the table */
	int16_t subclass;		/* or PCI_ANY_SUBCLASS */
};

struct pci_driver {
	const char *name;
	const struct pci_device_id *ids;
	int (*probe)(struct pci_dev *d, const struct pci_device_id *id);
};

/* A device's interrupt, as set up by pci_irq_setup_*(). */
enum pci_irq_mode {
	PCI_IRQ_NONE,
	PCI_IRQ_MSIX,		/* table entry 0 -> vector */
	PCI_IRQ_INTX,		/* legacy line through the I/O APIC */
};

typedef void (*pci_irq_fn)(void *arg);

struct pci_irq {
	enum pci_irq_mode mode;
	uint8_t vector;		/* CPU vector */
	uint8_t line;		/* INTX: the legacy line */
	pci_irq_fn fn;
	void *arg;
};

#ifdef CONFIG_PCI
void pci_init(void);

/* True when configuration space goes through ECAM (MCFG), not ports. */
bool pci_using_ecam(void);

/*
 * Configuration space of any function; offsets must be naturally aligned
 * (an unaligned or out-of-range access reads all-ones and writes
 * nothing).  Without ECAM only segment 0 and offsets below 256 exist.
 */
uint32_t pci_conf_read(uint16_t seg, uint8_t bus, uint8_t dev, uint8_t fn,
		       unsigned int off, unsigned int size);
void pci_conf_write(uint16_t seg, uint8_t bus, uint8_t dev, uint8_t fn,
		    unsigned int off, unsigned int size, uint32_t val);

/*
 * Configuration mechanism #1 (ports 0xcf8/0xcfc, segment 0, offsets below
 * 256) whether or not ECAM is in use: the fallback itself, for tests.
 */
uint32_t pci_port_conf_read(uint8_t bus, uint8_t dev, uint8_t fn,
			    unsigned int off, unsigned int size);
void pci_port_conf_write(uint8_t bus, uint8_t dev, uint8_t fn,
			 unsigned int off, unsigned int size, uint32_t val);

static inline uint8_t pci_read8(const struct pci_dev *d, unsigned int off)
{
	return (uint8_t)pci_conf_read(d->segment, d->bus, d->dev, d->fn, off,
				      1);
}
static inline uint16_t pci_read16(const struct pci_dev *d, unsigned int off)
{
	return (uint16_t)pci_conf_read(d->segment, d->bus, d->dev, d->fn, off,
				       2);
}
static inline uint32_t pci_read32(const struct pci_dev *d, unsigned int off)
{
	return pci_conf_read(d->segment, d->bus, d->dev, d->fn, off, 4);
}
static inline void pci_write8(const struct pci_dev *d, unsigned int off,
			      uint8_t v)
{
	pci_conf_write(d->segment, d->bus, d->dev, d->fn, off, 1, v);
}
static inline void pci_write16(const struct pci_dev *d, unsigned int off,
			       uint16_t v)
{
	pci_conf_write(d->segment, d->bus, d->dev, d->fn, off, 2, v);
}
static inline void pci_write32(const struct pci_dev *d, unsigned int off,
			       uint32_t v)
{
	pci_conf_write(d->segment, d->bus, d->dev, d->fn, off, 4, v);
}

/* Every function found, in enumeration order (segment, bus, dev, fn). */
unsigned int pci_dev_count(void);
struct pci_dev *pci_dev_at(unsigned int i);
struct pci_dev *pci_find_dev(uint16_t seg, uint8_t bus, uint8_t dev,
			     uint8_t fn);

/*
 * Capability list walk: the offset of the next capability with this ID
 * in list order, following the one at offset 'after' (0: from the start
 * of the list), or 0.  The walk is bounded, so a looping list ends.
 */
unsigned int pci_find_capability(const struct pci_dev *d, uint8_t id,
				 unsigned int after);

/*
 * Sets memory decoding and bus mastering (and I/O decoding when the
 * function has an I/O BAR) in the command register (devices.md 3.3).
 */
void pci_enable_device(struct pci_dev *d);
/* Sets or clears the INTx disable bit. */
void pci_intx_disable(struct pci_dev *d, bool disable);

/* The class registry (devices.md 3.6): claimed functions only. */
const char *pci_class_name(unsigned int class_code);	/* NULL if none */
int pci_class_code(const char *name);			/* or -1 */
unsigned int pci_registry_count(uint8_t class_code);
/* The index-th claimed function of the class, or NULL. */
struct pci_dev *pci_registry_get(uint8_t class_code, unsigned int index);

/*
 * MSI-X (drivers/pci/msix.c).  pci_msix_enable() maps the table, masks
 * every entry and enables MSI-X with INTx disabled; entries are then
 * programmed with pci_msix_set_vector() (left masked) and unmasked.
 * pci_msix_disable() turns MSI-X off, unmaps the table and re-enables
 * INTx.  All return 0 or a negative error (-ENOENT: no MSI-X capability,
 * -EINVAL: bad entry or table location, -ENOMEM: mapping failed).
 */
int pci_msix_enable(struct pci_dev *d);
void pci_msix_disable(struct pci_dev *d);
int pci_msix_set_vector(struct pci_dev *d, unsigned int entry,
			unsigned int vector);
int pci_msix_mask(struct pci_dev *d, unsigned int entry);
int pci_msix_unmask(struct pci_dev *d, unsigned int entry);
bool pci_msix_masked(struct pci_dev *d, unsigned int entry);

/* CPU vectors in [PCI_VECTOR_FIRST, PCI_VECTOR_LAST]; -EBUSY when none. */
int pci_alloc_vector(void);
void pci_free_vector(unsigned int vector);

/*
 * Interrupt handlers by vector, several per vector (shared INTx lines).
 * fn runs in interrupt context with interrupts off; the EOI is sent by
 * the trap code afterwards.  -EINVAL for a bad vector, -EBUSY when the
 * vector has no free slot.
 */
int pci_request_irq(unsigned int vector, pci_irq_fn fn, void *arg);
void pci_free_irq(unsigned int vector, pci_irq_fn fn, void *arg);

/*
 * A device interrupt in one call.  _msix: MSI-X entry 0 on a newly
 * allocated vector, unmasked, INTx disabled.  _intx: the firmware's
 * interrupt line (config 0x3c) routed through the I/O APIC to
 * PCI_INTX_VECTOR(line), INTx enabled (-ENOENT when the function has no
 * pin or line).  pci_irq_release() undoes either and resets *irq.
 */
int pci_irq_setup_msix(struct pci_dev *d, struct pci_irq *irq, pci_irq_fn fn,
		       void *arg);
int pci_irq_setup_intx(struct pci_dev *d, struct pci_irq *irq, pci_irq_fn fn,
		       void *arg);
void pci_irq_release(struct pci_dev *d, struct pci_irq *irq);

/* The driver table (drivers/pci/drivers.c), ended by a NULL entry. */
extern const struct pci_driver *const pci_drivers[];
#else
static inline void pci_init(void) { }
static inline unsigned int pci_registry_count(uint8_t class_code)
{
	return 0;
}
static inline struct pci_dev *pci_registry_get(uint8_t class_code,
					       unsigned int index)
{
	return NULL;
}
#endif /* CONFIG_PCI */

#endif /* _PANDA_PCI_H */
