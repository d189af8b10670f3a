// SPDX-License-Identifier: GPL-2.0
/* The terminal's line editor and history (include/lib/term_line.h). */
#include <lib/string.h>
#include <lib/term_line.h>
#include <lib/utf8.h>

static bool is_cont(char c)
{
	return ((unsigned char)c & 0xc0) == 0x80;
}

void term_line_init(struct term_line *l)
{
	term_line_clear(l);
}

void term_line_clear(struct term_line *l)
{
	l->buf[0] = '\0';
	l->len = 0;
	l->pos = 0;
}

/* Longest prefix of s[0..n) that fits max bytes without cutting a
 * character. */
static size_t fit(const char *s, size_t n, size_t max)
{
	if (n <= max)
		return n;
	n = max;
	while (n && is_cont(s[n]))
		n--;
	return n;
}

void term_line_set(struct term_line *l, const char *s, size_t n)
{
	n = fit(s, n, TERM_LINE_MAX - 1);
	memmove(l->buf, s, n);
	l->buf[n] = '\0';
	l->len = n;
	l->pos = n;
}

bool term_line_insert_text(struct term_line *l, const char *s, size_t n)
{
	if (!n || l->len + n > TERM_LINE_MAX - 1 || !utf8_valid(s, n))
		return false;
	memmove(l->buf + l->pos + n, l->buf + l->pos, l->len - l->pos + 1);
	memcpy(l->buf + l->pos, s, n);
	l->len += n;
	l->pos += n;
	return true;
}

bool term_line_insert(struct term_line *l, uint32_t cp)
{
	char b[4];
	size_t n;

	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
		return false;
	n = utf8_encode(cp, b);
	return n && term_line_insert_text(l, b, n);
}

static size_t prev_pos(const struct term_line *l, size_t p)
{
	if (!p)
		return 0;
	p--;
	while (p && is_cont(l->buf[p]))
		p--;
	return p;
}

static size_t next_pos(const struct term_line *l, size_t p)
{
	if (p >= l->len)
		return l->len;
	p++;
	while (p < l->len && is_cont(l->buf[p]))
		p++;
	return p;
}

/* Delete bytes [from, to). */
static bool cut(struct term_line *l, size_t from, size_t to)
{
	if (from >= to)
		return false;
	memmove(l->buf + from, l->buf + to, l->len - to + 1);
	l->len -= to - from;
	l->pos = from;
	return true;
}

bool term_line_backspace(struct term_line *l)
{
	return cut(l, prev_pos(l, l->pos), l->pos);
}

bool term_line_delete(struct term_line *l)
{
	size_t p = l->pos;

	return cut(l, p, next_pos(l, p)) && (l->pos = p, true);
}

bool term_line_left(struct term_line *l)
{
	if (!l->pos)
		return false;
	l->pos = prev_pos(l, l->pos);
	return true;
}

bool term_line_right(struct term_line *l)
{
	if (l->pos >= l->len)
		return false;
	l->pos = next_pos(l, l->pos);
	return true;
}

static bool is_word(char c)
{
	return c != ' ' && c != '\t' && c != '|' && c != '/';
}

static size_t word_start(const struct term_line *l, size_t p)
{
	while (p && !is_word(l->buf[prev_pos(l, p)]))
		p = prev_pos(l, p);
	while (p && is_word(l->buf[prev_pos(l, p)]))
		p = prev_pos(l, p);
	return p;
}

bool term_line_word_left(struct term_line *l)
{
	size_t p = word_start(l, l->pos);

	if (p == l->pos)
		return false;
	l->pos = p;
	return true;
}

bool term_line_word_right(struct term_line *l)
{
	size_t p = l->pos;

	while (p < l->len && !is_word(l->buf[p]))
		p = next_pos(l, p);
	while (p < l->len && is_word(l->buf[p]))
		p = next_pos(l, p);
	if (p == l->pos)
		return false;
	l->pos = p;
	return true;
}

bool term_line_home(struct term_line *l)
{
	if (!l->pos)
		return false;
	l->pos = 0;
	return true;
}

bool term_line_end(struct term_line *l)
{
	if (l->pos == l->len)
		return false;
	l->pos = l->len;
	return true;
}

bool term_line_kill_end(struct term_line *l)
{
	size_t p = l->pos;

	return cut(l, p, l->len) && (l->pos = p, true);
}

bool term_line_kill_start(struct term_line *l)
{
	return cut(l, 0, l->pos);
}

bool term_line_kill_word(struct term_line *l)
{
	return cut(l, word_start(l, l->pos), l->pos);
}

static size_t count_chars(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		if (!is_cont(s[i]))
			c++;
	return c;
}

size_t term_line_cols(const struct term_line *l)
{
	return count_chars(l->buf, l->len);
}

size_t term_line_cursor_cols(const struct term_line *l)
{
	return count_chars(l->buf, l->pos);
}

static enum term_line_result res(bool changed)
{
	return changed ? TERM_LINE_CHANGED : TERM_LINE_UNCHANGED;
}

static enum term_line_result ctrl_key(struct term_line *l,
				      struct term_history *h, uint32_t c)
{
	switch (c) {
	case 'a':
		return res(term_line_home(l));
	case 'e':
		return res(term_line_end(l));
	case 'b':
		return res(term_line_left(l));
	case 'f':
		return res(term_line_right(l));
	case 'd':
		if (!l->len)
			return TERM_LINE_IGNORED;	/* end of input */
		return res(term_line_delete(l));
	case 'k':
		return res(term_line_kill_end(l));
	case 'u':
		return res(term_line_kill_start(l));
	case 'w':
		return res(term_line_kill_word(l));
	case 'h':
		return res(term_line_backspace(l));
	case 'p':
		return h ? res(term_history_prev(h, l)) : TERM_LINE_IGNORED;
	case 'n':
		return h ? res(term_history_next(h, l)) : TERM_LINE_IGNORED;
	}
	return TERM_LINE_IGNORED;
}

enum term_line_result term_line_key(struct term_line *l,
				    struct term_history *h,
				    const struct term_key *k)
{
	bool word = k->mods & (TERM_MOD_CTRL | TERM_MOD_ALT);

	switch (k->code) {
	case TERM_KEY_CHAR:
		if (term_key_is_text(k))
			return res(term_line_insert(l, k->ch));
		if (k->mods == TERM_MOD_CTRL)
			return ctrl_key(l, h, k->ch);
		if (k->mods == TERM_MOD_ALT && k->ch == 'b')
			return res(term_line_word_left(l));
		if (k->mods == TERM_MOD_ALT && k->ch == 'f')
			return res(term_line_word_right(l));
		if (k->mods == TERM_MOD_ALT && k->ch == 'd') {
			size_t p = l->pos;

			term_line_word_right(l);
			return res(cut(l, p, l->pos));
		}
		return TERM_LINE_IGNORED;
	case TERM_KEY_ENTER:
		return TERM_LINE_ENTER;
	case TERM_KEY_BACKSPACE:
		if (k->mods & TERM_MOD_ALT)
			return res(term_line_kill_word(l));
		return res(term_line_backspace(l));
	case TERM_KEY_DELETE:
		return res(term_line_delete(l));
	case TERM_KEY_LEFT:
		return res(word ? term_line_word_left(l) : term_line_left(l));
	case TERM_KEY_RIGHT:
		return res(word ? term_line_word_right(l) :
			   term_line_right(l));
	case TERM_KEY_HOME:
		return res(term_line_home(l));
	case TERM_KEY_END:
		return res(term_line_end(l));
	case TERM_KEY_UP:
		return h ? res(term_history_prev(h, l)) : TERM_LINE_IGNORED;
	case TERM_KEY_DOWN:
		return h ? res(term_history_next(h, l)) : TERM_LINE_IGNORED;
	}
	return TERM_LINE_IGNORED;
}

/* ------------------------------------------------------------ history */

void term_history_init(struct term_history *h)
{
	h->count = 0;
	h->first = 0;
	h->browse = 0;
	h->draft[0] = '\0';
}

const char *term_history_get(const struct term_history *h, size_t k)
{
	if (!k || k > h->count)
		return NULL;
	return h->entries[(h->first + h->count - k) % TERM_HISTORY_MAX];
}

void term_history_add(struct term_history *h, const char *s, size_t n)
{
	const char *newest = term_history_get(h, 1);
	size_t i, slot;
	bool blank = true;

	h->browse = 0;
	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			blank = false;
	if (blank)
		return;
	n = fit(s, n, TERM_LINE_MAX - 1);
	if (newest && strlen(newest) == n && !memcmp(newest, s, n))
		return;
	if (h->count == TERM_HISTORY_MAX) {
		slot = h->first;
		h->first = (h->first + 1) % TERM_HISTORY_MAX;
	} else {
		slot = (h->first + h->count) % TERM_HISTORY_MAX;
		h->count++;
	}
	memcpy(h->entries[slot], s, n);
	h->entries[slot][n] = '\0';
}

bool term_history_prev(struct term_history *h, struct term_line *l)
{
	const char *e;

	if (h->browse >= h->count)
		return false;
	if (!h->browse)
		memcpy(h->draft, l->buf, l->len + 1);
	e = term_history_get(h, ++h->browse);
	term_line_set(l, e, strlen(e));
	return true;
}

bool term_history_next(struct term_history *h, struct term_line *l)
{
	const char *e;

	if (!h->browse)
		return false;
	e = --h->browse ? term_history_get(h, h->browse) : h->draft;
	term_line_set(l, e, strlen(e));
	return true;
}

void term_history_reset(struct term_history *h)
{
	h->browse = 0;
}
