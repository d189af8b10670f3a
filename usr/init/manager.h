/* SPDX-License-Identifier: GPL-2.0 */
/*
 * init as the service manager (services.md 8): shared state of the files
 * in usr/init/.
 *
 *	mounts.c	fstab.toml, or ext2 at /mnt (13)
 *	configs.c	finding and parsing service configs (11.1)
 *	manager.c	the event loop, plans and their steps (8.2, 8.3)
 *	supervise.c	spawning, exits, restart policy, stopping (8.4-8.6)
 *	output.c	the terminal-protocol peer role, stdout modes (8.7)
 *	commands.c	the service-manager API: connections, requests (8.8, 9)
 *
 * Everything runs in one thread; all events arrive on init's default
 * mailbox.  Every log line starts with "init: " (8.9).
 */
#ifndef _INIT_MANAGER_H
#define _INIT_MANAGER_H

#include <lib/svc_config.h>
#include <lib/svc_planner.h>
#include <panda/panda.h>

#define GRACE_MS 3000 /* Terminate -> Kill (8.6) */

struct service {
	char name[SVC_NAME_MAX + 1];
	struct svc_config cfg; /* meaningful while known */
	bool known;	       /* has a config (false once removed) */
	bool enabled;	       /* desired */
	enum svc_state state;
	struct svc_config snap; /* the config it was started with */
	bool has_snap;
	panda_handle_t proc;	/* process handle while a process exists */
	panda_handle_t console; /* manager end of the console pipe */
	uint32_t restarts;
	panda_handle_t restart_timer, grace_timer, stable_timer;
	long step;	       /* pending step of the current plan, or -1 */
	const char *shown;     /* the state name last told to the clients */
	bool start_after_stop; /* a Restart step waits for the stop */
};

/* Services, sorted by name (ascending bytes). */
extern struct service **services;
extern size_t n_services;

extern const struct panda_value_alloc *const heap;

/* ------------------------------------------------------------ mounts.c */

/* Mount per fstab (13.4).  false: a required mount failed (exit 1). */
bool mounts_setup(void);

/* ------------------------------------------------------------ configs.c */

/*
 * Load configs from the first services directory of 11.1 that opens.
 * Returns how many were read (0: fallback).
 */
size_t configs_load(void);

/* ------------------------------------------------------------ manager.c */

struct service *service_find(const char *name, size_t len);
/* A new, unknown, stopped record (inserted in name order). */
struct service *service_add(const char *name);
/* Drop records that are neither known nor present. */
void services_prune(void);

/* The state shown to clients: waiting while a Start/Restart step waits. */
const char *service_state_name(const struct service *s);
/* Change state, telling log-streaming clients. */
void service_set_state(struct service *s, enum svc_state st);

/* Plan from the current desired state; force may be NULL. */
int manager_plan(const char *force);
bool manager_plan_active(void);
/* A step of the current plan is complete. */
void manager_step_done(struct service *s);

/* Run the manager forever. */
__attribute__((noreturn)) void manager_run(void);

/* ------------------------------------------------------------ supervise.c */

/* Spawn s (state Starting -> Running, or the failure path of 8.5). */
void supervise_spawn(struct service *s);
/* Begin the stop sequence (8.6); done at once if nothing runs. */
void supervise_stop(struct service *s);
/* The process of s exited (event on its handle). */
void supervise_exited(struct service *s);
/* A timer fired; false if h is none of s's timers (or no timer event). */
bool supervise_timer(struct service *s, panda_handle_t h, uint32_t events);
void supervise_close_timer(panda_handle_t *t);

/* ------------------------------------------------------------ output.c */

/* Drain and route the messages a service sent on its parent channel. */
void output_drain(struct service *s);
/* Send a Signal event without blocking (failures ignored, 8.6). */
void output_signal(struct service *s, enum panda_term_signal sig);
/* Data arrived on (or closed) a console-mode service's stdout pipe. */
void output_console(struct service *s, uint32_t events);

/* ------------------------------------------------------------ commands.c */

/* Register as service:/manager (false: logged, no runtime management). */
bool commands_register(void);
/* An event for a handle that is the broker or a connection. */
bool commands_event(panda_handle_t h, uint32_t events);
/* Apply queued commands while no plan runs. */
void commands_apply_queued(void);
/* ServiceStateChanged to log-streaming connections. */
void commands_state_changed(const char *name, const char *old_state,
			    const char *new_state);

#endif /* _INIT_MANAGER_H */
