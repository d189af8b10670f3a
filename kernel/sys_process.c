// SPDX-License-Identifier: GPL-2.0
/* OP_PROCESS_*: yield, exit, getpid, wait, signal, brk (kernel.md 10, 13). */
#include <panda/errno.h>
#include <panda/process.h>
#include <panda/syscall.h>

static struct process_info *target_of(uint32_t handle)
{
	struct process *p = current_process();
	struct handle_entry *h;

	if (handle == PANDA_HANDLE_PROCESS)
		return p->info;
	h = handle_lookup(&p->handles, handle);
	if (!h || !h->res->ops->process)
		return NULL;
	return h->res->ops->process(h->res);
}

int64_t sys_process(const struct syscall_args *a)
{
	struct process *p = current_process();
	struct process_info *info;

	switch (a->op) {
	case PANDA_OP_PROCESS_YIELD:
		yield();
		return 0;
	case PANDA_OP_PROCESS_EXIT:
		process_exit((int32_t)a->a0);
	case PANDA_OP_PROCESS_GET_PID:
		return (int64_t)p->pid;
	case PANDA_OP_PROCESS_BRK:
		return process_brk(a->a0);
	case PANDA_OP_PROCESS_WAIT:
		info = a->handle == PANDA_HANDLE_PROCESS ? NULL
							: target_of(a->handle);
		if (!info)
			return -PANDA_ERR_BAD_HANDLE;
		return process_wait(info);
	case PANDA_OP_PROCESS_SIGNAL:
		info = target_of(a->handle);
		if (!info)
			return -PANDA_ERR_BAD_HANDLE;
		if (a->a0 != PANDA_SIGKILL)
			return -ENOTSUP;
		if (info->pid == 1)
			return -PANDA_ERR_PERMISSION_DENIED;
		return process_kill(info);
	}
	return -ENOTSUP;
}
