// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for lib/svc_mgr_api.c (services.md 9): request, response and
 * event payloads byte for byte and round trip, strict decoding (trailing
 * bytes, truncation, NUL in names, unknown types), the List table.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>
#include "testutil.h"
#include <lib/svc_mgr_api.h>

static const struct panda_value_alloc *A = &test_heap;

static void setup(void)
{
	memset(&test_cnt, 0, sizeof(test_cnt));
}

static void teardown(void)
{
	cr_expect_eq(test_cnt.live, 0, "%ld blocks leaked", test_cnt.live);
}

TestSuite(mgr_api, .init = setup, .fini = teardown);

Test(mgr_api, uuid_is_the_spec_one)
{
	char text[SVC_UUID_TEXT];

	svc_uuid_format(svc_mgr_uuid, text);
	cr_assert_str_eq(text, "4f8312ae-2051-42cf-b9fc-c55584837a5c");
}

Test(mgr_api, start_request_bytes)
{
	struct svc_mgr_request req = { .type = SVC_MGR_REQ_START,
				       .name = "web",
				       .name_len = 3 };
	uint8_t buf[64];
	size_t len;

	cr_assert_eq(svc_mgr_request_encode(&req, buf, sizeof(buf), &len), 0);
	cr_assert_str_eq(test_tohex(buf, len), "03 00 77 65 62");
}

Test(mgr_api, list_request_is_empty)
{
	struct svc_mgr_request req = { .type = SVC_MGR_REQ_LIST }, out;
	uint8_t buf[8];
	size_t len = 99;

	cr_assert_eq(svc_mgr_request_encode(&req, buf, sizeof(buf), &len), 0);
	cr_assert_eq(len, 0);
	cr_assert_eq(svc_mgr_request_decode(SVC_MGR_REQ_LIST, buf, 0, &out), 0);
	cr_assert_eq(out.type, SVC_MGR_REQ_LIST);
	cr_assert_eq(svc_mgr_request_decode(SVC_MGR_REQ_LIST, "x", 1, &out),
		     SVC_PROTO_ETRAILING);
}

Test(mgr_api, add_round_trip)
{
	static const char cfg[] = "[service]\nexec = \"file:/x\"\n";
	struct svc_mgr_request req = { .type = SVC_MGR_REQ_ADD,
				       .name = "x",
				       .name_len = 1,
				       .config = cfg,
				       .config_len = sizeof(cfg) - 1 },
			       out;
	uint8_t buf[128];
	size_t len;

	cr_assert_eq(svc_mgr_request_encode(&req, buf, sizeof(buf), &len), 0);
	cr_assert_eq(len, 2 + 1 + 2 + sizeof(cfg) - 1);
	cr_assert_eq(svc_mgr_request_decode(SVC_MGR_REQ_ADD, buf, len, &out),
		     0);
	cr_assert_eq(out.name_len, 1);
	cr_assert_eq(out.name[0], 'x');
	cr_assert_eq(out.config_len, sizeof(cfg) - 1);
	cr_assert_eq(memcmp(out.config, cfg, out.config_len), 0);
	/* Cut anywhere: truncated. */
	for (size_t k = 0; k < len; k++)
		cr_assert_eq(svc_mgr_request_decode(SVC_MGR_REQ_ADD, buf, k,
						    &out),
			     SVC_PROTO_ETRUNCATED, "cut at %zu", k);
}

Test(mgr_api, every_named_request_round_trips)
{
	static const uint16_t types[] = { SVC_MGR_REQ_START, SVC_MGR_REQ_STOP,
					  SVC_MGR_REQ_RESTART,
					  SVC_MGR_REQ_STATUS,
					  SVC_MGR_REQ_REMOVE };
	uint8_t buf[64];
	size_t len, i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		struct svc_mgr_request req = { .type = types[i],
					       .name = "terminal",
					       .name_len = 8 },
				       out;

		cr_assert_eq(svc_mgr_request_encode(&req, buf, sizeof(buf),
						    &len),
			     0);
		cr_assert_eq(svc_mgr_request_decode(types[i], buf, len, &out),
			     0);
		cr_assert_eq(out.name_len, 8);
		cr_assert_eq(memcmp(out.name, "terminal", 8), 0);
		cr_assert_not_null(svc_mgr_request_name(types[i]));
	}
}

Test(mgr_api, bad_requests)
{
	struct svc_mgr_request out,
		req = { .type = 0x0008, .name = "a", .name_len = 1 };
	uint8_t buf[16];
	size_t len;

	cr_assert_eq(svc_mgr_request_encode(&req, buf, sizeof(buf), &len),
		     SVC_PROTO_EINVAL);
	cr_assert_eq(svc_mgr_request_decode(0x0008, "\1\0a", 3, &out),
		     SVC_PROTO_EINVALID);
	cr_assert_eq(svc_mgr_request_decode(0, "", 0, &out),
		     SVC_PROTO_EINVALID);
	/* A NUL inside a name. */
	cr_assert_eq(svc_mgr_request_decode(SVC_MGR_REQ_STOP, "\2\0a\0", 4,
					    &out),
		     SVC_PROTO_EINVALID);
	/* Not UTF-8. */
	cr_assert_eq(svc_mgr_request_decode(SVC_MGR_REQ_STOP, "\1\0\xff", 3,
					    &out),
		     SVC_PROTO_EUTF8);
	/* Trailing byte. */
	cr_assert_eq(svc_mgr_request_decode(SVC_MGR_REQ_STOP, "\1\0ab", 4,
					    &out),
		     SVC_PROTO_ETRAILING);
	/* Too small a buffer. */
	req.type = SVC_MGR_REQ_STOP;
	cr_assert_eq(svc_mgr_request_encode(&req, buf, 2, &len),
		     SVC_PROTO_ENOSPC);
}

Test(mgr_api, too_large_payload)
{
	static char big[5000];
	struct svc_mgr_request req = { .type = SVC_MGR_REQ_ADD,
				       .name = "a",
				       .name_len = 1,
				       .config = big,
				       .config_len = sizeof(big) };
	static uint8_t buf[8192];
	size_t len;

	memset(big, 'x', sizeof(big));
	cr_assert_eq(svc_mgr_request_encode(&req, buf, sizeof(buf), &len),
		     SVC_PROTO_E2BIG);
}

Test(mgr_api, text_and_status)
{
	struct svc_mgr_status st = { "web", 3, "running", 7, 258 }, got;
	uint8_t buf[64];
	const char *s;
	size_t len, n;

	cr_assert_eq(svc_mgr_text_encode("ok", 2, buf, sizeof(buf), &len), 0);
	cr_assert_str_eq(test_tohex(buf, len), "02 00 6F 6B");
	cr_assert_eq(svc_mgr_text_decode(buf, len, &s, &n), 0);
	cr_assert_eq(n, 2);
	cr_assert_eq(svc_mgr_status_encode(&st, buf, sizeof(buf), &len), 0);
	cr_assert_str_eq(test_tohex(buf, len),
			 "03 00 77 65 62 07 00 72 75 6E 6E 69 6E 67 "
			 "02 01 00 00");
	cr_assert_eq(svc_mgr_status_decode(buf, len, &got), 0);
	cr_assert_eq(got.restarts, 258);
	cr_assert_eq(got.state_len, 7);
	cr_assert_eq(memcmp(got.state, "running", 7), 0);
	cr_assert_eq(svc_mgr_status_decode(buf, len - 1, &got),
		     SVC_PROTO_ETRUNCATED);
}

Test(mgr_api, state_change_event)
{
	struct svc_mgr_state_change ev = { "a", 1, "running", 7, "stopping", 8 },
				    got;
	uint8_t buf[64];
	size_t len;

	cr_assert_eq(svc_mgr_state_change_encode(&ev, buf, sizeof(buf), &len),
		     0);
	cr_assert_eq(len, 3 + 9 + 10);
	cr_assert_eq(svc_mgr_state_change_decode(buf, len, &got), 0);
	cr_assert_eq(got.new_len, 8);
	cr_assert_eq(memcmp(got.new_state, "stopping", 8), 0);
	buf[len] = 0;
	cr_assert_eq(svc_mgr_state_change_decode(buf, len + 1, &got),
		     SVC_PROTO_ETRAILING);
}

Test(mgr_api, list_table_round_trip)
{
	struct svc_mgr_row rows[] = { { "a", "running", 0 },
				      { "b", "exited", 3 } };
	struct panda_value *t, *back;
	uint8_t buf[256];
	char text[256];
	size_t len;

	cr_assert_eq(svc_mgr_list_table(A, rows, 2, &t), 0);
	cr_assert_eq(t->u.table.cols, 3);
	cr_assert_eq(t->u.table.ncells, 6);
	cr_assert_eq(t->u.table.cells[5]->kind, PANDA_VALUE_INT);
	cr_assert_eq(t->u.table.cells[5]->u.integer, 3);
	cr_assert_eq(svc_mgr_list_encode(t, buf, sizeof(buf), &len), 0);
	cr_assert_eq(svc_mgr_list_decode(A, buf, len, &back), 0);
	cr_assert(value_equal(t, back));
	value_render(back, text, sizeof(text));
	cr_assert(strstr(text, "Name") && strstr(text, "running"), "%s", text);
	value_free(A, back);
	cr_assert_eq(svc_mgr_list_decode(A, buf, len - 1, &back),
		     SVC_PROTO_ETRUNCATED);
	cr_assert_null(back);
	buf[len] = 0;
	cr_assert_eq(svc_mgr_list_decode(A, buf, len + 1, &back),
		     SVC_PROTO_ETRAILING);
	cr_assert_null(back);
	value_free(A, t);
	/* Not a table: refused both ways. */
	t = value_int(A, 1);
	cr_assert_eq(svc_mgr_list_encode(t, buf, sizeof(buf), &len),
		     SVC_PROTO_EINVAL);
	cr_assert_eq(value_encode(t, buf, sizeof(buf), &len), 0);
	cr_assert_eq(svc_mgr_list_decode(A, buf, len, &back),
		     SVC_PROTO_EINVALID);
	value_free(A, t);
}

Test(mgr_api, list_table_out_of_memory)
{
	struct svc_mgr_row rows[] = { { "a", "running", 0 } };
	struct panda_value *t;
	long n;

	for (n = 1; n < 40; n++) {
		memset(&test_cnt, 0, sizeof(test_cnt));
		test_cnt.fail_at = n;
		if (svc_mgr_list_table(A, rows, 1, &t) == 0) {
			value_free(A, t);
			break;
		}
		cr_assert_null(t);
		cr_assert_eq(test_cnt.live, 0, "leak failing at %ld", n);
	}
	cr_assert_lt(n, 40);
}
