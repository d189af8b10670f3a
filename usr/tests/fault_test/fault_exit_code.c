// SPDX-License-Identifier: GPL-2.0
/* fault_test helper: a plain negative exit code is passed on unchanged. */
#include <panda/panda.h>

int main(int argc, char **argv, char **envp)
{
	panda_sys_exit(-1234);
}
