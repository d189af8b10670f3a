/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Processes and children (userspace.md 3.6, ipc.md 4-5).
 *
 * Spawning sends the child its startup message (arguments and
 * environment) as the first message on the new process handle.  The
 * environment is the parent's current store minus the keys the builder
 * sets, followed by the builder's pairs (or only the builder's pairs
 * after panda_cb_env_clear()).  A startup message that would not fit in
 * one channel message fails the spawn with PANDA_ERR_INVALID_ARGUMENT
 * before any child is created.
 */
#ifndef _PANDA_PROCESS_H
#define _PANDA_PROCESS_H

#include <panda/sys.h>

void panda_yield(void);
/* Flushes the C stdio buffers, then PROCESS_EXIT. */
__attribute__((noreturn)) void panda_exit(int code);
uint64_t panda_getpid(void);
/* Exit code, or negative error (ambiguous with a negative exit code). */
int panda_wait(panda_handle_t child);
long panda_signal(panda_handle_t proc, uint32_t sig);
/*
 * Kernel kill (PANDA_SIGKILL, services.md 2.1) of a child by its process
 * handle: 0 (also if it had exited already) or a negative error.
 */
int panda_kill(panda_handle_t child);

/*
 * Child builder.  Setters never fail: an allocation failure is remembered
 * and reported as PANDA_ERR_NO_MEMORY by the spawn call, and every
 * function accepts the NULL a failed panda_child_builder_new() returns.
 */
typedef struct panda_child_builder panda_child_builder;

panda_child_builder *panda_child_builder_new(const char *uri);
/* Replace the argument list (argv[0] is not implied: pass it yourself). */
void panda_cb_args(panda_child_builder *b, const char *const *argv,
		   size_t argc);
void panda_cb_arg(panda_child_builder *b, const char *arg);	/* append */
/* Set a variable for the child (a repeated key replaces its value). */
void panda_cb_env(panda_child_builder *b, const char *key, const char *value);
/* Do not inherit the parent's environment. */
void panda_cb_env_clear(panda_child_builder *b);
/* Register the process handle on mb for the events in mask. */
void panda_cb_mailbox(panda_child_builder *b, panda_handle_t mb,
		      uint32_t mask);
/* Handles whose resources become the child's STDIN / STDOUT. */
void panda_cb_stdin(panda_child_builder *b, panda_handle_t h);
void panda_cb_stdout(panda_child_builder *b, panda_handle_t h);
/* Spawn and free the builder (also on failure); *out = process handle. */
int panda_cb_spawn_handle(panda_child_builder *b, panda_handle_t *out);
/* Free a builder without spawning. */
void panda_cb_free(panda_child_builder *b);

/* Owning child: release() waits for it (no zombies) and closes. */
typedef struct {
	panda_handle_t h;
	bool waited;
	int exit_code;
} panda_child;

int panda_cb_spawn(panda_child_builder *b, panda_child *c);
int panda_child_spawn(const char *uri, panda_child *c);
int panda_child_spawn_args(const char *uri, const char *const *argv,
			   size_t argc, panda_child *c);
/* Block until exit.  A second call: PANDA_ERR_INVALID_ARGUMENT. */
int panda_child_wait(panda_child *c, int *exit_code);
/* Kernel kill (PANDA_SIGKILL); the exit code then reads -9. */
int panda_child_kill(panda_child *c);
/* Give up ownership: no wait on release; returns the handle. */
panda_handle_t panda_child_detach(panda_child *c);
/* Wait if not yet waited, then close the handle. */
void panda_child_release(panda_child *c);

#endif /* _PANDA_PROCESS_H */
