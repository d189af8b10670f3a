/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A strict parser for the TOML subset of services.md 6.4, used for
 * service configs (section 6) and the mount configuration (section 13).
 *
 * Accepted, and nothing else:
 *
 *   - UTF-8 text (validated first), LF or CRLF line ends, blank lines,
 *     '#' comments outside strings;
 *   - table headers [a] and [a.b] and array-of-tables headers [[a]], whose
 *     parts are bare keys or basic-quoted keys, with spaces or tabs
 *     around the parts and dots;
 *   - key = value, the key bare ([A-Za-z0-9_-]+) or basic-quoted ("...");
 *   - values: basic strings "..." with the escapes \b \t \n \f \r \" \\
 *     \uXXXX \UXXXXXXXX, literal strings '...', decimal integers with an
 *     optional sign and single underscores between digits (no leading
 *     zeros, 64-bit signed range), true and false, and arrays [ ... ] whose
 *     elements all have one type, spanning lines, with comments and a
 *     trailing comma allowed.
 *
 * Every other construct is an error carrying the line and column where it
 * starts and a message naming it: multi-line strings, inline tables,
 * floats (also inf and nan), dates and times, 0x/0o/0b integers, dotted
 * and literal-quoted keys, duplicate keys, tables defined twice, keys and
 * tables that collide, arrays mixing types, control characters in strings
 * and comments, a byte order mark.  Parsing stops at the first error.
 *
 * Semantics are TOML 1.0's: [a.b] creates a implicitly (a later [a]
 * may define it once), a header path through an array of tables refers
 * to its last table, [[a]] appends a table to a.
 *
 * Limits (exceeding one is TOML_ELIMIT):
 *   TOML_MAX_INPUT   bytes of input;
 *   TOML_MAX_DEPTH   parts in a header, and nesting of arrays in a value;
 *   TOML_MAX_KEY     bytes of a key after unescaping;
 *   TOML_MAX_STRING  bytes of a string value after unescaping;
 *   TOML_MAX_ITEMS   entries of one table, elements of one array.
 * Strings never contain a NUL byte: \u0000 is rejected (TOML_EESCAPE), so
 * every key and string is a plain C string (len is still stored).  Key
 * lookup is linear in the size of the table.
 *
 * Memory: every node is allocated from the caller's struct
 * panda_value_alloc (include/lib/value.h); toml_free() releases a tree
 * with the same allocator.  A failed parse frees everything it allocated.
 */
#ifndef _LIB_TOML_H
#define _LIB_TOML_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <lib/value.h>

#define TOML_MAX_INPUT	(16u << 20)
#define TOML_MAX_DEPTH	16
#define TOML_MAX_KEY	256
#define TOML_MAX_STRING	65535
#define TOML_MAX_ITEMS	65535

/* Error codes (all negative); each is a class of error. */
#define TOML_ENOMEM		(-1)	/* the allocator failed */
#define TOML_EUTF8		(-2)	/* the input is not valid UTF-8 */
#define TOML_ESYNTAX		(-3)	/* not TOML: unexpected character,
					 * missing '=', unterminated string,
					 * malformed integer ... */
#define TOML_EUNSUPPORTED	(-4)	/* TOML outside the subset */
#define TOML_EDUPLICATE		(-5)	/* key or table defined twice, or a
					 * header colliding with a key */
#define TOML_ERANGE		(-6)	/* integer outside int64_t */
#define TOML_EESCAPE		(-7)	/* bad escape or code point */
#define TOML_ETYPE		(-8)	/* array elements of several types */
#define TOML_ELIMIT		(-9)	/* over one of the limits above */
#define TOML_EINVAL		(-10)	/* bad arguments */

#define TOML_ERROR_MSG	128

/*
 * Where and why parsing failed.  line and col are 1-based; col counts
 * code points (a tab is one column).  msg names the problem without the
 * position, e.g. "duplicate key \"exec\"".
 */
struct toml_error {
	int code;
	uint32_t line, col;
	char msg[TOML_ERROR_MSG];
};

enum toml_type {
	TOML_STRING = 1,
	TOML_INTEGER,
	TOML_BOOLEAN,
	TOML_ARRAY,
	TOML_TABLE,
};

struct toml_entry;

/*
 * A node.  line/col: where the value starts; for a table, the '[' of the
 * header that defined it ([a] or [[a]]), or of the first longer header
 * that created it implicitly ([a.b] creates a) if none did; the root
 * table is at 1, 1.  Tables keep their entries in document order; an
 * array of tables ([[a]]) is an array with of_tables set whose elements
 * are tables.
 */
struct toml_value {
	enum toml_type type;
	uint32_t line, col;
	union {
		struct {
			char *data;	/* NUL-terminated, no NUL inside */
			size_t len;
		} str;
		int64_t integer;
		bool boolean;
		struct {
			struct toml_value **items;
			size_t len, cap;
			bool of_tables;
		} array;
		struct {
			struct toml_entry *entries;
			size_t len, cap;
			uint8_t flags;	/* parser bookkeeping */
		} table;
	} u;
};

/* A key/value pair; line/col locate the key (or the header's key part). */
struct toml_entry {
	char *key;		/* NUL-terminated, no NUL inside */
	size_t key_len;
	uint32_t line, col;
	struct toml_value *value;
};

/*
 * Parse text[0..len) (no NUL needed).  On success returns 0 and stores
 * the root table in *out.  On failure returns a TOML_E* code, *out is
 * NULL and, if err is not NULL, *err says where and why.
 */
int toml_parse(const struct panda_value_alloc *a, const char *text,
	       size_t len, struct toml_value **out, struct toml_error *err);

/* Free a tree from toml_parse() (NULL is fine). */
void toml_free(const struct panda_value_alloc *a, struct toml_value *v);

/* The entry / value under key in a table; NULL if absent or no table. */
const struct toml_entry *toml_table_entry(const struct toml_value *table,
					  const char *key);
struct toml_value *toml_table_get(const struct toml_value *table,
				  const char *key);

/*
 * "string", "integer", "boolean", "array", "table"; an array of tables
 * is "array of tables" (v may be NULL for the plain type name).
 */
const char *toml_type_name(enum toml_type t);
const char *toml_value_kind(const struct toml_value *v);

/* Short text for a TOML_E* code (0 gives "ok"). */
const char *toml_strerror(int code);

/*
 * "line L, column C: <msg>" into buf with snprintf semantics (returns
 * the full length).
 */
int toml_error_format(const struct toml_error *err, char *buf, size_t cap);

/*
 * Printable form of s[0..n) for messages into buf (max + 4 bytes): at most
 * max bytes cut at a character boundary, ASCII control characters, quotes
 * and backslashes as '?', "..." when shortened.  Returns buf.
 */
const char *toml_show(const char *s, size_t n, size_t max, char *buf);

/*
 * The kind of v with its article, for messages: "a string", "an integer",
 * "a boolean", "an array", "an array of tables" or "a table".
 */
const char *toml_a_kind(const struct toml_value *v);

#endif /* _LIB_TOML_H */
