// SPDX-License-Identifier: GPL-2.0
/* libpanda's raw system call: abi.md 1.2 recommendation. */
#include <panda/sys.h>

long panda_send(uint32_t handle, uint32_t op, uint64_t a0, uint64_t a1,
		uint64_t a2, uint64_t a3)
{
	register uint64_t r10 __asm__("r10") = a1;
	register uint64_t r8 __asm__("r8") = a2;
	register uint64_t r9 __asm__("r9") = a3;
	uint64_t rax = PANDA_SYSCALL_SEND, rdi = handle, rsi = op, rdx = a0;

	__asm__ volatile("syscall"
			 : "+a"(rax), "+D"(rdi), "+S"(rsi), "+d"(rdx),
			   "+r"(r10), "+r"(r8), "+r"(r9)
			 :
			 : "rcx", "r11", "memory", "cc", "xmm0", "xmm1",
			   "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
			   "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13",
			   "xmm14", "xmm15");
	return (long)rax;
}

long panda_log(const char *msg, size_t len)
{
	return panda_send(PANDA_HANDLE_ENVIRONMENT, PANDA_OP_ENVIRONMENT_LOG,
			  (uint64_t)msg, len, 0, 0);
}

void panda_exit(int code)
{
	panda_send(PANDA_HANDLE_PROCESS, PANDA_OP_PROCESS_EXIT,
		   (uint64_t)(int64_t)code, 0, 0, 0);
	for (;;)
		;
}
