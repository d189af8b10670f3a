/* SPDX-License-Identifier: GPL-2.0 */
/*
 * panic(): for kernel bugs only.  Prints the report of kernel.md section 15
 * (message, registers when an exception caused it, a frame-pointer
 * backtrace with symbol names) on the serial console and halts.
 */
#ifndef _PANDA_PANIC_H
#define _PANDA_PANIC_H

#include <panda/compiler.h>

struct pt_regs;

__noreturn void panic_at(const char *file, int line, const char *fmt, ...)
	__printf(3, 4);
__noreturn void panic_regs(const struct pt_regs *regs, const char *file,
			   int line, const char *fmt, ...) __printf(4, 5);
void panic_breakpoint_hook(void);
void dump_backtrace(uint64_t rbp);
/* "name+0x12" for a kernel text address, or NULL when unknown. */
const char *symbol_lookup(uint64_t addr, uint64_t *offset);

#define panic(...)	panic_at(__FILE__, __LINE__, __VA_ARGS__)

#define BUG_ON(cond)							\
	do {								\
		if (unlikely(cond))					\
			panic("BUG: %s", #cond);			\
	} while (0)

#endif
