// SPDX-License-Identifier: GPL-2.0
/*
 * pipeline_test (tests.md 3, ipc.md 6-7): Values on the data plane.
 *
 *  1. tests.md's flow: pipeline_producer | pipeline_consumer.  One channel
 *     pair; the consumer (stdin = A, no stdout) is spawned first, then the
 *     producer (stdout = B); the parent closes its copies of both ends so
 *     that the producer's exit ends the stream.  The producer writes Int
 *     1..10, the consumer sums them and, having no STDOUT, outputs
 *     Write(Int 55) on its parent channel.
 *  2. Three stages: pipeline_producer --table | pipeline_transformer |
 *     pipeline_consumer --table.  Two channel pairs; the parent closes all
 *     four of its ends, so end of stream (CHANNEL_CLOSED) propagates stage
 *     by stage.  Table Values flow: (name, size) rows, filtered to size <
 *     1000 and extended with an "ext" column, merged by the consumer and
 *     reported to the parent as Write(Table), checked against the expected
 *     table here.
 */
#include <panda/panda.h>
#include <string.h>
#include "../common/check.h"

#define PRODUCER	"file:/initrd/pipeline_producer"
#define TRANSFORMER	"file:/initrd/pipeline_transformer"
#define CONSUMER	"file:/initrd/pipeline_consumer"

static int spawn(const char *uri, const char *argv0, const char *arg,
		 panda_handle_t in, panda_handle_t out, panda_child *c)
{
	panda_child_builder *b = panda_child_builder_new(uri);
	int err;

	panda_cb_arg(b, argv0);
	if (arg)
		panda_cb_arg(b, arg);
	if (in)
		panda_cb_stdin(b, in);
	if (out)
		panda_cb_stdout(b, out);
	err = panda_cb_spawn(b, c);
	CHECK(!err, "spawn of %s: %d (%s)", uri, err, check_name(err));
	return 0;
}

static int wait_code(panda_child *c, const char *what, int *code)
{
	int err;

	*code = -1;
	err = panda_child_wait(c, code);
	CHECK(!err, "wait for %s: %d (%s)", what, err, check_name(err));
	return 0;
}

static int close_end(const char *what, panda_handle_t h)
{
	long r;

	panda_logf("Pipeline test: closing %s 0x%x", what, h);
	r = panda_sys_close(h);
	CHECK(r == 0, "close of %s 0x%x: %ld (%s)", what, h, r, check_name(r));
	return 0;
}

/* One Request from the consumer; it must be Write.  *v: a clone. */
static int recv_write(panda_child *c, panda_value **v)
{
	struct panda_term_request req;
	int err = panda_term_recv_request(c->h, &req);

	CHECK(!err, "receive from the consumer: %d (%s)", err,
	      check_name(err));
	if (req.kind != PANDA_TERM_REQ_WRITE || !req.u.value) {
		int k = req.kind;

		panda_term_request_free(&req);
		FAIL("the consumer's message is Request kind %d, expected Write (%d)",
		     k, PANDA_TERM_REQ_WRITE);
	}
	*v = panda_value_clone(req.u.value);
	panda_term_request_free(&req);
	return 0;
}

/* 1. tests.md: producer | consumer, Int 1..10, sum 55. */
static int test_two_stage(void)
{
	panda_handle_t a, b;
	panda_child prod, cons;
	panda_value *v;
	int err, pcode, ccode;

	err = panda_channel_create(&a, &b);
	CHECK(!err, "CHANNEL_CREATE: %d (%s)", err, check_name(err));
	panda_logf("Pipeline test: channel pair created: 0x%x 0x%x", a, b);
	TRY(spawn(CONSUMER, "pipeline_consumer", NULL, a, 0, &cons));
	panda_logf("Pipeline test: consumer spawned: 0x%x", cons.h);
	TRY(spawn(PRODUCER, "pipeline_producer", NULL, 0, b, &prod));
	panda_logf("Pipeline test: producer spawned: 0x%x", prod.h);
	TRY(close_end("read end", a));
	TRY(close_end("write end", b));

	TRY(wait_code(&prod, "pipeline_producer", &pcode));
	TRY(recv_write(&cons, &v));
	/* Log only once the consumer is gone: its lines come first. */
	TRY(wait_code(&cons, "pipeline_consumer", &ccode));
	panda_logf("Pipeline test: producer exit code %d", pcode);
	CHECK(pcode == 0, "pipeline_producer exited with code %d", pcode);
	CHECK(v->kind == PANDA_VALUE_INT && v->u.integer == 55,
	      "the consumer's Write carries kind %d value %lld, expected Int 55",
	      v->kind, (long long)(v->kind == PANDA_VALUE_INT ? v->u.integer : 0));
	panda_logf("Pipeline test: received sum = %lld", (long long)v->u.integer);
	panda_value_free(v);
	panda_logf("Pipeline test: consumer exit code %d", ccode);
	CHECK(ccode == 0, "pipeline_consumer exited with code %d", ccode);
	panda_child_release(&prod);
	panda_child_release(&cons);
	return 0;
}

/* The table the three-stage pipeline must deliver. */
static panda_value *expected_table(void)
{
	static const struct {
		const char *name, *ext;
		int64_t size;
	} rows[] = {
		{ "a.txt", "txt", 10 }, { "c.txt", "txt", 300 },
		{ "e.md", "md", 50 }, { "f.c", "c", 999 },
	};
	panda_value *hdr[3] = { panda_value_string("name"),
				panda_value_string("size"),
				panda_value_string("ext") };
	panda_value *t = panda_value_table(3, hdr);
	size_t i;

	for (i = 0; t && i < sizeof(rows) / sizeof(rows[0]); i++) {
		panda_value *cells[3] = { panda_value_string(rows[i].name),
					  panda_value_int(rows[i].size),
					  panda_value_string(rows[i].ext) };

		panda_table_push_row(t, cells);
	}
	return t;
}

/* 2. producer --table | transformer | consumer --table. */
static int test_three_stage(void)
{
	panda_handle_t a1, b1, a2, b2;
	panda_child prod, xf, cons;
	panda_value *v, *want;
	int err, pcode, xcode, ccode;

	err = panda_channel_create(&a1, &b1);
	CHECK(!err, "CHANNEL_CREATE 1: %d (%s)", err, check_name(err));
	err = panda_channel_create(&a2, &b2);
	CHECK(!err, "CHANNEL_CREATE 2: %d (%s)", err, check_name(err));
	panda_logf("Pipeline test: three-stage: channel pairs created: 0x%x 0x%x, 0x%x 0x%x",
		   a1, b1, a2, b2);
	TRY(spawn(CONSUMER, "pipeline_consumer", "--table", a2, 0, &cons));
	TRY(spawn(TRANSFORMER, "pipeline_transformer", NULL, a1, b2, &xf));
	TRY(spawn(PRODUCER, "pipeline_producer", "--table", 0, b1, &prod));
	panda_log("Pipeline test: three-stage: stages spawned");
	TRY(close_end("stage 1 write end", b1));
	TRY(close_end("stage 2 read end", a1));
	TRY(close_end("stage 2 write end", b2));
	TRY(close_end("stage 3 read end", a2));

	TRY(wait_code(&prod, "pipeline_producer --table", &pcode));
	TRY(wait_code(&xf, "pipeline_transformer", &xcode));
	TRY(recv_write(&cons, &v));
	TRY(wait_code(&cons, "pipeline_consumer --table", &ccode));
	panda_logf("Pipeline test: three-stage: exit codes %d %d %d", pcode,
		   xcode, ccode);
	CHECK(pcode == 0 && xcode == 0 && ccode == 0,
	      "three-stage exit codes: producer %d, transformer %d, consumer %d",
	      pcode, xcode, ccode);
	want = expected_table();
	CHECK(want, "expected table construction failed");
	if (!panda_value_equal(v, want)) {
		char *got = panda_value_to_text(v);

		panda_logf("FAIL: three-stage: the consumer's Write carries (kind %d):",
			   v->kind);
		if (got)
			panda_log_lines(got, strlen(got));
		return 1;
	}
	panda_logf("Pipeline test: three-stage: received table with %zu rows, correct",
		   value_table_rows(v));
	panda_value_free(v);
	panda_value_free(want);
	panda_child_release(&prod);
	panda_child_release(&xf);
	panda_child_release(&cons);
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	panda_log("Pipeline test: starting");
	TRY(test_two_stage());
	TRY(test_three_stage());
	panda_log("PASS");
	return 0;
}
