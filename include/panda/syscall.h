/* SPDX-License-Identifier: GPL-2.0 */
/*
 * System call dispatch.  Each operation family has its own file
 * (kernel/sys_*.c); the dispatcher in kernel/syscall.c maps operation codes
 * to them.  Documentation/syscalls.md says how to add one.
 */
#ifndef _PANDA_SYSCALL_H
#define _PANDA_SYSCALL_H

#include <asm/ptrace.h>
#include <panda/compiler.h>

struct resource;

struct syscall_args {
	uint32_t handle;
	uint32_t op;
	uint64_t a0, a1, a2, a3;
};

void do_syscall(struct pt_regs *regs);
void syscall_init(void);

int64_t sys_file(const struct syscall_args *a);
int64_t sys_process(const struct syscall_args *a);
int64_t sys_environment(const struct syscall_args *a);
int64_t sys_ipc(const struct syscall_args *a);
int64_t sys_surface(const struct syscall_args *a);
/* kernel/sys_fs.c: mount and the write operations of fs.md 11. */
struct handle_entry;
int64_t sys_env_fs(const struct syscall_args *a);
int64_t sys_file_fs(struct handle_entry *h, uint32_t op, uint64_t arg);
int64_t sys_file_block_stats(struct handle_entry *h, uint64_t ptr,
			     uint64_t size);

/* Opening "scheme:path" URIs (devices.md 11). */
int scheme_open(const char *uri, struct resource **out);
int scheme_opendir(const char *uri, struct resource **out);
bool scheme_known(const char *uri);

#endif
