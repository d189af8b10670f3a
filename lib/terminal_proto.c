// SPDX-License-Identifier: GPL-2.0
/*
 * Terminal protocol Requests and Events: TLV framing, encoding and
 * strict decoding.  See include/lib/terminal_proto.h and spec
 * value-and-terminal.md 3.
 */
#include <lib/string.h>
#include <lib/terminal_proto.h>
#include <lib/utf8.h>

#define LIST_MAX	PANDA_WIRE_LIST_MAX

const char *term_kind_name(uint16_t kind)
{
	static const char *const req[] = {
		"?", "Write", "MoveCursor", "Clear", "RequestInput",
		"SetTitle", "Progress", "Query", "Exit", "Error", "Warning",
	};
	static const char *const ev[] = {
		"Input", "Key", "Resize", "Signal", "QueryResponse",
	};

	if (kind < sizeof(req) / sizeof(req[0]))
		return req[kind];
	if (kind >= PANDA_TERM_EV_INPUT && kind <= PANDA_TERM_EV_QUERY_RESPONSE)
		return ev[kind - PANDA_TERM_EV_INPUT];
	return "?";
}

/* ------------------------------------------------------------ encoding */

static void fail(struct panda_wire_writer *w, int err)
{
	if (!w->err)
		w->err = err;
}

static void put_text(struct panda_wire_writer *w,
		     const struct panda_term_text *t)
{
	wire_put_string(w, t->data, t->len);
}

static void put_enum(struct panda_wire_writer *w, uint8_t v, uint8_t max)
{
	if (v > max)
		fail(w, VALUE_EINVAL);
	wire_put_u8(w, v);
}

static void put_input_request(struct panda_wire_writer *w,
			      const struct panda_term_input_request *in)
{
	size_t i;

	wire_put_u32(w, in->id);
	put_enum(w, in->kind, PANDA_TERM_INPUT_RAW_KEYS);
	wire_put_u8(w, in->prompt != NULL);
	if (in->prompt)
		wire_put_value(w, in->prompt);
	if (in->nchoices > LIST_MAX)
		fail(w, VALUE_E2BIG);
	if (in->nchoices && !in->choices)
		fail(w, VALUE_EINVAL);
	wire_put_u16(w, (uint16_t)in->nchoices);
	for (i = 0; i < in->nchoices && !w->err; i++)
		put_text(w, &in->choices[i]);
}

/* Start a frame; returns the offset of its length field. */
static size_t begin(struct panda_wire_writer *w, uint16_t kind)
{
	wire_put_u16(w, kind);
	wire_put_u32(w, 0);
	return 2;
}

static int finish(struct panda_wire_writer *w, size_t *len)
{
	int err = wire_writer_finish(w);

	if (!err && w->len - PANDA_TERM_HEADER_SIZE > UINT32_MAX)
		err = VALUE_E2BIG;
	if (!err)
		wire_patch_u32(w, 2,
			       (uint32_t)(w->len - PANDA_TERM_HEADER_SIZE));
	if (!err || err == VALUE_ENOSPC)
		*len = w->len;
	return err;
}

int term_request_encode(const struct panda_term_request *req, void *buf,
			size_t cap, size_t *len)
{
	struct panda_wire_writer w;

	wire_writer_init(&w, buf, cap);
	begin(&w, req->kind);
	switch (req->kind) {
	case PANDA_TERM_REQ_WRITE:
	case PANDA_TERM_REQ_ERROR:
	case PANDA_TERM_REQ_WARNING:
		wire_put_value(&w, req->u.value);
		break;
	case PANDA_TERM_REQ_MOVE_CURSOR:
		wire_put_u16(&w, req->u.cursor.row);
		wire_put_u16(&w, req->u.cursor.col);
		break;
	case PANDA_TERM_REQ_CLEAR:
		put_enum(&w, req->u.clear, PANDA_TERM_CLEAR_LINE);
		break;
	case PANDA_TERM_REQ_REQUEST_INPUT:
		put_input_request(&w, &req->u.input);
		break;
	case PANDA_TERM_REQ_SET_TITLE:
		put_text(&w, &req->u.title);
		break;
	case PANDA_TERM_REQ_PROGRESS:
		wire_put_u32(&w, req->u.progress.current);
		wire_put_u32(&w, req->u.progress.total);
		put_text(&w, &req->u.progress.message);
		break;
	case PANDA_TERM_REQ_QUERY:
		put_enum(&w, req->u.query, PANDA_TERM_QUERY_CURSOR_POSITION);
		break;
	case PANDA_TERM_REQ_EXIT:
		wire_put_u32(&w, (uint32_t)req->u.exit_status);
		break;
	default:
		fail(&w, VALUE_EINVAL);
		break;
	}
	return finish(&w, len);
}

static void put_answer(struct panda_wire_writer *w,
		       const struct panda_term_answer *ans)
{
	char c[4];
	size_t n;

	put_enum(w, ans->kind, PANDA_TERM_ANSWER_CHOICE);
	switch (ans->kind) {
	case PANDA_TERM_ANSWER_TEXT:
		put_text(w, &ans->u.text);
		break;
	case PANDA_TERM_ANSWER_CHAR:
		n = utf8_encode(ans->u.ch, c);
		if (!n)
			fail(w, VALUE_EINVAL);
		wire_put_string(w, c, n);
		break;
	case PANDA_TERM_ANSWER_BOOL:
		wire_put_u8(w, ans->u.yes ? 1 : 0);
		break;
	case PANDA_TERM_ANSWER_CHOICE:
		wire_put_u32(w, ans->u.choice);
		break;
	}
}

static void put_query_response(struct panda_wire_writer *w,
			       const struct panda_term_query_response *q)
{
	put_enum(w, q->kind, PANDA_TERM_QUERY_CURSOR_POSITION);
	switch (q->kind) {
	case PANDA_TERM_QUERY_SIZE:
		wire_put_u16(w, q->u.size.cols);
		wire_put_u16(w, q->u.size.rows);
		break;
	case PANDA_TERM_QUERY_CAPABILITIES:
		put_enum(w, q->u.caps.colours, PANDA_TERM_COLOURS_TRUE_COLOUR);
		wire_put_u8(w, q->u.caps.images ? 1 : 0);
		wire_put_u8(w, q->u.caps.hyperlinks ? 1 : 0);
		wire_put_u8(w, q->u.caps.unicode ? 1 : 0);
		break;
	case PANDA_TERM_QUERY_CURSOR_POSITION:
		wire_put_u16(w, q->u.cursor.row);
		wire_put_u16(w, q->u.cursor.col);
		break;
	}
}

int term_event_encode(const struct panda_term_event *ev, void *buf, size_t cap,
		      size_t *len)
{
	struct panda_wire_writer w;

	wire_writer_init(&w, buf, cap);
	begin(&w, ev->kind);
	switch (ev->kind) {
	case PANDA_TERM_EV_INPUT:
		wire_put_u32(&w, ev->u.input.id);
		wire_put_u8(&w, ev->u.input.answered ? 1 : 0);
		if (ev->u.input.answered)
			put_answer(&w, &ev->u.input.answer);
		break;
	case PANDA_TERM_EV_KEY:
		wire_put_u16(&w, ev->u.key.code);
		wire_put_u8(&w, ev->u.key.modifiers & PANDA_TERM_MODS);
		wire_put_u8(&w, ev->u.key.value);
		break;
	case PANDA_TERM_EV_RESIZE:
		wire_put_u16(&w, ev->u.resize.cols);
		wire_put_u16(&w, ev->u.resize.rows);
		break;
	case PANDA_TERM_EV_SIGNAL:
		put_enum(&w, ev->u.signal, PANDA_TERM_SIG_TERMINATE);
		break;
	case PANDA_TERM_EV_QUERY_RESPONSE:
		put_query_response(&w, &ev->u.query_response);
		break;
	default:
		fail(&w, VALUE_EINVAL);
		break;
	}
	return finish(&w, len);
}

/* ------------------------------------------------------------ decoding */

struct dec {
	struct panda_wire_reader r;
	const struct panda_value_alloc *a;
};

static void *dalloc(struct dec *d, size_t size)
{
	void *p = d->a->alloc(d->a->ctx, size);

	if (!p && !d->r.err)
		d->r.err = VALUE_ENOMEM;
	return p;
}

static void dfree(const struct panda_value_alloc *a, const void *p, size_t size)
{
	if (p && a->free)
		a->free(a->ctx, (void *)p, size);
}

static void free_text(const struct panda_value_alloc *a,
		      struct panda_term_text *t)
{
	dfree(a, t->data, t->len + 1);
	t->data = NULL;
	t->len = 0;
}

/* A string, copied and NUL-terminated. */
static bool get_text(struct dec *d, struct panda_term_text *t)
{
	const char *s;
	char *c;
	size_t n;

	t->data = NULL;
	t->len = 0;
	if (!wire_get_string(&d->r, &s, &n))
		return false;
	c = dalloc(d, n + 1);
	if (!c)
		return false;
	if (n)
		memcpy(c, s, n);
	c[n] = '\0';
	t->data = c;
	t->len = n;
	return true;
}

static uint8_t get_enum(struct dec *d, uint8_t max)
{
	uint8_t v = wire_get_u8(&d->r);

	if (!d->r.err && v > max)
		d->r.err = VALUE_EINVALID_VALUE;
	return v;
}

static void free_choices(const struct panda_value_alloc *a,
			 struct panda_term_input_request *in)
{
	struct panda_term_text *c = (struct panda_term_text *)in->choices;
	size_t i;

	if (!c)
		return;
	for (i = 0; i < in->nchoices; i++)
		free_text(a, &c[i]);
	dfree(a, c, in->nchoices * sizeof(*c));
	in->choices = NULL;
	in->nchoices = 0;
}

static void get_input_request(struct dec *d,
			      struct panda_term_input_request *in)
{
	struct panda_term_text *c;
	size_t n, i;

	in->id = wire_get_u32(&d->r);
	in->kind = get_enum(d, PANDA_TERM_INPUT_RAW_KEYS);
	if (wire_get_bool(&d->r))
		in->prompt = wire_get_value(&d->r, d->a);
	n = wire_get_u16(&d->r);
	if (d->r.err || !n)
		return;
	/* Every choice takes at least its 2-byte length. */
	if (n > wire_remaining(&d->r) / 2) {
		d->r.err = VALUE_ETRUNCATED;
		return;
	}
	c = dalloc(d, n * sizeof(*c));
	if (!c)
		return;
	memset(c, 0, n * sizeof(*c));
	in->choices = c;
	in->nchoices = n;
	for (i = 0; i < n && get_text(d, &c[i]); i++)
		;
}

int term_request_decode(const struct panda_value_alloc *a, const void *buf,
			size_t len, struct panda_term_request *req)
{
	struct dec d = { .a = a };

	memset(req, 0, sizeof(*req));
	wire_reader_init(&d.r, buf, len);
	req->kind = wire_get_u16(&d.r);
	(void)wire_get_u32(&d.r); /* length: ignored, as the reference */
	if (d.r.err)
		goto out;
	switch (req->kind) {
	case PANDA_TERM_REQ_WRITE:
	case PANDA_TERM_REQ_ERROR:
	case PANDA_TERM_REQ_WARNING:
		req->u.value = wire_get_value(&d.r, a);
		break;
	case PANDA_TERM_REQ_MOVE_CURSOR:
		req->u.cursor.row = wire_get_u16(&d.r);
		req->u.cursor.col = wire_get_u16(&d.r);
		break;
	case PANDA_TERM_REQ_CLEAR:
		req->u.clear = get_enum(&d, PANDA_TERM_CLEAR_LINE);
		break;
	case PANDA_TERM_REQ_REQUEST_INPUT:
		get_input_request(&d, &req->u.input);
		break;
	case PANDA_TERM_REQ_SET_TITLE:
		get_text(&d, &req->u.title);
		break;
	case PANDA_TERM_REQ_PROGRESS:
		req->u.progress.current = wire_get_u32(&d.r);
		req->u.progress.total = wire_get_u32(&d.r);
		get_text(&d, &req->u.progress.message);
		break;
	case PANDA_TERM_REQ_QUERY:
		req->u.query = get_enum(&d, PANDA_TERM_QUERY_CURSOR_POSITION);
		break;
	case PANDA_TERM_REQ_EXIT:
		req->u.exit_status = (int32_t)wire_get_u32(&d.r);
		break;
	default:
		d.r.err = VALUE_EUNKNOWN_TYPE;
		break;
	}
out:
	if (d.r.err) {
		term_request_free(a, req);
		memset(req, 0, sizeof(*req));
	}
	return d.r.err;
}

void term_request_free(const struct panda_value_alloc *a,
		       struct panda_term_request *req)
{
	switch (req->kind) {
	case PANDA_TERM_REQ_WRITE:
	case PANDA_TERM_REQ_ERROR:
	case PANDA_TERM_REQ_WARNING:
		value_free(a, (struct panda_value *)req->u.value);
		req->u.value = NULL;
		break;
	case PANDA_TERM_REQ_REQUEST_INPUT:
		value_free(a, (struct panda_value *)req->u.input.prompt);
		req->u.input.prompt = NULL;
		free_choices(a, &req->u.input);
		break;
	case PANDA_TERM_REQ_SET_TITLE:
		free_text(a, &req->u.title);
		break;
	case PANDA_TERM_REQ_PROGRESS:
		free_text(a, &req->u.progress.message);
		break;
	default:
		break;
	}
}

static void get_answer(struct dec *d, struct panda_term_answer *ans)
{
	struct panda_term_text t;
	uint32_t cp;

	ans->kind = get_enum(d, PANDA_TERM_ANSWER_CHOICE);
	if (d->r.err)
		return;
	switch (ans->kind) {
	case PANDA_TERM_ANSWER_TEXT:
		get_text(d, &ans->u.text);
		break;
	case PANDA_TERM_ANSWER_CHAR:
		if (!wire_get_string(&d->r, &t.data, &t.len))
			break;
		/* The first character; the rest is ignored. */
		if (utf8_decode(t.data, t.len, &cp) < 0)
			d->r.err = VALUE_EINVALID_VALUE; /* empty */
		else
			ans->u.ch = cp;
		break;
	case PANDA_TERM_ANSWER_BOOL:
		ans->u.yes = wire_get_bool(&d->r);
		break;
	case PANDA_TERM_ANSWER_CHOICE:
		ans->u.choice = wire_get_u32(&d->r);
		break;
	}
}

static void get_query_response(struct dec *d,
			       struct panda_term_query_response *q)
{
	q->kind = get_enum(d, PANDA_TERM_QUERY_CURSOR_POSITION);
	if (d->r.err)
		return;
	switch (q->kind) {
	case PANDA_TERM_QUERY_SIZE:
		q->u.size.cols = wire_get_u16(&d->r);
		q->u.size.rows = wire_get_u16(&d->r);
		break;
	case PANDA_TERM_QUERY_CAPABILITIES:
		q->u.caps.colours = get_enum(d, PANDA_TERM_COLOURS_TRUE_COLOUR);
		q->u.caps.images = wire_get_bool(&d->r);
		q->u.caps.hyperlinks = wire_get_bool(&d->r);
		q->u.caps.unicode = wire_get_bool(&d->r);
		break;
	case PANDA_TERM_QUERY_CURSOR_POSITION:
		q->u.cursor.row = wire_get_u16(&d->r);
		q->u.cursor.col = wire_get_u16(&d->r);
		break;
	}
}

int term_event_decode(const struct panda_value_alloc *a, const void *buf,
		      size_t len, struct panda_term_event *ev)
{
	struct dec d = { .a = a };

	memset(ev, 0, sizeof(*ev));
	wire_reader_init(&d.r, buf, len);
	ev->kind = wire_get_u16(&d.r);
	(void)wire_get_u32(&d.r); /* length: ignored, as the reference */
	if (d.r.err)
		goto out;
	switch (ev->kind) {
	case PANDA_TERM_EV_INPUT:
		ev->u.input.id = wire_get_u32(&d.r);
		ev->u.input.answered = wire_get_bool(&d.r);
		if (ev->u.input.answered)
			get_answer(&d, &ev->u.input.answer);
		break;
	case PANDA_TERM_EV_KEY:
		ev->u.key.code = wire_get_u16(&d.r);
		ev->u.key.modifiers = wire_get_u8(&d.r) & PANDA_TERM_MODS;
		ev->u.key.value = wire_get_u8(&d.r);
		break;
	case PANDA_TERM_EV_RESIZE:
		ev->u.resize.cols = wire_get_u16(&d.r);
		ev->u.resize.rows = wire_get_u16(&d.r);
		break;
	case PANDA_TERM_EV_SIGNAL:
		ev->u.signal = get_enum(&d, PANDA_TERM_SIG_TERMINATE);
		break;
	case PANDA_TERM_EV_QUERY_RESPONSE:
		get_query_response(&d, &ev->u.query_response);
		break;
	default:
		d.r.err = VALUE_EUNKNOWN_TYPE;
		break;
	}
out:
	if (d.r.err) {
		term_event_free(a, ev);
		memset(ev, 0, sizeof(*ev));
	}
	return d.r.err;
}

void term_event_free(const struct panda_value_alloc *a,
		     struct panda_term_event *ev)
{
	if (ev->kind == PANDA_TERM_EV_INPUT && ev->u.input.answered &&
	    ev->u.input.answer.kind == PANDA_TERM_ANSWER_TEXT)
		free_text(a, &ev->u.input.answer.u.text);
}

int term_control_decode(const struct panda_value_alloc *a, const void *buf,
			size_t len, struct panda_term_request *req, bool *bare)
{
	struct panda_value *v;
	int err;

	if (bare)
		*bare = false;
	err = term_request_decode(a, buf, len, req);
	if (!err || value_decode(a, buf, len, &v, NULL))
		return err;
	req->kind = PANDA_TERM_REQ_WRITE;
	req->u.value = v;
	if (bare)
		*bare = true;
	return 0;
}
