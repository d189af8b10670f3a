// SPDX-License-Identifier: GPL-2.0
/*
 * The virtio keyboard as the terminal's input (keyboard:/pci/input/0):
 * key events (Linux key codes) go through the US keymap of lib/keymap.c
 * and become the same struct term_key the serial decoder makes, so the
 * core cannot tell them apart.  Ctrl+<key> is the key's unshifted
 * character with TERM_MOD_CTRL (Ctrl+C: 'c', which interrupts a job).
 * Keys held down repeat: the device's own repeat events, else the
 * keymap's software repeat, polled on a one-shot timer.
 */
#include <lib/keymap.h>
#include <panda/input_keys.h>
#include <panda/keyboard.h>
#include "terminal.h"

static panda_handle_t kb_h, repeat_h;
static struct keymap_state km;

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

/* The term_key of a keystroke; false if it has none. */
static bool stroke_key(const struct keymap_stroke *s, struct term_key *k)
{
	*k = (struct term_key){ 0 };
	if (s->mods & KEYMAP_MOD_CTRL)
		k->mods |= TERM_MOD_CTRL;
	if (s->mods & KEYMAP_MOD_ALT)
		k->mods |= TERM_MOD_ALT;
	if (s->key != KEYMAP_NONE) {
		if (s->mods & KEYMAP_MOD_SHIFT)
			k->mods |= TERM_MOD_SHIFT;
		if (s->key >= KEYMAP_F1 && s->key <= KEYMAP_F12)
			k->code = TERM_KEY_F1 + (s->key - KEYMAP_F1);
		else if ((size_t)s->key < sizeof(special) && special[s->key])
			k->code = special[s->key];
		else
			return false;
		return true;
	}
	k->code = TERM_KEY_CHAR;
	if (s->mods & KEYMAP_MOD_CTRL)
		k->ch = (unsigned char)keymap_char(s->code, false);
	else
		k->ch = s->ch;
	return k->ch != 0;
}

static void deliver(const struct keymap_stroke *s)
{
	struct term_key k;

	if (stroke_key(s, &k))
		terminal_key(&k);
}

static void repeat_due(void *arg, panda_handle_t h, uint32_t events);

/* A timer for the next software repeat, if a key is held. */
static void arm_repeat(void)
{
	uint64_t due = keymap_repeat_deadline(&km), now = panda_time_ms();
	long t;

	if (!due || repeat_h)
		return;
	t = panda_sys_create_timer(due > now ? due - now : 1,
				   PANDA_HANDLE_MAILBOX, PANDA_EVENT_TIMER);
	if (t <= 0)
		return;
	repeat_h = (panda_handle_t)t;
	if (terminal_watch(repeat_h, repeat_due, NULL)) {
		panda_close(repeat_h);
		repeat_h = 0;
	}
}

static void repeat_due(void *arg, panda_handle_t h, uint32_t events)
{
	struct keymap_stroke s;

	terminal_unwatch(repeat_h);
	panda_close(repeat_h);
	repeat_h = 0;
	while (keymap_repeat_poll(&km, panda_time_ms(), &s))
		deliver(&s);
	arm_repeat();
}

static void keyboard_ready(void *arg, panda_handle_t h, uint32_t events)
{
	struct panda_input_event ev;
	struct keymap_stroke s;

	while (panda_keyboard_poll(kb_h, &ev) == 1) {
		if (ev.type != EV_KEY)
			continue;
		if (keymap_feed(&km, ev.code, ev.value, panda_time_ms(), &s))
			deliver(&s);
	}
	arm_repeat();
}

int keyboard_input_open(const char *uri)
{
	int err;

	keymap_init(&km);
	err = panda_keyboard_open(uri, PANDA_HANDLE_MAILBOX,
				  PANDA_EVENT_KEYBOARD_KEY, &kb_h);
	if (err)
		return err;
	err = terminal_watch(kb_h, keyboard_ready, NULL);
	if (err)
		return err;
	keyboard_ready(NULL, kb_h, 0);	/* typed before we listened */
	return 0;
}
