/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Terminal-protocol messages in libpanda (userspace.md 3.17): the codec
 * of <lib/terminal_proto.h> (struct panda_term_request / _event, the
 * kinds and enumerations) with heap allocation and libpanda error codes.
 * The channel helpers are in <panda/terminal.h>.
 */
#ifndef _PANDA_TERMINAL_PROTO_H
#define _PANDA_TERMINAL_PROTO_H

#include <lib/terminal_proto.h>
#include <panda/value.h>

/*
 * Encode into buf[0..cap) (at most PANDA_MAX_MESSAGE_SIZE fits a
 * channel): 0, -PANDA_ERR_BUFFER_TOO_SMALL (*len = size needed) or
 * -PANDA_ERR_INVALID_ARGUMENT / -PANDA_ERR_MESSAGE_TOO_LARGE.
 */
int panda_term_request_encode(const struct panda_term_request *req,
			      void *buf, size_t cap, size_t *len);
int panda_term_event_encode(const struct panda_term_event *ev, void *buf,
			    size_t cap, size_t *len);

/*
 * Decode one message (heap).  -PANDA_ERR_PROTOCOL if it is not a message
 * of that direction; release with the matching _free.
 */
int panda_term_request_decode(const void *buf, size_t len,
			      struct panda_term_request *req);
int panda_term_event_decode(const void *buf, size_t len,
			    struct panda_term_event *ev);
/* Request, or else a bare Value as Write (*bare = true; may be NULL). */
int panda_term_control_decode(const void *buf, size_t len,
			      struct panda_term_request *req, bool *bare);
void panda_term_request_free(struct panda_term_request *req);
void panda_term_event_free(struct panda_term_event *ev);

#endif /* _PANDA_TERMINAL_PROTO_H */
