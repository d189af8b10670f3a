// SPDX-License-Identifier: GPL-2.0
/*
 * fault_test helper: enter the kernel with RFLAGS.NT set and let it switch
 * to another task (yield), while a task preempted in user mode (the
 * spinner) waits to go back through iretq.  NT is meaningless in long mode
 * except that iretq with NT set faults, so it must not follow us into the
 * kernel.  Our own flags come back as they were (kernel.md 7.2).  Exit 0.
 */
#include <panda/panda.h>

#define X86_EFLAGS_NT	(1UL << 14)

int main(int argc, char **argv, char **envp)
{
	uint64_t before, after;
	int i;

	for (i = 0; i < 20; i++) {
		uint64_t rax = PANDA_SYSCALL_SEND, rdx = 0;
		uint64_t rdi = PANDA_HANDLE_PROCESS;
		uint64_t rsi = PANDA_OP_PROCESS_YIELD;

		__asm__ volatile("pushfq\n\t"
				 "orq %[nt], (%%rsp)\n\t"
				 "popfq\n\t"
				 "pushfq\n\t"
				 "popq %[before]\n\t"
				 "syscall\n\t"
				 "pushfq\n\t"
				 "popq %[after]\n\t"
				 "pushfq\n\t"
				 "andq %[clr], (%%rsp)\n\t"
				 "popfq"
				 : "+a"(rax), "+D"(rdi), "+S"(rsi), "+d"(rdx),
				   [before] "=&r"(before), [after] "=&r"(after)
				 : [nt] "i"(X86_EFLAGS_NT),
				   [clr] "i"(~X86_EFLAGS_NT)
				 : "rcx", "r11", "r8", "r9", "r10", "memory",
				   "cc");
		if (rax != 0 || !(before & X86_EFLAGS_NT) || after != before) {
			panda_logf("fault_nt_yield: yield returned %ld, flags %lx -> %lx",
				   (long)rax, before, after);
			return 1;
		}
	}
	panda_log("fault_nt_yield: 20 yields with NT set");
	return 0;
}
