// SPDX-License-Identifier: GPL-2.0
/*
 * preempt_test (tests.md 3): three preempt_child processes and the parent
 * each sum 0..10,000,000 in a loop that never yields.  Only the 10 ms
 * timer tick can interleave them, and every sum must still come out
 * right (registers survive preemption).  The parent then waits for the
 * three and requires exit code 0 from each.
 *
 * The children start summing only when the parent sends them "go" on
 * their parent channel, right after its "doing CPU-bound work" line:
 * otherwise a child scheduled during the spawns can finish before that
 * line, which the expected log's sections forbid.  It also has all four
 * processes CPU-bound at the same time.
 */
#include <panda/panda.h>

#define NCHILD	3
#define N	10000000ul

static uint64_t cpu_bound_sum(uint64_t n)
{
	uint64_t i, sum = 0;

	for (i = 0; i < n; i++) {
		sum += i;
		/* Keep the loop: no closed form, no vectorising. */
		__asm__ volatile("" : "+r"(sum), "+r"(i));
	}
	return sum;
}

int main(int argc, char **argv, char **envp)
{
	panda_child c[NCHILD];
	uint64_t sum, t0, t1;
	int i, err, code, bad = 0;

	panda_log("Preempt test: spawning 3 CPU-bound children");
	for (i = 0; i < NCHILD; i++) {
		err = panda_child_spawn("file:/initrd/preempt_child", &c[i]);
		if (err) {
			panda_logf("FAIL: spawn of preempt_child %d: %d (%s)",
				   i, err, panda_errname(err));
			return 1;
		}
	}
	panda_log("Preempt test: parent doing CPU-bound work");
	for (i = 0; i < NCHILD; i++) {
		err = panda_channel_send(c[i].h, "go", 2);
		if (err) {
			panda_logf("FAIL: send of go to child %d: %d (%s)", i,
				   err, panda_errname(err));
			return 1;
		}
	}
	t0 = panda_time_ms();
	sum = cpu_bound_sum(N);
	t1 = panda_time_ms();
	if (sum != N * (N - 1) / 2) {
		panda_logf("FAIL: parent sum %lu, expected %lu", sum,
			   N * (N - 1) / 2);
		return 1;
	}
	panda_logf("Preempt test: parent work done, waiting for children "
		   "(%lu ms)", t1 - t0);
	for (i = 0; i < NCHILD; i++) {
		err = panda_child_wait(&c[i], &code);
		if (err) {
			panda_logf("FAIL: wait for child %d: %d (%s)", i, err,
				   panda_errname(err));
			return 1;
		}
		if (code != 0) {
			panda_logf("FAIL: child %d exited with code %d", i,
				   code);
			bad++;
		}
		panda_child_release(&c[i]);
	}
	if (bad)
		return 1;
	panda_log("Preempt test: all children completed successfully");
	return 0;
}
