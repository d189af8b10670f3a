// SPDX-License-Identifier: GPL-2.0
/* The restart policy (services.md 8.5).  See include/lib/svc_restart.h. */
#include <lib/svc_restart.h>

enum svc_exit_action svc_restart_on_exit(enum svc_restart_policy policy,
					 uint32_t max_attempts, int code,
					 uint32_t *restarts)
{
	if (policy == SVC_RESTART_NO ||
	    (policy == SVC_RESTART_ON_FAILURE && code == 0))
		return SVC_EXIT_DONE;
	if (*restarts >= max_attempts)
		return SVC_EXIT_GIVE_UP;
	(*restarts)++;
	return SVC_EXIT_RESTART;
}

uint64_t svc_restart_stability_ms(uint64_t delay_ms)
{
	return delay_ms > UINT64_MAX / 2 ? UINT64_MAX : 2 * delay_ms;
}
