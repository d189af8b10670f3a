/* SPDX-License-Identifier: GPL-2.0 */
/* Shared between the files of mm/ only. */
#ifndef _MM_INTERNAL_H
#define _MM_INTERNAL_H

#include <lib/buddy.h>
#include <panda/mm.h>

extern struct buddy frame_buddy;
extern phys_addr_t kernel_pml4_phys;

void kmalloc_init(void);
void vspace_init(void);
phys_addr_t kernel_image_phys(uint64_t va);
uint64_t frame_total(void);
void kmalloc_stats(struct mem_stats *st);

#endif
