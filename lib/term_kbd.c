// SPDX-License-Identifier: GPL-2.0
/* Keyboard keystrokes as terminal keys (include/lib/term_kbd.h). */
#include <lib/term_kbd.h>

static const uint8_t special[] = {
	[KEYMAP_ENTER] = TERM_KEY_ENTER,
	[KEYMAP_BACKSPACE] = TERM_KEY_BACKSPACE,
	[KEYMAP_TAB] = TERM_KEY_TAB,
	[KEYMAP_ESCAPE] = TERM_KEY_ESCAPE,
	[KEYMAP_UP] = TERM_KEY_UP,
	[KEYMAP_DOWN] = TERM_KEY_DOWN,
	[KEYMAP_LEFT] = TERM_KEY_LEFT,
	[KEYMAP_RIGHT] = TERM_KEY_RIGHT,
	[KEYMAP_HOME] = TERM_KEY_HOME,
	[KEYMAP_END] = TERM_KEY_END,
	[KEYMAP_PAGEUP] = TERM_KEY_PAGE_UP,
	[KEYMAP_PAGEDOWN] = TERM_KEY_PAGE_DOWN,
	[KEYMAP_INSERT] = TERM_KEY_INSERT,
	[KEYMAP_DELETE] = TERM_KEY_DELETE,
};

bool term_key_from_stroke(const struct keymap_stroke *s, struct term_key *k)
{
	*k = (struct term_key){ .code = TERM_KEY_NONE };
	if (s->mods & KEYMAP_MOD_CTRL)
		k->mods |= TERM_MOD_CTRL;
	if (s->mods & KEYMAP_MOD_ALT)
		k->mods |= TERM_MOD_ALT;
	if (s->key != KEYMAP_NONE) {
		if (s->mods & KEYMAP_MOD_SHIFT)
			k->mods |= TERM_MOD_SHIFT;
		if (s->key >= KEYMAP_F1 && s->key <= KEYMAP_F12)
			k->code = TERM_KEY_F1 + (s->key - KEYMAP_F1);
		else if ((unsigned)s->key < sizeof(special) && special[s->key])
			k->code = special[s->key];
		return k->code != TERM_KEY_NONE;
	}
	k->code = TERM_KEY_CHAR;
	if (s->mods & KEYMAP_MOD_CTRL)
		k->ch = (unsigned char)keymap_char(s->code, false);
	else
		k->ch = s->ch;
	return k->ch != 0;
}
