/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's virtual memory layout (kernel.md section 3,
 * Documentation/memory-layout.md).  Usable from C, assembly and the linker
 * script.
 */
#ifndef _PANDA_LAYOUT_H
#define _PANDA_LAYOUT_H

#ifdef __ASSEMBLY__
#define _AC(x, y)	x
#else
#define _AC(x, y)	x##y
#endif

#define PAGE_SHIFT		12
#define PAGE_SIZE		(_AC(1, UL) << PAGE_SHIFT)
#define HUGE_PAGE_SIZE		(_AC(1, UL) << 21)

/* PML4 slots 256-287 stay empty: there is no physical-memory window. */
#define MMIO_REGION_BASE	_AC(0xffff900000000000, UL)	/* slots 288-319 */
#define MMIO_REGION_SIZE	_AC(0x0000100000000000, UL)	/* 16 TiB */
#define KERNEL_HEAP_BASE	_AC(0xffffa00000000000, UL)	/* slots 320-351 */
#define RAM_MAP_SIZE		_AC(0x0000100000000000, UL)	/* 16 TiB */
#define KSTACK_REGION_BASE	_AC(0xffffb00000000000, UL)	/* slots 352-383 */
#define KSTACK_REGION_SIZE	_AC(0x0000008000000000, UL)	/* 512 GiB */
#define KERNEL_IMAGE_BASE	_AC(0xffffc00000000000, UL)	/* slot 384 */
#define RECURSIVE_INDEX		510

#define KERNEL_PML4_FIRST	256
#define KERNEL_SLOTS_FIRST	288	/* first slot the kernel uses */
#define KERNEL_SLOTS_LAST	384	/* last slot the kernel uses */

#endif /* _PANDA_LAYOUT_H */
