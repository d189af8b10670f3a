// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for lib/acpi_tables.c: every parser sees the input as
 * it is, then once more with its checksums repaired (so that mutations get
 * past the checksum to the structure behind it).  The input is copied to
 * an exact-size heap buffer so ASan catches any read past its end.
 */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <lib/acpi_tables.h>
#include <lib/string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) __builtin_trap(); } while (0)
#define MAX_INPUT 65536

static volatile uint64_t sink;

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static bool ok_rc(int rc)
{
	return rc == 0 || rc == ACPI_EINVAL || rc == ACPI_ECHECKSUM ||
	       rc == ACPI_ENOTSUP;
}

static void check_rsdp(const uint8_t *buf, size_t size)
{
	struct acpi_rsdp_info info;
	int rc = acpi_parse_rsdp(buf, size, &info);

	CHECK(ok_rc(rc));
	if (size >= ACPI_RSDP_SIZE)
		CHECK(acpi_rsdp_length(buf, size) == le32(buf + 20));
	else
		CHECK(acpi_rsdp_length(buf, size) == 0);
	if (rc)
		return;
	CHECK(info.revision >= 2);
	CHECK(info.length >= ACPI_RSDP_SIZE && info.length <= size);
	CHECK(acpi_checksum(buf, ACPI_RSDP_V1_SIZE) == 0);
	CHECK(acpi_checksum(buf, info.length) == 0);
	CHECK(strnlen(info.oem_id, sizeof(info.oem_id)) < sizeof(info.oem_id));
}

static void check_sdt(const uint8_t *buf, size_t size)
{
	struct acpi_sdt_info info;
	struct acpi_root root;
	int rc;
	size_t i;
	bool xsdt;

	rc = acpi_parse_sdt_header(buf, size, &info);
	CHECK(ok_rc(rc));
	if (!rc) {
		CHECK(info.length >= ACPI_SDT_HEADER_SIZE);
		CHECK(strnlen(info.signature, 5) < 5);
		CHECK(strnlen(info.oem_table_id, 9) < 9);
	}
	rc = acpi_check_table(buf, size, NULL, NULL);
	CHECK(ok_rc(rc));
	if (!rc) {
		CHECK(info.length <= size);
		CHECK(acpi_checksum(buf, info.length) == 0);
	}

	for (xsdt = false; ; xsdt = true) {
		rc = acpi_parse_root(buf, size, xsdt, &root);
		CHECK(ok_rc(rc));
		if (!rc) {
			CHECK(root.entries == buf + ACPI_SDT_HEADER_SIZE);
			CHECK(ACPI_SDT_HEADER_SIZE +
			      root.count * root.entry_size == info.length);
			for (i = 0; i < root.count; i++)
				sink += acpi_root_entry(&root, i);
			CHECK(acpi_root_entry(&root, root.count) == 0);
		}
		if (xsdt)
			break;
	}
}

static void check_madt(const uint8_t *buf, size_t size)
{
	struct acpi_madt_info m;
	const struct acpi_override *o;
	unsigned int irq;
	int rc = acpi_parse_madt(buf, size, &m);

	CHECK(ok_rc(rc));
	if (rc)
		return;
	CHECK(m.nr_ioapics <= ACPI_MAX_IOAPICS);
	CHECK(m.nr_overrides <= ACPI_MAX_OVERRIDES);
	/* Each entry is at least 2 bytes long. */
	CHECK(m.nr_cpus + m.nr_ioapics + m.nr_overrides + m.nr_unknown +
	      m.nr_dropped <= (size - ACPI_MADT_ENTRIES) / 2);
	for (irq = 0; irq < 260; irq++) {
		o = acpi_madt_find_override(&m, irq);
		if (!o)
			continue;
		CHECK(o >= m.overrides && o < m.overrides + m.nr_overrides);
		CHECK(o->bus == 0 && o->source_irq == irq);
		sink += acpi_override_level(o->flags) +
			acpi_override_active_low(o->flags);
	}
}

static void check_mcfg(const uint8_t *buf, size_t size)
{
	struct acpi_mcfg_info mc;
	unsigned int i;
	int rc = acpi_parse_mcfg(buf, size, &mc);

	CHECK(ok_rc(rc));
	if (rc)
		return;
	CHECK(mc.nr_entries <= ACPI_MAX_MCFG);
	CHECK(ACPI_MCFG_ENTRIES + (mc.nr_entries + mc.nr_dropped) *
	      ACPI_MCFG_ENTRY_SIZE <= size);
	for (i = 0; i < mc.nr_entries; i++) {
		CHECK(mc.entries[i].base != 0);
		CHECK(mc.entries[i].start_bus <= mc.entries[i].end_bus);
	}
}

static void check_hpet(const uint8_t *buf, size_t size)
{
	struct acpi_hpet_info h;
	int rc = acpi_parse_hpet(buf, size, &h);

	CHECK(ok_rc(rc));
	if (!rc)
		CHECK(h.address != 0 && size >= ACPI_HPET_SIZE);
}

static void check_all(const uint8_t *buf, size_t size)
{
	check_rsdp(buf, size);
	check_sdt(buf, size);
	check_madt(buf, size);
	check_mcfg(buf, size);
	check_hpet(buf, size);
}

/* Make the checksums right wherever the length fields allow it. */
static bool repair(uint8_t *buf, size_t size)
{
	uint32_t len;

	if (size >= ACPI_RSDP_SIZE && acpi_sig_is(buf, size, "RSD ")) {
		buf[8] = 0;
		buf[8] = (uint8_t)-acpi_checksum(buf, ACPI_RSDP_V1_SIZE);
		len = le32(buf + 20);
		if (len > size || len < 33)
			return true;
		buf[32] = 0;
		buf[32] = (uint8_t)-acpi_checksum(buf, len);
		return true;
	}
	if (size < ACPI_SDT_HEADER_SIZE)
		return false;
	len = le32(buf + 4);
	if (len < 10 || len > size)
		return false;
	buf[9] = 0;
	buf[9] = (uint8_t)-acpi_checksum(buf, len);
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf;

	if (size > MAX_INPUT)
		return 0;
	buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	check_all(buf, size);
	if (repair(buf, size))
		check_all(buf, size);
	free(buf);
	return 0;
}
