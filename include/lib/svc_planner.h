/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The service planner (services.md 7): a pure, deterministic function
 * from the desired configs and the present services to an ordered plan
 * of Start / Stop / Restart steps, with warnings.
 *
 *  1. validate every desired config (svc_config_check(); a name given
 *     twice is invalid too): "invalid config for <name>: <reason>";
 *  2. dependencies must be desired configs: "<X>: unknown dependency <Y>",
 *     or "<X>: dependency <Y> is not enabled" for a name in disabled;
 *  3. cycles, by depth-first search in name order:
 *     "cycle: A -> B -> A" (each once, when found);
 *  4. dependents of excluded services are excluded:
 *     "<X>: excluded because dependency <Y> is excluded";
 *  5. diff: valid desired and not present -> Start; present and not valid
 *     desired -> Stop; present, valid desired, and a different snapshot
 *     or named in force_restart -> Restart;
 *  6. all Stops first (depth descending, then name), each after the Stops
 *     of the present services that depend on it; then Starts and
 *     Restarts (depth ascending, then name), each after the steps of its
 *     dependencies in the plan.
 * Warnings come in the order validation (by name), dependency (by name,
 * then after-list order), cycle (discovery order), exclusion (by name).
 *
 * Names compare as bytes.  The same inputs in any order give the same
 * plan, byte for byte.  The plan owns copies of every string it holds,
 * allocated from the caller's allocator; planner_free() releases it.
 */
#ifndef _LIB_SVC_PLANNER_H
#define _LIB_SVC_PLANNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <lib/svc_config.h>
#include <lib/value.h>

#define PLANNER_ENOMEM	(-1)	/* the allocator failed */
#define PLANNER_EINVAL	(-2)	/* bad arguments: NULL pointers, a
				 * config or present service without a
				 * name, a name present twice */

/* Service states of the manager (8.1), named as exported. */
enum svc_state {
	SVC_STATE_WAITING = 0,
	SVC_STATE_STARTING,
	SVC_STATE_RUNNING,
	SVC_STATE_STOPPING,
	SVC_STATE_EXITED,
	SVC_STATE_RESTARTING,
	SVC_STATE_STOPPED,
};

/* "waiting", "starting", ... ("invalid" out of range). */
const char *svc_state_name(enum svc_state s);

/*
 * A service the manager knows a process state for.  Entries in state
 * SVC_STATE_STOPPED are not present and are ignored.  snapshot is the
 * config it was started with (NULL: unknown, never equal to a config).
 */
struct svc_current {
	const char *name;
	enum svc_state state;
	const struct svc_config *snapshot;
};

struct planner_input {
	const struct svc_config *desired;	/* enabled configs */
	size_t n_desired;
	const struct svc_current *current;	/* present services */
	size_t n_current;
	const char *const *force_restart;	/* the restart command */
	size_t n_force;
	const char *const *disabled;	/* known configs not enabled */
	size_t n_disabled;
};

enum plan_action {
	PLAN_START = 0,
	PLAN_STOP,
	PLAN_RESTART,
};

/* after: indices of the steps that must complete first (ascending). */
struct plan_step {
	enum plan_action action;
	const char *service;
	size_t *after;
	size_t n_after;
};

struct plan {
	struct plan_step *steps;
	size_t n_steps;
	char **warnings;
	size_t n_warnings;
};

/*
 * Compute the plan.  Returns 0 (*out filled; release with planner_free)
 * or PLANNER_ENOMEM / PLANNER_EINVAL (*out zeroed, nothing to free).
 * The arrays in the input may be NULL when their count is 0.
 */
int planner_plan(const struct panda_value_alloc *a,
		 const struct planner_input *in, struct plan *out);

void planner_free(const struct panda_value_alloc *a, struct plan *p);

/* "start", "stop", "restart". */
const char *plan_action_name(enum plan_action act);

/*
 * Step i as "[i] <action> <service>", plus " (after 0, 2)" when it has
 * prerequisites, with snprintf semantics (returns the full length).
 */
int planner_format_step(const struct plan *p, size_t i, char *buf,
			size_t cap);

#endif /* _LIB_SVC_PLANNER_H */
