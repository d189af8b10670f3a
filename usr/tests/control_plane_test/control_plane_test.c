// SPDX-License-Identifier: GPL-2.0
/*
 * control_plane_test (tests.md 3, ipc.md 7): terminal Requests on the
 * child's control channel.
 *
 *  1. tests.md's flow: control_plane_child sends Write(String "hello from
 *     child"), Error(String "test error message") and Warning(String "test
 *     warning message"); the parent receives each with a blocking receive
 *     on the process handle, decodes it as a Request and checks variant
 *     and content; the child exits with code 0.
 *  2. Control plane beside a data plane: control_plane_child data gets a
 *     STDOUT channel and streams Int 1..40 on it while it reports
 *     Progress (every 10 values), an Error and a Warning on the control
 *     plane.  The parent reads the data with blocking receives and, after
 *     every 10th value, expects the matching control message: the stdout
 *     queue holds 16 messages, so the child can only finish its 40 values
 *     while the parent consumes its control messages in between - errors
 *     and progress arrive while the data still flows.  The child's final
 *     panda_output_value must take STDOUT (not a Write on the control
 *     plane), and both planes end with CHANNEL_CLOSED, nothing left over.
 */
#include <panda/panda.h>
#include <string.h>
#include "../common/check.h"

#define CHILD	"file:/initrd/control_plane_child"

static const char *kind_name(int k)
{
	switch (k) {
	case PANDA_TERM_REQ_WRITE: return "Write";
	case PANDA_TERM_REQ_ERROR: return "Error";
	case PANDA_TERM_REQ_WARNING: return "Warning";
	case PANDA_TERM_REQ_PROGRESS: return "Progress";
	default: return "other";
	}
}

/* A blocking receive of one Request of kind `kind` carrying String s. */
static int expect_string_req(panda_handle_t h, int kind, const char *s,
			     bool log)
{
	struct panda_term_request req;
	int err = panda_term_recv_request(h, &req);
	bool ok;

	CHECK(!err, "receive of the %s request: %d (%s)", kind_name(kind), err,
	      check_name(err));
	if (log)
		panda_logf("Control plane test: received %s", kind_name(req.kind));
	ok = req.kind == kind && req.u.value &&
	     value_is_string(req.u.value, s);
	if (!ok) {
		int k = req.kind;
		char *txt = (k == PANDA_TERM_REQ_WRITE ||
			     k == PANDA_TERM_REQ_ERROR ||
			     k == PANDA_TERM_REQ_WARNING) && req.u.value ?
			    panda_value_to_text(req.u.value) : NULL;

		panda_term_request_free(&req);
		FAIL("request kind %d (%s) \"%s\", expected %s(String \"%s\")",
		     k, kind_name(k), txt ? txt : "", kind_name(kind), s);
	}
	panda_term_request_free(&req);
	if (log)
		panda_logf("Control plane test: %s content correct",
			   kind_name(kind));
	return 0;
}

static int wait_ok(panda_child *c, const char *what)
{
	int code = -1, err = panda_child_wait(c, &code);

	CHECK(!err, "wait for %s: %d (%s)", what, err, check_name(err));
	panda_logf("Control plane test: %s exited with code %d", what, code);
	CHECK(code == 0, "%s exited with code %d", what, code);
	return 0;
}

/* 1. tests.md: Write, Error, Warning. */
static int test_basic(void)
{
	/*
	 * Raw spawn, the log line, then the (empty) startup message: the
	 * child cannot reach main, let alone log, before "child spawned".
	 */
	static const uint8_t startup[6] = { 1, 0, 0, 0, 0, 0 };
	panda_child c = { 0 };
	long h = panda_sys_spawn(CHILD, sizeof(CHILD) - 1, 0, 0, 0, 0);
	int err = h < 0 ? (int)h : 0;

	CHECK(!err, "spawn of control_plane_child: %d (%s)", err,
	      check_name(err));
	c.h = (panda_handle_t)h;
	panda_log("Control plane test: child spawned");
	err = (int)panda_sys_channel_send(c.h, startup, sizeof(startup));
	CHECK(!err, "startup message: %d (%s)", err, check_name(err));
	TRY(expect_string_req(c.h, PANDA_TERM_REQ_WRITE, "hello from child",
			      true));
	TRY(expect_string_req(c.h, PANDA_TERM_REQ_ERROR, "test error message",
			      true));
	TRY(expect_string_req(c.h, PANDA_TERM_REQ_WARNING,
			      "test warning message", true));
	TRY(wait_ok(&c, "child"));
	panda_child_release(&c);
	return 0;
}

static int expect_int(panda_handle_t h, int64_t want)
{
	static uint8_t buf[PANDA_MAX_MESSAGE_SIZE];
	panda_value *v;
	long n = panda_sys_channel_recv(h, buf, sizeof(buf));
	int err;

	CHECK(n > 0, "data plane: receive of value %lld: %ld (%s)",
	      (long long)want, n, check_name(n));
	err = panda_value_decode(buf, n, &v, NULL);
	CHECK(!err, "data plane: value %lld does not decode: %d (%s)",
	      (long long)want, err, check_name(err));
	CHECK(v->kind == PANDA_VALUE_INT && v->u.integer == want,
	      "data plane: value of kind %d (%lld), expected Int %lld",
	      v->kind, (long long)(v->kind == PANDA_VALUE_INT ? v->u.integer : 0),
	      (long long)want);
	panda_value_free(v);
	return 0;
}

static int expect_progress(panda_handle_t h, uint32_t cur, uint32_t total)
{
	struct panda_term_request req;
	int err = panda_term_recv_request(h, &req);
	bool ok;

	CHECK(!err, "receive of Progress %u: %d (%s)", cur, err,
	      check_name(err));
	ok = req.kind == PANDA_TERM_REQ_PROGRESS &&
	     req.u.progress.current == cur && req.u.progress.total == total &&
	     req.u.progress.message.len == 6 &&
	     !memcmp(req.u.progress.message.data, "values", 6);
	if (!ok) {
		int k = req.kind;

		panda_term_request_free(&req);
		FAIL("control plane: request kind %d (%s), expected Progress(%u, %u, \"values\")",
		     k, kind_name(k), cur, total);
	}
	panda_term_request_free(&req);
	return 0;
}

/* 2. Errors and progress on the control plane while data flows. */
static int test_data_plane(void)
{
	static uint8_t buf[PANDA_MAX_MESSAGE_SIZE];
	panda_child_builder *b;
	panda_handle_t a, w;
	panda_child c;
	panda_value *v;
	long n;
	int i, err;

	err = panda_channel_create(&a, &w);
	CHECK(!err, "CHANNEL_CREATE: %d (%s)", err, check_name(err));
	b = panda_child_builder_new(CHILD);
	panda_cb_arg(b, "control_plane_child");
	panda_cb_arg(b, "data");
	panda_cb_stdout(b, w);
	err = panda_cb_spawn(b, &c);
	CHECK(!err, "spawn of control_plane_child data: %d (%s)", err,
	      check_name(err));
	CHECK_EQ("close of our copy of the write end", panda_sys_close(w), 0);
	panda_log("Control plane test: data child spawned with a STDOUT channel");

	for (i = 1; i <= 40; i++) {
		TRY(expect_int(a, i));
		if (i % 10 == 0)
			TRY(expect_progress(c.h, i, 40));
		if (i == 20)
			TRY(expect_string_req(c.h, PANDA_TERM_REQ_ERROR,
					      "error while streaming", false));
		if (i == 30)
			TRY(expect_string_req(c.h, PANDA_TERM_REQ_WARNING,
					      "warning while streaming", false));
		if (i == 10)
			panda_log("Control plane test: Progress 10/40 received while data flows");
		if (i == 20)
			panda_log("Control plane test: Error received while data flows");
	}
	panda_log("Control plane test: 40 values on the data plane, 4 Progress, Error and Warning on the control plane");

	/* output_value with a STDOUT: the data plane, not a Write. */
	n = panda_sys_channel_recv(a, buf, sizeof(buf));
	CHECK(n > 0, "data plane: receive of the output_value result: %ld (%s)",
	      n, check_name(n));
	err = panda_value_decode(buf, n, &v, NULL);
	CHECK(!err && value_is_string(v, "summary"),
	      "data plane: the output_value result is not String \"summary\" (%d)",
	      err);
	panda_value_free(v);
	panda_log("Control plane test: output_value went to STDOUT");

	TRY(wait_ok(&c, "data child"));
	CHECK_EQ("data plane after the child's exit",
		 panda_sys_channel_recv(a, buf, sizeof(buf)),
		 -PANDA_ERR_CHANNEL_CLOSED);
	n = panda_sys_channel_recv(c.h, buf, sizeof(buf));
	if (n >= 0) {
		struct panda_term_request req;
		int k = panda_term_request_decode(buf, n, &req) ? -1 : req.kind;

		if (k >= 0)
			panda_term_request_free(&req);
		FAIL("control plane: a stray %ld-byte message after the child's exit (Request kind %d)",
		     n, k);
	}
	CHECK_EQ("control plane after the child's exit", n,
		 -PANDA_ERR_CHANNEL_CLOSED);
	CHECK_EQ("close of the read end", panda_sys_close(a), 0);
	panda_child_release(&c);
	panda_log("Control plane test: both planes closed, nothing left over");
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	panda_log("Control plane test: starting");
	TRY(test_basic());
	TRY(test_data_plane());
	panda_log("PASS");
	return 0;
}
