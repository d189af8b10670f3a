/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsers for the ACPI tables Panda reads (devices.md section 2): the RSDP,
 * the XSDT (or RSDT), the MADT, MCFG and HPET.
 *
 * Pure functions over memory buffers: nothing here maps memory or trusts a
 * byte of the input.  Every field is read byte-wise (no alignment needed),
 * every length is checked against the buffer and against the table's own
 * length field, and checksums are verified.  The kernel (drivers/acpi)
 * maps the firmware's tables and hands them here; the host tests and the
 * fuzzer hand in whatever they like.
 *
 * Errors are the negative codes of <panda/errno.h> (spelt ACPI_E* here so
 * that host code, where <errno.h> owns the E* names, can use them too):
 *   -EINVAL   ACPI_EINVAL: malformed: bad signature, a length field too
 *             small or larger than the buffer, entries running past the
 *             table end, a zero-length or short MADT entry
 *   -EIO      ACPI_ECHECKSUM: checksum mismatch (otherwise well formed)
 *   -ENOTSUP  ACPI_ENOTSUP: well formed but unusable (RSDP revision < 2,
 *             an HPET outside system memory)
 */
#ifndef _LIB_ACPI_TABLES_H
#define _LIB_ACPI_TABLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uapi/panda/errno.h>

#define ACPI_EINVAL		(-PANDA_ERR_INVALID_ARGUMENT)	/* -EINVAL */
#define ACPI_ECHECKSUM		(-PANDA_ERR_IO)			/* -EIO */
#define ACPI_ENOTSUP		(-PANDA_ERR_NOT_SUPPORTED)	/* -ENOTSUP */

#define ACPI_RSDP_V1_SIZE	20	/* bytes covered by the first checksum */
#define ACPI_RSDP_SIZE		36	/* revision >= 2 */
#define ACPI_SDT_HEADER_SIZE	36
#define ACPI_MADT_ENTRIES	44	/* first MADT entry */
#define ACPI_MCFG_ENTRIES	44	/* first MCFG allocation */
#define ACPI_MCFG_ENTRY_SIZE	16
#define ACPI_HPET_SIZE		56

/* Capacities of the parsed summaries; extra entries are counted, not kept. */
#define ACPI_MAX_IOAPICS	16
#define ACPI_MAX_OVERRIDES	48
#define ACPI_MAX_MCFG		16
#define ACPI_MAX_CPUS		64

/* Sum of len bytes, mod 256: 0 for a valid ACPI structure. */
uint8_t acpi_checksum(const void *buf, size_t len);

/* True if buf holds at least 4 bytes equal to the 4-character sig. */
bool acpi_sig_is(const void *buf, size_t size, const char *sig);

/* ---------------------------------------------------------------- RSDP */

struct acpi_rsdp_info {
	uint8_t revision;
	char oem_id[7];			/* NUL-terminated */
	uint32_t rsdt_addr;
	uint32_t length;		/* of the whole RSDP, >= 36 */
	uint64_t xsdt_addr;
};

/*
 * The RSDP's length field (offset 20), or 0 if size < ACPI_RSDP_SIZE.
 * Lets a caller that mapped ACPI_RSDP_SIZE bytes map the rest.
 */
uint32_t acpi_rsdp_length(const void *buf, size_t size);

/*
 * Validate an RSDP: "RSD PTR " signature, checksum of the first 20 bytes,
 * revision >= 2 (-ENOTSUP otherwise), 36 <= length <= size, extended
 * checksum over length bytes.  Fills *info on success.
 */
int acpi_parse_rsdp(const void *buf, size_t size, struct acpi_rsdp_info *info);

/* ---------------------------------------------------------------- SDTs */

struct acpi_sdt_info {
	char signature[5];		/* NUL-terminated */
	uint8_t revision;
	uint32_t length;
	char oem_id[7];
	char oem_table_id[9];
};

/*
 * The header of any system description table: needs size >= 36; checks
 * only that the length field is at least 36 (it may exceed size: a caller
 * that mapped only the header learns how much to map).  Fills *info.
 */
int acpi_parse_sdt_header(const void *buf, size_t size,
			  struct acpi_sdt_info *info);

/*
 * A complete table: the header as above, length <= size, the signature
 * equal to sig (unless sig is NULL) and the checksum over length bytes.
 * Returns 0, -EINVAL or -EIO; fills *info (may be NULL) when the header
 * itself is readable, even if the table is then rejected.
 */
int acpi_check_table(const void *buf, size_t size, const char *sig,
		     struct acpi_sdt_info *info);

/* ---------------------------------------------------------------- XSDT/RSDT */

struct acpi_root {
	const uint8_t *entries;		/* inside the caller's buffer */
	size_t count;
	unsigned int entry_size;	/* 8 for the XSDT, 4 for the RSDT */
};

/*
 * A checked XSDT (xsdt = true) or RSDT; the entry area must be a whole
 * number of entries.  root->entries points into buf, so it is valid as
 * long as buf is.
 */
int acpi_parse_root(const void *buf, size_t size, bool xsdt,
		    struct acpi_root *root);

/* Physical address of entry i (i < root->count). */
uint64_t acpi_root_entry(const struct acpi_root *root, size_t i);

/* ---------------------------------------------------------------- MADT */

#define ACPI_MADT_PCAT_COMPAT	(1u << 0)	/* 8259 pair present */

enum acpi_madt_type {
	ACPI_MADT_LAPIC = 0,
	ACPI_MADT_IOAPIC = 1,
	ACPI_MADT_OVERRIDE = 2,
	ACPI_MADT_NMI_SOURCE = 3,
	ACPI_MADT_LAPIC_NMI = 4,
	ACPI_MADT_LAPIC_ADDR = 5,
};

/* Interrupt source override flags (MPS INTI flags). */
#define ACPI_POLARITY_MASK	0x3
#define ACPI_POLARITY_CONFORMS	0x0
#define ACPI_POLARITY_HIGH	0x1
#define ACPI_POLARITY_LOW	0x3
#define ACPI_TRIGGER_MASK	0xc
#define ACPI_TRIGGER_CONFORMS	0x0
#define ACPI_TRIGGER_EDGE	0x4
#define ACPI_TRIGGER_LEVEL	0xc

struct acpi_ioapic {
	uint8_t id;
	uint32_t address;
	uint32_t gsi_base;
};

struct acpi_override {
	uint8_t bus;			/* 0: ISA */
	uint8_t source_irq;
	uint32_t gsi;
	uint16_t flags;			/* ACPI_POLARITY_* | ACPI_TRIGGER_* */
};

struct acpi_madt_info {
	uint64_t lapic_addr;		/* type-5 override applied */
	bool lapic_addr_overridden;
	uint32_t flags;			/* ACPI_MADT_PCAT_COMPAT */
	unsigned int nr_cpus;		/* enabled or online-capable LAPICs */
	/* Local APIC ids of the enabled CPUs, in table order (SMP start-up). */
	unsigned int nr_cpu_ids;
	uint8_t cpu_apic_ids[ACPI_MAX_CPUS];
	unsigned int nr_ioapics;
	struct acpi_ioapic ioapics[ACPI_MAX_IOAPICS];
	unsigned int nr_overrides;
	struct acpi_override overrides[ACPI_MAX_OVERRIDES];
	unsigned int nr_unknown;	/* entries of other types, skipped */
	unsigned int nr_dropped;	/* CPUs/I/O APICs/overrides beyond capacity */
};

/*
 * A checked MADT ("APIC").  Entries are walked to the table's end; each
 * must have a length of at least 2 that stays inside the table, and the
 * known types must be long enough for their fields (-EINVAL otherwise).
 * Unknown types are skipped.
 */
int acpi_parse_madt(const void *buf, size_t size, struct acpi_madt_info *madt);

/*
 * The override of ISA IRQ isa_irq (bus 0), or NULL.  Polarity and trigger
 * of an ISA source: "conforms" means active high, edge triggered.
 */
const struct acpi_override *acpi_madt_find_override(
	const struct acpi_madt_info *madt, unsigned int isa_irq);
bool acpi_override_active_low(uint16_t flags);
bool acpi_override_level(uint16_t flags);

/* ---------------------------------------------------------------- MCFG */

struct acpi_mcfg_entry {
	uint64_t base;			/* ECAM address of bus 0 of the segment */
	uint16_t segment;
	uint8_t start_bus;
	uint8_t end_bus;		/* inclusive */
};

struct acpi_mcfg_info {
	unsigned int nr_entries;
	struct acpi_mcfg_entry entries[ACPI_MAX_MCFG];
	unsigned int nr_dropped;	/* beyond capacity */
};

/*
 * A checked MCFG: the allocation area must be a whole number of 16-byte
 * entries, and each must have start_bus <= end_bus and a non-zero base.
 */
int acpi_parse_mcfg(const void *buf, size_t size, struct acpi_mcfg_info *mcfg);

/* ---------------------------------------------------------------- HPET */

struct acpi_hpet_info {
	uint32_t block_id;		/* event timer block ID */
	uint64_t address;		/* registers, in system memory */
	uint8_t number;			/* HPET sequence number */
	uint16_t min_tick;		/* minimum periodic clock tick */
	uint8_t page_protection;
};

/* A checked HPET table; its base must be a non-zero system-memory address. */
int acpi_parse_hpet(const void *buf, size_t size, struct acpi_hpet_info *hpet);

#endif /* _LIB_ACPI_TABLES_H */
