/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Channels (userspace.md 3.7; ipc.md 2): bidirectional, message oriented,
 * at most PANDA_MAX_MESSAGE_SIZE bytes per message.  A spawned child's
 * process handle is the parent's end of the parent-child channel.
 * try_send/try_recv return -PANDA_ERR_WOULD_BLOCK instead of waiting;
 * receives return -PANDA_ERR_CHANNEL_CLOSED once the peer is gone and the
 * queue is drained, -PANDA_ERR_BUFFER_TOO_SMALL (message kept) if cap is
 * short.
 */
#ifndef _PANDA_CHANNEL_H
#define _PANDA_CHANNEL_H

#include <panda/sys.h>

int panda_channel_create(panda_handle_t *a, panda_handle_t *b);
int panda_channel_send(panda_handle_t ch, const void *msg, size_t len);
int panda_channel_try_send(panda_handle_t ch, const void *msg, size_t len);
int panda_channel_recv(panda_handle_t ch, void *buf, size_t cap,
		       size_t *len);
int panda_channel_try_recv(panda_handle_t ch, void *buf, size_t cap,
			   size_t *len);
/* Send req, then block for one reply. */
int panda_channel_call(panda_handle_t ch, const void *req, size_t rlen,
		       void *resp, size_t cap, size_t *len);

#endif /* _PANDA_CHANNEL_H */
