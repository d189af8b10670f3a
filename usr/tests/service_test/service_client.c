// SPDX-License-Identifier: GPL-2.0
/* service_client: opens service:/manager and exchanges one message. */
#include <panda/panda.h>
#include <string.h>

int main(int argc, char **argv, char **envp)
{
	char buf[16];
	long h = panda_sys_open("service:/manager", 16, 0, 0), n;

	if (h < 0 || PANDA_HANDLE_TAG(h) != PANDA_TAG_CHANNEL) {
		panda_logf("service_client: open failed (%ld)", h);
		return 1;
	}
	if (panda_sys_channel_send(h, "hello", 5) != 0)
		return 2;
	n = panda_sys_channel_recv(h, buf, sizeof(buf));
	if (n != 7 || memcmp(buf, "welcome", 7)) {
		panda_logf("service_client: bad reply (%ld)", n);
		return 3;
	}
	panda_log("service_client: got the manager's welcome");
	return 0;
}
