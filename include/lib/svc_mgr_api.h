/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The service-manager protocol (services.md 9): the definition shared by
 * the manager (init) and its clients (svcctl), as P3 asks.  Payload
 * encoders and decoders only; the envelope is <lib/svc_proto.h>'s.
 *
 *	name      "manager" (clients open service:/manager)
 *	UUID      4f8312ae-2051-42cf-b9fc-c55584837a5c
 *	caps      "runtime-add" (Add and Remove allowed),
 *	          "log-streaming" (ServiceStateChanged events)
 *
 * Payloads (string = u16 length + UTF-8):
 *
 *	Request  Start 1 / Stop 2 / Restart 3 / Status 4 / Remove 7: string name
 *	         List 5: empty
 *	         Add 6: string name, string config (TOML text)
 *	Response Ok 1 / Error 2: string message
 *	         Status 3: string name, string state, u32 restarts
 *	         List 4: one Value (a Table Name | State | Restarts)
 *	Event    ServiceStateChanged 1: string name, string old, string new
 *
 * Decoders are strict (the payload must be consumed exactly, strings must
 * be UTF-8 without NUL bytes) and return 0 or an SVC_PROTO_E* code; the
 * strings they return point into the payload (not NUL-terminated).
 * Encoders return 0 and *len, SVC_PROTO_E2BIG (a string over 65535
 * bytes, or more than SVC_PAYLOAD_MAX in all), SVC_PROTO_ENOSPC (cap too
 * small), SVC_PROTO_EUTF8 or SVC_PROTO_EINVAL (unknown type).
 */
#ifndef _LIB_SVC_MGR_API_H
#define _LIB_SVC_MGR_API_H

#include <stddef.h>
#include <stdint.h>
#include <lib/svc_proto.h>
#include <lib/value.h>

#define SVC_MGR_NAME		  "manager"
#define SVC_MGR_CAP_RUNTIME_ADD	  "runtime-add"
#define SVC_MGR_CAP_LOG_STREAMING "log-streaming"

extern const uint8_t svc_mgr_uuid[SVC_UUID_SIZE];

enum svc_mgr_request_type {
	SVC_MGR_REQ_START = 0x0001,
	SVC_MGR_REQ_STOP = 0x0002,
	SVC_MGR_REQ_RESTART = 0x0003,
	SVC_MGR_REQ_STATUS = 0x0004,
	SVC_MGR_REQ_LIST = 0x0005,
	SVC_MGR_REQ_ADD = 0x0006,
	SVC_MGR_REQ_REMOVE = 0x0007,
};

enum svc_mgr_response_type {
	SVC_MGR_RESP_OK = 0x0001,
	SVC_MGR_RESP_ERROR = 0x0002,
	SVC_MGR_RESP_STATUS = 0x0003,
	SVC_MGR_RESP_LIST = 0x0004,
};

enum svc_mgr_event_type {
	SVC_MGR_EV_STATE_CHANGED = 0x0001,
};

/* A request; name / config unused (NULL, 0) where the type has none. */
struct svc_mgr_request {
	uint16_t type;
	const char *name;
	size_t name_len;
	const char *config;
	size_t config_len;
};

struct svc_mgr_status {
	const char *name;
	size_t name_len;
	const char *state;
	size_t state_len;
	uint32_t restarts;
};

struct svc_mgr_state_change {
	const char *name;
	size_t name_len;
	const char *old_state;
	size_t old_len;
	const char *new_state;
	size_t new_len;
};

/* "start", "stop", ... for a request type; NULL if unknown. */
const char *svc_mgr_request_name(uint16_t type);

int svc_mgr_request_encode(const struct svc_mgr_request *req, void *buf,
			   size_t cap, size_t *len);
/* Unknown type: SVC_PROTO_EINVALID. */
int svc_mgr_request_decode(uint16_t type, const void *payload, size_t len,
			   struct svc_mgr_request *out);

/* Ok and Error: one string. */
int svc_mgr_text_encode(const char *s, size_t n, void *buf, size_t cap,
			size_t *len);
int svc_mgr_text_decode(const void *payload, size_t len, const char **s,
			size_t *n);

int svc_mgr_status_encode(const struct svc_mgr_status *st, void *buf,
			  size_t cap, size_t *len);
int svc_mgr_status_decode(const void *payload, size_t len,
			  struct svc_mgr_status *out);

int svc_mgr_state_change_encode(const struct svc_mgr_state_change *ev,
				void *buf, size_t cap, size_t *len);
int svc_mgr_state_change_decode(const void *payload, size_t len,
				struct svc_mgr_state_change *out);

/* One row of the List table. */
struct svc_mgr_row {
	const char *name;
	const char *state;
	uint32_t restarts;
};

/*
 * The List table (9): headers Name, State, Restarts (Strings), one row
 * per service in the order given (the manager gives ascending names):
 * String, String, Int.  0, or SVC_PROTO_ENOMEM (*out
 * NULL; also for text that is not UTF-8).  Free it with value_free()
 * and the same allocator.
 */
int svc_mgr_list_table(const struct panda_value_alloc *a,
		       const struct svc_mgr_row *rows, size_t n,
		       struct panda_value **out);

/*
 * The List response: exactly one Value filling the payload (allocated
 * from a; SVC_PROTO_ENOMEM when that fails, SVC_PROTO_EINVALID for a
 * Value that is not a 3-column Table).
 */
int svc_mgr_list_encode(const struct panda_value *table, void *buf, size_t cap,
			size_t *len);
int svc_mgr_list_decode(const struct panda_value_alloc *a, const void *payload,
			size_t len, struct panda_value **out);

#endif /* _LIB_SVC_MGR_API_H */
