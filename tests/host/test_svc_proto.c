// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for lib/svc_proto.c (services.md 4.2-4.3, 12.1): envelope bytes
 * and round trips for every kind, the P4 rejections, handshake messages
 * byte for byte, strict payload decoding, capability negotiation, the
 * responder's and initiator's rules, UUID text, allocation failure.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include <lib/svc_proto.h>

/* ---------------------------------------------------------------- alloc */

static const struct panda_value_alloc *A = &test_heap;

static void setup(void)
{
	memset(&test_cnt, 0, sizeof(test_cnt));
}

static void teardown(void)
{
	cr_expect_eq(test_cnt.live, 0, "%ld blocks leaked", test_cnt.live);
}

TestSuite(proto, .init = setup, .fini = teardown);

/* ---------------------------------------------------------------- helpers */




/* services.md 9: the service-manager protocol UUID. */
static const uint8_t MGR[16] = { 0x4f, 0x83, 0x12, 0xae, 0x20, 0x51,
				 0x42, 0xcf, 0xb9, 0xfc, 0xc5, 0x55,
				 0x84, 0x83, 0x7a, 0x5c };
#define MGR_HEX "4F 83 12 AE 20 51 42 CF B9 FC C5 55 84 83 7A 5C"

static const char *const caps2[] = { "runtime-add", "log-streaming" };

static void list_is(const struct svc_strlist *l, const char *const *want,
		    size_t n)
{
	size_t i;

	cr_assert_eq(l->n, n, "%zu entries, want %zu", l->n, n);
	for (i = 0; i < n; i++)
		cr_assert_str_eq(l->items[i], want[i]);
	if (!n)
		cr_assert_null(l->items);
}

/* ---------------------------------------------------------------- envelope */

Test(proto, envelope_bytes_and_round_trip)
{
	static const struct {
		uint8_t kind;
		uint16_t type;
		const char *payload;
		size_t plen;
		const char *bytes;
	} t[] = {
		{ SVC_KIND_REQUEST, 0x0005, "", 0, "00 05 00 00 00 00 00" },
		{ SVC_KIND_REQUEST, 0x0001, "\x02\x00hi", 4,
		  "00 01 00 04 00 00 00 02 00 68 69" },
		{ SVC_KIND_RESPONSE, 0x0002, "\x03\x00" "bad", 5,
		  "01 02 00 05 00 00 00 03 00 62 61 64" },
		{ SVC_KIND_EVENT, 0x0001, "\x01\x00x", 3,
		  "02 01 00 03 00 00 00 01 00 78" },
		{ SVC_KIND_HANDSHAKE, 0xBEEF, "\xff", 1,
		  "03 EF BE 01 00 00 00 FF" },
	};
	uint8_t buf[64];
	size_t i, len;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		size_t plen = t[i].plen;
		struct svc_msg m;

		cr_assert_eq(svc_msg_encode(t[i].kind, t[i].type, t[i].payload,
					    plen, buf, sizeof(buf), &len),
			     0);
		cr_assert_str_eq(test_tohex(buf, len), test_norm(t[i].bytes));
		cr_assert_eq(svc_msg_decode(buf, len, &m), 0);
		cr_assert_eq(m.kind, t[i].kind);
		cr_assert_eq(m.type, t[i].type);
		cr_assert_eq(m.len, plen);
		cr_assert_eq(m.payload, buf + 7);
		cr_assert(!plen || !memcmp(m.payload, t[i].payload, plen));
	}
}

Test(proto, envelope_rejections)
{
	uint8_t buf[SVC_MSG_MAX + 8];
	struct svc_msg m;
	size_t n, i;

	/* P4: shorter than 7 bytes. */
	n = test_hex("00 01 00 00 00 00 00", buf);
	for (i = 0; i < n; i++)
		cr_assert_eq(svc_msg_decode(buf, i, &m), SVC_PROTO_ESHORT);
	cr_assert_eq(svc_msg_decode(NULL, 7, &m), SVC_PROTO_ESHORT);
	/* P4: unknown kind. */
	n = test_hex("04 01 00 00 00 00 00", buf);
	cr_assert_eq(svc_msg_decode(buf, n, &m), SVC_PROTO_EKIND);
	n = test_hex("FF 01 00 00 00 00 00", buf);
	cr_assert_eq(svc_msg_decode(buf, n, &m), SVC_PROTO_EKIND);
	/* P4: length differs from the bytes present (both ways). */
	n = test_hex("00 01 00 02 00 00 00 AA", buf);
	cr_assert_eq(svc_msg_decode(buf, n, &m), SVC_PROTO_ELENGTH);
	n = test_hex("00 01 00 00 00 00 00 AA", buf);
	cr_assert_eq(svc_msg_decode(buf, n, &m), SVC_PROTO_ELENGTH);
	n = test_hex("00 01 00 01 00 00 01 AA", buf);
	cr_assert_eq(svc_msg_decode(buf, n, &m), SVC_PROTO_ELENGTH);
	n = test_hex("00 01 00 FF FF FF FF", buf);
	cr_assert_eq(svc_msg_decode(buf, n, &m), SVC_PROTO_ELENGTH);
	cr_assert(svc_proto_is_protocol_error(SVC_PROTO_ELENGTH));
	/* Larger than a channel message. */
	memset(buf, 0, sizeof(buf));
	buf[3] = (SVC_MSG_MAX + 1 - 7) & 0xff;
	buf[4] = (SVC_MSG_MAX + 1 - 7) >> 8;
	cr_assert_eq(svc_msg_decode(buf, SVC_MSG_MAX + 1, &m), SVC_PROTO_E2BIG);
	buf[3] = (SVC_MSG_MAX - 7) & 0xff;
	buf[4] = (SVC_MSG_MAX - 7) >> 8;
	cr_assert_eq(svc_msg_decode(buf, SVC_MSG_MAX, &m), 0);
	cr_assert_eq(m.len, SVC_PAYLOAD_MAX);
}

Test(proto, envelope_encode_limits)
{
	static uint8_t payload[SVC_MSG_MAX], buf[SVC_MSG_MAX + 16];
	size_t len = 0;

	/* P11: at most 4096 bytes in all. */
	cr_assert_eq(svc_msg_encode(0, 1, payload, SVC_PAYLOAD_MAX, buf,
				    sizeof(buf), &len),
		     0);
	cr_assert_eq(len, SVC_MSG_MAX);
	cr_assert_eq(svc_msg_encode(0, 1, payload, SVC_PAYLOAD_MAX + 1, buf,
				    sizeof(buf), &len),
		     SVC_PROTO_E2BIG);
	cr_assert_eq(svc_msg_encode(0, 1, payload, 10, buf, 16, &len),
		     SVC_PROTO_ENOSPC);
	cr_assert_eq(svc_msg_encode(0, 1, payload, 10, NULL, 0, &len),
		     SVC_PROTO_ENOSPC);
	cr_assert_eq(svc_msg_encode(4, 1, payload, 1, buf, sizeof(buf), &len),
		     SVC_PROTO_EINVAL);
	cr_assert_eq(svc_msg_encode(0, 1, NULL, 1, buf, sizeof(buf), &len),
		     SVC_PROTO_EINVAL);
	cr_assert_eq(svc_msg_encode(0, 1, NULL, 0, buf, 7, NULL), 0);
	cr_assert_str_eq(test_tohex(buf, 7), "00 01 00 00 00 00 00");
}

/* ---------------------------------------------------------------- messages */

Test(proto, hello_bytes)
{
	uint8_t buf[SVC_MSG_MAX];
	size_t len;

	cr_assert_eq(svc_hello_encode(MGR, caps2, 2, buf, sizeof(buf), &len),
		     0);
	cr_assert_str_eq(test_tohex(buf, len),
			 test_norm("03 01 00 2E 00 00 00 " MGR_HEX " 02 00 "
			      "0B 00 72 75 6E 74 69 6D 65 2D 61 64 64 "
			      "0D 00 6C 6F 67 2D 73 74 72 65 61 6D 69 6E 67"));
	cr_assert_eq(svc_hello_encode(MGR, NULL, 0, buf, sizeof(buf), &len),
		     0);
	cr_assert_str_eq(test_tohex(buf, len),
			 test_norm("03 01 00 12 00 00 00 " MGR_HEX " 00 00"));
}

Test(proto, welcome_and_rejected_bytes)
{
	static const char *const one[] = { "log-streaming" };
	uint8_t buf[SVC_MSG_MAX];
	size_t len;

	cr_assert_eq(svc_welcome_encode(one, 1, buf, sizeof(buf), &len), 0);
	cr_assert_str_eq(test_tohex(buf, len),
			 test_norm("03 02 00 11 00 00 00 01 00 0D 00 6C 6F 67 2D 73 "
			      "74 72 65 61 6D 69 6E 67"));
	cr_assert_eq(svc_welcome_encode(NULL, 0, buf, sizeof(buf), &len), 0);
	cr_assert_str_eq(test_tohex(buf, len), "03 02 00 02 00 00 00 00 00");
	cr_assert_eq(svc_rejected_encode("protocol mismatch", buf, sizeof(buf),
					 &len),
		     0);
	cr_assert_str_eq(test_tohex(buf, len),
			 test_norm("03 03 00 13 00 00 00 11 00 70 72 6F 74 6F 63 6F "
			      "6C 20 6D 69 73 6D 61 74 63 68"));
}

Test(proto, encoder_refusals)
{
	static const char *const bad_utf8[] = { "ok", "\xff" };
	static const char *const with_null[] = { "ok", NULL };
	static char big[5000];
	const char *const bigv[] = { big };
	uint8_t buf[SVC_MSG_MAX];
	size_t len;

	cr_assert_eq(svc_hello_encode(MGR, bad_utf8, 2, buf, sizeof(buf), &len),
		     SVC_PROTO_EUTF8);
	cr_assert_eq(svc_hello_encode(MGR, with_null, 2, buf, sizeof(buf),
				      &len),
		     SVC_PROTO_EINVAL);
	cr_assert_eq(svc_hello_encode(MGR, NULL, 1, buf, sizeof(buf), &len),
		     SVC_PROTO_EINVAL);
	cr_assert_eq(svc_hello_encode(NULL, NULL, 0, buf, sizeof(buf), &len),
		     SVC_PROTO_EINVAL);
	memset(big, 'a', sizeof(big) - 1);
	cr_assert_eq(svc_welcome_encode(bigv, 1, buf, sizeof(buf), &len),
		     SVC_PROTO_E2BIG);
	cr_assert_eq(svc_rejected_encode(big, buf, sizeof(buf), &len),
		     SVC_PROTO_E2BIG);
	cr_assert_eq(svc_rejected_encode("\xc3", buf, sizeof(buf), &len),
		     SVC_PROTO_EUTF8);
	cr_assert_eq(svc_rejected_encode(NULL, buf, sizeof(buf), &len),
		     SVC_PROTO_EINVAL);
	cr_assert_eq(svc_hello_encode(MGR, caps2, 2, buf, 20, &len),
		     SVC_PROTO_ENOSPC);
	/* Exactly at the limit: 7 + 2 + 2 + 4085 = 4096. */
	big[SVC_PAYLOAD_MAX - 4] = '\0';
	cr_assert_eq(svc_welcome_encode(bigv, 1, buf, sizeof(buf), &len), 0);
	cr_assert_eq(len, SVC_MSG_MAX);
	big[SVC_PAYLOAD_MAX - 4] = 'a';
	big[SVC_PAYLOAD_MAX - 3] = '\0';
	cr_assert_eq(svc_welcome_encode(bigv, 1, buf, sizeof(buf), &len),
		     SVC_PROTO_E2BIG);
}

static int decode_hello(const char *h, uint8_t uuid[16],
			struct svc_strlist *caps)
{
	uint8_t buf[4096];
	struct svc_msg m;
	size_t n = test_hex(h, buf);
	int err = svc_msg_decode(buf, n, &m);

	cr_assert_eq(err, 0, "envelope of %s", h);
	return svc_hello_decode(A, &m, uuid, caps);
}

Test(proto, hello_decode)
{
	static const char *const none[] = { NULL };
	struct svc_strlist caps;
	uint8_t uuid[16];

	cr_assert_eq(decode_hello("03 01 00 2E 00 00 00 " MGR_HEX " 02 00 "
				  "0B 00 72 75 6E 74 69 6D 65 2D 61 64 64 "
				  "0D 00 6C 6F 67 2D 73 74 72 65 61 6D 69 6E 67",
				  uuid, &caps),
		     0);
	cr_assert_arr_eq(uuid, MGR, 16);
	list_is(&caps, caps2, 2);
	svc_strlist_free(A, &caps);
	cr_assert_null(caps.items);

	cr_assert_eq(decode_hello("03 01 00 12 00 00 00 " MGR_HEX " 00 00",
				  uuid, &caps),
		     0);
	list_is(&caps, none, 0);

	/* Strict payloads. */
	cr_assert_eq(decode_hello("03 01 00 13 00 00 00 " MGR_HEX " 00 00 00",
				  uuid, &caps),
		     SVC_PROTO_ETRAILING);
	cr_assert_eq(decode_hello("03 01 00 0F 00 00 00 4F 83 12 AE 20 51 42 "
				  "CF B9 FC C5 55 84 83 7A",
				  uuid, &caps),
		     SVC_PROTO_ETRUNCATED);
	cr_assert_eq(decode_hello("03 01 00 10 00 00 00 " MGR_HEX, uuid, &caps),
		     SVC_PROTO_ETRUNCATED);
	cr_assert_eq(decode_hello("03 01 00 11 00 00 00 " MGR_HEX " 01", uuid,
				  &caps),
		     SVC_PROTO_ETRUNCATED);
	cr_assert_eq(decode_hello("03 01 00 12 00 00 00 " MGR_HEX " 01 00",
				  uuid, &caps),
		     SVC_PROTO_ETRUNCATED);
	cr_assert_eq(decode_hello("03 01 00 16 00 00 00 " MGR_HEX
				  " 02 00 01 00 61 01",
				  uuid, &caps),
		     SVC_PROTO_ETRUNCATED);
	cr_assert_eq(decode_hello("03 01 00 16 00 00 00 " MGR_HEX
				  " 01 00 03 00 61 62",
				  uuid, &caps),
		     SVC_PROTO_ETRUNCATED);
	cr_assert_eq(decode_hello("03 01 00 15 00 00 00 " MGR_HEX
				  " 01 00 01 00 FF",
				  uuid, &caps),
		     SVC_PROTO_EUTF8);
	cr_assert_eq(decode_hello("03 01 00 18 00 00 00 " MGR_HEX
				  " 02 00 01 00 61 01 00 00",
				  uuid, &caps),
		     SVC_PROTO_EINVALID);
	cr_assert_eq(decode_hello("03 01 00 17 00 00 00 " MGR_HEX
				  " FF FF 01 00 61 00 00",
				  uuid, &caps),
		     SVC_PROTO_ETRUNCATED);
	/* Not a Hello. */
	cr_assert_eq(decode_hello("03 02 00 02 00 00 00 00 00", uuid, &caps),
		     SVC_PROTO_EINVALID);
	cr_assert_eq(decode_hello("00 01 00 12 00 00 00 " MGR_HEX " 00 00",
				  uuid, &caps),
		     SVC_PROTO_EINVALID);
	cr_assert_null(caps.items);
}

Test(proto, welcome_and_rejected_decode)
{
	static const char *const dup[] = { "a", "a" };
	struct svc_strlist caps;
	uint8_t buf[64];
	struct svc_msg m;
	const char *r;
	size_t n, rl;

	n = test_hex("03 02 00 08 00 00 00 02 00 01 00 61 01 00 61", buf);
	cr_assert_eq(svc_msg_decode(buf, n, &m), 0);
	/* The decoder itself does not judge duplicates. */
	cr_assert_eq(svc_welcome_decode(A, &m, &caps), 0);
	list_is(&caps, dup, 2);
	svc_strlist_free(A, &caps);
	cr_assert_eq(svc_rejected_decode(&m, &r, &rl), SVC_PROTO_EINVALID);

	n = test_hex("03 02 00 03 00 00 00 00 00 00", buf);
	cr_assert_eq(svc_msg_decode(buf, n, &m), 0);
	cr_assert_eq(svc_welcome_decode(A, &m, &caps), SVC_PROTO_ETRAILING);

	n = test_hex("03 03 00 04 00 00 00 02 00 68 69", buf);
	cr_assert_eq(svc_msg_decode(buf, n, &m), 0);
	cr_assert_eq(svc_rejected_decode(&m, &r, &rl), 0);
	cr_assert_eq(rl, 2);
	cr_assert_eq(memcmp(r, "hi", 2), 0);
	cr_assert_eq(svc_rejected_decode(&m, NULL, NULL), 0);
	cr_assert_eq(svc_welcome_decode(A, &m, &caps), SVC_PROTO_EINVALID);

	n = test_hex("03 03 00 05 00 00 00 02 00 68 69 00", buf);
	cr_assert_eq(svc_msg_decode(buf, n, &m), 0);
	cr_assert_eq(svc_rejected_decode(&m, &r, &rl), SVC_PROTO_ETRAILING);
	n = test_hex("03 03 00 03 00 00 00 02 00 68", buf);
	cr_assert_eq(svc_msg_decode(buf, n, &m), 0);
	cr_assert_eq(svc_rejected_decode(&m, &r, &rl), SVC_PROTO_ETRUNCATED);
	n = test_hex("03 03 00 03 00 00 00 01 00 C3", buf);
	cr_assert_eq(svc_msg_decode(buf, n, &m), 0);
	cr_assert_eq(svc_rejected_decode(&m, &r, &rl), SVC_PROTO_EUTF8);
}

/* ---------------------------------------------------------------- negotiation */

Test(proto, negotiate)
{
	static const char *const offered_v[] = { "z", "log-streaming", "x",
						 "runtime-add", "z",
						 "log-streaming" };
	static const char *const supported[] = { "runtime-add", "z",
						 "log-streaming", "q" };
	static const char *const want[] = { "z", "log-streaming",
					    "runtime-add" };
	struct svc_strlist offered = { (char **)offered_v, 6 }, agreed;

	cr_assert_eq(svc_caps_negotiate(A, &offered, supported, 4, &agreed), 0);
	list_is(&agreed, want, 3);
	svc_strlist_free(A, &agreed);

	cr_assert_eq(svc_caps_negotiate(A, &offered, NULL, 0, &agreed), 0);
	list_is(&agreed, want, 0);
	offered.n = 0;
	cr_assert_eq(svc_caps_negotiate(A, &offered, supported, 4, &agreed), 0);
	list_is(&agreed, want, 0);
}

/* ---------------------------------------------------------------- responder */

static int respond(const char *in_hex, const char *const *sup, size_t n_sup,
		   char *reply_hex, struct svc_strlist *agreed)
{
	uint8_t in[4096], out[SVC_MSG_MAX];
	size_t n = test_hex(in_hex, in), len = 0;
	int err = svc_handshake_respond(A, in, n, MGR, sup, n_sup, out,
					sizeof(out), &len, agreed);

	strcpy(reply_hex, err == 0 || err == SVC_PROTO_EREJECTED ?
				  test_tohex(out, len) : "");
	return err;
}

static const char *rejected_hex(const char *reason)
{
	static char out[512];
	uint8_t buf[256];
	size_t len;

	cr_assert_eq(svc_rejected_encode(reason, buf, sizeof(buf), &len), 0);
	strcpy(out, test_tohex(buf, len));
	return out;
}

Test(proto, respond_accepts_matching_uuid)
{
	static const char *const supported[] = { "log-streaming", "runtime-add",
						  "other" };
	struct svc_strlist agreed;
	char reply[16384];

	/* Offered runtime-add, log-streaming: agreed in offer order. */
	cr_assert_eq(respond("03 01 00 2E 00 00 00 " MGR_HEX " 02 00 "
			     "0B 00 72 75 6E 74 69 6D 65 2D 61 64 64 "
			     "0D 00 6C 6F 67 2D 73 74 72 65 61 6D 69 6E 67",
			     supported, 3, reply, &agreed),
		     0);
	list_is(&agreed, caps2, 2);
	cr_assert_str_eq(reply,
			 test_norm("03 02 00 1E 00 00 00 02 00 "
			      "0B 00 72 75 6E 74 69 6D 65 2D 61 64 64 "
			      "0D 00 6C 6F 67 2D 73 74 72 65 61 6D 69 6E 67"));
	svc_strlist_free(A, &agreed);

	/* Nothing supported: an empty Welcome. */
	cr_assert_eq(respond("03 01 00 2E 00 00 00 " MGR_HEX " 02 00 "
			     "0B 00 72 75 6E 74 69 6D 65 2D 61 64 64 "
			     "0D 00 6C 6F 67 2D 73 74 72 65 61 6D 69 6E 67",
			     NULL, 0, reply, &agreed),
		     0);
	cr_assert_eq(agreed.n, 0);
	cr_assert_str_eq(reply, "03 02 00 02 00 00 00 00 00");
}

Test(proto, respond_rejects)
{
	struct svc_strlist agreed;
	char reply[16384];

	/* UUID mismatch (last byte). */
	cr_assert_eq(respond("03 01 00 12 00 00 00 4F 83 12 AE 20 51 42 CF B9 "
			     "FC C5 55 84 83 7A 5D 00 00",
			     caps2, 2, reply, &agreed),
		     SVC_PROTO_EREJECTED);
	cr_assert_str_eq(reply, rejected_hex("protocol mismatch"));
	cr_assert_eq(agreed.n, 0);
	/* First message not a Hello: a request, a Welcome, an event. */
	cr_assert_eq(respond("00 05 00 00 00 00 00", caps2, 2, reply, &agreed),
		     SVC_PROTO_EREJECTED);
	cr_assert_str_eq(reply, rejected_hex("expected hello"));
	cr_assert_eq(respond("03 02 00 02 00 00 00 00 00", caps2, 2, reply,
			     &agreed),
		     SVC_PROTO_EREJECTED);
	cr_assert_str_eq(reply, rejected_hex("expected hello"));
	cr_assert_eq(respond("02 01 00 12 00 00 00 " MGR_HEX " 00 00", caps2,
			     2, reply, &agreed),
		     SVC_PROTO_EREJECTED);
	cr_assert_str_eq(reply, rejected_hex("expected hello"));
	/* A broken envelope is not a Hello either. */
	cr_assert_eq(respond("03 01 00 13 00 00 00 " MGR_HEX " 00 00", caps2,
			     2, reply, &agreed),
		     SVC_PROTO_EREJECTED);
	cr_assert_str_eq(reply, rejected_hex("expected hello"));
	cr_assert_eq(respond("03 01", caps2, 2, reply, &agreed),
		     SVC_PROTO_EREJECTED);
	cr_assert_str_eq(reply, rejected_hex("expected hello"));
	/* A Hello whose payload does not decode. */
	cr_assert_eq(respond("03 01 00 13 00 00 00 " MGR_HEX " 00 00 00",
			     caps2, 2, reply, &agreed),
		     SVC_PROTO_EREJECTED);
	cr_assert_str_eq(reply, rejected_hex("malformed hello"));
	cr_assert_eq(respond("03 01 00 05 00 00 00 01 02 03 04 05", caps2, 2,
			     reply, &agreed),
		     SVC_PROTO_EREJECTED);
	cr_assert_str_eq(reply, rejected_hex("malformed hello"));
}

Test(proto, respond_small_reply_buffer)
{
	uint8_t in[128], out[8];
	struct svc_strlist agreed;
	size_t n, len;

	n = test_hex("03 01 00 12 00 00 00 " MGR_HEX " 00 00", in);
	cr_assert_eq(svc_handshake_respond(A, in, n, MGR, NULL, 0, out,
					   sizeof(out), &len, &agreed),
		     SVC_PROTO_ENOSPC);
	n = test_hex("00 01 00 00 00 00 00", in);
	cr_assert_eq(svc_handshake_respond(A, in, n, MGR, NULL, 0, out,
					   sizeof(out), &len, &agreed),
		     SVC_PROTO_ENOSPC);
}

/* ---------------------------------------------------------------- initiator */

static int reply(const char *in_hex, const char *const *offered, size_t n,
		 struct svc_strlist *agreed, const char **r, size_t *rl)
{
	static uint8_t in[4096];
	size_t len = test_hex(in_hex, in);

	return svc_handshake_reply(A, in, len, offered, n, agreed, r, rl);
}

Test(proto, initiator_rules)
{
	static const char *const one[] = { "log-streaming" };
	struct svc_strlist agreed;
	const char *r = NULL;
	size_t rl = 0;

	cr_assert_eq(reply("03 02 00 11 00 00 00 01 00 0D 00 6C 6F 67 2D 73 "
			   "74 72 65 61 6D 69 6E 67",
			   caps2, 2, &agreed, &r, &rl),
		     0);
	list_is(&agreed, one, 1);
	svc_strlist_free(A, &agreed);
	cr_assert_eq(reply("03 02 00 02 00 00 00 00 00", caps2, 2, &agreed, &r,
			   &rl),
		     0);
	cr_assert_eq(agreed.n, 0);

	/* Rejected: the reason. */
	cr_assert_eq(reply("03 03 00 13 00 00 00 11 00 70 72 6F 74 6F 63 6F "
			   "6C 20 6D 69 73 6D 61 74 63 68",
			   caps2, 2, &agreed, &r, &rl),
		     SVC_PROTO_EREJECTED);
	cr_assert_eq(rl, 17);
	cr_assert_eq(memcmp(r, "protocol mismatch", 17), 0);

	/* A capability that was not offered, or agreed twice. */
	cr_assert_eq(reply("03 02 00 05 00 00 00 01 00 01 00 71", caps2, 2,
			   &agreed, &r, &rl),
		     SVC_PROTO_EINVALID);
	cr_assert_eq(reply("03 02 00 11 00 00 00 01 00 0D 00 6C 6F 67 2D 73 "
			   "74 72 65 61 6D 69 6E 67",
			   NULL, 0, &agreed, &r, &rl),
		     SVC_PROTO_EINVALID);
	cr_assert_eq(reply("03 02 00 20 00 00 00 02 00 0D 00 6C 6F 67 2D 73 "
			   "74 72 65 61 6D 69 6E 67 0D 00 6C 6F 67 2D 73 74 "
			   "72 65 61 6D 69 6E 67",
			   caps2, 2, &agreed, &r, &rl),
		     SVC_PROTO_EINVALID);
	cr_assert_null(agreed.items);

	/* Anything else is a protocol error. */
	cr_assert_eq(reply("03 01 00 12 00 00 00 " MGR_HEX " 00 00", caps2, 2,
			   &agreed, &r, &rl),
		     SVC_PROTO_EINVALID);
	cr_assert_eq(reply("01 01 00 02 00 00 00 00 00", caps2, 2, &agreed, &r,
			   &rl),
		     SVC_PROTO_EINVALID);
	cr_assert_eq(reply("03 04 00 00 00 00 00", caps2, 2, &agreed, &r, &rl),
		     SVC_PROTO_EINVALID);
	cr_assert_eq(reply("03 02 00 03 00 00 00 00 00", caps2, 2, &agreed, &r,
			   &rl),
		     SVC_PROTO_ELENGTH);
	cr_assert_eq(reply("05 02 00 00 00 00 00", caps2, 2, &agreed, &r, &rl),
		     SVC_PROTO_EKIND);
	cr_assert_eq(reply("03 02 00 03 00 00 00 00 00 00", caps2, 2, &agreed,
			   &r, &rl),
		     SVC_PROTO_ETRAILING);
	cr_assert_eq(reply("03 03 00 01 00 00 00 00", caps2, 2, &agreed, &r,
			   &rl),
		     SVC_PROTO_ETRUNCATED);
	cr_assert(svc_proto_is_protocol_error(SVC_PROTO_ETRAILING));
	cr_assert(svc_proto_is_protocol_error(SVC_PROTO_ESHORT));
	cr_assert(svc_proto_is_protocol_error(SVC_PROTO_EINVALID));
	cr_assert_not(svc_proto_is_protocol_error(SVC_PROTO_EREJECTED));
	cr_assert_not(svc_proto_is_protocol_error(SVC_PROTO_ENOMEM));
	cr_assert_not(svc_proto_is_protocol_error(0));
}

/* Initiator and responder talking through buffers. */
Test(proto, full_handshake)
{
	static const char *const client[] = { "runtime-add", "x-unknown",
					      "log-streaming" };
	static const char *const server[] = { "log-streaming",
					      "runtime-add" };
	static const char *const want[] = { "runtime-add", "log-streaming" };
	uint8_t hello[SVC_MSG_MAX], answer[SVC_MSG_MAX], other[16];
	struct svc_strlist srv, cli;
	size_t hl, al;

	cr_assert_eq(svc_hello_encode(MGR, client, 3, hello, sizeof(hello),
				      &hl),
		     0);
	cr_assert_eq(svc_handshake_respond(A, hello, hl, MGR, server, 2,
					   answer, sizeof(answer), &al, &srv),
		     0);
	cr_assert_eq(svc_handshake_reply(A, answer, al, client, 3, &cli, NULL,
					 NULL),
		     0);
	list_is(&srv, want, 2);
	list_is(&cli, want, 2);
	svc_strlist_free(A, &srv);
	svc_strlist_free(A, &cli);

	/* Another protocol. */
	memset(other, 0x11, sizeof(other));
	cr_assert_eq(svc_handshake_respond(A, hello, hl, other, server, 2,
					   answer, sizeof(answer), &al, &srv),
		     SVC_PROTO_EREJECTED);
	cr_assert_eq(svc_handshake_reply(A, answer, al, client, 3, &cli, NULL,
					 NULL),
		     SVC_PROTO_EREJECTED);
}

/* ---------------------------------------------------------------- UUIDs */

Test(proto, uuid_text)
{
	static const char text[] = "4f8312ae-2051-42cf-b9fc-c55584837a5c";
	uint8_t u[16];
	char out[SVC_UUID_TEXT];

	cr_assert_eq(svc_uuid_parse(text, 36, u), 0);
	cr_assert_arr_eq(u, MGR, 16);
	svc_uuid_format(u, out);
	cr_assert_str_eq(out, text);
	cr_assert_eq(svc_uuid_parse("4F8312AE-2051-42CF-B9FC-C55584837A5C", 36,
				    u),
		     0);
	cr_assert_arr_eq(u, MGR, 16);

	memset(u, 0xAA, 16);
	cr_assert_eq(svc_uuid_parse(text, 35, u), SVC_PROTO_EINVAL);
	cr_assert_eq(svc_uuid_parse("4f8312ae-2051-42cf-b9fc-c55584837a5", 36,
				    u),
		     SVC_PROTO_EINVAL);
	cr_assert_eq(svc_uuid_parse("4f8312ae02051-42cf-b9fc-c55584837a5c", 36,
				    u),
		     SVC_PROTO_EINVAL);
	cr_assert_eq(svc_uuid_parse("4f8312ag-2051-42cf-b9fc-c55584837a5c", 36,
				    u),
		     SVC_PROTO_EINVAL);
	cr_assert_eq(svc_uuid_parse("4f8312ae-2051-42cf-b9fc-c55584837a5cc",
				    37, u),
		     SVC_PROTO_EINVAL);
	cr_assert_eq(svc_uuid_parse("{f8312ae-2051-42cf-b9fc-c55584837a5c", 36,
				    u),
		     SVC_PROTO_EINVAL);
	cr_assert_eq(svc_uuid_parse(NULL, 36, u), SVC_PROTO_EINVAL);
	cr_assert_eq(u[0], 0xAA, "output untouched on error");
}

Test(proto, strerror)
{
	int e;

	for (e = 0; e >= SVC_PROTO_EINVAL; e--)
		cr_assert_str_neq(svc_proto_strerror(e), "unknown error");
	cr_assert_str_eq(svc_proto_strerror(-99), "unknown error");
}

/* ---------------------------------------------------------------- nomem */

Test(proto, nomem)
{
	static const char *const client[] = { "a", "b", "c", "d" };
	static const char *const server[] = { "d", "b" };
	uint8_t hello[SVC_MSG_MAX], answer[SVC_MSG_MAX];
	struct svc_strlist l;
	size_t hl, al;
	long total, i;

	cr_assert_eq(svc_hello_encode(MGR, client, 4, hello, sizeof(hello),
				      &hl),
		     0);
	cr_assert_eq(svc_handshake_respond(A, hello, hl, MGR, server, 2,
					   answer, sizeof(answer), &al, &l),
		     0);
	svc_strlist_free(A, &l);
	total = test_cnt.allocs;
	for (i = 1; i <= total; i++) {
		test_cnt.allocs = 0;
		test_cnt.fail_from = i;
		cr_assert_eq(svc_handshake_respond(A, hello, hl, MGR, server,
						   2, answer, sizeof(answer),
						   &al, &l),
			     SVC_PROTO_ENOMEM, "fail at %ld", i);
		cr_assert_eq(test_cnt.live, 0, "fail at %ld", i);
	}
	test_cnt.fail_from = 0;
	test_cnt.allocs = 0;
	cr_assert_eq(svc_handshake_respond(A, hello, hl, MGR, server, 2,
					   answer, sizeof(answer), &al, &l),
		     0);
	svc_strlist_free(A, &l);
	test_cnt.allocs = 0;
	cr_assert_eq(svc_handshake_reply(A, answer, al, client, 4, &l, NULL,
					 NULL),
		     0);
	svc_strlist_free(A, &l);
	total = test_cnt.allocs;
	for (i = 1; i <= total; i++) {
		test_cnt.allocs = 0;
		test_cnt.fail_from = i;
		cr_assert_eq(svc_handshake_reply(A, answer, al, client, 4, &l,
						 NULL, NULL),
			     SVC_PROTO_ENOMEM, "fail at %ld", i);
		cr_assert_eq(test_cnt.live, 0, "fail at %ld", i);
	}
}
