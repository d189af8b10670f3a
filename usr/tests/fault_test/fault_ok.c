// SPDX-License-Identifier: GPL-2.0
/* fault_test helper: a well-behaved program, after all the faults. */
#include <panda/panda.h>

int main(int argc, char **argv, char **envp)
{
	panda_handle_t h;
	char buf[8];

	if (panda_open("file:/initrd/hello.txt", 0, 0, &h) < 0 ||
	    panda_read(h, buf, sizeof(buf)) != sizeof(buf) ||
	    panda_close(h) != 0)
		return 1;
	panda_log("fault_ok: alive and well");
	return 0;
}
