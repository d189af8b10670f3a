// SPDX-License-Identifier: GPL-2.0
/*
 * Strict parser for the TOML subset of services.md 6.4.  See
 * include/lib/toml.h for what is accepted and the limits.
 *
 * One pass over the text with a cursor that tracks line and column; the
 * input is checked to be UTF-8 before parsing, so inside strings and
 * comments any byte >= 0x80 is part of a valid sequence.  Strings are
 * scanned twice (measure, then copy) so that every allocation has its
 * exact size.  Recursion is bounded by TOML_MAX_DEPTH.
 */
#include <lib/format.h>
#include <lib/string.h>
#include <lib/toml.h>
#include <lib/utf8.h>

#define TABLE_IMPLICIT 0x01 /* created by a header path, not defined */

struct cursor {
	size_t pos;
	uint32_t line, col;
};

struct parser {
	const struct panda_value_alloc *a;
	const char *s;
	size_t len;
	struct cursor c;
	struct toml_value *root, *cur;
	struct toml_error *err;
	int code;
};

/* ------------------------------------------------------------ memory */

static void free_entries(const struct panda_value_alloc *a,
			 struct toml_entry *e, size_t n, size_t cap)
{
	size_t i;

	for (i = 0; i < n; i++) {
		value_xfree(a, e[i].key, e[i].key_len + 1);
		toml_free(a, e[i].value);
	}
	value_xfree(a, e, cap * sizeof(*e));
}

void toml_free(const struct panda_value_alloc *a, struct toml_value *v)
{
	size_t i;

	if (!v)
		return;
	switch (v->type) {
	case TOML_STRING:
		value_xfree(a, v->u.str.data, v->u.str.len + 1);
		break;
	case TOML_ARRAY:
		for (i = 0; i < v->u.array.len; i++)
			toml_free(a, v->u.array.items[i]);
		value_xfree(a, v->u.array.items,
		      v->u.array.cap * sizeof(*v->u.array.items));
		break;
	case TOML_TABLE:
		free_entries(a, v->u.table.entries, v->u.table.len,
			     v->u.table.cap);
		break;
	default:
		break;
	}
	value_xfree(a, v, sizeof(*v));
}

/* ------------------------------------------------------------ lookup */

static struct toml_entry *find(const struct toml_value *t, const char *key,
			       size_t len)
{
	size_t i;

	if (!t || t->type != TOML_TABLE)
		return NULL;
	for (i = 0; i < t->u.table.len; i++) {
		struct toml_entry *e = &t->u.table.entries[i];

		if (e->key_len == len && !memcmp(e->key, key, len))
			return e;
	}
	return NULL;
}

const struct toml_entry *toml_table_entry(const struct toml_value *table,
					  const char *key)
{
	return find(table, key, strlen(key));
}

struct toml_value *toml_table_get(const struct toml_value *table,
				  const char *key)
{
	const struct toml_entry *e = toml_table_entry(table, key);

	return e ? e->value : NULL;
}

const char *toml_type_name(enum toml_type t)
{
	switch (t) {
	case TOML_STRING:
		return "string";
	case TOML_INTEGER:
		return "integer";
	case TOML_BOOLEAN:
		return "boolean";
	case TOML_ARRAY:
		return "array";
	case TOML_TABLE:
		return "table";
	}
	return "unknown";
}

const char *toml_value_kind(const struct toml_value *v)
{
	if (v && v->type == TOML_ARRAY && v->u.array.of_tables)
		return "array of tables";
	return v ? toml_type_name(v->type) : "nothing";
}

const char *toml_strerror(int code)
{
	switch (code) {
	case 0:
		return "ok";
	case TOML_ENOMEM:
		return "out of memory";
	case TOML_EUTF8:
		return "invalid UTF-8";
	case TOML_ESYNTAX:
		return "syntax error";
	case TOML_EUNSUPPORTED:
		return "unsupported TOML construct";
	case TOML_EDUPLICATE:
		return "duplicate definition";
	case TOML_ERANGE:
		return "integer out of range";
	case TOML_EESCAPE:
		return "invalid escape";
	case TOML_ETYPE:
		return "mixed array types";
	case TOML_ELIMIT:
		return "limit exceeded";
	case TOML_EINVAL:
		return "invalid argument";
	}
	return "unknown error";
}

int toml_error_format(const struct toml_error *err, char *buf, size_t cap)
{
	return snprintf(buf, cap, "line %u, column %u: %s", err->line, err->col,
			err->msg);
}

/* ------------------------------------------------------------ errors */

static int fail_at(struct parser *p, const struct cursor *at, int code,
		   const char *fmt, ...) __lib_printf(4, 5);

static int fail_at(struct parser *p, const struct cursor *at, int code,
		   const char *fmt, ...)
{
	va_list ap;

	if (p->code)
		return p->code;
	p->code = code;
	if (p->err) {
		p->err->code = code;
		p->err->line = at->line;
		p->err->col = at->col;
		va_start(ap, fmt);
		vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
		va_end(ap);
	}
	return code;
}

#define fail(p, code, ...) fail_at(p, &(p)->c, code, __VA_ARGS__)

static int nomem(struct parser *p)
{
	return fail(p, TOML_ENOMEM, "out of memory");
}

#define SHOW_MAX  32
#define SHOW_SIZE (SHOW_MAX + 4)

const char *toml_a_kind(const struct toml_value *v)
{
	switch (v->type) {
	case TOML_STRING:
		return "a string";
	case TOML_INTEGER:
		return "an integer";
	case TOML_BOOLEAN:
		return "a boolean";
	case TOML_ARRAY:
		return v->u.array.of_tables ? "an array of tables" : "an array";
	case TOML_TABLE:
		return "a table";
	}
	return "a value";
}

const char *toml_show(const char *s, size_t n, size_t max, char *buf)
{
	size_t i, k = n;

	if (k > max) {
		k = max;
		while (k && ((unsigned char)s[k] & 0xc0) == 0x80)
			k--;
	}
	for (i = 0; i < k; i++) {
		unsigned char ch = s[i];

		buf[i] = ch < 0x20 || ch == 0x7f || ch == '"' || ch == '\\' ?
				 '?' :
				 (char)ch;
	}
	if (k < n) {
		memcpy(buf + k, "...", 3);
		k += 3;
	}
	buf[k] = '\0';
	return buf;
}

static const char *show(const char *s, size_t n, char buf[SHOW_SIZE])
{
	return toml_show(s, n, SHOW_MAX, buf);
}

/* "'x'" for printable ASCII, "U+XXXX" otherwise, "end of file". */
static const char *describe(const struct parser *p, char buf[16])
{
	uint32_t cp;
	unsigned char ch;

	if (p->c.pos >= p->len)
		return "end of file";
	ch = p->s[p->c.pos];
	if (ch == '\n')
		return "end of line";
	if (ch > 0x20 && ch < 0x7f) {
		snprintf(buf, 16, "'%c'", ch);
		return buf;
	}
	if (utf8_decode(p->s + p->c.pos, p->len - p->c.pos, &cp) < 0)
		cp = ch;
	snprintf(buf, 16, "U+%04X", cp);
	return buf;
}

/* ------------------------------------------------------------ cursor */

static int peek_at(const struct parser *p, size_t off)
{
	size_t i = p->c.pos + off;

	return i < p->len ? (unsigned char)p->s[i] : -1;
}

static int peek(const struct parser *p)
{
	return peek_at(p, 0);
}

static void advance(struct parser *p)
{
	unsigned char ch = p->s[p->c.pos++];

	if (ch == '\n') {
		p->c.line++;
		p->c.col = 1;
	} else if (p->c.pos >= p->len ||
		   ((unsigned char)p->s[p->c.pos] & 0xc0) != 0x80) {
		/* Moved onto the first byte of the next character. */
		p->c.col++;
	}
}

static void advance_n(struct parser *p, size_t n)
{
	while (n--)
		advance(p);
}

static bool is_control(int ch)
{
	return (ch >= 0 && ch < 0x20 && ch != '\t') || ch == 0x7f;
}

static bool is_bare(int ch)
{
	return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
	       (ch >= '0' && ch <= '9') || ch == '_' || ch == '-';
}

static bool is_digit(int ch)
{
	return ch >= '0' && ch <= '9';
}

static void skip_ws(struct parser *p)
{
	while (peek(p) == ' ' || peek(p) == '\t')
		advance(p);
}

/* A line end: "\n" or "\r\n"; a lone CR is an error. */
static bool at_newline(const struct parser *p)
{
	return peek(p) == '\n' || (peek(p) == '\r' && peek_at(p, 1) == '\n');
}

static void skip_newline(struct parser *p)
{
	if (peek(p) == '\r')
		advance(p);
	advance(p);
}

static int control_error(struct parser *p, const char *where)
{
	char d[16];

	if (peek(p) == '\r')
		return fail(p, TOML_ESYNTAX,
			    "carriage return not followed by a line feed");
	return fail(p, TOML_ESYNTAX, "control character %s in %s",
		    describe(p, d), where);
}

/* At '#': consume the comment up to (not including) the line end. */
static int skip_comment(struct parser *p)
{
	advance(p);
	for (;;) {
		int ch = peek(p);

		if (ch < 0 || at_newline(p))
			return 0;
		if (is_control(ch))
			return control_error(p, "comment");
		advance(p);
	}
}

/* Spaces, an optional comment, then a line end or the end of the file. */
static int expect_eol(struct parser *p, const char *after)
{
	char d[16];

	skip_ws(p);
	if (peek(p) == '#' && skip_comment(p))
		return p->code;
	if (peek(p) < 0)
		return 0;
	if (at_newline(p)) {
		skip_newline(p);
		return 0;
	}
	if (peek(p) == '\r')
		return control_error(p, "line");
	return fail(p, TOML_ESYNTAX, "expected end of line after %s, found %s",
		    after, describe(p, d));
}

/* Whitespace, line ends and comments (inside arrays). */
static int skip_ws_lines(struct parser *p)
{
	for (;;) {
		skip_ws(p);
		if (peek(p) == '#') {
			if (skip_comment(p))
				return p->code;
		} else if (at_newline(p)) {
			skip_newline(p);
		} else if (peek(p) == '\r') {
			return control_error(p, "array");
		} else {
			return 0;
		}
	}
}

/* ------------------------------------------------------------ strings */

static int hex_digit(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* At '\\' in a basic string: consume the escape, store its bytes. */
static int escape(struct parser *p, char *dst, size_t *n)
{
	struct cursor at = p->c;
	char tmp[4];		/* when only measuring */
	uint32_t cp = 0;
	int ch, i, digits;
	char d[16];

	advance(p);
	ch = peek(p);
	switch (ch) {
	case 'b':
		cp = '\b';
		break;
	case 't':
		cp = '\t';
		break;
	case 'n':
		cp = '\n';
		break;
	case 'f':
		cp = '\f';
		break;
	case 'r':
		cp = '\r';
		break;
	case '"':
		cp = '"';
		break;
	case '\\':
		cp = '\\';
		break;
	case 'u':
	case 'U':
		digits = ch == 'u' ? 4 : 8;
		for (i = 1; i <= digits; i++) {
			int h = hex_digit(peek_at(p, i));

			if (h < 0)
				return fail_at(
					p, &at, TOML_EESCAPE,
					"\\%c needs exactly %d hex digits", ch,
					digits);
			cp = cp << 4 | (uint32_t)h;
		}
		if (cp == 0)
			return fail_at(p, &at, TOML_EESCAPE,
				       "\\%c escape of NUL is not supported",
				       ch);
		if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return fail_at(
				p, &at, TOML_EESCAPE,
				"\\%c escape U+%04X is not a Unicode scalar value",
				ch, cp);
		advance_n(p, (size_t)digits + 1);
		*n = utf8_encode(cp, dst ? dst : tmp);
		return 0;
	default:
		if (ch < 0 || ch == '\n' || ch == '\r')
			return fail_at(p, &at, TOML_EESCAPE,
				       "backslash at end of line");
		return fail_at(
			p, &at, TOML_EESCAPE,
			"invalid escape sequence: backslash followed by %s",
			describe(p, d));
	}
	advance(p);
	if (dst)
		*dst = (char)cp;
	*n = 1;
	return 0;
}

/*
 * Scan a basic ("...") or literal ('...') string at the cursor, storing
 * its bytes in dst (NULL: only measure) and the length in *len.  max is
 * the length limit, what names the thing for messages.
 */
static int scan_string(struct parser *p, char *dst, size_t *len, size_t max,
		       const char *what)
{
	struct cursor start = p->c;
	int quote = peek(p);
	size_t n = 0, k = 0;

	if (peek_at(p, 1) == quote && peek_at(p, 2) == quote)
		return fail(p, TOML_EUNSUPPORTED,
			    "multi-line strings are not supported");
	advance(p);
	for (;;) {
		int ch = peek(p);

		if (ch < 0 || ch == '\n' ||
		    (ch == '\r' && peek_at(p, 1) == '\n'))
			return fail_at(p, &start, TOML_ESYNTAX,
				       "unterminated string");
		if (ch == quote) {
			advance(p);
			break;
		}
		if (is_control(ch))
			return control_error(p, "string");
		if (ch == '\\' && quote == '"') {
			if (escape(p, dst ? dst + n : NULL, &k))
				return p->code;
		} else {
			if (dst)
				dst[n] = (char)ch;
			advance(p);
			k = 1;
		}
		n += k;
		if (n > max)
			return fail_at(p, &start, TOML_ELIMIT,
				       "%s longer than %zu bytes", what, max);
	}
	*len = n;
	return 0;
}

/* A string value or quoted key at the cursor, allocated with its size. */
static char *read_string(struct parser *p, size_t *len, size_t max,
			 const char *what)
{
	struct cursor start = p->c;
	char *s;

	if (scan_string(p, NULL, len, max, what))
		return NULL;
	s = value_xalloc(p->a, *len + 1);
	if (!s) {
		nomem(p);
		return NULL;
	}
	p->c = start;
	scan_string(p, s, len, max, what);
	s[*len] = '\0';
	return s;
}

/* A key (bare or basic-quoted) at the cursor. */
static char *read_key(struct parser *p, size_t *len)
{
	size_t n = 0;
	char *k, d[16];

	if (peek(p) == '"')
		return read_string(p, len, TOML_MAX_KEY, "key");
	if (peek(p) == '\'') {
		fail(p, TOML_EUNSUPPORTED,
		     "literal-quoted keys are not supported (use \"...\")");
		return NULL;
	}
	while (is_bare(peek_at(p, n)))
		n++;
	if (!n) {
		fail(p, TOML_ESYNTAX, "expected a key, found %s",
		     describe(p, d));
		return NULL;
	}
	if (n > TOML_MAX_KEY) {
		fail(p, TOML_ELIMIT, "key longer than %d bytes", TOML_MAX_KEY);
		return NULL;
	}
	k = value_xalloc(p->a, n + 1);
	if (!k) {
		nomem(p);
		return NULL;
	}
	memcpy(k, p->s + p->c.pos, n);
	k[n] = '\0';
	advance_n(p, n);
	*len = n;
	return k;
}

/* ------------------------------------------------------------ nodes */

static struct toml_value *node(struct parser *p, enum toml_type type,
			       const struct cursor *at)
{
	struct toml_value *v = value_xalloc(p->a, sizeof(*v));

	if (!v) {
		nomem(p);
		return NULL;
	}
	memset(v, 0, sizeof(*v));
	v->type = type;
	v->line = at->line;
	v->col = at->col;
	return v;
}

/*
 * Grow *vec (elements of size sz, capacity *cap) to hold n + 1; at is
 * the new element, for the error.
 */
static int grow(struct parser *p, void **vec, size_t *cap, size_t n, size_t sz,
		const struct cursor *at)
{
	size_t ncap;
	void *nv;

	if (n < *cap)
		return 0;
	if (n >= TOML_MAX_ITEMS)
		return fail_at(p, at, TOML_ELIMIT, "more than %d entries in %s",
			       TOML_MAX_ITEMS,
			       sz == sizeof(struct toml_entry) ? "a table" :
								 "an array");
	ncap = *cap ? *cap * 2 : 4;
	if (ncap > TOML_MAX_ITEMS)
		ncap = TOML_MAX_ITEMS;
	nv = value_xalloc(p->a, ncap * sz);
	if (!nv)
		return nomem(p);
	if (n)
		memcpy(nv, *vec, n * sz);
	value_xfree(p->a, *vec, *cap * sz);
	*vec = nv;
	*cap = ncap;
	return 0;
}

/*
 * Append key -> v to table t.  Takes ownership of key and v (both are
 * freed on failure).
 */
static struct toml_entry *add_entry(struct parser *p, struct toml_value *t,
				    char *key, size_t key_len,
				    const struct cursor *at,
				    struct toml_value *v)
{
	struct toml_entry *e;

	if (grow(p, (void **)&t->u.table.entries, &t->u.table.cap,
		 t->u.table.len, sizeof(*e), at)) {
		value_xfree(p->a, key, key_len + 1);
		toml_free(p->a, v);
		return NULL;
	}
	e = &t->u.table.entries[t->u.table.len++];
	e->key = key;
	e->key_len = key_len;
	e->line = at->line;
	e->col = at->col;
	e->value = v;
	return e;
}

static int array_push(struct parser *p, struct toml_value *arr,
		      struct toml_value *v)
{
	struct cursor at = { 0, v->line, v->col };

	if (grow(p, (void **)&arr->u.array.items, &arr->u.array.cap,
		 arr->u.array.len, sizeof(*arr->u.array.items), &at)) {
		toml_free(p->a, v);
		return p->code;
	}
	arr->u.array.items[arr->u.array.len++] = v;
	return 0;
}

/* ------------------------------------------------------------ values */

static bool is_delim(int ch)
{
	return ch < 0 || ch == ' ' || ch == '\t' || ch == ',' || ch == ']' ||
	       ch == '#' || ch == '\r' || ch == '\n';
}

static bool all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return false;
	return true;
}

static bool token_is(const char *t, size_t n, const char *word)
{
	return n == strlen(word) && !memcmp(t, word, n);
}

/* A bare token (number, true/false, or an error) at the cursor. */
static struct toml_value *parse_token(struct parser *p)
{
	struct cursor at = p->c;
	const char *t = p->s + p->c.pos, *r;
	size_t n = 0, rn, i;
	uint64_t mag = 0, limit;
	bool neg = false, was_digit = false;
	struct toml_value *v;
	char b[SHOW_SIZE], d[16];

	while (!is_delim(peek_at(p, n)))
		n++;
	if (token_is(t, n, "true") || token_is(t, n, "false")) {
		v = node(p, TOML_BOOLEAN, &at);
		if (v)
			v->u.boolean = t[0] == 't';
		advance_n(p, n);
		return v;
	}
	r = t;
	rn = n;
	if (rn && (r[0] == '+' || r[0] == '-')) {
		neg = r[0] == '-';
		r++;
		rn--;
	}
	if (token_is(r, rn, "inf") || token_is(r, rn, "nan"))
		goto is_float;
	if (!is_bare(t[0]) && t[0] != '+') {
		fail(p, TOML_ESYNTAX, "expected a value, found %s",
		     describe(p, d));
		return NULL;
	}
	if (!rn || !is_digit(r[0])) {
		fail(p, TOML_ESYNTAX,
		     "invalid value \"%s\" (strings must be quoted)",
		     show(t, n, b));
		return NULL;
	}
	if (rn >= 2 && r[0] == '0' &&
	    (r[1] == 'x' || r[1] == 'o' || r[1] == 'b')) {
		fail(p, TOML_EUNSUPPORTED,
		     "hexadecimal, octal and binary integers are not supported");
		return NULL;
	}
	if ((rn >= 5 && all_digits(r, 4) && r[4] == '-') ||
	    (rn >= 3 && all_digits(r, 2) && r[2] == ':')) {
		fail(p, TOML_EUNSUPPORTED, "dates and times are not supported");
		return NULL;
	}
	for (i = 0; i < rn; i++)
		if (r[i] == '.' || r[i] == 'e' || r[i] == 'E')
			goto is_float;
	if (r[0] == '0' && rn > 1) {
		fail(p, TOML_ESYNTAX,
		     "leading zeros are not allowed in integers");
		return NULL;
	}
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (i = 0; i < rn; i++) {
		if (r[i] == '_') {
			if (!was_digit || i + 1 >= rn || !is_digit(r[i + 1])) {
				fail(p, TOML_ESYNTAX,
				     "underscores in integers must be between digits");
				return NULL;
			}
			was_digit = false;
			continue;
		}
		if (!is_digit(r[i])) {
			fail(p, TOML_ESYNTAX, "invalid integer \"%s\"",
			     show(t, n, b));
			return NULL;
		}
		was_digit = true;
		if (mag > (limit - (uint64_t)(r[i] - '0')) / 10) {
			fail(p, TOML_ERANGE,
			     "integer %s does not fit in 64 bits",
			     show(t, n, b));
			return NULL;
		}
		mag = mag * 10 + (uint64_t)(r[i] - '0');
	}
	v = node(p, TOML_INTEGER, &at);
	if (v)
		v->u.integer = neg ? (int64_t)(0 - mag) : (int64_t)mag;
	advance_n(p, n);
	return v;
is_float:
	fail(p, TOML_EUNSUPPORTED, "floats are not supported");
	return NULL;
}

static struct toml_value *parse_value(struct parser *p, int depth);

static struct toml_value *parse_array(struct parser *p, int depth)
{
	struct cursor at = p->c;
	struct toml_value *arr, *item;
	enum toml_type type = 0;

	if (depth > TOML_MAX_DEPTH) {
		fail(p, TOML_ELIMIT, "arrays nested more than %d deep",
		     TOML_MAX_DEPTH);
		return NULL;
	}
	arr = node(p, TOML_ARRAY, &at);
	if (!arr)
		return NULL;
	advance(p);
	for (;;) {
		char d[16];

		if (skip_ws_lines(p))
			goto fail;
		if (peek(p) == ']')
			break;
		at = p->c;
		item = parse_value(p, depth);
		if (!item)
			goto fail;
		if (type && item->type != type) {
			fail_at(p, &at, TOML_ETYPE,
				"array mixes types: %s after %s",
				toml_type_name(item->type),
				toml_type_name(type));
			toml_free(p->a, item);
			goto fail;
		}
		type = item->type;
		if (array_push(p, arr, item))
			goto fail;
		if (skip_ws_lines(p))
			goto fail;
		if (peek(p) == ']')
			break;
		if (peek(p) != ',') {
			fail(p, TOML_ESYNTAX,
			     "expected ',' or ']' in array, found %s",
			     describe(p, d));
			goto fail;
		}
		advance(p);
	}
	advance(p);
	return arr;
fail:
	toml_free(p->a, arr);
	return NULL;
}

/* The value at the cursor; depth counts the arrays around it. */
static struct toml_value *parse_value(struct parser *p, int depth)
{
	struct cursor at = p->c;
	struct toml_value *v;
	int ch = peek(p);
	char d[16];

	if (ch == '"' || ch == '\'') {
		v = node(p, TOML_STRING, &at);
		if (!v)
			return NULL;
		v->u.str.data = read_string(p, &v->u.str.len, TOML_MAX_STRING,
					    "string");
		if (!v->u.str.data) {
			value_xfree(p->a, v, sizeof(*v));
			return NULL;
		}
		return v;
	}
	if (ch == '[')
		return parse_array(p, depth + 1);
	if (ch == '{') {
		fail(p, TOML_EUNSUPPORTED, "inline tables are not supported");
		return NULL;
	}
	if (is_delim(ch) || is_control(ch)) {
		if (ch == '\r' && !at_newline(p))
			control_error(p, "line");
		else
			fail(p, TOML_ESYNTAX, "expected a value, found %s",
			     describe(p, d));
		return NULL;
	}
	return parse_token(p);
}

/* ------------------------------------------------------------ lines */

/* key = value, into the current table. */
static int parse_keyval(struct parser *p)
{
	struct cursor at = p->c;
	struct toml_value *v;
	size_t len;
	char *key, d[16], b[SHOW_SIZE];

	key = read_key(p, &len);
	if (!key)
		return p->code;
	skip_ws(p);
	if (peek(p) == '.') {
		fail(p, TOML_EUNSUPPORTED,
		     "dotted keys are not supported (use a [table] header)");
		goto fail;
	}
	if (peek(p) != '=') {
		fail(p, TOML_ESYNTAX, "expected '=' after key \"%s\", found %s",
		     show(key, len, b), describe(p, d));
		goto fail;
	}
	if (find(p->cur, key, len)) {
		fail_at(p, &at, TOML_EDUPLICATE, "duplicate key \"%s\"",
			show(key, len, b));
		goto fail;
	}
	advance(p);
	skip_ws(p);
	v = parse_value(p, 0);
	if (!v)
		goto fail;
	if (!add_entry(p, p->cur, key, len, &at, v))
		return p->code;
	return expect_eol(p, "value");
fail:
	value_xfree(p->a, key, len + 1);
	return p->code;
}

struct part {
	char *key;
	size_t len;
	struct cursor at;
};

/* "[a.b]" as written (keys shown as in show()), for messages. */
static const char *header_text(const struct part *parts, int n, bool aot,
			       char *buf, size_t cap)
{
	size_t off;
	int i;
	char b[SHOW_SIZE];

	off = (size_t)scnprintf(buf, cap, "%s", aot ? "[[" : "[");
	for (i = 0; i < n; i++)
		off += (size_t)scnprintf(buf + off, cap - off, "%s%s",
					 i ? "." : "",
					 show(parts[i].key, parts[i].len, b));
	scnprintf(buf + off, cap - off, "%s", aot ? "]]" : "]");
	return buf;
}

/* Make the header's table current.  Consumes the part keys it stores. */
static int open_table(struct parser *p, struct part *parts, int n, bool aot,
		      const struct cursor *at)
{
	struct toml_value *t = p->root, *v;
	struct toml_entry *e;
	char h[64], b[SHOW_SIZE];
	int i;

	for (i = 0; i < n; i++) {
		struct part *k = &parts[i];
		bool last = i == n - 1;

		e = find(t, k->key, k->len);
		if (!e) {
			v = node(p, last && aot ? TOML_ARRAY : TOML_TABLE, at);
			if (!v)
				return p->code;
			if (v->type == TOML_ARRAY)
				v->u.array.of_tables = true;
			else if (!last)
				v->u.table.flags = TABLE_IMPLICIT;
			e = add_entry(p, t, k->key, k->len, &k->at, v);
			k->key = NULL;
			if (!e)
				return p->code;
			if (last && !aot) {
				p->cur = v;
				return 0;
			}
		} else if (last && !aot) {
			v = e->value;
			if (v->type == TOML_TABLE &&
			    (v->u.table.flags & TABLE_IMPLICIT)) {
				v->u.table.flags &= ~TABLE_IMPLICIT;
				v->line = at->line;
				v->col = at->col;
				p->cur = v;
				return 0;
			}
			if (v->type == TOML_TABLE)
				return fail_at(p, at, TOML_EDUPLICATE,
					       "table %s is defined twice",
					       header_text(parts, n, false, h,
							   sizeof(h)));
			return fail_at(
				p, at, TOML_EDUPLICATE,
				"cannot define table %s: \"%s\" is already %s",
				header_text(parts, n, false, h, sizeof(h)),
				show(k->key, k->len, b), toml_a_kind(v));
		}
		v = e->value;
		if (last) {
			if (v->type != TOML_ARRAY || !v->u.array.of_tables)
				return fail_at(
					p, at, TOML_EDUPLICATE,
					"cannot define array of tables %s: \"%s\" is already %s",
					header_text(parts, n, true, h,
						    sizeof(h)),
					show(k->key, k->len, b), toml_a_kind(v));
			t = node(p, TOML_TABLE, at);
			if (!t || array_push(p, v, t))
				return p->code;
			p->cur = t;
			return 0;
		}
		if (v->type == TOML_ARRAY && v->u.array.of_tables &&
		    v->u.array.len)
			t = v->u.array.items[v->u.array.len - 1];
		else if (v->type == TOML_TABLE)
			t = v;
		else
			return fail_at(
				p, &k->at, TOML_EDUPLICATE,
				"cannot use \"%s\" as a table in %s: it is already %s",
				show(k->key, k->len, b),
				header_text(parts, n, aot, h, sizeof(h)),
				toml_a_kind(v));
	}
	return 0;
}

/* [a.b] or [[a.b]] */
static int parse_header(struct parser *p)
{
	struct cursor at = p->c;
	struct part parts[TOML_MAX_DEPTH];
	int n = 0, i;
	bool aot;
	char d[16];

	advance(p);
	aot = peek(p) == '[';
	if (aot)
		advance(p);
	for (;;) {
		skip_ws(p);
		if (n == TOML_MAX_DEPTH) {
			fail(p, TOML_ELIMIT,
			     "table header with more than %d parts",
			     TOML_MAX_DEPTH);
			goto out;
		}
		parts[n].at = p->c;
		parts[n].key = read_key(p, &parts[n].len);
		if (!parts[n].key)
			goto out;
		n++;
		skip_ws(p);
		if (peek(p) != '.')
			break;
		advance(p);
	}
	if (peek(p) != ']' || (aot && peek_at(p, 1) != ']')) {
		if (aot && peek(p) == ']')
			advance(p);
		fail(p, TOML_ESYNTAX,
		     "expected '%s' to close the header, found %s",
		     aot ? "]]" : "]", describe(p, d));
		goto out;
	}
	advance_n(p, aot ? 2 : 1);
	if (expect_eol(p, "table header"))
		goto out;
	open_table(p, parts, n, aot, &at);
out:
	for (i = 0; i < n; i++)
		value_xfree(p->a, parts[i].key, parts[i].len + 1);
	return p->code;
}

/* ------------------------------------------------------------ document */

/* The position of byte offset off (for errors found before parsing). */
static struct cursor position_of(const char *s, size_t off)
{
	struct cursor c = { 0, 1, 1 };
	size_t i;

	for (i = 0; i < off; i++) {
		if (s[i] == '\n') {
			c.line++;
			c.col = 1;
		} else if (((unsigned char)s[i + 1] & 0xc0) != 0x80) {
			c.col++;
		}
	}
	c.pos = off;
	return c;
}

static int check_utf8(struct parser *p)
{
	size_t i = 0;
	uint32_t cp;

	if (p->len >= 3 && !memcmp(p->s, "\xef\xbb\xbf", 3))
		return fail(p, TOML_EUNSUPPORTED,
			    "a byte order mark is not supported");
	while (i < p->len) {
		int n;

		if (!((unsigned char)p->s[i] & 0x80)) {
			i++;
			continue;
		}
		n = utf8_decode(p->s + i, p->len - i, &cp);
		if (n < 0) {
			struct cursor at = position_of(p->s, i);

			return fail_at(p, &at, TOML_EUTF8,
				       "invalid UTF-8 (byte 0x%02x)",
				       (unsigned char)p->s[i]);
		}
		i += (size_t)n;
	}
	return 0;
}

int toml_parse(const struct panda_value_alloc *a, const char *text, size_t len,
	       struct toml_value **out, struct toml_error *err)
{
	struct parser p = {
		.a = a,
		.s = text,
		.len = len,
		.c = { 0, 1, 1 },
		.err = err,
	};

	if (err)
		memset(err, 0, sizeof(*err));
	if (out)
		*out = NULL;
	if (!a || !out || (!text && len))
		return fail(&p, TOML_EINVAL, "invalid arguments");
	if (len > TOML_MAX_INPUT)
		return fail(&p, TOML_ELIMIT, "input larger than %u bytes",
			    TOML_MAX_INPUT);
	if (check_utf8(&p))
		return p.code;
	p.root = node(&p, TOML_TABLE, &p.c);
	if (!p.root)
		return p.code;
	p.cur = p.root;
	while (!p.code) {
		int ch;

		skip_ws(&p);
		ch = peek(&p);
		if (ch < 0)
			break;
		if (ch == '#' || ch == '\n' || ch == '\r')
			expect_eol(&p, "comment");
		else if (ch == '[')
			parse_header(&p);
		else
			parse_keyval(&p);
	}
	if (p.code) {
		toml_free(a, p.root);
		return p.code;
	}
	*out = p.root;
	return 0;
}
