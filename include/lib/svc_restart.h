/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The restart policy (services.md 8.5) as a pure function, for the
 * service manager and its host tests.
 *
 * When a service's process ends with code (a failed spawn counts as a
 * failure, code -1) and the service is not being stopped:
 *   - policy "no", or "on-failure" with code 0: SVC_EXIT_DONE (exited);
 *   - otherwise, if *restarts has reached max_attempts:
 *     SVC_EXIT_GIVE_UP (exited; *restarts stays the number of restarts
 *     made);
 *   - otherwise *restarts += 1 and SVC_EXIT_RESTART: restart after
 *     delay_ms.
 * The stability timer (2 x delay_ms after each successful spawn) and the
 * start and restart commands set *restarts back to 0.
 */
#ifndef _LIB_SVC_RESTART_H
#define _LIB_SVC_RESTART_H

#include <stdint.h>
#include <lib/svc_config.h>

enum svc_exit_action {
	SVC_EXIT_DONE = 0,
	SVC_EXIT_RESTART,
	SVC_EXIT_GIVE_UP,
};

enum svc_exit_action svc_restart_on_exit(enum svc_restart_policy policy,
					 uint32_t max_attempts, int code,
					 uint32_t *restarts);

/* The stability timer's length for delay_ms (saturating). */
uint64_t svc_restart_stability_ms(uint64_t delay_ms);

#endif /* _LIB_SVC_RESTART_H */
