// SPDX-License-Identifier: GPL-2.0
/* Panic reports, register dumps and symbolised backtraces. */
#include <asm/cpu.h>
#include <asm/io.h>
#include <asm/ptrace.h>
#include <asm/traps.h>
#include <lib/format.h>
#include <panda/ktest.h>
#include <panda/layout.h>
#include <panda/panic.h>
#include <panda/printk.h>
#include <panda/qemu.h>

extern const uint64_t kallsyms_count __attribute__((weak));
extern const uint64_t kallsyms_addrs[] __attribute__((weak));
extern const uint32_t kallsyms_names[] __attribute__((weak));
extern const char kallsyms_strings[] __attribute__((weak));
extern const char _text[], _etext[];

static int panicking;

#ifdef CONFIG_PANIC_EXIT_QEMU
static const bool panic_exits_qemu = true;
#else
static const bool panic_exits_qemu = false;
#endif

void qemu_exit(unsigned int code)
{
	outl(0xf4, code);
}

__noinline void panic_breakpoint_hook(void)
{
	barrier();
}

const char *symbol_lookup(uint64_t addr, uint64_t *offset)
{
	uint64_t lo = 0, hi;

	if (!&kallsyms_count || !kallsyms_count)
		return NULL;
	if (addr < (uint64_t)_text || addr >= (uint64_t)_etext)
		return NULL;
	hi = kallsyms_count;
	if (addr < kallsyms_addrs[0])
		return NULL;
	while (hi - lo > 1) {	/* last entry with address <= addr */
		uint64_t mid = lo + (hi - lo) / 2;

		if (kallsyms_addrs[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	*offset = addr - kallsyms_addrs[lo];
	return kallsyms_strings + kallsyms_names[lo];
}

static void print_address(const char *prefix, uint64_t addr)
{
	uint64_t off;
	const char *name = symbol_lookup(addr, &off);

	if (name)
		console_printf("%s0x%016lx %s+0x%lx\n", prefix, addr, name, off);
	else
		console_printf("%s0x%016lx\n", prefix, addr);
}

/* Walks saved RBP links; stops at anything outside the kernel half. */
void dump_backtrace(uint64_t rbp)
{
	int depth;

	for (depth = 0; depth < 32; depth++) {
		uint64_t *frame = (uint64_t *)rbp;

		if (rbp < KERNEL_HEAP_BASE || rbp & 7)
			break;
		if (!frame[1])
			break;
		print_address("  ", frame[1]);
		if (frame[0] <= rbp)
			break;
		rbp = frame[0];
	}
}

/*
 * Code addresses on the stack below the first frame record: functions
 * that faulted before (or without) setting up a frame, like leaves.  Marked
 * "?" because a stale value can look the same.
 */
static void dump_stack_guesses(uint64_t rsp, uint64_t rbp)
{
	uint64_t *p;
	uint64_t off;

	if (rsp < KERNEL_HEAP_BASE || rsp & 7 || rbp <= rsp ||
	    rbp - rsp > 512)
		return;
	for (p = (uint64_t *)rsp; p < (uint64_t *)rbp; p++)
		if (symbol_lookup(*p, &off))
			print_address("  ? ", *p);
}

static void dump_regs(const struct pt_regs *r)
{
	console_printf("Exception %lu (%s), error code 0x%lx, %s mode\n",
		       r->vector, exception_name(r->vector), r->error_code,
		       user_mode(r) ? "user" : "kernel");
	if (r->vector == X86_TRAP_PF)
		console_printf("Page fault at 0x%016lx: %s, %s, %s%s\n",
			       read_cr2(),
			       r->error_code & PF_WRITE ? "write" : "read",
			       r->error_code & PF_PROT ? "protection violation"
						       : "page not present",
			       r->error_code & PF_USER ? "user" : "kernel",
			       r->error_code & PF_INSTR ? ", instruction fetch"
							: "");
	print_address("RIP: ", r->rip);
	console_printf("CS: 0x%04lx RFLAGS: 0x%08lx RSP: 0x%016lx SS: 0x%04lx\n",
		       r->cs, r->rflags, r->rsp, r->ss);
	console_printf("RAX: %016lx RBX: %016lx RCX: %016lx\n",
		       r->rax, r->rbx, r->rcx);
	console_printf("RDX: %016lx RSI: %016lx RDI: %016lx\n",
		       r->rdx, r->rsi, r->rdi);
	console_printf("RBP: %016lx R8:  %016lx R9:  %016lx\n",
		       r->rbp, r->r8, r->r9);
	console_printf("R10: %016lx R11: %016lx R12: %016lx\n",
		       r->r10, r->r11, r->r12);
	console_printf("R13: %016lx R14: %016lx R15: %016lx\n",
		       r->r13, r->r14, r->r15);
	console_printf("CR0: %016lx CR2: %016lx CR3: %016lx CR4: %016lx\n",
		       read_cr0(), read_cr2(), read_cr3(), read_cr4());
}

static __noreturn void vpanic(const struct pt_regs *regs, const char *file,
			      int line, const char *fmt, va_list ap)
{
	char msg[256];
	uint64_t rbp;

	/*
	 * Interrupts off keeps only this CPU's interrupts out: another CPU
	 * may panic at the same time, so the claim is atomic.  The loser
	 * (or a panic inside the panic report) just stops.
	 */
	local_irq_disable();
	if (__atomic_fetch_add(&panicking, 1, __ATOMIC_SEQ_CST))
		halt_forever();
	vsnprintf(msg, sizeof(msg), fmt, ap);

	if (ktest_running())
		console_printf("[failed]\n\nError: %s:%d: %s\n", file, line, msg);
	log_record(LOG_ERROR, file, line, "PANIC at [%s:%d]:\n%s", file, line,
		   msg);
	if (regs) {
		dump_regs(regs);
		rbp = regs->rbp;
		if (!user_mode(regs)) {
			console_printf("Backtrace:\n");
			print_address("  ", regs->rip);
			dump_stack_guesses(regs->rsp, regs->rbp);
		}
	} else {
		__asm__ volatile("movq %%rbp, %0" : "=r"(rbp));
		console_printf("Backtrace:\n");
	}
	dump_backtrace(rbp);
	panic_breakpoint_hook();
	if (ktest_running() || panic_exits_qemu)
		qemu_exit(QEMU_EXIT_FAILURE);
	halt_forever();
}

__noreturn void panic_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpanic(NULL, file, line, fmt, ap);
}

__noreturn void panic_regs(const struct pt_regs *regs, const char *file,
			   int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vpanic(regs, file, line, fmt, ap);
}
