/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Keyboard keystrokes (lib/keymap.c, from Linux key codes) as the
 * terminal's keys (lib/term_keys.h), the same keys the serial decoder
 * makes: a character key is TERM_KEY_CHAR with its character after Shift
 * and Caps Lock, mods only Ctrl and Alt; with Ctrl it is the key's
 * unshifted character and TERM_MOD_CTRL (Ctrl+C: 'c', Ctrl+\: '\\');
 * other keys keep Shift, Ctrl and Alt.  Pure; host-tested.
 */
#ifndef _LIB_TERM_KBD_H
#define _LIB_TERM_KBD_H

#include <stdbool.h>
#include <lib/keymap.h>
#include <lib/term_keys.h>

/* False (and *k undefined) for a stroke with no terminal key. */
bool term_key_from_stroke(const struct keymap_stroke *s, struct term_key *k);

#endif /* _LIB_TERM_KBD_H */
