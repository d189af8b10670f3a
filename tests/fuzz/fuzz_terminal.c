// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for lib/terminal_proto.c: decode arbitrary bytes as a
 * Request, as an Event and as a control-channel message.  Whatever
 * decodes re-encodes to a message that decodes to the same thing, no
 * longer than the input (the length field is ignored, canonical bytes
 * replace non-zero bools), and everything allocated is freed.
 */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <lib/string.h>
#include <lib/terminal_proto.h>
#include <lib/value.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#include "fuzz_alloc.h"

static bool text_eq(struct panda_term_text a, struct panda_term_text b)
{
	return a.len == b.len && (!a.len || !memcmp(a.data, b.data, a.len)) &&
	       a.data[a.len] == '\0';
}

static bool req_eq(const struct panda_term_request *a,
		   const struct panda_term_request *b)
{
	size_t i;

	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case PANDA_TERM_REQ_WRITE:
	case PANDA_TERM_REQ_ERROR:
	case PANDA_TERM_REQ_WARNING:
		return value_equal(a->u.value, b->u.value);
	case PANDA_TERM_REQ_MOVE_CURSOR:
		return a->u.cursor.row == b->u.cursor.row &&
		       a->u.cursor.col == b->u.cursor.col;
	case PANDA_TERM_REQ_CLEAR:
		return a->u.clear == b->u.clear && a->u.clear <= 3;
	case PANDA_TERM_REQ_REQUEST_INPUT:
		if (a->u.input.id != b->u.input.id ||
		    a->u.input.kind != b->u.input.kind ||
		    a->u.input.kind > PANDA_TERM_INPUT_RAW_KEYS ||
		    !value_equal(a->u.input.prompt, b->u.input.prompt) ||
		    a->u.input.nchoices != b->u.input.nchoices)
			return false;
		for (i = 0; i < a->u.input.nchoices; i++)
			if (!text_eq(a->u.input.choices[i],
				     b->u.input.choices[i]))
				return false;
		return true;
	case PANDA_TERM_REQ_SET_TITLE:
		return text_eq(a->u.title, b->u.title);
	case PANDA_TERM_REQ_PROGRESS:
		return a->u.progress.current == b->u.progress.current &&
		       a->u.progress.total == b->u.progress.total &&
		       text_eq(a->u.progress.message, b->u.progress.message);
	case PANDA_TERM_REQ_QUERY:
		return a->u.query == b->u.query && a->u.query <= 2;
	case PANDA_TERM_REQ_EXIT:
		return a->u.exit_status == b->u.exit_status;
	}
	return false;
}

static bool ev_eq(const struct panda_term_event *a,
		  const struct panda_term_event *b)
{
	const struct panda_term_answer *x = &a->u.input.answer;
	const struct panda_term_answer *y = &b->u.input.answer;
	const struct panda_term_query_response *p = &a->u.query_response;
	const struct panda_term_query_response *q = &b->u.query_response;

	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case PANDA_TERM_EV_INPUT:
		if (a->u.input.id != b->u.input.id ||
		    a->u.input.answered != b->u.input.answered)
			return false;
		if (!a->u.input.answered)
			return true;
		if (x->kind != y->kind)
			return false;
		switch (x->kind) {
		case PANDA_TERM_ANSWER_TEXT:
			return text_eq(x->u.text, y->u.text);
		case PANDA_TERM_ANSWER_CHAR:
			return x->u.ch == y->u.ch;
		case PANDA_TERM_ANSWER_BOOL:
			return x->u.yes == y->u.yes;
		case PANDA_TERM_ANSWER_CHOICE:
			return x->u.choice == y->u.choice;
		}
		return false;
	case PANDA_TERM_EV_KEY:
		return a->u.key.code == b->u.key.code &&
		       a->u.key.modifiers == b->u.key.modifiers &&
		       a->u.key.modifiers <= PANDA_TERM_MODS &&
		       a->u.key.value == b->u.key.value;
	case PANDA_TERM_EV_RESIZE:
		return a->u.resize.cols == b->u.resize.cols &&
		       a->u.resize.rows == b->u.resize.rows;
	case PANDA_TERM_EV_SIGNAL:
		return a->u.signal == b->u.signal && a->u.signal <= 3;
	case PANDA_TERM_EV_QUERY_RESPONSE:
		if (p->kind != q->kind)
			return false;
		switch (p->kind) {
		case PANDA_TERM_QUERY_SIZE:
			return p->u.size.cols == q->u.size.cols &&
			       p->u.size.rows == q->u.size.rows;
		case PANDA_TERM_QUERY_CAPABILITIES:
			return p->u.caps.colours == q->u.caps.colours &&
			       p->u.caps.images == q->u.caps.images &&
			       p->u.caps.hyperlinks == q->u.caps.hyperlinks &&
			       p->u.caps.unicode == q->u.caps.unicode;
		case PANDA_TERM_QUERY_CURSOR_POSITION:
			return p->u.cursor.row == q->u.cursor.row &&
			       p->u.cursor.col == q->u.cursor.col;
		}
		return false;
	}
	return false;
}

/* Does a decoded Value hold a zero-column table (never encoded)? */
static bool encodable(const struct panda_value *v)
{
	return !v || value_encoded_size(v) != VALUE_EZERO_COLUMNS;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t enc[65536 + 64];
	struct panda_term_request r, r2;
	struct panda_term_event e, e2;
	size_t len;
	bool bare;
	int err;

	err = term_request_decode(&heap, data, size, &r);
	CHECK(err <= 0 && err >= VALUE_ENOMEM);
	if (!err) {
		const struct panda_value *v = NULL;

		if (r.kind == PANDA_TERM_REQ_REQUEST_INPUT)
			v = r.u.input.prompt;
		else if (r.kind == PANDA_TERM_REQ_WRITE ||
			 r.kind == PANDA_TERM_REQ_ERROR ||
			 r.kind == PANDA_TERM_REQ_WARNING)
			v = r.u.value;

		err = term_request_encode(&r, enc, sizeof(enc), &len);
		if (!encodable(v)) {
			CHECK(err == VALUE_EZERO_COLUMNS);
		} else {
			CHECK(err == 0 && len <= size);
			CHECK(term_request_decode(&heap, enc, len, &r2) == 0);
			CHECK(req_eq(&r, &r2));
			term_request_free(&heap, &r2);
		}
		term_request_free(&heap, &r);
	}
	CHECK(live == 0);

	err = term_event_decode(&heap, data, size, &e);
	CHECK(err <= 0 && err >= VALUE_ENOMEM);
	if (!err) {
		CHECK(term_event_encode(&e, enc, sizeof(enc), &len) == 0);
		CHECK(len <= size);
		CHECK(term_event_decode(&heap, enc, len, &e2) == 0);
		CHECK(ev_eq(&e, &e2));
		term_event_free(&heap, &e2);
		term_event_free(&heap, &e);
	}
	CHECK(live == 0);

	if (!term_control_decode(&heap, data, size, &r, &bare)) {
		CHECK(!bare || r.kind == PANDA_TERM_REQ_WRITE);
		term_request_free(&heap, &r);
	}
	CHECK(live == 0);
	return 0;
}
