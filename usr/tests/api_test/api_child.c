// SPDX-License-Identifier: GPL-2.0
/*
 * api_child: api_test's child.  panda_parent_handle() must name an
 * existing channel (the parent's) without anything being sent on it.
 * Exits 0, or 1 with a log line.
 */
#include <panda/panda.h>

int main(int argc, char **argv, char **envp)
{
	panda_handle_t h = panda_parent_handle();
	char buf[8];
	long r;

	if (h != PANDA_HANDLE_PARENT || !panda_handle_is(h, PANDA_HT_CHANNEL)) {
		panda_logf("api_child: FAIL: parent handle 0x%x", h);
		return 1;
	}
	if (!panda_handle_exists(h)) {
		panda_log("api_child: FAIL: no parent channel");
		return 1;
	}
	/* The startup message was consumed by the runtime; nothing else. */
	r = panda_sys_channel_try_recv(h, buf, sizeof(buf));
	if (r != -PANDA_ERR_WOULD_BLOCK) {
		panda_logf("api_child: FAIL: parent channel receive gave %ld",
			   r);
		return 1;
	}
	panda_log("api_child: parent channel present");
	return 0;
}
