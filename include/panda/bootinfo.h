/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hand-over from the UEFI boot stage to the kernel.  Versioned: the
 * kernel refuses a structure whose magic, version or size it does not know.
 * Documentation/boot.md describes every field and how to extend it.
 */
#ifndef _PANDA_BOOTINFO_H
#define _PANDA_BOOTINFO_H

#include <stdint.h>

#define BOOT_INFO_MAGIC		0x6f6f4261646e6150ULL	/* "PandaBoo" */
#define BOOT_INFO_VERSION	1

/* Memory types the loader allocates; the kernel keeps them. */
#define BOOT_MEM_KERNEL		0x80000001u	/* the kernel image */
#define BOOT_MEM_INITRD		0x80000002u	/* the initramfs */

/* UEFI memory types the kernel cares about (UEFI 2.x, EFI_MEMORY_TYPE). */
#define EFI_LOADER_CODE		1
#define EFI_LOADER_DATA		2
#define EFI_BOOT_SERVICES_CODE	3
#define EFI_BOOT_SERVICES_DATA	4
#define EFI_CONVENTIONAL_MEMORY	7
#define EFI_ACPI_RECLAIM_MEMORY	9

struct efi_memory_descriptor {
	uint32_t type;
	uint32_t pad;
	uint64_t phys_start;
	uint64_t virt_start;
	uint64_t nr_pages;
	uint64_t attribute;
};

#define BOOT_CMDLINE_MAX	256

struct boot_info {
	uint64_t magic;			/* BOOT_INFO_MAGIC */
	uint32_t version;		/* BOOT_INFO_VERSION */
	uint32_t size;			/* sizeof(struct boot_info) */

	/* UEFI memory map as returned with the ExitBootServices key */
	uint64_t mmap_phys;		/* array of efi_memory_descriptor */
	uint64_t mmap_size;		/* bytes */
	uint64_t mmap_desc_size;	/* stride between descriptors */
	uint32_t mmap_desc_version;
	uint32_t reserved0;

	uint64_t acpi_rsdp_phys;	/* ACPI 2.0+ RSDP, never 0 */
	uint64_t initrd_phys;		/* \efi\initrd.tar contents */
	uint64_t initrd_size;		/* exact file size */
	uint64_t kernel_phys;		/* physical base of the loaded image */
	uint64_t kernel_size;		/* bytes from the lowest to highest segment */
	uint64_t kernel_virt;		/* virtual address of kernel_phys */

	struct {			/* all zero when GOP is absent */
		uint64_t base, size;
		uint32_t width, height, pixels_per_scanline, format;
	} gop;

	uint64_t loader_tsc;		/* TSC when the loader started */
	char cmdline[BOOT_CMDLINE_MAX];	/* NUL-terminated */
};

#endif /* _PANDA_BOOTINFO_H */
