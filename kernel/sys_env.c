// SPDX-License-Identifier: GPL-2.0
/* OP_ENVIRONMENT_*: open, opendir, spawn, log, time (abi.md 3, kernel.md 10.2). */
#include <lib/string.h>
#include <lib/utf8.h>
#include <panda/errno.h>
#include <panda/mm.h>
#include <panda/printk.h>
#include <panda/process.h>
#include <panda/syscall.h>
#include <panda/time.h>
#include <panda/uaccess.h>
#include <panda/vfs.h>

#define URI_MAX		1024
#define LOG_MAX		(64 * 1024)

static int64_t env_log(uint64_t ptr, uint64_t len)
{
	char *msg;
	int ret;

	if (len >= LOG_MAX)
		return -EINVAL;
	msg = kmalloc(len + 1);
	if (!msg)
		return -ENOMEM;
	ret = copy_from_user(msg, (const void *)ptr, len);
	msg[len] = '\0';
	if (!ret && !utf8_valid(msg, len))
		ret = -EINVAL;
	if (!ret)
		pr_info("LOG: %s", msg);
	kfree(msg);
	return ret;
}

static int64_t install(struct resource *r)
{
	int64_t h = handle_install(&current_process()->handles, r);

	resource_put(r);	/* the handle holds the reference now */
	return h;
}

static int64_t env_open(uint64_t ptr, uint64_t len, bool dir)
{
	char uri[URI_MAX];
	struct resource *r;
	int ret;

	ret = copy_string_from_user(uri, sizeof(uri), ptr, len);
	if (ret)
		return ret;
	ret = dir ? scheme_opendir(uri, &r) : scheme_open(uri, &r);
	if (ret)
		return ret;
	return install(r);
}

/* The executable's name for logs: the last path component. */
static const char *basename(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static int share_handle(struct process *child, struct process *parent,
			uint32_t from, uint32_t to)
{
	struct handle_entry *h;

	if (!from)
		return 0;
	h = handle_lookup(&parent->handles, from);
	if (!h)
		return -PANDA_ERR_BAD_HANDLE;
	return handle_install_at(&child->handles, to, h->res);
}

static int64_t env_spawn(uint64_t ptr)
{
	struct process *parent = current_process(), *child;
	struct panda_spawn_params sp;
	char uri[URI_MAX];
	struct resource *r;
	size_t size;
	void *elf;
	int ret;

	ret = copy_from_user(&sp, (const void *)ptr, sizeof(sp));
	if (ret)
		return ret;
	ret = copy_string_from_user(uri, sizeof(uri), sp.path_ptr, sp.path_len);
	if (ret)
		return ret;
	if (strncmp(uri, "file:", 5))
		return strchr(uri, ':') ? -EINVAL : -ENOENT;
	/* Redirected stdio must name open handles of the caller. */
	if ((sp.stdin_handle && !handle_lookup(&parent->handles, sp.stdin_handle)) ||
	    (sp.stdout_handle && !handle_lookup(&parent->handles, sp.stdout_handle)))
		return -PANDA_ERR_BAD_HANDLE;
	ret = vfs_read_file(uri + 5, &elf, &size);
	if (ret)
		return ret;
	child = process_spawn(basename(uri + 5), elf, size, &ret);
	kfree(elf);
	if (!child)
		return ret;
	/* The child is runnable but cannot run before we return (no preemption in the kernel). */
	ret = share_handle(child, parent, sp.stdin_handle, PANDA_HANDLE_STDIN);
	if (!ret)
		ret = share_handle(child, parent, sp.stdout_handle,
				   PANDA_HANDLE_STDOUT);
	r = ret ? NULL : process_handle_create(child->info);
	if (!r) {
		process_kill(child->info);
		return ret ? ret : -ENOMEM;
	}
	return install(r);
}

int64_t sys_environment(const struct syscall_args *a)
{
	switch (a->op) {
	case PANDA_OP_ENVIRONMENT_LOG:
		return env_log(a->a0, a->a1);
	case PANDA_OP_ENVIRONMENT_TIME:
		return (int64_t)uptime_ns();
	case PANDA_OP_ENVIRONMENT_OPEN:
		return env_open(a->a0, a->a1, false);
	case PANDA_OP_ENVIRONMENT_OPENDIR:
		return env_open(a->a0, a->a1, true);
	case PANDA_OP_ENVIRONMENT_SPAWN:
		return env_spawn(a->a0);
	}
	return -ENOTSUP;
}
