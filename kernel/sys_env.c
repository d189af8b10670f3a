// SPDX-License-Identifier: GPL-2.0
/*
 * OP_ENVIRONMENT_*: open, opendir, spawn, log, time (abi.md 3, kernel.md
 * 10.2); mount and the file-system writes are in kernel/sys_fs.c.
 */
#include <lib/string.h>
#include <lib/utf8.h>
#include <panda/buffer.h>
#include <panda/elf_load.h>
#include <panda/errno.h>
#include <panda/service.h>
#include <panda/ipc.h>
#include <panda/mm.h>
#include <panda/printk.h>
#include <panda/process.h>
#include <panda/syscall.h>
#include <panda/time.h>
#include <panda/timer_res.h>
#include <panda/uaccess.h>
#include <panda/vfs.h>

#define URI_MAX		1024
#define LOG_MAX		(64 * 1024)

/*
 * A log record is one line of the console (abi.md: "one record"): control
 * characters other than tab are written as \n, \r or \xNN, so a process
 * can neither forge the records that follow nor drive the console with
 * escape sequences.  Returns msg itself when nothing needs escaping, else
 * a new string (NULL when out of memory).
 */
static char *log_escape(char *msg, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, n = 0;
	char *out, *o;

	for (i = 0; i < len; i++)
		if (((unsigned char)msg[i] < 0x20 && msg[i] != '\t') ||
		    msg[i] == 0x7f)
			n++;
	if (!n)
		return msg;
	out = kmalloc(len + 3 * n + 1);
	if (!out)
		return NULL;
	for (i = 0, o = out; i < len; i++) {
		unsigned char c = (unsigned char)msg[i];

		if ((c >= 0x20 && c != 0x7f) || c == '\t') {
			*o++ = (char)c;
		} else if (c == '\n' || c == '\r') {
			*o++ = '\\';
			*o++ = c == '\n' ? 'n' : 'r';
		} else {
			*o++ = '\\';
			*o++ = 'x';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	*o = '\0';
	return out;
}

static int64_t env_log(uint64_t ptr, uint64_t len)
{
	char *msg, *line;
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
	if (!ret) {
		line = log_escape(msg, len);
		if (line)
			pr_info("LOG: %s", line);
		else
			ret = -ENOMEM;
		if (line != msg)
			kfree(line);
	}
	kfree(msg);
	return ret;
}

static int64_t install(struct resource *r)
{
	int64_t h = handle_install(&current_process()->handles, r);

	resource_put(r);	/* the handle holds the reference now */
	return h;
}

/*
 * Installs r and, if mailbox and mask are both given and mailbox names a
 * mailbox of the caller, attaches the new handle to it (ipc.md 3.1: an
 * invalid mailbox argument is ignored).
 */
static int64_t install_attached(struct resource *r, uint32_t mailbox,
				uint32_t mask)
{
	struct handle_entry *e = NULL;
	struct mailbox *mb = NULL;
	int64_t h;

	/*
	 * The mailbox itself, not its table entry: installing r may move
	 * the entries (the table grows).  Its handle keeps it alive.
	 */
	if (mailbox && mask)
		e = handle_lookup(&current_process()->handles, mailbox);
	if (e)
		mb = resource_mailbox(e->res);
	h = install(r);
	if (h >= 0 && mb && r->ops->events &&
	    event_source_attach(r->ops->events(r), mb, (uint32_t)h, mask)) {
		handle_close(&current_process()->handles, (uint32_t)h);
		return -ENOMEM;
	}
	return h;
}

static int64_t env_open(uint64_t ptr, uint64_t len, uint32_t mailbox,
			uint32_t mask, bool dir)
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
	return dir ? install(r) : install_attached(r, mailbox, mask);
}

/* The executable's name for logs: the last path component. */
static const char *basename(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* The resource behind one of the caller's handles (0: none). */
static int stdio_res(struct process *parent, uint32_t handle,
		     struct resource **out)
{
	struct handle_entry *h;

	*out = NULL;
	if (!handle)
		return 0;
	h = handle_lookup(&parent->handles, handle);
	if (!h)
		return -PANDA_ERR_BAD_HANDLE;
	*out = h->res;
	return 0;
}

static int64_t env_spawn(uint64_t ptr)
{
	struct process *parent = current_process(), *child;
	struct panda_spawn_params sp;
	char uri[URI_MAX];
	struct elf_image img;
	struct resource *r, *in, *out;
	int ret;

	ret = copy_from_user(&sp, (const void *)ptr, sizeof(sp));
	if (ret)
		return ret;
	ret = copy_string_from_user(uri, sizeof(uri), sp.path_ptr, sp.path_len);
	if (ret)
		return ret;
	/*
	 * Only VFS files can be executed.  An unknown scheme is NotFound, as
	 * everywhere; a known scheme that is not file: cannot be run.
	 */
	if (strncmp(uri, "file:", 5))
		return scheme_known(uri) ? -EINVAL : -ENOENT;
	/*
	 * Redirected stdio must name open handles of the caller.  Only the
	 * caller closes its own handles, so the resources stay alive until
	 * the child's table holds them too.
	 */
	ret = stdio_res(parent, sp.stdin_handle, &in);
	if (!ret)
		ret = stdio_res(parent, sp.stdout_handle, &out);
	if (ret)
		return ret;
	/* Only the headers and the segments are read, into the child's pages. */
	ret = elf_image_open(uri + 5, &img);
	if (ret)
		return ret;
	/*
	 * The child's stdio is installed before it becomes runnable: with
	 * SMP it may start (and exit) on another CPU at once, so nothing
	 * here touches the child after the spawn.
	 */
	child = process_spawn_child(basename(uri + 5), &img, in, out, &r, &ret);
	elf_image_close(&img);
	if (!child)
		return ret;
	return install_attached(r, sp.mailbox, sp.event_mask);
}

int64_t sys_environment(const struct syscall_args *a)
{
	switch (a->op) {
	case PANDA_OP_ENVIRONMENT_LOG:
		return env_log(a->a0, a->a1);
	case PANDA_OP_ENVIRONMENT_TIME:
		return (int64_t)uptime_ns();
	case PANDA_OP_ENVIRONMENT_OPEN:
		return env_open(a->a0, a->a1, (uint32_t)a->a2, (uint32_t)a->a3,
				false);
	case PANDA_OP_ENVIRONMENT_OPENDIR:
		return env_open(a->a0, a->a1, 0, 0, true);
	case PANDA_OP_ENVIRONMENT_SPAWN:
		return env_spawn(a->a0);
	case PANDA_OP_SERVICE_REGISTER: {
		char name[72];
		int ret = copy_string_from_user(name, sizeof(name), a->a0, a->a1);

		if (ret)
			return ret;
		return service_register(name, (uint32_t)a->a2, (uint32_t)a->a3);
	}
	case PANDA_OP_ENVIRONMENT_CREATE_TIMER:
		return timer_create(a->a0, (uint32_t)a->a1, (uint32_t)a->a2);
	case PANDA_OP_ENVIRONMENT_MOUNT:
	case PANDA_OP_ENVIRONMENT_MOUNT_DEVICE:
	case PANDA_OP_ENVIRONMENT_CREATE:
	case PANDA_OP_ENVIRONMENT_MKDIR:
	case PANDA_OP_ENVIRONMENT_UNLINK:
	case PANDA_OP_ENVIRONMENT_RMDIR:
	case PANDA_OP_ENVIRONMENT_RENAME:
	case PANDA_OP_ENVIRONMENT_SYNC:
	case PANDA_OP_ENVIRONMENT_UNMOUNT:
		return sys_env_fs(a);	/* kernel/sys_fs.c */
	}
	/* The buffer family (0x4xxxx) lives here too: environment-wide. */
	switch (a->op) {
	case PANDA_OP_BUFFER_ALLOC:
		return buffer_alloc(a->a0, a->a1);
	case PANDA_OP_BUFFER_RESIZE:
	case PANDA_OP_BUFFER_FREE: {
		struct handle_table *t = &current_process()->handles;
		struct handle_entry *h = handle_lookup(t, a->handle);

		if (!h || !resource_buffer(h->res))
			return -PANDA_ERR_BAD_HANDLE;
		if (a->op == PANDA_OP_BUFFER_FREE)
			return handle_close(t, a->handle);
		return buffer_resize(h->res, a->a0, a->a1);
	}
	}
	return -ENOTSUP;
}
