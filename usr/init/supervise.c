// SPDX-License-Identifier: GPL-2.0
/*
 * Supervision (services.md 8.4-8.6): spawning a service, its exit and
 * restart policy with delay, max_attempts and the stability timer, and
 * stopping with Terminate, a grace timer and SIGKILL.
 */
#include <lib/svc_restart.h>
#include <string.h>
#include "manager.h"

#define PROC_MASK (PANDA_EVENT_PROCESS_EXITED | PANDA_EVENT_CHANNEL_READABLE)

void supervise_close_timer(panda_handle_t *t)
{
	if (*t) {
		panda_close(*t);
		*t = 0;
	}
}

static panda_handle_t timer(uint64_t ms)
{
	panda_handle_t t;
	int err = panda_timer_create(ms, PANDA_HANDLE_MAILBOX, &t);

	if (err) {
		panda_logf("init: cannot create a timer: %s",
			   panda_strerror(err));
		return 0;
	}
	return t;
}

/* Argument 0 is the text after the last '/' of exec (8.4). */
static const char *arg0(const char *exec)
{
	const char *slash = strrchr(exec, '/');

	return slash ? slash + 1 : exec;
}

static void remember_config(struct service *s)
{
	if (s->has_snap)
		svc_config_free(heap, &s->snap);
	s->has_snap = !svc_config_clone(heap, &s->cfg, &s->snap);
}

static int spawn(struct service *s)
{
	const struct svc_config *c = &s->cfg;
	panda_child_builder *b = panda_child_builder_new(c->exec);
	panda_handle_t keep = 0, give = 0;
	size_t i;
	int err;

	panda_cb_arg(b, arg0(c->exec));
	for (i = 0; i < c->n_args; i++)
		panda_cb_arg(b, c->args[i]);
	for (i = 0; i < c->n_env; i++)
		panda_cb_env(b, c->env[i].key, c->env[i].value);
	panda_cb_mailbox(b, PANDA_HANDLE_MAILBOX, PROC_MASK);
	if (c->stdout_mode == SVC_STDOUT_CONSOLE) {
		err = panda_channel_create(&keep, &give);
		if (err) {
			panda_cb_free(b);
			return err;
		}
		panda_cb_stdout(b, give);
	}
	err = panda_cb_spawn_handle(b, &s->proc);
	if (give)
		panda_close(give);
	if (err) {
		s->proc = 0;
		if (keep)
			panda_close(keep);
		return err;
	}
	if (keep) {
		/* Attach the manager's end: data and the child's close. */
		long r = panda_sys_mailbox_attach(
			PANDA_HANDLE_MAILBOX, keep,
			PANDA_EVENT_CHANNEL_READABLE |
				PANDA_EVENT_CHANNEL_CLOSED);
		if (r < 0) {
			panda_close(keep);
			keep = 0;
		}
	}
	s->console = keep;
	return 0;
}

/* 8.5: after an exit (or a failed spawn) of a service not being stopped. */
static void apply_policy(struct service *s, int code)
{
	const struct svc_config *c = s->has_snap ? &s->snap : &s->cfg;

	switch (svc_restart_on_exit(c->policy, c->max_attempts, code,
				    &s->restarts)) {
	case SVC_EXIT_DONE:
		service_set_state(s, SVC_STATE_EXITED);
		break;
	case SVC_EXIT_GIVE_UP:
		panda_logf("init: %s gave up after %u restart attempts",
			   s->name, c->max_attempts);
		service_set_state(s, SVC_STATE_EXITED);
		break;
	case SVC_EXIT_RESTART:
		panda_logf("init: restarting %s in %llu ms (attempt %u of %u)",
			   s->name, (unsigned long long)c->delay_ms,
			   s->restarts, c->max_attempts);
		s->restart_timer = timer(c->delay_ms);
		service_set_state(s, s->restart_timer ? SVC_STATE_RESTARTING :
							SVC_STATE_EXITED);
		break;
	}
}

void supervise_spawn(struct service *s)
{
	int err;

	if (s->console) /* the previous run's pipe */
		output_console(s, PANDA_EVENT_CHANNEL_CLOSED);
	service_set_state(s, SVC_STATE_STARTING);
	remember_config(s);
	err = spawn(s);
	if (err) {
		panda_logf("init: failed to start %s (%s)", s->name,
			   panda_strerror(err));
		apply_policy(s, -1);
	} else {
		panda_logf("init: started %s", s->name);
		service_set_state(s, SVC_STATE_RUNNING);
		s->stable_timer =
			timer(svc_restart_stability_ms(s->snap.delay_ms));
	}
	manager_step_done(s);
}

static void stopped(struct service *s)
{
	supervise_close_timer(&s->grace_timer);
	supervise_close_timer(&s->restart_timer);
	panda_logf("init: %s stopped", s->name);
	service_set_state(s, SVC_STATE_STOPPED);
	if (s->start_after_stop) {
		s->start_after_stop = false;
		supervise_spawn(s);
	} else {
		manager_step_done(s);
	}
}

void supervise_stop(struct service *s)
{
	switch (s->state) {
	case SVC_STATE_RUNNING:
		panda_logf("init: stopping %s", s->name);
		/* A failed send (peer gone, queue full) is ignored (8.6). */
		output_signal(s, PANDA_TERM_SIG_TERMINATE);
		s->grace_timer = timer(GRACE_MS);
		supervise_close_timer(&s->stable_timer);
		service_set_state(s, SVC_STATE_STOPPING);
		if (!s->grace_timer)
			panda_kill(s->proc);
		break;
	case SVC_STATE_STOPPING:
		break; /* the exit completes it */
	default:
		stopped(s);
		break;
	}
}

void supervise_exited(struct service *s)
{
	int code = panda_wait(s->proc);

	panda_close(s->proc);
	s->proc = 0;
	supervise_close_timer(&s->stable_timer);
	panda_logf("init: %s exited with code %d", s->name, code);
	if (s->state == SVC_STATE_STOPPING) {
		stopped(s);
		return;
	}
	apply_policy(s, code);
}

bool supervise_timer(struct service *s, panda_handle_t h, uint32_t events)
{
	if (!(events & PANDA_EVENT_TIMER))
		return false;
	if (s->restart_timer && h == s->restart_timer) {
		supervise_close_timer(&s->restart_timer);
		if (s->state == SVC_STATE_RESTARTING)
			supervise_spawn(s);
		return true;
	}
	if (s->grace_timer && h == s->grace_timer) {
		supervise_close_timer(&s->grace_timer);
		if (s->state == SVC_STATE_STOPPING && s->proc) {
			panda_logf("init: killing %s after grace period",
				   s->name);
			panda_kill(s->proc);
		}
		return true;
	}
	if (s->stable_timer && h == s->stable_timer) {
		supervise_close_timer(&s->stable_timer);
		if (s->state == SVC_STATE_RUNNING)
			s->restarts = 0;
		return true;
	}
	return false;
}
