// SPDX-License-Identifier: GPL-2.0
/* Channels and mailboxes (userspace.md 3.7-3.8): thin wrappers. */
#include <panda/channel.h>
#include <panda/mailbox.h>

int panda_channel_create(panda_handle_t *a, panda_handle_t *b)
{
	panda_handle_t ends[2];
	long r = panda_sys_channel_create(ends);

	if (r < 0)
		return (int)r;
	*a = ends[0];
	*b = ends[1];
	return 0;
}

int panda_channel_send(panda_handle_t ch, const void *msg, size_t len)
{
	long r = panda_sys_channel_send(ch, msg, len);

	return r < 0 ? (int)r : 0;
}

int panda_channel_try_send(panda_handle_t ch, const void *msg, size_t len)
{
	long r = panda_sys_channel_try_send(ch, msg, len);

	return r < 0 ? (int)r : 0;
}

int panda_channel_recv(panda_handle_t ch, void *buf, size_t cap, size_t *len)
{
	long r = panda_sys_channel_recv(ch, buf, cap);

	if (r < 0)
		return (int)r;
	*len = (size_t)r;
	return 0;
}

int panda_channel_try_recv(panda_handle_t ch, void *buf, size_t cap,
			   size_t *len)
{
	long r = panda_sys_channel_try_recv(ch, buf, cap);

	if (r < 0)
		return (int)r;
	*len = (size_t)r;
	return 0;
}

int panda_channel_call(panda_handle_t ch, const void *req, size_t rlen,
		       void *resp, size_t cap, size_t *len)
{
	int err = panda_channel_send(ch, req, rlen);

	return err ? err : panda_channel_recv(ch, resp, cap, len);
}

panda_mailbox panda_mailbox_default(void)
{
	return (panda_mailbox){ .h = PANDA_HANDLE_MAILBOX };
}

int panda_mailbox_create(panda_mailbox *out)
{
	long r = panda_sys_mailbox_create();

	if (r < 0)
		return (int)r;
	out->h = (panda_handle_t)r;
	return 0;
}

int panda_mailbox_recv(panda_mailbox mb, panda_handle_t *h, uint32_t *events)
{
	long r = panda_sys_mailbox_wait(mb.h);

	if (r < 0)
		return (int)r;
	panda_mailbox_unpack(r, h, events);
	return 0;
}

bool panda_mailbox_try_recv(panda_mailbox mb, panda_handle_t *h,
			    uint32_t *events)
{
	long r = panda_sys_mailbox_poll(mb.h);

	if (r <= 0)
		return false;
	panda_mailbox_unpack(r, h, events);
	return true;
}

void panda_mailbox_close(panda_mailbox *mb)
{
	if (mb->h && mb->h != PANDA_HANDLE_MAILBOX)
		panda_sys_close(mb->h);
	mb->h = 0;
}
