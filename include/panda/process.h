/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User processes (kernel.md 10): an address space, a handle table, one
 * task, and a process_info that outlives the process for as long as a
 * handle refers to it (exit code, waiters).
 */
#ifndef _PANDA_PROCESS_H
#define _PANDA_PROCESS_H

#include <panda/handle.h>
#include <panda/mm.h>
#include <panda/sched.h>
#include <uapi/panda/syscall.h>

struct address_space;

/* Shared by the process and every handle naming it. */
struct process_info {
	uint64_t pid;
	int refcount;			/* process + handles */
	bool exited;
	int32_t exit_code;
	struct wait_queue waiters;	/* OP_PROCESS_WAIT */
	struct process *proc;		/* NULL once exited */
	struct event_source *exit_src;	/* the process handle's, for EXITED */
	spinlock_t lock;
};

struct process {
	uint64_t pid;
	char name[32];
	struct address_space *as;
	struct handle_table handles;
	struct task *task;
	struct process_info *info;
	uint64_t brk;			/* program break */
	struct list_head buffers;	/* shared buffers, by address */
	bool kill_pending;		/* SIGKILL: exit on the way to user mode */
};

/* Exit code of a process killed by a fault (kernel.md 4.4). */
#define EXIT_FAULT_SEGV		(-11)
#define EXIT_FAULT_ILL		(-4)
#define EXIT_FAULT_FPE		(-8)

void process_record_baseline(void);
bool processes_all_gone(void);
__noreturn void system_halt(void);
/*
 * Creates a process from an ELF image in kernel memory.  Returns the new
 * process (runnable) or an ERR_PTR-style negative code through *err.
 */
struct process *process_spawn(const char *name, const void *elf, size_t size,
			      int *err);
/*
 * Spawn for a parent process, from an ELF image (in memory or an open
 * file, <panda/elf_load.h>): the child gets the channel end at
 * HANDLE_PARENT (attached to its default mailbox), and in and out (if not
 * NULL) at HANDLE_STDIN and HANDLE_STDOUT; *handle_res is the parent's
 * process handle resource (one reference).  The child may run on another
 * CPU as soon as this returns: the returned pointer is only good for a
 * NULL check.
 */
struct elf_image;
struct process *process_spawn_child(const char *name,
				    const struct elf_image *img,
				    struct resource *in, struct resource *out,
				    struct resource **handle_res, int *err);
__noreturn void process_exit(int code);
void process_activate(struct process *p);
bool process_kill_pending(struct process *p);
int process_kill(struct process_info *info);
struct process *current_process(void);
uint64_t nr_processes(void);
int32_t process_init_exit_code(void);

struct event_source;
void process_info_attach_handle(struct process_info *info,
				struct event_source *src);
void process_info_detach_handle(struct process_info *info,
				struct event_source *src);
void process_info_get(struct process_info *info);
void process_info_put(struct process_info *info);
int64_t process_wait(struct process_info *info);
int64_t process_brk(uint64_t new_brk);

/* User faults: demand paging, or the process dies (kernel.md 4.3-4.4). */
bool handle_user_page_fault(uint64_t addr, uint64_t error_code);
__noreturn void kill_current_on_fault(struct pt_regs *regs);

#endif
