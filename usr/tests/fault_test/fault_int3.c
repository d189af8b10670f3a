// SPDX-License-Identifier: GPL-2.0
/*
 * fault_test helper: int3 (and its two-byte form int $3) from user mode is
 * not a fault (kernel.md 4.4): the kernel logs it and we go on, with every
 * register as it was.  Exit 0.
 */
#include <panda/panda.h>

int main(int argc, char **argv, char **envp)
{
	uint64_t in = 0x0123456789abcdefULL, rbx_out, rdi_out;

	__asm__ volatile("movq %2, %%rbx\n\t"
			 "movq %2, %%rdi\n\t"
			 "int3\n\t"
			 "int $3\n\t"
			 "movq %%rbx, %0\n\t"
			 "movq %%rdi, %1"
			 : "=r"(rbx_out), "=r"(rdi_out)
			 : "r"(in)
			 : "rbx", "rdi", "memory");
	if (rbx_out != in || rdi_out != in) {
		panda_log("fault_int3: registers changed across int3");
		return 1;
	}
	panda_log("fault_int3: resumed after int3");
	return 0;
}
