// SPDX-License-Identifier: GPL-2.0
/*
 * sm_driver: service_manager_test's checks, run by the manager as one of
 * its services (services.md 12, tests 6-10).  It talks to service:/manager
 * itself and through svcctl, and ends with the verdict line.
 *
 *  0. flaky (always, 50 ms, 1 attempt) fails after its stability timer
 *     reset the counter: seen through ServiceStateChanged events
 *     (log-streaming) to restart twice without giving up;
 *  1. crasher (always, 100 ms, 3 attempts) gives up: exited, 3 restarts;
 *     chatty (console output, its own checks) exited without restarts;
 *     alpha, beta, gamma run; the excluded services never started;
 *  2. stop polite: Terminate, it exits 0 (no kill);
 *  3. stop stubborn: killed after the grace period;
 *  4. svcctl list (a Table), add epsilon (after alpha) which starts,
 *     stop alpha (its dependents stop first), start gamma (brings beta
 *     and alpha back), status, restart beta, remove epsilon, and the
 *     error cases;
 *  5. malformed requests get Error responses, a malformed envelope
 *     closes the connection, and the manager still answers.
 */
#include <lib/svc_mgr_api.h>
#include <panda/panda.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static panda_protocol proto = { .name = SVC_MGR_NAME };
static panda_service_client mgr;

static int failed(const char *fmt, const char *a, long b)
{
	char text[160];

	snprintf(text, sizeof(text), fmt, a, b);
	panda_logf("PANDA-TEST-RESULT: fail %s", text);
	return 1;
}

static int connect(panda_service_client *c, const char *const *caps, size_t n)
{
	return panda_service_connect(&proto, 0, 0, caps, n, c);
}

/* Status of name: 0 with its state and restart count. */
static int status(const char *name, char *state, size_t cap, uint32_t *restarts)
{
	uint8_t payload[80], buf[SVC_MSG_MAX];
	struct svc_mgr_request req = { .type = SVC_MGR_REQ_STATUS,
				       .name = name,
				       .name_len = strlen(name) };
	struct svc_mgr_status st;
	panda_pmsg r;
	size_t len;
	int err;

	svc_mgr_request_encode(&req, payload, sizeof(payload), &len);
	err = panda_pchan_call(&mgr.chan, SVC_MGR_REQ_STATUS, payload,
			       (uint32_t)len, buf, &r);
	if (err)
		return err;
	if (r.type != SVC_MGR_RESP_STATUS ||
	    svc_mgr_status_decode(r.payload, r.len, &st) || st.state_len >= cap)
		return -PANDA_ERR_PROTOCOL;
	memcpy(state, st.state, st.state_len);
	state[st.state_len] = 0;
	if (restarts)
		*restarts = st.restarts;
	return 0;
}

/* Poll until name is in state want (the wait is bounded by the runner). */
static int wait_state(const char *name, const char *want)
{
	char state[32];
	int err;

	for (;;) {
		err = status(name, state, sizeof(state), NULL);
		if (err)
			return failed("status of %s: %ld", name, err);
		if (!strcmp(state, want))
			return 0;
		panda_sleep_ms(20);
	}
}

static int expect_state(const char *name, const char *want)
{
	char state[32];
	int err = status(name, state, sizeof(state), NULL);

	if (err)
		return failed("status of %s: %ld", name, err);
	if (strcmp(state, want))
		return failed("%s is not in the expected state (%ld)", name, 0);
	return 0;
}

/* A request with a name on the driver's connection: the response type. */
static int command(uint16_t type, const char *name)
{
	uint8_t payload[80], buf[SVC_MSG_MAX];
	struct svc_mgr_request req = { .type = type,
				       .name = name,
				       .name_len = strlen(name) };
	panda_pmsg r;
	size_t len;
	int err;

	svc_mgr_request_encode(&req, payload, sizeof(payload), &len);
	err = panda_pchan_call(&mgr.chan, type, payload, (uint32_t)len, buf,
			       &r);
	return err ? err : r.type;
}

/* ------------------------------------------------------------ events */

/*
 * Follow flaky's state changes until it has entered restarting twice;
 * giving up (exited) first means the stability timer did not reset the
 * counter.  The events must chain: each one's old state is the state the
 * one before it announced.
 */
static int check_stability(panda_service_client *watch)
{
	struct svc_mgr_state_change ev;
	uint8_t buf[SVC_MSG_MAX];
	char last[16] = "";
	int restarts = 0, err;
	panda_pmsg m;

	while (restarts < 2) {
		err = panda_pchan_recv(&watch->chan, buf, &m);
		if (err)
			return failed("events: %s%ld", "", err);
		if (m.kind != SVC_KIND_EVENT ||
		    m.type != SVC_MGR_EV_STATE_CHANGED ||
		    svc_mgr_state_change_decode(m.payload, m.len, &ev))
			return failed("not a state event%s (%ld)", "", m.type);
		if (ev.name_len != 5 || memcmp(ev.name, "flaky", 5))
			continue;
		if (*last && (ev.old_len != strlen(last) ||
			      memcmp(ev.old_state, last, ev.old_len)))
			return failed("flaky's events do not chain after %s (%ld)",
				      last, 0);
		snprintf(last, sizeof(last), "%.*s", (int)ev.new_len,
			 ev.new_state);
		if (ev.new_len == 10 && !memcmp(ev.new_state, "restarting", 10))
			restarts++;
		if (ev.new_len == 6 && !memcmp(ev.new_state, "exited", 6))
			return failed("flaky gave up%s (%ld)", "", restarts);
	}
	if (command(SVC_MGR_REQ_STOP, "flaky") != SVC_MGR_RESP_OK ||
	    wait_state("flaky", "stopped"))
		return failed("stop flaky%s (%ld)", "", 0);
	panda_log(
		"sm_driver: flaky restarted twice, its counter reset by the stability timer");
	return 0;
}

/* ------------------------------------------------------------ svcctl */

struct run {
	int code;
	panda_value *out; /* the last Write, or NULL */
	char error[200];  /* the last Error's text */
};

static int svcctl(struct run *run, const char *a1, const char *a2,
		  const char *a3)
{
	const char *argv[4] = { "svcctl", a1, a2, a3 };
	size_t argc = a3 ? 4 : a2 ? 3 : 2;
	struct panda_term_request req;
	panda_child child;
	char *text;
	int err;

	memset(run, 0, sizeof(*run));
	err = panda_child_spawn_args("file:/initrd/svcctl", argv, argc, &child);
	if (err)
		return failed("spawn svcctl %s: %ld", a1, err);
	while (!panda_term_recv_request(child.h, &req)) {
		if (req.kind == PANDA_TERM_REQ_WRITE) {
			panda_value_free(run->out);
			run->out = panda_value_clone(req.u.value);
		} else if (req.kind == PANDA_TERM_REQ_ERROR) {
			text = panda_value_to_text(req.u.value);
			snprintf(run->error, sizeof(run->error), "%s", text);
			free(text);
		}
		panda_term_request_free(&req);
	}
	err = panda_child_wait(&child, &run->code);
	panda_child_release(&child);
	if (err)
		return failed("wait for svcctl %s: %ld", a1, err);
	return 0;
}

static bool is_text(const panda_value *v, const char *want)
{
	return v && v->kind == PANDA_VALUE_STRING &&
	       v->u.str.len == strlen(want) &&
	       !memcmp(v->u.str.data, want, v->u.str.len);
}

/* The row of name in a List table: its state and restart count. */
static bool table_row(const panda_value *t, const char *name,
		      const char **state, int64_t *restarts)
{
	size_t r;

	if (!t || t->kind != PANDA_VALUE_TABLE || t->u.table.cols != 3 ||
	    !t->u.table.has_headers ||
	    !is_text(t->u.table.headers[0], "Name") ||
	    !is_text(t->u.table.headers[1], "State") ||
	    !is_text(t->u.table.headers[2], "Restarts"))
		return false;
	for (r = 0; r < t->u.table.ncells / 3; r++) {
		panda_value **c = t->u.table.cells + 3 * r;

		if (!is_text(c[0], name))
			continue;
		if (c[1]->kind != PANDA_VALUE_STRING ||
		    c[2]->kind != PANDA_VALUE_INT)
			return false;
		*state = c[1]->u.str.data;
		*restarts = c[2]->u.integer;
		return true;
	}
	return false;
}

static int check_svcctl(void)
{
	const char *state;
	int64_t restarts;
	panda_value *v;
	struct run r;

	if (svcctl(&r, "list", NULL, NULL))
		return 1;
	if (r.code || !table_row(r.out, "crasher", &state, &restarts) ||
	    strcmp(state, "exited") || restarts != 3 ||
	    !table_row(r.out, "alpha", &state, &restarts) ||
	    strcmp(state, "running"))
		return failed("svcctl list: %s (code %ld)", r.error, r.code);
	panda_value_free(r.out);
	panda_log("sm_driver: svcctl list shows the table");

	if (svcctl(&r, "add", "epsilon", "/initrd/epsilon.toml"))
		return 1;
	if (r.code || !is_text(r.out, "added epsilon\n"))
		return failed("svcctl add: %s (code %ld)", r.error, r.code);
	panda_value_free(r.out);
	if (wait_state("epsilon", "running"))
		return 1;
	panda_log("sm_driver: svcctl add started epsilon");

	if (svcctl(&r, "stop", "alpha", NULL))
		return 1;
	if (r.code || !is_text(r.out, "stopping alpha\n"))
		return failed("svcctl stop: %s (code %ld)", r.error, r.code);
	panda_value_free(r.out);
	if (wait_state("alpha", "stopped") || expect_state("beta", "stopped") ||
	    expect_state("gamma", "stopped") ||
	    expect_state("epsilon", "stopped"))
		return 1;
	panda_log("sm_driver: svcctl stop alpha stopped its dependents too");

	if (svcctl(&r, "start", "gamma", NULL))
		return 1;
	if (r.code || !is_text(r.out, "starting gamma\n"))
		return failed("svcctl start: %s (code %ld)", r.error, r.code);
	panda_value_free(r.out);
	if (wait_state("gamma", "running") || expect_state("beta", "running") ||
	    expect_state("alpha", "running") ||
	    expect_state("epsilon", "stopped"))
		return 1;
	if (svcctl(&r, "status", "gamma", NULL))
		return 1;
	v = r.out ? panda_value_map_get(r.out, "state") : NULL;
	if (r.code || !is_text(v, "running"))
		return failed("svcctl status: %s (code %ld)", r.error, r.code);
	panda_value_free(r.out);
	panda_log("sm_driver: svcctl start gamma started beta and alpha first");

	if (svcctl(&r, "restart", "beta", NULL))
		return 1;
	if (r.code || !is_text(r.out, "restarting beta\n"))
		return failed("svcctl restart: %s (code %ld)", r.error, r.code);
	panda_value_free(r.out);
	if (wait_state("beta", "running"))
		return 1;
	if (svcctl(&r, "remove", "epsilon", NULL))
		return 1;
	if (r.code || !is_text(r.out, "removed epsilon\n"))
		return failed("svcctl remove: %s (code %ld)", r.error, r.code);
	panda_value_free(r.out);
	if (command(SVC_MGR_REQ_STATUS, "epsilon") != SVC_MGR_RESP_ERROR)
		return failed("epsilon still known after remove%s (%ld)", "",
			      0);
	panda_log("sm_driver: svcctl restart and remove");

	if (svcctl(&r, "add", "bad", "/initrd/bad.toml"))
		return 1;
	if (r.code != 1 || !strstr(r.error, "invalid config for bad"))
		return failed("svcctl add of a bad config: %s (code %ld)",
			      r.error, r.code);
	panda_value_free(r.out);
	if (svcctl(&r, "start", "nosuch", NULL))
		return 1;
	if (r.code != 1 || !strstr(r.error, "unknown service nosuch"))
		return failed("svcctl start nosuch: %s (code %ld)", r.error,
			      r.code);
	panda_value_free(r.out);
	panda_log("sm_driver: svcctl reports errors with exit code 1");
	return 0;
}

/* ------------------------------------------------------------ bad input */

static int response(panda_pchan *c, uint16_t want_type)
{
	uint8_t buf[SVC_MSG_MAX];
	panda_pmsg m;
	int err = panda_pchan_recv(c, buf, &m);

	if (err)
		return err;
	return m.kind == SVC_KIND_RESPONSE && m.type == want_type ? 0 : -1;
}

static int check_bad_input(void)
{
	static const uint8_t garbage[] = { 0x00, 0x04, 0x00, 0xff,
					   0xff, 0xff, 0xff };
	uint8_t buf[SVC_MSG_MAX];
	panda_service_client c;
	panda_pmsg m;
	int err;

	/* No runtime-add: Add is refused. */
	err = connect(&c, NULL, 0);
	if (err)
		return failed("connect without capabilities: %s%ld", "", err);
	err = panda_pchan_send(&c.chan, SVC_KIND_REQUEST, SVC_MGR_REQ_ADD,
			       "\1\0x\0\0", 5);
	if (err || response(&c.chan, SVC_MGR_RESP_ERROR))
		return failed("add without runtime-add: %s%ld", "", err);
	/* Unknown request type, undecodable payload. */
	err = panda_pchan_send(&c.chan, SVC_KIND_REQUEST, 0x0099, NULL, 0);
	if (err || response(&c.chan, SVC_MGR_RESP_ERROR))
		return failed("unknown request type: %s%ld", "", err);
	err = panda_pchan_send(&c.chan, SVC_KIND_REQUEST, SVC_MGR_REQ_STOP,
			       "\x20\0ab", 4);
	if (err || response(&c.chan, SVC_MGR_RESP_ERROR))
		return failed("truncated request: %s%ld", "", err);
	/* A malformed envelope closes the connection. */
	err = panda_channel_send(c.chan.h, garbage, sizeof(garbage));
	if (err)
		return failed("send garbage: %s%ld", "", err);
	err = panda_pchan_recv(&c.chan, buf, &m);
	if (err != -PANDA_ERR_CHANNEL_CLOSED)
		return failed("connection after a malformed envelope: %s%ld",
			      "", err);
	panda_service_client_close(&c);
	/* The manager is still there. */
	if (expect_state("gamma", "running"))
		return 1;
	panda_log(
		"sm_driver: malformed requests answered with errors, the manager carries on");
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	static const char *const caps[] = { SVC_MGR_CAP_RUNTIME_ADD };
	static const char *const streaming[] = { SVC_MGR_CAP_LOG_STREAMING };
	panda_service_client watch;
	char state[32];
	uint32_t restarts;
	int err;

	memcpy(proto.uuid, svc_mgr_uuid, sizeof(proto.uuid));
	err = connect(&mgr, caps, 1);
	if (!err)
		err = connect(&watch, streaming, 1);
	if (err)
		return failed("connect to the manager: %s%ld", "", err);
	if (watch.ncaps != 1 || check_stability(&watch))
		return 1;
	panda_service_client_close(&watch);

	/* 1. The boot plan and the crash loop. */
	if (wait_state("crasher", "exited"))
		return 1;
	err = status("crasher", state, sizeof(state), &restarts);
	if (err || restarts != 3)
		return failed("crasher restarts: %s%ld", "", restarts);
	panda_log("sm_driver: crasher gave up after 3 restarts");
	if (wait_state("chatty", "exited"))
		return 1;
	err = status("chatty", state, sizeof(state), &restarts);
	if (err || restarts)
		return failed("chatty's checks failed: %s%ld", "", restarts);
	panda_log("sm_driver: chatty's checks of its terminal passed");
	if (expect_state("alpha", "running") ||
	    expect_state("beta", "running") ||
	    expect_state("gamma", "running") ||
	    expect_state("broken", "stopped") ||
	    expect_state("cyc-a", "stopped") ||
	    expect_state("orphan", "stopped"))
		return 1;
	panda_log(
		"sm_driver: the valid services run, the excluded ones never started");

	/* 2, 3. Stopping. */
	if (command(SVC_MGR_REQ_STOP, "polite") != SVC_MGR_RESP_OK ||
	    wait_state("polite", "stopped"))
		return failed("stop polite%s (%ld)", "", 0);
	panda_log("sm_driver: polite stopped");
	if (command(SVC_MGR_REQ_STOP, "stubborn") != SVC_MGR_RESP_OK ||
	    wait_state("stubborn", "stopped"))
		return failed("stop stubborn%s (%ld)", "", 0);
	panda_log("sm_driver: stubborn stopped");

	/* 4, 5. */
	if (check_svcctl() || check_bad_input())
		return 1;
	panda_service_client_close(&mgr);
	panda_log("PANDA-TEST-RESULT: pass");
	return 0;
}
