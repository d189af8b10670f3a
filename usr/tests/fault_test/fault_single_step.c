// SPDX-License-Identifier: GPL-2.0
/*
 * fault_test helper: set RFLAGS.TF, so the instruction after popfq (a
 * system call) ends in a single-step debug trap.  A #DB raised in user mode
 * is a CPU exception like any other (kernel.md 4.4): exit -11.  The trap
 * must never be taken in the kernel's syscall entry.
 */
#include <panda/panda.h>

#define X86_EFLAGS_TF	(1UL << 8)

int main(int argc, char **argv, char **envp)
{
	uint64_t rax = PANDA_SYSCALL_SEND, rdx = 0;
	uint64_t rdi = PANDA_HANDLE_PROCESS, rsi = PANDA_OP_PROCESS_GET_PID;

	__asm__ volatile("pushfq\n\t"
			 "orq %[tf], (%%rsp)\n\t"
			 "popfq\n\t"
			 "syscall\n\t"
			 "nop\n\t"
			 "nop\n\t"
			 "pushfq\n\t"
			 "andq %[clr], (%%rsp)\n\t"
			 "popfq"
			 : "+a"(rax), "+D"(rdi), "+S"(rsi), "+d"(rdx)
			 : [tf] "i"(X86_EFLAGS_TF), [clr] "i"(~X86_EFLAGS_TF)
			 : "rcx", "r11", "r8", "r9", "r10", "memory", "cc");
	panda_log("fault_single_step: ran on after the single-step trap");
	return 0;
}
