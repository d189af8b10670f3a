// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for lib/term_kbd.c: keyboard strokes through the US keymap become
 * the terminal keys the serial decoder would make.
 */
#include <criterion/criterion.h>
#include <lib/term_kbd.h>
#include <panda/input_keys.h>

static struct keymap_state km;

static void setup(void)
{
	keymap_init(&km);
}

static void down(uint16_t code)
{
	struct keymap_stroke s;

	cr_assert_not(keymap_feed(&km, code, KEY_VALUE_PRESS, 0, &s));
}

static void up(uint16_t code)
{
	struct keymap_stroke s;

	cr_assert_not(keymap_feed(&km, code, KEY_VALUE_RELEASE, 0, &s));
}

/* Press code: the terminal key it makes (false: none). */
static bool key(uint16_t code, struct term_key *k)
{
	struct keymap_stroke s;
	bool ok;

	cr_assert(keymap_feed(&km, code, KEY_VALUE_PRESS, 0, &s));
	ok = term_key_from_stroke(&s, k);
	cr_assert_not(keymap_feed(&km, code, KEY_VALUE_RELEASE, 0, &s));
	return ok;
}

Test(term_kbd, characters, .init = setup)
{
	struct term_key k;

	cr_assert(key(KEY_A, &k));
	cr_assert_eq(k.code, TERM_KEY_CHAR);
	cr_assert_eq(k.ch, 'a');
	cr_assert_eq(k.mods, 0);
	cr_assert(term_key_is_text(&k));
	cr_assert(key(KEY_SLASH, &k));
	cr_assert_eq(k.ch, '/');
	cr_assert(key(KEY_SPACE, &k));
	cr_assert_eq(k.ch, ' ');
}

Test(term_kbd, shift_gives_the_shifted_character_without_a_modifier,
     .init = setup)
{
	struct term_key k;

	down(KEY_LEFTSHIFT);
	cr_assert(key(KEY_BACKSLASH, &k));
	cr_assert_eq(k.ch, '|');
	cr_assert_eq(k.mods, 0);
	cr_assert(key(KEY_A, &k));
	cr_assert_eq(k.ch, 'A');
	up(KEY_LEFTSHIFT);
}

Test(term_kbd, ctrl_letters_as_the_serial_decoder_makes_them, .init = setup)
{
	struct term_key k;

	down(KEY_LEFTCTRL);
	cr_assert(key(KEY_C, &k));
	cr_assert(term_key_is_ctrl(&k, 'c'));
	cr_assert(key(KEY_BACKSLASH, &k));
	cr_assert(term_key_is_ctrl(&k, '\\'));
	cr_assert(key(KEY_Z, &k));
	cr_assert(term_key_is_ctrl(&k, 'z'));
	/* Ctrl+Shift+C is still 'c' (with Ctrl only). */
	down(KEY_RIGHTSHIFT);
	cr_assert(key(KEY_C, &k));
	cr_assert(term_key_is_ctrl(&k, 'c'));
	up(KEY_RIGHTSHIFT);
	up(KEY_LEFTCTRL);
	cr_assert(key(KEY_C, &k));
	cr_assert_not(term_key_is_ctrl(&k, 'c'));
}

Test(term_kbd, alt_is_kept, .init = setup)
{
	struct term_key k;

	down(KEY_LEFTALT);
	cr_assert(key(KEY_B, &k));
	cr_assert_eq(k.code, TERM_KEY_CHAR);
	cr_assert_eq(k.ch, 'b');
	cr_assert_eq(k.mods, TERM_MOD_ALT);
	up(KEY_LEFTALT);
}

Test(term_kbd, named_keys, .init = setup)
{
	static const struct {
		uint16_t code;
		enum term_key_code want;
	} t[] = {
		{ KEY_ENTER, TERM_KEY_ENTER },
		{ KEY_BACKSPACE, TERM_KEY_BACKSPACE },
		{ KEY_TAB, TERM_KEY_TAB },
		{ KEY_ESC, TERM_KEY_ESCAPE },
		{ KEY_UP, TERM_KEY_UP },
		{ KEY_DOWN, TERM_KEY_DOWN },
		{ KEY_LEFT, TERM_KEY_LEFT },
		{ KEY_RIGHT, TERM_KEY_RIGHT },
		{ KEY_HOME, TERM_KEY_HOME },
		{ KEY_END, TERM_KEY_END },
		{ KEY_PAGEUP, TERM_KEY_PAGE_UP },
		{ KEY_PAGEDOWN, TERM_KEY_PAGE_DOWN },
		{ KEY_INSERT, TERM_KEY_INSERT },
		{ KEY_DELETE, TERM_KEY_DELETE },
		{ KEY_F1, TERM_KEY_F1 },
		{ KEY_F12, TERM_KEY_F12 },
	};
	struct term_key k;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		cr_assert(key(t[i].code, &k), "code %u", t[i].code);
		cr_assert_eq(k.code, t[i].want, "code %u", t[i].code);
		cr_assert_eq(k.mods, 0);
	}
	down(KEY_LEFTSHIFT);
	cr_assert(key(KEY_TAB, &k));
	cr_assert_eq(k.code, TERM_KEY_TAB);
	cr_assert_eq(k.mods, TERM_MOD_SHIFT);
}

Test(term_kbd, strokes_without_a_key, .init = setup)
{
	struct keymap_stroke s = { .key = KEYMAP_NONE, .ch = 0 };
	struct term_key k;

	cr_assert_not(term_key_from_stroke(&s, &k));
	s.key = (enum keymap_key)(KEYMAP_F12 + 1);
	cr_assert_not(term_key_from_stroke(&s, &k));
}
