// SPDX-License-Identifier: GPL-2.0
/* proto_client good|mismatch|raw: protocol_test's client side. */
#include <panda/panda.h>
#include <string.h>
#include "proto.h"

static int events;

static void on_event(void *arg, const panda_pmsg *ev)
{
	if (ev->type == ECHO_NOTE && ev->len == 4 &&
	    !memcmp(ev->payload, "note", 4))
		events++;
}

static int fail(const char *what, long got)
{
	panda_logf("proto_client: FAIL: %s (got %ld)", what, got);
	return 1;
}

static int good(void)
{
	static const char *const offer[] = { "b", "x", "a", "b" };
	static uint8_t big[SVC_MSG_MAX];
	uint8_t buf[SVC_MSG_MAX];
	panda_service_client c;
	panda_pmsg r;
	int err;

	err = panda_service_connect(&echo_protocol, 0, 0, offer, 4, &c);
	if (err)
		return fail("connect", err);
	if (c.ncaps != 2 || strcmp(c.caps[0], "b") || strcmp(c.caps[1], "a"))
		return fail("agreed capabilities", (long)c.ncaps);
	/* P11: a message over 4096 bytes is refused before sending. */
	err = panda_pchan_send(&c.chan, SVC_KIND_REQUEST, ECHO_PING, big,
			       SVC_PAYLOAD_MAX + 1);
	if (err != -PANDA_ERR_MESSAGE_TOO_LARGE)
		return fail("oversized message", err);
	c.chan.on_event = on_event;
	err = panda_pchan_call(&c.chan, ECHO_PING, "ping", 4, buf, &r);
	if (err || r.kind != SVC_KIND_RESPONSE || r.type != ECHO_PING ||
	    r.len != 4 || memcmp(r.payload, "pong", 4))
		return fail("call", err);
	if (events != 1)
		return fail("events seen during the call", events);
	panda_service_client_close(&c);
	panda_log(
		"proto_client: welcome with b, a; call answered after one event");
	return 0;
}

static int mismatch(void)
{
	panda_protocol other = echo_protocol;
	panda_service_client c;
	int err;

	other.uuid[0] ^= 0xff;
	err = panda_service_connect(&other, 0, 0, NULL, 0, &c);
	if (err != -PANDA_ERR_PROTOCOL)
		return fail("connect with another UUID", err);
	return 0;
}

static int raw(void)
{
	uint8_t buf[SVC_MSG_MAX];
	const char *reason;
	panda_handle_t h;
	panda_pchan c;
	panda_pmsg m;
	struct svc_msg sm;
	size_t n;
	int err;

	err = panda_open("service:/echo", 0, 0, &h);
	if (err)
		return fail("open", err);
	c = panda_pchan_from_handle(h, &echo_protocol);
	err = panda_pchan_send(&c, SVC_KIND_REQUEST, ECHO_PING, "ping", 4);
	if (!err)
		err = panda_pchan_recv(&c, buf, &m);
	if (err || m.kind != SVC_KIND_HANDSHAKE || m.type != SVC_HS_REJECTED)
		return fail("answer to a request before hello", err);
	sm = (struct svc_msg){ m.kind, m.type, m.payload, m.len };
	if (svc_rejected_decode(&sm, &reason, &n) ||
	    n != strlen(SVC_REJECT_EXPECTED_HELLO) ||
	    memcmp(reason, SVC_REJECT_EXPECTED_HELLO, n))
		return fail("reason", (long)n);
	panda_logf("proto_client: rejected: %.*s", (int)n, reason);
	panda_close(h);
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	if (argc != 2)
		return 2;
	if (!strcmp(argv[1], "good"))
		return good();
	if (!strcmp(argv[1], "mismatch"))
		return mismatch();
	return raw();
}
