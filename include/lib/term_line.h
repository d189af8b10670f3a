/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The terminal's line editor and command history, without any drawing:
 * the terminal asks it what to show (term_line_text(), the cursor's
 * column from term_line_cursor_cols()) after each key.  Pure and
 * freestanding, host-tested.
 *
 * The line is UTF-8, at most TERM_LINE_MAX - 1 bytes; the cursor is a
 * byte offset that always sits on a character boundary.  Every character
 * takes one cell.
 *
 * Keys (term_line_key()):
 *
 *	text			insert at the cursor
 *	Left Right		move by a character;  Ctrl+B Ctrl+F too
 *	Ctrl/Alt+Left/Right	move by a word;  Alt+B Alt+F too
 *	Home End		start, end;  Ctrl+A Ctrl+E too
 *	Backspace		delete before the cursor
 *	Delete			delete at the cursor;  Ctrl+D on a non-empty
 *				line too
 *	Ctrl+K / Ctrl+U		delete to the end / to the start
 *	Ctrl+W, Alt+Backspace	delete the word before the cursor
 *	Up Down			older / newer history entry (with a history);
 *				Ctrl+P Ctrl+N too
 *	Enter			TERM_LINE_ENTER (the caller takes the text)
 *
 * Anything else is TERM_LINE_IGNORED, for the caller to interpret
 * (Ctrl+C, Ctrl+L, Tab, Page Up ...).
 */
#ifndef _LIB_TERM_LINE_H
#define _LIB_TERM_LINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <lib/term_keys.h>

#define TERM_LINE_MAX		1024	/* bytes, with the NUL */
#define TERM_HISTORY_MAX	64	/* entries kept */

struct term_line {
	char buf[TERM_LINE_MAX];	/* NUL-terminated */
	size_t len, pos;		/* bytes; pos <= len */
};

struct term_history {
	char entries[TERM_HISTORY_MAX][TERM_LINE_MAX];
	size_t count;			/* entries in use */
	size_t first;			/* index of the oldest */
	size_t browse;			/* 0: editing a new line; k: the
					 * k-th newest entry is shown */
	char draft[TERM_LINE_MAX];	/* the new line while browsing */
};

enum term_line_result {
	TERM_LINE_IGNORED,		/* not an editing key */
	TERM_LINE_UNCHANGED,		/* handled, nothing changed (e.g.
					 * Left at the start) */
	TERM_LINE_CHANGED,		/* text or cursor changed */
	TERM_LINE_ENTER,		/* Enter */
};

void term_line_init(struct term_line *l);
void term_line_clear(struct term_line *l);
/* Replace the text (cut at TERM_LINE_MAX - 1 on a character boundary);
 * the cursor goes to the end. */
void term_line_set(struct term_line *l, const char *s, size_t n);

static inline const char *term_line_text(const struct term_line *l)
{
	return l->buf;
}

/* Insert at the cursor; false (nothing inserted) if it does not fit or
 * is no Unicode scalar value (or a control character). */
bool term_line_insert(struct term_line *l, uint32_t cp);
bool term_line_insert_text(struct term_line *l, const char *s, size_t n);
bool term_line_backspace(struct term_line *l);
bool term_line_delete(struct term_line *l);
bool term_line_left(struct term_line *l);
bool term_line_right(struct term_line *l);
bool term_line_word_left(struct term_line *l);
bool term_line_word_right(struct term_line *l);
bool term_line_home(struct term_line *l);
bool term_line_end(struct term_line *l);
bool term_line_kill_end(struct term_line *l);
bool term_line_kill_start(struct term_line *l);
bool term_line_kill_word(struct term_line *l);

/* Characters (cells) in the line, and before the cursor. */
size_t term_line_cols(const struct term_line *l);
size_t term_line_cursor_cols(const struct term_line *l);

/* One key; h may be NULL (no history: Up and Down are ignored). */
enum term_line_result term_line_key(struct term_line *l,
				    struct term_history *h,
				    const struct term_key *k);

void term_history_init(struct term_history *h);
/*
 * Remember a line that was entered; empty lines, lines of only blanks and
 * a repeat of the newest entry are not added.  Browsing starts over.
 */
void term_history_add(struct term_history *h, const char *s, size_t n);
/* The k-th newest entry (1 = newest), or NULL. */
const char *term_history_get(const struct term_history *h, size_t k);
/* Show the next older / newer entry in l; false if there is none. */
bool term_history_prev(struct term_history *h, struct term_line *l);
bool term_history_next(struct term_history *h, struct term_line *l);
/* Stop browsing (e.g. after Enter or Ctrl+C). */
void term_history_reset(struct term_history *h);

#endif /* _LIB_TERM_LINE_H */
