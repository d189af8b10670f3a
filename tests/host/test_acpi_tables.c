// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for lib/acpi_tables.c.  Tables are built in memory by a small
 * writer below, laid out like the ones QEMU's q35 firmware provides, then
 * damaged on purpose: bad checksums, truncated buffers, length fields that
 * lie, entries running past the end, zero-length MADT entries.
 */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <lib/acpi_tables.h>
#include <lib/string.h>

/* ---------------------------------------------------------------- writer */

struct tb {
	uint8_t buf[4096];
	size_t len;
};

static void put8(struct tb *t, uint8_t v)
{
	cr_assert_lt(t->len, sizeof(t->buf));
	t->buf[t->len++] = v;
}

static void put16(struct tb *t, uint16_t v)
{
	put8(t, v & 0xff);
	put8(t, v >> 8);
}

static void put32(struct tb *t, uint32_t v)
{
	put16(t, v & 0xffff);
	put16(t, v >> 16);
}

static void put64(struct tb *t, uint64_t v)
{
	put32(t, (uint32_t)v);
	put32(t, (uint32_t)(v >> 32));
}

static void putstr(struct tb *t, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		put8(t, (uint8_t)s[i]);
}

static void set32(struct tb *t, size_t off, uint32_t v)
{
	t->buf[off] = v & 0xff;
	t->buf[off + 1] = (v >> 8) & 0xff;
	t->buf[off + 2] = (v >> 16) & 0xff;
	t->buf[off + 3] = v >> 24;
}

/* Header with length and checksum left 0; sdt_finish() fills them. */
static void sdt_begin(struct tb *t, const char *sig)
{
	t->len = 0;
	putstr(t, sig, 4);
	put32(t, 0);			/* length */
	put8(t, 1);			/* revision */
	put8(t, 0);			/* checksum */
	putstr(t, "BOCHS ", 6);
	putstr(t, "BXPC    ", 8);
	put32(t, 1);
	put32(t, 0x43505842);		/* "BXPC" */
	put32(t, 1);
	cr_assert_eq(t->len, ACPI_SDT_HEADER_SIZE);
}

static void fix_checksum(struct tb *t, size_t off)
{
	t->buf[off] = 0;
	t->buf[off] = (uint8_t)(0x100 - acpi_checksum(t->buf, t->len));
}

static void sdt_finish(struct tb *t)
{
	set32(t, 4, (uint32_t)t->len);
	fix_checksum(t, 9);
}

static void build_rsdp(struct tb *t, uint8_t revision, uint64_t xsdt)
{
	t->len = 0;
	putstr(t, "RSD PTR ", 8);
	put8(t, 0);			/* checksum */
	putstr(t, "BOCHS ", 6);
	put8(t, revision);
	put32(t, 0x7fe0000);		/* RSDT */
	put32(t, ACPI_RSDP_SIZE);	/* length */
	put64(t, xsdt);
	put8(t, 0);			/* extended checksum */
	put8(t, 0);
	put8(t, 0);
	put8(t, 0);
	t->buf[8] = (uint8_t)(0x100 - acpi_checksum(t->buf, ACPI_RSDP_V1_SIZE));
	fix_checksum(t, 32);
}

/* MADT entries. */
static void madt_lapic(struct tb *t, uint8_t uid, uint8_t id, uint32_t flags)
{
	put8(t, ACPI_MADT_LAPIC);
	put8(t, 8);
	put8(t, uid);
	put8(t, id);
	put32(t, flags);
}

static void madt_ioapic(struct tb *t, uint8_t id, uint32_t addr, uint32_t gsi)
{
	put8(t, ACPI_MADT_IOAPIC);
	put8(t, 12);
	put8(t, id);
	put8(t, 0);
	put32(t, addr);
	put32(t, gsi);
}

static void madt_override(struct tb *t, uint8_t irq, uint32_t gsi,
			  uint16_t flags)
{
	put8(t, ACPI_MADT_OVERRIDE);
	put8(t, 10);
	put8(t, 0);
	put8(t, irq);
	put32(t, gsi);
	put16(t, flags);
}

static void madt_begin(struct tb *t)
{
	sdt_begin(t, "APIC");
	put32(t, 0xfee00000);
	put32(t, ACPI_MADT_PCAT_COMPAT);
}

/* Like QEMU q35: one CPU, one I/O APIC, five overrides, a LAPIC NMI. */
static void build_q35_madt(struct tb *t)
{
	madt_begin(t);
	madt_lapic(t, 0, 0, 1);
	madt_ioapic(t, 0, 0xfec00000, 0);
	madt_override(t, 0, 2, 0);
	madt_override(t, 5, 5, 0xd);
	madt_override(t, 9, 9, 0xd);
	madt_override(t, 10, 10, 0xd);
	madt_override(t, 11, 11, 0xd);
	put8(t, ACPI_MADT_LAPIC_NMI);
	put8(t, 6);
	put8(t, 0xff);
	put16(t, 0);
	put8(t, 1);
	sdt_finish(t);
}

static void mcfg_begin(struct tb *t)
{
	sdt_begin(t, "MCFG");
	put64(t, 0);			/* reserved */
}

static void mcfg_entry(struct tb *t, uint64_t base, uint16_t seg,
		       uint8_t start, uint8_t end)
{
	put64(t, base);
	put16(t, seg);
	put8(t, start);
	put8(t, end);
	put32(t, 0);
}

static void build_hpet(struct tb *t, uint8_t space, uint64_t addr)
{
	sdt_begin(t, "HPET");
	put32(t, 0x8086a201);		/* block ID */
	put8(t, space);
	put8(t, 64);
	put8(t, 0);
	put8(t, 0);
	put64(t, addr);
	put8(t, 0);			/* number */
	put16(t, 0x80);			/* min tick */
	put8(t, 0);			/* page protection */
	sdt_finish(t);
}

/* ---------------------------------------------------------------- basics */

Test(acpi, checksum_and_signature)
{
	uint8_t b[4] = { 0x10, 0x20, 0x30, 0xa0 };

	cr_assert_eq(acpi_checksum(b, 4), 0);
	cr_assert_eq(acpi_checksum(b, 3), 0x60);
	cr_assert_eq(acpi_checksum(b, 0), 0);
	cr_assert(acpi_sig_is("APIC....", 8, "APIC"));
	cr_assert(!acpi_sig_is("APIX", 4, "APIC"));
	cr_assert(!acpi_sig_is("APIC", 3, "APIC"));
	cr_assert(!acpi_sig_is(NULL, 4, "APIC"));
}

/* ---------------------------------------------------------------- RSDP */

Test(acpi, rsdp_good)
{
	struct tb t;
	struct acpi_rsdp_info info;

	build_rsdp(&t, 2, 0x7fe1000);
	cr_assert_eq(acpi_rsdp_length(t.buf, t.len), ACPI_RSDP_SIZE);
	cr_assert_eq(acpi_parse_rsdp(t.buf, t.len, &info), 0);
	cr_assert_eq(info.revision, 2);
	cr_assert_str_eq(info.oem_id, "BOCHS ");
	cr_assert_eq(info.rsdt_addr, 0x7fe0000);
	cr_assert_eq(info.xsdt_addr, 0x7fe1000);
	cr_assert_eq(info.length, ACPI_RSDP_SIZE);
}

Test(acpi, rsdp_rejects)
{
	struct tb t;
	struct acpi_rsdp_info info;

	build_rsdp(&t, 2, 0x1000);
	cr_assert_eq(acpi_parse_rsdp(t.buf, ACPI_RSDP_V1_SIZE - 1, &info),
		     ACPI_EINVAL);
	cr_assert_eq(acpi_parse_rsdp(t.buf, ACPI_RSDP_SIZE - 1, &info),
		     ACPI_EINVAL, "revision 2 needs 36 bytes");
	cr_assert_eq(acpi_parse_rsdp(NULL, 36, &info), ACPI_EINVAL);
	cr_assert_eq(acpi_rsdp_length(t.buf, 35), 0);

	/* First checksum. */
	t.buf[9] ^= 1;
	cr_assert_eq(acpi_parse_rsdp(t.buf, t.len, &info), ACPI_ECHECKSUM);

	/* Extended checksum only: bytes 20-35. */
	build_rsdp(&t, 2, 0x1000);
	t.buf[24] ^= 0x40;
	cr_assert_eq(acpi_parse_rsdp(t.buf, t.len, &info), ACPI_ECHECKSUM);

	/* Signature. */
	build_rsdp(&t, 2, 0x1000);
	t.buf[0] = 'X';
	t.buf[8] -= 'X' - 'R';
	cr_assert_eq(acpi_checksum(t.buf, 20), 0);
	cr_assert_eq(acpi_parse_rsdp(t.buf, t.len, &info), ACPI_EINVAL);

	/* ACPI 1.0 RSDPs are refused. */
	build_rsdp(&t, 0, 0);
	cr_assert_eq(acpi_parse_rsdp(t.buf, t.len, &info), ACPI_ENOTSUP);
}

Test(acpi, rsdp_length_field)
{
	struct tb t;
	struct acpi_rsdp_info info;

	/* Claims 40 bytes, buffer holds 36. */
	build_rsdp(&t, 2, 0x1000);
	set32(&t, 20, 40);
	fix_checksum(&t, 32);
	cr_assert_eq(acpi_rsdp_length(t.buf, t.len), 40);
	cr_assert_eq(acpi_parse_rsdp(t.buf, t.len, &info), ACPI_EINVAL);
	/* With the 4 bytes present (and checksummed), it is fine. */
	put32(&t, 0);
	fix_checksum(&t, 32);
	cr_assert_eq(acpi_parse_rsdp(t.buf, t.len, &info), 0);
	cr_assert_eq(info.length, 40);

	/* Claims less than 36. */
	build_rsdp(&t, 2, 0x1000);
	set32(&t, 20, 20);
	fix_checksum(&t, 32);
	cr_assert_eq(acpi_parse_rsdp(t.buf, t.len, &info), ACPI_EINVAL);
}

/* ---------------------------------------------------------------- headers */

Test(acpi, sdt_header_and_check)
{
	struct tb t;
	struct acpi_sdt_info info;

	sdt_begin(&t, "FACP");
	put32(&t, 0x12345678);
	sdt_finish(&t);
	cr_assert_eq(acpi_parse_sdt_header(t.buf, 36, &info), 0);
	cr_assert_str_eq(info.signature, "FACP");
	cr_assert_eq(info.length, 40);
	cr_assert_str_eq(info.oem_id, "BOCHS ");
	cr_assert_str_eq(info.oem_table_id, "BXPC    ");
	cr_assert_eq(acpi_check_table(t.buf, t.len, "FACP", NULL), 0);
	cr_assert_eq(acpi_check_table(t.buf, t.len, NULL, NULL), 0);
	cr_assert_eq(acpi_check_table(t.buf, t.len, "APIC", NULL), ACPI_EINVAL);
	/* Only the header mapped: readable, but not a complete table. */
	cr_assert_eq(acpi_check_table(t.buf, 36, "FACP", &info), ACPI_EINVAL);
	cr_assert_eq(info.length, 40);
	cr_assert_eq(acpi_parse_sdt_header(t.buf, 35, &info), ACPI_EINVAL);

	t.buf[38] ^= 1;
	cr_assert_eq(acpi_check_table(t.buf, t.len, "FACP", NULL),
		     ACPI_ECHECKSUM);

	/* A length field below the header size. */
	sdt_begin(&t, "FACP");
	set32(&t, 4, 35);
	fix_checksum(&t, 9);
	cr_assert_eq(acpi_parse_sdt_header(t.buf, t.len, &info), ACPI_EINVAL);
	cr_assert_eq(acpi_check_table(t.buf, t.len, NULL, NULL), ACPI_EINVAL);
}

Test(acpi, unprintable_ids_are_sanitised)
{
	struct tb t;
	struct acpi_sdt_info info;

	sdt_begin(&t, "SSDT");
	t.buf[10] = 0x01;
	t.buf[11] = 0xff;
	t.buf[12] = 0;
	sdt_finish(&t);
	cr_assert_eq(acpi_check_table(t.buf, t.len, "SSDT", &info), 0);
	cr_assert_str_eq(info.oem_id, "??");
}

/* ---------------------------------------------------------------- root */

Test(acpi, xsdt_and_rsdt)
{
	struct tb t;
	struct acpi_root root;

	sdt_begin(&t, "XSDT");
	put64(&t, 0x7fe2000);
	put64(&t, 0x17fe3000);
	put64(&t, 0x7fe4000);
	sdt_finish(&t);
	cr_assert_eq(acpi_parse_root(t.buf, t.len, true, &root), 0);
	cr_assert_eq(root.count, 3);
	cr_assert_eq(acpi_root_entry(&root, 0), 0x7fe2000);
	cr_assert_eq(acpi_root_entry(&root, 1), 0x17fe3000);
	cr_assert_eq(acpi_root_entry(&root, 2), 0x7fe4000);
	cr_assert_eq(acpi_root_entry(&root, 3), 0);
	cr_assert_eq(acpi_parse_root(t.buf, t.len, false, &root), ACPI_EINVAL,
		     "an XSDT is not an RSDT");

	sdt_begin(&t, "RSDT");
	put32(&t, 0x7fe2000);
	put32(&t, 0x7fe3000);
	sdt_finish(&t);
	cr_assert_eq(acpi_parse_root(t.buf, t.len, false, &root), 0);
	cr_assert_eq(root.count, 2);
	cr_assert_eq(root.entry_size, 4);
	cr_assert_eq(acpi_root_entry(&root, 1), 0x7fe3000);

	sdt_begin(&t, "XSDT");
	sdt_finish(&t);
	cr_assert_eq(acpi_parse_root(t.buf, t.len, true, &root), 0);
	cr_assert_eq(root.count, 0);
}

Test(acpi, xsdt_partial_entry_and_truncation)
{
	struct tb t;
	struct acpi_root root;

	sdt_begin(&t, "XSDT");
	put64(&t, 0x7fe2000);
	put32(&t, 0x7fe3000);	/* half an entry */
	sdt_finish(&t);
	cr_assert_eq(acpi_parse_root(t.buf, t.len, true, &root), ACPI_EINVAL);

	sdt_begin(&t, "XSDT");
	put64(&t, 0x7fe2000);
	put64(&t, 0x7fe3000);
	sdt_finish(&t);
	cr_assert_eq(acpi_parse_root(t.buf, t.len - 1, true, &root),
		     ACPI_EINVAL);
	t.buf[40] ^= 0x10;
	cr_assert_eq(acpi_parse_root(t.buf, t.len, true, &root),
		     ACPI_ECHECKSUM);
}

/* ---------------------------------------------------------------- MADT */

Test(acpi, madt_q35)
{
	struct tb t;
	struct acpi_madt_info m;
	const struct acpi_override *o;

	build_q35_madt(&t);
	cr_assert_eq(acpi_parse_madt(t.buf, t.len, &m), 0);
	cr_assert_eq(m.lapic_addr, 0xfee00000);
	cr_assert(!m.lapic_addr_overridden);
	cr_assert_eq(m.flags, ACPI_MADT_PCAT_COMPAT);
	cr_assert_eq(m.nr_cpus, 1);
	cr_assert_eq(m.nr_ioapics, 1);
	cr_assert_eq(m.ioapics[0].id, 0);
	cr_assert_eq(m.ioapics[0].address, 0xfec00000);
	cr_assert_eq(m.ioapics[0].gsi_base, 0);
	cr_assert_eq(m.nr_overrides, 5);
	cr_assert_eq(m.nr_unknown, 0);
	cr_assert_eq(m.nr_dropped, 0);

	o = acpi_madt_find_override(&m, 0);
	cr_assert_not_null(o);
	cr_assert_eq(o->gsi, 2);
	cr_assert(!acpi_override_active_low(o->flags));
	cr_assert(!acpi_override_level(o->flags));
	o = acpi_madt_find_override(&m, 9);
	cr_assert_not_null(o);
	cr_assert_eq(o->gsi, 9);
	cr_assert(!acpi_override_active_low(o->flags));
	cr_assert(acpi_override_level(o->flags));
	cr_assert_null(acpi_madt_find_override(&m, 1));
	cr_assert_null(acpi_madt_find_override(&m, 300));
}

Test(acpi, override_flags)
{
	cr_assert(acpi_override_active_low(ACPI_POLARITY_LOW));
	cr_assert(!acpi_override_active_low(ACPI_POLARITY_HIGH));
	cr_assert(!acpi_override_active_low(ACPI_POLARITY_CONFORMS));
	cr_assert(acpi_override_level(ACPI_TRIGGER_LEVEL | ACPI_POLARITY_LOW));
	cr_assert(!acpi_override_level(ACPI_TRIGGER_EDGE));
	cr_assert(!acpi_override_level(ACPI_TRIGGER_CONFORMS));
}

Test(acpi, madt_lapic_address_override_and_unknown_types)
{
	struct tb t;
	struct acpi_madt_info m;

	madt_begin(&t);
	madt_lapic(&t, 0, 0, 1);
	madt_lapic(&t, 1, 1, 0);		/* disabled */
	madt_lapic(&t, 2, 2, 2);		/* online capable */
	put8(&t, 0x7f);				/* unknown, 6 bytes */
	put8(&t, 6);
	put32(&t, 0xdeadbeef);
	put8(&t, ACPI_MADT_LAPIC_ADDR);
	put8(&t, 12);
	put16(&t, 0);
	put64(&t, 0x1fee00000ULL);
	put8(&t, 0x10);				/* unknown, bare header */
	put8(&t, 2);
	madt_ioapic(&t, 3, 0xfec01000, 24);
	sdt_finish(&t);
	cr_assert_eq(acpi_parse_madt(t.buf, t.len, &m), 0);
	cr_assert_eq(m.lapic_addr, 0x1fee00000ULL);
	cr_assert(m.lapic_addr_overridden);
	cr_assert_eq(m.nr_cpus, 2);
	/* Only the enabled one is a CPU to start. */
	cr_assert_eq(m.nr_cpu_ids, 1);
	cr_assert_eq(m.cpu_apic_ids[0], 0);
	cr_assert_eq(m.nr_unknown, 2);
	cr_assert_eq(m.nr_ioapics, 1);
	cr_assert_eq(m.ioapics[0].id, 3);
	cr_assert_eq(m.ioapics[0].gsi_base, 24);
}

Test(acpi, madt_zero_length_entry_rejected, .timeout = 5)
{
	struct tb t;
	struct acpi_madt_info m;

	madt_begin(&t);
	madt_lapic(&t, 0, 0, 1);
	put8(&t, 0x7f);
	put8(&t, 0);				/* would loop forever */
	put16(&t, 0);
	sdt_finish(&t);
	cr_assert_eq(acpi_parse_madt(t.buf, t.len, &m), ACPI_EINVAL);

	madt_begin(&t);
	put8(&t, ACPI_MADT_LAPIC);
	put8(&t, 1);				/* shorter than its header */
	put16(&t, 0);
	sdt_finish(&t);
	cr_assert_eq(acpi_parse_madt(t.buf, t.len, &m), ACPI_EINVAL);
}

Test(acpi, madt_entry_past_end_rejected)
{
	struct tb t;
	struct acpi_madt_info m;

	/* An I/O APIC entry claiming 12 bytes with only 8 left. */
	madt_begin(&t);
	put8(&t, ACPI_MADT_IOAPIC);
	put8(&t, 12);
	put16(&t, 0);
	put32(&t, 0xfec00000);
	sdt_finish(&t);
	cr_assert_eq(acpi_parse_madt(t.buf, t.len, &m), ACPI_EINVAL);

	/* A single stray byte after the last entry. */
	madt_begin(&t);
	madt_lapic(&t, 0, 0, 1);
	put8(&t, 0);
	sdt_finish(&t);
	cr_assert_eq(acpi_parse_madt(t.buf, t.len, &m), ACPI_EINVAL);

	/* The length field stops inside an entry that the buffer holds. */
	build_q35_madt(&t);
	set32(&t, 4, (uint32_t)t.len - 3);
	t.len -= 3;
	fix_checksum(&t, 9);
	t.len += 3;
	cr_assert_eq(acpi_parse_madt(t.buf, t.len, &m), ACPI_EINVAL);
}

Test(acpi, madt_short_known_entries_rejected)
{
	static const uint8_t types[] = { ACPI_MADT_LAPIC, ACPI_MADT_IOAPIC,
					 ACPI_MADT_OVERRIDE,
					 ACPI_MADT_LAPIC_ADDR };
	static const uint8_t short_len[] = { 6, 10, 8, 10 };
	struct acpi_madt_info m;
	struct tb t;
	unsigned int i, k;

	for (i = 0; i < sizeof(types); i++) {
		madt_begin(&t);
		put8(&t, types[i]);
		put8(&t, short_len[i]);
		for (k = 2; k < short_len[i]; k++)
			put8(&t, 0);
		sdt_finish(&t);
		cr_assert_eq(acpi_parse_madt(t.buf, t.len, &m), ACPI_EINVAL,
			     "type %u with length %u", types[i], short_len[i]);
	}
}

Test(acpi, madt_header_problems)
{
	struct tb t;
	struct acpi_madt_info m;

	build_q35_madt(&t);
	t.buf[50] ^= 0x01;
	cr_assert_eq(acpi_parse_madt(t.buf, t.len, &m), ACPI_ECHECKSUM);

	build_q35_madt(&t);
	cr_assert_eq(acpi_parse_madt(t.buf, t.len - 1, &m), ACPI_EINVAL);
	cr_assert_eq(acpi_parse_madt(t.buf, 36, &m), ACPI_EINVAL);

	/* Too short for the LAPIC address and flags. */
	sdt_begin(&t, "APIC");
	put32(&t, 0xfee00000);
	sdt_finish(&t);
	cr_assert_eq(acpi_parse_madt(t.buf, t.len, &m), ACPI_EINVAL);

	/* No entries at all is well formed. */
	madt_begin(&t);
	sdt_finish(&t);
	cr_assert_eq(acpi_parse_madt(t.buf, t.len, &m), 0);
	cr_assert_eq(m.nr_ioapics, 0);

	/* Another table's signature. */
	sdt_begin(&t, "FACP");
	put64(&t, 0);
	sdt_finish(&t);
	cr_assert_eq(acpi_parse_madt(t.buf, t.len, &m), ACPI_EINVAL);
}

Test(acpi, madt_capacity)
{
	struct tb t;
	struct acpi_madt_info m;
	unsigned int i;

	madt_begin(&t);
	for (i = 0; i < ACPI_MAX_IOAPICS + 3; i++)
		madt_ioapic(&t, (uint8_t)i, 0xfec00000 + i * 0x1000, i * 24);
	for (i = 0; i < ACPI_MAX_OVERRIDES + 2; i++)
		madt_override(&t, (uint8_t)i, i, 0);
	sdt_finish(&t);
	cr_assert_eq(acpi_parse_madt(t.buf, t.len, &m), 0);
	cr_assert_eq(m.nr_ioapics, ACPI_MAX_IOAPICS);
	cr_assert_eq(m.nr_overrides, ACPI_MAX_OVERRIDES);
	cr_assert_eq(m.nr_dropped, 5);
	cr_assert_eq(m.ioapics[ACPI_MAX_IOAPICS - 1].gsi_base,
		     (ACPI_MAX_IOAPICS - 1) * 24);
}

Test(acpi, madt_cpu_ids)
{
	struct tb t;
	struct acpi_madt_info m;
	unsigned int i;

	madt_begin(&t);
	for (i = 0; i < ACPI_MAX_CPUS + 2; i++)
		madt_lapic(&t, (uint8_t)i, (uint8_t)(i * 2), 1);
	sdt_finish(&t);
	cr_assert_eq(acpi_parse_madt(t.buf, t.len, &m), 0);
	cr_assert_eq(m.nr_cpus, ACPI_MAX_CPUS + 2);
	cr_assert_eq(m.nr_cpu_ids, ACPI_MAX_CPUS);
	cr_assert_eq(m.nr_dropped, 2);
	for (i = 0; i < ACPI_MAX_CPUS; i++)
		cr_assert_eq(m.cpu_apic_ids[i], i * 2);
}

Test(acpi, madt_unaligned_buffer)
{
	struct tb t;
	struct acpi_madt_info m;
	uint8_t *copy;

	build_q35_madt(&t);
	copy = malloc(t.len + 1);
	cr_assert_not_null(copy);
	memcpy(copy + 1, t.buf, t.len);
	cr_assert_eq(acpi_parse_madt(copy + 1, t.len, &m), 0);
	cr_assert_eq(m.nr_overrides, 5);
	free(copy);
}

/*
 * Every single-byte change of a good MADT, with the checksum repaired,
 * either parses or is refused; none may read outside the buffer (ASan
 * watches the exact-size heap copy) or loop.
 */
Test(acpi, madt_every_byte_mutated, .timeout = 30)
{
	static const uint8_t values[] = { 0x00, 0x01, 0x02, 0x7f, 0x80, 0xff };
	struct tb good, t;
	struct acpi_madt_info m;
	size_t i, v;

	build_q35_madt(&good);
	for (i = 0; i < good.len; i++) {
		if (i == 9)
			continue;
		for (v = 0; v < sizeof(values); v++) {
			uint8_t *heap;
			int ret;

			t = good;
			t.buf[i] = values[v];
			fix_checksum(&t, 9);
			heap = malloc(t.len);
			cr_assert_not_null(heap);
			memcpy(heap, t.buf, t.len);
			ret = acpi_parse_madt(heap, t.len, &m);
			cr_assert(ret == 0 || ret == ACPI_EINVAL,
				  "byte %zu = 0x%x: %d", i, values[v], ret);
			if (ret == 0) {
				cr_assert_leq(m.nr_ioapics, ACPI_MAX_IOAPICS);
				cr_assert_leq(m.nr_overrides,
					      ACPI_MAX_OVERRIDES);
			}
			free(heap);
		}
	}
}

/* ---------------------------------------------------------------- MCFG */

Test(acpi, mcfg_good)
{
	struct tb t;
	struct acpi_mcfg_info mc;

	mcfg_begin(&t);
	mcfg_entry(&t, 0xb0000000, 0, 0, 0xff);
	mcfg_entry(&t, 0x1000000000ULL, 1, 0x10, 0x1f);
	sdt_finish(&t);
	cr_assert_eq(acpi_parse_mcfg(t.buf, t.len, &mc), 0);
	cr_assert_eq(mc.nr_entries, 2);
	cr_assert_eq(mc.entries[0].base, 0xb0000000);
	cr_assert_eq(mc.entries[0].segment, 0);
	cr_assert_eq(mc.entries[0].start_bus, 0);
	cr_assert_eq(mc.entries[0].end_bus, 0xff);
	cr_assert_eq(mc.entries[1].base, 0x1000000000ULL);
	cr_assert_eq(mc.entries[1].segment, 1);
	cr_assert_eq(mc.entries[1].start_bus, 0x10);
	cr_assert_eq(mc.entries[1].end_bus, 0x1f);

	mcfg_begin(&t);
	sdt_finish(&t);
	cr_assert_eq(acpi_parse_mcfg(t.buf, t.len, &mc), 0);
	cr_assert_eq(mc.nr_entries, 0);
}

Test(acpi, mcfg_rejects)
{
	struct tb t;
	struct acpi_mcfg_info mc;

	/* An entry running past the end of the table. */
	mcfg_begin(&t);
	mcfg_entry(&t, 0xb0000000, 0, 0, 0xff);
	put64(&t, 0xc0000000);
	sdt_finish(&t);
	cr_assert_eq(acpi_parse_mcfg(t.buf, t.len, &mc), ACPI_EINVAL);

	/* Bus range upside down; zero base. */
	mcfg_begin(&t);
	mcfg_entry(&t, 0xb0000000, 0, 0x20, 0x1f);
	sdt_finish(&t);
	cr_assert_eq(acpi_parse_mcfg(t.buf, t.len, &mc), ACPI_EINVAL);
	mcfg_begin(&t);
	mcfg_entry(&t, 0, 0, 0, 0xff);
	sdt_finish(&t);
	cr_assert_eq(acpi_parse_mcfg(t.buf, t.len, &mc), ACPI_EINVAL);

	/* Header too short for the reserved field. */
	sdt_begin(&t, "MCFG");
	put32(&t, 0);
	sdt_finish(&t);
	cr_assert_eq(acpi_parse_mcfg(t.buf, t.len, &mc), ACPI_EINVAL);

	/* Checksum, truncation. */
	mcfg_begin(&t);
	mcfg_entry(&t, 0xb0000000, 0, 0, 0xff);
	sdt_finish(&t);
	cr_assert_eq(acpi_parse_mcfg(t.buf, t.len - 16, &mc), ACPI_EINVAL);
	t.buf[44] ^= 0x80;
	cr_assert_eq(acpi_parse_mcfg(t.buf, t.len, &mc), ACPI_ECHECKSUM);
}

Test(acpi, mcfg_capacity)
{
	struct tb t;
	struct acpi_mcfg_info mc;
	unsigned int i;

	mcfg_begin(&t);
	for (i = 0; i < ACPI_MAX_MCFG + 2; i++)
		mcfg_entry(&t, 0xb0000000 + (uint64_t)i * 0x10000000,
			   (uint16_t)i, 0, 0xff);
	sdt_finish(&t);
	cr_assert_eq(acpi_parse_mcfg(t.buf, t.len, &mc), 0);
	cr_assert_eq(mc.nr_entries, ACPI_MAX_MCFG);
	cr_assert_eq(mc.nr_dropped, 2);
}

/* ---------------------------------------------------------------- HPET */

Test(acpi, hpet)
{
	struct tb t;
	struct acpi_hpet_info h;

	build_hpet(&t, 0, 0xfed00000);
	cr_assert_eq(acpi_parse_hpet(t.buf, t.len, &h), 0);
	cr_assert_eq(h.address, 0xfed00000);
	cr_assert_eq(h.block_id, 0x8086a201);
	cr_assert_eq(h.min_tick, 0x80);

	build_hpet(&t, 1, 0xfed00000);		/* I/O space */
	cr_assert_eq(acpi_parse_hpet(t.buf, t.len, &h), ACPI_ENOTSUP);
	build_hpet(&t, 0, 0);
	cr_assert_eq(acpi_parse_hpet(t.buf, t.len, &h), ACPI_EINVAL);
	build_hpet(&t, 0, 0xfed00000);
	cr_assert_eq(acpi_parse_hpet(t.buf, t.len - 1, &h), ACPI_EINVAL);
	t.buf[44] ^= 0x01;
	cr_assert_eq(acpi_parse_hpet(t.buf, t.len, &h), ACPI_ECHECKSUM);

	/* Too short for the fields. */
	sdt_begin(&t, "HPET");
	put32(&t, 0);
	put64(&t, 0);
	sdt_finish(&t);
	cr_assert_eq(acpi_parse_hpet(t.buf, t.len, &h), ACPI_EINVAL);
}
