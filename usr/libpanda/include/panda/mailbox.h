/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Mailboxes (userspace.md 3.8; ipc.md 3): FIFO queues of (handle, event
 * word) records.  Event bits are PANDA_EVENT_* (uapi/panda/syscall.h).
 */
#ifndef _PANDA_MAILBOX_H
#define _PANDA_MAILBOX_H

#include <panda/sys.h>

typedef struct {
	panda_handle_t h;
} panda_mailbox;

/* The default mailbox, PANDA_HANDLE_MAILBOX. */
panda_mailbox panda_mailbox_default(void);
int panda_mailbox_create(panda_mailbox *out);
/* Blocks for the next event; 0 or a negative error. */
int panda_mailbox_recv(panda_mailbox mb, panda_handle_t *h, uint32_t *events);
/* false when nothing is pending (or on error). */
bool panda_mailbox_try_recv(panda_mailbox mb, panda_handle_t *h,
			    uint32_t *events);
void panda_mailbox_close(panda_mailbox *mb);

#endif /* _PANDA_MAILBOX_H */
