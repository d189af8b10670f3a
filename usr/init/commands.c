// SPDX-License-Identifier: GPL-2.0
/*
 * The service-manager API (services.md 8.8, 9): init registers as
 * service:/manager, answers the handshake of each connection, decodes
 * requests, answers status and list at once and applies the commands
 * that change the desired state one at a time, only while no plan runs.
 * Malformed requests get an Error response; a malformed envelope, a
 * message that is no request, or a client that does not take its
 * responses closes that connection.  Nothing a client sends stops the
 * manager.
 */
#include <lib/svc_closure.h>
#include <lib/svc_mgr_api.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "manager.h"

#define CONN_MASK (PANDA_EVENT_CHANNEL_READABLE | PANDA_EVENT_CHANNEL_CLOSED)

struct conn {
	uint32_t id;
	panda_pchan chan;
	bool greeted;
	bool runtime_add; /* capability runtime-add agreed */
	bool streaming;	  /* capability log-streaming agreed */
};

struct command {
	uint32_t conn_id;
	uint16_t type;
	char name[SVC_NAME_MAX + 1];
	char *config;
	size_t config_len;
};

static panda_protocol proto = { .name = SVC_MGR_NAME };
static const char *const supported[] = { SVC_MGR_CAP_RUNTIME_ADD,
					 SVC_MGR_CAP_LOG_STREAMING };
static panda_handle_t broker;
static struct conn **conns;
static size_t n_conns;
static uint32_t next_id = 1;
static struct command *queue;
static size_t n_queued;
static uint8_t rx[SVC_MSG_MAX], tx[SVC_MSG_MAX], payload[SVC_MSG_MAX];

/* ------------------------------------------------------------ connections */

bool commands_register(void)
{
	int err;

	memcpy(proto.uuid, svc_mgr_uuid, sizeof(proto.uuid));
	err = panda_service_register(SVC_MGR_NAME, PANDA_HANDLE_MAILBOX,
				     CONN_MASK, &broker);
	if (err) {
		panda_log("init: service registration failed");
		broker = 0;
		return false;
	}
	return true;
}

static struct conn *conn_by_id(uint32_t id)
{
	size_t i;

	for (i = 0; i < n_conns; i++)
		if (conns[i]->id == id)
			return conns[i];
	return NULL;
}

static void conn_close(struct conn *c)
{
	size_t i;

	for (i = 0; i < n_conns; i++) {
		if (conns[i] == c) {
			conns[i] = conns[--n_conns];
			break;
		}
	}
	panda_close(c->chan.h);
	free(c);
}

static void conn_new(panda_handle_t server)
{
	struct conn *c = calloc(1, sizeof(*c)), **grown;

	grown = realloc(conns, (n_conns + 1) * sizeof(*conns));
	if (grown)
		conns = grown;
	if (!c || !grown) {
		free(c);
		panda_close(server);
		return;
	}
	c->id = next_id++;
	c->chan = panda_pchan_from_handle(server, &proto);
	conns[n_conns++] = c;
}

/* Send one message; a client that does not take it is dropped. */
static bool send_msg(struct conn *c, uint8_t kind, uint16_t type, const void *p,
		     size_t len)
{
	size_t n;

	if (svc_msg_encode(kind, type, p, len, tx, sizeof(tx), &n) ||
	    panda_channel_try_send(c->chan.h, tx, n)) {
		if (kind == SVC_KIND_RESPONSE)
			conn_close(c);
		return false;
	}
	return true;
}

static void respond_text(struct conn *c, uint16_t type, const char *fmt, ...)
{
	char text[256];
	size_t len;
	va_list ap;

	if (!c)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (!svc_mgr_text_encode(text, strlen(text), payload, sizeof(payload),
				 &len))
		send_msg(c, SVC_KIND_RESPONSE, type, payload, len);
}

#define ok(c, ...)    respond_text(c, SVC_MGR_RESP_OK, __VA_ARGS__)
#define error(c, ...) respond_text(c, SVC_MGR_RESP_ERROR, __VA_ARGS__)

void commands_state_changed(const char *name, const char *old_state,
			    const char *new_state)
{
	struct svc_mgr_state_change ev = { name,      strlen(name),
					   old_state, strlen(old_state),
					   new_state, strlen(new_state) };
	size_t i, len;

	if (svc_mgr_state_change_encode(&ev, payload, sizeof(payload), &len))
		return;
	/* Events are best effort: a full queue loses this one. */
	for (i = 0; i < n_conns; i++)
		if (conns[i]->greeted && conns[i]->streaming)
			send_msg(conns[i], SVC_KIND_EVENT,
				 SVC_MGR_EV_STATE_CHANGED, payload, len);
}

/* ------------------------------------------------------------ commands */

/*
 * Set the enabled flag of s and of its closure (8.8): its dependencies
 * when enabling, its dependents when disabling.  false: out of memory.
 */
static bool set_enabled(struct service *s, bool enable)
{
	const struct svc_config **cfgs = calloc(n_services + 1, sizeof(*cfgs));
	struct service **who = calloc(n_services + 1, sizeof(*who));
	bool *mark = calloc(n_services + 1, sizeof(*mark));
	size_t i, n = 0, start = 0;

	if (!cfgs || !who || !mark) {
		free(cfgs);
		free(who);
		free(mark);
		return false;
	}
	for (i = 0; i < n_services; i++) {
		if (!services[i]->known)
			continue;
		if (services[i] == s)
			start = n;
		who[n] = services[i];
		cfgs[n++] = &services[i]->cfg;
	}
	if (enable)
		svc_closure_deps(cfgs, n, start, mark);
	else
		svc_closure_dependents(cfgs, n, start, mark);
	for (i = 0; i < n; i++)
		if (mark[i])
			who[i]->enabled = enable;
	free(cfgs);
	free(who);
	free(mark);
	return true;
}

static void cmd_start(struct conn *c, struct service *s)
{
	if (!set_enabled(s, true))
		return error(c, "%s: out of memory", s->name);
	if (s->state == SVC_STATE_EXITED) {
		/* Out of current, so that a Start is planned (8.8). */
		s->restarts = 0;
		service_set_state(s, SVC_STATE_STOPPED);
	}
	if (manager_plan(NULL))
		return error(c, "%s: out of memory", s->name);
	if (s->step >= 0)
		ok(c, "starting %s", s->name);
	else if (s->state != SVC_STATE_STOPPED)
		ok(c, "%s is already %s", s->name, service_state_name(s));
	else
		error(c,
		      "%s was not started: excluded by the planner (see the log)",
		      s->name);
}

static void cmd_stop(struct conn *c, struct service *s)
{
	if (!s->enabled && s->state == SVC_STATE_STOPPED)
		return ok(c, "%s is already stopped", s->name);
	if (!set_enabled(s, false))
		return error(c, "%s: out of memory", s->name);
	if (manager_plan(NULL))
		return error(c, "%s: out of memory", s->name);
	ok(c, "stopping %s", s->name);
}

static void cmd_restart(struct conn *c, struct service *s)
{
	if (!s->enabled || s->state == SVC_STATE_STOPPED)
		return cmd_start(c, s);
	s->restarts = 0;
	if (manager_plan(s->name))
		return error(c, "%s: out of memory", s->name);
	if (s->step >= 0)
		ok(c, "restarting %s", s->name);
	else
		error(c,
		      "%s was not restarted: excluded by the planner (see the log)",
		      s->name);
}

static void cmd_add(struct conn *c, const char *name, const char *text,
		    size_t len)
{
	struct svc_config cfg;
	struct service *s;
	int err;

	err = svc_config_parse(heap, name, NULL, text, len, &cfg);
	if (err == SVC_CONFIG_ENOMEM)
		return error(c, "%s: out of memory", name);
	if (err) {
		error(c, "invalid config for %s: %s", name,
		      cfg.n_problems ? cfg.problems[0] : "invalid");
		svc_config_free(heap, &cfg);
		return;
	}
	s = service_find(name, strlen(name));
	if (!s)
		s = service_add(name);
	else if (s->known)
		svc_config_free(heap, &s->cfg);
	s->cfg = cfg;
	s->known = true;
	s->enabled = true;
	if (manager_plan(NULL))
		return error(c, "%s: out of memory", name);
	ok(c, "added %s", name);
}

static void cmd_remove(struct conn *c, struct service *s)
{
	s->known = false;
	s->enabled = false;
	svc_config_free(heap, &s->cfg);
	if (manager_plan(NULL))
		return error(c, "%s: out of memory", s->name);
	ok(c, "removed %s", s->name);
}

static void apply(const struct command *cmd)
{
	struct conn *c = conn_by_id(cmd->conn_id);
	struct service *s = service_find(cmd->name, strlen(cmd->name));

	if (cmd->type == SVC_MGR_REQ_ADD)
		return cmd_add(c, cmd->name, cmd->config, cmd->config_len);
	if (!s || !s->known)
		return error(c, "unknown service %s", cmd->name);
	switch (cmd->type) {
	case SVC_MGR_REQ_START:
		return cmd_start(c, s);
	case SVC_MGR_REQ_STOP:
		return cmd_stop(c, s);
	case SVC_MGR_REQ_RESTART:
		return cmd_restart(c, s);
	case SVC_MGR_REQ_REMOVE:
		return cmd_remove(c, s);
	}
}

void commands_apply_queued(void)
{
	struct command cmd;

	while (n_queued && !manager_plan_active()) {
		cmd = queue[0];
		memmove(queue, queue + 1, --n_queued * sizeof(*queue));
		apply(&cmd);
		free(cmd.config);
	}
}

static void enqueue(struct conn *c, const struct svc_mgr_request *req)
{
	struct command *grown, *cmd;

	grown = realloc(queue, (n_queued + 1) * sizeof(*queue));
	if (!grown)
		return error(c, "out of memory");
	queue = grown;
	cmd = &queue[n_queued];
	memset(cmd, 0, sizeof(*cmd));
	cmd->conn_id = c->id;
	cmd->type = req->type;
	memcpy(cmd->name, req->name, req->name_len);
	if (req->type == SVC_MGR_REQ_ADD) {
		cmd->config = malloc(req->config_len + 1);
		if (!cmd->config)
			return error(c, "out of memory");
		memcpy(cmd->config, req->config, req->config_len);
		cmd->config[req->config_len] = 0;
		cmd->config_len = req->config_len;
	}
	n_queued++;
	commands_apply_queued();
}

/* ------------------------------------------------------------ requests */

static void answer_status(struct conn *c, const struct service *s)
{
	const char *state = service_state_name(s);
	struct svc_mgr_status st = { s->name, strlen(s->name), state,
				     strlen(state), s->restarts };
	size_t len;

	if (!svc_mgr_status_encode(&st, payload, sizeof(payload), &len))
		send_msg(c, SVC_KIND_RESPONSE, SVC_MGR_RESP_STATUS, payload,
			 len);
}

static void answer_list(struct conn *c)
{
	struct svc_mgr_row *rows = calloc(n_services + 1, sizeof(*rows));
	struct panda_value *table = NULL;
	size_t i, len;
	int err;

	if (!rows)
		return error(c, "out of memory");
	for (i = 0; i < n_services; i++) {
		rows[i].name = services[i]->name;
		rows[i].state = service_state_name(services[i]);
		rows[i].restarts = services[i]->restarts;
	}
	err = svc_mgr_list_table(heap, rows, n_services, &table);
	free(rows);
	if (err)
		return error(c, "out of memory");
	err = svc_mgr_list_encode(table, payload, sizeof(payload), &len);
	value_free(heap, table);
	if (err)
		return error(c, "too many services");
	send_msg(c, SVC_KIND_RESPONSE, SVC_MGR_RESP_LIST, payload, len);
}

static void request(struct conn *c, const struct svc_msg *m)
{
	struct svc_mgr_request req;
	const struct service *s;
	int err;

	err = svc_mgr_request_decode(m->type, m->payload, m->len, &req);
	if (err && !svc_mgr_request_name(m->type))
		return error(c,
			     "malformed request: unknown request type 0x%04x",
			     m->type);
	if (err)
		return error(c, "malformed %s request: %s",
			     svc_mgr_request_name(m->type),
			     svc_proto_strerror(err));
	if (req.type == SVC_MGR_REQ_LIST)
		return answer_list(c);
	if (!svc_name_valid(req.name, req.name_len))
		return error(c, "invalid service name \"%.*s\"",
			     (int)(req.name_len > 64 ? 64 : req.name_len),
			     req.name);
	if ((req.type == SVC_MGR_REQ_ADD || req.type == SVC_MGR_REQ_REMOVE) &&
	    !c->runtime_add)
		return error(c, "%.*s: capability runtime-add not negotiated",
			     (int)req.name_len, req.name);
	if (req.type == SVC_MGR_REQ_STATUS) {
		s = service_find(req.name, req.name_len);
		if (!s)
			return error(c, "unknown service %.*s",
				     (int)req.name_len, req.name);
		return answer_status(c, s);
	}
	enqueue(c, &req);
}

static void greet(struct conn *c, size_t n)
{
	char **caps;
	size_t ncaps;

	if (panda_pchan_handshake_answer(&c->chan, rx, n, supported, 2, &caps,
					 &ncaps)) {
		conn_close(c);
		return;
	}
	c->greeted = true;
	c->runtime_add = panda_caps_has(caps, ncaps, SVC_MGR_CAP_RUNTIME_ADD);
	c->streaming = panda_caps_has(caps, ncaps, SVC_MGR_CAP_LOG_STREAMING);
	panda_caps_free(caps, ncaps);
}

/* Handle what is queued on c; false if c was closed. */
static bool conn_drain(struct conn *c)
{
	struct svc_msg m;
	size_t n;
	uint32_t id = c->id;

	while (conn_by_id(id) &&
	       !panda_channel_try_recv(c->chan.h, rx, sizeof(rx), &n)) {
		if (!c->greeted) {
			greet(c, n);
			continue;
		}
		if (svc_msg_decode(rx, n, &m) || m.kind != SVC_KIND_REQUEST) {
			conn_close(c);
			return false;
		}
		request(c, &m);
	}
	return conn_by_id(id) != NULL;
}

static void broker_drain(void)
{
	uint8_t msg[16];
	panda_handle_t server;
	size_t n;

	while (!panda_channel_try_recv(broker, msg, sizeof(msg), &n))
		if (!panda_service_broker_decode(msg, n, &server))
			conn_new(server);
}

bool commands_event(panda_handle_t h, uint32_t events)
{
	size_t i;

	if (broker && h == broker) {
		broker_drain();
		return true;
	}
	for (i = 0; i < n_conns; i++) {
		struct conn *c = conns[i];

		if (c->chan.h != h)
			continue;
		if (conn_drain(c) && (events & PANDA_EVENT_CHANNEL_CLOSED))
			conn_close(c);
		return true;
	}
	return false;
}
