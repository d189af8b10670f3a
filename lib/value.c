// SPDX-License-Identifier: GPL-2.0
/*
 * Structured Values: building, wire encoding and strict decoding, deep
 * equality, and the reference terminal's plain-text rendering.  See
 * include/lib/value.h and spec value-and-terminal.md 1-2 and 4.4-4.5.
 *
 * Wire format, after a one-byte tag (all integers little-endian):
 *   00 Null  01 Bool u8  02 Int i64  03 Float f64  04 String u16 + UTF-8
 *   05 Bytes u32 + bytes  06 Array u16 count + Values
 *   07 Map u16 count + (string key, Value), keys ascending
 *   08 Styled: flags u8, option<Colour> fg, option<Colour> bg, Value
 *   09 Link: string url, Value
 *   0A Table: u16 cols, option<list<Value>> headers, list<Value> cells
 * No floating point anywhere: Floats are bit patterns and are printed
 * with the bignum code at the end of this file.
 */
#include <lib/string.h>
#include <lib/utf8.h>
#include <lib/value.h>

#define MAP_ENTRY_MIN	3	/* smallest encoded Map entry: "" -> Null */

const char *value_strerror(int err)
{
	switch (err) {
	case 0:
		return "ok";
	case VALUE_ETRUNCATED:
		return "truncated";
	case VALUE_EUNKNOWN_TYPE:
		return "unknown type";
	case VALUE_EINVALID_VALUE:
		return "invalid value";
	case VALUE_EINVALID_UTF8:
		return "invalid UTF-8";
	case VALUE_ENOMEM:
		return "out of memory";
	case VALUE_ENOSPC:
		return "buffer too small";
	case VALUE_E2BIG:
		return "string or list too long";
	case VALUE_ETOODEEP:
		return "nested too deeply";
	case VALUE_EINVAL:
		return "not encodable";
	case VALUE_EZERO_COLUMNS:
		return "table has zero columns";
	case VALUE_EHEADER_COUNT:
		return "table header count differs from column count";
	case VALUE_ECELL_COUNT:
		return "table cell count is not a multiple of columns";
	}
	return "unknown error";
}

/* ------------------------------------------------------------ memory */

/* n elements of size sz, or NULL (also on overflow and for n == 0). */
static void *xalloc_array(const struct panda_value_alloc *a, size_t n,
			  size_t sz)
{
	if (n > SIZE_MAX / sz)
		return NULL;
	return value_xalloc(a, n * sz);
}

#define ARENA_ALIGN	16

static void *arena_alloc(void *ctx, size_t size)
{
	struct panda_value_arena *ar = ctx;
	uintptr_t at = (uintptr_t)(ar->base + ar->used);
	size_t pad =
		(ARENA_ALIGN - (at & (ARENA_ALIGN - 1))) & (ARENA_ALIGN - 1);
	size_t off = ar->used + pad;

	if (pad > ar->size - ar->used || size > ar->size - off)
		return NULL;
	ar->last = off;
	ar->used = off + size;
	return ar->base + off;
}

static void arena_free(void *ctx, void *p, size_t size)
{
	struct panda_value_arena *ar = ctx;

	/* Only the latest allocation can be given back. */
	if ((uint8_t *)p == ar->base + ar->last && ar->last + size == ar->used)
		ar->used = ar->last;
}

void value_arena_init(struct panda_value_arena *ar, void *buf, size_t size)
{
	ar->alloc.alloc = arena_alloc;
	ar->alloc.free = arena_free;
	ar->alloc.ctx = ar;
	ar->base = buf;
	ar->size = buf ? size : 0;
	ar->used = 0;
	ar->last = 0;
}

void value_arena_reset(struct panda_value_arena *ar)
{
	ar->used = 0;
	ar->last = 0;
}

/* ------------------------------------------------------------ nodes */

/* Bytes stored after the node itself (String, Bytes and Link text). */
static size_t tail_size(const struct panda_value *v)
{
	switch (v->kind) {
	case PANDA_VALUE_STRING:
		return v->u.str.len + 1;
	case PANDA_VALUE_BYTES:
		return v->u.bytes.len;
	case PANDA_VALUE_LINK:
		return v->u.link.url_len + 1;
	default:
		return 0;
	}
}

static struct panda_value *node(const struct panda_value_alloc *a,
				enum panda_value_kind kind, size_t tail)
{
	struct panda_value *v;

	if (tail > SIZE_MAX - sizeof(*v))
		return NULL;
	v = value_xalloc(a, sizeof(*v) + tail);
	if (v) {
		memset(v, 0, sizeof(*v));
		v->kind = kind;
	}
	return v;
}

static char *node_tail(struct panda_value *v)
{
	return (char *)(v + 1);
}

static void free_vec(const struct panda_value_alloc *a,
		     struct panda_value **items, size_t n, size_t cap)
{
	size_t i;

	for (i = 0; i < n; i++)
		value_free(a, items[i]);
	value_xfree(a, items, cap * sizeof(*items));
}

static void free_entries(const struct panda_value_alloc *a,
			 struct panda_map_entry *e, size_t n, size_t cap)
{
	size_t i;

	for (i = 0; i < n; i++) {
		value_xfree(a, e[i].key, e[i].key_len + 1);
		value_free(a, e[i].value);
	}
	value_xfree(a, e, cap * sizeof(*e));
}

void value_free(const struct panda_value_alloc *a, struct panda_value *v)
{
	if (!v)
		return;
	switch (v->kind) {
	case PANDA_VALUE_ARRAY:
		free_vec(a, v->u.array.items, v->u.array.len, v->u.array.cap);
		break;
	case PANDA_VALUE_MAP:
		free_entries(a, v->u.map.entries, v->u.map.len, v->u.map.cap);
		break;
	case PANDA_VALUE_STYLED:
		value_free(a, v->u.styled.inner);
		break;
	case PANDA_VALUE_LINK:
		value_free(a, v->u.link.inner);
		break;
	case PANDA_VALUE_TABLE:
		if (v->u.table.headers)
			free_vec(a, v->u.table.headers, v->u.table.cols,
				 v->u.table.cols);
		free_vec(a, v->u.table.cells, v->u.table.ncells,
			 v->u.table.cap);
		break;
	default:
		break;
	}
	value_xfree(a, v, sizeof(*v) + tail_size(v));
}

/* ------------------------------------------------------------ building */

struct panda_value *value_null(const struct panda_value_alloc *a)
{
	return node(a, PANDA_VALUE_NULL, 0);
}

struct panda_value *value_bool(const struct panda_value_alloc *a, bool b)
{
	struct panda_value *v = node(a, PANDA_VALUE_BOOL, 0);

	if (v)
		v->u.boolean = b;
	return v;
}

struct panda_value *value_int(const struct panda_value_alloc *a, int64_t i)
{
	struct panda_value *v = node(a, PANDA_VALUE_INT, 0);

	if (v)
		v->u.integer = i;
	return v;
}

struct panda_value *value_float_bits(const struct panda_value_alloc *a,
				     uint64_t bits)
{
	struct panda_value *v = node(a, PANDA_VALUE_FLOAT, 0);

	if (v)
		v->u.float_bits = bits;
	return v;
}

#ifndef __KERNEL__
struct panda_value *value_float(const struct panda_value_alloc *a, double d)
{
	uint64_t bits;

	memcpy(&bits, &d, sizeof(bits));
	return value_float_bits(a, bits);
}
#endif

/* String or Link url text, unchecked. */
static struct panda_value *text_node(const struct panda_value_alloc *a,
				     enum panda_value_kind kind, const char *s,
				     size_t len)
{
	struct panda_value *v;
	char *t;

	if (len == SIZE_MAX)
		return NULL;
	v = node(a, kind, len + 1);
	if (!v)
		return NULL;
	t = node_tail(v);
	if (len)
		memcpy(t, s, len);
	t[len] = '\0';
	if (kind == PANDA_VALUE_STRING) {
		v->u.str.data = t;
		v->u.str.len = len;
	} else {
		v->u.link.url = t;
		v->u.link.url_len = len;
	}
	return v;
}

struct panda_value *value_string_n(const struct panda_value_alloc *a,
				   const char *s, size_t len)
{
	if ((len && !s) || !utf8_valid(s, len))
		return NULL;
	return text_node(a, PANDA_VALUE_STRING, s, len);
}

struct panda_value *value_string(const struct panda_value_alloc *a,
				 const char *s)
{
	return s ? value_string_n(a, s, strlen(s)) : NULL;
}

struct panda_value *value_bytes(const struct panda_value_alloc *a,
				const void *data, size_t len)
{
	struct panda_value *v;

	if (len && !data)
		return NULL;
	v = node(a, PANDA_VALUE_BYTES, len);
	if (!v)
		return NULL;
	v->u.bytes.data = (uint8_t *)node_tail(v);
	v->u.bytes.len = len;
	if (len)
		memcpy(v->u.bytes.data, data, len);
	return v;
}

struct panda_value *value_array(const struct panda_value_alloc *a)
{
	return node(a, PANDA_VALUE_ARRAY, 0);
}

struct panda_value *value_map(const struct panda_value_alloc *a)
{
	return node(a, PANDA_VALUE_MAP, 0);
}

struct panda_value *value_styled(const struct panda_value_alloc *a,
				 struct panda_style style,
				 struct panda_value *inner)
{
	struct panda_value *v;

	if (!inner)
		return NULL;
	v = node(a, PANDA_VALUE_STYLED, 0);
	if (!v) {
		value_free(a, inner);
		return NULL;
	}
	v->u.styled.style = style;
	v->u.styled.inner = inner;
	return v;
}

struct panda_value *value_link_n(const struct panda_value_alloc *a,
				 const char *url, size_t url_len,
				 struct panda_value *inner)
{
	struct panda_value *v = NULL;

	if (inner && (url || !url_len) && utf8_valid(url, url_len))
		v = text_node(a, PANDA_VALUE_LINK, url, url_len);
	if (!v) {
		value_free(a, inner);
		return NULL;
	}
	v->u.link.inner = inner;
	return v;
}

struct panda_value *value_link(const struct panda_value_alloc *a,
			       const char *url, struct panda_value *inner)
{
	return value_link_n(a, url, url ? strlen(url) : 0, inner);
}

/* Make room for one more pointer in a vector; 0 or -VALUE_ENOMEM. */
static int grow_vec(const struct panda_value_alloc *a,
		    struct panda_value ***items, size_t len, size_t *cap,
		    size_t more)
{
	struct panda_value **n;
	size_t ncap = *cap;

	if (more <= *cap - len)
		return 0;
	if (more > SIZE_MAX / 2 - len)
		return VALUE_ENOMEM;
	while (ncap - len < more)
		ncap = ncap ? ncap * 2 : 4;
	n = xalloc_array(a, ncap, sizeof(*n));
	if (!n)
		return VALUE_ENOMEM;
	if (len)
		memcpy(n, *items, len * sizeof(*n));
	value_xfree(a, *items, *cap * sizeof(*n));
	*items = n;
	*cap = ncap;
	return 0;
}

int value_array_push(const struct panda_value_alloc *a, struct panda_value *arr,
		     struct panda_value *item)
{
	int err;

	if (!item)
		return VALUE_ENOMEM;
	if (!arr || arr->kind != PANDA_VALUE_ARRAY) {
		value_free(a, item);
		return VALUE_EINVAL;
	}
	err = grow_vec(a, &arr->u.array.items, arr->u.array.len,
		       &arr->u.array.cap, 1);
	if (err) {
		value_free(a, item);
		return err;
	}
	arr->u.array.items[arr->u.array.len++] = item;
	return 0;
}

static int key_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t n = alen < blen ? alen : blen;
	int c = n ? memcmp(a, b, n) : 0;

	if (c)
		return c;
	return alen < blen ? -1 : alen > blen;
}

/* Index of key, or of where it would go (*found = false). */
static size_t map_find(const struct panda_value *map, const char *key,
		       size_t key_len, bool *found)
{
	size_t lo = 0, hi = map->u.map.len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct panda_map_entry *e = &map->u.map.entries[mid];
		int c = key_cmp(e->key, e->key_len, key, key_len);

		if (!c) {
			*found = true;
			return mid;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

static char *copy_text(const struct panda_value_alloc *a, const char *s,
		       size_t len)
{
	char *t;

	if (len == SIZE_MAX)
		return NULL;
	t = value_xalloc(a, len + 1);
	if (t) {
		if (len)
			memcpy(t, s, len);
		t[len] = '\0';
	}
	return t;
}

static int grow_entries(const struct panda_value_alloc *a,
			struct panda_value *map)
{
	struct panda_map_entry *n;
	size_t len = map->u.map.len, cap = map->u.map.cap, ncap;

	if (len < cap)
		return 0;
	if (cap > SIZE_MAX / 4)
		return VALUE_ENOMEM;
	ncap = cap ? cap * 2 : 4;
	n = xalloc_array(a, ncap, sizeof(*n));
	if (!n)
		return VALUE_ENOMEM;
	if (len)
		memcpy(n, map->u.map.entries, len * sizeof(*n));
	value_xfree(a, map->u.map.entries, cap * sizeof(*n));
	map->u.map.entries = n;
	map->u.map.cap = ncap;
	return 0;
}

int value_map_set_n(const struct panda_value_alloc *a, struct panda_value *map,
		    const char *key, size_t key_len, struct panda_value *value)
{
	struct panda_map_entry *e;
	bool found;
	size_t i;
	char *k;
	int err;

	if (!value)
		return VALUE_ENOMEM;
	err = VALUE_EINVAL;
	if (!map || map->kind != PANDA_VALUE_MAP || (!key && key_len))
		goto fail;
	err = VALUE_EINVALID_UTF8;
	if (!utf8_valid(key, key_len))
		goto fail;
	i = map_find(map, key, key_len, &found);
	if (found) {
		value_free(a, map->u.map.entries[i].value);
		map->u.map.entries[i].value = value;
		return 0;
	}
	err = VALUE_ENOMEM;
	k = copy_text(a, key, key_len);
	if (!k)
		goto fail;
	if (grow_entries(a, map)) {
		value_xfree(a, k, key_len + 1);
		goto fail;
	}
	e = map->u.map.entries;
	memmove(&e[i + 1], &e[i], (map->u.map.len - i) * sizeof(*e));
	e[i].key = k;
	e[i].key_len = key_len;
	e[i].value = value;
	map->u.map.len++;
	return 0;
fail:
	value_free(a, value);
	return err;
}

int value_map_set(const struct panda_value_alloc *a, struct panda_value *map,
		  const char *key, struct panda_value *value)
{
	return value_map_set_n(a, map, key, key ? strlen(key) : 0, value);
}

struct panda_value *value_map_get_n(const struct panda_value *map,
				    const char *key, size_t key_len)
{
	bool found;
	size_t i;

	if (!map || map->kind != PANDA_VALUE_MAP || (!key && key_len))
		return NULL;
	i = map_find(map, key, key_len, &found);
	return found ? map->u.map.entries[i].value : NULL;
}

struct panda_value *value_map_get(const struct panda_value *map,
				  const char *key)
{
	return value_map_get_n(map, key, key ? strlen(key) : 0);
}

static void free_list(const struct panda_value_alloc *a,
		      struct panda_value *const *v, size_t n)
{
	size_t i;

	if (v) {
		for (i = 0; i < n; i++)
			value_free(a, v[i]);
	}
}

static bool has_null(struct panda_value *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!v[i])
			return true;
	}
	return false;
}

int value_table_new(const struct panda_value_alloc *a, uint16_t cols,
		    struct panda_value *const *headers, size_t nheaders,
		    struct panda_value *const *cells, size_t ncells,
		    struct panda_value **out)
{
	struct panda_value *t = NULL;
	int err;

	*out = NULL;
	if (!cells)
		ncells = 0;
	err = VALUE_EZERO_COLUMNS;
	if (!cols)
		goto fail;
	err = VALUE_EHEADER_COUNT;
	if (headers && nheaders != cols)
		goto fail;
	err = VALUE_ECELL_COUNT;
	if (ncells % cols)
		goto fail;
	err = VALUE_ENOMEM;
	if ((headers && has_null(headers, cols)) || has_null(cells, ncells))
		goto fail;
	t = node(a, PANDA_VALUE_TABLE, 0);
	if (!t)
		goto fail;
	t->u.table.cols = cols;
	if (headers) {
		t->u.table.headers = xalloc_array(a, cols, sizeof(*headers));
		if (!t->u.table.headers)
			goto fail;
		memcpy(t->u.table.headers, headers, cols * sizeof(*headers));
		t->u.table.has_headers = true;
	}
	if (ncells) {
		t->u.table.cells = xalloc_array(a, ncells, sizeof(*cells));
		if (!t->u.table.cells)
			goto fail_t;
		memcpy(t->u.table.cells, cells, ncells * sizeof(*cells));
		t->u.table.ncells = ncells;
		t->u.table.cap = ncells;
	}
	*out = t;
	return 0;
fail_t:
	/* The table owns the headers now; cells are still the caller's. */
	value_free(a, t);
	free_list(a, cells, ncells);
	return err;
fail:
	if (t)
		value_xfree(a, t, sizeof(*t));
	if (headers)
		free_list(a, headers, nheaders);
	free_list(a, cells, ncells);
	return err;
}

struct panda_value *value_table(const struct panda_value_alloc *a,
				uint16_t cols,
				struct panda_value *const *headers)
{
	struct panda_value *t;

	value_table_new(a, cols, headers, cols, NULL, 0, &t);
	return t;
}

int value_table_push_row(const struct panda_value_alloc *a,
			 struct panda_value *t,
			 struct panda_value *const *cells)
{
	size_t cols;
	int err;

	if (!t || t->kind != PANDA_VALUE_TABLE || !t->u.table.cols) {
		/* We cannot know how many cells there are: free none. */
		return VALUE_EINVAL;
	}
	cols = t->u.table.cols;
	err = VALUE_ENOMEM;
	if (!cells || has_null(cells, cols))
		goto fail;
	err = grow_vec(a, &t->u.table.cells, t->u.table.ncells, &t->u.table.cap,
		       cols);
	if (err)
		goto fail;
	memcpy(&t->u.table.cells[t->u.table.ncells], cells,
	       cols * sizeof(*cells));
	t->u.table.ncells += cols;
	return 0;
fail:
	free_list(a, cells, cols);
	return err;
}

/* ------------------------------------------------------------ styles */

struct panda_style panda_style_merge(struct panda_style s, struct panda_style t)
{
	struct panda_style r;

	r.flags = (s.flags | t.flags) & PANDA_STYLE_FLAGS;
	r.has_fg = s.has_fg || t.has_fg;
	r.fg = s.has_fg ? s.fg : t.fg;
	r.has_bg = s.has_bg || t.has_bg;
	r.bg = s.has_bg ? s.bg : t.bg;
	return r;
}

static const uint32_t named_argb[16] = {
	0xFF000000, 0xFFCD3131, 0xFF0DBC79, 0xFFE5E510,
	0xFF2472C8, 0xFFBC3FBC, 0xFF11A8CD, 0xFFE5E5E5,
	0xFF666666, 0xFFF14C4C, 0xFF23D18B, 0xFFF5F543,
	0xFF3B8EEA, 0xFFD670D6, 0xFF29B8DB, 0xFFFFFFFF,
};

uint32_t panda_colour_argb(struct panda_colour c)
{
	uint32_t i = c.v0, j, g;

	switch (c.kind) {
	case PANDA_COLOUR_NAMED:
		if (i < 16)
			return named_argb[i];
		break;
	case PANDA_COLOUR_PALETTE:
		if (i < 16)
			return named_argb[i];
		if (i < 232) {
			j = i - 16;
			return 0xFF000000 | (j / 36 * 51) << 16 |
			       (j / 6 % 6 * 51) << 8 | (j % 6 * 51);
		}
		g = (i - 232) * 10 + 8;
		return 0xFF000000 | g << 16 | g << 8 | g;
	case PANDA_COLOUR_RGB:
		return 0xFF000000 | (uint32_t)c.v0 << 16 | (uint32_t)c.v1 << 8 |
		       c.v2;
	}
	return 0xFFD4D4D4;
}

/* ------------------------------------------------------------ writer */

void wire_writer_init(struct panda_wire_writer *w, void *buf, size_t cap)
{
	w->buf = buf;
	w->cap = buf ? cap : 0;
	w->len = 0;
	w->err = 0;
}

int wire_writer_finish(const struct panda_wire_writer *w)
{
	if (w->err)
		return w->err;
	return w->buf && w->len > w->cap ? VALUE_ENOSPC : 0;
}

static void set_err(int *slot, int err)
{
	if (!*slot)
		*slot = err;
}

void wire_put_raw(struct panda_wire_writer *w, const void *p, size_t n)
{
	if (w->err)
		return;
	if (n > SIZE_MAX - w->len) {
		w->err = VALUE_E2BIG;
		return;
	}
	if (w->buf && w->len <= w->cap && n <= w->cap - w->len && n)
		memcpy(w->buf + w->len, p, n);
	w->len += n;
}

static void put_le(struct panda_wire_writer *w, uint64_t v, int bytes)
{
	uint8_t b[8];
	int i;

	for (i = 0; i < bytes; i++) {
		b[i] = (uint8_t)v;
		v >>= 8;
	}
	wire_put_raw(w, b, (size_t)bytes);
}

void wire_put_u8(struct panda_wire_writer *w, uint8_t v)
{
	wire_put_raw(w, &v, 1);
}

void wire_put_u16(struct panda_wire_writer *w, uint16_t v)
{
	put_le(w, v, 2);
}

void wire_put_u32(struct panda_wire_writer *w, uint32_t v)
{
	put_le(w, v, 4);
}

void wire_put_u64(struct panda_wire_writer *w, uint64_t v)
{
	put_le(w, v, 8);
}

void wire_patch_u32(struct panda_wire_writer *w, size_t off, uint32_t v)
{
	int i;

	if (!w->buf || off > w->cap || w->cap - off < 4)
		return;
	for (i = 0; i < 4; i++) {
		w->buf[off + (size_t)i] = (uint8_t)v;
		v >>= 8;
	}
}

void wire_put_string(struct panda_wire_writer *w, const char *s, size_t n)
{
	if (w->err)
		return;
	if (n > PANDA_WIRE_STRING_MAX) {
		w->err = VALUE_E2BIG;
		return;
	}
	if ((n && !s) || !utf8_valid(s, n)) {
		w->err = VALUE_EINVALID_UTF8;
		return;
	}
	wire_put_u16(w, (uint16_t)n);
	wire_put_raw(w, s, n);
}

void wire_put_bytearray(struct panda_wire_writer *w, const void *p, size_t n)
{
	if (w->err)
		return;
	if (n > UINT32_MAX || (n && !p)) {
		w->err = n > UINT32_MAX ? VALUE_E2BIG : VALUE_EINVAL;
		return;
	}
	wire_put_u32(w, (uint32_t)n);
	wire_put_raw(w, p, n);
}

/* ------------------------------------------------------------ encoder */

static bool colour_ok(const struct panda_colour *c)
{
	return (c->kind == PANDA_COLOUR_NAMED && c->v0 < 16) ||
	       c->kind == PANDA_COLOUR_PALETTE || c->kind == PANDA_COLOUR_RGB;
}

static void put_colour(struct panda_wire_writer *w, bool present,
		       const struct panda_colour *c)
{
	if (!present) {
		wire_put_u8(w, 0);
		return;
	}
	if (!colour_ok(c)) {
		set_err(&w->err, VALUE_EINVAL);
		return;
	}
	wire_put_u8(w, 1);
	wire_put_u8(w, c->kind);
	wire_put_u8(w, c->v0);
	if (c->kind == PANDA_COLOUR_RGB) {
		wire_put_u8(w, c->v1);
		wire_put_u8(w, c->v2);
	}
}

static void put_value(struct panda_wire_writer *w, const struct panda_value *v,
		      unsigned depth);

static void put_list(struct panda_wire_writer *w,
		     struct panda_value *const *items, size_t n, unsigned depth)
{
	size_t i;

	if (n > PANDA_WIRE_LIST_MAX) {
		set_err(&w->err, VALUE_E2BIG);
		return;
	}
	wire_put_u16(w, (uint16_t)n);
	for (i = 0; i < n && !w->err; i++)
		put_value(w, items[i], depth);
}

static void put_map(struct panda_wire_writer *w, const struct panda_value *v,
		    unsigned depth)
{
	const struct panda_map_entry *e = v->u.map.entries;
	size_t i, n = v->u.map.len;

	if (n > PANDA_WIRE_LIST_MAX) {
		set_err(&w->err, VALUE_E2BIG);
		return;
	}
	wire_put_u16(w, (uint16_t)n);
	for (i = 0; i < n && !w->err; i++) {
		/* Canonical form: strictly ascending keys. */
		if (i && key_cmp(e[i - 1].key, e[i - 1].key_len, e[i].key,
				 e[i].key_len) >= 0) {
			set_err(&w->err, VALUE_EINVAL);
			return;
		}
		wire_put_string(w, e[i].key, e[i].key_len);
		put_value(w, e[i].value, depth);
	}
}

static void put_table(struct panda_wire_writer *w, const struct panda_value *v,
		      unsigned depth)
{
	size_t cols = v->u.table.cols;

	if (!cols) {
		set_err(&w->err, VALUE_EZERO_COLUMNS);
		return;
	}
	if (v->u.table.ncells % cols) {
		set_err(&w->err, VALUE_ECELL_COUNT);
		return;
	}
	if (v->u.table.has_headers && !v->u.table.headers) {
		set_err(&w->err, VALUE_EHEADER_COUNT);
		return;
	}
	wire_put_u16(w, (uint16_t)cols);
	wire_put_u8(w, v->u.table.has_headers);
	if (v->u.table.has_headers)
		put_list(w, v->u.table.headers, cols, depth);
	put_list(w, v->u.table.cells, v->u.table.ncells, depth);
}

/* depth: the level of v (the outermost Value is 1). */
static void put_value(struct panda_wire_writer *w, const struct panda_value *v,
		      unsigned depth)
{
	const struct panda_style *s;

	if (w->err)
		return;
	if (!v) {
		w->err = VALUE_EINVAL;
		return;
	}
	if (depth > PANDA_VALUE_MAX_DEPTH) {
		w->err = VALUE_ETOODEEP;
		return;
	}
	if ((unsigned)v->kind > PANDA_VALUE_TABLE) {
		w->err = VALUE_EINVAL;
		return;
	}
	wire_put_u8(w, (uint8_t)v->kind);
	switch (v->kind) {
	case PANDA_VALUE_NULL:
		break;
	case PANDA_VALUE_BOOL:
		wire_put_u8(w, v->u.boolean ? 1 : 0);
		break;
	case PANDA_VALUE_INT:
		wire_put_u64(w, (uint64_t)v->u.integer);
		break;
	case PANDA_VALUE_FLOAT:
		wire_put_u64(w, v->u.float_bits);
		break;
	case PANDA_VALUE_STRING:
		wire_put_string(w, v->u.str.data, v->u.str.len);
		break;
	case PANDA_VALUE_BYTES:
		wire_put_bytearray(w, v->u.bytes.data, v->u.bytes.len);
		break;
	case PANDA_VALUE_ARRAY:
		put_list(w, v->u.array.items, v->u.array.len, depth + 1);
		break;
	case PANDA_VALUE_MAP:
		put_map(w, v, depth + 1);
		break;
	case PANDA_VALUE_STYLED:
		s = &v->u.styled.style;
		wire_put_u8(w, s->flags & PANDA_STYLE_FLAGS);
		put_colour(w, s->has_fg, &s->fg);
		put_colour(w, s->has_bg, &s->bg);
		put_value(w, v->u.styled.inner, depth + 1);
		break;
	case PANDA_VALUE_LINK:
		wire_put_string(w, v->u.link.url, v->u.link.url_len);
		put_value(w, v->u.link.inner, depth + 1);
		break;
	case PANDA_VALUE_TABLE:
		put_table(w, v, depth + 1);
		break;
	}
}

void wire_put_value(struct panda_wire_writer *w, const struct panda_value *v)
{
	put_value(w, v, 1);
}

int value_encode(const struct panda_value *v, void *buf, size_t cap,
		 size_t *len)
{
	struct panda_wire_writer w;
	int err;

	wire_writer_init(&w, buf, cap);
	put_value(&w, v, 1);
	err = wire_writer_finish(&w);
	if (!err || err == VALUE_ENOSPC)
		*len = w.len;
	return err;
}

long value_encoded_size(const struct panda_value *v)
{
	struct panda_wire_writer w;

	wire_writer_init(&w, NULL, 0);
	put_value(&w, v, 1);
	return w.err ? w.err : (long)w.len;
}

/* ------------------------------------------------------------ reader */

void wire_reader_init(struct panda_wire_reader *r, const void *buf, size_t len)
{
	static const uint8_t empty[1];

	r->buf = buf ? buf : empty;	/* never offset a NULL pointer */
	r->len = buf ? len : 0;
	r->off = 0;
	r->err = 0;
}

/* Pointer to the next n bytes, consumed; NULL (truncated) if short. */
static const uint8_t *take(struct panda_wire_reader *r, size_t n)
{
	const uint8_t *p;

	if (r->err)
		return NULL;
	if (n > r->len - r->off) {
		r->err = VALUE_ETRUNCATED;
		return NULL;
	}
	p = r->buf + r->off;
	r->off += n;
	return p;
}

static uint64_t get_le(struct panda_wire_reader *r, int bytes)
{
	const uint8_t *p = take(r, (size_t)bytes);
	uint64_t v = 0;

	if (!p)
		return 0;
	while (bytes--)
		v = (v << 8) | p[bytes];
	return v;
}

uint8_t wire_get_u8(struct panda_wire_reader *r)
{
	return (uint8_t)get_le(r, 1);
}

uint16_t wire_get_u16(struct panda_wire_reader *r)
{
	return (uint16_t)get_le(r, 2);
}

uint32_t wire_get_u32(struct panda_wire_reader *r)
{
	return (uint32_t)get_le(r, 4);
}

uint64_t wire_get_u64(struct panda_wire_reader *r)
{
	return get_le(r, 8);
}

bool wire_get_bool(struct panda_wire_reader *r)
{
	return wire_get_u8(r) != 0;
}

bool wire_get_string(struct panda_wire_reader *r, const char **s, size_t *n)
{
	size_t len = wire_get_u16(r);
	const uint8_t *p = take(r, len);

	if (!p)
		return false;
	if (!utf8_valid((const char *)p, len)) {
		r->err = VALUE_EINVALID_UTF8;
		return false;
	}
	*s = (const char *)p;
	*n = len;
	return true;
}

bool wire_get_bytearray(struct panda_wire_reader *r, const uint8_t **p,
			size_t *n)
{
	size_t len = wire_get_u32(r);
	const uint8_t *q = take(r, len);

	if (!q)
		return false;
	*p = q;
	*n = len;
	return true;
}

/* ------------------------------------------------------------ decoder */

struct dec {
	struct panda_wire_reader *r;
	const struct panda_value_alloc *a;
};

static struct panda_value *get_value(struct dec *d, unsigned depth);

/*
 * Room for a list announced as n entries of at least min bytes each: no
 * more than the input can hold, so a lying count cannot make us allocate
 * more than the input justifies.  Returns the capacity to allocate.
 */
static size_t plausible(const struct panda_wire_reader *r, size_t n, size_t min)
{
	size_t fit = wire_remaining(r) / min;

	return n < fit ? n : fit;
}

/* Decode n Values into a new vector; *cap is its allocated length. */
static struct panda_value **get_list(struct dec *d, size_t n, size_t *cap,
				     unsigned depth)
{
	struct panda_value **items;
	size_t i;

	*cap = plausible(d->r, n, 1);
	if (!n)
		return NULL;
	if (!*cap) {
		set_err(&d->r->err, VALUE_ETRUNCATED);
		return NULL;
	}
	items = xalloc_array(d->a, *cap, sizeof(*items));
	if (!items) {
		set_err(&d->r->err, VALUE_ENOMEM);
		return NULL;
	}
	for (i = 0; i < n; i++) {
		/* n > *cap means the input ends before the list does. */
		struct panda_value *v = i < *cap ? get_value(d, depth) : NULL;

		if (!v) {
			set_err(&d->r->err, VALUE_ETRUNCATED);
			free_vec(d->a, items, i, *cap);
			return NULL;
		}
		items[i] = v;
	}
	return items;
}

static void get_colour(struct panda_wire_reader *r, uint8_t *present,
		       struct panda_colour *c)
{
	*present = wire_get_bool(r);
	if (!*present || r->err)
		return;
	c->kind = wire_get_u8(r);
	switch (c->kind) {
	case PANDA_COLOUR_NAMED:
		c->v0 = wire_get_u8(r);
		if (!r->err && c->v0 > 15)
			r->err = VALUE_EINVALID_VALUE;
		break;
	case PANDA_COLOUR_PALETTE:
		c->v0 = wire_get_u8(r);
		break;
	case PANDA_COLOUR_RGB:
		c->v0 = wire_get_u8(r);
		c->v1 = wire_get_u8(r);
		c->v2 = wire_get_u8(r);
		break;
	default:
		set_err(&r->err, VALUE_EINVALID_VALUE);
		break;
	}
	*present = 1;
}

/* Stable merge of e[lo..mid) and e[mid..hi) through tmp. */
static void merge(struct panda_map_entry *e, struct panda_map_entry *tmp,
		  size_t lo, size_t mid, size_t hi)
{
	size_t i = lo, j = mid, k = lo;

	while (i < mid && j < hi) {
		if (key_cmp(e[j].key, e[j].key_len, e[i].key, e[i].key_len) < 0)
			tmp[k++] = e[j++];
		else
			tmp[k++] = e[i++];
	}
	while (i < mid)
		tmp[k++] = e[i++];
	while (j < hi)
		tmp[k++] = e[j++];
	memcpy(&e[lo], &tmp[lo], (hi - lo) * sizeof(*e));
}

/*
 * Sort entries by key, keeping the input order of equal keys, then keep
 * the last of each run of equal keys (later entries replace earlier).
 */
static int sort_entries(const struct panda_value_alloc *a,
			struct panda_value *map)
{
	struct panda_map_entry *e = map->u.map.entries, *tmp;
	size_t n = map->u.map.len, width, lo, i, out;
	bool sorted = true;

	for (i = 1; i < n && sorted; i++)
		sorted = key_cmp(e[i - 1].key, e[i - 1].key_len, e[i].key,
				 e[i].key_len) < 0;
	if (sorted)
		return 0;
	tmp = xalloc_array(a, n, sizeof(*tmp));
	if (!tmp)
		return VALUE_ENOMEM;
	for (width = 1; width < n; width *= 2) {
		for (lo = 0; lo + width < n; lo += 2 * width) {
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;

			merge(e, tmp, lo, lo + width, hi);
		}
	}
	value_xfree(a, tmp, n * sizeof(*tmp));
	for (i = 0, out = 0; i < n; i++) {
		if (i + 1 < n && !key_cmp(e[i].key, e[i].key_len, e[i + 1].key,
					  e[i + 1].key_len)) {
			value_xfree(a, e[i].key, e[i].key_len + 1);
			value_free(a, e[i].value);
			continue;
		}
		e[out++] = e[i];
	}
	map->u.map.len = out;
	return 0;
}

static struct panda_value *get_map(struct dec *d, unsigned depth)
{
	struct panda_wire_reader *r = d->r;
	size_t n = wire_get_u16(r), i;
	struct panda_map_entry *e;
	struct panda_value *m;

	if (r->err)
		return NULL;
	m = value_map(d->a);
	if (!m)
		goto nomem;
	m->u.map.cap = plausible(r, n, MAP_ENTRY_MIN);
	if (n) {
		if (!m->u.map.cap) {
			r->err = VALUE_ETRUNCATED;
			goto fail;
		}
		m->u.map.entries = xalloc_array(d->a, m->u.map.cap, sizeof(*e));
		if (!m->u.map.entries)
			goto nomem;
	}
	for (i = 0; i < n; i++) {
		const char *key;
		size_t klen;

		if (i == m->u.map.cap) {
			set_err(&r->err, VALUE_ETRUNCATED);
			goto fail;
		}
		if (!wire_get_string(r, &key, &klen))
			goto fail;
		e = &m->u.map.entries[i];
		e->key = copy_text(d->a, key, klen);
		if (!e->key)
			goto nomem;
		e->key_len = klen;
		e->value = get_value(d, depth);
		if (!e->value) {
			value_xfree(d->a, e->key, klen + 1);
			goto fail;
		}
		m->u.map.len++;
	}
	if (sort_entries(d->a, m))
		goto nomem;
	return m;
nomem:
	set_err(&r->err, VALUE_ENOMEM);
fail:
	value_free(d->a, m);
	return NULL;
}

static struct panda_value *get_table(struct dec *d, unsigned depth)
{
	struct panda_wire_reader *r = d->r;
	struct panda_value **headers = NULL, **cells = NULL, *t;
	size_t nh = 0, hcap = 0, nc, ccap = 0;
	uint16_t cols = wire_get_u16(r);
	bool has_headers = wire_get_bool(r);

	if (r->err)
		return NULL;
	if (has_headers) {
		nh = wire_get_u16(r);
		headers = get_list(d, nh, &hcap, depth);
		if (r->err)
			return NULL;
	}
	nc = wire_get_u16(r);
	if (!r->err)
		cells = get_list(d, nc, &ccap, depth);
	if (r->err)
		goto fail;
	/* Invariants are checked after the whole table has been read. */
	if ((!cols && nc) || (has_headers && nh != cols) ||
	    (cols && nc % cols)) {
		r->err = VALUE_EINVALID_VALUE;
		goto fail;
	}
	t = node(d->a, PANDA_VALUE_TABLE, 0);
	if (!t) {
		r->err = VALUE_ENOMEM;
		goto fail;
	}
	/* Here headers is NULL or holds exactly hcap == nh == cols. */
	t->u.table.cols = cols;
	t->u.table.has_headers = has_headers;
	t->u.table.headers = headers;
	t->u.table.cells = cells;
	t->u.table.ncells = nc;
	t->u.table.cap = ccap;
	return t;
fail:
	if (headers)
		free_vec(d->a, headers, nh, hcap);
	if (cells)
		free_vec(d->a, cells, nc, ccap);
	return NULL;
}

static struct panda_value *get_text(struct dec *d, enum panda_value_kind kind)
{
	struct panda_value *v;
	const char *s;
	size_t n;

	if (!wire_get_string(d->r, &s, &n))
		return NULL;
	v = text_node(d->a, kind, s, n);
	if (!v)
		set_err(&d->r->err, VALUE_ENOMEM);
	return v;
}

static struct panda_value *get_value(struct dec *d, unsigned depth)
{
	struct panda_wire_reader *r = d->r;
	struct panda_value *v = NULL, *inner;
	struct panda_style st = { 0 };
	const uint8_t *p;
	uint64_t bits;
	uint8_t tag;
	size_t n;

	if (r->err)
		return NULL;
	if (depth > PANDA_VALUE_MAX_DEPTH) {
		r->err = VALUE_EINVALID_VALUE;
		return NULL;
	}
	tag = wire_get_u8(r);
	if (r->err)
		return NULL;
	switch (tag) {
	case PANDA_VALUE_NULL:
		v = value_null(d->a);
		break;
	case PANDA_VALUE_BOOL:
		p = take(r, 1);
		if (!p)
			return NULL;
		v = value_bool(d->a, *p != 0);
		break;
	case PANDA_VALUE_INT:
		bits = wire_get_u64(r);
		if (r->err)
			return NULL;
		v = value_int(d->a, (int64_t)bits);
		break;
	case PANDA_VALUE_FLOAT:
		bits = wire_get_u64(r);
		if (r->err)
			return NULL;
		v = value_float_bits(d->a, bits);
		break;
	case PANDA_VALUE_STRING:
		return get_text(d, PANDA_VALUE_STRING);
	case PANDA_VALUE_BYTES:
		if (!wire_get_bytearray(r, &p, &n))
			return NULL;
		v = value_bytes(d->a, p, n);
		break;
	case PANDA_VALUE_ARRAY:
		n = wire_get_u16(r);
		if (r->err)
			return NULL;
		v = value_array(d->a);
		if (!v)
			break;
		v->u.array.items = get_list(d, n, &v->u.array.cap, depth + 1);
		if (r->err) {
			value_xfree(d->a, v, sizeof(*v));
			return NULL;
		}
		v->u.array.len = n;
		return v;
	case PANDA_VALUE_MAP:
		return get_map(d, depth + 1);
	case PANDA_VALUE_STYLED:
		st.flags = wire_get_u8(r) & PANDA_STYLE_FLAGS;
		get_colour(r, &st.has_fg, &st.fg);
		get_colour(r, &st.has_bg, &st.bg);
		inner = get_value(d, depth + 1);
		if (!inner)
			return NULL;
		v = value_styled(d->a, st, inner);
		break;
	case PANDA_VALUE_LINK:
		v = get_text(d, PANDA_VALUE_LINK);
		if (!v)
			return NULL;
		v->u.link.inner = get_value(d, depth + 1);
		if (!v->u.link.inner) {
			value_free(d->a, v);
			return NULL;
		}
		return v;
	case PANDA_VALUE_TABLE:
		return get_table(d, depth + 1);
	default:
		r->err = VALUE_EUNKNOWN_TYPE;
		return NULL;
	}
	if (!v)
		set_err(&r->err, VALUE_ENOMEM);
	return v;
}

struct panda_value *wire_get_value(struct panda_wire_reader *r,
				   const struct panda_value_alloc *a)
{
	struct dec d = { .r = r, .a = a };
	struct panda_value *v = get_value(&d, 1);

	if (r->err && v) {
		value_free(a, v);
		v = NULL;
	}
	return v;
}

int value_decode(const struct panda_value_alloc *a, const void *buf, size_t len,
		 struct panda_value **out, size_t *consumed)
{
	struct panda_wire_reader r;

	wire_reader_init(&r, buf, len);
	*out = wire_get_value(&r, a);
	if (r.err)
		return r.err;
	if (consumed)
		*consumed = r.off;
	return 0;
}

/* ------------------------------------------------------------ equality */

static bool colour_equal(const struct panda_colour *a,
			 const struct panda_colour *b)
{
	if (a->kind != b->kind || a->v0 != b->v0)
		return false;
	return a->kind != PANDA_COLOUR_RGB ||
	       (a->v1 == b->v1 && a->v2 == b->v2);
}

static bool style_equal(const struct panda_style *a,
			const struct panda_style *b)
{
	if ((a->flags ^ b->flags) & PANDA_STYLE_FLAGS)
		return false;
	if (!a->has_fg != !b->has_fg || !a->has_bg != !b->has_bg)
		return false;
	if (a->has_fg && !colour_equal(&a->fg, &b->fg))
		return false;
	return !a->has_bg || colour_equal(&a->bg, &b->bg);
}

static bool list_equal(struct panda_value *const *a,
		       struct panda_value *const *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (!value_equal(a[i], b[i]))
			return false;
	}
	return true;
}

bool value_equal(const struct panda_value *a, const struct panda_value *b)
{
	size_t i;

	if (!a || !b)
		return a == b;
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case PANDA_VALUE_NULL:
		return true;
	case PANDA_VALUE_BOOL:
		return !a->u.boolean == !b->u.boolean;
	case PANDA_VALUE_INT:
		return a->u.integer == b->u.integer;
	case PANDA_VALUE_FLOAT:
		return a->u.float_bits == b->u.float_bits;
	case PANDA_VALUE_STRING:
		return !key_cmp(a->u.str.data, a->u.str.len, b->u.str.data,
				b->u.str.len);
	case PANDA_VALUE_BYTES:
		return a->u.bytes.len == b->u.bytes.len &&
		       (!a->u.bytes.len ||
			!memcmp(a->u.bytes.data, b->u.bytes.data,
				a->u.bytes.len));
	case PANDA_VALUE_ARRAY:
		return a->u.array.len == b->u.array.len &&
		       list_equal(a->u.array.items, b->u.array.items,
				  a->u.array.len);
	case PANDA_VALUE_MAP:
		if (a->u.map.len != b->u.map.len)
			return false;
		for (i = 0; i < a->u.map.len; i++) {
			const struct panda_map_entry *x = &a->u.map.entries[i];
			const struct panda_map_entry *y = &b->u.map.entries[i];

			if (key_cmp(x->key, x->key_len, y->key, y->key_len) ||
			    !value_equal(x->value, y->value))
				return false;
		}
		return true;
	case PANDA_VALUE_STYLED:
		return style_equal(&a->u.styled.style, &b->u.styled.style) &&
		       value_equal(a->u.styled.inner, b->u.styled.inner);
	case PANDA_VALUE_LINK:
		return !key_cmp(a->u.link.url, a->u.link.url_len, b->u.link.url,
				b->u.link.url_len) &&
		       value_equal(a->u.link.inner, b->u.link.inner);
	case PANDA_VALUE_TABLE:
		if (a->u.table.cols != b->u.table.cols ||
		    a->u.table.has_headers != b->u.table.has_headers ||
		    a->u.table.ncells != b->u.table.ncells)
			return false;
		if (a->u.table.has_headers && a->u.table.cols &&
		    (!a->u.table.headers || !b->u.table.headers ||
		     !list_equal(a->u.table.headers, b->u.table.headers,
				 a->u.table.cols)))
			return false;
		return list_equal(a->u.table.cells, b->u.table.cells,
				  a->u.table.ncells);
	}
	return false;
}

bool value_is_string(const struct panda_value *v, const char *s)
{
	return v && v->kind == PANDA_VALUE_STRING &&
	       !key_cmp(v->u.str.data, v->u.str.len, s, strlen(s));
}

/* ------------------------------------------------------------ clone */

static struct panda_value *clone(const struct panda_value_alloc *a,
				 const struct panda_value *v, unsigned depth);

static struct panda_value **clone_list(const struct panda_value_alloc *a,
				       struct panda_value *const *items,
				       size_t n, unsigned depth, bool *ok)
{
	struct panda_value **c;
	size_t i;

	*ok = true;
	if (!n)
		return NULL;
	c = xalloc_array(a, n, sizeof(*c));
	if (!c) {
		*ok = false;
		return NULL;
	}
	for (i = 0; i < n; i++) {
		c[i] = clone(a, items[i], depth);
		if (!c[i]) {
			free_vec(a, c, i, n);
			*ok = false;
			return NULL;
		}
	}
	return c;
}

static struct panda_value *clone(const struct panda_value_alloc *a,
				 const struct panda_value *v, unsigned depth)
{
	struct panda_value *c;
	size_t i;
	bool ok;

	if (!v || depth > PANDA_VALUE_MAX_DEPTH)
		return NULL;
	switch (v->kind) {
	case PANDA_VALUE_STRING:
		return text_node(a, PANDA_VALUE_STRING, v->u.str.data,
				 v->u.str.len);
	case PANDA_VALUE_BYTES:
		return value_bytes(a, v->u.bytes.data, v->u.bytes.len);
	case PANDA_VALUE_LINK:
		c = text_node(a, PANDA_VALUE_LINK, v->u.link.url,
			      v->u.link.url_len);
		if (c) {
			c->u.link.inner = clone(a, v->u.link.inner, depth + 1);
			if (!c->u.link.inner) {
				value_free(a, c);
				c = NULL;
			}
		}
		return c;
	case PANDA_VALUE_STYLED:
		return value_styled(a, v->u.styled.style,
				    clone(a, v->u.styled.inner, depth + 1));
	default:
		break;
	}
	if ((unsigned)v->kind > PANDA_VALUE_TABLE)
		return NULL;
	c = node(a, v->kind, 0);
	if (!c)
		return NULL;
	switch (v->kind) {
	case PANDA_VALUE_ARRAY:
		c->u.array.items = clone_list(a, v->u.array.items,
					      v->u.array.len, depth + 1, &ok);
		if (!ok)
			goto fail;
		c->u.array.len = c->u.array.cap = v->u.array.len;
		break;
	case PANDA_VALUE_MAP:
		for (i = 0; i < v->u.map.len; i++) {
			const struct panda_map_entry *e = &v->u.map.entries[i];

			if (value_map_set_n(a, c, e->key, e->key_len,
					    clone(a, e->value, depth + 1)))
				goto fail;
		}
		break;
	case PANDA_VALUE_TABLE:
		c->u.table.cols = v->u.table.cols;
		c->u.table.cells = clone_list(
			a, v->u.table.cells, v->u.table.ncells, depth + 1, &ok);
		if (!ok)
			goto fail;
		c->u.table.ncells = c->u.table.cap = v->u.table.ncells;
		c->u.table.has_headers = v->u.table.has_headers;
		if (v->u.table.has_headers && v->u.table.headers) {
			c->u.table.headers =
				clone_list(a, v->u.table.headers,
					   v->u.table.cols, depth + 1, &ok);
			if (!ok)
				goto fail;
		}
		break;
	default:
		c->u = v->u;	/* scalars */
		break;
	}
	return c;
fail:
	value_free(a, c);
	return NULL;
}

struct panda_value *value_clone(const struct panda_value_alloc *a,
				const struct panda_value *v)
{
	return clone(a, v, 1);
}

/* ------------------------------------------------------------ numbers */

size_t value_format_int(int64_t i, char *buf)
{
	char tmp[20];
	uint64_t u = i < 0 ? 0 - (uint64_t)i : (uint64_t)i;
	size_t n = 0, k = 0;

	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (i < 0)
		buf[k++] = '-';
	while (n)
		buf[k++] = tmp[--n];
	buf[k] = '\0';
	return k;
}

/*
 * Shortest round-trip digits by the free-format algorithm of Steele &
 * White / Burger & Dybvig, in exact integer arithmetic.  With the value
 * v = r / s and the half-gaps to its neighbours m- / s and m+ / s, digits
 * are generated until the remainder lies within the rounding interval
 * (inclusive for an even significand: IEEE reads ties to even).  The
 * numbers stay below 2^1090, so 36 words of 32 bits suffice.
 */
#define BN_WORDS	36

struct bn {
	uint32_t w[BN_WORDS];
	int n;		/* words in use; w[n - 1] != 0 unless n == 0 */
};

static void bn_set(struct bn *x, uint64_t v)
{
	x->n = 0;
	while (v) {
		x->w[x->n++] = (uint32_t)v;
		v >>= 32;
	}
}

static void bn_mul_small(struct bn *x, uint32_t m)
{
	uint64_t carry = 0;
	int i;

	for (i = 0; i < x->n; i++) {
		uint64_t t = (uint64_t)x->w[i] * m + carry;

		x->w[i] = (uint32_t)t;
		carry = t >> 32;
	}
	if (carry && x->n < BN_WORDS)
		x->w[x->n++] = (uint32_t)carry;
}

static void bn_pow10(struct bn *x, int k)
{
	for (; k >= 9; k -= 9)
		bn_mul_small(x, 1000000000u);
	while (k-- > 0)
		bn_mul_small(x, 10);
}

static void bn_shl(struct bn *x, int bits)
{
	int words = bits / 32, b = bits % 32, i;

	if (!x->n)
		return;
	if (b) {
		uint32_t carry = 0;

		for (i = 0; i < x->n; i++) {
			uint32_t t = x->w[i];

			x->w[i] = t << b | carry;
			carry = t >> (32 - b);
		}
		if (carry && x->n < BN_WORDS)
			x->w[x->n++] = carry;
	}
	if (words) {
		if (x->n + words > BN_WORDS)
			words = BN_WORDS - x->n;
		for (i = x->n - 1; i >= 0; i--)
			x->w[i + words] = x->w[i];
		for (i = 0; i < words; i++)
			x->w[i] = 0;
		x->n += words;
	}
}

static int bn_cmp(const struct bn *a, const struct bn *b)
{
	int i;

	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	for (i = a->n - 1; i >= 0; i--) {
		if (a->w[i] != b->w[i])
			return a->w[i] < b->w[i] ? -1 : 1;
	}
	return 0;
}

static void bn_add(struct bn *r, const struct bn *a, const struct bn *b)
{
	uint64_t carry = 0;
	int i, n = a->n > b->n ? a->n : b->n;

	for (i = 0; i < n; i++) {
		uint64_t t = carry;

		if (i < a->n)
			t += a->w[i];
		if (i < b->n)
			t += b->w[i];
		r->w[i] = (uint32_t)t;
		carry = t >> 32;
	}
	r->n = n;
	if (carry && n < BN_WORDS)
		r->w[r->n++] = (uint32_t)carry;
}

/* a -= b, with a >= b. */
static void bn_sub(struct bn *a, const struct bn *b)
{
	int64_t borrow = 0;
	int i;

	for (i = 0; i < a->n; i++) {
		int64_t t = (int64_t)a->w[i] - borrow;

		if (i < b->n)
			t -= b->w[i];
		borrow = t < 0;
		a->w[i] = (uint32_t)(t + (borrow ? (int64_t)1 << 32 : 0));
	}
	while (a->n && !a->w[a->n - 1])
		a->n--;
}

/* Compare a + b with c. */
static int bn_cmp_sum(const struct bn *a, const struct bn *b,
		      const struct bn *c)
{
	struct bn t;

	bn_add(&t, a, b);
	return bn_cmp(&t, c);
}

static int bit_length(uint64_t v)
{
	int n = 0;

	while (v) {
		n++;
		v >>= 1;
	}
	return n;
}

static int floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b) && ((a < 0) != (b < 0)))
		q--;
	return (int)q;
}

/*
 * Digits of the positive finite double (f, e): v = f * 2^e.  Stores them
 * in dig (at most 17) and returns their count; *k is the decimal point
 * position (v = 0.d1d2... * 10^k).
 */
static int shortest_digits(uint64_t f, int e, bool unequal_gaps, char *dig,
			   int *k)
{
	struct bn r, s, mp, mm, t;
	bool even = !(f & 1);
	int n = 0, est, d, c;

	/* r / s = v, mp / s and mm / s the half-gaps above and below. */
	if (e >= 0) {
		bn_set(&r, f);
		bn_shl(&r, e + (unequal_gaps ? 2 : 1));
		bn_set(&s, unequal_gaps ? 4 : 2);
		bn_set(&mp, 1);
		bn_shl(&mp, e + (unequal_gaps ? 1 : 0));
		bn_set(&mm, 1);
		bn_shl(&mm, e);
	} else {
		bn_set(&r, f);
		bn_shl(&r, unequal_gaps ? 2 : 1);
		bn_set(&s, 1);
		bn_shl(&s, (unequal_gaps ? 2 : 1) - e);
		bn_set(&mp, unequal_gaps ? 2 : 1);
		bn_set(&mm, 1);
	}

	/* k ~ ceil(log10 v), from floor(log2 v); 78913 / 2^18 ~ log10 2. */
	est = floor_div((int64_t)(e + bit_length(f) - 1) * 78913, 1 << 18) + 1;
	if (est >= 0) {
		bn_pow10(&s, est);
	} else {
		bn_pow10(&r, -est);
		bn_pow10(&mp, -est);
		bn_pow10(&mm, -est);
	}
	/* Fix the estimate: want (r + mp) / s < 1 <= 10 (r + mp) / s. */
	for (;;) {
		c = bn_cmp_sum(&r, &mp, &s);
		if (c > 0 || (c == 0 && even)) {
			bn_mul_small(&s, 10);
			est++;
			continue;
		}
		bn_add(&t, &r, &mp);
		bn_mul_small(&t, 10);
		c = bn_cmp(&t, &s);
		if (c < 0 || (c == 0 && !even)) {
			bn_mul_small(&r, 10);
			bn_mul_small(&mp, 10);
			bn_mul_small(&mm, 10);
			est--;
			continue;
		}
		break;
	}
	*k = est;

	for (;;) {
		bool low, high;

		bn_mul_small(&r, 10);
		bn_mul_small(&mp, 10);
		bn_mul_small(&mm, 10);
		d = 0;
		while (bn_cmp(&r, &s) >= 0) {
			bn_sub(&r, &s);
			d++;
		}
		c = bn_cmp(&r, &mm);
		low = c < 0 || (c == 0 && even);
		c = bn_cmp_sum(&r, &mp, &s);
		high = c > 0 || (c == 0 && even);
		if (!low && !high && n < 17) {
			dig[n++] = (char)('0' + d);
			continue;
		}
		if (low && high) {
			/* Both fit: the nearer one, up on a tie (as Rust). */
			bn_add(&t, &r, &r);
			if (bn_cmp(&t, &s) >= 0)
				d++;
		} else if (high) {
			d++;
		}
		break;
	}
	/* d == 10 cannot happen in theory; carry anyway, to be safe. */
	while (d == 10) {
		if (!n) {
			dig[n++] = '1';
			(*k)++;
			return n;
		}
		d = dig[--n] - '0' + 1;
	}
	dig[n++] = (char)('0' + d);
	return n;
}

size_t value_format_float(uint64_t bits, char *buf)
{
	uint64_t frac = bits & ((1ull << 52) - 1);
	int be = (int)(bits >> 52) & 0x7ff, n, k, i;
	bool neg = bits >> 63;
	char dig[18];
	size_t len = 0;

	if (be == 0x7ff) {
		const char *t = frac ? "NaN" : neg ? "-inf" : "inf";

		strlcpy(buf, t, PANDA_VALUE_TEXT_MAX);
		return strlen(buf);
	}
	if (neg)
		buf[len++] = '-';
	if (!be && !frac) {
		buf[len++] = '0';
		buf[len] = '\0';
		return len;
	}
	if (be)
		n = shortest_digits(frac | 1ull << 52, be - 1075,
				    !frac && be > 1, dig, &k);
	else
		n = shortest_digits(frac, -1074, false, dig, &k);

	if (k <= 0) {
		buf[len++] = '0';
		buf[len++] = '.';
		for (i = 0; i < -k; i++)
			buf[len++] = '0';
		for (i = 0; i < n; i++)
			buf[len++] = dig[i];
	} else {
		for (i = 0; i < n || i < k; i++) {
			if (i == k)
				buf[len++] = '.';
			buf[len++] = i < n ? dig[i] : '0';
		}
	}
	buf[len] = '\0';
	return len;
}

/* ------------------------------------------------------------ render */

struct sink {
	value_render_fn fn;
	void *ctx;
};

static void emit(struct sink *s, const char *p, size_t n,
		 const struct panda_style *style)
{
	if (n)
		s->fn(s->ctx, p, n, style);
}

static void emit_str(struct sink *s, const char *p)
{
	emit(s, p, strlen(p), NULL);
}

static void emit_fill(struct sink *s, char c, size_t n)
{
	static const char spaces[] = "                ";
	static const char dashes[] = "----------------";
	const char *src = c == '-' ? dashes : spaces;

	while (n) {
		size_t k = n < 16 ? n : 16;

		emit(s, src, k, NULL);
		n -= k;
	}
}

static size_t bytes_text(size_t n, char *buf)
{
	size_t k;

	buf[0] = '<';
	k = 1 + value_format_int((int64_t)n, buf + 1);
	memcpy(buf + k, " bytes>", 8);
	return k + 7;
}

/*
 * Text of a scalar that is not stored as text (Int, Float, Bytes).  Kept
 * out of line so that the recursive functions' frames stay small.
 */
static __attribute__((noinline)) size_t scalar_text(const struct panda_value *v,
						    char *buf)
{
	switch (v->kind) {
	case PANDA_VALUE_INT:
		return value_format_int(v->u.integer, buf);
	case PANDA_VALUE_FLOAT:
		return value_format_float(v->u.float_bits, buf);
	case PANDA_VALUE_BYTES:
		return bytes_text(v->u.bytes.len, buf);
	default:
		buf[0] = '\0';
		return 0;
	}
}

static __attribute__((noinline)) size_t
scalar_width(const struct panda_value *v)
{
	char buf[PANDA_VALUE_TEXT_MAX];

	return scalar_text(v, buf);
}

static __attribute__((noinline)) void render_scalar(struct sink *s,
						    const struct panda_value *v)
{
	char buf[PANDA_VALUE_TEXT_MAX];

	emit(s, buf, scalar_text(v, buf), NULL);
}

size_t value_render_width(const struct panda_value *v)
{
	size_t w, i;

	if (!v)
		return 0;
	switch (v->kind) {
	case PANDA_VALUE_NULL:
		return 4;
	case PANDA_VALUE_BOOL:
		return v->u.boolean ? 4 : 5;
	case PANDA_VALUE_INT:
		/* Reference quirk: i64 minimum counts as 1. */
		if (v->u.integer == INT64_MIN)
			return 1;
		return scalar_width(v);
	case PANDA_VALUE_FLOAT:
	case PANDA_VALUE_BYTES:
		return scalar_width(v);
	case PANDA_VALUE_STRING:
		return v->u.str.len;
	case PANDA_VALUE_ARRAY:
		if (!v->u.array.len)
			return 2;
		w = 2 + 2 * (v->u.array.len - 1);
		for (i = 0; i < v->u.array.len; i++)
			w += value_render_width(v->u.array.items[i]);
		return w;
	case PANDA_VALUE_MAP:
		if (!v->u.map.len)
			return 2;
		w = 2 + 2 * (v->u.map.len - 1);
		for (i = 0; i < v->u.map.len; i++)
			w += v->u.map.entries[i].key_len + 2 +
			     value_render_width(v->u.map.entries[i].value);
		return w;
	case PANDA_VALUE_STYLED:
		return value_render_width(v->u.styled.inner);
	case PANDA_VALUE_LINK:
		return value_render_width(v->u.link.inner);
	case PANDA_VALUE_TABLE:
		return 7;
	}
	return 0;
}

static void render(struct sink *s, const struct panda_value *v);

#define WIDTH_CACHE	32	/* columns whose width is computed once */

size_t value_column_width(const struct panda_value *t, size_t c)
{
	size_t r, rows = t->u.table.ncells / t->u.table.cols, w = 0, x;

	if (t->u.table.has_headers && t->u.table.headers)
		w = value_render_width(t->u.table.headers[c]);
	for (r = 0; r < rows; r++) {
		x = value_render_width(
			t->u.table.cells[r * t->u.table.cols + c]);
		if (x > w)
			w = x;
	}
	return w;
}

static void render_row(struct sink *s, const struct panda_value *t,
		       struct panda_value *const *row, const size_t *cache)
{
	size_t c, cols = t->u.table.cols, w, cw;

	for (c = 0; c < cols; c++) {
		if (c)
			emit_fill(s, ' ', 2);
		render(s, row[c]);
		if (c + 1 == cols)
			break;
		cw = c < WIDTH_CACHE ? cache[c] : value_column_width(t, c);
		w = value_render_width(row[c]);
		if (cw > w)
			emit_fill(s, ' ', cw - w);
	}
	emit(s, "\n", 1, NULL);
}

static void render_table(struct sink *s, const struct panda_value *t)
{
	size_t cache[WIDTH_CACHE], cols = t->u.table.cols, c, r, total;

	if (!cols)
		return;
	for (c = 0; c < cols && c < WIDTH_CACHE; c++)
		cache[c] = value_column_width(t, c);
	if (t->u.table.has_headers && t->u.table.headers) {
		render_row(s, t, t->u.table.headers, cache);
		total = 2 * (cols - 1);
		for (c = 0; c < cols; c++)
			total += c < WIDTH_CACHE ? cache[c] :
						   value_column_width(t, c);
		emit_fill(s, '-', total);
		emit(s, "\n", 1, NULL);
	}
	for (r = 0; r < t->u.table.ncells / cols; r++)
		render_row(s, t, t->u.table.cells + r * cols, cache);
}

static void render(struct sink *s, const struct panda_value *v)
{
	const struct panda_value *in;
	size_t i;

	if (!v)
		return;
	switch (v->kind) {
	case PANDA_VALUE_NULL:
		emit_str(s, "null");
		break;
	case PANDA_VALUE_BOOL:
		emit_str(s, v->u.boolean ? "true" : "false");
		break;
	case PANDA_VALUE_INT:
	case PANDA_VALUE_FLOAT:
	case PANDA_VALUE_BYTES:
		render_scalar(s, v);
		break;
	case PANDA_VALUE_STRING:
		emit(s, v->u.str.data, v->u.str.len, NULL);
		break;
	case PANDA_VALUE_ARRAY:
		for (i = 0; i < v->u.array.len; i++) {
			if (i)
				emit(s, "\n", 1, NULL);
			emit_str(s, "  - ");
			render(s, v->u.array.items[i]);
		}
		break;
	case PANDA_VALUE_MAP:
		for (i = 0; i < v->u.map.len; i++) {
			const struct panda_map_entry *e = &v->u.map.entries[i];

			if (i)
				emit(s, "\n", 1, NULL);
			emit(s, e->key, e->key_len, NULL);
			emit_str(s, ": ");
			render(s, e->value);
		}
		break;
	case PANDA_VALUE_STYLED:
		in = v->u.styled.inner;
		/* Only a String directly inside keeps the style. */
		if (in && in->kind == PANDA_VALUE_STRING)
			emit(s, in->u.str.data, in->u.str.len,
			     &v->u.styled.style);
		else
			render(s, in);
		break;
	case PANDA_VALUE_LINK:
		render(s, v->u.link.inner);
		emit_str(s, " (");
		emit(s, v->u.link.url, v->u.link.url_len, NULL);
		emit_str(s, ")");
		break;
	case PANDA_VALUE_TABLE:
		render_table(s, v);
		break;
	}
}

void value_render_cb(const struct panda_value *v, value_render_fn fn, void *ctx)
{
	struct sink s = { .fn = fn, .ctx = ctx };

	render(&s, v);
}

struct membuf {
	char *buf;
	size_t cap, len;
};

static void to_membuf(void *ctx, const char *s, size_t n,
		      const struct panda_style *style)
{
	struct membuf *m = ctx;

	(void)style;
	if (m->cap && m->len < m->cap - 1) {
		size_t k = m->cap - 1 - m->len;

		memcpy(m->buf + m->len, s, n < k ? n : k);
	}
	m->len += n;
}

size_t value_render(const struct panda_value *v, char *buf, size_t cap)
{
	struct membuf m = { .buf = buf, .cap = buf ? cap : 0, .len = 0 };

	value_render_cb(v, to_membuf, &m);
	if (m.cap)
		m.buf[m.len < m.cap ? m.len : m.cap - 1] = '\0';
	return m.len;
}
