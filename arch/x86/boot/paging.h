/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BOOT_PAGING_H
#define _BOOT_PAGING_H

#include <efi.h>
#include <panda/bootinfo.h>

/* Page tables the kernel starts on; all in EfiLoaderData pages. */
struct boot_pagetables {
	UINT64 pml4_phys;
	UINT64 *pool;		/* preallocated zeroed table pages */
	UINTN pool_pages;
	UINTN pool_used;
};

EFI_STATUS boot_build_pagetables(struct boot_pagetables *pt,
				 const void *kernel_elf,
				 const struct boot_info *bi);
void boot_enter_kernel(const struct boot_pagetables *pt, UINT64 entry,
		       struct boot_info *bi) __attribute__((noreturn));

#endif
