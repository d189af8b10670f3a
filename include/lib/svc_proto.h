/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The service protocol framework's wire format (services.md 4.2-4.3):
 * the envelope every message on a protocol channel carries, and the
 * Hello / Welcome / Rejected handshake with capability negotiation.
 * Pure encoding, decoding and the responder's and initiator's rules;
 * channels and blocking are libpanda's (panda_pchan_*).
 *
 * Envelope (all integers little-endian), one channel message:
 *
 *	u8 kind | u16 type | u32 length | payload (exactly length bytes)
 *
 * kind: 0x00 request, 0x01 response, 0x02 event, 0x03 handshake.  A
 * whole message is at most SVC_MSG_MAX (4096) bytes.
 *
 * Handshake payloads (kind 0x03), with string = u16 length + UTF-8 and
 * string list = u16 count + strings:
 *
 *	Hello    0x0001  16 UUID bytes, string list of offered capabilities
 *	Welcome  0x0002  string list of agreed capabilities
 *	Rejected 0x0003  string reason
 *
 * Decoding is strict: a message shorter than 7 bytes, longer than 4096,
 * with an unknown kind or a length field that differs from the bytes
 * present is rejected (P4); payloads must be consumed exactly (no
 * trailing bytes), strings must be UTF-8 and capabilities must not
 * contain NUL bytes.  Every decoding failure is a protocol error
 * (svc_proto_is_protocol_error(); libpanda maps it to
 * PANDA_ERR_PROTOCOL).
 *
 * Decoded capability lists are NUL-terminated copies allocated from the
 * caller's struct panda_value_alloc, released with svc_strlist_free().
 * Decoders never read outside the buffer they are given.
 */
#ifndef _LIB_SVC_PROTO_H
#define _LIB_SVC_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <lib/value.h>

#define SVC_MSG_MAX		4096
#define SVC_ENVELOPE_SIZE	7
#define SVC_PAYLOAD_MAX		(SVC_MSG_MAX - SVC_ENVELOPE_SIZE)
#define SVC_UUID_SIZE		16
#define SVC_UUID_TEXT		37	/* 36 characters and a NUL */

enum svc_msg_kind {
	SVC_KIND_REQUEST = 0x00,
	SVC_KIND_RESPONSE = 0x01,
	SVC_KIND_EVENT = 0x02,
	SVC_KIND_HANDSHAKE = 0x03,
};

enum svc_handshake_type {
	SVC_HS_HELLO = 0x0001,
	SVC_HS_WELCOME = 0x0002,
	SVC_HS_REJECTED = 0x0003,
};

/* The responder's reasons (P8); the initiator only logs them. */
#define SVC_REJECT_EXPECTED_HELLO	"expected hello"
#define SVC_REJECT_PROTOCOL_MISMATCH	"protocol mismatch"
#define SVC_REJECT_MALFORMED_HELLO	"malformed hello"

/* Error codes (all negative). */
#define SVC_PROTO_ESHORT	(-1)	/* shorter than the 7-byte envelope */
#define SVC_PROTO_E2BIG		(-2)	/* over SVC_MSG_MAX bytes */
#define SVC_PROTO_EKIND		(-3)	/* unknown kind */
#define SVC_PROTO_ELENGTH	(-4)	/* length field != bytes present */
#define SVC_PROTO_ETRUNCATED	(-5)	/* payload ends inside a field */
#define SVC_PROTO_ETRAILING	(-6)	/* payload bytes left over */
#define SVC_PROTO_EUTF8		(-7)	/* a string is not UTF-8 */
#define SVC_PROTO_EINVALID	(-8)	/* bad content: NUL in a capability,
					 * duplicate or unoffered agreed
					 * capability, wrong message type */
#define SVC_PROTO_EREJECTED	(-9)	/* the peer sent Rejected */
#define SVC_PROTO_ENOMEM	(-10)	/* the allocator failed */
#define SVC_PROTO_ENOSPC	(-11)	/* output buffer too small */
#define SVC_PROTO_EINVAL	(-12)	/* bad arguments to an encoder */

const char *svc_proto_strerror(int err);

/* True for the codes that mean the peer broke the protocol. */
static inline bool svc_proto_is_protocol_error(int err)
{
	return err <= SVC_PROTO_ESHORT && err >= SVC_PROTO_EINVALID;
}

/* ------------------------------------------------------------ envelope */

/* A decoded envelope; payload points into the decoded buffer. */
struct svc_msg {
	uint8_t kind;
	uint16_t type;
	const uint8_t *payload;
	uint32_t len;
};

/*
 * Write the envelope and payload to buf.  Returns 0 and *out_len, or
 * SVC_PROTO_EINVAL (unknown kind), SVC_PROTO_E2BIG (the message would
 * exceed SVC_MSG_MAX; P11), SVC_PROTO_ENOSPC (cap too small).
 */
int svc_msg_encode(uint8_t kind, uint16_t type, const void *payload,
		   size_t len, void *buf, size_t cap, size_t *out_len);

/* Check and split one received message (P4). */
int svc_msg_decode(const void *buf, size_t len, struct svc_msg *out);

/* ------------------------------------------------------------ handshake */

struct svc_strlist {
	char **items;		/* NUL-terminated copies */
	size_t n;
};

void svc_strlist_free(const struct panda_value_alloc *a,
		      struct svc_strlist *l);

/*
 * Whole handshake messages (envelope included).  Capabilities and the
 * reason must be UTF-8 (SVC_PROTO_EUTF8), lists at most 65535 entries
 * and strings at most 65535 bytes (SVC_PROTO_E2BIG, also for a message
 * over SVC_MSG_MAX).
 */
int svc_hello_encode(const uint8_t uuid[SVC_UUID_SIZE],
		     const char *const *caps, size_t n, void *buf, size_t cap,
		     size_t *out_len);
int svc_welcome_encode(const char *const *caps, size_t n, void *buf,
		       size_t cap, size_t *out_len);
int svc_rejected_encode(const char *reason, void *buf, size_t cap,
			size_t *out_len);

/*
 * Payload decoders for a decoded envelope; SVC_PROTO_EINVALID if m is
 * not that handshake message.  The Rejected reason points into the
 * message (reason_len bytes of UTF-8, not NUL-terminated).
 */
int svc_hello_decode(const struct panda_value_alloc *a,
		     const struct svc_msg *m, uint8_t uuid[SVC_UUID_SIZE],
		     struct svc_strlist *caps);
int svc_welcome_decode(const struct panda_value_alloc *a,
		       const struct svc_msg *m, struct svc_strlist *caps);
int svc_rejected_decode(const struct svc_msg *m, const char **reason,
			size_t *reason_len);

/*
 * The agreed set (P8): the offered capabilities that are supported, in
 * the order offered, each once.
 */
int svc_caps_negotiate(const struct panda_value_alloc *a,
		       const struct svc_strlist *offered,
		       const char *const *supported, size_t n_supported,
		       struct svc_strlist *agreed);

/*
 * The responder's side (P8), given the first message of a connection:
 *  - a Hello for uuid: 0, Welcome written to reply, *agreed filled;
 *  - anything else: SVC_PROTO_EREJECTED, Rejected written to reply with
 *    "expected hello" (not a handshake Hello, including a malformed
 *    envelope), "malformed hello" (a Hello whose payload does not
 *    decode) or "protocol mismatch" (another UUID); the caller sends it
 *    and closes the connection;
 *  - SVC_PROTO_ENOMEM / SVC_PROTO_ENOSPC: nothing to send.
 * reply should hold SVC_MSG_MAX bytes (a Welcome is never larger than
 * the Hello it answers).
 */
int svc_handshake_respond(const struct panda_value_alloc *a, const void *msg,
			  size_t len, const uint8_t uuid[SVC_UUID_SIZE],
			  const char *const *supported, size_t n_supported,
			  void *reply, size_t cap, size_t *reply_len,
			  struct svc_strlist *agreed);

/*
 * The initiator's side (P12), given the reply to its Hello offering
 * offered[0..n_offered):
 *  - Welcome: 0 and *agreed; an agreed capability that was not offered,
 *    or one listed twice, is SVC_PROTO_EINVALID;
 *  - Rejected: SVC_PROTO_EREJECTED, *reason / *reason_len point into msg
 *    (either may be NULL);
 *  - anything else: a protocol error code (<= SVC_PROTO_ESHORT and >=
 *    SVC_PROTO_EINVALID), or SVC_PROTO_ENOMEM.
 */
int svc_handshake_reply(const struct panda_value_alloc *a, const void *msg,
			size_t len, const char *const *offered,
			size_t n_offered, struct svc_strlist *agreed,
			const char **reason, size_t *reason_len);

/* ------------------------------------------------------------ UUIDs */

/*
 * Parse the 36-character form 4f8312ae-2051-42cf-b9fc-c55584837a5c
 * (either case) of s[0..len) into the 16 bytes in text order.  Returns
 * 0 or SVC_PROTO_EINVAL.
 */
int svc_uuid_parse(const char *s, size_t len, uint8_t out[SVC_UUID_SIZE]);

/* Lowercase text form with a NUL (SVC_UUID_TEXT bytes). */
void svc_uuid_format(const uint8_t uuid[SVC_UUID_SIZE],
		     char out[SVC_UUID_TEXT]);

#endif /* _LIB_SVC_PROTO_H */
