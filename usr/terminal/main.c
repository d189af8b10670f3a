// SPDX-License-Identifier: GPL-2.0
/*
 * The terminal (userspace.md 5): start-up, the event loop, key routing
 * and the prompt's line editor.  See terminal.h for the structure.
 *
 *	terminal [--display serial | window] [--serial]
 *		 [--input serial | keyboard | stdin | --script URI]
 *		 [--keyboard URI] [--transcript] [--screenshot-marker]
 *		 [--size COLSxROWS] [--scrollback N]
 *		 [--geometry WxH[+X+Y] | full]
 *
 * --display window draws in a window (with CONFIG_TERMINAL_GRAPHICAL):
 * 800 x 600 at (50, 50) as userspace.md 5.1 says, or where --geometry
 * puts it ("full" covers the display), and reads the virtio keyboard
 * (--keyboard, default keyboard:/pci/input/0); --display serial (the default, also
 * --serial) uses the serial console for both.  --input stdin reads keys
 * from the messages on STDIN and --script from a file (both as the bytes
 * a serial terminal would send, escape sequences included); the terminal
 * exits when they end.  --transcript logs every finished line of the
 * screen as "tty: <line>" (tests read it); --screenshot-marker logs the
 * screenshot runner's marker each time a new prompt has reached the
 * display (tests.md 1.5).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lib/term_geometry.h>
#include "terminal.h"

struct terminal term;

const struct term_attr attr_plain;
const struct term_attr attr_error = {
	.fg = TERM_COLOUR_INDEXED | PANDA_BRIGHT_RED,
};
const struct term_attr attr_warning = {
	.fg = TERM_COLOUR_INDEXED | PANDA_BRIGHT_YELLOW,
};
const struct term_attr attr_prompt = {
	.fg = TERM_COLOUR_INDEXED | PANDA_BRIGHT_GREEN,
	.flags = TERM_ATTR_BOLD,
};
const struct term_attr attr_dim = { .flags = TERM_ATTR_DIM };

#define PROMPT		"> "
#define SCROLLBACK	1000
#define QUEUE_MAX	8192	/* typed-ahead keys */
#define WATCH_MAX	8
#define DEFAULT_KEYBOARD "keyboard:/pci/input/0"

/* ------------------------------------------------------------ watches */

static struct {
	panda_handle_t h;
	term_watch_fn fn;
	void *arg;
} watches[WATCH_MAX];

int terminal_watch(panda_handle_t h, term_watch_fn fn, void *arg)
{
	int i;

	for (i = 0; i < WATCH_MAX; i++) {
		if (!watches[i].h) {
			watches[i].h = h;
			watches[i].fn = fn;
			watches[i].arg = arg;
			return 0;
		}
	}
	return -PANDA_ERR_NO_MEMORY;
}

void terminal_unwatch(panda_handle_t h)
{
	int i;

	for (i = 0; i < WATCH_MAX; i++)
		if (watches[i].h == h)
			watches[i].h = 0;
}

static bool dispatch_watch(panda_handle_t h, uint32_t events)
{
	int i;

	for (i = 0; i < WATCH_MAX; i++) {
		if (watches[i].h && watches[i].h == h) {
			watches[i].fn(watches[i].arg, h, events);
			return true;
		}
	}
	return false;
}

/*
 * The parent (the service manager, or whoever started us) asks us to
 * stop with a Terminate signal on the parent channel (services.md 2.2):
 * finish like the 'exit' builtin, with code 0.
 */
static void on_terminate(enum panda_term_signal sig, void *arg)
{
	term.exiting = true;
}

static void parent_event(void *arg, panda_handle_t h, uint32_t events)
{
	if (events & PANDA_EVENT_CHANNEL_READABLE)
		panda_signal_dispatch(false);
	if (events & PANDA_EVENT_CHANNEL_CLOSED)
		terminal_unwatch(h);	/* nobody left to ask */
}

/* ------------------------------------------------------------ output */

void say(const struct term_attr *a, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	term_screen_set_attr(&term.screen, a);
	term_screen_write(&term.screen, buf,
			  (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
	term_screen_reset_attr(&term.screen);
}

static void transcript(void *ctx, const char *text, size_t n)
{
	char buf[1100];

	memcpy(buf, "tty: ", 5);
	if (n > sizeof(buf) - 5)
		n = sizeof(buf) - 5;
	memcpy(buf + 5, text, n);
	panda_log_bytes(buf, n + 5);
}

/* ------------------------------------------------------------ editing */

/* Where the edited text starts, kept right when the screen scrolls. */
static struct {
	unsigned row, col;
	unsigned long scrolls;
	size_t shown;		/* cells drawn last time */
} edit;

static void edit_track_scroll(void)
{
	unsigned long d = term.screen.scrolls - edit.scrolls;

	edit.row = d > edit.row ? 0 : edit.row - (unsigned)d;
	edit.scrolls = term.screen.scrolls;
}

void edit_begin(void)
{
	struct term_screen *s = &term.screen;

	if (s->col >= s->cols)	/* the prompt filled the row */
		term_screen_newline(s);
	edit.row = s->row;
	edit.col = s->col;
	edit.scrolls = s->scrolls;
	edit.shown = 0;
}

static void write_edit_text(const struct term_line *l, bool password)
{
	struct term_screen *s = &term.screen;
	size_t i;

	if (!password) {
		term_screen_write(s, l->buf, l->len);
		return;
	}
	for (i = 0; i < l->len; i++)
		if (((unsigned char)l->buf[i] & 0xc0) != 0x80)
			term_screen_putc(s, '*');
}

void edit_redraw(const struct term_line *l, bool password)
{
	struct term_screen *s = &term.screen;
	size_t n = term_line_cols(l), off, i;
	bool ww = s->word_wrap;

	edit_track_scroll();
	s->word_wrap = false;
	term_screen_reset_attr(s);
	term_screen_move(s, edit.row, edit.col);
	write_edit_text(l, password);
	for (i = n; i < edit.shown; i++)
		term_screen_putc(s, ' ');
	edit.shown = n;
	s->word_wrap = ww;
	edit_track_scroll();

	/* The cursor on the character at l->pos. */
	off = edit.col + term_line_cursor_cols(l);
	s->row = edit.row + (unsigned)(off / s->cols);
	s->col = (unsigned)(off % s->cols);
	if (s->col == 0 && off && term_line_cursor_cols(l) == n) {
		/* At the end, just after a full row: wait there. */
		s->row--;
		s->col = s->cols;
	}
	if (s->row >= s->rows) {
		s->row = s->rows - 1;
		s->col = s->cols;
	}
}

void edit_finish(struct term_line *l, bool password)
{
	term_line_end(l);
	edit_redraw(l, password);
	term_screen_newline(&term.screen);
}

/* Prompts shown so far (--screenshot-marker). */
static unsigned long prompts;

void show_prompt(void)
{
	struct term_screen *s = &term.screen;

	prompts++;
	term_screen_reset_attr(s);
	term_screen_fresh_line(s);
	say(&attr_prompt, PROMPT);
	edit_begin();
	edit_redraw(&term.line, false);
}

/* ------------------------------------------------------------ keys */

static struct term_key queue[QUEUE_MAX];
static size_t q_head, q_len;
static bool q_overflowed;

static bool can_take_key(void)
{
	if (term.exiting)
		return false;
	return !job_running() || job_has_input_request();
}

static void prompt_key(const struct term_key *k)
{
	struct term_screen *s = &term.screen;
	static bool after_tab;
	bool twice = after_tab;

	after_tab = k->code == TERM_KEY_TAB && !k->mods;
	if (after_tab) {
		complete(twice);
		return;
	}

	if (k->code == TERM_KEY_EOF) {
		term_screen_fresh_line(s);
		term.exiting = true;
		return;
	}
	if (k->code == TERM_KEY_PAGE_UP || k->code == TERM_KEY_PAGE_DOWN) {
		int d = (int)(s->rows / 2 ? s->rows / 2 : 1);

		term_screen_scroll_view(s, k->code == TERM_KEY_PAGE_UP ? d : -d);
		return;
	}
	if (term_key_is_ctrl(k, 'c')) {
		term_line_end(&term.line);
		edit_redraw(&term.line, false);
		say(&attr_dim, "^C");
		term_screen_newline(s);
		term_line_clear(&term.line);
		term_history_reset(&term.history);
		show_prompt();
		return;
	}
	if (term_key_is_ctrl(k, 'l')) {
		shell_clear();
		show_prompt();
		return;
	}
	switch (term_line_key(&term.line, &term.history, k)) {
	case TERM_LINE_CHANGED:
		edit_redraw(&term.line, false);
		break;
	case TERM_LINE_ENTER: {
		char cmd[TERM_LINE_MAX];

		edit_finish(&term.line, false);
		memcpy(cmd, term.line.buf, term.line.len + 1);
		term_history_add(&term.history, cmd, strlen(cmd));
		term_line_clear(&term.line);
		shell_run(cmd);
		if (!job_running() && !term.exiting)
			show_prompt();
		break;
	}
	default:
		break;
	}
}

static void take_key(const struct term_key *k)
{
	if (job_has_input_request())
		job_input_key(k);
	else if (!job_running())
		prompt_key(k);
}

/* Handle the typed-ahead keys that can be handled now. */
static void pump(void)
{
	while (q_len && can_take_key()) {
		struct term_key k = queue[q_head];

		q_head = (q_head + 1) % QUEUE_MAX;
		q_len--;
		take_key(&k);
	}
}

bool terminal_wants_keys(void)
{
	return !q_len && can_take_key();
}

void terminal_key(const struct term_key *k)
{
	if (k->code == TERM_KEY_CURSOR_REPORT) {
		/* The answer to a size query: the cursor went to the corner. */
		if (k->row >= 2 && k->col >= 10)
			terminal_resize(k->col, k->row);
		return;
	}
	if (job_running() && job_urgent_key(k))
		return;
	if (!q_len && can_take_key()) {
		take_key(k);
		return;
	}
	if (q_len == QUEUE_MAX) {
		if (!q_overflowed)
			panda_log("terminal: too many keys typed ahead, "
				  "dropping some");
		q_overflowed = true;
		return;
	}
	queue[(q_head + q_len) % QUEUE_MAX] = *k;
	q_len++;
}

void terminal_resize(unsigned cols, unsigned rows)
{
	struct term_renderer *r = term.display->renderer;

	if (cols == term.screen.cols && rows == term.screen.rows)
		return;
	r->cols = cols;
	r->rows = rows;
	if (term_screen_resize(&term.screen, cols, rows)) {
		r->cols = term.screen.cols;
		r->rows = term.screen.rows;
		return;
	}
	edit.scrolls = term.screen.scrolls;
	if (edit.row >= rows)
		edit.row = rows - 1;
	if (edit.col >= cols)
		edit.col = 0;
	if (!job_running())
		edit_redraw(&term.line, false);
}

/* ------------------------------------------------------------ start-up */

static void *heap_alloc(void *ctx, size_t size)
{
	return malloc(size);
}

static void heap_free(void *ctx, void *p, size_t size)
{
	free(p);
}

static const struct panda_value_alloc screen_heap = {
	heap_alloc, heap_free, NULL,
};

static void usage(void)
{
	panda_log("usage: terminal [--display serial | window] [--serial] "
		  "[--input serial | keyboard | stdin | --script URI] "
		  "[--keyboard URI] [--transcript] [--screenshot-marker] "
		  "[--size COLSxROWS] [--scrollback N] "
		  "[--geometry WxH[+X+Y] | full]");
}

static bool parse_size(const char *s, unsigned *cols, unsigned *rows)
{
	char *end;
	unsigned long c = strtoul(s, &end, 10), r;

	if (*end != 'x')
		return false;
	r = strtoul(end + 1, &end, 10);
	if (*end || c < 10 || r < 2 || c > 1000 || r > 1000)
		return false;
	*cols = (unsigned)c;
	*rows = (unsigned)r;
	return true;
}

static int display_open(const char *name, unsigned cols, unsigned rows,
			bool query, const struct term_geometry *geometry)
{
	if (!strcmp(name, "serial"))
		return serial_display_open(&term.display, cols, rows, query);
#ifdef CONFIG_TERMINAL_GRAPHICAL
	if (!strcmp(name, "window"))
		return window_display_open(&term.display, geometry);
#endif
	return -PANDA_ERR_NOT_SUPPORTED;
}

int main(int argc, char **argv)
{
	const char *input = NULL, *script = NULL, *display = "serial";
	const char *keyboard = DEFAULT_KEYBOARD;
	unsigned cols = 80, rows = 24, scrollback = SCROLLBACK;
	struct term_geometry geometry = TERM_GEOMETRY_DEFAULT;
	bool log_lines = false, query = true, marker = false;
	unsigned long marked = 0;
	int i, err;

	panda_log("terminal: Starting");
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--serial")) {
			display = "serial";
		} else if (!strcmp(argv[i], "--display") && i + 1 < argc) {
			display = argv[++i];
		} else if (!strcmp(argv[i], "--keyboard") && i + 1 < argc) {
			keyboard = argv[++i];
		} else if (!strcmp(argv[i], "--screenshot-marker")) {
			marker = true;
		} else if (!strcmp(argv[i], "--input") && i + 1 < argc) {
			input = argv[++i];
		} else if (!strcmp(argv[i], "--script") && i + 1 < argc) {
			input = "script";
			script = argv[++i];
		} else if (!strcmp(argv[i], "--transcript")) {
			log_lines = true;
		} else if (!strcmp(argv[i], "--size") && i + 1 < argc &&
			   parse_size(argv[i + 1], &cols, &rows)) {
			i++;
			query = false;
		} else if (!strcmp(argv[i], "--geometry") && i + 1 < argc &&
			   !term_geometry_parse(argv[i + 1], &geometry)) {
			i++;
		} else if (!strcmp(argv[i], "--scrollback") && i + 1 < argc) {
			scrollback = (unsigned)strtoul(argv[++i], NULL, 10);
		} else {
			usage();
			return 2;
		}
	}

	panda_setenv("PATH", "/mnt:/initrd");
	panda_setenv("HOME", "/");
	panda_setenv("TERM", "panda");
	strcpy(term.cwd, "/");
	panda_setenv("PWD", term.cwd);
	term_line_init(&term.line);
	term_history_init(&term.history);

	err = display_open(display, cols, rows, query, &geometry);
	if (err) {
		panda_logf("terminal: no display: %s", panda_strerror(err));
		return 1;
	}
	err = term_screen_init(&term.screen, term.display->renderer,
			       &screen_heap, scrollback);
	if (err) {
		panda_log("terminal: out of memory");
		return 1;
	}
	if (log_lines)
		term.screen.transcript = transcript;

	term_screen_clear(&term.screen, TERM_CLEAR_SCREEN);
	say(&attr_plain, "Panda OS Terminal\n");
	say(&attr_dim, "Type 'help' for available commands.\n");
	show_prompt();
	term_screen_flush(&term.screen);

	if (!input)
		input = strcmp(display, "window") ? "serial" : "keyboard";
	if (!strcmp(input, "serial"))
		err = serial_input_open();
	else if (!strcmp(input, "keyboard"))
		err = keyboard_input_open(keyboard);
	else if (!strcmp(input, "stdin"))
		err = stdin_input_open();
	else if (!strcmp(input, "script"))
		err = script_input_open(script);
	else
		err = -PANDA_ERR_INVALID_ARGUMENT;
	if (err) {
		/* Still useful as a display; wait for nothing forever. */
		panda_logf("terminal: no keyboard (%s): %s", input,
			   panda_strerror(err));
	} else {
		panda_logf("terminal: ready (%s display, %s input, %ux%u)",
			   display, input, term.screen.cols, term.screen.rows);
	}
	if (panda_handle_exists(PANDA_HANDLE_PARENT) &&
	    !terminal_watch(PANDA_HANDLE_PARENT, parent_event, NULL))
		panda_signal_handle(PANDA_TERM_SIG_TERMINATE, on_terminate,
				    NULL, NULL);
	pump();
	term_screen_flush(&term.screen);

	while (!term.exiting) {
		panda_handle_t h;
		uint32_t events;

		/* A script reads on until it is empty or a command runs. */
		if (term.input_idle && terminal_wants_keys()) {
			term.input_idle();
			term_screen_flush(&term.screen);
			if (term.exiting)
				break;
		}
		if (panda_mailbox_recv(panda_mailbox_default(), &h, &events))
			break;
		if (!dispatch_watch(h, events))
			job_event(h, events);
		pump();
		term_screen_flush(&term.screen);
		/* The flush waited for the display: the prompt is on it. */
		if (marker && marked != prompts && terminal_wants_keys()) {
			marked = prompts;
			panda_screenshot_ready();
		}
	}
	term_screen_flush(&term.screen);
	if (term.display->close)
		term.display->close(term.display);
	panda_logf("terminal: exiting with code %d", term.exit_code);
	return term.exit_code;
}
