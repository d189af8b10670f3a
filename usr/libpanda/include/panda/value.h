/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Structured Values in libpanda (userspace.md 3.12 and 3.17,
 * value-and-terminal.md 2): the heap-backed face of <lib/value.h>, and
 * Value I/O on the data plane (ipc.md 6-7).
 *
 * Everything of <lib/value.h> is available too (the struct panda_value
 * fields, value_equal(), value_render(), styles and colours, the wire
 * primitives); the functions here allocate with malloc and return libpanda
 * error codes (0 or -PANDA_ERR_*).
 *
 * Building never fails: the constructors exit the program with code 102
 * (after logging) when memory runs out, like panda_xmalloc(), and replace
 * invalid UTF-8 in text by '?'.  Containers take ownership of what is put
 * into them; free a tree with panda_value_free().
 *
 *	panda_value *row = panda_value_map();
 *	panda_value_map_set(row, "name", panda_value_string("a.txt"));
 *	panda_value_map_set(row, "size", panda_value_int(10));
 *	panda_output_value(row);	// STDOUT, or Write on the parent
 *	panda_value_free(row);
 *
 * Data plane: one encoded Value per channel message, no header; a
 * zero-length message or a closed channel ends the stream:
 *
 *	panda_value *v;
 *	while (panda_next_value(&v) > 0) {
 *		sum += v->kind == PANDA_VALUE_INT ? v->u.integer : 0;
 *		panda_value_free(v);
 *	}
 */
#ifndef _PANDA_VALUE_H
#define _PANDA_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <lib/value.h>

typedef struct panda_value panda_value;
typedef struct panda_style panda_style;
typedef struct panda_colour panda_colour;

/* malloc/free; allocation failure exits with PANDA_EXIT_ALLOC_ERROR. */
extern const struct panda_value_alloc panda_value_heap;

/* A VALUE_E* code of <lib/value.h> as 0 or -PANDA_ERR_* (decode errors
 * become PROTOCOL, VALUE_ENOSPC BUFFER_TOO_SMALL, VALUE_E2BIG
 * MESSAGE_TOO_LARGE, VALUE_ENOMEM NO_MEMORY, the rest
 * INVALID_ARGUMENT). */
int panda_value_errno(int value_err);

/* ------------------------------------------------------------ building */

panda_value *panda_value_null(void);
panda_value *panda_value_bool(bool b);
panda_value *panda_value_int(int64_t i);
panda_value *panda_value_float(double d);
panda_value *panda_value_float_bits(uint64_t bits);
panda_value *panda_value_string(const char *s);
panda_value *panda_value_string_n(const char *s, size_t len);
panda_value *panda_value_bytes(const void *data, size_t len);
panda_value *panda_value_array(void);
panda_value *panda_value_map(void);
panda_value *panda_value_styled(panda_style style, panda_value *inner);
panda_value *panda_value_link(const char *url, panda_value *inner);

/*
 * Tables: headers is NULL or cols Values.  NULL (everything handed over
 * freed) if cols is 0.  panda_table_push_row() appends exactly cols
 * Values; -PANDA_ERR_INVALID_ARGUMENT if t is no table.
 * panda_value_table_new() checks all three constructor rules
 * (-PANDA_ERR_INVALID_ARGUMENT; value_table_new() tells which).
 */
panda_value *panda_value_table(uint16_t cols, panda_value **headers);
int panda_value_table_new(uint16_t cols, panda_value **headers,
			  size_t nheaders, panda_value **cells, size_t ncells,
			  panda_value **out);
int panda_table_push_row(panda_value *t, panda_value **cells);

/* -PANDA_ERR_INVALID_ARGUMENT if arr / map has the wrong kind. */
int panda_value_array_push(panda_value *arr, panda_value *item);
/* Insert or replace (keys sorted by bytes; bad UTF-8 becomes '?'). */
int panda_value_map_set(panda_value *map, const char *key, panda_value *v);
static inline panda_value *panda_value_map_get(const panda_value *map,
					       const char *key)
{
	return value_map_get(map, key);
}

panda_value *panda_value_clone(const panda_value *v);
void panda_value_free(panda_value *v);

static inline bool panda_value_equal(const panda_value *a,
				     const panda_value *b)
{
	return value_equal(a, b);
}

/* Style helpers (userspace.md 3.13): Styled(style, String text). */
panda_value *panda_styled(const char *text, panda_style style);
panda_value *panda_bold(const char *text);
panda_value *panda_coloured(const char *text, panda_colour c);

/* The conventional colours of messages. */
static inline panda_colour panda_colour_error(void)
{
	return panda_colour_named(PANDA_RED);
}

static inline panda_colour panda_colour_warning(void)
{
	return panda_colour_named(PANDA_YELLOW);
}

static inline panda_colour panda_colour_success(void)
{
	return panda_colour_named(PANDA_GREEN);
}

static inline panda_colour panda_colour_info(void)
{
	return panda_colour_named(PANDA_BLUE);
}

/* ------------------------------------------------------------ encoding */

/*
 * Encode into a malloc'd buffer (*out, *len), or into buf[0..cap)
 * (-PANDA_ERR_BUFFER_TOO_SMALL, *len = size needed).  Trees that have no
 * encoding: -PANDA_ERR_MESSAGE_TOO_LARGE (string / list over 65535) or
 * -PANDA_ERR_INVALID_ARGUMENT.
 */
int panda_value_encode(const panda_value *v, uint8_t **out, size_t *len);
int panda_value_encode_to(const panda_value *v, void *buf, size_t cap,
			  size_t *len);
/*
 * Decode one Value from buf (bytes after it are ignored; *consumed may
 * be NULL).  Malformed input: -PANDA_ERR_PROTOCOL (value_decode() gives
 * the precise kind); out of memory: -PANDA_ERR_NO_MEMORY.
 */
int panda_value_decode(const uint8_t *buf, size_t len, panda_value **out,
		       size_t *consumed);

/* The terminal's plain-text rendering, malloc'd and NUL-terminated. */
char *panda_value_to_text(const panda_value *v);

/* ------------------------------------------------------------ Value I/O */

/*
 * Encode v and send it as one message on PANDA_HANDLE_STDOUT (blocking,
 * or -PANDA_ERR_WOULD_BLOCK for the try_ form).  An encoding over 4096
 * bytes: -PANDA_ERR_MESSAGE_TOO_LARGE, nothing sent.  No STDOUT:
 * -PANDA_ERR_BAD_HANDLE.
 */
int panda_write_value(const panda_value *v);
int panda_try_write_value(const panda_value *v);

/*
 * Receive one message from PANDA_HANDLE_STDIN and decode it.  A
 * zero-length message gives 0 with *out = NULL (end of stream); receive
 * errors are returned as they are (-PANDA_ERR_CHANNEL_CLOSED once the
 * writer is gone and the queue is empty, -PANDA_ERR_BAD_HANDLE without
 * STDIN, -PANDA_ERR_WOULD_BLOCK for the try_ form); a message that is no
 * Value: -PANDA_ERR_PROTOCOL (it is consumed).
 */
int panda_read_value(panda_value **out);
int panda_try_read_value(panda_value **out);

/*
 * The pipeline reader's loop: 1 and a Value in *out, 0 at the end of the
 * stream (zero-length message, closed channel, or no STDIN at all), or a
 * negative error (-PANDA_ERR_PROTOCOL ...; most readers stop then too).
 */
int panda_next_value(panda_value **out);

/*
 * Output a result (ipc.md 7.3): if this process has a STDOUT (a
 * side-effect-free FILE_STAT probe), write v there; if there is none or
 * that fails for any reason, send Write(v) on PANDA_HANDLE_PARENT.
 */
int panda_output_value(const panda_value *v);

/* A String Value for a text, through panda_output_value(). */
int panda_output_text(const char *s);

#endif /* _PANDA_VALUE_H */
