// SPDX-License-Identifier: GPL-2.0
/*
 * state_spinner: runs beside state_test and never yields.  Its loop keeps
 * garbage in rcx, rdx, rsi, rdi, r8-r11, rbx, r12-r15 and xmm0-xmm15 and
 * runs with the direction flag set, so a kernel that mixes up saved
 * state between processes shows it in state_test's checks.  state_test
 * kills it (signal 9) when done; as a safety it exits with code 3 after
 * 30 s.
 */
#include <panda/panda.h>

static void scribble(uint64_t garbage, uint64_t iters)
{
	__asm__ volatile("std\n"
			 "1:	movq %%rax, %%xmm0\n"
			 "	movq %%rax, %%xmm1\n"
			 "	movq %%rax, %%xmm2\n"
			 "	movq %%rax, %%xmm3\n"
			 "	movq %%rax, %%xmm4\n"
			 "	movq %%rax, %%xmm5\n"
			 "	movq %%rax, %%xmm6\n"
			 "	movq %%rax, %%xmm7\n"
			 "	punpcklqdq %%xmm0, %%xmm8\n"
			 "	punpcklqdq %%xmm1, %%xmm9\n"
			 "	movdqa %%xmm8, %%xmm10\n"
			 "	movdqa %%xmm9, %%xmm11\n"
			 "	movdqa %%xmm8, %%xmm12\n"
			 "	movdqa %%xmm9, %%xmm13\n"
			 "	movdqa %%xmm8, %%xmm14\n"
			 "	movdqa %%xmm9, %%xmm15\n"
			 "	mov %%rax, %%rdx\n"
			 "	mov %%rax, %%rsi\n"
			 "	mov %%rax, %%rdi\n"
			 "	mov %%rax, %%r8\n"
			 "	mov %%rax, %%r9\n"
			 "	mov %%rax, %%r10\n"
			 "	mov %%rax, %%r11\n"
			 "	mov %%rax, %%rbx\n"
			 "	mov %%rax, %%r12\n"
			 "	mov %%rax, %%r13\n"
			 "	mov %%rax, %%r14\n"
			 "	mov %%rax, %%r15\n"
			 "	rol $7, %%rax\n"
			 "	dec %%rcx\n"
			 "	jnz 1b\n"
			 "	cld\n"
			 : "+a"(garbage), "+c"(iters)
			 :
			 : "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11",
			   "rbx", "r12", "r13", "r14", "r15", "xmm0", "xmm1",
			   "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7",
			   "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13",
			   "xmm14", "xmm15", "memory", "cc");
}

int main(int argc, char **argv, char **envp)
{
	uint64_t t0 = panda_time_ms();
	uint64_t g = 0xffff8000deadbeefull;	/* kernel-looking garbage */

	while (panda_time_ms() - t0 < 30000) {
		scribble(g, 200000);
		g = g * 6364136223846793005ull + 1;
	}
	panda_log("state_spinner: not killed within 30 s");
	return 3;
}
