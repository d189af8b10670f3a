// SPDX-License-Identifier: GPL-2.0
/*
 * The terminal's input decoder: bytes from a serial terminal (UTF-8,
 * control characters, ANSI escape sequences) to keys.  See
 * include/lib/term_keys.h for what is recognised.
 */
#include <lib/format.h>
#include <lib/string.h>
#include <lib/term_keys.h>

enum {
	S_GROUND,
	S_ESC,		/* after ESC */
	S_CSI,		/* after ESC [ */
	S_SS3,		/* after ESC O */
};

void term_keys_init(struct term_keys *d)
{
	memset(d, 0, sizeof(*d));
}

static void emit_key(term_key_fn emit, void *arg, uint16_t code,
		     uint8_t mods, uint32_t ch)
{
	struct term_key k = { .code = code, .mods = mods, .ch = ch };

	emit(arg, &k);
}

static void utf8_reset(struct term_keys *d)
{
	d->utf8_len = 0;
	d->utf8_need = 0;
}

/* A complete or broken UTF-8 character. */
static void utf8_done(struct term_keys *d, term_key_fn emit, void *arg,
		      uint8_t mods)
{
	uint32_t cp = 0xfffd;
	size_t i;

	/* Validate: no overlong forms, surrogates or values past U+10FFFF. */
	if (d->utf8_len == d->utf8_need) {
		uint8_t b0 = d->utf8[0];

		cp = b0 & (d->utf8_need == 2 ? 0x1f :
			   d->utf8_need == 3 ? 0x0f : 0x07);
		for (i = 1; i < d->utf8_len; i++)
			cp = cp << 6 | (d->utf8[i] & 0x3f);
		if ((d->utf8_need == 2 && cp < 0x80) ||
		    (d->utf8_need == 3 && cp < 0x800) ||
		    (d->utf8_need == 4 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			cp = 0xfffd;
	}
	utf8_reset(d);
	emit_key(emit, arg, TERM_KEY_CHAR, mods, cp);
}

static uint16_t param(const struct term_keys *d, unsigned i, uint16_t def)
{
	return i < d->nparams && d->params[i] ? d->params[i] : def;
}

/* Modifiers of "CSI 1;m X": m - 1 as Shift 1, Alt 2, Ctrl 4. */
static uint8_t csi_mods(const struct term_keys *d)
{
	uint16_t m = param(d, 1, 1) - 1;
	uint8_t mods = 0;

	if (m & 1)
		mods |= TERM_MOD_SHIFT;
	if (m & 2)
		mods |= TERM_MOD_ALT;
	if (m & 4)
		mods |= TERM_MOD_CTRL;
	return mods;
}

static uint16_t tilde_key(uint16_t n)
{
	switch (n) {
	case 1: case 7:
		return TERM_KEY_HOME;
	case 2:
		return TERM_KEY_INSERT;
	case 3:
		return TERM_KEY_DELETE;
	case 4: case 8:
		return TERM_KEY_END;
	case 5:
		return TERM_KEY_PAGE_UP;
	case 6:
		return TERM_KEY_PAGE_DOWN;
	case 11 ... 15:
		return TERM_KEY_F1 + (n - 11);
	case 17 ... 21:
		return TERM_KEY_F1 + 5 + (n - 17);
	case 23: case 24:
		return TERM_KEY_F1 + 10 + (n - 23);
	}
	return TERM_KEY_NONE;
}

static uint16_t letter_key(uint8_t c)
{
	switch (c) {
	case 'A':
		return TERM_KEY_UP;
	case 'B':
		return TERM_KEY_DOWN;
	case 'C':
		return TERM_KEY_RIGHT;
	case 'D':
		return TERM_KEY_LEFT;
	case 'H':
		return TERM_KEY_HOME;
	case 'F':
		return TERM_KEY_END;
	case 'P': case 'Q': case 'R': case 'S':
		return TERM_KEY_F1 + (c - 'P');
	}
	return TERM_KEY_NONE;
}

static void csi_final(struct term_keys *d, uint8_t c, term_key_fn emit,
		      void *arg)
{
	uint8_t mods = d->mods | csi_mods(d);
	uint16_t code = TERM_KEY_NONE;

	if (d->private_seq)
		return;		/* "CSI ? ..." and friends: not keys */
	if (c == 'R' && d->nparams == 2) {
		struct term_key k = { .code = TERM_KEY_CURSOR_REPORT,
				      .row = param(d, 0, 1),
				      .col = param(d, 1, 1) };

		emit(arg, &k);
		return;
	}
	if (c == '~')
		code = tilde_key(param(d, 0, 0));
	else if (c == 'Z')
		emit_key(emit, arg, TERM_KEY_TAB, mods | TERM_MOD_SHIFT, 0);
	else
		code = letter_key(c);
	if (code != TERM_KEY_NONE)
		emit_key(emit, arg, code, mods, 0);
}

/* One byte in the ground state (also the byte after a lone ESC). */
static void ground(struct term_keys *d, uint8_t c, uint8_t mods,
		   term_key_fn emit, void *arg)
{
	bool after_cr = d->after_cr;

	d->after_cr = c == '\r';
	if (c == '\n' && after_cr && !mods)
		return;
	switch (c) {
	case '\r':
	case '\n':
		emit_key(emit, arg, TERM_KEY_ENTER, mods, 0);
		return;
	case '\t':
		emit_key(emit, arg, TERM_KEY_TAB, mods, 0);
		return;
	case 0x7f:
	case 0x08:
		emit_key(emit, arg, TERM_KEY_BACKSPACE, mods, 0);
		return;
	case 0x00:
		emit_key(emit, arg, TERM_KEY_CHAR, mods | TERM_MOD_CTRL, '@');
		return;
	case 0x1c ... 0x1f:
		emit_key(emit, arg, TERM_KEY_CHAR, mods | TERM_MOD_CTRL,
			 "\\]^_"[c - 0x1c]);
		return;
	}
	if (c < 0x20) {
		emit_key(emit, arg, TERM_KEY_CHAR, mods | TERM_MOD_CTRL,
			 'a' + c - 1);
		return;
	}
	if (c < 0x80) {
		emit_key(emit, arg, TERM_KEY_CHAR, mods, c);
		return;
	}
	/* UTF-8 lead byte (continuation bytes are handled by the caller). */
	if (c >= 0xc2 && c <= 0xf4) {
		d->utf8[0] = c;
		d->utf8_len = 1;
		d->utf8_need = c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
		d->mods = mods;
		return;
	}
	emit_key(emit, arg, TERM_KEY_CHAR, mods, 0xfffd);
}

static void reset_seq(struct term_keys *d)
{
	d->seq_len = 0;
	d->nparams = 0;
	d->param_digits = false;
	d->private_seq = false;
	memset(d->params, 0, sizeof(d->params));
}

static void feed_byte(struct term_keys *d, uint8_t c, term_key_fn emit,
		      void *arg)
{
	if (d->utf8_need) {
		if ((c & 0xc0) == 0x80) {
			d->utf8[d->utf8_len++] = c;
			if (d->utf8_len == d->utf8_need) {
				uint8_t mods = d->mods;

				d->mods = 0;
				utf8_done(d, emit, arg, mods);
			}
			return;
		}
		/* Broken sequence: U+FFFD, then c on its own. */
		utf8_done(d, emit, arg, d->mods);
		d->mods = 0;
	}

	switch (d->state) {
	case S_GROUND:
		if (c == 0x1b) {
			d->state = S_ESC;
			d->after_cr = false;
			return;
		}
		ground(d, c, 0, emit, arg);
		return;
	case S_ESC:
		if (c == '[') {
			d->state = S_CSI;
			reset_seq(d);
			return;
		}
		if (c == 'O') {
			d->state = S_SS3;
			return;
		}
		if (c == 0x1b) {	/* ESC ESC: an Escape, then a new ESC */
			emit_key(emit, arg, TERM_KEY_ESCAPE, 0, 0);
			return;
		}
		d->state = S_GROUND;
		ground(d, c, TERM_MOD_ALT, emit, arg);
		return;
	case S_SS3:
		d->state = S_GROUND;
		if (c == 'M') {
			emit_key(emit, arg, TERM_KEY_ENTER, 0, 0);
		} else if (letter_key(c) != TERM_KEY_NONE) {
			emit_key(emit, arg, letter_key(c), 0, 0);
		}
		return;
	case S_CSI:
		if (++d->seq_len > TERM_KEYS_SEQ_MAX) {
			/* Runaway sequence: drop it, wait for its end. */
			if (c >= 0x40 && c <= 0x7e)
				d->state = S_GROUND;
			return;
		}
		if (c >= '0' && c <= '9') {
			if (!d->nparams)
				d->nparams = 1;
			if (d->nparams <= TERM_KEYS_PARAMS) {
				uint16_t *p = &d->params[d->nparams - 1];

				*p = *p * 10 + (c - '0') > 9999 ?
				     9999 : *p * 10 + (c - '0');
			}
			return;
		}
		if (c == ';') {
			if (!d->nparams)
				d->nparams = 1;
			if (d->nparams < 255)
				d->nparams++;
			return;
		}
		if (c >= 0x3c && c <= 0x3f) {	/* < = > ?: private */
			d->private_seq = true;
			return;
		}
		if (c >= 0x20 && c <= 0x2f)	/* intermediates */
			return;
		d->state = S_GROUND;
		if (c >= 0x40 && c <= 0x7e) {
			if (d->nparams > TERM_KEYS_PARAMS)
				return;
			csi_final(d, c, emit, arg);
			return;
		}
		/* A control character inside a sequence: abort, take it. */
		if (c == 0x1b) {
			d->state = S_ESC;
			return;
		}
		ground(d, c, 0, emit, arg);
		return;
	}
}

void term_keys_feed(struct term_keys *d, const void *data, size_t n,
		    term_key_fn emit, void *arg)
{
	const uint8_t *p = data;
	size_t i;

	for (i = 0; i < n; i++)
		feed_byte(d, p[i], emit, arg);
}

void term_keys_flush(struct term_keys *d, term_key_fn emit, void *arg)
{
	if (d->utf8_need) {
		uint8_t mods = d->mods;

		d->mods = 0;
		d->utf8_len = 0;	/* incomplete: U+FFFD */
		utf8_done(d, emit, arg, mods);
	}
	if (d->state == S_ESC)
		emit_key(emit, arg, TERM_KEY_ESCAPE, 0, 0);
	d->state = S_GROUND;
	reset_seq(d);
}

bool term_keys_pending(const struct term_keys *d)
{
	return d->state != S_GROUND || d->utf8_need;
}

static const char *const key_names[] = {
	[TERM_KEY_NONE] = "None",	[TERM_KEY_ENTER] = "Enter",
	[TERM_KEY_TAB] = "Tab",		[TERM_KEY_BACKSPACE] = "Backspace",
	[TERM_KEY_ESCAPE] = "Escape",	[TERM_KEY_UP] = "Up",
	[TERM_KEY_DOWN] = "Down",	[TERM_KEY_LEFT] = "Left",
	[TERM_KEY_RIGHT] = "Right",	[TERM_KEY_HOME] = "Home",
	[TERM_KEY_END] = "End",		[TERM_KEY_INSERT] = "Insert",
	[TERM_KEY_DELETE] = "Delete",	[TERM_KEY_PAGE_UP] = "PageUp",
	[TERM_KEY_PAGE_DOWN] = "PageDown", [TERM_KEY_EOF] = "EOF",
};

size_t term_key_name(const struct term_key *k, char *buf, size_t cap)
{
	char base[16];
	const char *name = base;

	if (k->code == TERM_KEY_CHAR) {
		uint32_t c = k->ch;

		if (k->mods & TERM_MOD_CTRL && c >= 'a' && c <= 'z')
			c -= 'a' - 'A';
		if (c >= 0x21 && c < 0x7f)
			snprintf(base, sizeof(base), "%c", (char)c);
		else if (c == ' ')
			snprintf(base, sizeof(base), "Space");
		else
			snprintf(base, sizeof(base), "U+%04X", (unsigned)c);
	} else if (k->code == TERM_KEY_CURSOR_REPORT) {
		return (size_t)snprintf(buf, cap, "CursorReport(%u,%u)",
					k->row, k->col);
	} else if (k->code >= TERM_KEY_F1 && k->code <= TERM_KEY_F12) {
		snprintf(base, sizeof(base), "F%u", k->code - TERM_KEY_F1 + 1);
	} else if (k->code < sizeof(key_names) / sizeof(key_names[0]) &&
		   key_names[k->code]) {
		name = key_names[k->code];
	} else {
		name = "?";
	}
	return (size_t)snprintf(buf, cap, "%s%s%s%s",
				k->mods & TERM_MOD_CTRL ? "Ctrl+" : "",
				k->mods & TERM_MOD_ALT ? "Alt+" : "",
				k->mods & TERM_MOD_SHIFT ? "Shift+" : "", name);
}
