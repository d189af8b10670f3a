/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The system call fuzzer shared by syscall_fuzz (init, the parent) and
 * fuzz_child (children that may block, exit and fault).  See fuzz.c.
 */
#ifndef _SYSCALL_FUZZ_H
#define _SYSCALL_FUZZ_H

#include <panda/panda.h>

/* Exit code of a child that saw the kernel break the calling convention. */
#define FUZZ_EXIT_ABI_BROKEN	(-0x5eed)

struct fuzz_stats {
	uint64_t calls;		/* system calls made (all returned) */
	uint64_t ok;		/* results >= 0 */
	uint64_t errs[24];	/* -1 .. -23 */
	uint64_t other;		/* any other negative result */
	uint64_t abi_broken;	/* registers or flags not preserved */
	uint64_t spawned, killed, kid_exit[6];
};

extern struct fuzz_stats fuzz_stats;

/* parent: never block, never exit; children are spawned and killed. */
void fuzz_init(uint64_t seed, bool parent);
/* One random system call (plus, in the parent, child management). */
void fuzz_step(void);
/* Deterministic edge cases run before the random calls. */
void fuzz_prelude(void);
/* Parent: kill and wait for every child still tracked. */
void fuzz_reap_all(void);
/* Child: the last act (return, exit, self-kill or a fault). */
__attribute__((noreturn)) void fuzz_child_finale(void);
uint64_t fuzz_rand(void);

#endif
