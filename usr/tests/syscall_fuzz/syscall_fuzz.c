// SPDX-License-Identifier: GPL-2.0
/*
 * syscall_fuzz: 200,000 raw system calls with adversarial handles,
 * operations and arguments (common/fuzz.c), from a fixed seed; children
 * (fuzz_child) run the risky ones, and are spawned and killed along the
 * way.  Every call must return and keep the registers the ABI says it
 * keeps; the kernel's memory check at halt shows nothing leaked.
 */
#include <panda/panda.h>
#include "common/fuzz.h"

#define SEED		0x5eedf00dcafe1234ULL
#define CALLS		200000
#define PROGRESS	50000

int main(int argc, char **argv, char **envp)
{
	struct fuzz_stats *st = &fuzz_stats;
	uint64_t t0 = (uint64_t)panda_sys_time(), next = PROGRESS;

	panda_logf("syscall_fuzz: seed 0x%lx", (unsigned long)SEED);
	fuzz_init(SEED, true);
	fuzz_prelude();
	while (st->calls < CALLS) {
		fuzz_step();
		if (st->calls >= next) {
			panda_logf("syscall_fuzz: %lu calls", (unsigned long)next);
			next += PROGRESS;
		}
	}
	fuzz_reap_all();
	panda_logf("syscall_fuzz: %lu ok, errors -1..-23: %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu %lu, other %lu",
		   st->ok, st->errs[1], st->errs[2], st->errs[3], st->errs[4],
		   st->errs[5], st->errs[6], st->errs[7], st->errs[8],
		   st->errs[9], st->errs[10], st->errs[11], st->errs[12],
		   st->errs[13], st->errs[14], st->errs[15], st->errs[16],
		   st->errs[17], st->errs[18], st->errs[19], st->errs[20],
		   st->errs[21], st->errs[22], st->errs[23], st->other);
	panda_logf("syscall_fuzz: %lu children spawned, %lu killed; exits 0: %lu, -9: %lu, -11: %lu, -4/-8: %lu, other: %lu; %lu ms",
		   st->spawned, st->killed, st->kid_exit[0], st->kid_exit[1],
		   st->kid_exit[2], st->kid_exit[3], st->kid_exit[5],
		   ((uint64_t)panda_sys_time() - t0) / 1000000);
	if (st->abi_broken) {
		panda_logf("syscall_fuzz: FAIL: %lu calls broke the calling convention",
			   st->abi_broken);
		return 1;
	}
	panda_logf("syscall_fuzz: %lu calls, all returned", st->calls);
	return 0;
}
