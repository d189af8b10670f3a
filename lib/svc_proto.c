// SPDX-License-Identifier: GPL-2.0
/*
 * Service protocol framework: envelope and handshake (services.md
 * 4.2-4.3).  See include/lib/svc_proto.h.
 */
#include <lib/string.h>
#include <lib/svc_proto.h>
#include <lib/utf8.h>

#define WIRE_STRING_MAX 65535
#define WIRE_LIST_MAX	65535

const char *svc_proto_strerror(int err)
{
	switch (err) {
	case 0:
		return "ok";
	case SVC_PROTO_ESHORT:
		return "message shorter than the envelope";
	case SVC_PROTO_E2BIG:
		return "message too large";
	case SVC_PROTO_EKIND:
		return "unknown message kind";
	case SVC_PROTO_ELENGTH:
		return "length field does not match the message";
	case SVC_PROTO_ETRUNCATED:
		return "payload truncated";
	case SVC_PROTO_ETRAILING:
		return "trailing bytes after the payload";
	case SVC_PROTO_EUTF8:
		return "invalid UTF-8";
	case SVC_PROTO_EINVALID:
		return "invalid message";
	case SVC_PROTO_EREJECTED:
		return "rejected by the peer";
	case SVC_PROTO_ENOMEM:
		return "out of memory";
	case SVC_PROTO_ENOSPC:
		return "buffer too small";
	case SVC_PROTO_EINVAL:
		return "invalid argument";
	}
	return "unknown error";
}

/* ------------------------------------------------------------ memory */

void svc_strlist_free(const struct panda_value_alloc *a, struct svc_strlist *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; l->items && i < l->n; i++)
		value_xfree(a, l->items[i], strlen(l->items[i]) + 1);
	value_xfree(a, l->items, l->n * sizeof(*l->items));
	l->items = NULL;
	l->n = 0;
}

/* ------------------------------------------------------------ envelope */

static void put_u16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put_u32(uint8_t *p, uint32_t v)
{
	put_u16(p, (uint16_t)v);
	put_u16(p + 2, (uint16_t)(v >> 16));
}

static uint16_t get_u16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get_u32(const uint8_t *p)
{
	return get_u16(p) | (uint32_t)get_u16(p + 2) << 16;
}

/* Check kind and sizes, write the envelope header; 0 or an error. */
static int header(uint8_t kind, uint16_t type, size_t len, void *buf,
		  size_t cap, size_t *out_len)
{
	if (kind > SVC_KIND_HANDSHAKE)
		return SVC_PROTO_EINVAL;
	if (len > SVC_PAYLOAD_MAX)
		return SVC_PROTO_E2BIG;
	if (!buf || cap < SVC_ENVELOPE_SIZE + len)
		return SVC_PROTO_ENOSPC;
	((uint8_t *)buf)[0] = kind;
	put_u16((uint8_t *)buf + 1, type);
	put_u32((uint8_t *)buf + 3, (uint32_t)len);
	if (out_len)
		*out_len = SVC_ENVELOPE_SIZE + len;
	return 0;
}

int svc_msg_encode(uint8_t kind, uint16_t type, const void *payload, size_t len,
		   void *buf, size_t cap, size_t *out_len)
{
	int err;

	if (len && !payload)
		return SVC_PROTO_EINVAL;
	err = header(kind, type, len, buf, cap, out_len);
	if (!err && len)
		memmove((uint8_t *)buf + SVC_ENVELOPE_SIZE, payload, len);
	return err;
}

int svc_msg_decode(const void *buf, size_t len, struct svc_msg *out)
{
	const uint8_t *p = buf;

	memset(out, 0, sizeof(*out));
	if (!buf || len < SVC_ENVELOPE_SIZE)
		return SVC_PROTO_ESHORT;
	if (len > SVC_MSG_MAX)
		return SVC_PROTO_E2BIG;
	if (p[0] > SVC_KIND_HANDSHAKE)
		return SVC_PROTO_EKIND;
	if (get_u32(p + 3) != len - SVC_ENVELOPE_SIZE)
		return SVC_PROTO_ELENGTH;
	out->kind = p[0];
	out->type = get_u16(p + 1);
	out->payload = p + SVC_ENVELOPE_SIZE;
	out->len = (uint32_t)(len - SVC_ENVELOPE_SIZE);
	return 0;
}

/* ------------------------------------------------------------ encoding */

/* Payload size of a string list, or an error. */
static int list_size(const char *const *v, size_t n, size_t *size)
{
	size_t i, total = 2;

	if (n > WIRE_LIST_MAX)
		return SVC_PROTO_E2BIG;
	if (n && !v)
		return SVC_PROTO_EINVAL;
	for (i = 0; i < n; i++) {
		size_t k;

		if (!v[i])
			return SVC_PROTO_EINVAL;
		k = strlen(v[i]);
		if (k > WIRE_STRING_MAX)
			return SVC_PROTO_E2BIG;
		if (!utf8_valid(v[i], k))
			return SVC_PROTO_EUTF8;
		total += 2 + k;
		if (total > SVC_PAYLOAD_MAX)
			return SVC_PROTO_E2BIG;
	}
	*size = total;
	return 0;
}

static uint8_t *put_list(uint8_t *p, const char *const *v, size_t n)
{
	size_t i;

	put_u16(p, (uint16_t)n);
	p += 2;
	for (i = 0; i < n; i++) {
		size_t k = strlen(v[i]);

		put_u16(p, (uint16_t)k);
		memcpy(p + 2, v[i], k);
		p += 2 + k;
	}
	return p;
}

int svc_hello_encode(const uint8_t uuid[SVC_UUID_SIZE], const char *const *caps,
		     size_t n, void *buf, size_t cap, size_t *out_len)
{
	size_t size;
	int err;

	if (!uuid)
		return SVC_PROTO_EINVAL;
	err = list_size(caps, n, &size);
	if (!err)
		err = header(SVC_KIND_HANDSHAKE, SVC_HS_HELLO,
			     SVC_UUID_SIZE + size, buf, cap, out_len);
	if (err)
		return err;
	memcpy((uint8_t *)buf + SVC_ENVELOPE_SIZE, uuid, SVC_UUID_SIZE);
	put_list((uint8_t *)buf + SVC_ENVELOPE_SIZE + SVC_UUID_SIZE, caps, n);
	return 0;
}

int svc_welcome_encode(const char *const *caps, size_t n, void *buf, size_t cap,
		       size_t *out_len)
{
	size_t size;
	int err;

	err = list_size(caps, n, &size);
	if (!err)
		err = header(SVC_KIND_HANDSHAKE, SVC_HS_WELCOME, size, buf, cap,
			     out_len);
	if (err)
		return err;
	put_list((uint8_t *)buf + SVC_ENVELOPE_SIZE, caps, n);
	return 0;
}

int svc_rejected_encode(const char *reason, void *buf, size_t cap,
			size_t *out_len)
{
	uint8_t *p;
	size_t k;
	int err;

	if (!reason)
		return SVC_PROTO_EINVAL;
	k = strlen(reason);
	if (k > WIRE_STRING_MAX)
		return SVC_PROTO_E2BIG;
	if (!utf8_valid(reason, k))
		return SVC_PROTO_EUTF8;
	err = header(SVC_KIND_HANDSHAKE, SVC_HS_REJECTED, 2 + k, buf, cap,
		     out_len);
	if (err)
		return err;
	p = (uint8_t *)buf + SVC_ENVELOPE_SIZE;
	put_u16(p, (uint16_t)k);
	memcpy(p + 2, reason, k);
	return 0;
}

/* ------------------------------------------------------------ decoding */

struct reader {
	const uint8_t *p;
	size_t len, off;
};

static int get_string(struct reader *r, const char **s, size_t *n)
{
	size_t k;

	if (r->len - r->off < 2)
		return SVC_PROTO_ETRUNCATED;
	k = get_u16(r->p + r->off);
	if (r->len - r->off - 2 < k)
		return SVC_PROTO_ETRUNCATED;
	*s = (const char *)r->p + r->off + 2;
	*n = k;
	r->off += 2 + k;
	return utf8_valid(*s, k) ? 0 : SVC_PROTO_EUTF8;
}

static bool has_nul(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!s[i])
			return true;
	return false;
}

static int get_list(const struct panda_value_alloc *a, struct reader *r,
		    struct svc_strlist *out)
{
	size_t count, i;
	int err;

	out->items = NULL;
	out->n = 0;
	if (r->len - r->off < 2)
		return SVC_PROTO_ETRUNCATED;
	count = get_u16(r->p + r->off);
	r->off += 2;
	/* Each entry takes at least its 2-byte length. */
	if (count > (r->len - r->off) / 2)
		return SVC_PROTO_ETRUNCATED;
	if (!count)
		return 0;
	out->items = value_xalloc(a, count * sizeof(*out->items));
	if (!out->items)
		return SVC_PROTO_ENOMEM;
	for (i = 0; i < count; i++) {
		const char *s;
		size_t k;
		char *c;

		err = get_string(r, &s, &k);
		if (!err && has_nul(s, k))
			err = SVC_PROTO_EINVALID;
		if (err)
			goto fail;
		c = value_xalloc(a, k + 1);
		if (!c) {
			err = SVC_PROTO_ENOMEM;
			goto fail;
		}
		memcpy(c, s, k);
		c[k] = '\0';
		out->items[out->n++] = c;
	}
	return 0;
fail:
	/* Free with the allocated size, not the number filled. */
	for (i = 0; i < out->n; i++)
		value_xfree(a, out->items[i], strlen(out->items[i]) + 1);
	value_xfree(a, out->items, count * sizeof(*out->items));
	out->items = NULL;
	out->n = 0;
	return err;
}

static bool is_handshake(const struct svc_msg *m, uint16_t type)
{
	return m->kind == SVC_KIND_HANDSHAKE && m->type == type;
}

/* A list decoded into a vector of exactly n entries. */
static int list_payload(const struct panda_value_alloc *a, struct reader *r,
			struct svc_strlist *out)
{
	int err = get_list(a, r, out);

	if (!err && r->off != r->len) {
		svc_strlist_free(a, out);
		err = SVC_PROTO_ETRAILING;
	}
	return err;
}

int svc_hello_decode(const struct panda_value_alloc *a, const struct svc_msg *m,
		     uint8_t uuid[SVC_UUID_SIZE], struct svc_strlist *caps)
{
	struct reader r = { m->payload, m->len, SVC_UUID_SIZE };

	caps->items = NULL;
	caps->n = 0;
	if (!is_handshake(m, SVC_HS_HELLO))
		return SVC_PROTO_EINVALID;
	if (m->len < SVC_UUID_SIZE)
		return SVC_PROTO_ETRUNCATED;
	memcpy(uuid, m->payload, SVC_UUID_SIZE);
	return list_payload(a, &r, caps);
}

int svc_welcome_decode(const struct panda_value_alloc *a,
		       const struct svc_msg *m, struct svc_strlist *caps)
{
	struct reader r = { m->payload, m->len, 0 };

	caps->items = NULL;
	caps->n = 0;
	if (!is_handshake(m, SVC_HS_WELCOME))
		return SVC_PROTO_EINVALID;
	return list_payload(a, &r, caps);
}

int svc_rejected_decode(const struct svc_msg *m, const char **reason,
			size_t *reason_len)
{
	struct reader r = { m->payload, m->len, 0 };
	const char *s;
	size_t k;
	int err;

	if (!is_handshake(m, SVC_HS_REJECTED))
		return SVC_PROTO_EINVALID;
	err = get_string(&r, &s, &k);
	if (!err && r.off != r.len)
		err = SVC_PROTO_ETRAILING;
	if (err)
		return err;
	if (reason)
		*reason = s;
	if (reason_len)
		*reason_len = k;
	return 0;
}

/* ------------------------------------------------------------ negotiation */

static bool listed(const char *const *v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] && !strcmp(v[i], s))
			return true;
	return false;
}

int svc_caps_negotiate(const struct panda_value_alloc *a,
		       const struct svc_strlist *offered,
		       const char *const *supported, size_t n_supported,
		       struct svc_strlist *agreed)
{
	size_t i, n = 0;
	char **v;

	agreed->items = NULL;
	agreed->n = 0;
	if (!offered->n)
		return 0;
	v = value_xalloc(a, offered->n * sizeof(*v));
	if (!v)
		return SVC_PROTO_ENOMEM;
	for (i = 0; i < offered->n; i++) {
		const char *c = offered->items[i];
		size_t k = strlen(c) + 1;

		if (!listed(supported, n_supported, c) ||
		    listed((const char *const *)v, n, c))
			continue;
		v[n] = value_xalloc(a, k);
		if (!v[n]) {
			for (i = 0; i < n; i++)
				value_xfree(a, v[i], strlen(v[i]) + 1);
			value_xfree(a, v, offered->n * sizeof(*v));
			return SVC_PROTO_ENOMEM;
		}
		memcpy(v[n++], c, k);
	}
	/* Shrink to exactly n entries so that frees know the size. */
	if (n != offered->n) {
		char **w = n ? value_xalloc(a, n * sizeof(*w)) : NULL;

		if (n && !w) {
			for (i = 0; i < n; i++)
				value_xfree(a, v[i], strlen(v[i]) + 1);
			value_xfree(a, v, offered->n * sizeof(*v));
			return SVC_PROTO_ENOMEM;
		}
		if (n)
			memcpy(w, v, n * sizeof(*w));
		value_xfree(a, v, offered->n * sizeof(*v));
		v = w;
	}
	agreed->items = v;
	agreed->n = n;
	return 0;
}

/* ------------------------------------------------------------ handshake */

int svc_handshake_respond(const struct panda_value_alloc *a, const void *msg,
			  size_t len, const uint8_t uuid[SVC_UUID_SIZE],
			  const char *const *supported, size_t n_supported,
			  void *reply, size_t cap, size_t *reply_len,
			  struct svc_strlist *agreed)
{
	struct svc_strlist offered;
	const char *reason;
	uint8_t got[SVC_UUID_SIZE];
	struct svc_msg m;
	int err;

	agreed->items = NULL;
	agreed->n = 0;
	if (svc_msg_decode(msg, len, &m) || !is_handshake(&m, SVC_HS_HELLO)) {
		reason = SVC_REJECT_EXPECTED_HELLO;
		goto reject;
	}
	err = svc_hello_decode(a, &m, got, &offered);
	if (err == SVC_PROTO_ENOMEM)
		return err;
	if (err) {
		reason = SVC_REJECT_MALFORMED_HELLO;
		goto reject;
	}
	if (memcmp(got, uuid, SVC_UUID_SIZE)) {
		svc_strlist_free(a, &offered);
		reason = SVC_REJECT_PROTOCOL_MISMATCH;
		goto reject;
	}
	err = svc_caps_negotiate(a, &offered, supported, n_supported, agreed);
	svc_strlist_free(a, &offered);
	if (err)
		return err;
	err = svc_welcome_encode((const char *const *)agreed->items, agreed->n,
				 reply, cap, reply_len);
	if (err)
		svc_strlist_free(a, agreed);
	return err;
reject:
	err = svc_rejected_encode(reason, reply, cap, reply_len);
	return err ? err : SVC_PROTO_EREJECTED;
}

int svc_handshake_reply(const struct panda_value_alloc *a, const void *msg,
			size_t len, const char *const *offered,
			size_t n_offered, struct svc_strlist *agreed,
			const char **reason, size_t *reason_len)
{
	struct svc_msg m;
	size_t i;
	int err;

	agreed->items = NULL;
	agreed->n = 0;
	err = svc_msg_decode(msg, len, &m);
	if (err)
		return err;
	if (is_handshake(&m, SVC_HS_REJECTED)) {
		err = svc_rejected_decode(&m, reason, reason_len);
		return err ? err : SVC_PROTO_EREJECTED;
	}
	if (!is_handshake(&m, SVC_HS_WELCOME))
		return SVC_PROTO_EINVALID;
	err = svc_welcome_decode(a, &m, agreed);
	if (err)
		return err;
	for (i = 0; i < agreed->n; i++) {
		if (!listed(offered, n_offered, agreed->items[i]) ||
		    listed((const char *const *)agreed->items, i,
			   agreed->items[i])) {
			svc_strlist_free(a, agreed);
			return SVC_PROTO_EINVALID;
		}
	}
	return 0;
}

/* ------------------------------------------------------------ UUIDs */

static int hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool dash_at(size_t i)
{
	return i == 8 || i == 13 || i == 18 || i == 23;
}

int svc_uuid_parse(const char *s, size_t len, uint8_t out[SVC_UUID_SIZE])
{
	uint8_t u[SVC_UUID_SIZE];
	size_t i, k = 0;

	if (!s || len != SVC_UUID_TEXT - 1)
		return SVC_PROTO_EINVAL;
	for (i = 0; i < len; i++) {
		if (dash_at(i)) {
			if (s[i] != '-')
				return SVC_PROTO_EINVAL;
			continue;
		}
		if (hex(s[i]) < 0 || hex(s[i + 1]) < 0 || dash_at(i + 1))
			return SVC_PROTO_EINVAL;
		u[k++] = (uint8_t)(hex(s[i]) << 4 | hex(s[i + 1]));
		i++;
	}
	memcpy(out, u, SVC_UUID_SIZE);
	return 0;
}

void svc_uuid_format(const uint8_t uuid[SVC_UUID_SIZE], char out[SVC_UUID_TEXT])
{
	static const char digits[] = "0123456789abcdef";
	size_t i, k = 0;

	for (i = 0; i < SVC_UUID_SIZE; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[k++] = '-';
		out[k++] = digits[uuid[i] >> 4];
		out[k++] = digits[uuid[i] & 15];
	}
	out[k] = '\0';
}
