// SPDX-License-Identifier: GPL-2.0
/* start_kernel(): the order of bring-up (Documentation/boot.md). */
#include <asm/cpu.h>
#include <asm/percpu.h>
#include <asm/traps.h>
#include <lib/string.h>
#include <panda/bootinfo.h>
#include <panda/cmdline.h>
#include <panda/compositor.h>
#include <panda/console_input.h>
#include <panda/ktest.h>
#include <panda/mm.h>
#include <panda/printk.h>
#include <panda/time.h>
#include <panda/process.h>
#include <panda/sched.h>
#include <panda/smp.h>
#include <panda/syscall.h>
#include <panda/uaccess.h>
#include <panda/version.h>
#include <panda/vfs.h>
#ifdef CONFIG_ACPI
#include <panda/acpi.h>
#include <panda/pci.h>
#include <asm/apic.h>
#endif

static struct boot_info boot_info;

static void check_boot_info(const struct boot_info *bi)
{
	if (bi->magic != BOOT_INFO_MAGIC || bi->version != BOOT_INFO_VERSION ||
	    bi->size != sizeof(*bi))
		panic("boot info from the loader not understood (magic 0x%lx, version %u, size %u; expected version %u, size %zu)",
		      bi->magic, bi->version, bi->size, BOOT_INFO_VERSION,
		      sizeof(*bi));
}

static void apply_cmdline(void)
{
	char val[16];

	if (cmdline_value("loglevel", val, sizeof(val)) && val[0] >= '0' &&
	    val[0] <= '4' && !val[1])
		log_max_level = val[0] - '0';
}

/* The initramfs, mapped for the kernel's lifetime, at /initrd. */
static void mount_initramfs(void)
{
	void *archive = memremap(boot_info.initrd_phys, boot_info.initrd_size);
	int ret;

	if (!archive)
		panic("cannot map the initramfs");
	ret = tarfs_mount("/initrd", archive, boot_info.initrd_size);
	if (ret)
		panic("cannot mount the initramfs (%d)", ret);
}

static void start_init(void)
{
	struct process *init;
	size_t size;
	void *elf;
	int ret;

	process_record_baseline();
	ret = vfs_read_file("/initrd/init", &elf, &size);
	if (ret)
		panic("cannot boot: no /initrd/init (%d)", ret);
	init = process_spawn("init", elf, size, &ret);
	kfree(elf);
	if (!init)
		panic("cannot boot: /initrd/init did not load (%d)", ret);
}

__noreturn void start_kernel(struct boot_info *loader_bi);

__noreturn void start_kernel(struct boot_info *loader_bi)
{
	struct mem_stats st;

	console_init();
	cpu_init();
	idt_init();
	check_boot_info(loader_bi);
	/* Loader memory is reclaimed by mm_init(): keep a copy. */
	memcpy(&boot_info, loader_bi, sizeof(boot_info));
	cmdline_init(boot_info.cmdline);
	apply_cmdline();
	tsc_calibrate();

	pr_info("Panda %s (%s) booting, cmdline \"%s\"", PANDA_VERSION_STRING,
		CONFIG_BUILD_NAME, cmdline_get());
	pr_info("TSC: %lu kHz", tsc_khz());
	pr_info("Boot stage started %lu us before TSC calibration",
		(unsigned long)((tsc_to_ns(rdtsc() - boot_info.loader_tsc) -
				 uptime_ns()) / 1000));

	mm_init(&boot_info);
	cpu_init_stacks();
	idt_use_ist();
#ifdef CONFIG_ACPI
	/* Firmware tables, then the interrupt controllers and the tick. */
	acpi_init(boot_info.acpi_rsdp_phys);
	apic_init();
	console_input_init();
	/* PCI enumeration and driver binding (devices.md 3). */
	pci_init();
	/* The other CPUs: they idle serving IPIs (Documentation/smp.md). */
	smp_init();
#endif
	local_irq_enable();

	mem_stats(&st);
	pr_info("Memory: %lu frames (%lu MiB) total, %lu free; heap %lu pages",
		st.total_frames, (st.total_frames << PAGE_SHIFT) >> 20,
		st.free_frames, st.heap_pages);
	pr_info("Boot info: initrd at phys 0x%lx (%lu bytes), ACPI RSDP at 0x%lx",
		boot_info.initrd_phys, boot_info.initrd_size,
		boot_info.acpi_rsdp_phys);

	uaccess_init();
	syscall_init();
	sched_init();
	compositor_start();	/* needs the scheduler, nothing without a GPU */
	mount_initramfs();

	ktest_run_from_cmdline();

	start_init();
	pr_info("Panda OS %s: up in %lu ms", PANDA_VERSION_STRING,
		uptime_ns() / 1000000);
	sched_start();
}
