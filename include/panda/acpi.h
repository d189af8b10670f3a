/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ACPI table discovery (CONFIG_ACPI, devices.md section 2).  acpi_init()
 * runs once at boot, before the interrupt controllers are set up: it
 * validates the RSDP, walks the XSDT (the RSDT if there is no usable
 * XSDT), maps each table it needs, checks it, copies out what the kernel
 * uses and unmaps it again.  The results below are read-only afterwards.
 *
 * A missing or unusable RSDP or MADT is fatal; a missing MCFG or HPET is
 * only logged.  A table with a bad checksum is ignored with a warning.
 */
#ifndef _PANDA_ACPI_H
#define _PANDA_ACPI_H

#include <lib/acpi_tables.h>
#include <panda/mm.h>

void acpi_init(phys_addr_t rsdp_phys);

/* The MADT summary: LAPIC address, I/O APICs, interrupt source overrides. */
const struct acpi_madt_info *acpi_madt(void);

/*
 * The PCI ECAM ranges of the MCFG; *count is set to their number (0 and
 * a NULL return when there is no usable MCFG).
 */
const struct acpi_mcfg_entry *acpi_mcfg_entries(unsigned int *count);

/* The HPET, or NULL when the firmware describes none. */
const struct acpi_hpet_info *acpi_hpet(void);

#endif /* _PANDA_ACPI_H */
