// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU setup: the GDT and TSS of kernel.md section 6, GS base, control
 * register bits (FPU/SSE for userspace, write protect, SMEP/SMAP when the CPU
 * has them).
 */
#include <asm/cpu.h>
#include <asm/percpu.h>
#include <lib/string.h>
#include <panda/mm.h>
#include <panda/printk.h>

static struct cpu boot_cpu;

#define SEG_P		(1ULL << 47)
#define SEG_S		(1ULL << 44)	/* code/data (not system) */
#define SEG_EXEC	(1ULL << 43)
#define SEG_RW		(1ULL << 41)
#define SEG_L		(1ULL << 53)	/* 64-bit code */
#define SEG_DPL3	(3ULL << 45)
#define SEG_TSS_AVAIL	(9ULL << 40)

static void load_gdt(struct cpu *c)
{
	struct {
		uint16_t limit;
		uint64_t base;
	} __packed gdtr = { sizeof(c->gdt) - 1, (uint64_t)c->gdt };

	__asm__ volatile("lgdt %0" : : "m"(gdtr));
	/* Reload CS with a far return, then the data segments and TR. */
	__asm__ volatile("pushq %0\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "movw %w1, %%ax\n\t"
			 "movw %%ax, %%ds\n\t"
			 "movw %%ax, %%es\n\t"
			 "movw %%ax, %%ss\n\t"
			 "xorl %%eax, %%eax\n\t"
			 "movw %%ax, %%fs\n\t"
			 "movw %%ax, %%gs\n\t"
			 "movw %w2, %%ax\n\t"
			 "ltr %%ax"
			 : : "i"(GDT_KERNEL_CS), "i"(GDT_KERNEL_DS),
			   "i"(GDT_TSS) : "rax", "memory");
}

static void setup_gdt(struct cpu *c)
{
	uint64_t tss = (uint64_t)&c->tss, limit = sizeof(c->tss) - 1;

	c->gdt[0] = 0;
	c->gdt[1] = SEG_P | SEG_S | SEG_EXEC | SEG_RW | SEG_L;	/* 0x08 */
	c->gdt[2] = SEG_P | SEG_S | SEG_RW;			/* 0x10 */
	c->gdt[3] = (limit & 0xffff) | ((tss & 0xffffff) << 16) |
		    SEG_TSS_AVAIL | SEG_P | ((limit >> 16) & 0xf) << 48 |
		    ((tss >> 24) & 0xff) << 56;			/* 0x18 */
	c->gdt[4] = tss >> 32;
	c->gdt[5] = SEG_P | SEG_S | SEG_RW | SEG_DPL3;		/* 0x28 */
	c->gdt[6] = SEG_P | SEG_S | SEG_EXEC | SEG_RW | SEG_L | SEG_DPL3;
	c->tss.iomap_base = sizeof(c->tss);	/* no I/O bitmap */
}

static void setup_control_registers(void)
{
	uint32_t a, b, c, d, max_leaf;
	uint64_t cr0 = read_cr0(), cr4 = read_cr4();

	cr0 = (cr0 & ~X86_CR0_EM) | X86_CR0_MP | X86_CR0_WP;
	cr4 |= X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;
	cpuid(0, 0, &max_leaf, &b, &c, &d);
	if (max_leaf >= 7) {
		cpuid(7, 0, &a, &b, &c, &d);
		if (b & (1u << 7))
			cr4 |= X86_CR4_SMEP;
		if (b & (1u << 20))
			cr4 |= X86_CR4_SMAP;
	}
	write_cr0(cr0);
	write_cr4(cr4);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE | EFER_SCE);
}

/* Makes c this CPU's: its GDT and TSS loaded, GS base pointing at it. */
void cpu_load(struct cpu *c)
{
	setup_gdt(c);
	load_gdt(c);
	wrmsr(MSR_GS_BASE, (uint64_t)c);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
}

/* Early: GDT, TSS and GS base, before the IDT and before mm. */
void cpu_init(void)
{
	struct cpu *c = &boot_cpu;

	memset(c, 0, sizeof(*c));
	c->self = c;
	cpu_load(c);
	setup_control_registers();
}

/* Once kernel stacks can be allocated: IST stacks with guard pages. */
void cpu_init_stacks(void)
{
	struct cpu *c = this_cpu();
	int i;

	for (i = 1; i <= IST_COUNT; i++) {
		void *top = kstack_alloc();

		if (!top)
			panic("cannot allocate IST stack %d", i);
		c->tss.ist[i - 1] = (uint64_t)top;
	}
}

/* Where the CPU lands on an interrupt or syscall from user mode. */
void cpu_set_kernel_stack(uint64_t top)
{
	struct cpu *c = this_cpu();

	c->tss.rsp[0] = top;
	c->kernel_rsp = top;
}
