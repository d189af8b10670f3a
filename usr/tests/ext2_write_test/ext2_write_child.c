// SPDX-License-Identifier: GPL-2.0
/* ext2_write_child: copied to the ext2 disk and run from there; exits 7. */
#include <panda/panda.h>

int main(int argc, char **argv, char **envp)
{
	panda_log("ext2_write_child: running from the ext2 disk");
	return 7;
}
