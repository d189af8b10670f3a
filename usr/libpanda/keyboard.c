// SPDX-License-Identifier: GPL-2.0
/* Keyboards (userspace.md 3.11). */
#include <lib/keymap.h>
#include <panda/environment.h>
#include <panda/input_keys.h>
#include <panda/keyboard.h>

int panda_keycode_to_char(uint16_t code, bool shift)
{
	char c = keymap_char(code, shift);

	return c ? (unsigned char)c : -1;
}

bool panda_is_shift_key(uint16_t code)
{
	return code == KEY_LEFTSHIFT || code == KEY_RIGHTSHIFT;
}

int panda_keyboard_open(const char *uri, panda_handle_t mailbox, uint32_t mask,
			panda_handle_t *out)
{
	return panda_open(uri, mailbox, mask, out);
}

int panda_keyboard_poll(panda_handle_t kb, struct panda_input_event *ev)
{
	long r = panda_sys_try_read(kb, ev, sizeof(*ev));

	if (r < 0)
		return (int)r;
	return r == (long)sizeof(*ev) ? 1 : 0;
}

int panda_keyboard_read(panda_handle_t kb, struct panda_input_event *ev)
{
	long r = panda_sys_read(kb, ev, sizeof(*ev));

	if (r < 0)
		return (int)r;
	return r == (long)sizeof(*ev) ? 0 : -PANDA_ERR_IO;
}
