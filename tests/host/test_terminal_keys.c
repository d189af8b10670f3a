// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for lib/term_keys.c: the serial terminal's input decoder (text,
 * UTF-8, control keys, CSI/SS3 sequences with modifiers, cursor reports,
 * Alt, a lone Escape, sequences split anywhere, garbage).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include <lib/term_keys.h>

#define MAX_KEYS 64

struct rec {
	struct term_key k[MAX_KEYS];
	size_t n;
};

static void rec_key(void *arg, const struct term_key *k)
{
	struct rec *r = arg;

	cr_assert_lt(r->n, MAX_KEYS);
	r->k[r->n++] = *k;
}

/* Decode s and return the key names joined with spaces. */
static const char *decode(const char *s, size_t n, bool flush)
{
	static char out[1024];
	struct term_keys d;
	struct rec r = { .n = 0 };
	size_t i, at = 0;

	term_keys_init(&d);
	term_keys_feed(&d, s, n, rec_key, &r);
	if (flush)
		term_keys_flush(&d, rec_key, &r);
	out[0] = '\0';
	for (i = 0; i < r.n; i++) {
		char name[64];

		term_key_name(&r.k[i], name, sizeof(name));
		at += snprintf(out + at, sizeof(out) - at, "%s%s",
			       i ? " " : "", name);
	}
	return out;
}

#define D(lit) decode(lit, sizeof(lit) - 1, true)

Test(term_keys, plain_text)
{
	cr_assert_str_eq(D("ab Z1~"), "a b Space Z 1 ~");
}

Test(term_keys, enter_backspace_tab)
{
	cr_assert_str_eq(D("\r"), "Enter");
	cr_assert_str_eq(D("\n"), "Enter");
	cr_assert_str_eq(D("\r\n"), "Enter");
	cr_assert_str_eq(D("\r\r"), "Enter Enter");
	cr_assert_str_eq(D("\n\n"), "Enter Enter");
	cr_assert_str_eq(D("\x7f\x08\t"), "Backspace Backspace Tab");
}

Test(term_keys, ctrl_letters)
{
	cr_assert_str_eq(D("\x03\x01\x1a\x04"), "Ctrl+C Ctrl+A Ctrl+Z Ctrl+D");
	cr_assert_str_eq(D("\x1c\x1f"), "Ctrl+\\ Ctrl+_");
	cr_assert_str_eq(decode("\0", 1, true), "Ctrl+@");
}

Test(term_keys, ctrl_c_is_char_c_with_ctrl)
{
	struct term_keys d;
	struct rec r = { .n = 0 };

	term_keys_init(&d);
	term_keys_feed(&d, "\x03", 1, rec_key, &r);
	cr_assert_eq(r.n, 1);
	cr_assert(term_key_is_ctrl(&r.k[0], 'c'));
	cr_assert_not(term_key_is_text(&r.k[0]));
}

Test(term_keys, utf8)
{
	struct term_keys d;
	struct rec r = { .n = 0 };

	term_keys_init(&d);
	term_keys_feed(&d, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x90\xbc", 9, rec_key,
		       &r);
	cr_assert_eq(r.n, 3);
	cr_assert_eq(r.k[0].ch, 0xe9);
	cr_assert_eq(r.k[1].ch, 0x20ac);
	cr_assert_eq(r.k[2].ch, 0x1f43c);
	cr_assert(term_key_is_text(&r.k[2]));
}

Test(term_keys, bad_utf8)
{
	/* Stray continuation, overlong, surrogate, lead then ASCII. */
	cr_assert_str_eq(D("\x80"), "U+FFFD");
	cr_assert_str_eq(D("\xc0\xaf"), "U+FFFD U+FFFD");
	cr_assert_str_eq(D("\xed\xa0\x80"), "U+FFFD");
	cr_assert_str_eq(D("\xc3" "a"), "U+FFFD a");
	/* Cut at the end: U+FFFD only when flushed. */
	cr_assert_str_eq(decode("\xe2\x82", 2, false), "");
	cr_assert_str_eq(decode("\xe2\x82", 2, true), "U+FFFD");
}

Test(term_keys, arrows_csi_and_ss3)
{
	cr_assert_str_eq(D("\x1b[A\x1b[B\x1b[C\x1b[D"), "Up Down Right Left");
	cr_assert_str_eq(D("\x1bOA\x1bOB\x1bOC\x1bOD"), "Up Down Right Left");
	cr_assert_str_eq(D("\x1b[H\x1b[F\x1bOH\x1bOF"), "Home End Home End");
}

Test(term_keys, tilde_keys)
{
	cr_assert_str_eq(D("\x1b[1~\x1b[7~\x1b[4~\x1b[8~"),
			 "Home Home End End");
	cr_assert_str_eq(D("\x1b[2~\x1b[3~\x1b[5~\x1b[6~"),
			 "Insert Delete PageUp PageDown");
	cr_assert_str_eq(D("\x1b[11~\x1b[15~\x1b[17~\x1b[24~"),
			 "F1 F5 F6 F12");
	cr_assert_str_eq(D("\x1bOP\x1bOS"), "F1 F4");
}

Test(term_keys, modifiers)
{
	cr_assert_str_eq(D("\x1b[1;5C"), "Ctrl+Right");
	cr_assert_str_eq(D("\x1b[1;3D"), "Alt+Left");
	cr_assert_str_eq(D("\x1b[1;2A"), "Shift+Up");
	cr_assert_str_eq(D("\x1b[3;5~"), "Ctrl+Delete");
	cr_assert_str_eq(D("\x1b[5;2~"), "Shift+PageUp");
	cr_assert_str_eq(D("\x1b[Z"), "Shift+Tab");
}

Test(term_keys, alt_keys)
{
	cr_assert_str_eq(D("\x1b" "b"), "Alt+b");
	cr_assert_str_eq(D("\x1b\x7f"), "Alt+Backspace");
	cr_assert_str_eq(D("\x1b\x03"), "Ctrl+Alt+C");
}

Test(term_keys, lone_escape)
{
	cr_assert_str_eq(decode("\x1b", 1, false), "");
	cr_assert_str_eq(decode("\x1b", 1, true), "Escape");
	cr_assert_str_eq(D("\x1b\x1b[A"), "Escape Up");
}

Test(term_keys, cursor_report)
{
	struct term_keys d;
	struct rec r = { .n = 0 };

	term_keys_init(&d);
	term_keys_feed(&d, "\x1b[50;132R", 9, rec_key, &r);
	cr_assert_eq(r.n, 1);
	cr_assert_eq(r.k[0].code, TERM_KEY_CURSOR_REPORT);
	cr_assert_eq(r.k[0].row, 50);
	cr_assert_eq(r.k[0].col, 132);
	cr_assert_str_eq(D("\x1b[R"), "F3");
}

Test(term_keys, split_anywhere)
{
	const char *in = "a\x1b[1;5Cb\xc3\xa9\x1bOA\r\n";
	size_t n = strlen(in), cut, i;
	char want[256];

	snprintf(want, sizeof(want), "%s", D("a\x1b[1;5Cb\xc3\xa9\x1bOA\r\n"));
	cr_assert_str_eq(want, "a Ctrl+Right b U+00E9 Up Enter");
	for (cut = 0; cut <= n; cut++) {
		struct term_keys d;
		struct rec r = { .n = 0 };
		char got[256];
		size_t at = 0;

		term_keys_init(&d);
		/* Byte by byte after the cut, as a slow line delivers. */
		term_keys_feed(&d, in, cut, rec_key, &r);
		for (i = cut; i < n; i++)
			term_keys_feed(&d, in + i, 1, rec_key, &r);
		got[0] = '\0';
		for (i = 0; i < r.n; i++) {
			char name[64];

			term_key_name(&r.k[i], name, sizeof(name));
			at += snprintf(got + at, sizeof(got) - at, "%s%s",
				       i ? " " : "", name);
		}
		cr_assert_str_eq(got, want, "cut at %zu", cut);
	}
}

Test(term_keys, unknown_and_private_sequences_dropped)
{
	cr_assert_str_eq(D("\x1b[?1;2c" "x"), "x");
	cr_assert_str_eq(D("\x1b[99~" "y"), "y");
	cr_assert_str_eq(D("\x1b[200~hi\x1b[201~"), "h i");
	cr_assert_str_eq(D("\x1bOz" "q"), "q");
}

Test(term_keys, runaway_sequence)
{
	char buf[200];

	memset(buf, '1', sizeof(buf));
	buf[0] = 0x1b;
	buf[1] = '[';
	buf[sizeof(buf) - 2] = 'A';
	buf[sizeof(buf) - 1] = 'x';
	cr_assert_str_eq(decode(buf, sizeof(buf), true), "x");
}

Test(term_keys, control_inside_sequence_aborts_it)
{
	cr_assert_str_eq(D("\x1b[1\r"), "Enter");
	cr_assert_str_eq(D("\x1b[1\x1b[B"), "Down");
}

Test(term_keys, pending)
{
	struct term_keys d;
	struct rec r = { .n = 0 };

	term_keys_init(&d);
	cr_assert_not(term_keys_pending(&d));
	term_keys_feed(&d, "\x1b[", 2, rec_key, &r);
	cr_assert(term_keys_pending(&d));
	term_keys_feed(&d, "A", 1, rec_key, &r);
	cr_assert_not(term_keys_pending(&d));
	cr_assert_eq(r.n, 1);
}

Test(term_keys, every_byte_pair_is_safe)
{
	unsigned a, b;

	for (a = 0; a < 256; a++) {
		for (b = 0; b < 256; b++) {
			char in[4] = { 0x1b, (char)a, (char)b, 'z' };
			struct term_keys d;
			struct rec r = { .n = 0 };

			term_keys_init(&d);
			term_keys_feed(&d, in, 4, rec_key, &r);
			term_keys_flush(&d, rec_key, &r);
			cr_assert_leq(r.n, 4);
		}
	}
}
