// SPDX-License-Identifier: GPL-2.0
/*
 * Terminal helpers (userspace.md 3.13, value-and-terminal.md 3,
 * services.md 2.2): Requests on PANDA_HANDLE_PARENT, waiting for their
 * answers without losing other events, and the parent side's codec.
 */
#include <lib/format.h>
#include <panda/channel.h>
#include <panda/heap.h>
#include <panda/print.h>
#include <panda/signal.h>
#include <panda/terminal.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

#define TRY_HEAP	(&__panda_value_try_heap)

/* ------------------------------------------------------------ codec */

int panda_term_request_encode(const struct panda_term_request *req, void *buf,
			      size_t cap, size_t *len)
{
	return panda_value_errno(term_request_encode(req, buf, cap, len));
}

int panda_term_event_encode(const struct panda_term_event *ev, void *buf,
			    size_t cap, size_t *len)
{
	return panda_value_errno(term_event_encode(ev, buf, cap, len));
}

int panda_term_request_decode(const void *buf, size_t len,
			      struct panda_term_request *req)
{
	return panda_value_errno(term_request_decode(TRY_HEAP, buf, len, req));
}

int panda_term_event_decode(const void *buf, size_t len,
			    struct panda_term_event *ev)
{
	return panda_value_errno(term_event_decode(TRY_HEAP, buf, len, ev));
}

int panda_term_control_decode(const void *buf, size_t len,
			      struct panda_term_request *req, bool *bare)
{
	return panda_value_errno(
		term_control_decode(TRY_HEAP, buf, len, req, bare));
}

void panda_term_request_free(struct panda_term_request *req)
{
	term_request_free(TRY_HEAP, req);
}

void panda_term_event_free(struct panda_term_event *ev)
{
	term_event_free(TRY_HEAP, ev);
}

/* ------------------------------------------------------------ sending */

static uint8_t tx[PANDA_MAX_MESSAGE_SIZE];

static int send_request(panda_handle_t h, const struct panda_term_request *r)
{
	size_t len;
	int err = term_request_encode(r, tx, sizeof(tx), &len);

	if (err)
		return __panda_msg_errno(err);
	return panda_channel_send(h, tx, len);
}

int panda_term_send_request(const struct panda_term_request *req)
{
	return send_request(PANDA_HANDLE_PARENT, req);
}

/* A request carrying a Value (Write, Error, Warning). */
static int send_value(uint16_t kind, const panda_value *v)
{
	struct panda_term_request r = { .kind = kind, .u.value = v };

	return send_request(PANDA_HANDLE_PARENT, &r);
}

/*
 * Text that must fit one message: valid UTF-8, cut at a character
 * boundary to PANDA_TEXT_CHUNK bytes, in a static buffer.
 */
static struct panda_term_text one_piece(const char *s)
{
	static char piece[PANDA_TEXT_CHUNK];
	size_t n = s ? strlen(s) : 0;

	if (n > PANDA_TEXT_CHUNK)
		n = __panda_utf8_cut(s, PANDA_TEXT_CHUNK);
	if (n)
		memcpy(piece, s, n);
	__panda_utf8_sanitize(piece, n);
	return (struct panda_term_text){ piece, n };
}

/* A String Value for one_piece(s), to be wrapped in kind. */
static int send_text_value(uint16_t kind, const char *s)
{
	struct panda_term_text t = one_piece(s);
	struct panda_value v = value_string_ref(t.data, t.len);

	return send_value(kind, &v);
}

int panda_term_print(const char *s)
{
	return __panda_send_text_chunks(PANDA_HANDLE_PARENT, true, s,
					s ? strlen(s) : 0, false);
}

int panda_term_println(const char *s)
{
	return __panda_send_text_chunks(PANDA_HANDLE_PARENT, true, s,
					s ? strlen(s) : 0, true);
}

int panda_term_print_styled(const char *s, panda_style style)
{
	size_t n = s ? strlen(s) : 0;
	int err = 0;

	/* Each piece in its own Styled wrapper. */
	do {
		struct panda_term_text t = one_piece(s);
		struct panda_value v = value_string_ref(t.data, t.len);
		struct panda_value st = value_styled_ref(style, &v);

		err = send_value(PANDA_TERM_REQ_WRITE, &st);
		s += t.len;
		n -= t.len;
	} while (!err && n);
	return err;
}

int panda_term_print_value(const panda_value *v)
{
	return send_value(PANDA_TERM_REQ_WRITE, v);
}

int panda_term_print_table(const panda_value *table)
{
	if (!table || table->kind != PANDA_VALUE_TABLE)
		return -PANDA_ERR_INVALID_ARGUMENT;
	return send_value(PANDA_TERM_REQ_WRITE, table);
}

int panda_term_print_link(const char *text, const char *url)
{
	panda_value *v = panda_value_link(url, panda_value_string(text));
	int err = send_value(PANDA_TERM_REQ_WRITE, v);

	panda_value_free(v);
	return err;
}

int panda_term_error(const char *s)
{
	return send_text_value(PANDA_TERM_REQ_ERROR, s);
}

int panda_term_warning(const char *s)
{
	return send_text_value(PANDA_TERM_REQ_WARNING, s);
}

int panda_term_error_value(const panda_value *v)
{
	return send_value(PANDA_TERM_REQ_ERROR, v);
}

int panda_term_warning_value(const panda_value *v)
{
	return send_value(PANDA_TERM_REQ_WARNING, v);
}

static int send_formatted(uint16_t kind, const char *fmt, va_list ap)
{
	char text[PANDA_PRINT_BUF + 1];
	int n = vsnprintf(text, sizeof(text), fmt, ap);

	if (n > PANDA_PRINT_BUF)
		text[__panda_utf8_cut(text, PANDA_PRINT_BUF)] = '\0';
	return send_text_value(kind, text);
}

int panda_term_errorf(const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = send_formatted(PANDA_TERM_REQ_ERROR, fmt, ap);
	va_end(ap);
	return err;
}

int panda_term_warningf(const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = send_formatted(PANDA_TERM_REQ_WARNING, fmt, ap);
	va_end(ap);
	return err;
}

int panda_term_clear(enum panda_term_clear_region region)
{
	struct panda_term_request r = { .kind = PANDA_TERM_REQ_CLEAR,
					.u.clear = (uint8_t)region };

	return send_request(PANDA_HANDLE_PARENT, &r);
}

int panda_term_clear_screen(void)
{
	return panda_term_clear(PANDA_TERM_CLEAR_SCREEN);
}

int panda_term_move_cursor(uint16_t row, uint16_t col)
{
	struct panda_term_request r = { .kind = PANDA_TERM_REQ_MOVE_CURSOR,
					.u.cursor = { row, col } };

	return send_request(PANDA_HANDLE_PARENT, &r);
}

int panda_term_set_title(const char *title)
{
	struct panda_term_request r = { .kind = PANDA_TERM_REQ_SET_TITLE,
					.u.title = one_piece(title) };

	return send_request(PANDA_HANDLE_PARENT, &r);
}

int panda_term_progress(uint32_t current, uint32_t total, const char *msg)
{
	struct panda_term_request r = {
		.kind = PANDA_TERM_REQ_PROGRESS,
		.u.progress = { current, total, one_piece(msg) },
	};

	return send_request(PANDA_HANDLE_PARENT, &r);
}

/* ------------------------------------------------------------ events */

#define EVENT_QUEUE	16

static struct panda_term_event queue[EVENT_QUEUE];
static unsigned int q_head, q_len;
static uint8_t rx[PANDA_MAX_MESSAGE_SIZE];

/* Keep ev for panda_term_next_event(); the oldest goes when full. */
static void enqueue(struct panda_term_event *ev)
{
	if (q_len == EVENT_QUEUE) {
		panda_term_event_free(&queue[q_head]);
		q_head = (q_head + 1) % EVENT_QUEUE;
		q_len--;
	}
	queue[(q_head + q_len++) % EVENT_QUEUE] = *ev;
}

/* Receive one Event from the parent; -PANDA_ERR_PROTOCOL if it is none. */
static int recv_event(struct panda_term_event *ev, bool block)
{
	size_t n;
	int err = block ? panda_channel_recv(PANDA_HANDLE_PARENT, rx,
					     sizeof(rx), &n) :
			  panda_channel_try_recv(PANDA_HANDLE_PARENT, rx,
						 sizeof(rx), &n);

	if (err)
		return err;
	return panda_term_event_decode(rx, n, ev);
}

/*
 * Block until match() accepts an event (returned in *ev, 0), or the
 * channel fails (its error).  Signals are recorded, other Events queued,
 * stale input answers and non-Events dropped.
 */
static int wait_for(bool (*match)(const struct panda_term_event *ev,
				  const void *arg),
		    const void *arg, struct panda_term_event *ev)
{
	for (;;) {
		int err = recv_event(ev, true);

		if (err == -PANDA_ERR_PROTOCOL || err == -PANDA_ERR_NO_MEMORY)
			continue;
		if (err)
			return err;
		if (match(ev, arg))
			return 0;
		if (ev->kind == PANDA_TERM_EV_SIGNAL)
			panda_signal_deliver(ev->u.signal);
		else if (ev->kind != PANDA_TERM_EV_INPUT)
			enqueue(ev);
		else
			panda_term_event_free(ev);
	}
}

bool panda_term_signal_pending(enum panda_term_signal *sig)
{
	struct panda_term_event ev;
	int err;

	/* Signals with a handler run it and are not pending; keep draining. */
	while (!__panda_signal_take(sig)) {
		err = recv_event(&ev, false);
		if (err == -PANDA_ERR_PROTOCOL || err == -PANDA_ERR_NO_MEMORY)
			continue;
		if (err)
			return false;
		if (ev.kind == PANDA_TERM_EV_SIGNAL)
			panda_signal_deliver(ev.u.signal);
		panda_term_event_free(&ev);
	}
	return true;
}

int panda_signal_dispatch(bool block)
{
	struct panda_term_event ev;
	int err, n = 0;

	for (;;) {
		err = recv_event(&ev, block && !n);
		if (err == -PANDA_ERR_PROTOCOL || err == -PANDA_ERR_NO_MEMORY)
			continue;
		if (err == -PANDA_ERR_WOULD_BLOCK && (n || !block))
			return n;
		if (err)
			return n ? n : err;
		if (ev.kind == PANDA_TERM_EV_SIGNAL) {
			panda_signal_deliver(ev.u.signal);
			panda_term_event_free(&ev);
			n++;
		} else if (ev.kind != PANDA_TERM_EV_INPUT) {
			enqueue(&ev);
		} else {
			panda_term_event_free(&ev);
		}
	}
}

int panda_term_next_event(struct panda_term_event *ev, bool block)
{
	int err;

	if (q_len) {
		*ev = queue[q_head];
		q_head = (q_head + 1) % EVENT_QUEUE;
		q_len--;
		return 0;
	}
	for (;;) {
		err = recv_event(ev, block);
		if (err == -PANDA_ERR_PROTOCOL)
			continue;
		/* A signal with a handler (or ignored) is acted on, not returned. */
		if (!err && ev->kind == PANDA_TERM_EV_SIGNAL &&
		    __panda_signal_caught(ev->u.signal)) {
			panda_signal_deliver(ev->u.signal);
			panda_term_event_free(ev);
			continue;
		}
		return err;
	}
}

/* ------------------------------------------------------------ input */

static uint32_t next_id = 1;

static uint32_t new_id(void)
{
	uint32_t id = next_id++;

	if (!next_id)
		next_id = 1;
	return id;
}

static bool is_answer(const struct panda_term_event *ev, const void *arg)
{
	return ev->kind == PANDA_TERM_EV_INPUT &&
	       ev->u.input.id == *(const uint32_t *)arg;
}

/*
 * Send RequestInput and wait for its answer.  true with the answer in
 * *ans (free a Text with panda_term_event_free() on the event), false if
 * cancelled or the channel failed.
 */
static bool ask(uint8_t kind, const panda_value *prompt,
		const struct panda_term_text *choices, size_t nchoices,
		struct panda_term_event *ev)
{
	uint32_t id = new_id();
	struct panda_term_request r = {
		.kind = PANDA_TERM_REQ_REQUEST_INPUT,
		.u.input = { id, kind, prompt, choices, nchoices },
	};

	if (send_request(PANDA_HANDLE_PARENT, &r))
		return false;
	if (wait_for(is_answer, &id, ev))
		return false;
	if (!ev->u.input.answered)
		return false;
	return true;
}

static bool ask_text(uint8_t kind, const panda_value *prompt, char **out)
{
	struct panda_term_event ev;
	bool ok;

	*out = NULL;
	if (!ask(kind, prompt, NULL, 0, &ev))
		return false;
	ok = ev.u.input.answer.kind == PANDA_TERM_ANSWER_TEXT;
	if (ok) {
		const struct panda_term_text *t = &ev.u.input.answer.u.text;

		*out = panda_xmalloc(t->len + 1);
		memcpy(*out, t->data, t->len);
		(*out)[t->len] = '\0';
	}
	panda_term_event_free(&ev);
	return ok;
}

/* A String prompt for s (NULL: none), built on the heap. */
static panda_value *prompt_of(const char *s)
{
	return s ? panda_value_string(s) : NULL;
}

bool panda_term_read_line(char **out)
{
	return ask_text(PANDA_TERM_INPUT_LINE, NULL, out);
}

bool panda_term_input(const char *prompt, char **out)
{
	panda_value *p = prompt_of(prompt);
	bool ok = ask_text(PANDA_TERM_INPUT_LINE, p, out);

	panda_value_free(p);
	return ok;
}

bool panda_term_input_styled(const panda_value *prompt, char **out)
{
	return ask_text(PANDA_TERM_INPUT_LINE, prompt, out);
}

bool panda_term_password(const char *prompt, char **out)
{
	panda_value *p = prompt_of(prompt);
	bool ok = ask_text(PANDA_TERM_INPUT_PASSWORD, p, out);

	panda_value_free(p);
	return ok;
}

bool panda_term_confirm(const char *prompt)
{
	panda_value *p = prompt_of(prompt);
	struct panda_term_event ev;
	bool yes = false;

	if (ask(PANDA_TERM_INPUT_CONFIRM, p, NULL, 0, &ev)) {
		yes = ev.u.input.answer.kind == PANDA_TERM_ANSWER_BOOL &&
		      ev.u.input.answer.u.yes;
		panda_term_event_free(&ev);
	}
	panda_value_free(p);
	return yes;
}

bool panda_term_read_char(uint32_t *cp)
{
	struct panda_term_event ev;
	bool ok = false;

	if (ask(PANDA_TERM_INPUT_CHAR, NULL, NULL, 0, &ev)) {
		ok = ev.u.input.answer.kind == PANDA_TERM_ANSWER_CHAR;
		if (ok)
			*cp = ev.u.input.answer.u.ch;
		panda_term_event_free(&ev);
	}
	return ok;
}

bool panda_term_choose(const char *prompt, const char *const *choices, size_t n,
		       size_t *index)
{
	struct panda_term_text *t;
	struct panda_term_event ev;
	panda_value *p;
	char **copies;
	bool ok = false;
	size_t i;

	if (n > PANDA_WIRE_LIST_MAX)
		return false;
	t = panda_xcalloc(n ? n : 1, sizeof(*t));
	copies = panda_xcalloc(n ? n : 1, sizeof(*copies));
	for (i = 0; i < n; i++) {
		size_t len = strlen(choices[i]);

		copies[i] = panda_xmalloc(len + 1);
		memcpy(copies[i], choices[i], len + 1);
		__panda_utf8_sanitize(copies[i], len);
		t[i] = (struct panda_term_text){ copies[i], len };
	}
	p = prompt_of(prompt);
	if (ask(PANDA_TERM_INPUT_CHOICE, p, t, n, &ev)) {
		ok = ev.u.input.answer.kind == PANDA_TERM_ANSWER_CHOICE &&
		     ev.u.input.answer.u.choice < n;
		if (ok)
			*index = ev.u.input.answer.u.choice;
		panda_term_event_free(&ev);
	}
	panda_value_free(p);
	for (i = 0; i < n; i++)
		free(copies[i]);
	free(copies);
	free(t);
	return ok;
}

/* ------------------------------------------------------------ queries */

static bool is_response(const struct panda_term_event *ev, const void *arg)
{
	return ev->kind == PANDA_TERM_EV_QUERY_RESPONSE &&
	       ev->u.query_response.kind == *(const uint8_t *)arg;
}

static int query(uint8_t what, struct panda_term_query_response *resp)
{
	struct panda_term_request r = { .kind = PANDA_TERM_REQ_QUERY,
					.u.query = what };
	struct panda_term_event ev;
	int err = send_request(PANDA_HANDLE_PARENT, &r);

	if (!err)
		err = wait_for(is_response, &what, &ev);
	if (!err)
		*resp = ev.u.query_response;
	return err;
}

int panda_term_size(uint16_t *cols, uint16_t *rows)
{
	struct panda_term_query_response q;
	int err = query(PANDA_TERM_QUERY_SIZE, &q);

	if (!err) {
		*cols = q.u.size.cols;
		*rows = q.u.size.rows;
	}
	return err;
}

int panda_term_capabilities(struct panda_term_caps *caps)
{
	struct panda_term_query_response q;
	int err = query(PANDA_TERM_QUERY_CAPABILITIES, &q);

	if (!err)
		*caps = q.u.caps;
	return err;
}

int panda_term_cursor_position(uint16_t *row, uint16_t *col)
{
	struct panda_term_query_response q;
	int err = query(PANDA_TERM_QUERY_CURSOR_POSITION, &q);

	if (!err) {
		*row = q.u.cursor.row;
		*col = q.u.cursor.col;
	}
	return err;
}

/* ------------------------------------------------------------ parent side */

int panda_term_send_event(panda_handle_t child,
			  const struct panda_term_event *ev)
{
	size_t len;
	int err = term_event_encode(ev, tx, sizeof(tx), &len);

	if (err)
		return __panda_msg_errno(err);
	return panda_channel_send(child, tx, len);
}

int panda_term_signal_send(panda_handle_t child, enum panda_term_signal sig)
{
	struct panda_term_event ev = { .kind = PANDA_TERM_EV_SIGNAL,
				       .u.signal = (uint8_t)sig };

	return panda_term_send_event(child, &ev);
}

int panda_term_reply_input(panda_handle_t child, uint32_t id,
			   const struct panda_term_answer *answer)
{
	struct panda_term_event ev = { .kind = PANDA_TERM_EV_INPUT };

	ev.u.input.id = id;
	if (answer) {
		ev.u.input.answered = true;
		ev.u.input.answer = *answer;
	}
	return panda_term_send_event(child, &ev);
}

static int recv_request(panda_handle_t child, struct panda_term_request *req,
			bool block)
{
	size_t n;
	int err = block ? panda_channel_recv(child, rx, sizeof(rx), &n) :
			  panda_channel_try_recv(child, rx, sizeof(rx), &n);

	memset(req, 0, sizeof(*req));
	if (err)
		return err;
	return panda_term_request_decode(rx, n, req);
}

int panda_term_recv_request(panda_handle_t child,
			    struct panda_term_request *req)
{
	return recv_request(child, req, true);
}

int panda_term_try_recv_request(panda_handle_t child,
				struct panda_term_request *req)
{
	return recv_request(child, req, false);
}
