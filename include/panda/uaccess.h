/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The only way the kernel reads or writes user memory (kernel.md 4.5).
 * Ranges are checked (no overflow, lower half only); a page that is neither
 * mapped nor demand-pageable makes the copy fail with -InvalidArgument
 * instead of faulting the kernel.  With SMAP, stac/clac live here.
 */
#ifndef _PANDA_UACCESS_H
#define _PANDA_UACCESS_H

#include <panda/compiler.h>

bool access_ok(uint64_t addr, uint64_t len);
int copy_from_user(void *dst, const void *usrc, size_t len);
int copy_to_user(void *udst, const void *src, size_t len);
/* Copies a UTF-8 string of exactly len bytes and NUL-terminates it. */
int copy_string_from_user(char *dst, size_t dst_size, uint64_t usrc,
			  uint64_t len);
/* Resumes a faulting user copy at its fixup; true if rip was one. */
struct pt_regs;
bool fixup_exception(struct pt_regs *regs);
void uaccess_init(void);

#endif
