// SPDX-License-Identifier: GPL-2.0
/*
 * service_test: the service: broker (services.md 5).  init registers
 * "manager"; a child opens service:/manager and the two talk over the
 * brokered channel.  Also: name rules, duplicates, unknown names, the
 * listing, the *: probe, and the registration ending with its broker end.
 */
#include <panda/panda.h>
#include <string.h>

static int fail(const char *what, long got)
{
	panda_logf("service_test: FAIL: %s (got %ld)", what, got);
	return 1;
}

static bool listed(const char *uri, const char *name)
{
	struct panda_dirent de;
	long d = panda_sys_opendir(uri, strlen(uri));
	bool found = false;

	if (d < 0)
		return false;
	while (panda_sys_readdir(d, &de) == 1)
		if (de.name_len == strlen(name) &&
		    !memcmp(de.name, name, de.name_len))
			found = true;
	panda_sys_close(d);
	return found;
}

int main(int argc, char **argv, char **envp)
{
	const panda_handle_t mb = PANDA_HANDLE_MAILBOX;
	uint8_t msg[16];
	panda_child child;
	long broker, rec, n, server;
	int code;

	panda_log("service_test: starting");
	if ((n = panda_sys_service_register("Bad_Name", 8, mb,
					    PANDA_EVENT_CHANNEL_READABLE)) !=
	    -PANDA_ERR_INVALID_ARGUMENT)
		return fail("an invalid name was accepted", n);
	broker = panda_sys_service_register("manager", 7, mb,
					    PANDA_EVENT_CHANNEL_READABLE);
	if (broker < 0 || PANDA_HANDLE_TAG(broker) != PANDA_TAG_CHANNEL)
		return fail("register manager", broker);
	if ((n = panda_sys_service_register("manager", 7, mb,
					    PANDA_EVENT_CHANNEL_READABLE)) !=
	    -PANDA_ERR_ALREADY_EXISTS)
		return fail("a second registration of manager", n);
	if ((n = panda_sys_open("service:/nobody", 15, 0, 0)) !=
	    -PANDA_ERR_NOT_FOUND)
		return fail("open of an unregistered name", n);
	if (!listed("service:/", "manager"))
		return fail("service:/ does not list manager", 0);
	if (!listed("*:/manager", "service"))
		return fail("*:/manager does not list service", 0);
	/* The probe made no connection: nothing arrived on the broker. */
	if ((n = panda_sys_mailbox_poll(mb)) != 0)
		return fail("the *: probe made a connection", n);
	panda_log("service_test: manager registered");

	if (panda_child_spawn("file:/initrd/service_client", &child) < 0)
		return fail("spawn", 0);
	/* The broker announces the connection, then the client talks. */
	rec = panda_sys_mailbox_wait(mb);
	if ((uint32_t)(rec >> 32) != (uint32_t)broker)
		return fail("first event is not from the broker", rec);
	n = panda_sys_channel_recv(broker, msg, sizeof(msg));
	if (n != 10 || msg[0] != 1 || msg[1] != 0 || msg[2] != 4 || msg[3] ||
	    msg[4] || msg[5])
		return fail("broker message", n);
	server = msg[6] | msg[7] << 8 | msg[8] << 16 | (long)msg[9] << 24;
	if (PANDA_HANDLE_TAG(server) != PANDA_TAG_CHANNEL)
		return fail("server end handle", server);
	panda_log("service_test: connection announced by the broker");
	rec = panda_sys_mailbox_wait(mb);
	if ((uint32_t)(rec >> 32) != (uint32_t)server ||
	    !((uint32_t)rec & PANDA_EVENT_CHANNEL_READABLE))
		return fail("server end event", rec);
	n = panda_sys_channel_recv(server, msg, sizeof(msg));
	if (n != 5 || memcmp(msg, "hello", 5))
		return fail("request from the client", n);
	if ((n = panda_sys_channel_send(server, "welcome", 7)) != 0)
		return fail("reply", n);
	if (panda_child_wait(&child, &code) < 0 || code != 0)
		return fail("client exit code", code);
	panda_child_release(&child);
	panda_log("service_test: client and manager talked");

	/* Closing the broker end ends the registration. */
	panda_sys_close(server);
	panda_sys_close(broker);
	if ((n = panda_sys_open("service:/manager", 16, 0, 0)) !=
	    -PANDA_ERR_NOT_FOUND)
		return fail("open after the registration ended", n);
	if (listed("service:/", "manager"))
		return fail("manager still listed", 0);
	panda_log("service_test: registration ended with its broker end");
	panda_log("service_test: PASS");
	return 0;
}
