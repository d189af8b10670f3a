// SPDX-License-Identifier: GPL-2.0
/* Tests for lib/keymap.c: the US layout, modifiers, Caps Lock, repeat. */
#include <criterion/criterion.h>
#include <lib/keymap.h>
#include <panda/input_keys.h>

static struct keymap_state km;
static struct keymap_stroke k;

static void setup(void)
{
	keymap_init(&km);
}

static bool press(uint16_t code)
{
	return keymap_feed(&km, code, KEY_VALUE_PRESS, 0, &k);
}

static void release(uint16_t code)
{
	cr_assert_not(keymap_feed(&km, code, KEY_VALUE_RELEASE, 0, &k));
}

/* Press and release a character key: the character it typed. */
static uint32_t type(uint16_t code)
{
	uint32_t c;

	cr_assert(press(code), "code %u gave no stroke", code);
	c = k.ch;
	release(code);
	return c;
}

Test(keymap, unshifted_layout, .init = setup)
{
	static const struct { uint16_t code; char c; } t[] = {
		{ KEY_A, 'a' }, { KEY_B, 'b' }, { KEY_C, 'c' }, { KEY_D, 'd' },
		{ KEY_E, 'e' }, { KEY_Z, 'z' }, { KEY_M, 'm' }, { KEY_Q, 'q' },
		{ KEY_1, '1' }, { KEY_0, '0' }, { KEY_MINUS, '-' },
		{ KEY_EQUAL, '=' }, { KEY_LEFTBRACE, '[' },
		{ KEY_RIGHTBRACE, ']' }, { KEY_SEMICOLON, ';' },
		{ KEY_APOSTROPHE, '\'' }, { KEY_GRAVE, '`' },
		{ KEY_BACKSLASH, '\\' }, { KEY_COMMA, ',' }, { KEY_DOT, '.' },
		{ KEY_SLASH, '/' }, { KEY_SPACE, ' ' }, { KEY_KP5, '5' },
	};
	unsigned int i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		cr_assert_eq(keymap_char(t[i].code, false), t[i].c);
		cr_assert_eq(type(t[i].code), (uint32_t)t[i].c);
		cr_assert_eq(k.key, KEYMAP_NONE);
		cr_assert_eq(k.ctrl_ch, -1);
	}
	/* Not printable. */
	cr_assert_eq(keymap_char(KEY_ENTER, false), 0);
	cr_assert_eq(keymap_char(KEY_LEFTSHIFT, false), 0);
	cr_assert_eq(keymap_char(KEY_CAPSLOCK, true), 0);
	cr_assert_eq(keymap_char(500, false), 0);
}

Test(keymap, shift_either_side, .init = setup)
{
	static const char *row = "!@#$%^&*()";
	unsigned int i;

	cr_assert_not(press(KEY_LEFTSHIFT));
	for (i = 0; i < 10; i++)
		cr_assert_eq(type(KEY_1 + i), (uint32_t)row[i]);
	cr_assert_eq(type(KEY_A), 'A');
	cr_assert_eq(k.mods, KEYMAP_MOD_SHIFT);
	cr_assert_eq(type(KEY_SLASH), '?');
	release(KEY_LEFTSHIFT);
	cr_assert_eq(type(KEY_A), 'a');
	cr_assert_not(press(KEY_RIGHTSHIFT));
	cr_assert_eq(type(KEY_GRAVE), '~');
	cr_assert_eq(type(KEY_APOSTROPHE), '"');
	/* Both held, one released: still shifted. */
	cr_assert_not(press(KEY_LEFTSHIFT));
	release(KEY_RIGHTSHIFT);
	cr_assert_eq(type(KEY_X), 'X');
	release(KEY_LEFTSHIFT);
	cr_assert_eq(type(KEY_X), 'x');
}

Test(keymap, caps_lock_letters_only, .init = setup)
{
	cr_assert_not(press(KEY_CAPSLOCK));
	release(KEY_CAPSLOCK);
	cr_assert_eq(type(KEY_A), 'A');
	cr_assert(k.mods & KEYMAP_MOD_CAPSLOCK);
	cr_assert_eq(type(KEY_1), '1');
	cr_assert_not(press(KEY_LEFTSHIFT));
	cr_assert_eq(type(KEY_A), 'a');		/* Shift undoes Caps Lock */
	cr_assert_eq(type(KEY_1), '!');
	release(KEY_LEFTSHIFT);
	/* A device repeat of Caps Lock does not toggle it. */
	cr_assert_not(keymap_feed(&km, KEY_CAPSLOCK, KEY_VALUE_REPEAT, 0, &k));
	cr_assert_eq(type(KEY_B), 'B');
	cr_assert_not(press(KEY_CAPSLOCK));
	release(KEY_CAPSLOCK);
	cr_assert_eq(type(KEY_B), 'b');
}

Test(keymap, ctrl_characters, .init = setup)
{
	cr_assert_not(press(KEY_LEFTCTRL));
	cr_assert(press(KEY_C));
	cr_assert_eq(k.ctrl_ch, 3);
	cr_assert_eq(k.ch, 'c');
	cr_assert_eq(k.mods, KEYMAP_MOD_CTRL);
	release(KEY_C);
	cr_assert(press(KEY_A));
	cr_assert_eq(k.ctrl_ch, 1);
	cr_assert(press(KEY_Z));
	cr_assert_eq(k.ctrl_ch, 26);
	cr_assert(press(KEY_LEFTBRACE));
	cr_assert_eq(k.ctrl_ch, 27);
	cr_assert(press(KEY_SPACE));
	cr_assert_eq(k.ctrl_ch, 0);
	cr_assert(press(KEY_1));
	cr_assert_eq(k.ctrl_ch, -1);
	/* Ctrl+C with Caps Lock is still 3. */
	cr_assert_not(press(KEY_CAPSLOCK));
	cr_assert(press(KEY_C));
	cr_assert_eq(k.ctrl_ch, 3);
	cr_assert_eq(k.ch, 'C');
	release(KEY_LEFTCTRL);
	cr_assert(press(KEY_C));
	cr_assert_eq(k.ctrl_ch, -1);
	cr_assert_not(press(KEY_RIGHTCTRL));
	cr_assert_not(press(KEY_RIGHTSHIFT));
	cr_assert(press(KEY_MINUS));
	cr_assert_eq(k.ctrl_ch, 31);		/* Ctrl+_ */
	cr_assert(press(KEY_SLASH));
	cr_assert_eq(k.ctrl_ch, 127);		/* Ctrl+? */
}

Test(keymap, special_keys, .init = setup)
{
	static const struct { uint16_t code; enum keymap_key key; } t[] = {
		{ KEY_ENTER, KEYMAP_ENTER }, { KEY_KPENTER, KEYMAP_ENTER },
		{ KEY_BACKSPACE, KEYMAP_BACKSPACE }, { KEY_TAB, KEYMAP_TAB },
		{ KEY_ESC, KEYMAP_ESCAPE }, { KEY_UP, KEYMAP_UP },
		{ KEY_DOWN, KEYMAP_DOWN }, { KEY_LEFT, KEYMAP_LEFT },
		{ KEY_RIGHT, KEYMAP_RIGHT }, { KEY_HOME, KEYMAP_HOME },
		{ KEY_END, KEYMAP_END }, { KEY_PAGEUP, KEYMAP_PAGEUP },
		{ KEY_PAGEDOWN, KEYMAP_PAGEDOWN }, { KEY_INSERT, KEYMAP_INSERT },
		{ KEY_DELETE, KEYMAP_DELETE }, { KEY_F1, KEYMAP_F1 },
		{ KEY_F10, KEYMAP_F1 + 9 }, { KEY_F11, KEYMAP_F1 + 10 },
		{ KEY_F12, KEYMAP_F12 },
	};
	unsigned int i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		cr_assert(press(t[i].code));
		cr_assert_eq(k.key, t[i].key, "code %u", t[i].code);
		cr_assert_eq(k.ch, 0);
		cr_assert_eq(k.code, t[i].code);
		release(t[i].code);
	}
	/* Unknown codes and modifiers give nothing. */
	cr_assert_not(press(KEY_NUMLOCK));
	cr_assert_not(press(KEY_LEFTALT));
	cr_assert(press(KEY_A));
	cr_assert_eq(k.mods, KEYMAP_MOD_ALT);
	cr_assert(keymap_is_modifier(KEY_RIGHTMETA));
	cr_assert_not(keymap_is_modifier(KEY_A));
	cr_assert_not(keymap_feed(&km, KEY_A, 3, 0, &k));
}

Test(keymap, device_repeat, .init = setup)
{
	cr_assert(press(KEY_J));
	cr_assert_not(k.repeat);
	cr_assert(keymap_feed(&km, KEY_J, KEY_VALUE_REPEAT, 10, &k));
	cr_assert(k.repeat);
	cr_assert_eq(k.ch, 'j');
	/* The device repeats: no software repeat from now on. */
	cr_assert_eq(keymap_repeat_deadline(&km), 0);
	release(KEY_J);
	cr_assert(keymap_feed(&km, KEY_K, KEY_VALUE_PRESS, 100, &k));
	cr_assert_eq(keymap_repeat_deadline(&km), 0);
	cr_assert_not(keymap_repeat_poll(&km, 100000, &k));
}

Test(keymap, software_repeat, .init = setup)
{
	uint64_t t;
	unsigned int n = 0;

	cr_assert(keymap_feed(&km, KEY_X, KEY_VALUE_PRESS, 1000, &k));
	cr_assert_eq(keymap_repeat_deadline(&km), 1000 + KEYMAP_REPEAT_DELAY_MS);
	cr_assert_not(keymap_repeat_poll(&km, 1000 + KEYMAP_REPEAT_DELAY_MS - 1, &k));
	for (t = 1000; t <= 1000 + KEYMAP_REPEAT_DELAY_MS +
			      10 * KEYMAP_REPEAT_INTERVAL_MS; t++)
		while (keymap_repeat_poll(&km, t, &k)) {
			cr_assert(k.repeat);
			cr_assert_eq(k.ch, 'x');
			n++;
		}
	cr_assert_eq(n, 11);
	/* Shift pressed while held: repeats come shifted. */
	cr_assert_not(keymap_feed(&km, KEY_LEFTSHIFT, 1, t, &k));
	cr_assert(keymap_repeat_poll(&km, t + 1000, &k));
	cr_assert_eq(k.ch, 'X');
	/* Long stall: one repeat, not a burst. */
	cr_assert_not(keymap_repeat_poll(&km, t + 1001, &k));
	/* Another key takes over; its release stops it. */
	cr_assert(keymap_feed(&km, KEY_Y, 1, t + 2000, &k));
	cr_assert(keymap_repeat_poll(&km, t + 2000 + KEYMAP_REPEAT_DELAY_MS, &k));
	cr_assert_eq(k.ch, 'Y');
	release(KEY_X);		/* not the repeating key: no effect */
	cr_assert_neq(keymap_repeat_deadline(&km), 0);
	release(KEY_Y);
	cr_assert_eq(keymap_repeat_deadline(&km), 0);
	/* Modifiers never repeat; disabled repeat does nothing. */
	keymap_set_repeat(&km, 0, 0);
	cr_assert(keymap_feed(&km, KEY_Y, 1, 0, &k));
	cr_assert_eq(keymap_repeat_deadline(&km), 0);
}
