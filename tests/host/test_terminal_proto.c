// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for lib/terminal_proto.c: every worked message of
 * value-and-terminal.md 3.11 byte for byte in both directions, the
 * framing rules (length ignored, trailing bytes ignored, kinds of the
 * other direction rejected), malformed input of every class, encoder
 * refusals, the terminal's Request-or-bare-Value reading, and allocation
 * failures.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "testutil.h"
#include <lib/string.h>
#include <lib/terminal_proto.h>
#include <lib/value.h>

#include "ref_libc.h"

/* ---------------------------------------------------------------- alloc */

static const struct panda_value_alloc *A = &test_heap;

static void setup(void)
{
	memset(&test_cnt, 0, sizeof(test_cnt));
}

static void teardown(void)
{
	cr_expect_eq(test_cnt.live, 0, "%ld blocks leaked", test_cnt.live);
}

TestSuite(term, .init = setup, .fini = teardown);

/* ---------------------------------------------------------------- helpers */




static void req_bytes(const struct panda_term_request *req, const char *want)
{
	uint8_t buf[4096];
	size_t len = 0;
	int err = term_request_encode(req, buf, sizeof(buf), &len);

	cr_assert_eq(err, 0, "%s: %s", want, value_strerror(err));
	cr_assert_str_eq(test_tohex(buf, len), test_norm(want));
}

static void ev_bytes(const struct panda_term_event *ev, const char *want)
{
	uint8_t buf[4096];
	size_t len = 0;
	int err = term_event_encode(ev, buf, sizeof(buf), &len);

	cr_assert_eq(err, 0, "%s: %s", want, value_strerror(err));
	cr_assert_str_eq(test_tohex(buf, len), test_norm(want));
}

static void req_decode(const char *in, struct panda_term_request *req)
{
	uint8_t buf[4096];
	size_t n = test_hex(in, buf);
	int err = term_request_decode(A, buf, n, req);

	cr_assert_eq(err, 0, "%s: %s", in, value_strerror(err));
}

static void ev_decode(const char *in, struct panda_term_event *ev)
{
	uint8_t buf[4096];
	size_t n = test_hex(in, buf);
	int err = term_event_decode(A, buf, n, ev);

	cr_assert_eq(err, 0, "%s: %s", in, value_strerror(err));
}

static void req_bad(const char *in, int want)
{
	struct panda_term_request req;
	uint8_t buf[4096];
	size_t n = test_hex(in, buf);
	int err = term_request_decode(A, buf, n, &req);

	cr_assert_eq(err, want, "%s: got %d (%s), want %d", in, err,
		     value_strerror(err), want);
	cr_assert_eq(req.kind, 0);
}

static void ev_bad(const char *in, int want)
{
	struct panda_term_event ev;
	uint8_t buf[4096];
	size_t n = test_hex(in, buf);
	int err = term_event_decode(A, buf, n, &ev);

	cr_assert_eq(err, want, "%s: got %d (%s), want %d", in, err,
		     value_strerror(err), want);
	cr_assert_eq(ev.kind, 0);
}

static bool text_is(struct panda_term_text t, const char *s)
{
	return t.len == strlen(s) && !memcmp(t.data, s, t.len) &&
	       t.data[t.len] == '\0';
}

/* ---------------------------------------------------------------- spec */

static const char *const spec_requests[] = {
	"01 00  05 00 00 00  04 02 00 68 69",
	"02 00  04 00 00 00  03 00 0A 00",
	"03 00  01 00 00 00  03",
	"04 00  0D 00 00 00  01 00 00 00  00  01 04 02 00 3F 20  00 00",
	"04 00  15 00 00 00  07 00 00 00  04  01 04 04 00 50 69 63 6B  "
	"02 00 01 00 61 01 00 62",
	"05 00  03 00 00 00  01 00 54",
	"06 00  0B 00 00 00  03 00 00 00  04 00 00 00  01 00 78",
	"07 00  01 00 00 00  00",
	"08 00  04 00 00 00  FF FF FF FF",
	"09 00  06 00 00 00  04 03 00 62 61 64",
	"0A 00  04 00 00 00  04 01 00 77",
};

static const char *const spec_events[] = {
	"00 01  0B 00 00 00  01 00 00 00  01  00 03 00 79 65 73",
	"00 01  05 00 00 00  01 00 00 00  00",
	"00 01  0A 00 00 00  02 00 00 00  01  01 02 00 C3 A9",
	"00 01  07 00 00 00  03 00 00 00  01  02 01",
	"00 01  0A 00 00 00  07 00 00 00  01  03 01 00 00 00",
	"01 01  04 00 00 00  1E 00 01 01",
	"02 01  04 00 00 00  50 00 19 00",
	"03 01  01 00 00 00  00",
	"04 01  05 00 00 00  00 4E 00 1D 00",
	"04 01  05 00 00 00  01 03 00 00 01",
	"04 01  05 00 00 00  02 02 00 05 00",
	"03 01  01 00 00 00  03",	/* Terminate, services.md 2.2 */
};

Test(term, spec_requests_encode)
{
	struct panda_value hi = value_string_ref("hi", 2);
	struct panda_value q = value_string_ref("? ", 2);
	struct panda_value pick = value_string_ref("Pick", 4);
	struct panda_value bad = value_string_ref("bad", 3);
	struct panda_value w = value_string_ref("w", 1);
	struct panda_term_text ab[] = { PANDA_TERM_TEXT("a"),
					PANDA_TERM_TEXT("b") };
	struct panda_term_request r[11] = {
		{ .kind = PANDA_TERM_REQ_WRITE, .u.value = &hi },
		{ .kind = PANDA_TERM_REQ_MOVE_CURSOR,
		  .u.cursor = { .row = 3, .col = 10 } },
		{ .kind = PANDA_TERM_REQ_CLEAR,
		  .u.clear = PANDA_TERM_CLEAR_LINE },
		{ .kind = PANDA_TERM_REQ_REQUEST_INPUT,
		  .u.input = { .id = 1, .kind = PANDA_TERM_INPUT_LINE,
			       .prompt = &q } },
		{ .kind = PANDA_TERM_REQ_REQUEST_INPUT,
		  .u.input = { .id = 7, .kind = PANDA_TERM_INPUT_CHOICE,
			       .prompt = &pick, .choices = ab,
			       .nchoices = 2 } },
		{ .kind = PANDA_TERM_REQ_SET_TITLE,
		  .u.title = PANDA_TERM_TEXT("T") },
		{ .kind = PANDA_TERM_REQ_PROGRESS,
		  .u.progress = { 3, 4, PANDA_TERM_TEXT("x") } },
		{ .kind = PANDA_TERM_REQ_QUERY,
		  .u.query = PANDA_TERM_QUERY_SIZE },
		{ .kind = PANDA_TERM_REQ_EXIT, .u.exit_status = -1 },
		{ .kind = PANDA_TERM_REQ_ERROR, .u.value = &bad },
		{ .kind = PANDA_TERM_REQ_WARNING, .u.value = &w },
	};

	for (size_t i = 0; i < 11; i++)
		req_bytes(&r[i], spec_requests[i]);
}

Test(term, spec_requests_decode)
{
	struct panda_term_request r;

	req_decode(spec_requests[0], &r);
	cr_assert_eq(r.kind, PANDA_TERM_REQ_WRITE);
	cr_assert(value_is_string(r.u.value, "hi"));
	term_request_free(A, &r);

	req_decode(spec_requests[1], &r);
	cr_assert_eq(r.kind, PANDA_TERM_REQ_MOVE_CURSOR);
	cr_assert_eq(r.u.cursor.row, 3);
	cr_assert_eq(r.u.cursor.col, 10);

	req_decode(spec_requests[2], &r);
	cr_assert_eq(r.u.clear, PANDA_TERM_CLEAR_LINE);

	req_decode(spec_requests[3], &r);
	cr_assert_eq(r.kind, PANDA_TERM_REQ_REQUEST_INPUT);
	cr_assert_eq(r.u.input.id, 1);
	cr_assert_eq(r.u.input.kind, PANDA_TERM_INPUT_LINE);
	cr_assert(value_is_string(r.u.input.prompt, "? "));
	cr_assert_eq(r.u.input.nchoices, 0);
	term_request_free(A, &r);

	req_decode(spec_requests[4], &r);
	cr_assert_eq(r.u.input.id, 7);
	cr_assert_eq(r.u.input.kind, PANDA_TERM_INPUT_CHOICE);
	cr_assert(value_is_string(r.u.input.prompt, "Pick"));
	cr_assert_eq(r.u.input.nchoices, 2);
	cr_assert(text_is(r.u.input.choices[0], "a"));
	cr_assert(text_is(r.u.input.choices[1], "b"));
	term_request_free(A, &r);

	req_decode(spec_requests[5], &r);
	cr_assert(text_is(r.u.title, "T"));
	term_request_free(A, &r);

	req_decode(spec_requests[6], &r);
	cr_assert_eq(r.u.progress.current, 3);
	cr_assert_eq(r.u.progress.total, 4);
	cr_assert(text_is(r.u.progress.message, "x"));
	term_request_free(A, &r);

	req_decode(spec_requests[7], &r);
	cr_assert_eq(r.kind, PANDA_TERM_REQ_QUERY);
	cr_assert_eq(r.u.query, PANDA_TERM_QUERY_SIZE);

	req_decode(spec_requests[8], &r);
	cr_assert_eq(r.u.exit_status, -1);

	req_decode(spec_requests[9], &r);
	cr_assert_eq(r.kind, PANDA_TERM_REQ_ERROR);
	cr_assert(value_is_string(r.u.value, "bad"));
	term_request_free(A, &r);

	req_decode(spec_requests[10], &r);
	cr_assert_eq(r.kind, PANDA_TERM_REQ_WARNING);
	cr_assert(value_is_string(r.u.value, "w"));
	term_request_free(A, &r);
}

Test(term, spec_events_encode)
{
	struct panda_term_event e[12] = {
		{ .kind = PANDA_TERM_EV_INPUT,
		  .u.input = { .id = 1, .answered = true,
			       .answer = {
				       .kind = PANDA_TERM_ANSWER_TEXT,
				       .u.text = PANDA_TERM_TEXT("yes") } } },
		{ .kind = PANDA_TERM_EV_INPUT, .u.input = { .id = 1 } },
		{ .kind = PANDA_TERM_EV_INPUT,
		  .u.input = { .id = 2, .answered = true,
			       .answer = { .kind = PANDA_TERM_ANSWER_CHAR,
					   .u.ch = 0xE9 } } },
		{ .kind = PANDA_TERM_EV_INPUT,
		  .u.input = { .id = 3, .answered = true,
			       .answer = { .kind = PANDA_TERM_ANSWER_BOOL,
					   .u.yes = true } } },
		{ .kind = PANDA_TERM_EV_INPUT,
		  .u.input = { .id = 7, .answered = true,
			       .answer = { .kind = PANDA_TERM_ANSWER_CHOICE,
					   .u.choice = 1 } } },
		{ .kind = PANDA_TERM_EV_KEY,
		  .u.key = { 30, PANDA_TERM_MOD_SHIFT, PANDA_TERM_KEY_PRESS } },
		{ .kind = PANDA_TERM_EV_RESIZE, .u.resize = { 80, 25 } },
		{ .kind = PANDA_TERM_EV_SIGNAL,
		  .u.signal = PANDA_TERM_SIG_INTERRUPT },
		{ .kind = PANDA_TERM_EV_QUERY_RESPONSE,
		  .u.query_response = { .kind = PANDA_TERM_QUERY_SIZE,
					.u.size = { 78, 29 } } },
		{ .kind = PANDA_TERM_EV_QUERY_RESPONSE,
		  .u.query_response = {
			  .kind = PANDA_TERM_QUERY_CAPABILITIES,
			  .u.caps = { PANDA_TERM_COLOURS_TRUE_COLOUR, false,
				      false, true } } },
		{ .kind = PANDA_TERM_EV_QUERY_RESPONSE,
		  .u.query_response = {
			  .kind = PANDA_TERM_QUERY_CURSOR_POSITION,
			  .u.cursor = { 2, 5 } } },
		{ .kind = PANDA_TERM_EV_SIGNAL,
		  .u.signal = PANDA_TERM_SIG_TERMINATE },
	};

	for (size_t i = 0; i < 12; i++)
		ev_bytes(&e[i], spec_events[i]);
}

Test(term, spec_events_decode)
{
	struct panda_term_event e;

	ev_decode(spec_events[0], &e);
	cr_assert_eq(e.kind, PANDA_TERM_EV_INPUT);
	cr_assert_eq(e.u.input.id, 1);
	cr_assert(e.u.input.answered);
	cr_assert_eq(e.u.input.answer.kind, PANDA_TERM_ANSWER_TEXT);
	cr_assert(text_is(e.u.input.answer.u.text, "yes"));
	term_event_free(A, &e);

	ev_decode(spec_events[1], &e);
	cr_assert_not(e.u.input.answered);

	ev_decode(spec_events[2], &e);
	cr_assert_eq(e.u.input.answer.kind, PANDA_TERM_ANSWER_CHAR);
	cr_assert_eq(e.u.input.answer.u.ch, 0xE9);

	ev_decode(spec_events[3], &e);
	cr_assert(e.u.input.answer.u.yes);

	ev_decode(spec_events[4], &e);
	cr_assert_eq(e.u.input.id, 7);
	cr_assert_eq(e.u.input.answer.u.choice, 1);

	ev_decode(spec_events[5], &e);
	cr_assert_eq(e.u.key.code, 30);
	cr_assert_eq(e.u.key.modifiers, PANDA_TERM_MOD_SHIFT);
	cr_assert_eq(e.u.key.value, PANDA_TERM_KEY_PRESS);

	ev_decode(spec_events[6], &e);
	cr_assert_eq(e.u.resize.cols, 80);
	cr_assert_eq(e.u.resize.rows, 25);

	ev_decode(spec_events[7], &e);
	cr_assert_eq(e.kind, PANDA_TERM_EV_SIGNAL);
	cr_assert_eq(e.u.signal, PANDA_TERM_SIG_INTERRUPT);

	ev_decode(spec_events[8], &e);
	cr_assert_eq(e.u.query_response.kind, PANDA_TERM_QUERY_SIZE);
	cr_assert_eq(e.u.query_response.u.size.cols, 78);
	cr_assert_eq(e.u.query_response.u.size.rows, 29);

	ev_decode(spec_events[9], &e);
	cr_assert_eq(e.u.query_response.u.caps.colours,
		     PANDA_TERM_COLOURS_TRUE_COLOUR);
	cr_assert_not(e.u.query_response.u.caps.images);
	cr_assert_not(e.u.query_response.u.caps.hyperlinks);
	cr_assert(e.u.query_response.u.caps.unicode);

	ev_decode(spec_events[10], &e);
	cr_assert_eq(e.u.query_response.u.cursor.row, 2);
	cr_assert_eq(e.u.query_response.u.cursor.col, 5);

	ev_decode(spec_events[11], &e);
	cr_assert_eq(e.u.signal, PANDA_TERM_SIG_TERMINATE);
}

/* ---------------------------------------------------------------- framing */

/* Re-encoding a decoded message gives the same bytes. */
Test(term, decode_encode_identity)
{
	uint8_t in[256], out[256];
	size_t n, len;

	for (size_t i = 0; i < 11; i++) {
		struct panda_term_request r;

		n = test_hex(spec_requests[i], in);
		cr_assert_eq(term_request_decode(A, in, n, &r), 0);
		cr_assert_eq(term_request_encode(&r, out, sizeof(out), &len),
			     0);
		cr_assert_eq(len, n);
		cr_assert(!memcmp(in, out, n), "%s", spec_requests[i]);
		term_request_free(A, &r);
	}
	for (size_t i = 0; i < 12; i++) {
		struct panda_term_event e;

		n = test_hex(spec_events[i], in);
		cr_assert_eq(term_event_decode(A, in, n, &e), 0);
		cr_assert_eq(term_event_encode(&e, out, sizeof(out), &len), 0);
		cr_assert_eq(len, n);
		cr_assert(!memcmp(in, out, n), "%s", spec_events[i]);
		term_event_free(A, &e);
	}
}

Test(term, length_field_and_trailing_bytes_ignored)
{
	struct panda_term_request r;
	struct panda_term_event e;

	req_decode("01 00 FF FF FF FF 04 02 00 68 69", &r);
	cr_assert(value_is_string(r.u.value, "hi"));
	term_request_free(A, &r);
	req_decode("01 00 00 00 00 00 04 02 00 68 69 DE AD BE EF", &r);
	cr_assert(value_is_string(r.u.value, "hi"));
	term_request_free(A, &r);
	req_decode("02 00 01 00 00 00 03 00 0A 00 00", &r);
	cr_assert_eq(r.u.cursor.col, 10);
	ev_decode("02 01 00 00 00 00 50 00 19 00 FF", &e);
	cr_assert_eq(e.u.resize.rows, 25);
}

Test(term, every_prefix_is_truncated)
{
	uint8_t in[256];

	for (size_t i = 0; i < 11; i++) {
		size_t n = test_hex(spec_requests[i], in);

		for (size_t k = 0; k < n; k++) {
			struct panda_term_request r;

			cr_assert_eq(term_request_decode(A, in, k, &r),
				     VALUE_ETRUNCATED, "%s [%zu]",
				     spec_requests[i], k);
		}
	}
	for (size_t i = 0; i < 12; i++) {
		size_t n = test_hex(spec_events[i], in);

		for (size_t k = 0; k < n; k++) {
			struct panda_term_event e;

			cr_assert_eq(term_event_decode(A, in, k, &e),
				     VALUE_ETRUNCATED, "%s [%zu]",
				     spec_events[i], k);
		}
	}
	req_bad("", VALUE_ETRUNCATED);
	ev_bad("00", VALUE_ETRUNCATED);
}

Test(term, unknown_kinds)
{
	char in[64];

	/* Each decoder knows only its own direction's kinds. */
	for (unsigned int k = 0; k < 0x10000; k++) {
		bool is_req = k >= 1 && k <= 0x0A;
		bool is_ev = k >= 0x100 && k <= 0x104;
		uint8_t buf[16] = { (uint8_t)k, (uint8_t)(k >> 8) };
		struct panda_term_request r;
		struct panda_term_event e;
		int err;

		/* Long enough zero payload for every kind's layout. */
		err = term_request_decode(A, buf, sizeof(buf), &r);
		cr_assert(is_req ? err != VALUE_EUNKNOWN_TYPE :
			  err == VALUE_EUNKNOWN_TYPE, "request kind %#x", k);
		term_request_free(A, &r);
		err = term_event_decode(A, buf, sizeof(buf), &e);
		cr_assert(is_ev ? err != VALUE_EUNKNOWN_TYPE :
			  err == VALUE_EUNKNOWN_TYPE, "event kind %#x", k);
		term_event_free(A, &e);
	}
	ref_snprintf(in, sizeof(in), "%s", spec_events[7]);
	req_bad(in, VALUE_EUNKNOWN_TYPE);
	ev_bad(spec_requests[0], VALUE_EUNKNOWN_TYPE);
	/* A short header reports truncation before the kind. */
	req_bad("FF FF 00 00", VALUE_ETRUNCATED);
}

Test(term, enumerations_out_of_range)
{
	req_bad("03 00 01 00 00 00 04", VALUE_EINVALID_VALUE);	/* Clear */
	req_bad("03 00 01 00 00 00 FF", VALUE_EINVALID_VALUE);
	req_bad("07 00 01 00 00 00 03", VALUE_EINVALID_VALUE);	/* Query */
	req_bad("04 00 00 00 00 00 01 00 00 00 06 00 00 00",
		VALUE_EINVALID_VALUE);				/* InputKind */
	ev_bad("03 01 01 00 00 00 04", VALUE_EINVALID_VALUE);	/* Signal */
	ev_bad("03 01 01 00 00 00 FF", VALUE_EINVALID_VALUE);
	ev_bad("00 01 00 00 00 00 01 00 00 00 01 04 00 00 00 00",
	       VALUE_EINVALID_VALUE);				/* InputValue */
	ev_bad("04 01 00 00 00 00 03 00 00 00 00", VALUE_EINVALID_VALUE);
	ev_bad("04 01 00 00 00 00 01 04 00 00 01", VALUE_EINVALID_VALUE);
	/* Char: empty is invalid, extra characters ignored. */
	ev_bad("00 01 00 00 00 00 01 00 00 00 01 01 00 00",
	       VALUE_EINVALID_VALUE);
	struct panda_term_event e;

	ev_decode("00 01 00 00 00 00 01 00 00 00 01 01 05 00 "
		  "F0 9F 90 BC 61", &e);
	cr_assert_eq(e.u.input.answer.u.ch, 0x1F43C);
	/* Key: modifier bits 3-7 ignored; value not range checked. */
	ev_decode("01 01 04 00 00 00 1E 00 FF 09", &e);
	cr_assert_eq(e.u.key.modifiers, PANDA_TERM_MODS);
	cr_assert_eq(e.u.key.value, 9);
	/* Bools and presence bytes: any non-zero byte. */
	ev_decode("04 01 05 00 00 00 01 00 02 80 FF", &e);
	cr_assert(e.u.query_response.u.caps.images);
	cr_assert(e.u.query_response.u.caps.hyperlinks);
	cr_assert(e.u.query_response.u.caps.unicode);
	ev_decode("00 01 00 00 00 00 03 00 00 00 42 02 7F", &e);
	cr_assert(e.u.input.answered);
	cr_assert(e.u.input.answer.u.yes);
}

Test(term, utf8_and_values_checked)
{
	req_bad("05 00 00 00 00 00 01 00 FF", VALUE_EINVALID_UTF8);
	req_bad("06 00 00 00 00 00 00 00 00 00 00 00 00 00 02 00 C3 28",
		VALUE_EINVALID_UTF8);
	req_bad("04 00 00 00 00 00 01 00 00 00 04 00 02 00 01 00 61 "
		"01 00 80", VALUE_EINVALID_UTF8);
	ev_bad("00 01 00 00 00 00 01 00 00 00 01 00 01 00 FE",
	       VALUE_EINVALID_UTF8);
	ev_bad("00 01 00 00 00 00 01 00 00 00 01 01 01 00 FE",
	       VALUE_EINVALID_UTF8);
	/* The Value payloads follow the Value rules. */
	req_bad("01 00 00 00 00 00 0B", VALUE_EUNKNOWN_TYPE);
	req_bad("09 00 00 00 00 00", VALUE_ETRUNCATED);
	req_bad("0A 00 00 00 00 00 08 00 01 00 00 00 00", VALUE_EINVALID_VALUE);
	req_bad("04 00 00 00 00 00 01 00 00 00 00 01 0C 00 00",
		VALUE_EUNKNOWN_TYPE);
	/* A choice count the input cannot hold. */
	req_bad("04 00 00 00 00 00 01 00 00 00 04 00 FF FF 00 00",
		VALUE_ETRUNCATED);
}

/* ---------------------------------------------------------------- encoder */

Test(term, encoder_refuses)
{
	struct panda_value v = value_string_ref("x", 1);
	struct panda_term_request r = { .kind = PANDA_TERM_REQ_CLEAR,
					.u.clear = 4 };
	struct panda_term_event e = { .kind = PANDA_TERM_EV_SIGNAL,
				      .u.signal = 4 };
	uint8_t buf[64];
	size_t len;

	cr_assert_eq(term_request_encode(&r, buf, sizeof(buf), &len),
		     VALUE_EINVAL);
	r.kind = PANDA_TERM_REQ_QUERY;
	r.u.query = 3;
	cr_assert_eq(term_request_encode(&r, buf, sizeof(buf), &len),
		     VALUE_EINVAL);
	r.kind = 0x0B;
	cr_assert_eq(term_request_encode(&r, buf, sizeof(buf), &len),
		     VALUE_EINVAL);
	r.kind = PANDA_TERM_EV_INPUT;
	cr_assert_eq(term_request_encode(&r, buf, sizeof(buf), &len),
		     VALUE_EINVAL);
	r.kind = PANDA_TERM_REQ_WRITE;
	r.u.value = NULL;
	cr_assert_eq(term_request_encode(&r, buf, sizeof(buf), &len),
		     VALUE_EINVAL);
	r.kind = PANDA_TERM_REQ_SET_TITLE;
	r.u.title = (struct panda_term_text){ "\xC3", 1 };
	cr_assert_eq(term_request_encode(&r, buf, sizeof(buf), &len),
		     VALUE_EINVALID_UTF8);
	r.kind = PANDA_TERM_REQ_REQUEST_INPUT;
	r.u.input = (struct panda_term_input_request){ .kind = 6 };
	cr_assert_eq(term_request_encode(&r, buf, sizeof(buf), &len),
		     VALUE_EINVAL);
	r.u.input = (struct panda_term_input_request){ .nchoices = 70000 };
	cr_assert_eq(term_request_encode(&r, buf, sizeof(buf), &len),
		     VALUE_E2BIG);
	r.u.input = (struct panda_term_input_request){ .nchoices = 1 };
	cr_assert_eq(term_request_encode(&r, buf, sizeof(buf), &len),
		     VALUE_EINVAL);

	cr_assert_eq(term_event_encode(&e, buf, sizeof(buf), &len),
		     VALUE_EINVAL);
	e.kind = PANDA_TERM_EV_INPUT;
	e.u.input = (typeof(e.u.input)){ .answered = true,
		.answer = { .kind = PANDA_TERM_ANSWER_CHAR, .u.ch = 0xD800 } };
	cr_assert_eq(term_event_encode(&e, buf, sizeof(buf), &len),
		     VALUE_EINVAL);
	e.u.input.answer.u.ch = 0x110000;
	cr_assert_eq(term_event_encode(&e, buf, sizeof(buf), &len),
		     VALUE_EINVAL);
	e.u.input.answer.kind = 4;
	cr_assert_eq(term_event_encode(&e, buf, sizeof(buf), &len),
		     VALUE_EINVAL);
	e.kind = PANDA_TERM_EV_QUERY_RESPONSE;
	e.u.query_response = (struct panda_term_query_response){
		.kind = PANDA_TERM_QUERY_CAPABILITIES, .u.caps.colours = 4 };
	cr_assert_eq(term_event_encode(&e, buf, sizeof(buf), &len),
		     VALUE_EINVAL);
	e.kind = PANDA_TERM_REQ_WRITE;
	cr_assert_eq(term_event_encode(&e, buf, sizeof(buf), &len),
		     VALUE_EINVAL);

	/* Too small: ENOSPC with the full size, for every short buffer. */
	r = (struct panda_term_request){ .kind = PANDA_TERM_REQ_ERROR,
					 .u.value = &v };
	for (size_t cap = 0; cap < 10; cap++) {
		len = 0;
		cr_assert_eq(term_request_encode(&r, buf, cap, &len),
			     VALUE_ENOSPC);
		cr_assert_eq(len, 10);
	}
	cr_assert_eq(term_request_encode(&r, buf, 10, &len), 0);
	cr_assert_eq(term_request_encode(&r, NULL, 0, &len), 0);
	cr_assert_eq(len, 10);
}

Test(term, key_modifiers_masked_on_encode)
{
	struct panda_term_event e = { .kind = PANDA_TERM_EV_KEY,
				      .u.key = { 14, 0xFF, 2 } };

	ev_bytes(&e, "01 01 04 00 00 00 0E 00 07 02");
}

Test(term, kind_names)
{
	cr_assert_str_eq(term_kind_name(PANDA_TERM_REQ_WRITE), "Write");
	cr_assert_str_eq(term_kind_name(PANDA_TERM_REQ_WARNING), "Warning");
	cr_assert_str_eq(term_kind_name(PANDA_TERM_EV_QUERY_RESPONSE),
			 "QueryResponse");
	cr_assert_str_eq(term_kind_name(0), "?");
	cr_assert_str_eq(term_kind_name(0x0B), "?");
	cr_assert_str_eq(term_kind_name(0x105), "?");
}

/* ---------------------------------------------------------------- control */

Test(term, control_channel_reading)
{
	struct panda_term_request r;
	uint8_t buf[64];
	size_t n;
	bool bare = true;

	n = test_hex(spec_requests[9], buf);
	cr_assert_eq(term_control_decode(A, buf, n, &r, &bare), 0);
	cr_assert_not(bare);
	cr_assert_eq(r.kind, PANDA_TERM_REQ_ERROR);
	term_request_free(A, &r);

	/* A bare Value is shown as if written. */
	n = test_hex("04 02 00 68 69", buf);
	cr_assert_eq(term_control_decode(A, buf, n, &r, &bare), 0);
	cr_assert(bare);
	cr_assert_eq(r.kind, PANDA_TERM_REQ_WRITE);
	cr_assert(value_is_string(r.u.value, "hi"));
	term_request_free(A, &r);

	/* A kind of the other direction is no Request: Int(1) here. */
	n = test_hex("02 01 00 00 00 00 00 00 00 00", buf);
	cr_assert_eq(term_control_decode(A, buf, n, &r, &bare), 0);
	cr_assert(bare);
	cr_assert_eq(r.u.value->u.integer, 1);
	term_request_free(A, &r);

	/* A Value that looks like a Request is taken as one (ipc.md 7.4). */
	n = test_hex("03 00 01 00 00 00 02 00 00", buf);	/* a Float */
	cr_assert_eq(term_control_decode(A, buf, n, &r, &bare), 0);
	cr_assert_not(bare);
	cr_assert_eq(r.kind, PANDA_TERM_REQ_CLEAR);
	cr_assert_eq(r.u.clear, PANDA_TERM_CLEAR_TO_END_OF_LINE);

	/* Neither: the Request decoder's error. */
	n = test_hex("0B 00 00 00 00 00 00", buf);
	cr_assert_eq(term_control_decode(A, buf, n, &r, &bare),
		     VALUE_EUNKNOWN_TYPE);
	cr_assert_not(bare);
	cr_assert_eq(term_control_decode(A, buf, 0, &r, &bare),
		     VALUE_ETRUNCATED);
}

/* ---------------------------------------------------------------- memory */

Test(term, every_allocation_failure)
{
	struct panda_value *t = value_table(A, 1, NULL), *prompt;
	struct panda_term_text ch[3] = { PANDA_TERM_TEXT("one"),
					 PANDA_TERM_TEXT(""),
					 PANDA_TERM_TEXT("three") };
	struct panda_term_request req, out;
	struct panda_term_event ev, eout;
	uint8_t buf[512], buf2[512];
	size_t len, len2, elen;
	long n;

	cr_assert_eq(value_table_push_row(A, t, (struct panda_value *[]){
			value_string(A, "cell") }), 0);
	prompt = value_link(A, "u", t);
	req = (struct panda_term_request){
		.kind = PANDA_TERM_REQ_REQUEST_INPUT,
		.u.input = { .id = 9, .kind = PANDA_TERM_INPUT_CHOICE,
			     .prompt = prompt, .choices = ch, .nchoices = 3 } };
	cr_assert_eq(term_request_encode(&req, buf, sizeof(buf), &len), 0);
	value_free(A, prompt);

	for (n = 1;; n++) {
		int err;

		test_cnt.fail_at = n;
		test_cnt.allocs = 0;
		err = term_request_decode(A, buf, len, &out);
		cr_assert_eq(test_cnt.live, err ? 0 : test_cnt.live);
		if (!err)
			break;
		cr_assert_eq(err, VALUE_ENOMEM);
		cr_assert_eq(out.kind, 0);
	}
	test_cnt.fail_at = 0;
	cr_assert_gt(n, 8);
	cr_assert_eq(term_request_encode(&out, buf2, sizeof(buf2), &len2), 0);
	cr_assert_eq(len2, len);
	cr_assert(!memcmp(buf, buf2, len));
	term_request_free(A, &out);

	ev = (struct panda_term_event){ .kind = PANDA_TERM_EV_INPUT,
		.u.input = { .id = 1, .answered = true,
			     .answer = { .u.text = PANDA_TERM_TEXT("t") } } };
	cr_assert_eq(term_event_encode(&ev, buf, sizeof(buf), &elen), 0);
	test_cnt.fail_at = 1;
	test_cnt.allocs = 0;
	cr_assert_eq(term_event_decode(A, buf, elen, &eout), VALUE_ENOMEM);
	test_cnt.fail_at = 0;
	cr_assert_eq(term_event_decode(A, buf, elen, &eout), 0);
	cr_assert(text_is(eout.u.input.answer.u.text, "t"));
	term_event_free(A, &eout);
}
