// SPDX-License-Identifier: GPL-2.0
/*
 * The manager as a minimal terminal for its services (services.md 8.7):
 * Requests on their parent channels are answered or routed by stdout
 * mode, bare Values and raw UTF-8 count as Writes; console-mode services
 * also get a pipe as STDOUT whose data goes to console:/serial/0.
 */
#include <lib/utf8.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "manager.h"

static uint8_t msg[PANDA_MAX_MESSAGE_SIZE];
static uint8_t tx[PANDA_MAX_MESSAGE_SIZE];
static panda_handle_t console;

static void send_event(struct service *s, const struct panda_term_event *ev)
{
	size_t len;

	if (!s->proc || term_event_encode(ev, tx, sizeof(tx), &len))
		return;
	/* Never block on a service that does not read its channel. */
	panda_channel_try_send(s->proc, tx, len);
}

void output_signal(struct service *s, enum panda_term_signal sig)
{
	struct panda_term_event ev = { .kind = PANDA_TERM_EV_SIGNAL,
				       .u.signal = (uint8_t)sig };

	send_event(s, &ev);
}

static void to_console(const char *text, size_t n)
{
	if (!console && panda_open("console:/serial/0", 0, 0, &console))
		console = 0;
	if (console)
		panda_write(console, text, n);
}

/* One log record per line, each with the prefix; no record for a
 * trailing newline. */
static void log_lines(const char *prefix, const char *text, size_t n)
{
	size_t i = 0, j;

	while (i < n) {
		for (j = i; j < n && text[j] != '\n'; j++)
			;
		panda_logf("%s%.*s", prefix, (int)(j - i), text + i);
		i = j + 1;
	}
}

static void route_text(struct service *s, const char *text, size_t n)
{
	char prefix[SVC_NAME_MAX + 4];

	switch (s->has_snap ? s->snap.stdout_mode : s->cfg.stdout_mode) {
	case SVC_STDOUT_INHERIT:
		log_lines("", text, n);
		break;
	case SVC_STDOUT_LOG:
		snprintf(prefix, sizeof(prefix), "[%s] ", s->name);
		log_lines(prefix, text, n);
		break;
	case SVC_STDOUT_NULL:
		break;
	case SVC_STDOUT_CONSOLE:
		to_console(text, n);
		break;
	}
}

static void route_value(struct service *s, const struct panda_value *v,
			const char *kind)
{
	char *text = panda_value_to_text(v);
	char prefix[SVC_NAME_MAX + 16];

	if (kind) {
		snprintf(prefix, sizeof(prefix), "[%s] %s: ", s->name, kind);
		log_lines(prefix, text, strlen(text));
	} else {
		route_text(s, text, strlen(text));
	}
	free(text);
}

static void answer_query(struct service *s, uint8_t query)
{
	struct panda_term_event ev = { .kind = PANDA_TERM_EV_QUERY_RESPONSE };
	struct panda_term_query_response *q = &ev.u.query_response;

	q->kind = query;
	switch (query) {
	case PANDA_TERM_QUERY_SIZE:
		q->u.size.cols = 80;
		q->u.size.rows = 24;
		break;
	case PANDA_TERM_QUERY_CAPABILITIES:
		q->u.caps.colours = PANDA_TERM_COLOURS_NONE;
		q->u.caps.unicode = true;
		break;
	default:
		break; /* cursor at (0, 0) */
	}
	send_event(s, &ev);
}

static void handle_request(struct service *s,
			   const struct panda_term_request *req)
{
	struct panda_term_event ev = { .kind = PANDA_TERM_EV_INPUT };

	switch (req->kind) {
	case PANDA_TERM_REQ_WRITE:
		route_value(s, req->u.value, NULL);
		break;
	case PANDA_TERM_REQ_ERROR:
		route_value(s, req->u.value, "error");
		break;
	case PANDA_TERM_REQ_WARNING:
		route_value(s, req->u.value, "warning");
		break;
	case PANDA_TERM_REQ_REQUEST_INPUT:
		/* No input is ever available: answer "no value". */
		ev.u.input.id = req->u.input.id;
		send_event(s, &ev);
		break;
	case PANDA_TERM_REQ_QUERY:
		answer_query(s, req->u.query);
		break;
	default:
		break; /* SetTitle, MoveCursor, Clear, Progress, Exit */
	}
}

void output_drain(struct service *s)
{
	struct panda_term_request req;
	size_t n;

	while (s->proc &&
	       !panda_channel_try_recv(s->proc, msg, sizeof(msg), &n)) {
		if (!panda_term_control_decode(msg, n, &req, NULL)) {
			handle_request(s, &req);
			panda_term_request_free(&req);
		} else if (utf8_valid((const char *)msg, n)) {
			route_text(s, (const char *)msg, n);
		}
	}
}

void output_console(struct service *s, uint32_t events)
{
	struct panda_value *v;
	size_t n;

	while (!panda_channel_try_recv(s->console, msg, sizeof(msg), &n)) {
		if (!panda_value_decode(msg, n, &v, NULL)) {
			char *text = panda_value_to_text(v);

			to_console(text, strlen(text));
			free(text);
			panda_value_free(v);
		} else if (utf8_valid((const char *)msg, n)) {
			to_console((const char *)msg, n);
		}
	}
	if (events & PANDA_EVENT_CHANNEL_CLOSED) {
		panda_close(s->console);
		s->console = 0;
	}
}
