/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Keyboards (userspace.md 3.11; devices.md 9): one 8-byte struct
 * panda_input_event per read of a keyboard: handle (keyboard:/pci/input/0),
 * Linux key codes (<panda/input_keys.h> names them).  For a whole US
 * layout with Ctrl, Caps Lock and repeat, use <lib/keymap.h>.
 */
#ifndef _PANDA_KEYBOARD_H
#define _PANDA_KEYBOARD_H

#include <panda/sys.h>
#include <stdbool.h>

enum {
	PANDA_EV_KEY = 1
};
enum {
	PANDA_KEY_RELEASE = 0,
	PANDA_KEY_PRESS = 1,
	PANDA_KEY_REPEAT = 2
};

/* The US character of a printable key, shifted or not; -1 if none. */
int panda_keycode_to_char(uint16_t code, bool shift);
/* Left (42) or right (54) Shift. */
bool panda_is_shift_key(uint16_t code);

/* Open a keyboard, events posted to mailbox (0: none) for mask. */
int panda_keyboard_open(const char *uri, panda_handle_t mailbox, uint32_t mask,
			panda_handle_t *out);
/* 1 = *ev filled, 0 = nothing queued (non-blocking), < 0 error. */
int panda_keyboard_poll(panda_handle_t kb, struct panda_input_event *ev);
/* Blocks for the next event: 0 or < 0. */
int panda_keyboard_read(panda_handle_t kb, struct panda_input_event *ev);

#endif /* _PANDA_KEYBOARD_H */
