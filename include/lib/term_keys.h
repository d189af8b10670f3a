/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Keys for the terminal, and a decoder that turns the bytes a serial
 * terminal sends (UTF-8 text, control characters and ANSI/VT escape
 * sequences) into them.  Pure and freestanding: shared by the terminal
 * and the host tests.
 *
 * A key is what the terminal core understands, whatever the input device:
 * the serial decoder below produces them, and a keyboard driver's events
 * (Linux key codes with press/release) are mapped to them by its input
 * source.
 *
 * Decoding (streaming, any split of the input is fine):
 *
 *	text		UTF-8 -> TERM_KEY_CHAR (invalid bytes -> U+FFFD)
 *	CR, LF		TERM_KEY_ENTER (LF right after CR is dropped: CR LF
 *			is one Enter)
 *	DEL, BS		TERM_KEY_BACKSPACE;  TAB: TERM_KEY_TAB
 *	0x01-0x1a	TERM_KEY_CHAR 'a'-'z' with TERM_MOD_CTRL (Ctrl+C is
 *			{CHAR, 'c', CTRL}); 0x00 '@', 0x1c '\\', 0x1d ']',
 *			0x1e '^', 0x1f '_' likewise
 *	ESC x		x with TERM_MOD_ALT added (ESC ESC: Escape, then ESC)
 *	CSI A B C D	Up Down Right Left;  H F: Home End;  Z: Shift+Tab
 *	CSI n ~		1 7 Home, 2 Insert, 3 Delete, 4 8 End, 5 PageUp,
 *			6 PageDown, 11-15 F1-F5, 17-21 F6-F10, 23 24 F11 F12
 *	CSI 1;m X	the same with modifiers m - 1 (1 Shift, 2 Alt, 4 Ctrl)
 *	CSI r;c R	TERM_KEY_CURSOR_REPORT (reply to "ESC[6n")
 *	SS3 (ESC O)	A-D arrows, H F Home End, P-S F1-F4, M Enter
 *
 * Unknown sequences are dropped whole.  A lone ESC stays pending until
 * the next byte tells what it was, or term_keys_flush() says no more is
 * coming (then it is TERM_KEY_ESCAPE).
 */
#ifndef _LIB_TERM_KEYS_H
#define _LIB_TERM_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum term_key_code {
	TERM_KEY_NONE = 0,
	TERM_KEY_CHAR,		/* ch: a Unicode scalar value */
	TERM_KEY_ENTER,
	TERM_KEY_TAB,
	TERM_KEY_BACKSPACE,
	TERM_KEY_ESCAPE,
	TERM_KEY_UP,
	TERM_KEY_DOWN,
	TERM_KEY_LEFT,
	TERM_KEY_RIGHT,
	TERM_KEY_HOME,
	TERM_KEY_END,
	TERM_KEY_INSERT,
	TERM_KEY_DELETE,
	TERM_KEY_PAGE_UP,
	TERM_KEY_PAGE_DOWN,
	TERM_KEY_F1,		/* F1 + n - 1 is Fn, up to F12 */
	TERM_KEY_F12 = TERM_KEY_F1 + 11,
	TERM_KEY_CURSOR_REPORT,	/* row, col: 1-based, from the terminal */
	TERM_KEY_EOF,		/* the input source ended */
};

/* Modifiers, the bits of the terminal protocol's KeyEvent. */
#define TERM_MOD_SHIFT	0x01
#define TERM_MOD_CTRL	0x02
#define TERM_MOD_ALT	0x04

struct term_key {
	uint16_t code;		/* enum term_key_code */
	uint8_t mods;		/* TERM_MOD_* */
	uint32_t ch;		/* TERM_KEY_CHAR */
	uint16_t row, col;	/* TERM_KEY_CURSOR_REPORT */
};

/* True for {CHAR, c, CTRL} (c a lower-case letter or '\\' ...). */
static inline bool term_key_is_ctrl(const struct term_key *k, char c)
{
	return k->code == TERM_KEY_CHAR && k->mods == TERM_MOD_CTRL &&
	       k->ch == (uint32_t)(unsigned char)c;
}

/* A key that inserts text: a character without Ctrl or Alt. */
static inline bool term_key_is_text(const struct term_key *k)
{
	return k->code == TERM_KEY_CHAR &&
	       !(k->mods & (TERM_MOD_CTRL | TERM_MOD_ALT)) && k->ch >= 0x20 &&
	       k->ch != 0x7f;
}

typedef void (*term_key_fn)(void *arg, const struct term_key *key);

#define TERM_KEYS_SEQ_MAX	32	/* longer escape sequences are dropped */
#define TERM_KEYS_PARAMS	4

struct term_keys {
	uint8_t state;
	uint8_t mods;			/* ALT after a lone ESC */
	bool after_cr;
	uint8_t seq_len;		/* bytes of the current sequence */
	uint8_t nparams;
	bool param_digits, private_seq;
	uint16_t params[TERM_KEYS_PARAMS];
	uint8_t utf8[4];		/* a partial UTF-8 sequence */
	uint8_t utf8_len, utf8_need;
};

void term_keys_init(struct term_keys *d);

/* Decode n bytes, calling emit for every complete key, in order. */
void term_keys_feed(struct term_keys *d, const void *data, size_t n,
		    term_key_fn emit, void *arg);

/*
 * No more bytes are coming for now: a pending lone ESC becomes
 * TERM_KEY_ESCAPE, a partial UTF-8 character U+FFFD, a partial escape
 * sequence is dropped.
 */
void term_keys_flush(struct term_keys *d, term_key_fn emit, void *arg);

/* True while a sequence or character is incomplete. */
bool term_keys_pending(const struct term_keys *d);

/* Short name of a key for logs and tests ("Up", "Ctrl+C", "a", ...). */
size_t term_key_name(const struct term_key *k, char *buf, size_t cap);

#endif /* _LIB_TERM_KEYS_H */
