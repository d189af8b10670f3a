// SPDX-License-Identifier: GPL-2.0
/*
 * Values on the heap and on the data plane (userspace.md 3.12, 3.17;
 * ipc.md 6-7): malloc-backed wrappers of lib/value.c, Value I/O on
 * STDIN/STDOUT, and the text messages the rest of libpanda sends.
 */
#include <lib/utf8.h>
#include <panda/channel.h>
#include <panda/heap.h>
#include <panda/print.h>
#include <panda/stdio.h>
#include <panda/terminal.h>
#include <panda/value.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

/* ------------------------------------------------------------ heap */

static void *heap_alloc(void *ctx, size_t size)
{
	void *p = malloc(size);

	if (!p)
		panda_oom(size);
	return p;
}

static void *heap_try_alloc(void *ctx, size_t size)
{
	return malloc(size);
}

static void heap_free(void *ctx, void *p, size_t size)
{
	free(p);
}

const struct panda_value_alloc panda_value_heap = {
	.alloc = heap_alloc,
	.free = heap_free,
};

/* Decoding untrusted input reports out-of-memory instead of exiting. */
const struct panda_value_alloc __panda_value_try_heap = {
	.alloc = heap_try_alloc,
	.free = heap_free,
};

#define HEAP	(&panda_value_heap)

int panda_value_errno(int value_err)
{
	switch (value_err) {
	case 0:
		return 0;
	case VALUE_ETRUNCATED:
	case VALUE_EUNKNOWN_TYPE:
	case VALUE_EINVALID_VALUE:
	case VALUE_EINVALID_UTF8:
		return -PANDA_ERR_PROTOCOL;
	case VALUE_ENOMEM:
		return -PANDA_ERR_NO_MEMORY;
	case VALUE_ENOSPC:
		return -PANDA_ERR_BUFFER_TOO_SMALL;
	case VALUE_E2BIG:
		return -PANDA_ERR_MESSAGE_TOO_LARGE;
	default:
		return -PANDA_ERR_INVALID_ARGUMENT;
	}
}

/* Encoding a channel message: not fitting is MESSAGE_TOO_LARGE. */
int __panda_msg_errno(int value_err)
{
	if (value_err == VALUE_ENOSPC)
		return -PANDA_ERR_MESSAGE_TOO_LARGE;
	return panda_value_errno(value_err);
}

/*
 * s[0..n) as valid UTF-8: s itself, or a malloc'd copy with every bad
 * byte replaced by '?' (*copy is then set for the caller to free).
 */
static const char *clean_text(const char *s, size_t n, char **copy)
{
	*copy = NULL;
	if (utf8_valid(s, n))
		return s;
	*copy = panda_xmalloc(n + 1);
	memcpy(*copy, s, n);
	__panda_utf8_sanitize(*copy, n);
	return *copy;
}

/* ------------------------------------------------------------ building */

panda_value *panda_value_null(void)
{
	return value_null(HEAP);
}

panda_value *panda_value_bool(bool b)
{
	return value_bool(HEAP, b);
}

panda_value *panda_value_int(int64_t i)
{
	return value_int(HEAP, i);
}

panda_value *panda_value_float(double d)
{
	return value_float(HEAP, d);
}

panda_value *panda_value_float_bits(uint64_t bits)
{
	return value_float_bits(HEAP, bits);
}

panda_value *panda_value_string_n(const char *s, size_t len)
{
	const char *t;
	panda_value *v;
	char *copy;

	if (!s)
		len = 0;
	t = clean_text(s ? s : "", len, &copy);
	v = value_string_n(HEAP, t, len);
	free(copy);
	return v;
}

panda_value *panda_value_string(const char *s)
{
	return panda_value_string_n(s, s ? strlen(s) : 0);
}

panda_value *panda_value_bytes(const void *data, size_t len)
{
	return value_bytes(HEAP, data, data ? len : 0);
}

panda_value *panda_value_array(void)
{
	return value_array(HEAP);
}

panda_value *panda_value_map(void)
{
	return value_map(HEAP);
}

panda_value *panda_value_styled(panda_style style, panda_value *inner)
{
	return value_styled(HEAP, style, inner);
}

panda_value *panda_value_link(const char *url, panda_value *inner)
{
	size_t n = url ? strlen(url) : 0;
	panda_value *v;
	const char *t;
	char *copy;

	t = clean_text(url ? url : "", n, &copy);
	v = value_link_n(HEAP, t, n, inner);
	free(copy);
	return v;
}

panda_value *panda_value_table(uint16_t cols, panda_value **headers)
{
	return value_table(HEAP, cols, headers);
}

int panda_value_table_new(uint16_t cols, panda_value **headers, size_t nheaders,
			  panda_value **cells, size_t ncells, panda_value **out)
{
	return panda_value_errno(value_table_new(HEAP, cols, headers, nheaders,
						 cells, ncells, out));
}

int panda_table_push_row(panda_value *t, panda_value **cells)
{
	return panda_value_errno(value_table_push_row(HEAP, t, cells));
}

int panda_value_array_push(panda_value *arr, panda_value *item)
{
	return panda_value_errno(value_array_push(HEAP, arr, item));
}

int panda_value_map_set(panda_value *map, const char *key, panda_value *v)
{
	size_t n = key ? strlen(key) : 0;
	const char *t;
	char *copy;
	int err;

	t = clean_text(key ? key : "", n, &copy);
	err = value_map_set_n(HEAP, map, t, n, v);
	free(copy);
	return panda_value_errno(err);
}

panda_value *panda_value_clone(const panda_value *v)
{
	return value_clone(HEAP, v);
}

void panda_value_free(panda_value *v)
{
	value_free(HEAP, v);
}

panda_value *panda_styled(const char *text, panda_style style)
{
	return panda_value_styled(style, panda_value_string(text));
}

panda_value *panda_bold(const char *text)
{
	return panda_styled(text, panda_style_bold());
}

panda_value *panda_coloured(const char *text, panda_colour c)
{
	return panda_styled(text, panda_style_fg(c));
}

/* ------------------------------------------------------------ encoding */

int panda_value_encode(const panda_value *v, uint8_t **out, size_t *len)
{
	long size = value_encoded_size(v);
	int err;

	*out = NULL;
	if (size < 0)
		return panda_value_errno((int)size);
	*out = malloc(size ? (size_t)size : 1);
	if (!*out)
		return -PANDA_ERR_NO_MEMORY;
	err = value_encode(v, *out, (size_t)size, len);
	if (err) {
		free(*out);
		*out = NULL;
	}
	return panda_value_errno(err);
}

int panda_value_encode_to(const panda_value *v, void *buf, size_t cap,
			  size_t *len)
{
	return panda_value_errno(value_encode(v, buf, cap, len));
}

int panda_value_decode(const uint8_t *buf, size_t len, panda_value **out,
		       size_t *consumed)
{
	return panda_value_errno(
		value_decode(&__panda_value_try_heap, buf, len, out, consumed));
}

char *panda_value_to_text(const panda_value *v)
{
	size_t n = value_render(v, NULL, 0);
	char *s = panda_xmalloc(n + 1);

	value_render(v, s, n + 1);
	return s;
}

/* ------------------------------------------------------------ Value I/O */

static uint8_t io_buf[PANDA_MAX_MESSAGE_SIZE];

static int write_value(const panda_value *v, bool block)
{
	size_t len;
	int err = value_encode(v, io_buf, sizeof(io_buf), &len);

	if (err)
		return __panda_msg_errno(err);
	return block ? panda_stdout_write(io_buf, len) :
		       panda_stdout_try_write(io_buf, len);
}

int panda_write_value(const panda_value *v)
{
	return write_value(v, true);
}

int panda_try_write_value(const panda_value *v)
{
	return write_value(v, false);
}

static int read_value(panda_value **out, bool block)
{
	size_t n;
	int err;

	*out = NULL;
	err = block ? panda_stdin_read(io_buf, sizeof(io_buf), &n) :
		      panda_stdin_try_read(io_buf, sizeof(io_buf), &n);
	if (err || !n)
		return err;
	err = value_decode(&__panda_value_try_heap, io_buf, n, out, NULL);
	return panda_value_errno(err);
}

int panda_read_value(panda_value **out)
{
	return read_value(out, true);
}

int panda_try_read_value(panda_value **out)
{
	return read_value(out, false);
}

int panda_next_value(panda_value **out)
{
	int err = read_value(out, true);

	if (err == -PANDA_ERR_CHANNEL_CLOSED || err == -PANDA_ERR_BAD_HANDLE)
		return 0;
	if (err)
		return err;
	return *out ? 1 : 0;
}

int panda_output_value(const panda_value *v)
{
	if (panda_has_stdout() && !panda_write_value(v))
		return 0;
	return panda_term_print_value(v);
}

int panda_output_text(const char *s)
{
	panda_value *v = panda_value_string(s);
	int err = panda_output_value(v);

	panda_value_free(v);
	return err;
}

/* ------------------------------------------------------------ text */

static uint8_t text_buf[PANDA_MAX_MESSAGE_SIZE];

long __panda_send_text(panda_handle_t h, bool request, const char *s, size_t n)
{
	struct panda_value v = value_string_ref(s, n);
	struct panda_term_request req = {
		.kind = PANDA_TERM_REQ_WRITE,
		.u.value = &v,
	};
	size_t len;
	int err;

	if (request)
		err = term_request_encode(&req, text_buf, sizeof(text_buf),
					  &len);
	else
		err = value_encode(&v, text_buf, sizeof(text_buf), &len);
	if (err)
		return __panda_msg_errno(err);
	return panda_sys_channel_send(h, text_buf, len);
}

int __panda_send_text_chunks(panda_handle_t h, bool request, const char *s,
			     size_t n, bool newline)
{
	static char piece[PANDA_TEXT_CHUNK + 1];
	bool sent = false;
	long r;

	while (n || !sent) {
		size_t k = n < PANDA_TEXT_CHUNK ? n : PANDA_TEXT_CHUNK;

		if (k < n) {
			size_t cut = __panda_utf8_cut(s, k);

			k = cut ? cut : k;
		}
		memcpy(piece, s, k);
		__panda_utf8_sanitize(piece, k);
		s += k;
		n -= k;
		if (!n && newline) {
			if (k == PANDA_TEXT_CHUNK) {
				/* No room: the newline goes alone. */
				r = __panda_send_text(h, request, piece, k);
				if (r < 0)
					return (int)r;
				k = 0;
			}
			piece[k++] = '\n';
		}
		r = __panda_send_text(h, request, piece, k);
		if (r < 0)
			return (int)r;
		sent = true;
	}
	return 0;
}

int panda_stdout_print(const char *s)
{
	return __panda_send_text_chunks(PANDA_HANDLE_STDOUT, false, s,
					strlen(s), false);
}

int panda_stdout_println(const char *s)
{
	return __panda_send_text_chunks(PANDA_HANDLE_STDOUT, false, s,
					strlen(s), true);
}
