// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for lib/svc_proto.c: decode arbitrary bytes as an
 * envelope and as each handshake message.  Whatever decodes re-encodes
 * to exactly the input (the format has one encoding per message).  The
 * bytes are also given to the responder, whose reply must be a Welcome
 * that the initiator accepts with the same agreed set, or a Rejected
 * with one of the three reasons; and to the initiator.  A decodable
 * envelope's payload goes through every service-manager decoder
 * (lib/svc_mgr_api.c), which must also re-encode exactly.  Nothing may
 * leak.
 */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <lib/string.h>
#include <lib/svc_mgr_api.h>
#include <lib/svc_proto.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#include "fuzz_alloc.h"

/* The service-manager protocol (services.md 9). */
static const uint8_t uuid[16] = { 0x4f, 0x83, 0x12, 0xae, 0x20, 0x51,
				  0x42, 0xcf, 0xb9, 0xfc, 0xc5, 0x55,
				  0x84, 0x83, 0x7a, 0x5c };
static const char *const supported[] = { "runtime-add", "log-streaming", "" };
static const char *const offered[] = { "log-streaming", "a", "runtime-add" };

static bool listed(const char *const *v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

static bool same_bytes(const uint8_t *a, size_t na, const uint8_t *b, size_t nb)
{
	return na == nb && !memcmp(a, b, na);
}

static void check_messages(const uint8_t *data, size_t size)
{
	static uint8_t enc[SVC_MSG_MAX];
	struct svc_strlist caps;
	struct svc_msg m;
	uint8_t u[16];
	const char *r;
	size_t len, rl;
	int err;

	err = svc_msg_decode(data, size, &m);
	CHECK(err <= 0 && err >= SVC_PROTO_EINVALID);
	if (err)
		return;
	CHECK(m.kind <= SVC_KIND_HANDSHAKE);
	CHECK(svc_msg_encode(m.kind, m.type, m.payload, m.len, enc, sizeof(enc),
			     &len) == 0);
	CHECK(same_bytes(enc, len, data, size));

	err = svc_hello_decode(&heap, &m, u, &caps);
	if (!err) {
		CHECK(svc_hello_encode(u, (const char *const *)caps.items,
				       caps.n, enc, sizeof(enc), &len) == 0);
		CHECK(same_bytes(enc, len, data, size));
		svc_strlist_free(&heap, &caps);
	}
	err = svc_welcome_decode(&heap, &m, &caps);
	if (!err) {
		CHECK(svc_welcome_encode((const char *const *)caps.items,
					 caps.n, enc, sizeof(enc), &len) == 0);
		CHECK(same_bytes(enc, len, data, size));
		svc_strlist_free(&heap, &caps);
	}
	err = svc_rejected_decode(&m, &r, &rl);
	if (!err && strnlen(r, rl) == rl) {
		char reason[SVC_MSG_MAX];

		memcpy(reason, r, rl);
		reason[rl] = '\0';
		CHECK(svc_rejected_encode(reason, enc, sizeof(enc), &len) == 0);
		CHECK(same_bytes(enc, len, data, size));
	}
}

static void check_responder(const uint8_t *data, size_t size)
{
	static uint8_t reply[SVC_MSG_MAX];
	struct svc_strlist agreed, back, offer;
	struct svc_msg m;
	const char *r;
	size_t len, rl, i;
	uint8_t u[16];
	int err;

	err = svc_handshake_respond(&heap, data, size, uuid, supported, 3,
				    reply, sizeof(reply), &len, &agreed);
	CHECK(err == 0 || err == SVC_PROTO_EREJECTED);
	CHECK(svc_msg_decode(reply, len, &m) == 0);
	if (err) {
		CHECK(svc_rejected_decode(&m, &r, &rl) == 0);
		CHECK((rl == 14 && !memcmp(r, "expected hello", rl)) ||
		      (rl == 15 && !memcmp(r, "malformed hello", rl)) ||
		      (rl == 17 && !memcmp(r, "protocol mismatch", rl)));
		return;
	}
	/* Agreed: supported, offered, each once, in offer order. */
	CHECK(svc_msg_decode(data, size, &m) == 0);
	CHECK(svc_hello_decode(&heap, &m, u, &offer) == 0);
	CHECK(!memcmp(u, uuid, 16));
	for (i = 0; i < agreed.n; i++) {
		CHECK(listed(supported, 3, agreed.items[i]));
		CHECK(listed((const char *const *)offer.items, offer.n,
			     agreed.items[i]));
		CHECK(!listed((const char *const *)agreed.items, i,
			      agreed.items[i]));
	}
	err = svc_handshake_reply(&heap, reply, len,
				  (const char *const *)offer.items, offer.n,
				  &back, NULL, NULL);
	CHECK(err == 0 && back.n == agreed.n);
	for (i = 0; i < back.n; i++)
		CHECK(!strcmp(back.items[i], agreed.items[i]));
	svc_strlist_free(&heap, &back);
	svc_strlist_free(&heap, &offer);
	svc_strlist_free(&heap, &agreed);
}

static void check_initiator(const uint8_t *data, size_t size)
{
	struct svc_strlist agreed;
	const char *r = NULL;
	size_t rl = 0, i;
	int err;

	err = svc_handshake_reply(&heap, data, size, offered, 3, &agreed, &r,
				  &rl);
	if (err == SVC_PROTO_EREJECTED) {
		CHECK(r >= (const char *)data &&
		      r + rl <= (const char *)data + size);
		return;
	}
	CHECK(err == 0 || svc_proto_is_protocol_error(err));
	if (err)
		return;
	for (i = 0; i < agreed.n; i++)
		CHECK(listed(offered, 3, agreed.items[i]));
	svc_strlist_free(&heap, &agreed);
}

/* The service-manager payloads (services.md 9). */
static void check_manager(const uint8_t *data, size_t size)
{
	static uint8_t enc[SVC_MSG_MAX];
	struct svc_mgr_state_change ev;
	struct svc_mgr_request req;
	struct svc_mgr_status st;
	struct panda_value *list;
	struct svc_msg m;
	const char *t;
	size_t len, n;

	if (svc_msg_decode(data, size, &m))
		return;
	if (!svc_mgr_request_decode(m.type, m.payload, m.len, &req)) {
		CHECK(svc_mgr_request_encode(&req, enc, sizeof(enc), &len) ==
		      0);
		CHECK(same_bytes(enc, len, m.payload, m.len));
	}
	if (!svc_mgr_text_decode(m.payload, m.len, &t, &n)) {
		CHECK(svc_mgr_text_encode(t, n, enc, sizeof(enc), &len) == 0);
		CHECK(same_bytes(enc, len, m.payload, m.len));
	}
	if (!svc_mgr_status_decode(m.payload, m.len, &st)) {
		CHECK(svc_mgr_status_encode(&st, enc, sizeof(enc), &len) == 0);
		CHECK(same_bytes(enc, len, m.payload, m.len));
	}
	if (!svc_mgr_state_change_decode(m.payload, m.len, &ev)) {
		CHECK(svc_mgr_state_change_encode(&ev, enc, sizeof(enc),
						  &len) == 0);
		CHECK(same_bytes(enc, len, m.payload, m.len));
	}
	if (!svc_mgr_list_decode(&heap, m.payload, m.len, &list)) {
		CHECK(list->kind == PANDA_VALUE_TABLE);
		value_free(&heap, list);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t u[16];
	char text[SVC_UUID_TEXT];

	check_messages(data, size);
	CHECK(live == 0);
	check_responder(data, size);
	CHECK(live == 0);
	check_initiator(data, size);
	CHECK(live == 0);
	check_manager(data, size);
	CHECK(live == 0);
	if (!svc_uuid_parse((const char *)data, size, u)) {
		svc_uuid_format(u, text);
		for (size_t i = 0; i < 36; i++)
			CHECK(text[i] == (data[i] >= 'A' && data[i] <= 'F' ?
						  data[i] - 'A' + 'a' :
						  data[i]));
	}
	return 0;
}
