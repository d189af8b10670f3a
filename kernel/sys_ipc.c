// SPDX-License-Identifier: GPL-2.0
/* OP_MAILBOX_* and OP_CHANNEL_* (ipc.md 2-3, abi.md 3.2). */
#include <panda/errno.h>
#include <panda/ipc.h>
#include <panda/process.h>
#include <panda/syscall.h>
#include <panda/uaccess.h>

static struct resource *lookup(uint32_t handle)
{
	struct handle_entry *h =
		handle_lookup(&current_process()->handles, handle);

	return h ? h->res : NULL;
}

static int64_t mailbox_op(const struct syscall_args *a)
{
	struct mailbox *mb = resource_mailbox(lookup(a->handle));
	struct resource *src;

	if (!mb)
		return -PANDA_ERR_BAD_HANDLE;
	switch (a->op) {
	case PANDA_OP_MAILBOX_WAIT:
		return mailbox_wait(mb, true);
	case PANDA_OP_MAILBOX_POLL:
		return mailbox_wait(mb, false);
	case PANDA_OP_MAILBOX_ATTACH:
		src = lookup((uint32_t)a->a0);
		if (!src || !src->ops->events)
			return -PANDA_ERR_BAD_HANDLE;
		return event_source_attach(src->ops->events(src), mb,
					   (uint32_t)a->a0, (uint32_t)a->a1);
	}
	return -ENOTSUP;
}

static int64_t channel_create_op(uint64_t out_ptr)
{
	struct handle_table *t = &current_process()->handles;
	struct resource *a, *b;
	int64_t ha, hb;
	uint32_t out[2];
	int ret;

	if (!access_ok(out_ptr, sizeof(out)))
		return -EINVAL;
	ret = channel_create(&a, &b);
	if (ret)
		return ret;
	ha = handle_install(t, a);
	hb = ha < 0 ? ha : handle_install(t, b);
	resource_put(a);
	resource_put(b);
	if (hb < 0) {
		if (ha >= 0)
			handle_close(t, (uint32_t)ha);
		return hb;
	}
	out[0] = (uint32_t)ha;
	out[1] = (uint32_t)hb;
	if (copy_to_user((void *)out_ptr, out, sizeof(out))) {
		handle_close(t, out[0]);
		handle_close(t, out[1]);
		return -EINVAL;
	}
	return 0;
}

int64_t sys_ipc(const struct syscall_args *a)
{
	switch (a->op) {
	case PANDA_OP_MAILBOX_CREATE: {
		struct resource *mb = mailbox_create();
		int64_t h;

		if (!mb)
			return -ENOMEM;
		h = handle_install(&current_process()->handles, mb);
		resource_put(mb);
		return h;
	}
	case PANDA_OP_MAILBOX_WAIT:
	case PANDA_OP_MAILBOX_POLL:
	case PANDA_OP_MAILBOX_ATTACH:
		return mailbox_op(a);
	case PANDA_OP_CHANNEL_CREATE:
		return channel_create_op(a->a0);
	case PANDA_OP_CHANNEL_SEND:
		return channel_send(lookup(a->handle), (const void *)a->a0,
				    a->a1, (uint32_t)a->a2);
	case PANDA_OP_CHANNEL_RECV:
		return channel_recv(lookup(a->handle), (void *)a->a0, a->a1,
				    (uint32_t)a->a2);
	}
	return -ENOTSUP;
}
