// SPDX-License-Identifier: GPL-2.0
/*
 * service_client NAME: opens service:/manager, sends NAME and expects
 * "welcome NAME" back on its own connection.
 */
#include <panda/panda.h>
#include <string.h>

int main(int argc, char **argv, char **envp)
{
	char buf[64], want[64];
	long h, n;

	if (argc != 2 || strlen(argv[1]) > 32)
		return 10;
	h = panda_sys_open("service:/manager", 16, 0, 0);
	if (h < 0 || PANDA_HANDLE_TAG(h) != PANDA_TAG_CHANNEL) {
		panda_logf("service_client %s: open failed (%ld)", argv[1], h);
		return 1;
	}
	if (panda_sys_channel_send(h, argv[1], strlen(argv[1])) != 0)
		return 2;
	n = panda_sys_channel_recv(h, buf, sizeof(buf));
	strcpy(want, "welcome ");
	strcat(want, argv[1]);
	if (n != (long)strlen(want) || memcmp(buf, want, n)) {
		panda_logf("service_client %s: bad reply (%ld)", argv[1], n);
		return 3;
	}
	panda_logf("service_client %s: got its welcome", argv[1]);
	return 0;
}
