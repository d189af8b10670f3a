// SPDX-License-Identifier: GPL-2.0
/*
 * service_scheme_test: the service: broker (services.md 5).  init
 * registers "manager"; two children open service:/manager at the same
 * time and each talks to init over its own brokered channel.  Also: name
 * rules, duplicates, unknown names, the listing, the *: probe, and the
 * registration ending with its broker end.
 */
#include <panda/panda.h>
#include <string.h>

static int fail(const char *what, long got)
{
	panda_logf("service_scheme_test: FAIL: %s (got %ld)", what, got);
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

/* Serve the two clients: each connection answers "welcome <its name>". */
static int serve(long broker, panda_handle_t mb)
{
	panda_handle_t servers[2], h;
	uint8_t msg[64];
	char reply[80];
	size_t n_servers = 0, answered = 0, i;
	uint32_t ev;
	long rec, n, server;

	while (answered < 2) {
		rec = panda_sys_mailbox_wait(mb);
		if (rec < 0)
			return fail("mailbox wait", rec);
		panda_mailbox_unpack(rec, &h, &ev);
		if (h == (panda_handle_t)broker) {
			while ((n = panda_sys_channel_try_recv(
					broker, msg, sizeof(msg))) >= 0) {
				if (n != 10 || msg[0] != 1 || msg[1] ||
				    msg[2] != 4 || msg[3] || msg[4] || msg[5])
					return fail("broker message", n);
				server = msg[6] | msg[7] << 8 | msg[8] << 16 |
					 (long)msg[9] << 24;
				if (PANDA_HANDLE_TAG(server) !=
					    PANDA_TAG_CHANNEL ||
				    n_servers == 2)
					return fail("server end handle",
						    server);
				servers[n_servers++] = (panda_handle_t)server;
			}
			continue;
		}
		for (i = 0; i < n_servers && servers[i] != h; i++)
			;
		if (i == n_servers || !(ev & PANDA_EVENT_CHANNEL_READABLE))
			continue; /* a close after the answer */
		n = panda_sys_channel_try_recv(h, msg, sizeof(msg) - 1);
		if (n == -PANDA_ERR_WOULD_BLOCK)
			continue;
		if (n <= 0 || n > 32)
			return fail("request from a client", n);
		msg[n] = 0;
		strcpy(reply, "welcome ");
		strcat(reply, (char *)msg);
		if ((n = panda_sys_channel_send(h, reply, strlen(reply))) != 0)
			return fail("reply", n);
		answered++;
	}
	if (n_servers != 2 || servers[0] == servers[1])
		return fail("two distinct connections", n_servers);
	panda_log(
		"service_scheme_test: two connections announced, each answered on its own channel");
	for (i = 0; i < n_servers; i++)
		panda_sys_close(servers[i]);
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	static const char *const args_a[] = { "service_client", "alpha" };
	static const char *const args_b[] = { "service_client", "beta" };
	const panda_handle_t mb = PANDA_HANDLE_MAILBOX;
	panda_child a, b;
	long broker, n;
	int code;

	panda_log("service_scheme_test: starting");
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
	panda_log("service_scheme_test: manager registered");

	if (panda_child_spawn_args("file:/initrd/service_client", args_a, 2,
				   &a) < 0 ||
	    panda_child_spawn_args("file:/initrd/service_client", args_b, 2,
				   &b) < 0)
		return fail("spawn", 0);
	if (serve(broker, mb))
		return 1;
	if (panda_child_wait(&a, &code) < 0 || code != 0)
		return fail("client alpha exit code", code);
	if (panda_child_wait(&b, &code) < 0 || code != 0)
		return fail("client beta exit code", code);
	panda_child_release(&a);
	panda_child_release(&b);
	panda_log("service_scheme_test: both clients talked to the manager");

	/* Closing the broker end ends the registration. */
	panda_sys_close(broker);
	if ((n = panda_sys_open("service:/manager", 16, 0, 0)) !=
	    -PANDA_ERR_NOT_FOUND)
		return fail("open after the registration ended", n);
	if (listed("service:/", "manager"))
		return fail("manager still listed", 0);
	panda_log(
		"service_scheme_test: registration ended with its broker end");
	panda_log("service_scheme_test: PASS");
	return 0;
}
