/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Structured Values (spec value-and-terminal.md 1-2): the tagged tree that
 * flows through pipelines and inside terminal messages, its exact wire
 * encoding, a strict decoder, deep equality, and the plain-text rendering
 * of the reference terminal (section 4.4-4.5).
 *
 * Freestanding: usable in the kernel, in libpanda and on the host.  No
 * floating-point arithmetic: a Float is carried as its IEEE-754 bit
 * pattern, and value_format_float() prints it with integer (bignum)
 * arithmetic only.  The only functions that take or return a double are
 * behind #ifndef __KERNEL__.
 *
 * Memory
 * ------
 * Every function that allocates takes a struct panda_value_alloc (two
 * function pointers and a context), so the same code runs on malloc, on
 * a kernel allocator or in a caller's buffer (struct panda_value_arena).
 * A tree is freed with value_free() and the allocator it was built with.
 * Ownership: a Value passed to a constructor or an insertion function
 * (value_styled, value_link, value_array_push, value_map_set, the table
 * functions) belongs to the container from then on, also when the call
 * fails (it is freed then).  Passing NULL where a Value is expected counts
 * as an allocation failure, so calls nest without checks:
 *
 *	err = value_array_push(a, arr, value_int(a, 1));  // VALUE_ENOMEM
 *
 * Errors
 * ------
 * Functions return 0 or a negative VALUE_E* code.  The first four are the
 * decoder error kinds of the spec, negated (VALUE_ETRUNCATED ==
 * -PANDA_DECODE_TRUNCATED ...); the others are library conditions.
 * Constructors returning a pointer return NULL on failure.
 *
 * Limits
 * ------
 * A string holds at most 65535 bytes and a list (Array, Map, table headers
 * and cells) at most 65535 entries on the wire; the constructors accept
 * more, the encoder refuses with VALUE_E2BIG.  Trees are at most
 * PANDA_VALUE_MAX_DEPTH (32) deep, counting the outermost Value as 1 (so
 * a scalar can sit inside at most 31 containers).  The decoder rejects
 * deeper input with VALUE_EINVALID_VALUE (spec 2.6) and the encoder
 * refuses deeper trees with VALUE_ETOODEEP, so everything it produces can
 * be decoded.  Recursion in every function is bounded by the depth of the
 * tree; trees built by hand deeper than the limit can still be freed,
 * compared and rendered, but should not be.
 */
#ifndef _LIB_VALUE_H
#define _LIB_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PANDA_VALUE_MAX_DEPTH	32
#define PANDA_WIRE_STRING_MAX	65535	/* bytes in a string */
#define PANDA_WIRE_LIST_MAX	65535	/* entries in a list / Map */
#define PANDA_VALUE_TEXT_MAX	352	/* value_format_float(), with NUL */

/* Decoder error kinds, numbered as the spec suggests (section 1). */
enum panda_decode_error {
	PANDA_DECODE_OK = 0,
	PANDA_DECODE_TRUNCATED = 1,
	PANDA_DECODE_UNKNOWN_TYPE = 2,
	PANDA_DECODE_INVALID_VALUE = 3,
	PANDA_DECODE_INVALID_UTF8 = 4,
};

/* Error codes (all negative). */
#define VALUE_ETRUNCATED	(-PANDA_DECODE_TRUNCATED)	/* -1 */
#define VALUE_EUNKNOWN_TYPE	(-PANDA_DECODE_UNKNOWN_TYPE)	/* -2 */
#define VALUE_EINVALID_VALUE	(-PANDA_DECODE_INVALID_VALUE)	/* -3 */
#define VALUE_EINVALID_UTF8	(-PANDA_DECODE_INVALID_UTF8)	/* -4 */
#define VALUE_ENOMEM		(-5)	/* the allocator failed */
#define VALUE_ENOSPC		(-6)	/* output buffer too small */
#define VALUE_E2BIG		(-7)	/* string or list over the wire limit */
#define VALUE_ETOODEEP		(-8)	/* deeper than PANDA_VALUE_MAX_DEPTH */
#define VALUE_EINVAL		(-9)	/* not encodable: bad colour, unsorted
					 * map, bad enum, unknown kind ... */
#define VALUE_EZERO_COLUMNS	(-10)	/* table with cols == 0 */
#define VALUE_EHEADER_COUNT	(-11)	/* table header count != cols */
#define VALUE_ECELL_COUNT	(-12)	/* table cells not a multiple of cols */

/* Short text for a VALUE_E* code (0 gives "ok"). */
const char *value_strerror(int err);

/* ------------------------------------------------------------ model */

enum panda_value_kind {
	PANDA_VALUE_NULL = 0,
	PANDA_VALUE_BOOL = 1,
	PANDA_VALUE_INT = 2,
	PANDA_VALUE_FLOAT = 3,
	PANDA_VALUE_STRING = 4,
	PANDA_VALUE_BYTES = 5,
	PANDA_VALUE_ARRAY = 6,
	PANDA_VALUE_MAP = 7,
	PANDA_VALUE_STYLED = 8,
	PANDA_VALUE_LINK = 9,
	PANDA_VALUE_TABLE = 10,
};

/* Colour kinds (wire byte) and the 16 named colours (section 2.3). */
#define PANDA_COLOUR_NAMED	1	/* v0 = named index 0-15 */
#define PANDA_COLOUR_PALETTE	2	/* v0 = palette index 0-255 */
#define PANDA_COLOUR_RGB	3	/* v0, v1, v2 = r, g, b */

enum panda_named_colour {
	PANDA_BLACK, PANDA_RED, PANDA_GREEN, PANDA_YELLOW,
	PANDA_BLUE, PANDA_MAGENTA, PANDA_CYAN, PANDA_WHITE,
	PANDA_BRIGHT_BLACK, PANDA_BRIGHT_RED, PANDA_BRIGHT_GREEN,
	PANDA_BRIGHT_YELLOW, PANDA_BRIGHT_BLUE, PANDA_BRIGHT_MAGENTA,
	PANDA_BRIGHT_CYAN, PANDA_BRIGHT_WHITE,
};

struct panda_colour {
	uint8_t kind;		/* PANDA_COLOUR_* */
	uint8_t v0, v1, v2;	/* unused bytes are ignored */
};

#define PANDA_STYLE_BOLD		0x01
#define PANDA_STYLE_ITALIC		0x02
#define PANDA_STYLE_UNDERLINE		0x04
#define PANDA_STYLE_STRIKETHROUGH	0x08
#define PANDA_STYLE_FLAGS		0x0f

struct panda_style {
	uint8_t flags;		/* PANDA_STYLE_*; other bits are ignored */
	uint8_t has_fg, has_bg;	/* 0 = no colour (fg/bg ignored) */
	struct panda_colour fg, bg;
};

struct panda_value;

struct panda_map_entry {
	char *key;		/* NUL-terminated; key_len is authoritative */
	size_t key_len;
	struct panda_value *value;
};

/*
 * A Value.  The fields are public for reading (and for building borrowed
 * values on the stack, see value_string_ref()); use the functions below to
 * build and change owned trees.  Text (String, map keys, Link url) is valid
 * UTF-8, NUL-terminated for convenience, with the length authoritative
 * (the text may contain NUL bytes).  Maps are sorted by key bytes with
 * unique keys; Array, Map and table cell vectors have a capacity cap >=
 * len.  A table has cols columns, ncells / cols rows (cell (r, c) is
 * cells[r * cols + c]) and, if has_headers, cols header Values.
 */
struct panda_value {
	enum panda_value_kind kind;
	union {
		bool boolean;
		int64_t integer;
		uint64_t float_bits;	/* IEEE-754 binary64 pattern */
		struct {
			char *data;
			size_t len;
		} str;
		struct {
			uint8_t *data;
			size_t len;
		} bytes;
		struct {
			struct panda_value **items;
			size_t len, cap;
		} array;
		struct {
			struct panda_map_entry *entries;
			size_t len, cap;
		} map;
		struct {
			struct panda_style style;
			struct panda_value *inner;
		} styled;
		struct {
			char *url;
			size_t url_len;
			struct panda_value *inner;	/* visible text */
		} link;
		struct {
			struct panda_value **headers;	/* cols or NULL */
			struct panda_value **cells;
			size_t ncells, cap;
			uint16_t cols;
			bool has_headers;
		} table;
	} u;
};

/* ------------------------------------------------------------ memory */

/*
 * alloc returns size bytes aligned for any object (16 bytes), or NULL.
 * free (may be NULL: never free) gets the size that was allocated.
 */
struct panda_value_alloc {
	void *(*alloc)(void *ctx, size_t size);
	void (*free)(void *ctx, void *p, size_t size);
	void *ctx;
};

/* size bytes from a, or NULL (always for size 0). */
static inline void *value_xalloc(const struct panda_value_alloc *a,
				 size_t size)
{
	return size ? a->alloc(a->ctx, size) : NULL;
}

/* Gives p (size bytes, may be NULL) back to a, if a frees at all. */
static inline void value_xfree(const struct panda_value_alloc *a, void *p,
			       size_t size)
{
	if (p && a->free)
		a->free(a->ctx, p, size);
}

/*
 * Bump allocator over a caller's buffer: frees are no-ops except for the
 * most recent allocation.  Decoding a message of n bytes needs at most
 * about 56 * n + 64 bytes of arena (every byte can be a Null inside an
 * Array: a 40-byte node plus an 8-byte slot, rounded).
 *
 *	struct panda_value_arena ar;
 *	value_arena_init(&ar, buf, sizeof(buf));
 *	err = value_decode(&ar.alloc, msg, len, &v, NULL);
 */
struct panda_value_arena {
	struct panda_value_alloc alloc;	/* pass &arena.alloc */
	uint8_t *base;
	size_t size, used, last;
};

void value_arena_init(struct panda_value_arena *ar, void *buf, size_t size);
/* Forget every allocation (the Values in it become invalid). */
void value_arena_reset(struct panda_value_arena *ar);

/* ------------------------------------------------------------ building */

struct panda_value *value_null(const struct panda_value_alloc *a);
struct panda_value *value_bool(const struct panda_value_alloc *a, bool b);
struct panda_value *value_int(const struct panda_value_alloc *a, int64_t i);
struct panda_value *value_float_bits(const struct panda_value_alloc *a,
				     uint64_t bits);
/* Copies s; NULL if s is not valid UTF-8 (or on allocation failure). */
struct panda_value *value_string(const struct panda_value_alloc *a,
				 const char *s);
struct panda_value *value_string_n(const struct panda_value_alloc *a,
				   const char *s, size_t len);
struct panda_value *value_bytes(const struct panda_value_alloc *a,
				const void *data, size_t len);
struct panda_value *value_array(const struct panda_value_alloc *a);
struct panda_value *value_map(const struct panda_value_alloc *a);
/* Take ownership of inner; NULL if inner is NULL or url is bad UTF-8. */
struct panda_value *value_styled(const struct panda_value_alloc *a,
				 struct panda_style style,
				 struct panda_value *inner);
struct panda_value *value_link(const struct panda_value_alloc *a,
			       const char *url, struct panda_value *inner);
struct panda_value *value_link_n(const struct panda_value_alloc *a,
				 const char *url, size_t url_len,
				 struct panda_value *inner);

/*
 * Tables.  value_table_new() checks the constructor invariants in the
 * spec's order (section 2.5): cols >= 1 (VALUE_EZERO_COLUMNS), header
 * count == cols if headers != NULL (VALUE_EHEADER_COUNT), ncells a
 * multiple of cols (VALUE_ECELL_COUNT).  The pointer arrays are copied;
 * every Value in them is owned by the table from then on (freed on
 * failure).  value_table() is the short form: headers NULL or cols
 * Values, no cells; NULL on any failure.  value_table_push_row() appends
 * exactly cols Values (owned, freed on failure), or returns VALUE_EINVAL
 * and frees nothing if table is not a table with at least one column.
 */
int value_table_new(const struct panda_value_alloc *a, uint16_t cols,
		    struct panda_value *const *headers, size_t nheaders,
		    struct panda_value *const *cells, size_t ncells,
		    struct panda_value **out);
struct panda_value *value_table(const struct panda_value_alloc *a,
				uint16_t cols,
				struct panda_value *const *headers);
int value_table_push_row(const struct panda_value_alloc *a,
			 struct panda_value *table,
			 struct panda_value *const *cells);

/* Append item (owned from now on); VALUE_EINVAL if arr is no Array. */
int value_array_push(const struct panda_value_alloc *a,
		     struct panda_value *arr, struct panda_value *item);

/*
 * Insert or replace key (copied; must be valid UTF-8, else
 * VALUE_EINVALID_UTF8).  A replaced Value is freed.
 */
int value_map_set(const struct panda_value_alloc *a, struct panda_value *map,
		  const char *key, struct panda_value *value);
int value_map_set_n(const struct panda_value_alloc *a,
		    struct panda_value *map, const char *key, size_t key_len,
		    struct panda_value *value);
/* The Value stored under key, or NULL (also if map is no Map). */
struct panda_value *value_map_get(const struct panda_value *map,
				  const char *key);
struct panda_value *value_map_get_n(const struct panda_value *map,
				    const char *key, size_t key_len);

/* Deep copy (NULL on failure, or if v is deeper than the limit). */
struct panda_value *value_clone(const struct panda_value_alloc *a,
				const struct panda_value *v);

/* Free v and everything it owns (NULL is fine). */
void value_free(const struct panda_value_alloc *a, struct panda_value *v);

/*
 * Borrowed values, built on the stack around caller memory, for encoding
 * or rendering without allocating.  Never pass them to value_free() or
 * put them into an owned tree.  The text must be valid UTF-8.
 */
static inline struct panda_value value_string_ref(const char *s, size_t len)
{
	struct panda_value v = { .kind = PANDA_VALUE_STRING };

	v.u.str.data = (char *)s;
	v.u.str.len = len;
	return v;
}

static inline struct panda_value value_int_ref(int64_t i)
{
	struct panda_value v = { .kind = PANDA_VALUE_INT };

	v.u.integer = i;
	return v;
}

static inline struct panda_value value_styled_ref(struct panda_style style,
						  struct panda_value *inner)
{
	struct panda_value v = { .kind = PANDA_VALUE_STYLED };

	v.u.styled.style = style;
	v.u.styled.inner = inner;
	return v;
}

#ifndef __KERNEL__
/* The kernel is built without an FPU: no doubles there. */
struct panda_value *value_float(const struct panda_value_alloc *a, double d);

static inline double value_get_float(const struct panda_value *v)
{
	union {
		uint64_t u;
		double d;
	} x = { .u = v->u.float_bits };

	return x.d;
}
#endif

/* ------------------------------------------------------------ reading */

static inline size_t value_array_len(const struct panda_value *v)
{
	return v->kind == PANDA_VALUE_ARRAY ? v->u.array.len : 0;
}

static inline struct panda_value *value_array_get(const struct panda_value *v,
						  size_t i)
{
	return v->kind == PANDA_VALUE_ARRAY && i < v->u.array.len ?
	       v->u.array.items[i] : NULL;
}

static inline size_t value_table_rows(const struct panda_value *t)
{
	return t->kind == PANDA_VALUE_TABLE && t->u.table.cols ?
	       t->u.table.ncells / t->u.table.cols : 0;
}

static inline struct panda_value *value_table_cell(const struct panda_value *t,
						   size_t row, size_t col)
{
	if (t->kind != PANDA_VALUE_TABLE || col >= t->u.table.cols ||
	    row >= value_table_rows(t))
		return NULL;
	return t->u.table.cells[row * t->u.table.cols + col];
}

/* Is v a String equal to the NUL-terminated s? */
bool value_is_string(const struct panda_value *v, const char *s);

/*
 * Deep equality: same kind and content.  Floats compare by bit pattern
 * (NaN equals the same NaN, 0.0 differs from -0.0); styles compare by
 * their wire meaning (flag bits 4-7 and absent colours' bytes ignored).
 * Two NULLs are equal.
 */
bool value_equal(const struct panda_value *a, const struct panda_value *b);

/* ------------------------------------------------------------ styles */

static inline struct panda_colour panda_colour_named(uint8_t index)
{
	return (struct panda_colour){ PANDA_COLOUR_NAMED, index, 0, 0 };
}

static inline struct panda_colour panda_colour_palette(uint8_t index)
{
	return (struct panda_colour){ PANDA_COLOUR_PALETTE, index, 0, 0 };
}

static inline struct panda_colour panda_colour_rgb(uint8_t r, uint8_t g,
						   uint8_t b)
{
	return (struct panda_colour){ PANDA_COLOUR_RGB, r, g, b };
}

static inline struct panda_style panda_style_plain(void)
{
	return (struct panda_style){ 0 };
}

static inline struct panda_style panda_style_flags(uint8_t flags)
{
	return (struct panda_style){ .flags = flags };
}

static inline struct panda_style panda_style_bold(void)
{
	return panda_style_flags(PANDA_STYLE_BOLD);
}

static inline struct panda_style panda_style_italic(void)
{
	return panda_style_flags(PANDA_STYLE_ITALIC);
}

static inline struct panda_style panda_style_underline(void)
{
	return panda_style_flags(PANDA_STYLE_UNDERLINE);
}

static inline struct panda_style panda_style_fg(struct panda_colour fg)
{
	return (struct panda_style){ .has_fg = 1, .fg = fg };
}

static inline struct panda_style panda_style_fg_bg(struct panda_colour fg,
						   struct panda_colour bg)
{
	return (struct panda_style){ .has_fg = 1, .has_bg = 1,
				     .fg = fg, .bg = bg };
}

/* s over t: s's colours where present, else t's; flags OR'ed. */
struct panda_style panda_style_merge(struct panda_style s,
				     struct panda_style t);

/*
 * 0xAARRGGBB of a colour as the reference terminal draws it (section
 * 4.4); an invalid colour gives the default text colour 0xFFD4D4D4.
 */
uint32_t panda_colour_argb(struct panda_colour c);

/* ------------------------------------------------------------ codec */

/*
 * Encode v into buf[0..cap).  Returns 0 and sets *len; VALUE_ENOSPC if
 * it does not fit (*len is then the size needed, buf holds garbage); or
 * VALUE_E2BIG / VALUE_ETOODEEP / VALUE_EINVALID_UTF8 / VALUE_EINVAL /
 * VALUE_EZERO_COLUMNS / VALUE_ECELL_COUNT / VALUE_EHEADER_COUNT for a
 * tree that has no valid encoding.  buf may be NULL with cap 0 to size.
 */
int value_encode(const struct panda_value *v, void *buf, size_t cap,
		 size_t *len);
/* Size of the encoding, or a negative error as for value_encode(). */
long value_encoded_size(const struct panda_value *v);

/*
 * Decode one Value from the start of buf[0..len); bytes after it are
 * ignored, their offset is stored in *consumed (may be NULL).  Strict:
 * VALUE_ETRUNCATED, VALUE_EUNKNOWN_TYPE, VALUE_EINVALID_VALUE (bad
 * colour, broken table, nested too deeply), VALUE_EINVALID_UTF8, or
 * VALUE_ENOMEM.  Never reads outside buf; *out is NULL on error.
 * Map keys are sorted, a repeated key keeps its last Value.
 */
int value_decode(const struct panda_value_alloc *a, const void *buf,
		 size_t len, struct panda_value **out, size_t *consumed);

/* ------------------------------------------------------------ wire */

/*
 * Low-level encoding primitives (section 1), shared with the terminal
 * protocol.  Errors are sticky in ->err: once set, further calls do
 * nothing (and readers return zeros).  A writer counts the bytes it
 * would have written past cap (->len is the full size) and reports
 * VALUE_ENOSPC from wire_writer_finish(); with buf NULL it only counts.
 */
struct panda_wire_writer {
	uint8_t *buf;
	size_t cap, len;
	int err;
};

struct panda_wire_reader {
	const uint8_t *buf;
	size_t len, off;
	int err;
};

void wire_writer_init(struct panda_wire_writer *w, void *buf, size_t cap);
/* 0, the first error, or VALUE_ENOSPC if len > cap (buf != NULL). */
int wire_writer_finish(const struct panda_wire_writer *w);
void wire_put_u8(struct panda_wire_writer *w, uint8_t v);
void wire_put_u16(struct panda_wire_writer *w, uint16_t v);
void wire_put_u32(struct panda_wire_writer *w, uint32_t v);
void wire_put_u64(struct panda_wire_writer *w, uint64_t v);
void wire_put_raw(struct panda_wire_writer *w, const void *p, size_t n);
/* u16 length + bytes; VALUE_E2BIG over 65535, checks UTF-8. */
void wire_put_string(struct panda_wire_writer *w, const char *s, size_t n);
/* u32 length + bytes. */
void wire_put_bytearray(struct panda_wire_writer *w, const void *p,
			size_t n);
/* Value encoding, depth counted from 1. */
void wire_put_value(struct panda_wire_writer *w, const struct panda_value *v);
/* Store v as a little-endian u32 at offset off (if inside buf). */
void wire_patch_u32(struct panda_wire_writer *w, size_t off, uint32_t v);

void wire_reader_init(struct panda_wire_reader *r, const void *buf,
		      size_t len);
static inline size_t wire_remaining(const struct panda_wire_reader *r)
{
	return r->len - r->off;
}
uint8_t wire_get_u8(struct panda_wire_reader *r);
uint16_t wire_get_u16(struct panda_wire_reader *r);
uint32_t wire_get_u32(struct panda_wire_reader *r);
uint64_t wire_get_u64(struct panda_wire_reader *r);
/* A bool / option-presence byte: any non-zero byte is true. */
bool wire_get_bool(struct panda_wire_reader *r);
/*
 * A string: *s points into the buffer (not NUL-terminated).  Returns
 * false (and sets ->err: truncated or invalid UTF-8) on failure.
 */
bool wire_get_string(struct panda_wire_reader *r, const char **s,
		     size_t *n);
bool wire_get_bytearray(struct panda_wire_reader *r, const uint8_t **p,
			size_t *n);
/* A Value at the current offset (NULL and ->err set on failure). */
struct panda_value *wire_get_value(struct panda_wire_reader *r,
				   const struct panda_value_alloc *a);

/* ------------------------------------------------------------ text */

/*
 * The reference terminal's rendering (section 4.4-4.5), without colour
 * or pixels.  value_render_cb() emits the text in pieces: style is the
 * Styled wrapper's style for the text of a Styled(String) (the only text
 * the terminal colours), NULL otherwise.  value_render() writes it to
 * buf with snprintf semantics: returns the full length, stores at most
 * cap - 1 bytes (possibly cutting a UTF-8 sequence) and a NUL if cap > 0.
 */
typedef void (*value_render_fn)(void *ctx, const char *s, size_t n,
				const struct panda_style *style);

void value_render_cb(const struct panda_value *v, value_render_fn fn,
		     void *ctx);
size_t value_render(const struct panda_value *v, char *buf, size_t cap);

/* The width w(v) of a table cell (section 4.5, quirks included). */
size_t value_render_width(const struct panda_value *v);

/* The width of column c of Table t: its widest header or cell. */
size_t value_column_width(const struct panda_value *t, size_t c);

/*
 * Shortest decimal text that reads back as the same double, never in
 * exponent form ("1", "0.1", "-0", "1000000000000000000000", "NaN",
 * "inf", "-inf").  buf holds PANDA_VALUE_TEXT_MAX bytes; returns the
 * length (NUL-terminated).  Integer arithmetic only.
 */
size_t value_format_float(uint64_t bits, char *buf);
/* Decimal text of i; buf holds 21 bytes; returns the length. */
size_t value_format_int(int64_t i, char *buf);

#endif /* _LIB_VALUE_H */
