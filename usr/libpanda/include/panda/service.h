/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The service protocol framework in libpanda (services.md 4.4): typed
 * channels carrying the envelope of <lib/svc_proto.h>, the Hello /
 * Welcome / Rejected handshake, request-response calls, and connecting
 * to a named service (service:/<name>).
 *
 *	panda_protocol echo = { .name = "echo" };	// uuid filled in
 *	panda_service_client c;
 *	err = panda_service_connect(&echo, 0, 0, caps, 1, &c);
 *	err = panda_pchan_call(&c.chan, SVC_MGR_REQ_LIST, NULL, 0, buf, &resp);
 *	panda_service_client_close(&c);
 *
 * Errors are -PANDA_ERR_*: a message the peer got wrong (P4, a bad
 * handshake, a Rejected) is -PANDA_ERR_PROTOCOL; a message that would not
 * fit one channel message is -PANDA_ERR_MESSAGE_TOO_LARGE; receive errors
 * (-PANDA_ERR_CHANNEL_CLOSED, -PANDA_ERR_WOULD_BLOCK) are passed on.
 * Capability lists returned here are malloc'd; free them with
 * panda_caps_free().
 */
#ifndef _PANDA_SERVICE_H
#define _PANDA_SERVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <lib/svc_proto.h>
#include <panda/sys.h>

typedef struct {
	uint8_t uuid[SVC_UUID_SIZE];
	const char *name; /* NULL: not a service (no discovery) */
} panda_protocol;

typedef struct panda_pmsg {
	uint8_t kind; /* SVC_KIND_* */
	uint16_t type;
	const uint8_t *payload; /* points into the receive buffer */
	uint32_t len;
} panda_pmsg;

/*
 * A protocol channel.  on_event (may be NULL: events dropped) gets the
 * events panda_pchan_call() meets while it waits for its response.
 */
typedef struct {
	panda_handle_t h;
	const panda_protocol *proto;
	void (*on_event)(void *arg, const panda_pmsg *ev);
	void *event_arg;
} panda_pchan;

panda_pchan panda_pchan_from_handle(panda_handle_t h, const panda_protocol *p);

/* Build the envelope and send it (blocking). */
int panda_pchan_send(panda_pchan *c, uint8_t kind, uint16_t type,
		     const void *payload, uint32_t len);
/* Receive and check one message (P4); out points into buf. */
int panda_pchan_recv(panda_pchan *c, uint8_t buf[SVC_MSG_MAX], panda_pmsg *out);
int panda_pchan_try_recv(panda_pchan *c, uint8_t buf[SVC_MSG_MAX],
			 panda_pmsg *out);

/*
 * Initiator (P12): send Hello offering caps[0..n), block for the answer.
 * Welcome: 0 and the agreed list (agreed may be NULL if not wanted).
 * Rejected: -PANDA_ERR_PROTOCOL, and the reason is logged.
 */
int panda_pchan_handshake_initiate(panda_pchan *c, const char *const *caps,
				   size_t n, char ***agreed, size_t *n_agreed);
/*
 * Responder (P8, P13): block for the first message and answer it.  A
 * first message that is no Hello for c->proto gets Rejected and the
 * result is -PANDA_ERR_PROTOCOL: close the channel then.
 */
int panda_pchan_handshake_respond(panda_pchan *c, const char *const *supported,
				  size_t n, char ***agreed, size_t *n_agreed);
/* The same for a first message already received (msg[0..len)). */
int panda_pchan_handshake_answer(panda_pchan *c, const void *msg, size_t len,
				 const char *const *supported, size_t n,
				 char ***agreed, size_t *n_agreed);

/*
 * Send a request and block for its response (P14): events met meanwhile
 * go to c->on_event, a handshake or request message is
 * -PANDA_ERR_PROTOCOL.  response points into buf.
 */
int panda_pchan_call(panda_pchan *c, uint16_t req_type, const void *p,
		     uint32_t len, uint8_t buf[SVC_MSG_MAX],
		     panda_pmsg *response);

void panda_caps_free(char **caps, size_t n);
bool panda_caps_has(char *const *caps, size_t n, const char *cap);

typedef struct {
	panda_pchan chan;
	char **caps; /* agreed */
	size_t ncaps;
} panda_service_client;

/*
 * Open service:/<p->name> (mailbox and mask attached at open; 0, 0 for
 * none) and perform the handshake (P15).  On failure the channel is
 * closed.  -PANDA_ERR_NOT_FOUND when nobody is registered.
 */
int panda_service_connect(const panda_protocol *p, panda_handle_t mailbox,
			  uint32_t mask, const char *const *caps, size_t n,
			  panda_service_client *out);
void panda_service_client_close(panda_service_client *c);

/*
 * Register as service:/<name> (services.md 5, B1): *broker receives one
 * 10-byte message per new connection, attached to mailbox with mask.
 */
int panda_service_register(const char *name, panda_handle_t mailbox,
			   uint32_t mask, panda_handle_t *broker);
/*
 * Decode one broker message (B3): the new connection's server-end handle.
 * -PANDA_ERR_PROTOCOL if msg is not a new-connection message.
 */
int panda_service_broker_decode(const void *msg, size_t len,
				panda_handle_t *server);

/* A libpanda error for an SVC_PROTO_E* code. */
int panda_svc_proto_errno(int err);

#endif /* _PANDA_SERVICE_H */
