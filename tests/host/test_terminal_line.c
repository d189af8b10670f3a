// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for lib/term_line.c: the terminal's line editor (insertion at the
 * cursor, movement by character and word, deletion, kills, UTF-8, the
 * length limit) and its history (adding, duplicates, browsing up and down
 * with the draft kept, the ring of TERM_HISTORY_MAX entries).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <lib/term_keys.h>
#include <lib/term_line.h>

static struct term_line line;
static struct term_history hist;

static void setup(void)
{
	term_line_init(&line);
	term_history_init(&hist);
}

/* Feed the bytes of a serial terminal through the decoder and editor. */
struct feed {
	int enters;
	int ignored;
};

static void on_key(void *arg, const struct term_key *k)
{
	struct feed *f = arg;

	switch (term_line_key(&line, &hist, k)) {
	case TERM_LINE_ENTER:
		f->enters++;
		term_history_add(&hist, line.buf, line.len);
		term_line_clear(&line);
		break;
	case TERM_LINE_IGNORED:
		f->ignored++;
		break;
	default:
		break;
	}
}

static struct feed type(const char *s)
{
	struct term_keys d;
	struct feed f = { 0, 0 };

	term_keys_init(&d);
	term_keys_feed(&d, s, strlen(s), on_key, &f);
	term_keys_flush(&d, on_key, &f);
	return f;
}

/* The line with '|' marking the cursor. */
static const char *shown(void)
{
	static char buf[TERM_LINE_MAX + 2];

	snprintf(buf, sizeof(buf), "%.*s|%s", (int)line.pos, line.buf,
		 line.buf + line.pos);
	return buf;
}

TestSuite(term_line, .init = setup);

Test(term_line, typing)
{
	type("hello");
	cr_assert_str_eq(shown(), "hello|");
	cr_assert_eq(term_line_cols(&line), 5);
	cr_assert_eq(term_line_cursor_cols(&line), 5);
}

Test(term_line, left_right_insert_in_middle)
{
	type("helo\x1b[D");
	cr_assert_str_eq(shown(), "hel|o");
	type("l");
	cr_assert_str_eq(shown(), "hell|o");
	type("\x1b[C\x1b[C\x1b[C");
	cr_assert_str_eq(shown(), "hello|");
	type("\x02\x02\x06");	/* Ctrl+B Ctrl+B Ctrl+F */
	cr_assert_str_eq(shown(), "hell|o");
}

Test(term_line, home_end)
{
	type("abc\x1b[H");
	cr_assert_str_eq(shown(), "|abc");
	type("X\x1b[F" "Y");
	cr_assert_str_eq(shown(), "XabcY|");
	type("\x01" "1\x05" "2");	/* Ctrl+A, Ctrl+E */
	cr_assert_str_eq(shown(), "1XabcY2|");
	type("\x1b[1~<\x1b[4~>");
	cr_assert_str_eq(shown(), "<1XabcY2>|");
}

Test(term_line, backspace_and_delete)
{
	type("abcd\x7f");
	cr_assert_str_eq(shown(), "abc|");
	type("\x1b[D\x1b[D\x1b[3~");
	cr_assert_str_eq(shown(), "a|c");
	type("\x7f\x7f\x7f");
	cr_assert_str_eq(shown(), "|c");
	type("\x04");	/* Ctrl+D deletes on a non-empty line */
	cr_assert_str_eq(shown(), "|");
	cr_assert_eq(type("\x04").ignored, 1);	/* and is EOF on an empty one */
	cr_assert_eq(type("\x1b[3~").ignored, 0);
}

Test(term_line, utf8_moves_by_character)
{
	type("a\xc3\xa9\xe2\x82\xac" "b");
	cr_assert_eq(line.len, 7);
	cr_assert_eq(term_line_cols(&line), 4);
	type("\x1b[D\x1b[D");
	cr_assert_str_eq(shown(), "a\xc3\xa9|\xe2\x82\xac" "b");
	cr_assert_eq(term_line_cursor_cols(&line), 2);
	type("\x7f");
	cr_assert_str_eq(shown(), "a|\xe2\x82\xac" "b");
	type("\x1b[3~");
	cr_assert_str_eq(shown(), "a|b");
}

Test(term_line, words)
{
	type("ls /initrd | grep hel");
	type("\x1b[1;5D");
	cr_assert_str_eq(shown(), "ls /initrd | grep |hel");
	type("\x1b[1;5D\x1b[1;5D");
	cr_assert_str_eq(shown(), "ls /|initrd | grep hel");
	type("\x1b" "f");
	cr_assert_str_eq(shown(), "ls /initrd| | grep hel");
	type("\x17");	/* Ctrl+W */
	cr_assert_str_eq(shown(), "ls /| | grep hel");
	type("\x1b" "b\x1b" "d");
	cr_assert_str_eq(shown(), "| / | grep hel");
}

Test(term_line, kills)
{
	type("one two three\x1b[D\x1b[D\x1b[D\x1b[D\x1b[D");
	type("\x0b");	/* Ctrl+K */
	cr_assert_str_eq(shown(), "one two |");
	type("\x1b[D\x1b[D\x15");	/* Ctrl+U */
	cr_assert_str_eq(shown(), "|o ");
}

Test(term_line, limit)
{
	size_t i;

	for (i = 0; i < TERM_LINE_MAX + 10; i++)
		term_line_insert(&line, 'x');
	cr_assert_eq(line.len, TERM_LINE_MAX - 1);
	cr_assert_not(term_line_insert(&line, 0x20ac));
	cr_assert_eq(line.buf[line.len], '\0');
}

Test(term_line, rejects_controls)
{
	cr_assert_not(term_line_insert(&line, 0x07));
	cr_assert_not(term_line_insert(&line, 0x7f));
	cr_assert_not(term_line_insert(&line, 0x85));
	cr_assert_not(term_line_insert(&line, 0xd800));
	cr_assert_not(term_line_insert(&line, 0x110000));
	cr_assert_eq(line.len, 0);
}

Test(term_line, set_cuts_on_character_boundary)
{
	char big[TERM_LINE_MAX + 4];
	size_t i;

	for (i = 0; i + 2 < sizeof(big); i += 2) {
		big[i] = (char)0xc3;
		big[i + 1] = (char)0xa9;
	}
	big[TERM_LINE_MAX] = 'z';
	term_line_set(&line, big, TERM_LINE_MAX + 1);
	cr_assert_eq(line.len, TERM_LINE_MAX - 2);
	cr_assert_eq(line.pos, line.len);
}

Test(term_line, enter)
{
	struct feed f = type("abc\r");

	cr_assert_eq(f.enters, 1);
	cr_assert_str_eq(term_history_get(&hist, 1), "abc");
}

Test(term_line, other_keys_ignored)
{
	cr_assert_eq(type("\x03\x0c\t\x1b[5~").ignored, 4);
	cr_assert_eq(line.len, 0);
}

Test(term_line, history_up_down_keeps_draft)
{
	type("first\rsecond\rthird\r");
	cr_assert_eq(hist.count, 3);
	type("dra");
	type("\x1b[A");
	cr_assert_str_eq(shown(), "third|");
	type("\x1b[A\x1b[A");
	cr_assert_str_eq(shown(), "first|");
	type("\x1b[A");		/* nothing older */
	cr_assert_str_eq(shown(), "first|");
	type("\x1b[B");
	cr_assert_str_eq(shown(), "second|");
	type("\x1b[B\x1b[B");
	cr_assert_str_eq(shown(), "dra|");
	type("\x1b[B");
	cr_assert_str_eq(shown(), "dra|");
}

Test(term_line, history_recall_and_run)
{
	struct feed f;

	type("hello\rls /initrd | grep hel\r");
	f = type("\x1b[A\x1b[A\r");
	cr_assert_eq(f.enters, 1);
	cr_assert_str_eq(term_history_get(&hist, 1), "hello");
	cr_assert_str_eq(term_history_get(&hist, 2), "ls /initrd | grep hel");
	cr_assert_eq(hist.browse, 0);
}

Test(term_line, history_skips_blank_and_repeats)
{
	type("a\ra\r\r   \rb\ra\r");
	cr_assert_eq(hist.count, 3);
	cr_assert_str_eq(term_history_get(&hist, 1), "a");
	cr_assert_str_eq(term_history_get(&hist, 2), "b");
	cr_assert_str_eq(term_history_get(&hist, 3), "a");
	cr_assert_null(term_history_get(&hist, 4));
	cr_assert_null(term_history_get(&hist, 0));
}

Test(term_line, history_ring)
{
	char cmd[16];
	int i;

	for (i = 0; i < TERM_HISTORY_MAX + 5; i++) {
		snprintf(cmd, sizeof(cmd), "cmd%d", i);
		term_history_add(&hist, cmd, strlen(cmd));
	}
	cr_assert_eq(hist.count, TERM_HISTORY_MAX);
	snprintf(cmd, sizeof(cmd), "cmd%d", TERM_HISTORY_MAX + 4);
	cr_assert_str_eq(term_history_get(&hist, 1), cmd);
	cr_assert_str_eq(term_history_get(&hist, TERM_HISTORY_MAX), "cmd5");
	for (i = 0; i < TERM_HISTORY_MAX; i++)
		cr_assert(term_history_prev(&hist, &line));
	cr_assert_not(term_history_prev(&hist, &line));
	cr_assert_str_eq(line.buf, "cmd5");
}

Test(term_line, no_history)
{
	struct term_key up = { .code = TERM_KEY_UP };

	cr_assert_eq(term_line_key(&line, NULL, &up), TERM_LINE_IGNORED);
}
