// SPDX-License-Identifier: GPL-2.0
/*
 * ACPI table parsers over memory buffers.  See include/lib/acpi_tables.h
 * for the contract and devices.md section 2 for the layouts:
 *
 *   RSDP  0 "RSD PTR "  8 checksum(0..19)  9 OEM ID[6]  15 revision
 *         16 RSDT u32  20 length u32  24 XSDT u64  32 extended checksum
 *   SDT   0 signature[4]  4 length u32  8 revision  9 checksum
 *         10 OEM ID[6]  16 OEM table ID[8]  24.. OEM/creator revisions
 *   MADT  36 LAPIC address u32  40 flags u32  44 entries {type, length, ..}
 *   MCFG  36 reserved[8]  44 entries of 16 bytes
 *   HPET  36 block ID u32  40 base (GAS: space, width, offset, size,
 *         address u64 at 44)  52 number  53 min tick u16  55 protection
 *
 * Fields are read byte by byte (little-endian), so buffers need no
 * alignment, and every read is preceded by a bounds check.
 */
#include <lib/acpi_tables.h>
#include <lib/string.h>
#include <panda/errno.h>

static inline uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* Copy a fixed-width firmware string; unprintable bytes become '?'. */
static void copy_id(char *dst, const uint8_t *src, size_t n)
{
	size_t i;

	for (i = 0; i < n && src[i]; i++)
		dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? (char)src[i] : '?';
	dst[i] = '\0';
}

uint8_t acpi_checksum(const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint8_t sum = 0;

	while (len--)
		sum += *p++;
	return sum;
}

bool acpi_sig_is(const void *buf, size_t size, const char *sig)
{
	const uint8_t *p = buf;
	unsigned int i;

	if (!buf || size < 4)
		return false;
	for (i = 0; i < 4; i++)
		if (p[i] != (uint8_t)sig[i])
			return false;
	return true;
}

/* ---------------------------------------------------------------- RSDP */

uint32_t acpi_rsdp_length(const void *buf, size_t size)
{
	if (!buf || size < ACPI_RSDP_SIZE)
		return 0;
	return get32((const uint8_t *)buf + 20);
}

int acpi_parse_rsdp(const void *buf, size_t size, struct acpi_rsdp_info *info)
{
	static const char sig[8] = "RSD PTR ";
	const uint8_t *p = buf;
	uint32_t length;

	if (!buf || size < ACPI_RSDP_V1_SIZE || memcmp(p, sig, sizeof(sig)))
		return -EINVAL;
	if (acpi_checksum(p, ACPI_RSDP_V1_SIZE))
		return -EIO;
	if (p[15] < 2)
		return -ENOTSUP;
	if (size < ACPI_RSDP_SIZE)
		return -EINVAL;
	length = get32(p + 20);
	if (length < ACPI_RSDP_SIZE || length > size)
		return -EINVAL;
	if (acpi_checksum(p, length))
		return -EIO;
	info->revision = p[15];
	copy_id(info->oem_id, p + 9, 6);
	info->rsdt_addr = get32(p + 16);
	info->length = length;
	info->xsdt_addr = get64(p + 24);
	return 0;
}

/* ---------------------------------------------------------------- SDTs */

int acpi_parse_sdt_header(const void *buf, size_t size,
			  struct acpi_sdt_info *info)
{
	const uint8_t *p = buf;
	uint32_t length;

	if (!buf || size < ACPI_SDT_HEADER_SIZE)
		return -EINVAL;
	length = get32(p + 4);
	if (length < ACPI_SDT_HEADER_SIZE)
		return -EINVAL;
	copy_id(info->signature, p, 4);
	info->length = length;
	info->revision = p[8];
	copy_id(info->oem_id, p + 10, 6);
	copy_id(info->oem_table_id, p + 16, 8);
	return 0;
}

int acpi_check_table(const void *buf, size_t size, const char *sig,
		     struct acpi_sdt_info *info)
{
	struct acpi_sdt_info hdr;
	int ret;

	ret = acpi_parse_sdt_header(buf, size, &hdr);
	if (ret)
		return ret;
	if (info)
		*info = hdr;
	if (sig && !acpi_sig_is(buf, size, sig))
		return -EINVAL;
	if (hdr.length > size)
		return -EINVAL;
	if (acpi_checksum(buf, hdr.length))
		return -EIO;
	return 0;
}

/* ---------------------------------------------------------------- XSDT/RSDT */

int acpi_parse_root(const void *buf, size_t size, bool xsdt,
		    struct acpi_root *root)
{
	struct acpi_sdt_info hdr;
	unsigned int esize = xsdt ? 8 : 4;
	size_t body;
	int ret;

	ret = acpi_check_table(buf, size, xsdt ? "XSDT" : "RSDT", &hdr);
	if (ret)
		return ret;
	body = hdr.length - ACPI_SDT_HEADER_SIZE;
	if (body % esize)
		return -EINVAL;		/* a partial entry runs past the end */
	root->entries = (const uint8_t *)buf + ACPI_SDT_HEADER_SIZE;
	root->count = body / esize;
	root->entry_size = esize;
	return 0;
}

uint64_t acpi_root_entry(const struct acpi_root *root, size_t i)
{
	const uint8_t *e;

	if (i >= root->count)
		return 0;
	e = root->entries + i * root->entry_size;
	return root->entry_size == 8 ? get64(e) : get32(e);
}

/* ---------------------------------------------------------------- MADT */

/* Minimum lengths of the entry types whose fields are read. */
static unsigned int madt_min_len(uint8_t type)
{
	switch (type) {
	case ACPI_MADT_LAPIC:
		return 8;
	case ACPI_MADT_IOAPIC:
		return 12;
	case ACPI_MADT_OVERRIDE:
		return 10;
	case ACPI_MADT_LAPIC_ADDR:
		return 12;
	}
	return 2;
}

int acpi_parse_madt(const void *buf, size_t size, struct acpi_madt_info *madt)
{
	struct acpi_sdt_info hdr;
	const uint8_t *p = buf, *e;
	size_t off, len;
	uint8_t type, elen;
	int ret;

	ret = acpi_check_table(buf, size, "APIC", &hdr);
	if (ret)
		return ret;
	len = hdr.length;
	if (len < ACPI_MADT_ENTRIES)
		return -EINVAL;
	memset(madt, 0, sizeof(*madt));
	madt->lapic_addr = get32(p + 36);
	madt->flags = get32(p + 40);

	for (off = ACPI_MADT_ENTRIES; off < len; off += elen) {
		if (len - off < 2)
			return -EINVAL;		/* a stray byte at the end */
		e = p + off;
		type = e[0];
		elen = e[1];
		/* A zero (or one) length would never advance: reject it. */
		if (elen < 2 || elen > len - off || elen < madt_min_len(type))
			return -EINVAL;
		switch (type) {
		case ACPI_MADT_LAPIC:
			if (get32(e + 4) & 0x3)	/* enabled, online capable */
				madt->nr_cpus++;
			if (!(get32(e + 4) & 0x1))
				break;		/* only enabled CPUs are started */
			if (madt->nr_cpu_ids == ACPI_MAX_CPUS) {
				madt->nr_dropped++;
				break;
			}
			madt->cpu_apic_ids[madt->nr_cpu_ids++] = e[3];
			break;
		case ACPI_MADT_IOAPIC:
			if (madt->nr_ioapics == ACPI_MAX_IOAPICS) {
				madt->nr_dropped++;
				break;
			}
			madt->ioapics[madt->nr_ioapics++] = (struct acpi_ioapic){
				.id = e[2],
				.address = get32(e + 4),
				.gsi_base = get32(e + 8),
			};
			break;
		case ACPI_MADT_OVERRIDE:
			if (madt->nr_overrides == ACPI_MAX_OVERRIDES) {
				madt->nr_dropped++;
				break;
			}
			madt->overrides[madt->nr_overrides++] =
				(struct acpi_override){
				.bus = e[2],
				.source_irq = e[3],
				.gsi = get32(e + 4),
				.flags = get16(e + 8),
			};
			break;
		case ACPI_MADT_LAPIC_ADDR:
			madt->lapic_addr = get64(e + 4);
			madt->lapic_addr_overridden = true;
			break;
		case ACPI_MADT_NMI_SOURCE:
		case ACPI_MADT_LAPIC_NMI:
			break;			/* known, not needed */
		default:
			madt->nr_unknown++;
			break;
		}
	}
	return 0;
}

const struct acpi_override *acpi_madt_find_override(
	const struct acpi_madt_info *madt, unsigned int isa_irq)
{
	unsigned int i;

	for (i = 0; i < madt->nr_overrides; i++)
		if (madt->overrides[i].bus == 0 &&
		    madt->overrides[i].source_irq == isa_irq)
			return &madt->overrides[i];
	return NULL;
}

bool acpi_override_active_low(uint16_t flags)
{
	return (flags & ACPI_POLARITY_MASK) == ACPI_POLARITY_LOW;
}

bool acpi_override_level(uint16_t flags)
{
	return (flags & ACPI_TRIGGER_MASK) == ACPI_TRIGGER_LEVEL;
}

/* ---------------------------------------------------------------- MCFG */

int acpi_parse_mcfg(const void *buf, size_t size, struct acpi_mcfg_info *mcfg)
{
	struct acpi_sdt_info hdr;
	const uint8_t *p = buf, *e;
	size_t off;
	int ret;

	ret = acpi_check_table(buf, size, "MCFG", &hdr);
	if (ret)
		return ret;
	if (hdr.length < ACPI_MCFG_ENTRIES ||
	    (hdr.length - ACPI_MCFG_ENTRIES) % ACPI_MCFG_ENTRY_SIZE)
		return -EINVAL;
	memset(mcfg, 0, sizeof(*mcfg));
	for (off = ACPI_MCFG_ENTRIES; off < hdr.length;
	     off += ACPI_MCFG_ENTRY_SIZE) {
		e = p + off;
		if (!get64(e) || e[10] > e[11])
			return -EINVAL;
		if (mcfg->nr_entries == ACPI_MAX_MCFG) {
			mcfg->nr_dropped++;
			continue;
		}
		mcfg->entries[mcfg->nr_entries++] = (struct acpi_mcfg_entry){
			.base = get64(e),
			.segment = get16(e + 8),
			.start_bus = e[10],
			.end_bus = e[11],
		};
	}
	return 0;
}

/* ---------------------------------------------------------------- HPET */

#define GAS_SYSTEM_MEMORY	0

int acpi_parse_hpet(const void *buf, size_t size, struct acpi_hpet_info *hpet)
{
	struct acpi_sdt_info hdr;
	const uint8_t *p = buf;
	int ret;

	ret = acpi_check_table(buf, size, "HPET", &hdr);
	if (ret)
		return ret;
	if (hdr.length < ACPI_HPET_SIZE)
		return -EINVAL;
	if (p[40] != GAS_SYSTEM_MEMORY)
		return -ENOTSUP;
	if (!get64(p + 44))
		return -EINVAL;
	hpet->block_id = get32(p + 36);
	hpet->address = get64(p + 44);
	hpet->number = p[52];
	hpet->min_tick = get16(p + 53);
	hpet->page_protection = p[55];
	return 0;
}
