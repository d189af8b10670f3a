// SPDX-License-Identifier: GPL-2.0
/* Processes, the child builder and owning children (userspace.md 3.6). */
#include <panda/envvars.h>
#include <panda/handle.h>
#include <panda/process.h>
#include <panda/startup.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

void panda_yield(void)
{
	panda_sys_yield();
}

void panda_exit(int code)
{
	if (__panda_stdio_flush_all)
		__panda_stdio_flush_all();
	panda_sys_exit(code);
}

void exit(int status)
{
	panda_exit(status);
}

void _Exit(int status)
{
	panda_sys_exit(status);
}

uint64_t panda_getpid(void)
{
	return (uint64_t)panda_sys_getpid();
}

int panda_wait(panda_handle_t child)
{
	return (int)panda_sys_wait(child);
}

long panda_signal(panda_handle_t proc, uint32_t sig)
{
	return panda_sys_signal(proc, sig);
}

/* ---------------------------------------------------------- builder */

struct strvec {
	char **v;
	size_t n, cap;
};

struct panda_child_builder {
	char *uri;
	struct strvec args;
	struct strvec keys, vals;	/* explicit variables */
	bool env_clear;
	bool oom;
	panda_handle_t mailbox;
	uint32_t mask;
	panda_handle_t stdin_h, stdout_h;
};

static bool vec_push(struct strvec *v, const char *s)
{
	char *copy;

	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 8;
		char **nv = realloc(v->v, cap * sizeof(*nv));

		if (!nv)
			return false;
		v->v = nv;
		v->cap = cap;
	}
	copy = strdup(s);
	if (!copy)
		return false;
	v->v[v->n++] = copy;
	return true;
}

static void vec_clear(struct strvec *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		free(v->v[i]);
	v->n = 0;
}

static void vec_free(struct strvec *v)
{
	vec_clear(v);
	free(v->v);
	v->v = NULL;
	v->cap = 0;
}

panda_child_builder *panda_child_builder_new(const char *uri)
{
	panda_child_builder *b = calloc(1, sizeof(*b));

	if (!b)
		return NULL;
	b->uri = strdup(uri);
	if (!b->uri) {
		free(b);
		return NULL;
	}
	return b;
}

void panda_cb_free(panda_child_builder *b)
{
	if (!b)
		return;
	vec_free(&b->args);
	vec_free(&b->keys);
	vec_free(&b->vals);
	free(b->uri);
	free(b);
}

void panda_cb_args(panda_child_builder *b, const char *const *argv,
		   size_t argc)
{
	size_t i;

	if (!b)
		return;
	vec_clear(&b->args);
	for (i = 0; i < argc; i++)
		panda_cb_arg(b, argv[i]);
}

void panda_cb_arg(panda_child_builder *b, const char *arg)
{
	if (b && !vec_push(&b->args, arg))
		b->oom = true;
}

void panda_cb_env(panda_child_builder *b, const char *key, const char *value)
{
	size_t i;
	char *v;

	if (!b)
		return;
	for (i = 0; i < b->keys.n; i++) {
		if (!strcmp(b->keys.v[i], key)) {
			v = strdup(value);
			if (!v) {
				b->oom = true;
				return;
			}
			free(b->vals.v[i]);
			b->vals.v[i] = v;
			return;
		}
	}
	if (!vec_push(&b->keys, key))
		b->oom = true;
	else if (!vec_push(&b->vals, value))
		b->oom = true;	/* keys.n > vals.n: spawn refuses */
}

void panda_cb_env_clear(panda_child_builder *b)
{
	if (b)
		b->env_clear = true;
}

void panda_cb_mailbox(panda_child_builder *b, panda_handle_t mb,
		      uint32_t mask)
{
	if (b) {
		b->mailbox = mb;
		b->mask = mask;
	}
}

void panda_cb_stdin(panda_child_builder *b, panda_handle_t h)
{
	if (b)
		b->stdin_h = h;
}

void panda_cb_stdout(panda_child_builder *b, panda_handle_t h)
{
	if (b)
		b->stdout_h = h;
}

static bool explicit_key(const panda_child_builder *b, const char *key)
{
	size_t i;

	for (i = 0; i < b->keys.n; i++)
		if (!strcmp(b->keys.v[i], key))
			return true;
	return false;
}

/*
 * The child's environment (ipc.md 5.4): inherited pairs whose key the
 * builder does not set, in the parent's order, then the builder's.
 */
static int child_env(const panda_child_builder *b, const char ***keys,
		     const char ***vals, size_t *n)
{
	const char *const *pk, *const *pv;
	size_t pn = b->env_clear ? 0 : panda_environ(&pk, &pv), i, k = 0;

	*keys = malloc((pn + b->keys.n + 1) * sizeof(char *));
	*vals = malloc((pn + b->keys.n + 1) * sizeof(char *));
	if (!*keys || !*vals) {
		free(*keys);
		free(*vals);
		return -PANDA_ERR_NO_MEMORY;
	}
	for (i = 0; i < pn; i++) {
		if (explicit_key(b, pk[i]))
			continue;
		(*keys)[k] = pk[i];
		(*vals)[k++] = pv[i];
	}
	for (i = 0; i < b->keys.n; i++) {
		(*keys)[k] = b->keys.v[i];
		(*vals)[k++] = b->vals.v[i];
	}
	*n = k;
	return 0;
}

static int spawn(panda_child_builder *b, panda_handle_t *out)
{
	static uint8_t msg[PANDA_MAX_MESSAGE_SIZE];
	const char **keys, **vals;
	size_t envc, len;
	long r;
	int err;

	if (b->oom || b->keys.n != b->vals.n)
		return -PANDA_ERR_NO_MEMORY;
	err = child_env(b, &keys, &vals, &envc);
	if (err)
		return err;
	/* Check the message fits before creating the child (ipc.md 5.4). */
	err = panda_startup_encode((const char *const *)b->args.v, b->args.n,
				   keys, vals, envc, msg, sizeof(msg), &len);
	free(keys);
	free(vals);
	if (err)
		return -PANDA_ERR_INVALID_ARGUMENT;
	r = panda_sys_spawn(b->uri, strlen(b->uri), b->mailbox, b->mask,
			    b->stdin_h, b->stdout_h);
	if (r < 0)
		return (int)r;
	/* Errors are ignored, as in the reference: the child sees them. */
	panda_sys_channel_send((panda_handle_t)r, msg, len);
	*out = (panda_handle_t)r;
	return 0;
}

int panda_cb_spawn_handle(panda_child_builder *b, panda_handle_t *out)
{
	int err;

	if (!b)
		return -PANDA_ERR_NO_MEMORY;
	err = spawn(b, out);
	panda_cb_free(b);
	return err;
}

/* ---------------------------------------------------------- panda_child */

int panda_cb_spawn(panda_child_builder *b, panda_child *c)
{
	panda_handle_t h;
	int err = panda_cb_spawn_handle(b, &h);

	if (err)
		return err;
	c->h = h;
	c->waited = false;
	c->exit_code = 0;
	return 0;
}

int panda_child_spawn(const char *uri, panda_child *c)
{
	return panda_cb_spawn(panda_child_builder_new(uri), c);
}

int panda_child_spawn_args(const char *uri, const char *const *argv,
			   size_t argc, panda_child *c)
{
	panda_child_builder *b = panda_child_builder_new(uri);

	panda_cb_args(b, argv, argc);
	return panda_cb_spawn(b, c);
}

int panda_child_wait(panda_child *c, int *exit_code)
{
	long r;

	if (c->waited || !c->h)
		return -PANDA_ERR_INVALID_ARGUMENT;
	r = panda_sys_wait(c->h);
	/*
	 * A negative result is an exit code (e.g. -9 after a kill) as long
	 * as the handle is still valid; otherwise it is the error.
	 */
	if (r < 0 && !panda_handle_exists(c->h))
		return (int)r;
	c->waited = true;
	c->exit_code = (int)r;
	if (exit_code)
		*exit_code = (int)r;
	return 0;
}

int panda_kill(panda_handle_t child)
{
	long r = panda_sys_signal(child, PANDA_SIGKILL);

	return r < 0 ? (int)r : 0;
}

int panda_child_kill(panda_child *c)
{
	return panda_kill(c->h);
}

panda_handle_t panda_child_detach(panda_child *c)
{
	panda_handle_t h = c->h;

	c->h = 0;
	return h;
}

void panda_child_release(panda_child *c)
{
	if (!c->h)
		return;
	if (!c->waited)
		panda_child_wait(c, NULL);
	panda_sys_close(c->h);
	c->h = 0;
}
