// SPDX-License-Identifier: GPL-2.0
/*
 * User processes (kernel.md 10): creation from an ELF image, exit and
 * teardown, wait, SIGKILL, the program break and demand paging.
 */
#include <asm/cpu.h>
#include <asm/percpu.h>
#include <asm/traps.h>
#include <lib/string.h>
#include <panda/buffer.h>
#include <panda/elf_load.h>
#include <panda/errno.h>
#include <panda/exec_cache.h>
#include <panda/ipc.h>
#include <panda/ktest.h>
#include <panda/printk.h>
#include <panda/process.h>
#include <panda/qemu.h>
#include <panda/sched.h>
#include <panda/service.h>
#include <panda/smp.h>
#include <panda/vfs.h>
#include <panda/vm.h>

static spinlock_t process_lock = SPINLOCK_INIT;
static uint64_t next_pid = 1;
static uint64_t process_count;
static int32_t init_exit_code;
static bool init_exited;
static bool all_gone;			/* the last process has exited */
static struct mem_stats baseline;	/* when init was started */

/* Frames in use outside the heap and the kernel's own page tables. */
static uint64_t frames_in_use(const struct mem_stats *st)
{
	return st->total_frames - st->free_frames - st->heap_pages -
	       st->table_frames;
}

void process_record_baseline(void)
{
	mem_stats(&baseline);
}

bool processes_all_gone(void)
{
	return READ_ONCE(all_gone);
}

struct process *current_process(void)
{
	struct task *t = current_task();

	return t ? t->proc : NULL;
}

uint64_t nr_processes(void)
{
	return process_count;
}

int32_t process_init_exit_code(void)
{
	return init_exit_code;
}

void process_activate(struct process *p)
{
	as_activate(p ? p->as : NULL);
}

bool process_kill_pending(struct process *p)
{
	return p && READ_ONCE(p->kill_pending);	/* kernel threads: never */
}

void process_info_attach_handle(struct process_info *info,
				struct event_source *src)
{
	uint64_t flags;

	spin_lock_irqsave(&info->lock, flags);
	info->exit_src = src;
	spin_unlock_irqrestore(&info->lock, flags);
}

void process_info_detach_handle(struct process_info *info,
				struct event_source *src)
{
	uint64_t flags;

	spin_lock_irqsave(&info->lock, flags);
	if (info->exit_src == src)
		info->exit_src = NULL;
	spin_unlock_irqrestore(&info->lock, flags);
}

void process_info_get(struct process_info *info)
{
	__atomic_add_fetch(&info->refcount, 1, __ATOMIC_ACQ_REL);
}

void process_info_put(struct process_info *info)
{
	if (__atomic_sub_fetch(&info->refcount, 1, __ATOMIC_ACQ_REL) == 0)
		kfree(info);
}

/* A process with its address space, handles and mailbox, not yet running. */
static struct process *process_create(const char *name,
				      const struct elf_image *img,
				      uint64_t *entry, int *err)
{
	struct process *p = kzalloc(sizeof(*p));
	struct process_info *info = kzalloc(sizeof(*info));
	struct resource *mailbox;
	int ret = -ENOMEM;

	if (!p || !info)
		goto fail;
	strlcpy(p->name, name, sizeof(p->name));
	handle_table_init(&p->handles);
	INIT_LIST_HEAD(&p->buffers);
	p->brk = PANDA_HEAP_BASE;
	p->as = as_create();
	if (!p->as)
		goto fail;
	ret = elf_load(p->as, img, entry);
	if (ret)
		goto fail;
	info->refcount = 1;		/* the process's own reference */
	info->proc = p;
	wait_queue_init(&info->waiters);
	p->info = info;
	/* Every process starts with its default mailbox (ipc.md 3.1). */
	ret = -ENOMEM;
	mailbox = mailbox_create();
	if (!mailbox)
		goto fail;
	ret = handle_install_at(&p->handles, PANDA_HANDLE_MAILBOX, mailbox);
	resource_put(mailbox);
	if (ret)
		goto fail;
	return p;
fail:
	if (p) {
		handle_table_release(&p->handles);
		if (p->as)
			as_destroy(p->as);
	}
	kfree(info);
	kfree(p);
	*err = ret;
	return NULL;
}

static void process_discard(struct process *p)
{
	handle_table_release(&p->handles);
	buffers_release_owner(p);
	as_destroy(p->as);
	process_info_put(p->info);
	kfree(p);
}

/* Gives the process its pid and task; it may run from here on. */
static int process_start(struct process *p, uint64_t entry)
{
	uint64_t flags;

	spin_lock_irqsave(&process_lock, flags);
	p->pid = p->info->pid = next_pid++;
	process_count++;
	spin_unlock_irqrestore(&process_lock, flags);
	p->task = task_create_user(p, entry, PANDA_INITIAL_RSP);
	if (!p->task) {
		spin_lock_irqsave(&process_lock, flags);
		process_count--;
		spin_unlock_irqrestore(&process_lock, flags);
		return -ENOMEM;
	}
	pr_debug("process %lu (%s) started, entry 0x%lx", p->pid, p->name,
		 entry);
	return 0;
}

struct process *process_spawn(const char *name, const void *elf, size_t size,
			      int *err)
{
	struct elf_image img;
	uint64_t entry;
	struct process *p;

	elf_image_mem(&img, elf, size);
	p = process_create(name, &img, &entry, err);
	if (!p)
		return NULL;
	*err = process_start(p, entry);
	if (*err) {
		process_discard(p);
		return NULL;
	}
	return p;
}

struct process *process_spawn_child(const char *name,
				    const struct elf_image *img,
				    struct resource *in, struct resource *out,
				    struct resource **handle_res, int *err)
{
	struct resource *parent_end, *child_end;
	struct handle_entry *mb;
	uint64_t entry;
	struct process *p = process_create(name, img, &entry, err);
	int ret;

	if (!p)
		return NULL;
	/*
	 * Redirected stdio goes in before process_start(): from there on the
	 * child may run, and even exit and be freed, on another CPU.
	 */
	ret = in ? handle_install_at(&p->handles, PANDA_HANDLE_STDIN, in) : 0;
	if (!ret && out)
		ret = handle_install_at(&p->handles, PANDA_HANDLE_STDOUT, out);
	if (ret)
		goto fail;
	ret = channel_create_for_spawn(p->info, &parent_end, &child_end);
	if (ret)
		goto fail;
	ret = handle_install_at(&p->handles, PANDA_HANDLE_PARENT, child_end);
	resource_put(child_end);
	if (ret) {
		resource_put(parent_end);
		goto fail;
	}
	/* Panda-C: the child's event loop hears its parent (ipc.md 2.6). */
	mb = handle_lookup(&p->handles, PANDA_HANDLE_MAILBOX);
	ret = event_source_attach(child_end->ops->events(child_end),
				  resource_mailbox(mb->res), PANDA_HANDLE_PARENT,
				  PANDA_EVENT_CHANNEL_READABLE |
				  PANDA_EVENT_CHANNEL_CLOSED);
	if (!ret)
		ret = process_start(p, entry);
	if (ret) {
		resource_put(parent_end);
		goto fail;
	}
	*handle_res = parent_end;
	return p;
fail:
	process_discard(p);
	*err = ret;
	return NULL;
}

extern __noreturn void task_exit_current(void);

/*
 * Before QEMU is left, file systems and the block cache are written out
 * and freed (kernel.md 9.3, fs.md 6.4).  The idle task cannot sleep, so
 * a kernel thread does it while the idle task schedules until it is
 * done; the thread is gone (and freed) when the memory check runs.
 */
static bool storage_done;

static void storage_shutdown(void *arg)
{
	vfs_shutdown();
	/* Counted before done: the halt waits until this task is freed. */
	sched_mark_exiting(current_task());
	WRITE_ONCE(storage_done, true);
	kthread_exit();
}

static void shutdown_storage(void)
{
	if (!kthread_create("halt-sync", storage_shutdown, NULL)) {
		pr_err("Cannot start the storage shutdown: disks not synced");
		return;
	}
	/* With several CPUs another one may run it: wait until it is gone. */
	while (!READ_ONCE(storage_done) || sched_tasks_exiting()) {
		local_irq_disable();
		schedule();	/* runs it until it sleeps or ends */
		if ((!READ_ONCE(storage_done) || sched_tasks_exiting()) &&
		    !this_cpu()->need_resched)
			__asm__ volatile("sti; hlt" : : : "memory");
	}
	local_irq_disable();
}

/*
 * Called by the idle task once the last process is gone (and its stack
 * freed): every frame and heap byte userspace caused must be back.
 */
__noreturn void system_halt(void)
{
	bool ok = !init_exited || init_exit_code == 0;
	struct mem_stats now;
	int64_t frames, bytes;

	pr_info("No processes remaining, halting");
#ifdef CONFIG_SMP
	if (num_online_cpus() > 1) {
		unsigned int i, used = 0;

		for (i = 0; i < num_online_cpus(); i++)
			used += cpu_struct(i)->user_runs != 0;
		pr_info("SMP: user tasks ran on %u of %u CPUs", used,
			num_online_cpus());
	}
#endif
	shutdown_storage();
	exec_cache_drop();
	mem_stats(&now);
	frames = (int64_t)frames_in_use(&now) - (int64_t)frames_in_use(&baseline);
	bytes = (int64_t)now.heap_bytes - (int64_t)baseline.heap_bytes;
	if (frames || bytes) {
		pr_err("Memory check: %ld frames and %ld heap bytes (%ld objects) not returned since init started",
		       frames, bytes,
		       (int64_t)now.heap_objects - (int64_t)baseline.heap_objects);
		if (IS_ENABLED(CONFIG_LEAK_CHECK_FATAL))
			ok = false;
	} else {
		pr_info("Memory check: ok, every frame and heap byte returned");
	}
	qemu_exit(ok ? QEMU_EXIT_SUCCESS : QEMU_EXIT_FAILURE);
	halt_forever();
}

__noreturn void process_exit(int code)
{
	struct process *p = current_process();
	struct process_info *info = p->info;
	struct task *t = current_task();
	uint64_t flags, left;

	pr_debug("Process %lu exiting with code %d", p->pid, code);
	sched_mark_exiting(t);	/* before anyone can see it exited */
	/* Handles first: closing a channel may wake other processes. */
	handle_table_release(&p->handles);
	buffers_release_owner(p);	/* any still shared lose their mapping */
	as_destroy(p->as);
	p->as = NULL;

	spin_lock_irqsave(&info->lock, flags);
	info->exit_code = code;
	info->exited = true;
	info->proc = NULL;
	/* After the handles closed: CHANNEL_CLOSED comes first (ipc.md 4.4). */
	if (info->exit_src)
		event_source_post(info->exit_src, PANDA_EVENT_PROCESS_EXITED);
	spin_unlock_irqrestore(&info->lock, flags);
	wake_up_all(&info->waiters);
	service_reap();		/* our registrations die with us */

	spin_lock_irqsave(&process_lock, flags);
	if (p->pid == 1) {
		init_exit_code = code;
		init_exited = true;
	}
	left = --process_count;
	spin_unlock_irqrestore(&process_lock, flags);

	process_info_put(info);
	t->proc = NULL;
	kfree(p);
	/*
	 * The boot CPU's idle task halts, once this task (counted exiting
	 * since the start of process_exit()) is off its CPU and freed.
	 */
	if (!left && !ktest_running())
		WRITE_ONCE(all_gone, true);
	task_exit_current();
}

int64_t process_wait(struct process_info *info)
{
	struct process *self = current_process();
	uint64_t flags;
	int64_t ret;

	wait_event(&info->waiters,
		   READ_ONCE(info->exited) || process_kill_pending(self));
	/*
	 * Read under the lock process_exit() sets them under: seeing
	 * exited from another CPU does not order the plain exit_code
	 * store before it, nor the load after it.
	 */
	spin_lock_irqsave(&info->lock, flags);
	/* Not exited: we are being killed. */
	ret = info->exited ? info->exit_code : -PANDA_ERR_IO;
	spin_unlock_irqrestore(&info->lock, flags);
	return ret;
}

int process_kill(struct process_info *info)
{
	struct process *target;
	uint64_t flags;

	spin_lock_irqsave(&info->lock, flags);
	target = info->exited ? NULL : info->proc;
	if (target) {
		target->kill_pending = true;
		/*
		 * A blocked target wakes, sees the kill, and exits on its
		 * way out; one running on another CPU is sent there.  Under
		 * the lock: the target cannot finish exiting meanwhile.
		 */
		if (target != current_process()) {
			wake_task(target->task);
			sched_kick_task(target->task);
		}
	}
	spin_unlock_irqrestore(&info->lock, flags);
	if (target && target == current_process())
		process_exit(-PANDA_SIGKILL);
	return 0;
}

bool handle_user_page_fault(uint64_t addr, uint64_t error_code)
{
	struct process *p = current_process();
	uint64_t page = addr & ~(PAGE_SIZE - 1);
	bool stack, heap;

	if (!p || (error_code & PF_PROT) || addr >= PANDA_USER_TOP)
		return false;
	stack = page >= PANDA_STACK_BASE && page < PANDA_STACK_TOP;
	heap = page >= PANDA_HEAP_BASE && addr < p->brk;
	if (!stack && !heap)
		return false;
	/* -EEXIST would mean another path mapped it: fine too. */
	return as_map_zero_page(p->as, page, PTE_WRITE | PTE_NX) != -ENOMEM;
}

__noreturn void kill_current_on_fault(struct pt_regs *regs)
{
	struct process *p = current_process();
	int code = EXIT_FAULT_SEGV;

	switch (regs->vector) {
	case X86_TRAP_UD:
		code = EXIT_FAULT_ILL;
		break;
	case X86_TRAP_DE:
	case X86_TRAP_MF:
	case X86_TRAP_XM:
		code = EXIT_FAULT_FPE;
		break;
	}
	if (regs->vector == X86_TRAP_PF)
		pr_err("Process %lu (%s) killed: page fault at 0x%lx (%s, %s), RIP 0x%lx, RSP 0x%lx, error 0x%lx",
		       p->pid, p->name, read_cr2(),
		       regs->error_code & PF_WRITE ? "write" :
		       regs->error_code & PF_INSTR ? "execute" : "read",
		       regs->error_code & PF_PROT ? "protection" : "not present",
		       regs->rip, regs->rsp, regs->error_code);
	else
		pr_err("Process %lu (%s) killed: %s exception, RIP 0x%lx, RSP 0x%lx, error 0x%lx",
		       p->pid, p->name, exception_name(regs->vector), regs->rip,
		       regs->rsp, regs->error_code);
	process_exit(code);
}

int64_t process_brk(uint64_t new_brk)
{
	struct process *p = current_process();
	uint64_t old = p->brk;

	if (!new_brk || new_brk < PANDA_HEAP_BASE || new_brk > PANDA_BUFFER_BASE)
		return p->brk;
	if (new_brk < old)	/* free whole pages at or above the new break */
		as_unmap_range(p->as, ALIGN_UP(new_brk, PAGE_SIZE),
			       ALIGN_UP(old, PAGE_SIZE));
	p->brk = new_brk;
	return p->brk;
}
