// SPDX-License-Identifier: GPL-2.0
/*
 * The service protocol framework (services.md 4.4, 5): protocol channels,
 * the handshake, calls, connecting and registering.  The wire format is
 * lib/svc_proto.c's.
 */
#include <panda/channel.h>
#include <panda/environment.h>
#include <panda/file.h>
#include <panda/print.h>
#include <panda/service.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

#define ALLOC (&__panda_value_try_heap)

int panda_svc_proto_errno(int err)
{
	if (err >= 0)
		return err;
	switch (err) {
	case SVC_PROTO_E2BIG:
		return -PANDA_ERR_MESSAGE_TOO_LARGE;
	case SVC_PROTO_ENOMEM:
		return -PANDA_ERR_NO_MEMORY;
	case SVC_PROTO_ENOSPC:
		return -PANDA_ERR_BUFFER_TOO_SMALL;
	case SVC_PROTO_EINVAL:
		return -PANDA_ERR_INVALID_ARGUMENT;
	}
	return -PANDA_ERR_PROTOCOL;
}

panda_pchan panda_pchan_from_handle(panda_handle_t h, const panda_protocol *p)
{
	panda_pchan c = { .h = h, .proto = p };

	return c;
}

int panda_pchan_send(panda_pchan *c, uint8_t kind, uint16_t type,
		     const void *payload, uint32_t len)
{
	uint8_t buf[SVC_MSG_MAX];
	size_t n;
	int err;

	err = svc_msg_encode(kind, type, payload, len, buf, sizeof(buf), &n);
	if (err)
		return panda_svc_proto_errno(
			err == SVC_PROTO_ENOSPC ? SVC_PROTO_E2BIG : err);
	return panda_channel_send(c->h, buf, n);
}

static int decode(const uint8_t *buf, size_t n, panda_pmsg *out)
{
	struct svc_msg m;
	int err = svc_msg_decode(buf, n, &m);

	if (err)
		return -PANDA_ERR_PROTOCOL;	/* the peer's fault (P4) */
	out->kind = m.kind;
	out->type = m.type;
	out->payload = m.payload;
	out->len = m.len;
	return 0;
}

int panda_pchan_recv(panda_pchan *c, uint8_t buf[SVC_MSG_MAX], panda_pmsg *out)
{
	size_t n;
	int err = panda_channel_recv(c->h, buf, SVC_MSG_MAX, &n);

	return err ? err : decode(buf, n, out);
}

int panda_pchan_try_recv(panda_pchan *c, uint8_t buf[SVC_MSG_MAX],
			 panda_pmsg *out)
{
	size_t n;
	int err = panda_channel_try_recv(c->h, buf, SVC_MSG_MAX, &n);

	return err ? err : decode(buf, n, out);
}

void panda_caps_free(char **caps, size_t n)
{
	struct svc_strlist l = { caps, n };

	svc_strlist_free(ALLOC, &l);
}

bool panda_caps_has(char *const *caps, size_t n, const char *cap)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(caps[i], cap))
			return true;
	return false;
}

/* Hand the list to the caller, or free it if not wanted. */
static void give_caps(struct svc_strlist *l, char ***agreed, size_t *n)
{
	if (agreed && n) {
		*agreed = l->items;
		*n = l->n;
	} else {
		svc_strlist_free(ALLOC, l);
	}
}

int panda_pchan_handshake_initiate(panda_pchan *c, const char *const *caps,
				   size_t n, char ***agreed, size_t *n_agreed)
{
	uint8_t buf[SVC_MSG_MAX];
	struct svc_strlist got;
	const char *reason;
	size_t len, rlen;
	int err;

	err = svc_hello_encode(c->proto->uuid, caps, n, buf, sizeof(buf), &len);
	if (err)
		return panda_svc_proto_errno(err);
	err = panda_channel_send(c->h, buf, len);
	if (!err)
		err = panda_channel_recv(c->h, buf, sizeof(buf), &len);
	if (err)
		return err;
	reason = NULL;
	rlen = 0;
	err = svc_handshake_reply(ALLOC, buf, len, caps, n, &got, &reason,
				  &rlen);
	if (err == SVC_PROTO_EREJECTED)
		panda_logf("service %s: rejected: %.*s",
			   c->proto->name ? c->proto->name : "(channel)",
			   (int)rlen, reason ? reason : "");
	if (err)
		return panda_svc_proto_errno(err);
	give_caps(&got, agreed, n_agreed);
	return 0;
}

int panda_pchan_handshake_answer(panda_pchan *c, const void *msg, size_t len,
				 const char *const *supported, size_t n,
				 char ***agreed, size_t *n_agreed)
{
	uint8_t reply[SVC_MSG_MAX];
	struct svc_strlist got;
	size_t rlen;
	int err, serr;

	err = svc_handshake_respond(ALLOC, msg, len, c->proto->uuid, supported,
				    n, reply, sizeof(reply), &rlen, &got);
	if (err && err != SVC_PROTO_EREJECTED)
		return panda_svc_proto_errno(err);
	serr = panda_channel_send(c->h, reply, rlen);
	if (err)
		return -PANDA_ERR_PROTOCOL;
	if (serr) {
		svc_strlist_free(ALLOC, &got);
		return serr;
	}
	give_caps(&got, agreed, n_agreed);
	return 0;
}

int panda_pchan_handshake_respond(panda_pchan *c, const char *const *supported,
				  size_t n, char ***agreed, size_t *n_agreed)
{
	uint8_t buf[SVC_MSG_MAX];
	size_t len;
	int err = panda_channel_recv(c->h, buf, sizeof(buf), &len);

	if (err)
		return err;
	return panda_pchan_handshake_answer(c, buf, len, supported, n, agreed,
					    n_agreed);
}

int panda_pchan_call(panda_pchan *c, uint16_t req_type, const void *p,
		     uint32_t len, uint8_t buf[SVC_MSG_MAX],
		     panda_pmsg *response)
{
	int err = panda_pchan_send(c, SVC_KIND_REQUEST, req_type, p, len);

	while (!err) {
		err = panda_pchan_recv(c, buf, response);
		if (err)
			break;
		if (response->kind == SVC_KIND_RESPONSE)
			return 0;
		if (response->kind != SVC_KIND_EVENT)
			return -PANDA_ERR_PROTOCOL;
		if (c->on_event)
			c->on_event(c->event_arg, response);
	}
	return err;
}

int panda_service_connect(const panda_protocol *p, panda_handle_t mailbox,
			  uint32_t mask, const char *const *caps, size_t n,
			  panda_service_client *out)
{
	char uri[8 + 64 + 1];
	panda_handle_t h;
	int err;

	memset(out, 0, sizeof(*out));
	if (!p || !p->name || strlen(p->name) > 64)
		return -PANDA_ERR_INVALID_ARGUMENT;
	strcpy(uri, "service:/");
	strcat(uri, p->name);
	err = panda_open(uri, mailbox, mask, &h);
	if (err)
		return err;
	out->chan = panda_pchan_from_handle(h, p);
	err = panda_pchan_handshake_initiate(&out->chan, caps, n, &out->caps,
					     &out->ncaps);
	if (err) {
		panda_close(h);
		memset(out, 0, sizeof(*out));
	}
	return err;
}

void panda_service_client_close(panda_service_client *c)
{
	if (c->chan.h)
		panda_close(c->chan.h);
	panda_caps_free(c->caps, c->ncaps);
	memset(c, 0, sizeof(*c));
}

int panda_service_register(const char *name, panda_handle_t mailbox,
			   uint32_t mask, panda_handle_t *broker)
{
	long r = panda_sys_service_register(name, strlen(name), mailbox, mask);

	if (r < 0)
		return (int)r;
	*broker = (panda_handle_t)r;
	return 0;
}

int panda_service_broker_decode(const void *msg, size_t len,
				panda_handle_t *server)
{
	const uint8_t *b = msg;

	if (len != 10 || b[0] != 0x01 || b[1] || b[2] != 4 || b[3] || b[4] ||
	    b[5])
		return -PANDA_ERR_PROTOCOL;
	*server = (panda_handle_t)b[6] | (panda_handle_t)b[7] << 8 |
		  (panda_handle_t)b[8] << 16 | (panda_handle_t)b[9] << 24;
	return 0;
}
