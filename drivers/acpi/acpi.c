// SPDX-License-Identifier: GPL-2.0
/*
 * ACPI table discovery (devices.md section 2, include/panda/acpi.h).
 *
 * Every table is reached through a temporary cached mapping (memremap):
 * first of its 36-byte header, to learn the signature and length, then of
 * the whole table, which lib/acpi_tables.c checks and parses.  What the
 * kernel needs is copied into the static summaries below and the mapping
 * is released.  Those summaries are written only here, before interrupts
 * are enabled, and are read-only afterwards, so they need no lock.
 */
#include <lib/acpi_tables.h>
#include <lib/string.h>
#include <panda/acpi.h>
#include <panda/errno.h>
#include <panda/mm.h>
#include <panda/panic.h>
#include <panda/printk.h>

/* Larger tables are refused rather than mapped (the ones read are tiny). */
#define ACPI_TABLE_MAX	(1u << 20)
#define ACPI_RSDP_MAX	PAGE_SIZE

static struct acpi_madt_info madt;
static bool have_madt;
static struct acpi_mcfg_info mcfg;
static bool have_mcfg;
static struct acpi_hpet_info hpet;
static bool have_hpet;

const struct acpi_madt_info *acpi_madt(void)
{
	return have_madt ? &madt : NULL;
}

const struct acpi_mcfg_entry *acpi_mcfg_entries(unsigned int *count)
{
	*count = have_mcfg ? mcfg.nr_entries : 0;
	return *count ? mcfg.entries : NULL;
}

const struct acpi_hpet_info *acpi_hpet(void)
{
	return have_hpet ? &hpet : NULL;
}

static const char *acpi_err(int err)
{
	switch (err) {
	case -EINVAL:
		return "malformed";
	case -EIO:
		return "bad checksum";
	case -ENOTSUP:
		return "unsupported";
	case -ENOMEM:
		return "cannot be mapped";
	}
	return "unusable";
}

/* Reads the header of the table at pa into *hdr. */
static int peek_header(phys_addr_t pa, struct acpi_sdt_info *hdr)
{
	void *p;
	int ret;

	if (!pa)
		return -EINVAL;
	p = memremap(pa, ACPI_SDT_HEADER_SIZE);
	if (!p)
		return -ENOMEM;
	ret = acpi_parse_sdt_header(p, ACPI_SDT_HEADER_SIZE, hdr);
	iounmap(p, ACPI_SDT_HEADER_SIZE);
	if (!ret && hdr->length > ACPI_TABLE_MAX)
		ret = -ENOTSUP;
	return ret;
}

/* ---------------------------------------------------------------- tables */

static void parse_madt(phys_addr_t pa, const void *t, size_t len)
{
	struct acpi_madt_info m;
	const struct acpi_ioapic *io;
	int ret;

	ret = acpi_parse_madt(t, len, &m);
	if (ret) {
		pr_warn("ACPI: MADT at 0x%lx %s: ignored", pa, acpi_err(ret));
		return;
	}
	if (have_madt) {
		pr_warn("ACPI: second MADT at 0x%lx ignored", pa);
		return;
	}
	madt = m;
	have_madt = true;
	io = &madt.ioapics[0];
	if (madt.nr_ioapics)
		pr_info("ACPI: MADT: local APIC at 0x%lx%s, %u CPU(s), %u I/O APIC(s) (first: id %u at 0x%x, GSI base %u), %u override(s)%s",
			madt.lapic_addr,
			madt.lapic_addr_overridden ? " (type-5 override)" : "",
			madt.nr_cpus, madt.nr_ioapics, io->id, io->address,
			io->gsi_base, madt.nr_overrides,
			(madt.flags & ACPI_MADT_PCAT_COMPAT) ? ", 8259 pair" : "");
	else
		pr_info("ACPI: MADT: local APIC at 0x%lx%s, %u CPU(s), no I/O APIC, %u override(s)%s",
			madt.lapic_addr,
			madt.lapic_addr_overridden ? " (type-5 override)" : "",
			madt.nr_cpus, madt.nr_overrides,
			(madt.flags & ACPI_MADT_PCAT_COMPAT) ? ", 8259 pair" : "");
	for (unsigned int i = 0; i < madt.nr_ioapics; i++)
		pr_debug("ACPI: I/O APIC id %u at 0x%x, GSI base %u",
			 madt.ioapics[i].id, madt.ioapics[i].address,
			 madt.ioapics[i].gsi_base);
	for (unsigned int i = 0; i < madt.nr_overrides; i++)
		pr_debug("ACPI: override bus %u IRQ %u -> GSI %u, flags 0x%x",
			 madt.overrides[i].bus, madt.overrides[i].source_irq,
			 madt.overrides[i].gsi, madt.overrides[i].flags);
	if (madt.nr_dropped)
		pr_warn("ACPI: MADT: %u I/O APIC or override entries beyond the kernel's limits ignored",
			madt.nr_dropped);
	if (madt.nr_unknown)
		pr_debug("ACPI: MADT: %u entries of other types skipped",
			 madt.nr_unknown);
}

static void parse_mcfg(phys_addr_t pa, const void *t, size_t len)
{
	struct acpi_mcfg_info m;
	const struct acpi_mcfg_entry *e;
	int ret;

	ret = acpi_parse_mcfg(t, len, &m);
	if (ret) {
		pr_warn("ACPI: MCFG at 0x%lx %s: ignored", pa, acpi_err(ret));
		return;
	}
	if (have_mcfg) {
		pr_warn("ACPI: second MCFG at 0x%lx ignored", pa);
		return;
	}
	mcfg = m;
	have_mcfg = true;
	if (!mcfg.nr_entries) {
		pr_info("ACPI: MCFG: no ECAM ranges");
		return;
	}
	e = &mcfg.entries[0];
	pr_info("ACPI: MCFG: %u ECAM range(s), first: segment %u buses %02x-%02x at 0x%lx",
		mcfg.nr_entries, e->segment, e->start_bus, e->end_bus,
		e->base);
	for (unsigned int i = 1; i < mcfg.nr_entries; i++)
		pr_debug("ACPI: MCFG: segment %u buses %02x-%02x at 0x%lx",
			 mcfg.entries[i].segment, mcfg.entries[i].start_bus,
			 mcfg.entries[i].end_bus, mcfg.entries[i].base);
	if (mcfg.nr_dropped)
		pr_warn("ACPI: MCFG: %u ranges beyond the kernel's limit ignored",
			mcfg.nr_dropped);
}

static void parse_hpet(phys_addr_t pa, const void *t, size_t len)
{
	struct acpi_hpet_info h;
	int ret;

	ret = acpi_parse_hpet(t, len, &h);
	if (ret) {
		pr_warn("ACPI: HPET table at 0x%lx %s: ignored", pa,
			acpi_err(ret));
		return;
	}
	if (have_hpet) {
		pr_debug("ACPI: HPET %u at 0x%lx not used (one is enough)",
			 h.number, h.address);
		return;
	}
	hpet = h;
	have_hpet = true;
	pr_info("ACPI: HPET %u at 0x%lx, block id 0x%x, minimum tick %u",
		hpet.number, hpet.address, hpet.block_id, hpet.min_tick);
}

static const struct {
	char sig[5];
	void (*parse)(phys_addr_t pa, const void *t, size_t len);
} wanted[] = {
	{ "APIC", parse_madt },
	{ "MCFG", parse_mcfg },
	{ "HPET", parse_hpet },
};

static void visit_table(phys_addr_t pa)
{
	struct acpi_sdt_info hdr;
	unsigned int i;
	void *t;
	int ret;

	ret = peek_header(pa, &hdr);
	if (ret) {
		pr_warn("ACPI: table at 0x%lx %s: ignored", pa, acpi_err(ret));
		return;
	}
	pr_debug("ACPI: %s at 0x%lx, %u bytes, revision %u, OEM '%s' '%s'",
		 hdr.signature, pa, hdr.length, hdr.revision, hdr.oem_id,
		 hdr.oem_table_id);
	for (i = 0; i < ARRAY_SIZE(wanted); i++)
		if (!strcmp(hdr.signature, wanted[i].sig))
			break;
	if (i == ARRAY_SIZE(wanted))
		return;
	t = memremap(pa, hdr.length);
	if (!t) {
		pr_warn("ACPI: %s at 0x%lx cannot be mapped: ignored",
			hdr.signature, pa);
		return;
	}
	wanted[i].parse(pa, t, hdr.length);
	iounmap(t, hdr.length);
}

/* ---------------------------------------------------------------- root */

/* Maps and checks the XSDT or RSDT; returns the mapping or NULL. */
static void *map_root(phys_addr_t pa, bool xsdt, struct acpi_root *root,
		      struct acpi_sdt_info *hdr)
{
	const char *name = xsdt ? "XSDT" : "RSDT";
	void *t;
	int ret;

	ret = peek_header(pa, hdr);
	if (ret) {
		pr_warn("ACPI: %s at 0x%lx %s", name, pa, acpi_err(ret));
		return NULL;
	}
	t = memremap(pa, hdr->length);
	if (!t) {
		pr_warn("ACPI: %s at 0x%lx cannot be mapped", name, pa);
		return NULL;
	}
	ret = acpi_parse_root(t, hdr->length, xsdt, root);
	if (ret) {
		pr_warn("ACPI: %s at 0x%lx %s", name, pa, acpi_err(ret));
		iounmap(t, hdr->length);
		return NULL;
	}
	return t;
}

static void read_rsdp(phys_addr_t pa, struct acpi_rsdp_info *info)
{
	size_t len = ACPI_RSDP_SIZE;
	uint32_t want;
	void *p;
	int ret;

	if (!pa)
		panic("ACPI: the boot stage passed no RSDP address");
	p = memremap(pa, len);
	if (!p)
		panic("ACPI: cannot map the RSDP at 0x%lx", pa);
	want = acpi_rsdp_length(p, len);
	if (want > len && want <= ACPI_RSDP_MAX) {
		iounmap(p, len);
		len = want;
		p = memremap(pa, len);
		if (!p)
			panic("ACPI: cannot map the RSDP at 0x%lx", pa);
	}
	ret = acpi_parse_rsdp(p, len, info);
	iounmap(p, len);
	if (ret == -ENOTSUP)
		panic("ACPI: RSDP at 0x%lx has revision < 2: ACPI 2.0 or later required",
		      pa);
	if (ret)
		panic("ACPI: RSDP at 0x%lx %s", pa, acpi_err(ret));
	pr_info("ACPI: RSDP at 0x%lx: revision %u, OEM '%s', XSDT 0x%lx, RSDT 0x%x",
		pa, info->revision, info->oem_id, info->xsdt_addr,
		info->rsdt_addr);
}

void acpi_init(phys_addr_t rsdp_phys)
{
	struct acpi_rsdp_info rsdp;
	struct acpi_sdt_info hdr;
	struct acpi_root root;
	phys_addr_t root_pa;
	bool xsdt = true;
	void *t = NULL;
	size_t i;

	read_rsdp(rsdp_phys, &rsdp);
	root_pa = rsdp.xsdt_addr;
	if (root_pa)
		t = map_root(root_pa, true, &root, &hdr);
	if (!t && rsdp.rsdt_addr) {
		pr_warn("ACPI: no usable XSDT, falling back to the RSDT");
		xsdt = false;
		root_pa = rsdp.rsdt_addr;
		t = map_root(root_pa, false, &root, &hdr);
	}
	if (!t)
		panic("ACPI: neither an XSDT nor an RSDT is usable: no firmware tables");
	pr_info("ACPI: %s at 0x%lx: %zu tables, OEM '%s' '%s'",
		xsdt ? "XSDT" : "RSDT", root_pa, root.count, hdr.oem_id,
		hdr.oem_table_id);

	for (i = 0; i < root.count; i++)
		visit_table(acpi_root_entry(&root, i));
	iounmap(t, hdr.length);

	if (!have_madt)
		panic("ACPI: No MADT found (no usable \"APIC\" table): cannot set up interrupt controllers");
	if (!have_mcfg)
		pr_warn("ACPI: no MCFG table: PCI configuration space only through ports 0xcf8/0xcfc");
	if (!have_hpet)
		pr_info("ACPI: no HPET table");
}
