// SPDX-License-Identifier: GPL-2.0
/*
 * bench_echo: the far end of bench's IPC round trips.  Every message that
 * arrives on the parent channel goes straight back; a one-byte message
 * ends the program.
 */
#include <panda/panda.h>

int main(int argc, char **argv, char **envp)
{
	static unsigned char buf[4096];
	long n;

	while ((n = panda_sys_channel_recv(PANDA_HANDLE_PARENT, buf,
					   sizeof(buf))) > 1)
		if (panda_sys_channel_send(PANDA_HANDLE_PARENT, buf,
					   (size_t)n) < 0)
			return 1;
	return 0;
}
