// SPDX-License-Identifier: GPL-2.0
/*
 * Jobs: the pipeline running in the foreground (userspace.md 5.6-5.10,
 * ipc.md 7).
 *
 * Spawning: n stages get n - 1 channels; stage i reads endpoint A of
 * channel i - 1 as STDIN and writes endpoint B of channel i as STDOUT;
 * the last stage has no STDOUT, so its output comes to the terminal as
 * Write requests.  Every stage's process handle is attached to the
 * terminal's mailbox (readable, closed, exited).  Once all are spawned the
 * terminal closes its own copies of the channel ends, so a stage reading
 * its STDIN sees the end of the stream when the stage before exits.
 *
 * Messages from any stage are Requests (or bare Values, shown as Write):
 * output, errors, warnings, progress, cursor and clearing, queries, and
 * input requests, answered from the keyboard.
 *
 * Ctrl+C sends Signal(Interrupt) to every stage still running; a second
 * Ctrl+C for the same job kills them (signal 9).  Ctrl+\ sends Quit and
 * Ctrl+Z Suspend.  When the last stage has exited the prompt comes back;
 * a non-zero exit of the last stage is reported.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lib/utf8.h>
#include "terminal.h"

#define CHILD_EVENTS	(PANDA_EVENT_CHANNEL_READABLE | \
			 PANDA_EVENT_CHANNEL_CLOSED | PANDA_EVENT_PROCESS_EXITED)
#define SIGKILL		9

struct stage {
	panda_handle_t h;	/* 0: not spawned */
	char name[32];
	bool running;
	int code;
};

static struct {
	struct stage st[TERM_CMD_MAX_STAGES];
	unsigned n, live;
	unsigned interrupts;
} job;

static struct {
	bool active;
	panda_handle_t from;
	uint32_t id;
	uint8_t kind;
	struct term_line line;
	char **choices;
	size_t nchoices;
} input;

static uint8_t msg[PANDA_MAX_MESSAGE_SIZE];

bool job_running(void)
{
	return job.live > 0;
}

bool job_has_input_request(void)
{
	return input.active;
}

static struct stage *find(panda_handle_t h)
{
	unsigned i;

	for (i = 0; i < job.n; i++)
		if (job.st[i].h && job.st[i].h == h)
			return &job.st[i];
	return NULL;
}

bool job_owns(panda_handle_t h)
{
	return find(h) != NULL;
}

/* ------------------------------------------------------------ spawning */

void job_start(const struct term_cmdline *c, char (*uris)[TERM_URI_MAX])
{
	panda_handle_t a[TERM_CMD_MAX_STAGES] = { 0 },
		       b[TERM_CMD_MAX_STAGES] = { 0 };
	unsigned n = (unsigned)c->nstages, i;
	int err;

	memset(&job, 0, sizeof(job));
	for (i = 0; i + 1 < n; i++) {
		err = panda_channel_create(&a[i], &b[i]);
		if (err) {
			say(&attr_error, "failed to create pipeline channel: "
				"%s\n", panda_strerror(err));
			goto close_ends;
		}
	}
	for (i = 0; i < n; i++) {
		const struct term_stage *s = &c->stages[i];
		panda_child_builder *cb = panda_child_builder_new(uris[i]);
		panda_handle_t h;

		panda_cb_args(cb, (const char *const *)s->argv, s->argc);
		panda_cb_mailbox(cb, PANDA_HANDLE_MAILBOX, CHILD_EVENTS);
		if (i > 0)
			panda_cb_stdin(cb, a[i - 1]);
		if (i + 1 < n)
			panda_cb_stdout(cb, b[i]);
		err = panda_cb_spawn_handle(cb, &h);
		if (err) {
			say(&attr_error, "%s: failed to execute: %s\n",
			    s->argv[0], panda_strerror(err));
			/* The stages already running see their pipes close. */
			break;
		}
		job.st[i].h = h;
		snprintf(job.st[i].name, sizeof(job.st[i].name), "%s",
			 s->argv[0]);
		job.st[i].running = true;
		job.n = i + 1;
		job.live++;
	}
close_ends:
	for (i = 0; i + 1 < n; i++) {
		if (a[i])
			panda_close(a[i]);
		if (b[i])
			panda_close(b[i]);
	}
}

/* ------------------------------------------------------------ events */

static int send_event(panda_handle_t h, const struct panda_term_event *ev)
{
	static uint8_t buf[PANDA_MAX_MESSAGE_SIZE];
	size_t len;
	int err = panda_term_event_encode(ev, buf, sizeof(buf), &len);

	/* Never block: a child that does not read must not stop us. */
	return err ? err : panda_channel_try_send(h, buf, len);
}

static void input_end(void)
{
	size_t i;

	for (i = 0; i < input.nchoices; i++)
		free(input.choices[i]);
	free(input.choices);
	memset(&input, 0, sizeof(input));
}

static void reply(const struct panda_term_answer *answer)
{
	panda_handle_t from = input.from;
	uint32_t id = input.id;

	input_end();
	panda_term_reply_input(from, id, answer);
}

static void reply_text(const char *s)
{
	struct panda_term_answer a = { .kind = PANDA_TERM_ANSWER_TEXT };

	a.u.text.data = s;
	a.u.text.len = strlen(s);
	reply(&a);
}

/* ------------------------------------------------------------ signals */

static void signal_all(enum panda_term_signal sig)
{
	struct panda_term_event ev = { .kind = PANDA_TERM_EV_SIGNAL };
	unsigned i;

	ev.u.signal = sig;
	for (i = 0; i < job.n; i++)
		if (job.st[i].running)
			send_event(job.st[i].h, &ev);
}

static void kill_all(void)
{
	unsigned i;

	for (i = 0; i < job.n; i++)
		if (job.st[i].running)
			panda_signal(job.st[i].h, SIGKILL);
}

bool job_urgent_key(const struct term_key *k)
{
	enum panda_term_signal sig;
	const char *echo;

	if (term_key_is_ctrl(k, 'c')) {
		sig = PANDA_TERM_SIG_INTERRUPT;
		echo = "^C";
	} else if (term_key_is_ctrl(k, '\\')) {
		sig = PANDA_TERM_SIG_QUIT;
		echo = "^\\";
	} else if (term_key_is_ctrl(k, 'z')) {
		sig = PANDA_TERM_SIG_SUSPEND;
		echo = "^Z";
	} else {
		return false;
	}
	if (input.active) {
		/* The question is cancelled. */
		if (input.kind == PANDA_TERM_INPUT_LINE ||
		    input.kind == PANDA_TERM_INPUT_PASSWORD ||
		    input.kind == PANDA_TERM_INPUT_CHOICE)
			edit_finish(&input.line,
				    input.kind == PANDA_TERM_INPUT_PASSWORD);
		reply(NULL);
	}
	term_screen_fresh_line(&term.screen);
	say(&attr_dim, "%s\n", echo);
	if (sig == PANDA_TERM_SIG_INTERRUPT && ++job.interrupts >= 2) {
		say(&attr_dim, "(killing %s)\n", job.st[job.n - 1].name);
		kill_all();
		return true;
	}
	signal_all(sig);
	return true;
}

/* ------------------------------------------------------------ input */

static void show_choices(void)
{
	size_t i;

	term_screen_fresh_line(&term.screen);
	for (i = 0; i < input.nchoices; i++)
		say(&attr_plain, "  %zu) %s\n", i + 1, input.choices[i]);
	say(&attr_plain, "Choose 1-%zu: ", input.nchoices);
}

static void input_begin(panda_handle_t from,
			const struct panda_term_input_request *r)
{
	size_t i;

	if (input.active)
		input_end();	/* replaced, never answered (as reference) */
	if (r->prompt)
		term_screen_write_value(&term.screen, r->prompt);
	input.active = true;
	input.from = from;
	input.id = r->id;
	input.kind = r->kind;
	term_line_init(&input.line);
	if (r->kind == PANDA_TERM_INPUT_CHOICE) {
		input.choices = calloc(r->nchoices + 1, sizeof(char *));
		for (i = 0; input.choices && i < r->nchoices; i++)
			input.choices[i] = strndup(r->choices[i].data,
						   r->choices[i].len);
		input.nchoices = input.choices ? r->nchoices : 0;
		if (!input.nchoices) {
			reply(NULL);	/* nothing to choose from */
			return;
		}
		show_choices();
	}
	edit_begin();
}

static bool choice_of(const char *s, size_t *index)
{
	char *end;
	unsigned long k = strtoul(s, &end, 10);
	size_t i;

	if (*s && !*end && k >= 1 && k <= input.nchoices) {
		*index = k - 1;
		return true;
	}
	for (i = 0; i < input.nchoices; i++) {
		if (!strcmp(s, input.choices[i])) {
			*index = i;
			return true;
		}
	}
	return false;
}

static void line_input_key(const struct term_key *k)
{
	bool password = input.kind == PANDA_TERM_INPUT_PASSWORD;
	struct panda_term_answer a;
	size_t index;

	switch (term_line_key(&input.line, NULL, k)) {
	case TERM_LINE_CHANGED:
		edit_redraw(&input.line, password);
		return;
	case TERM_LINE_ENTER:
		edit_finish(&input.line, password);
		if (input.kind != PANDA_TERM_INPUT_CHOICE) {
			char text[TERM_LINE_MAX];

			memcpy(text, input.line.buf, input.line.len + 1);
			reply_text(text);
			return;
		}
		if (!choice_of(input.line.buf, &index)) {
			say(&attr_error, "Please answer 1-%zu.\n",
			    input.nchoices);
			term_line_clear(&input.line);
			show_choices();
			edit_begin();
			return;
		}
		a.kind = PANDA_TERM_ANSWER_CHOICE;
		a.u.choice = (uint32_t)index;
		reply(&a);
		return;
	default:
		return;
	}
}

void job_input_key(const struct term_key *k)
{
	struct panda_term_answer a;
	char echo[5] = { 0 };

	if (k->code == TERM_KEY_EOF) {
		if (input.kind == PANDA_TERM_INPUT_LINE ||
		    input.kind == PANDA_TERM_INPUT_PASSWORD ||
		    input.kind == PANDA_TERM_INPUT_CHOICE)
			edit_finish(&input.line,
				    input.kind == PANDA_TERM_INPUT_PASSWORD);
		reply(NULL);
		return;
	}
	switch (input.kind) {
	case PANDA_TERM_INPUT_LINE:
	case PANDA_TERM_INPUT_PASSWORD:
	case PANDA_TERM_INPUT_CHOICE:
		line_input_key(k);
		return;
	case PANDA_TERM_INPUT_CHAR:
		if (!term_key_is_text(k))
			return;
		utf8_encode(k->ch, echo);
		say(&attr_plain, "%s", echo);
		a.kind = PANDA_TERM_ANSWER_CHAR;
		a.u.ch = k->ch;
		reply(&a);
		return;
	case PANDA_TERM_INPUT_CONFIRM:
		if (!term_key_is_text(k) || !strchr("yYnN", (int)k->ch) ||
		    k->ch > 0x7f)
			return;
		say(&attr_plain, "%c\n", (char)k->ch);
		a.kind = PANDA_TERM_ANSWER_BOOL;
		a.u.yes = k->ch == 'y' || k->ch == 'Y';
		reply(&a);
		return;
	default:
		/* RawKeys: not offered by this terminal; keys are dropped. */
		return;
	}
}

/* ------------------------------------------------------------ messages */

static void progress(const struct panda_term_request *r)
{
	uint64_t pct = r->u.progress.total ?
		(uint64_t)r->u.progress.current * 100 / r->u.progress.total : 0;

	term_screen_fresh_line(&term.screen);
	say(&attr_dim, "[%llu%%] ", (unsigned long long)pct);
	term_screen_write(&term.screen, r->u.progress.message.data,
			  r->u.progress.message.len);
	term_screen_newline(&term.screen);
}

static void query(struct stage *st, uint8_t what)
{
	struct panda_term_event ev = { .kind = PANDA_TERM_EV_QUERY_RESPONSE };
	struct panda_term_query_response *q = &ev.u.query_response;
	struct term_screen *s = &term.screen;

	q->kind = what;
	switch (what) {
	case PANDA_TERM_QUERY_SIZE:
		q->u.size.cols = (uint16_t)s->cols;
		q->u.size.rows = (uint16_t)s->rows;
		break;
	case PANDA_TERM_QUERY_CAPABILITIES:
		q->u.caps.colours = term.display->renderer->colours;
		q->u.caps.images = false;
		q->u.caps.hyperlinks = term.display->renderer->hyperlinks;
		q->u.caps.unicode = true;
		break;
	case PANDA_TERM_QUERY_CURSOR_POSITION:
		q->u.cursor.row = (uint16_t)s->row;
		q->u.cursor.col = (uint16_t)(s->col < s->cols ? s->col :
					     s->cols - 1);
		break;
	default:
		return;
	}
	send_event(st->h, &ev);
}

static void labelled(const struct term_attr *a, const char *label,
		     const struct panda_value *v)
{
	term_screen_fresh_line(&term.screen);
	say(a, "%s", label);
	term_screen_write_value(&term.screen, v);
	term_screen_fresh_line(&term.screen);
}

static void handle_message(struct stage *st, const void *buf, size_t len)
{
	struct panda_term_request req;
	bool bare;

	if (panda_term_control_decode(buf, len, &req, &bare))
		return;		/* neither a Request nor a Value: dropped */
	switch (req.kind) {
	case PANDA_TERM_REQ_WRITE:
		term_screen_write_value(&term.screen, req.u.value);
		break;
	case PANDA_TERM_REQ_ERROR:
		labelled(&attr_error, "[ERROR] ", req.u.value);
		break;
	case PANDA_TERM_REQ_WARNING:
		labelled(&attr_warning, "[WARN] ", req.u.value);
		break;
	case PANDA_TERM_REQ_MOVE_CURSOR:
		term_screen_move(&term.screen, req.u.cursor.row,
				 req.u.cursor.col);
		break;
	case PANDA_TERM_REQ_CLEAR:
		term_screen_clear(&term.screen, req.u.clear);
		break;
	case PANDA_TERM_REQ_REQUEST_INPUT:
		input_begin(st->h, &req.u.input);
		break;
	case PANDA_TERM_REQ_PROGRESS:
		progress(&req);
		break;
	case PANDA_TERM_REQ_QUERY:
		query(st, req.u.query);
		break;
	default:
		break;		/* SetTitle, Exit: nothing to do */
	}
	panda_term_request_free(&req);
}

static void drain(struct stage *st)
{
	size_t len;

	while (!panda_channel_try_recv(st->h, msg, sizeof(msg), &len))
		handle_message(st, msg, len);
}

static void exited(struct stage *st)
{
	bool last = st == &job.st[job.n - 1];

	drain(st);
	st->code = panda_wait(st->h);
	st->running = false;
	if (input.active && input.from == st->h)
		input_end();	/* the question went away with its child */
	panda_close(st->h);
	job.live--;
	if (last && st->code) {
		term_screen_fresh_line(&term.screen);
		if (st->code == -SIGKILL)
			say(&attr_dim, "(killed)\n");
		else
			say(&attr_dim, "(exited with code %d)\n", st->code);
	}
	if (!job.live)
		show_prompt();
}

void job_event(panda_handle_t h, uint32_t events)
{
	struct stage *st = find(h);

	if (!st || !st->running)
		return;		/* late news of a finished child */
	if (events & PANDA_EVENT_CHANNEL_READABLE)
		drain(st);
	if (events & PANDA_EVENT_PROCESS_EXITED)
		exited(st);
}
