// SPDX-License-Identifier: GPL-2.0
/*
 * The virtio keyboard as the terminal's input (keyboard:/pci/input/0):
 * key events (Linux key codes) go through the US keymap of lib/keymap.c
 * and become (lib/term_kbd.c) the same struct term_key the serial
 * decoder makes, so the core cannot tell them apart: Ctrl+C is 'c' with
 * TERM_MOD_CTRL, which interrupts a job.
 * Keys held down repeat: the device's own repeat events, else the
 * keymap's software repeat, polled on a one-shot timer.
 */
#include <lib/keymap.h>
#include <lib/term_kbd.h>
#include <panda/input_keys.h>
#include <panda/keyboard.h>
#include "terminal.h"

static panda_handle_t kb_h, repeat_h;
static struct keymap_state km;

static void deliver(const struct keymap_stroke *s)
{
	struct term_key k;

	if (term_key_from_stroke(s, &k))
		terminal_key(&k);
}

static void repeat_due(void *arg, panda_handle_t h, uint32_t events);

/* A timer for the next software repeat, if a key is held. */
static void arm_repeat(void)
{
	uint64_t due = keymap_repeat_deadline(&km), now = panda_time_ms();

	if (!due || repeat_h)
		return;
	if (panda_timer_create(due > now ? due - now : 1, PANDA_HANDLE_MAILBOX,
			       &repeat_h)) {
		repeat_h = 0;
		return;
	}
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
	keyboard_ready(NULL, kb_h, 0); /* typed before we listened */
	return 0;
}
