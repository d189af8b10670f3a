// SPDX-License-Identifier: GPL-2.0
/*
 * The service-manager protocol's payloads (services.md 9).  See
 * include/lib/svc_mgr_api.h.
 */
#include <lib/string.h>
#include <lib/svc_mgr_api.h>

const uint8_t svc_mgr_uuid[SVC_UUID_SIZE] = {
	0x4f, 0x83, 0x12, 0xae, 0x20, 0x51, 0x42, 0xcf,
	0xb9, 0xfc, 0xc5, 0x55, 0x84, 0x83, 0x7a, 0x5c,
};

const char *svc_mgr_request_name(uint16_t type)
{
	switch (type) {
	case SVC_MGR_REQ_START:
		return "start";
	case SVC_MGR_REQ_STOP:
		return "stop";
	case SVC_MGR_REQ_RESTART:
		return "restart";
	case SVC_MGR_REQ_STATUS:
		return "status";
	case SVC_MGR_REQ_LIST:
		return "list";
	case SVC_MGR_REQ_ADD:
		return "add";
	case SVC_MGR_REQ_REMOVE:
		return "remove";
	}
	return NULL;
}

/* ------------------------------------------------------------ helpers */

static int writer_errno(int err)
{
	switch (err) {
	case 0:
		return 0;
	case VALUE_ENOSPC:
		return SVC_PROTO_ENOSPC;
	case VALUE_E2BIG:
		return SVC_PROTO_E2BIG;
	case VALUE_EINVALID_UTF8:
		return SVC_PROTO_EUTF8;
	}
	return SVC_PROTO_EINVAL;
}

static void writer_start(struct panda_wire_writer *w, void *buf, size_t cap)
{
	wire_writer_init(w, buf, cap);
}

static int writer_end(struct panda_wire_writer *w, size_t *len)
{
	int err = wire_writer_finish(w);

	if (!err && w->len > SVC_PAYLOAD_MAX)
		err = VALUE_E2BIG;
	if (err)
		return writer_errno(err);
	*len = w->len;
	return 0;
}

static int reader_errno(int err)
{
	return err == VALUE_EINVALID_UTF8 ? SVC_PROTO_EUTF8 :
					    SVC_PROTO_ETRUNCATED;
}

/* A string without NUL bytes; 0 or an SVC_PROTO_E* code. */
static int get_text(struct panda_wire_reader *r, const char **s, size_t *n)
{
	size_t i;

	if (!wire_get_string(r, s, n))
		return reader_errno(r->err);
	for (i = 0; i < *n; i++)
		if (!(*s)[i])
			return SVC_PROTO_EINVALID;
	return 0;
}

static int reader_end(const struct panda_wire_reader *r)
{
	return wire_remaining(r) ? SVC_PROTO_ETRAILING : 0;
}

/* ------------------------------------------------------------ requests */

static bool has_name(uint16_t type)
{
	return type != SVC_MGR_REQ_LIST;
}

int svc_mgr_request_encode(const struct svc_mgr_request *req, void *buf,
			   size_t cap, size_t *len)
{
	struct panda_wire_writer w;

	if (!req || !svc_mgr_request_name(req->type))
		return SVC_PROTO_EINVAL;
	if ((has_name(req->type) && !req->name) ||
	    (req->type == SVC_MGR_REQ_ADD && !req->config))
		return SVC_PROTO_EINVAL;
	writer_start(&w, buf, cap);
	if (has_name(req->type))
		wire_put_string(&w, req->name, req->name_len);
	if (req->type == SVC_MGR_REQ_ADD)
		wire_put_string(&w, req->config, req->config_len);
	return writer_end(&w, len);
}

int svc_mgr_request_decode(uint16_t type, const void *payload, size_t len,
			   struct svc_mgr_request *out)
{
	struct panda_wire_reader r;
	int err = 0;

	memset(out, 0, sizeof(*out));
	if (!svc_mgr_request_name(type))
		return SVC_PROTO_EINVALID;
	out->type = type;
	wire_reader_init(&r, payload, len);
	if (has_name(type))
		err = get_text(&r, &out->name, &out->name_len);
	if (!err && type == SVC_MGR_REQ_ADD) {
		if (!wire_get_string(&r, &out->config, &out->config_len))
			err = reader_errno(r.err);
	}
	return err ? err : reader_end(&r);
}

/* ------------------------------------------------------------ responses */

int svc_mgr_text_encode(const char *s, size_t n, void *buf, size_t cap,
			size_t *len)
{
	struct panda_wire_writer w;

	if (!s)
		return SVC_PROTO_EINVAL;
	writer_start(&w, buf, cap);
	wire_put_string(&w, s, n);
	return writer_end(&w, len);
}

int svc_mgr_text_decode(const void *payload, size_t len, const char **s,
			size_t *n)
{
	struct panda_wire_reader r;
	int err;

	wire_reader_init(&r, payload, len);
	err = get_text(&r, s, n);
	return err ? err : reader_end(&r);
}

int svc_mgr_status_encode(const struct svc_mgr_status *st, void *buf,
			  size_t cap, size_t *len)
{
	struct panda_wire_writer w;

	if (!st || !st->name || !st->state)
		return SVC_PROTO_EINVAL;
	writer_start(&w, buf, cap);
	wire_put_string(&w, st->name, st->name_len);
	wire_put_string(&w, st->state, st->state_len);
	wire_put_u32(&w, st->restarts);
	return writer_end(&w, len);
}

int svc_mgr_status_decode(const void *payload, size_t len,
			  struct svc_mgr_status *out)
{
	struct panda_wire_reader r;
	int err;

	memset(out, 0, sizeof(*out));
	wire_reader_init(&r, payload, len);
	err = get_text(&r, &out->name, &out->name_len);
	if (!err)
		err = get_text(&r, &out->state, &out->state_len);
	if (err)
		return err;
	out->restarts = wire_get_u32(&r);
	if (r.err)
		return reader_errno(r.err);
	return reader_end(&r);
}

int svc_mgr_state_change_encode(const struct svc_mgr_state_change *ev,
				void *buf, size_t cap, size_t *len)
{
	struct panda_wire_writer w;

	if (!ev || !ev->name || !ev->old_state || !ev->new_state)
		return SVC_PROTO_EINVAL;
	writer_start(&w, buf, cap);
	wire_put_string(&w, ev->name, ev->name_len);
	wire_put_string(&w, ev->old_state, ev->old_len);
	wire_put_string(&w, ev->new_state, ev->new_len);
	return writer_end(&w, len);
}

int svc_mgr_state_change_decode(const void *payload, size_t len,
				struct svc_mgr_state_change *out)
{
	struct panda_wire_reader r;
	int err;

	memset(out, 0, sizeof(*out));
	wire_reader_init(&r, payload, len);
	err = get_text(&r, &out->name, &out->name_len);
	if (!err)
		err = get_text(&r, &out->old_state, &out->old_len);
	if (!err)
		err = get_text(&r, &out->new_state, &out->new_len);
	return err ? err : reader_end(&r);
}

/* ------------------------------------------------------------ list */

static bool list_table(const struct panda_value *v)
{
	return v && v->kind == PANDA_VALUE_TABLE && v->u.table.cols == 3;
}

int svc_mgr_list_table(const struct panda_value_alloc *a,
		       const struct svc_mgr_row *rows, size_t n,
		       struct panda_value **out)
{
	static const char *const heads[3] = { "Name", "State", "Restarts" };
	struct panda_value *h[3], *c[3], *t;
	size_t i, k;
	int err;

	*out = NULL;
	for (k = 0; k < 3; k++)
		h[k] = value_string(a, heads[k]);
	if (!h[0] || !h[1] || !h[2]) {
		for (k = 0; k < 3; k++)
			value_free(a, h[k]);
		return SVC_PROTO_ENOMEM;
	}
	err = value_table_new(a, 3, h, 3, NULL, 0, &t);
	if (err)
		return SVC_PROTO_ENOMEM;
	for (i = 0; i < n; i++) {
		c[0] = value_string(a, rows[i].name);
		c[1] = value_string(a, rows[i].state);
		c[2] = value_int(a, rows[i].restarts);
		if (!c[0] || !c[1] || !c[2]) {
			for (k = 0; k < 3; k++)
				value_free(a, c[k]);
			value_free(a, t);
			return SVC_PROTO_ENOMEM;
		}
		err = value_table_push_row(a, t, c);
		if (err) {
			value_free(a, t);
			return SVC_PROTO_ENOMEM;
		}
	}
	*out = t;
	return 0;
}

int svc_mgr_list_encode(const struct panda_value *table, void *buf, size_t cap,
			size_t *len)
{
	struct panda_wire_writer w;

	if (!list_table(table))
		return SVC_PROTO_EINVAL;
	writer_start(&w, buf, cap);
	wire_put_value(&w, table);
	return writer_end(&w, len);
}

int svc_mgr_list_decode(const struct panda_value_alloc *a, const void *payload,
			size_t len, struct panda_value **out)
{
	size_t used;
	int err;

	*out = NULL;
	err = value_decode(a, payload, len, out, &used);
	if (err == VALUE_ENOMEM)
		return SVC_PROTO_ENOMEM;
	if (err)
		return err == VALUE_EINVALID_UTF8 ? SVC_PROTO_EUTF8 :
		       err == VALUE_ETRUNCATED	  ? SVC_PROTO_ETRUNCATED :
						    SVC_PROTO_EINVALID;
	if (used != len || !list_table(*out)) {
		value_free(a, *out);
		*out = NULL;
		return used != len ? SVC_PROTO_ETRAILING : SVC_PROTO_EINVALID;
	}
	return 0;
}
