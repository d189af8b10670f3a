// SPDX-License-Identifier: GPL-2.0
/*
 * US keyboard layout over Linux key codes (include/lib/keymap.h).
 * Tables are indexed by key code; the keypad types its digits and
 * operators (Num Lock is taken as on).
 */
#include <lib/keymap.h>
#include <panda/input_keys.h>

static const char plain[KEY_CODE_COUNT] = {
	[KEY_1] = '1', [KEY_2] = '2', [KEY_3] = '3', [KEY_4] = '4',
	[KEY_5] = '5', [KEY_6] = '6', [KEY_7] = '7', [KEY_8] = '8',
	[KEY_9] = '9', [KEY_0] = '0', [KEY_MINUS] = '-', [KEY_EQUAL] = '=',
	[KEY_Q] = 'q', [KEY_W] = 'w', [KEY_E] = 'e', [KEY_R] = 'r',
	[KEY_T] = 't', [KEY_Y] = 'y', [KEY_U] = 'u', [KEY_I] = 'i',
	[KEY_O] = 'o', [KEY_P] = 'p', [KEY_LEFTBRACE] = '[',
	[KEY_RIGHTBRACE] = ']', [KEY_A] = 'a', [KEY_S] = 's', [KEY_D] = 'd',
	[KEY_F] = 'f', [KEY_G] = 'g', [KEY_H] = 'h', [KEY_J] = 'j',
	[KEY_K] = 'k', [KEY_L] = 'l', [KEY_SEMICOLON] = ';',
	[KEY_APOSTROPHE] = '\'', [KEY_GRAVE] = '`', [KEY_BACKSLASH] = '\\',
	[KEY_Z] = 'z', [KEY_X] = 'x', [KEY_C] = 'c', [KEY_V] = 'v',
	[KEY_B] = 'b', [KEY_N] = 'n', [KEY_M] = 'm', [KEY_COMMA] = ',',
	[KEY_DOT] = '.', [KEY_SLASH] = '/', [KEY_SPACE] = ' ',
	[KEY_KPASTERISK] = '*', [KEY_KP7] = '7', [KEY_KP8] = '8',
	[KEY_KP9] = '9', [KEY_KPMINUS] = '-', [KEY_KP4] = '4',
	[KEY_KP5] = '5', [KEY_KP6] = '6', [KEY_KPPLUS] = '+',
	[KEY_KP1] = '1', [KEY_KP2] = '2', [KEY_KP3] = '3', [KEY_KP0] = '0',
	[KEY_KPDOT] = '.', [KEY_KPSLASH] = '/', [KEY_KPEQUAL] = '=',
	[KEY_KPCOMMA] = ',', [KEY_102ND] = '\\',
};

static const char shifted[KEY_CODE_COUNT] = {
	[KEY_1] = '!', [KEY_2] = '@', [KEY_3] = '#', [KEY_4] = '$',
	[KEY_5] = '%', [KEY_6] = '^', [KEY_7] = '&', [KEY_8] = '*',
	[KEY_9] = '(', [KEY_0] = ')', [KEY_MINUS] = '_', [KEY_EQUAL] = '+',
	[KEY_Q] = 'Q', [KEY_W] = 'W', [KEY_E] = 'E', [KEY_R] = 'R',
	[KEY_T] = 'T', [KEY_Y] = 'Y', [KEY_U] = 'U', [KEY_I] = 'I',
	[KEY_O] = 'O', [KEY_P] = 'P', [KEY_LEFTBRACE] = '{',
	[KEY_RIGHTBRACE] = '}', [KEY_A] = 'A', [KEY_S] = 'S', [KEY_D] = 'D',
	[KEY_F] = 'F', [KEY_G] = 'G', [KEY_H] = 'H', [KEY_J] = 'J',
	[KEY_K] = 'K', [KEY_L] = 'L', [KEY_SEMICOLON] = ':',
	[KEY_APOSTROPHE] = '"', [KEY_GRAVE] = '~', [KEY_BACKSLASH] = '|',
	[KEY_Z] = 'Z', [KEY_X] = 'X', [KEY_C] = 'C', [KEY_V] = 'V',
	[KEY_B] = 'B', [KEY_N] = 'N', [KEY_M] = 'M', [KEY_COMMA] = '<',
	[KEY_DOT] = '>', [KEY_SLASH] = '?', [KEY_SPACE] = ' ',
	/* The keypad ignores Shift. */
	[KEY_KPASTERISK] = '*', [KEY_KP7] = '7', [KEY_KP8] = '8',
	[KEY_KP9] = '9', [KEY_KPMINUS] = '-', [KEY_KP4] = '4',
	[KEY_KP5] = '5', [KEY_KP6] = '6', [KEY_KPPLUS] = '+',
	[KEY_KP1] = '1', [KEY_KP2] = '2', [KEY_KP3] = '3', [KEY_KP0] = '0',
	[KEY_KPDOT] = '.', [KEY_KPSLASH] = '/', [KEY_KPEQUAL] = '=',
	[KEY_KPCOMMA] = ',', [KEY_102ND] = '|',
};

/* Internal bits of keymap_state.held. */
#define HELD_LSHIFT	0x01
#define HELD_RSHIFT	0x02
#define HELD_LCTRL	0x04
#define HELD_RCTRL	0x08
#define HELD_LALT	0x10
#define HELD_RALT	0x20
#define HELD_LMETA	0x40
#define HELD_RMETA	0x80

static uint8_t held_bit(uint16_t code)
{
	switch (code) {
	case KEY_LEFTSHIFT:
		return HELD_LSHIFT;
	case KEY_RIGHTSHIFT:
		return HELD_RSHIFT;
	case KEY_LEFTCTRL:
		return HELD_LCTRL;
	case KEY_RIGHTCTRL:
		return HELD_RCTRL;
	case KEY_LEFTALT:
		return HELD_LALT;
	case KEY_RIGHTALT:
		return HELD_RALT;
	case KEY_LEFTMETA:
		return HELD_LMETA;
	case KEY_RIGHTMETA:
		return HELD_RMETA;
	}
	return 0;
}

bool keymap_is_modifier(uint16_t code)
{
	return held_bit(code) != 0;
}

char keymap_char(uint16_t code, bool shift)
{
	if (code >= KEY_CODE_COUNT)
		return 0;
	return shift ? shifted[code] : plain[code];
}

enum keymap_key keymap_special(uint16_t code)
{
	switch (code) {
	case KEY_ENTER:
	case KEY_KPENTER:
		return KEYMAP_ENTER;
	case KEY_BACKSPACE:
		return KEYMAP_BACKSPACE;
	case KEY_TAB:
		return KEYMAP_TAB;
	case KEY_ESC:
		return KEYMAP_ESCAPE;
	case KEY_UP:
		return KEYMAP_UP;
	case KEY_DOWN:
		return KEYMAP_DOWN;
	case KEY_LEFT:
		return KEYMAP_LEFT;
	case KEY_RIGHT:
		return KEYMAP_RIGHT;
	case KEY_HOME:
		return KEYMAP_HOME;
	case KEY_END:
		return KEYMAP_END;
	case KEY_PAGEUP:
		return KEYMAP_PAGEUP;
	case KEY_PAGEDOWN:
		return KEYMAP_PAGEDOWN;
	case KEY_INSERT:
		return KEYMAP_INSERT;
	case KEY_DELETE:
		return KEYMAP_DELETE;
	case KEY_F11:
		return KEYMAP_F1 + 10;
	case KEY_F12:
		return KEYMAP_F12;
	}
	if (code >= KEY_F1 && code <= KEY_F10)
		return (enum keymap_key)(KEYMAP_F1 + (code - KEY_F1));
	return KEYMAP_NONE;
}

void keymap_init(struct keymap_state *s)
{
	*s = (struct keymap_state){
		.repeat_delay_ms = KEYMAP_REPEAT_DELAY_MS,
		.repeat_interval_ms = KEYMAP_REPEAT_INTERVAL_MS,
	};
}

void keymap_set_repeat(struct keymap_state *s, uint32_t delay_ms,
		       uint32_t interval_ms)
{
	s->repeat_delay_ms = delay_ms;
	s->repeat_interval_ms = interval_ms;
	if (!delay_ms || !interval_ms)
		s->repeat_code = 0;
}

static uint8_t mods_of(const struct keymap_state *s)
{
	uint8_t m = 0;

	if (s->held & (HELD_LSHIFT | HELD_RSHIFT))
		m |= KEYMAP_MOD_SHIFT;
	if (s->held & (HELD_LCTRL | HELD_RCTRL))
		m |= KEYMAP_MOD_CTRL;
	if (s->held & (HELD_LALT | HELD_RALT))
		m |= KEYMAP_MOD_ALT;
	if (s->held & (HELD_LMETA | HELD_RMETA))
		m |= KEYMAP_MOD_META;
	if (s->caps_lock)
		m |= KEYMAP_MOD_CAPSLOCK;
	return m;
}

static bool is_letter(uint16_t code)
{
	char c = keymap_char(code, false);

	return c >= 'a' && c <= 'z';
}

/* The control character Ctrl+<key> types, or -1. */
static int control_char(uint16_t code, bool shift)
{
	char c = keymap_char(code, shift);

	if (is_letter(code))
		return keymap_char(code, false) - 'a' + 1;
	switch (c) {
	case ' ':
	case '@':
		return 0;
	case '[':
		return 27;
	case '\\':
		return 28;
	case ']':
		return 29;
	case '^':
		return 30;
	case '_':
		return 31;
	case '?':
		return 127;
	}
	return -1;
}

/* Fills *out for code as typed now; false if the layout has no use for it. */
static bool stroke(const struct keymap_state *s, uint16_t code, bool repeat,
		   struct keymap_stroke *out)
{
	uint8_t mods = mods_of(s);
	bool shift = mods & KEYMAP_MOD_SHIFT;
	enum keymap_key key = keymap_special(code);
	char c;

	if (is_letter(code) && s->caps_lock)
		shift = !shift;
	c = keymap_char(code, shift);
	if (!c && key == KEYMAP_NONE)
		return false;
	out->code = code;
	out->mods = mods;
	out->repeat = repeat;
	out->ch = (uint8_t)c;
	out->key = key;
	out->ctrl_ch = (mods & KEYMAP_MOD_CTRL) ?
		       control_char(code, mods & KEYMAP_MOD_SHIFT) : -1;
	return true;
}

bool keymap_feed(struct keymap_state *s, uint16_t code, uint32_t value,
		 uint64_t now_ms, struct keymap_stroke *out)
{
	uint8_t bit = held_bit(code);

	if (value > KEY_VALUE_REPEAT)
		return false;
	if (bit) {
		if (value == KEY_VALUE_RELEASE)
			s->held &= (uint8_t)~bit;
		else
			s->held |= bit;
		return false;
	}
	if (code == KEY_CAPSLOCK) {
		if (value == KEY_VALUE_PRESS)
			s->caps_lock = !s->caps_lock;
		return false;
	}
	if (value == KEY_VALUE_RELEASE) {
		if (code == s->repeat_code)
			s->repeat_code = 0;
		return false;
	}
	if (value == KEY_VALUE_REPEAT) {
		s->device_repeats = true;
		s->repeat_code = 0;
		return stroke(s, code, true, out);
	}
	if (!stroke(s, code, false, out))
		return false;
	if (!s->device_repeats && s->repeat_delay_ms && s->repeat_interval_ms) {
		s->repeat_code = code;
		s->repeat_next_ms = now_ms + s->repeat_delay_ms;
	}
	return true;
}

bool keymap_repeat_poll(struct keymap_state *s, uint64_t now_ms,
			struct keymap_stroke *out)
{
	if (!s->repeat_code || now_ms < s->repeat_next_ms)
		return false;
	s->repeat_next_ms += s->repeat_interval_ms;
	/* Far behind (the caller slept): no burst, start counting again. */
	if (s->repeat_next_ms <= now_ms)
		s->repeat_next_ms = now_ms + s->repeat_interval_ms;
	return stroke(s, s->repeat_code, true, out);
}

uint64_t keymap_repeat_deadline(const struct keymap_state *s)
{
	return s->repeat_code ? s->repeat_next_ms : 0;
}
