// SPDX-License-Identifier: GPL-2.0
/*
 * protocol_test: the service protocol framework over real channels
 * (services.md 4, 12.1).  init registers service:/echo and answers three
 * clients in turn with panda_pchan_handshake_respond():
 *   good      offers b, x, a, b: Welcome with b, a (offer order, no
 *             duplicates, only supported ones); then one call, answered
 *             after an event;
 *   mismatch  another protocol UUID: Rejected "protocol mismatch";
 *   raw       a request before any Hello: Rejected "expected hello".
 */
#include <panda/panda.h>
#include <string.h>
#include "proto.h"

static int fail(const char *what, long got)
{
	panda_logf("protocol_test: FAIL: %s (got %ld)", what, got);
	return 1;
}

/* The server end of the next connection the broker announces. */
static int next_connection(panda_handle_t broker, panda_handle_t *server)
{
	uint8_t msg[16];
	panda_handle_t h;
	uint32_t ev;
	size_t n;
	int err;

	for (;;) {
		err = panda_mailbox_recv(panda_mailbox_default(), &h, &ev);
		if (err)
			return err;
		if (h != broker)
			continue; /* events of earlier connections */
		err = panda_channel_try_recv(broker, msg, sizeof(msg), &n);
		if (err == -PANDA_ERR_WOULD_BLOCK)
			continue;
		if (err)
			return err;
		return panda_service_broker_decode(msg, n, server);
	}
}

static int serve(panda_handle_t broker, const char *mode)
{
	static const char *const supported[] = { "a", "b", "c" };
	static const char *const args[2] = { "proto_client" };
	const char *argv[2] = { args[0], mode };
	uint8_t buf[SVC_MSG_MAX];
	panda_handle_t server;
	panda_child child;
	panda_pchan c;
	panda_pmsg m;
	char **agreed;
	size_t n;
	int err, code;

	err = panda_child_spawn_args("file:/initrd/proto_client", argv, 2,
				     &child);
	if (err)
		return fail("spawn", err);
	err = next_connection(broker, &server);
	if (err)
		return fail("connection", err);
	c = panda_pchan_from_handle(server, &echo_protocol);
	err = panda_pchan_handshake_respond(&c, supported, 3, &agreed, &n);
	if (!strcmp(mode, "good")) {
		if (err || n != 2 || strcmp(agreed[0], "b") ||
		    strcmp(agreed[1], "a"))
			return fail("handshake of the good client", err);
		panda_caps_free(agreed, n);
		err = panda_pchan_recv(&c, buf, &m);
		if (err || m.kind != SVC_KIND_REQUEST || m.type != ECHO_PING ||
		    m.len != 4 || memcmp(m.payload, "ping", 4))
			return fail("request", err);
		err = panda_pchan_send(&c, SVC_KIND_EVENT, ECHO_NOTE, "note",
				       4);
		if (!err)
			err = panda_pchan_send(&c, SVC_KIND_RESPONSE, ECHO_PING,
					       "pong", 4);
		if (err)
			return fail("answer", err);
	} else if (err != -PANDA_ERR_PROTOCOL) {
		return fail("a bad first message was accepted", err);
	}
	panda_close(server);
	err = panda_child_wait(&child, &code);
	panda_child_release(&child);
	if (err || code)
		return fail("client exit code", code);
	/* Logged after the client's own lines (it has exited). */
	if (!strcmp(mode, "good"))
		panda_log(
			"protocol_test: good client welcomed with b, a and answered");
	else
		panda_logf("protocol_test: %s client rejected", mode);
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	panda_handle_t broker;
	int err;

	panda_log("protocol_test: starting");
	err = panda_service_register("echo", PANDA_HANDLE_MAILBOX,
				     PANDA_EVENT_CHANNEL_READABLE, &broker);
	if (err)
		return fail("register echo", err);
	if (serve(broker, "good") || serve(broker, "mismatch") ||
	    serve(broker, "raw"))
		return 1;
	panda_close(broker);
	panda_log("protocol_test: PASS");
	return 0;
}
