// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for lib/svc_restart.c (services.md 8.5): each policy with success
 * and failure, the attempt counting up to max_attempts, max_attempts 0,
 * a failed spawn, and the stability timer's length.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <lib/svc_restart.h>

Test(restart, policy_no_never_restarts)
{
	uint32_t n = 0;

	cr_assert_eq(svc_restart_on_exit(SVC_RESTART_NO, 10, 1, &n),
		     SVC_EXIT_DONE);
	cr_assert_eq(svc_restart_on_exit(SVC_RESTART_NO, 10, 0, &n),
		     SVC_EXIT_DONE);
	cr_assert_eq(n, 0);
}

Test(restart, on_failure_only_after_a_failure)
{
	uint32_t n = 0;

	cr_assert_eq(svc_restart_on_exit(SVC_RESTART_ON_FAILURE, 10, 0, &n),
		     SVC_EXIT_DONE);
	cr_assert_eq(n, 0);
	cr_assert_eq(svc_restart_on_exit(SVC_RESTART_ON_FAILURE, 10, 3, &n),
		     SVC_EXIT_RESTART);
	cr_assert_eq(n, 1);
	/* Killed (-9) and failed spawns (-1) are failures too. */
	cr_assert_eq(svc_restart_on_exit(SVC_RESTART_ON_FAILURE, 10, -9, &n),
		     SVC_EXIT_RESTART);
	cr_assert_eq(svc_restart_on_exit(SVC_RESTART_ON_FAILURE, 10, -1, &n),
		     SVC_EXIT_RESTART);
	cr_assert_eq(n, 3);
}

Test(restart, always_counts_to_max_then_gives_up)
{
	uint32_t n = 0, i;

	/* The spec's example: max_attempts 10 means 11 runs. */
	for (i = 1; i <= 10; i++) {
		cr_assert_eq(svc_restart_on_exit(SVC_RESTART_ALWAYS, 10, 0, &n),
			     SVC_EXIT_RESTART);
		cr_assert_eq(n, i);
	}
	cr_assert_eq(svc_restart_on_exit(SVC_RESTART_ALWAYS, 10, 0, &n),
		     SVC_EXIT_GIVE_UP);
	cr_assert_eq(n, 10, "the counter reports the restarts made");
	cr_assert_eq(svc_restart_on_exit(SVC_RESTART_ALWAYS, 10, 1, &n),
		     SVC_EXIT_GIVE_UP);
	cr_assert_eq(n, 10);
}

Test(restart, zero_attempts_gives_up_at_once)
{
	uint32_t n = 0;

	cr_assert_eq(svc_restart_on_exit(SVC_RESTART_ALWAYS, 0, 1, &n),
		     SVC_EXIT_GIVE_UP);
	cr_assert_eq(n, 0);
	cr_assert_eq(svc_restart_on_exit(SVC_RESTART_ON_FAILURE, 0, 0, &n),
		     SVC_EXIT_DONE);
}

Test(restart, counter_reset_allows_more)
{
	uint32_t n = 0;

	cr_assert_eq(svc_restart_on_exit(SVC_RESTART_ALWAYS, 1, 1, &n),
		     SVC_EXIT_RESTART);
	n = 0; /* the stability timer fired */
	cr_assert_eq(svc_restart_on_exit(SVC_RESTART_ALWAYS, 1, 1, &n),
		     SVC_EXIT_RESTART);
	cr_assert_eq(svc_restart_on_exit(SVC_RESTART_ALWAYS, 1, 1, &n),
		     SVC_EXIT_GIVE_UP);
}

Test(restart, stability_timer)
{
	cr_assert_eq(svc_restart_stability_ms(0), 0);
	cr_assert_eq(svc_restart_stability_ms(1000), 2000);
	cr_assert_eq(svc_restart_stability_ms(INT64_MAX),
		     (uint64_t)INT64_MAX * 2);
	cr_assert_eq(svc_restart_stability_ms(UINT64_MAX / 2 + 1), UINT64_MAX);
}
