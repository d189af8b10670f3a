// SPDX-License-Identifier: GPL-2.0
/*
 * The system call dispatcher (kernel.md 7, abi.md 1-3).  syscall_entry
 * (arch/x86/kernel/syscall_64.S) saves a struct pt_regs and calls
 * do_syscall() with interrupts enabled; the result goes back in RAX.
 */
#include <asm/cpu.h>
#include <asm/segment.h>
#include <panda/errno.h>
#include <panda/printk.h>
#include <panda/syscall.h>
#include <uapi/panda/syscall.h>

extern void syscall_entry(void);

void syscall_init(void)
{
	/* SYSRET loads CS = 0x23 + 16 = 0x33 and SS = 0x23 + 8 = 0x2b. */
	wrmsr(MSR_STAR, ((uint64_t)0x23 << 48) | ((uint64_t)GDT_KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	/*
	 * Mask IF, DF, TF and AC on entry (kernel.md 7.1), and NT: userspace
	 * can set it with popfq, the kernel's RFLAGS follow it through
	 * switch_to into the next task, and an iretq with NT set raises #GP
	 * (after swapgs: fatal).  sysretq restores the user's NT from R11.
	 */
	wrmsr(MSR_FMASK, 0x44700);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
}

static int64_t dispatch(const struct syscall_args *a)
{
	switch (a->op >> 16) {
	case 0x1:
	case 0x5:
		return sys_file(a);
	case 0x2:
		return sys_process(a);
	case 0x3:
	case 0x4:
		return sys_environment(a);
	case 0x6:
		return sys_surface(a);
	case 0x7:
		return sys_ipc(a);
	}
	return -ENOTSUP;
}

void do_syscall(struct pt_regs *regs)
{
	struct syscall_args a = {
		.handle = (uint32_t)regs->rdi,
		.op = (uint32_t)regs->rsi,
		.a0 = regs->rdx,
		.a1 = regs->r10,
		.a2 = regs->r8,
		.a3 = regs->r9,
	};
	int64_t ret;

	if (regs->rax != PANDA_SYSCALL_SEND)
		ret = -ENOTSUP;
	else
		ret = dispatch(&a);
	if (ret == -ENOTSUP)
		pr_debug("unsupported operation 0x%x on handle 0x%x", a.op,
			 a.handle);
	regs->rax = (uint64_t)ret;
}
