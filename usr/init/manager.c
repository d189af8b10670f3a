// SPDX-License-Identifier: GPL-2.0
/*
 * The service manager's core (services.md 8.1-8.3): the service records,
 * plans and the execution of their steps, and the single-mailbox event
 * loop that drives everything.
 */
#include <stdlib.h>
#include <string.h>
#include "manager.h"

struct service **services;
size_t n_services;

static void *try_alloc(void *ctx, size_t size)
{
	return malloc(size);
}

static void heap_release(void *ctx, void *p, size_t size)
{
	free(p);
}

static const struct panda_value_alloc try_heap = {
	.alloc = try_alloc,
	.free = heap_release,
};

const struct panda_value_alloc *const heap = &try_heap;

/* ------------------------------------------------------------ records */

static int name_cmp(const char *a, size_t alen, const char *b)
{
	size_t blen = strlen(b), n = alen < blen ? alen : blen;
	int c = memcmp(a, b, n);

	if (c)
		return c;
	return alen < blen ? -1 : alen > blen;
}

struct service *service_find(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < n_services; i++)
		if (!name_cmp(name, len, services[i]->name))
			return services[i];
	return NULL;
}

struct service *service_add(const char *name)
{
	struct service *s = calloc(1, sizeof(*s)), **grown;
	size_t i;

	grown = realloc(services, (n_services + 1) * sizeof(*services));
	if (!s || !grown) {
		panda_log("init: out of memory");
		panda_exit(1);
	}
	services = grown;
	strncpy(s->name, name, SVC_NAME_MAX);
	s->state = SVC_STATE_STOPPED;
	s->step = -1;
	s->shown = svc_state_name(SVC_STATE_STOPPED);
	for (i = n_services; i > 0; i--) {
		if (strcmp(services[i - 1]->name, name) < 0)
			break;
		services[i] = services[i - 1];
	}
	services[i] = s;
	n_services++;
	return s;
}

void services_prune(void)
{
	size_t i, j = 0;

	for (i = 0; i < n_services; i++) {
		struct service *s = services[i];

		if (s->known || s->state != SVC_STATE_STOPPED || s->step >= 0) {
			services[j++] = s;
			continue;
		}
		if (s->has_snap)
			svc_config_free(heap, &s->snap);
		free(s);
	}
	n_services = j;
}

/* ------------------------------------------------------------ states */

static struct plan cur;
static bool *step_started, *step_done;
static size_t steps_left;

const char *service_state_name(const struct service *s)
{
	if (s->step >= 0 && !step_started[s->step] &&
	    cur.steps[s->step].action != PLAN_STOP)
		return svc_state_name(SVC_STATE_WAITING);
	return svc_state_name(s->state);
}

/* Tell the log-streaming clients if the state they see has changed. */
static void show_state(struct service *s)
{
	const char *now = service_state_name(s);

	if (!strcmp(now, s->shown))
		return;
	commands_state_changed(s->name, s->shown, now);
	s->shown = now;
}

void service_set_state(struct service *s, enum svc_state st)
{
	if (s->state == st)
		return;
	s->state = st;
	show_state(s);
}

/* ------------------------------------------------------------ plans */

bool manager_plan_active(void)
{
	return steps_left > 0;
}

static void plan_clear(void)
{
	planner_free(heap, &cur);
	free(step_started);
	free(step_done);
	step_started = step_done = NULL;
	steps_left = 0;
}

static bool present(const struct service *s)
{
	return s->state != SVC_STATE_STOPPED;
}

int manager_plan(const char *force)
{
	struct svc_config *desired = calloc(n_services + 1, sizeof(*desired));
	struct svc_current *current = calloc(n_services + 1, sizeof(*current));
	const char **disabled = calloc(n_services + 1, sizeof(*disabled));
	struct planner_input in = { 0 };
	size_t i;
	int err;

	if (!desired || !current || !disabled) {
		err = PLANNER_ENOMEM;
		goto out;
	}
	in.desired = desired;
	in.current = current;
	in.disabled = disabled;
	for (i = 0; i < n_services; i++) {
		struct service *s = services[i];

		if (s->known && s->enabled)
			desired[in.n_desired++] = s->cfg;
		else if (s->known)
			disabled[in.n_disabled++] = s->name;
		if (present(s)) {
			current[in.n_current].name = s->name;
			current[in.n_current].state = s->state;
			current[in.n_current++].snapshot =
				s->has_snap ? &s->snap : NULL;
		}
	}
	if (force) {
		in.force_restart = &force;
		in.n_force = 1;
	}
	plan_clear();
	err = planner_plan(heap, &in, &cur);
	if (err)
		goto out;
	step_started = calloc(cur.n_steps + 1, sizeof(bool));
	step_done = calloc(cur.n_steps + 1, sizeof(bool));
	if (!step_started || !step_done) {
		plan_clear();
		err = PLANNER_ENOMEM;
		goto out;
	}
	for (i = 0; i < cur.n_warnings; i++)
		panda_logf("init: warning: %s", cur.warnings[i]);
	for (i = 0; i < cur.n_steps; i++) {
		struct service *s = service_find(cur.steps[i].service,
						 strlen(cur.steps[i].service));

		panda_logf("init: plan: %s %s",
			   plan_action_name(cur.steps[i].action),
			   cur.steps[i].service);
		s->step = (long)i;
		show_state(s);	/* a pending Start/Restart is waiting */
	}
	steps_left = cur.n_steps;
out:
	free(desired);
	free(current);
	free(disabled);
	if (err)
		panda_log("init: planning failed: out of memory");
	return err;
}

void manager_step_done(struct service *s)
{
	if (s->step < 0)
		return;
	step_done[s->step] = true;
	s->step = -1;
	steps_left--;
	if (!steps_left)
		plan_clear();
}

static bool ready(size_t i)
{
	const struct plan_step *st = &cur.steps[i];
	size_t k;

	if (step_started[i])
		return false;
	for (k = 0; k < st->n_after; k++)
		if (!step_done[st->after[k]])
			return false;
	return true;
}

static void execute(size_t i)
{
	const struct plan_step *st = &cur.steps[i];
	struct service *s = service_find(st->service, strlen(st->service));

	step_started[i] = true;
	switch (st->action) {
	case PLAN_START:
		supervise_spawn(s);
		break;
	case PLAN_STOP:
		s->start_after_stop = false;
		supervise_stop(s);
		break;
	case PLAN_RESTART:
		if (s->state == SVC_STATE_RUNNING ||
		    s->state == SVC_STATE_STOPPING) {
			s->start_after_stop = true;
			supervise_stop(s);
		} else {
			supervise_close_timer(&s->restart_timer);
			supervise_spawn(s);
		}
		break;
	}
}

/* Start every step whose prerequisites are complete (8.2 step 1). */
static void run_ready_steps(void)
{
	bool again = true;
	size_t i;

	while (again && steps_left) {
		again = false;
		for (i = 0; steps_left && i < cur.n_steps; i++) {
			if (ready(i)) {
				execute(i);
				again = true;
			}
		}
	}
}

/* ------------------------------------------------------------ loop */

static void dispatch(panda_handle_t h, uint32_t events)
{
	size_t i;

	for (i = 0; i < n_services; i++) {
		struct service *s = services[i];

		if (s->proc && h == s->proc) {
			output_drain(s);
			if (events & PANDA_EVENT_PROCESS_EXITED)
				supervise_exited(s);
			return;
		}
		if (s->console && h == s->console) {
			output_console(s, events);
			return;
		}
		if (supervise_timer(s, h, events))
			return;
	}
	commands_event(h, events);
}

void manager_run(void)
{
	panda_mailbox mb = panda_mailbox_default();
	panda_handle_t h;
	uint32_t events;

	for (;;) {
		run_ready_steps();
		if (!manager_plan_active()) {
			services_prune();
			commands_apply_queued();
			if (manager_plan_active())
				continue;
		}
		if (panda_mailbox_recv(mb, &h, &events)) {
			/* Cannot happen with the default mailbox; do not spin. */
			panda_log("init: mailbox receive failed");
			panda_yield();
			continue;
		}
		dispatch(h, events);
	}
}
