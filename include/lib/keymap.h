/* SPDX-License-Identifier: GPL-2.0 */
/*
 * US keyboard layout over Linux key codes (devices.md 9.3,
 * userspace.md 3.11): characters with Shift and Caps Lock, control
 * characters with Ctrl, named non-character keys, and key repeat (the
 * device's own EV_KEY value 2, or a software repeat for devices that do
 * not send one).  Pure: no system calls, no allocation; the caller gives
 * the time.  Used by the terminal (in libpanda) and the host tests.
 *
 *	struct keymap_state km;
 *	struct keymap_stroke k;
 *
 *	keymap_init(&km);
 *	... for each key event read from keyboard:/pci/input/0:
 *	if (keymap_feed(&km, ev.code, ev.value, now_ms, &k))
 *		handle(&k);		// k.ch, k.ctrl_ch, k.key, k.mods
 *	... and when idle, for software repeat:
 *	while (keymap_repeat_poll(&km, now_ms, &k))
 *		handle(&k);
 *	keymap_repeat_deadline(&km) says when to poll next (0: nothing held).
 */
#ifndef _LIB_KEYMAP_H
#define _LIB_KEYMAP_H

#include <stdbool.h>
#include <stdint.h>

/* Keys that produce no character. */
enum keymap_key {
	KEYMAP_NONE = 0,
	KEYMAP_ENTER,
	KEYMAP_BACKSPACE,
	KEYMAP_TAB,
	KEYMAP_ESCAPE,
	KEYMAP_UP,
	KEYMAP_DOWN,
	KEYMAP_LEFT,
	KEYMAP_RIGHT,
	KEYMAP_HOME,
	KEYMAP_END,
	KEYMAP_PAGEUP,
	KEYMAP_PAGEDOWN,
	KEYMAP_INSERT,
	KEYMAP_DELETE,
	KEYMAP_F1,		/* KEYMAP_F1 + n - 1 for Fn, n = 1 .. 12 */
	KEYMAP_F12 = KEYMAP_F1 + 11,
};

/* Modifier bits of keymap_stroke.mods (either side of the key). */
#define KEYMAP_MOD_SHIFT	0x01
#define KEYMAP_MOD_CTRL		0x02
#define KEYMAP_MOD_ALT		0x04
#define KEYMAP_MOD_META		0x08
#define KEYMAP_MOD_CAPSLOCK	0x10	/* Caps Lock is on */

/* One keystroke: a press or a repeat of a non-modifier key. */
struct keymap_stroke {
	uint16_t code;		/* Linux key code (KEY_*) */
	uint8_t mods;		/* KEYMAP_MOD_* when it happened */
	bool repeat;		/* a repeat, not the first press */
	/*
	 * The character it types, after Shift and Caps Lock (Ctrl and Alt
	 * do not change it), or 0.  ASCII: the layout has nothing else.
	 */
	uint32_t ch;
	/*
	 * With Ctrl held, the ASCII control character the key types:
	 * Ctrl+@/Space 0, Ctrl+A..Z 1..26, Ctrl+[ \ ] ^ _ 27..31, Ctrl+?
	 * 127; -1 when none (no Ctrl, or a key without one).
	 */
	int ctrl_ch;
	enum keymap_key key;	/* KEYMAP_NONE for character keys */
};

#define KEYMAP_REPEAT_DELAY_MS		500
#define KEYMAP_REPEAT_INTERVAL_MS	33

struct keymap_state {
	uint8_t held;		/* modifier keys down (internal bits) */
	bool caps_lock;
	/* Software repeat. */
	bool device_repeats;	/* the device sent a value-2 event */
	uint32_t repeat_delay_ms, repeat_interval_ms;	/* 0: off */
	uint16_t repeat_code;	/* key held (0: none) */
	uint64_t repeat_next_ms;
};

void keymap_init(struct keymap_state *s);

/*
 * Software repeat after delay_ms, then every interval_ms, while a key is
 * held (both 0: off).  Off by itself once the device sends repeats.
 */
void keymap_set_repeat(struct keymap_state *s, uint32_t delay_ms,
		       uint32_t interval_ms);

/*
 * Feeds one EV_KEY event (value 0 release, 1 press, 2 repeat) at time
 * now_ms.  Returns true and fills *out for a keystroke; false for
 * modifiers, Caps Lock, releases and codes the layout does not know.
 */
bool keymap_feed(struct keymap_state *s, uint16_t code, uint32_t value,
		 uint64_t now_ms, struct keymap_stroke *out);

/* A software repeat that is due at now_ms (one per call). */
bool keymap_repeat_poll(struct keymap_state *s, uint64_t now_ms,
			struct keymap_stroke *out);

/* When keymap_repeat_poll() has something next, or 0. */
uint64_t keymap_repeat_deadline(const struct keymap_state *s);

/* The US-layout character of a code, shifted or not; 0 if none. */
char keymap_char(uint16_t code, bool shift);

/* The keystroke's meaning without state: non-character key or KEYMAP_NONE. */
enum keymap_key keymap_special(uint16_t code);

/* Left/right Shift, Ctrl, Alt, Meta. */
bool keymap_is_modifier(uint16_t code);

#endif /* _LIB_KEYMAP_H */
