/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The terminal: a shell and its screen in one process (userspace.md 5).
 *
 *	  input sources                core                    display
 *	+---------------+     +--------------------+     +----------------+
 *	| serial bytes  |keys | line editor,       |cells| term_renderer: |
 *	| (ANSI decoder)|---->| history, commands, |---->| ANSI on COM1,  |
 *	| virtio keys,  |     | jobs, child msgs   |     | glyphs in a    |
 *	| script/stdin  |     |                    |     | window         |
 *	+---------------+     +--------------------+     +----------------+
 *	                         | term_screen (lib/term_screen.c)
 *
 * The core never knows which display or input it has.  A display is a
 * struct term_renderer (include/lib/term_screen.h: draw cells, scroll,
 * clear, cursor, flush, size) plus the optional hooks of struct
 * term_display; an input source hands keys (include/lib/term_keys.h) to
 * terminal_key() and registers the handles it waits on with
 * terminal_watch().  Everything runs in one mailbox event loop
 * (PANDA_HANDLE_MAILBOX): input handles, timers and the process handles
 * of children.
 *
 * Files:
 *	main.c		options, start-up, the event loop, key routing,
 *			the prompt's line editing
 *	shell.c		command lines: parsing, builtins, command lookup
 *	jobs.c		running pipelines, messages from children, input
 *			requests, signals, child exit
 *	complete.c	Tab completion of commands and paths
 *	serial.c	the serial display (ANSI on console:/serial/0) and
 *			keyboard (console:/serial/0/input)
 *	window/window.c	the graphical display: a window, the Hack font
 *	keyboard.c	keys from the virtio keyboard through lib/keymap.c
 *	script.c	keys from STDIN or a file (tests, scripted runs)
 */
#ifndef _TERMINAL_TERMINAL_H
#define _TERMINAL_TERMINAL_H

#include <lib/term_cmdline.h>
#include <lib/term_keys.h>
#include <lib/term_line.h>
#include <lib/term_screen.h>
#include <panda/panda.h>

/* ------------------------------------------------------------ display */

struct term_display {
	struct term_renderer *renderer;
	/*
	 * Optional: ask the device for its size (start-up, Ctrl+L, clear).
	 * The answer arrives later, as a TERM_KEY_CURSOR_REPORT key or a
	 * call to terminal_resize().
	 */
	void (*query_size)(struct term_display *d);
	/* Optional: leave the device usable (before the terminal exits). */
	void (*close)(struct term_display *d);
};

/* The serial console: ANSI escapes on console:/serial/0. */
int serial_display_open(struct term_display **out, unsigned cols,
			unsigned rows, bool query_size);
/* Keys from console:/serial/0/input. */
int serial_input_open(void);
/*
 * A window where geometry says (fitted to the display), the Hack font
 * (window/window.c; CONFIG_TERMINAL_GRAPHICAL).
 */
struct term_geometry;
int window_display_open(struct term_display **out,
			const struct term_geometry *geometry);
/* Keys from a virtio keyboard, e.g. keyboard:/pci/input/0 (keyboard.c). */
int keyboard_input_open(const char *uri);
/* Keys from the bytes of the messages on STDIN (end: TERM_KEY_EOF). */
int stdin_input_open(void);
/* Keys from the bytes of a file, then TERM_KEY_EOF. */
int script_input_open(const char *uri);

/* ------------------------------------------------------------ core */

typedef void (*term_watch_fn)(void *arg, panda_handle_t h, uint32_t events);

/* Call fn for every mailbox record naming h (up to 8 watched handles). */
int terminal_watch(panda_handle_t h, term_watch_fn fn, void *arg);
void terminal_unwatch(panda_handle_t h);

/* A key from an input source, in order (typed ahead keys wait). */
void terminal_key(const struct term_key *k);
/* True when a key would be taken at once (nothing typed ahead, and the
 * prompt or an input request is waiting). */
bool terminal_wants_keys(void);
/* The display's size changed. */
void terminal_resize(unsigned cols, unsigned rows);

#define TERM_PATH_MAX	1024
#define TERM_URI_MAX	(TERM_PATH_MAX + 8)

struct terminal {
	struct term_screen screen;
	struct term_display *display;
	struct term_line line;		/* the prompt's */
	struct term_history history;
	char cwd[TERM_PATH_MAX];
	bool exiting;
	int exit_code;
	/* A scripted input source reads more when the terminal wants keys. */
	void (*input_idle)(void);
};

extern struct terminal term;

/* Attributes of the terminal's own messages. */
extern const struct term_attr attr_plain, attr_error, attr_warning,
	attr_prompt, attr_dim;

void say(const struct term_attr *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A line being edited at the cursor (the prompt's, or an input
 * request's). */
void edit_begin(void);
void edit_redraw(const struct term_line *l, bool password);
void edit_finish(struct term_line *l, bool password);

void show_prompt(void);

/* complete.c: Tab at the prompt (twice: the second Tab in a row). */
void complete(bool twice);

/* shell.c */
void shell_run(const char *line);
void shell_clear(void);
/* "file:<path>" of a command word, or false. */
bool shell_resolve(const char *word, char *uri, size_t cap);
/* Make path absolute (relative to the cwd) and normal. */
bool shell_abspath(const char *path, char *out, size_t cap);

/* jobs.c */
bool job_running(void);
bool job_has_input_request(void);
void job_start(const struct term_cmdline *c, char (*uris)[TERM_URI_MAX]);
void job_event(panda_handle_t h, uint32_t events);
bool job_owns(panda_handle_t h);
/* Ctrl+C, Ctrl+\, Ctrl+Z while a job runs: true if handled. */
bool job_urgent_key(const struct term_key *k);
/* A key for the pending input request. */
void job_input_key(const struct term_key *k);

#endif /* _TERMINAL_TERMINAL_H */
