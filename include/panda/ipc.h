/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Channels and mailboxes (ipc.md).  A channel is two endpoints with a FIFO
 * of at most 16 whole messages (<= 4096 bytes) in each direction.  A mailbox
 * is a per-process queue of (handle, event) records posted by sources that
 * were attached to it; an attachment is weak on both sides.
 */
#ifndef _PANDA_IPC_H
#define _PANDA_IPC_H

#include <panda/handle.h>
#include <panda/sched.h>

struct mailbox;
struct mb_reg;

/* Embedded in every resource that can post events. */
struct event_source {
	struct mb_reg *reg;	/* at most one registration */
};

void event_source_post(struct event_source *src, uint32_t event);
/* Attaches src to mb under key handle with mask (mask 0 detaches). */
int event_source_attach(struct event_source *src, struct mailbox *mb,
			uint32_t handle, uint32_t mask);
void event_source_detach(struct event_source *src);

struct resource *mailbox_create(void);
struct mailbox *resource_mailbox(struct resource *r);
int64_t mailbox_wait(struct mailbox *mb, bool block);

struct endpoint;
struct process_info;

/* A new channel: two endpoint resources (one reference each). */
int channel_create(struct resource **a, struct resource **b);
/*
 * The parent's end of a spawn channel as a process handle (tag Process):
 * channel operations act on the endpoint, wait on info.
 */
int channel_create_for_spawn(struct process_info *info, struct resource **parent,
			     struct resource **child);
int64_t channel_send(struct resource *r, const void *ubuf, uint64_t len,
		     uint32_t flags);
int64_t channel_recv(struct resource *r, void *ubuf, uint64_t len,
		     uint32_t flags);
/* Kernel-to-kernel send (no user memory), for the kernel's own services. */
int channel_send_kernel(struct resource *r, const void *buf, uint32_t len);
/* The same, waiting for room in the queue. */
int channel_send_kernel_wait(struct resource *r, const void *buf,
			     uint32_t len);
bool channel_peer_closed(struct resource *r);

#endif
