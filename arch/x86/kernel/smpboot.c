// SPDX-License-Identifier: GPL-2.0
/*
 * Starting the application processors (Documentation/smp.md).
 *
 * The boot CPU copies trampoline.S into the low page mm_init() held back,
 * builds a temporary PML4 in the page after it (CR3 is loaded in 32-bit
 * mode, so it must sit below 4 GiB) that maps the trampoline 1:1 and
 * shares the kernel half, then starts the MADT's CPUs one at a time with
 * INIT, STARTUP, STARTUP.  Each AP arrives in ap_start() on its own kernel
 * stack, moves to the kernel's page tables, loads its GDT, TSS, the IDT,
 * the system call MSRs and its local APIC, reports in, starts its tick and
 * enters the scheduler's idle loop (kernel/sched.c), which runs tasks once
 * the boot CPU has started scheduling.
 */
#include <asm/apic.h>
#include <asm/cpu.h>
#include <asm/percpu.h>
#include <asm/pgtable.h>
#include <asm/smp.h>
#include <asm/traps.h>
#include <lib/string.h>
#include <panda/acpi.h>
#include <panda/errno.h>
#include <panda/mm.h>
#include <panda/printk.h>
#include <panda/sched.h>
#include <panda/smp.h>
#include <panda/syscall.h>
#include <panda/time.h>
#include <panda/timer.h>

#define INIT_DELAY_US		10000	/* INIT to STARTUP (SDM 8.4.4.1) */
#define SIPI_DELAY_US		200	/* between the two STARTUPs */
#define AP_TIMEOUT_MS		5000	/* generous: emulated CPUs are slow */
#define TABLE_FLAGS		(PTE_PRESENT | PTE_WRITE)

enum ap_state { AP_STARTING = 1, AP_ONLINE, AP_ABANDONED };

/* The one AP being started: the boot CPU starts them one at a time. */
static uint32_t ap_state;
static uint64_t kernel_cr3;

static void delay_us(uint64_t us)
{
	uint64_t end = uptime_ns() + us * 1000;

	while (uptime_ns() < end)
		cpu_relax();
}

/* The trampoline's jump target: on the AP, interrupts off. */
static __noreturn void ap_start(struct cpu *c)
{
	uint32_t starting = AP_STARTING;
	void *idle_top = (void *)c->kernel_rsp;

	write_cr3(kernel_cr3);	/* the temporary tables go away */
	cpu_load(c);
	idt_load();
	syscall_init();		/* ready for user tasks later */
	lapic_init_ap();
	/*
	 * Its idle task before it reports in: what a CPU allocates is
	 * allocated by the time the boot CPU goes on (the memory check's
	 * baseline comes later).
	 */
	if (sched_ap_prepare(idle_top))
		halt_forever();		/* not reported in: left out */
	/* A boot CPU that gave up on us may have reused the trampoline. */
	if (!__atomic_compare_exchange_n(&ap_state, &starting, AP_ONLINE, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		halt_forever();
	/* Its own tick preempts its tasks; then it runs the queue. */
	apic_timer_start_periodic();
	sched_ap_idle();
}

static void free_cpu_stacks(struct cpu *c, void *idle_top)
{
	int i;

	for (i = 0; i < IST_COUNT; i++)
		if (c->tss.ist[i])
			kstack_free((void *)c->tss.ist[i]);
	if (idle_top)
		kstack_free(idle_top);
}

/*
 * Starts the CPU with local APIC id apic_id as CPU id.  0, -ENOMEM (its
 * struct cpu or stacks) or -EIO (it did not report in; it is sent INIT
 * again and its memory is left to it, in case it is running after all).
 */
static int start_ap(unsigned int apic_id, unsigned int id,
		    struct trampoline_data *td, phys_addr_t tramp)
{
	phys_addr_t pa = alloc_frame();
	struct cpu *c;
	void *idle_top;
	uint64_t end;
	uint32_t starting = AP_STARTING;
	int i;

	_Static_assert(sizeof(struct cpu) <= PAGE_SIZE, "struct cpu");
	if (!pa)
		return -ENOMEM;
	c = phys_to_virt(pa);
	c->self = c;
	c->id = id;
	idle_top = kstack_alloc();
	for (i = 0; i < IST_COUNT && idle_top; i++) {
		c->tss.ist[i] = (uint64_t)kstack_alloc();
		if (!c->tss.ist[i])
			break;
	}
	if (!idle_top || i < IST_COUNT) {
		free_cpu_stacks(c, idle_top);
		free_frame(pa);
		return -ENOMEM;
	}
	c->tss.rsp[0] = c->kernel_rsp = (uint64_t)idle_top;

	td->stack = (uint64_t)idle_top;
	td->arg = (uint64_t)c;
	__atomic_store_n(&ap_state, AP_STARTING, __ATOMIC_SEQ_CST);

	if (!lapic_send_ipi(apic_id, APIC_DM_INIT | APIC_INT_ASSERT)) {
		/* Never reached it: nothing of this CPU's is in use. */
		free_cpu_stacks(c, idle_top);
		free_frame(pa);
		return -EIO;
	}
	delay_us(INIT_DELAY_US);
	lapic_send_ipi(apic_id, APIC_DM_STARTUP | (uint32_t)(tramp >> PAGE_SHIFT));
	delay_us(SIPI_DELAY_US);
	/* A CPU already running ignores the second one. */
	if (__atomic_load_n(&ap_state, __ATOMIC_ACQUIRE) == AP_STARTING)
		lapic_send_ipi(apic_id,
			       APIC_DM_STARTUP | (uint32_t)(tramp >> PAGE_SHIFT));

	end = uptime_ns() + AP_TIMEOUT_MS * 1000000ULL;
	while (__atomic_load_n(&ap_state, __ATOMIC_ACQUIRE) == AP_STARTING &&
	       uptime_ns() < end)
		cpu_relax();
	if (__atomic_compare_exchange_n(&ap_state, &starting, AP_ABANDONED,
					false, __ATOMIC_ACQ_REL,
					__ATOMIC_ACQUIRE)) {
		lapic_send_ipi(apic_id, APIC_DM_INIT | APIC_INT_ASSERT);
		return -EIO;
	}
	smp_cpu_online(c, apic_id);
	pr_debug("SMP: CPU %u online (local APIC id %u)", id, apic_id);
	return 0;
}

/*
 * The temporary PML4 at pml4 (physical pml4_pa): the kernel half of the
 * running one, and the trampoline page 1:1 through three new tables
 * (returned in tables[] for freeing).  The recursive slot is left out.
 */
static int build_temp_tables(uint64_t *pml4, phys_addr_t tramp,
			     phys_addr_t tables[3])
{
	const uint64_t *cur = pml4e_ptr(0);
	uint64_t *pdpt, *pd, *pt;
	unsigned int i;

	for (i = 0; i < 3; i++) {
		tables[i] = alloc_frame();
		if (!tables[i]) {
			while (i--)
				free_frame(tables[i]);
			return -ENOMEM;
		}
	}
	memset(pml4, 0, PAGE_SIZE);
	for (i = KERNEL_PML4_FIRST; i < 512; i++)
		if (i != RECURSIVE_INDEX)
			pml4[i] = cur[i];
	pdpt = phys_to_virt(tables[0]);
	pd = phys_to_virt(tables[1]);
	pt = phys_to_virt(tables[2]);
	pml4[(tramp >> 39) & 511] = tables[0] | TABLE_FLAGS;
	pdpt[(tramp >> 30) & 511] = tables[1] | TABLE_FLAGS;
	pd[(tramp >> 21) & 511] = tables[2] | TABLE_FLAGS;
	pt[(tramp >> 12) & 511] = tramp | TABLE_FLAGS;	/* executable */
	return 0;
}

static void start_aps(const struct acpi_madt_info *madt, phys_addr_t low)
{
	size_t size = trampoline_end - trampoline_start;
	unsigned int i, self = lapic_id();
	struct trampoline_data *td;
	phys_addr_t tables[3];
	uint64_t *pml4;
	void *tramp;
	int ret;

	BUG_ON(size > PAGE_SIZE);
	tramp = memremap(low, PAGE_SIZE);
	pml4 = memremap(low + PAGE_SIZE, PAGE_SIZE);
	if (!tramp || !pml4 || build_temp_tables(pml4, low, tables)) {
		pr_warn("SMP: out of memory for the start-up page tables: staying on one CPU");
		iounmap(tramp, PAGE_SIZE);
		iounmap(pml4, PAGE_SIZE);
		return;
	}
	memcpy(tramp, trampoline_start, size);
	td = (struct trampoline_data *)((char *)tramp +
					(trampoline_data - trampoline_start));
	td->cr3 = (uint32_t)(low + PAGE_SIZE);
	/* PCIDE cannot be set outside long mode; the BSP does not use it. */
	td->cr4 = (uint32_t)((read_cr4() & ~X86_CR4_PCIDE) | X86_CR4_PAE);
	td->cr0 = (uint32_t)read_cr0();
	td->efer = rdmsr(MSR_EFER) & ~EFER_LMA;
	td->entry = (uint64_t)ap_start;
	kernel_cr3 = read_cr3();

	for (i = 0; i < madt->nr_cpu_ids; i++) {
		unsigned int apic_id = madt->cpu_apic_ids[i];

		if (apic_id == self)
			continue;
		if (num_online_cpus() == NR_CPUS) {
			pr_warn("SMP: CONFIG_NR_CPUS is %u: the CPU with local APIC id %u and any after it stay stopped",
				NR_CPUS, apic_id);
			break;
		}
		ret = start_ap(apic_id, num_online_cpus(), td, low);
		if (ret == -EIO)
			pr_warn("SMP: the CPU with local APIC id %u did not start within %u ms: going on without it",
				apic_id, AP_TIMEOUT_MS);
		else if (ret)
			pr_warn("SMP: no memory to start the CPU with local APIC id %u (%d)",
				apic_id, ret);
	}

	/* Every AP that came up is on the kernel's own tables now. */
	for (i = 0; i < 3; i++)
		free_frame(tables[i]);
	iounmap(pml4, PAGE_SIZE);
	iounmap(tramp, PAGE_SIZE);
}

void smp_init(void)
{
	const struct acpi_madt_info *madt = acpi_madt();
	phys_addr_t low = low_frames_phys();
	uint64_t t0;

	BUG_ON(irqs_enabled());
	smp_ipi_init();
	if (madt->nr_cpu_ids <= 1) {
		pr_info("SMP: 1 CPU online (the MADT lists no other)");
		return;
	}
	if (!low) {
		pr_warn("SMP: no free page below 1 MiB for the start-up trampoline: staying on one CPU");
		return;
	}
	t0 = uptime_ns();
	start_aps(madt, low);
	pr_info("SMP: %u CPUs online (the MADT lists %u) in %lu ms, call-function IPI on vector 0x%x",
		num_online_cpus(), madt->nr_cpu_ids,
		(uptime_ns() - t0) / 1000000, CALL_FUNCTION_VECTOR);
}
