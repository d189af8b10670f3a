/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Terminal protocol messages (spec value-and-terminal.md 3): Requests a
 * program sends its terminal on PANDA_HANDLE_PARENT, Events the terminal
 * sends back on the child's process handle.  One message per channel
 * message, framed as
 *
 *	u16 kind | u32 payload length | payload
 *
 * Encoders write the exact length.  Decoders, like the reference, ignore
 * the length field and parse the payload from offset 6 by the kind's
 * layout; bytes after it are ignored.  A Request decoder knows only
 * Request kinds (0x0001-0x000A) and an Event decoder only Event kinds
 * (0x0100-0x0104): anything else is VALUE_EUNKNOWN_TYPE.  Enumerated
 * bytes out of range are VALUE_EINVALID_VALUE, strings must be UTF-8
 * (VALUE_EINVALID_UTF8), short input is VALUE_ETRUNCATED.  Error codes
 * and allocators are those of <lib/value.h>.
 *
 * Text fields are (data, len) pairs.  For encoding they point at the
 * caller's UTF-8; a decoded message owns copies (NUL-terminated) and its
 * Values, allocated from the allocator given to the decoder, and is
 * released with term_request_free() / term_event_free() with the same
 * allocator.
 *
 * Building a request for encoding (nothing is allocated):
 *
 *	struct panda_term_request req = {
 *		.kind = PANDA_TERM_REQ_PROGRESS,
 *		.u.progress = { .current = 3, .total = 4,
 *				.message = PANDA_TERM_TEXT("x") },
 *	};
 *	err = term_request_encode(&req, buf, sizeof(buf), &len);
 */
#ifndef _LIB_TERMINAL_PROTO_H
#define _LIB_TERMINAL_PROTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <lib/value.h>

#define PANDA_TERM_HEADER_SIZE	6

/* Request kinds (section 3.3). */
enum panda_term_request_kind {
	PANDA_TERM_REQ_WRITE = 0x0001,		/* u.value */
	PANDA_TERM_REQ_MOVE_CURSOR = 0x0002,	/* u.cursor */
	PANDA_TERM_REQ_CLEAR = 0x0003,		/* u.clear */
	PANDA_TERM_REQ_REQUEST_INPUT = 0x0004,	/* u.input */
	PANDA_TERM_REQ_SET_TITLE = 0x0005,	/* u.title */
	PANDA_TERM_REQ_PROGRESS = 0x0006,	/* u.progress */
	PANDA_TERM_REQ_QUERY = 0x0007,		/* u.query */
	PANDA_TERM_REQ_EXIT = 0x0008,		/* u.exit_status */
	PANDA_TERM_REQ_ERROR = 0x0009,		/* u.value */
	PANDA_TERM_REQ_WARNING = 0x000A,	/* u.value */
};

/* Event kinds (section 3.4). */
enum panda_term_event_kind {
	PANDA_TERM_EV_INPUT = 0x0100,		/* u.input */
	PANDA_TERM_EV_KEY = 0x0101,		/* u.key */
	PANDA_TERM_EV_RESIZE = 0x0102,		/* u.resize */
	PANDA_TERM_EV_SIGNAL = 0x0103,		/* u.signal */
	PANDA_TERM_EV_QUERY_RESPONSE = 0x0104,	/* u.query_response */
};

enum panda_term_clear_region {
	PANDA_TERM_CLEAR_SCREEN = 0,
	PANDA_TERM_CLEAR_TO_END_OF_SCREEN = 1,
	PANDA_TERM_CLEAR_TO_END_OF_LINE = 2,
	PANDA_TERM_CLEAR_LINE = 3,
};

enum panda_term_input_kind {
	PANDA_TERM_INPUT_LINE = 0,
	PANDA_TERM_INPUT_PASSWORD = 1,
	PANDA_TERM_INPUT_CHAR = 2,
	PANDA_TERM_INPUT_CONFIRM = 3,
	PANDA_TERM_INPUT_CHOICE = 4,
	PANDA_TERM_INPUT_RAW_KEYS = 5,
};

/* What an InputResponse carries (section 3.6). */
enum panda_term_input_value_kind {
	PANDA_TERM_ANSWER_TEXT = 0,	/* u.text: Line, Password */
	PANDA_TERM_ANSWER_CHAR = 1,	/* u.ch: Char */
	PANDA_TERM_ANSWER_BOOL = 2,	/* u.yes: Confirm */
	PANDA_TERM_ANSWER_CHOICE = 3,	/* u.choice: Choice */
};

/* Terminal queries and the kinds of their responses (section 3.9). */
enum panda_term_query {
	PANDA_TERM_QUERY_SIZE = 0,
	PANDA_TERM_QUERY_CAPABILITIES = 1,
	PANDA_TERM_QUERY_CURSOR_POSITION = 2,
};

enum panda_term_colour_support {
	PANDA_TERM_COLOURS_NONE = 0,
	PANDA_TERM_COLOURS_BASIC = 1,		/* 16 colours */
	PANDA_TERM_COLOURS_PALETTE = 2,		/* 256 */
	PANDA_TERM_COLOURS_TRUE_COLOUR = 3,	/* 24-bit */
};

/* Signal events (section 3.8; Terminate from services.md 2.2). */
enum panda_term_signal {
	PANDA_TERM_SIG_INTERRUPT = 0,	/* Ctrl+C */
	PANDA_TERM_SIG_QUIT = 1,	/* Ctrl+\ */
	PANDA_TERM_SIG_SUSPEND = 2,	/* Ctrl+Z */
	PANDA_TERM_SIG_TERMINATE = 3,	/* polite stop from a parent */
};

/* KeyEvent modifier bits and values (section 3.7). */
#define PANDA_TERM_MOD_SHIFT	0x01
#define PANDA_TERM_MOD_CTRL	0x02
#define PANDA_TERM_MOD_ALT	0x04
#define PANDA_TERM_MODS		0x07
#define PANDA_TERM_KEY_RELEASE	0
#define PANDA_TERM_KEY_PRESS	1
#define PANDA_TERM_KEY_REPEAT	2

/* Reserved alignment hint (section 3.10); carried by no message yet. */
enum panda_term_align {
	PANDA_TERM_ALIGN_LEFT = 0,
	PANDA_TERM_ALIGN_CENTRE = 1,
	PANDA_TERM_ALIGN_RIGHT = 2,
};

struct panda_term_text {
	const char *data;	/* UTF-8, not necessarily NUL-terminated */
	size_t len;
};

/* A text field from a string literal. */
#define PANDA_TERM_TEXT(lit) \
	((struct panda_term_text){ (lit), sizeof(lit) - 1 })

struct panda_term_input_request {
	uint32_t id;			/* echoed in the response */
	uint8_t kind;			/* enum panda_term_input_kind */
	const struct panda_value *prompt;	/* NULL: no prompt */
	const struct panda_term_text *choices;	/* for Choice */
	size_t nchoices;
};

struct panda_term_request {
	uint16_t kind;			/* enum panda_term_request_kind */
	union {
		const struct panda_value *value; /* Write, Error, Warning */
		struct {
			uint16_t row, col;	/* 0-based */
		} cursor;
		uint8_t clear;		/* enum panda_term_clear_region */
		struct panda_term_input_request input;
		struct panda_term_text title;
		struct {
			uint32_t current, total;
			struct panda_term_text message;
		} progress;
		uint8_t query;		/* enum panda_term_query */
		int32_t exit_status;
	} u;
};

struct panda_term_answer {
	uint8_t kind;			/* enum panda_term_input_value_kind */
	union {
		struct panda_term_text text;
		uint32_t ch;		/* Unicode scalar value */
		bool yes;
		uint32_t choice;	/* index into the request's choices */
	} u;
};

struct panda_term_caps {
	uint8_t colours;		/* enum panda_term_colour_support */
	bool images, hyperlinks, unicode;
};

struct panda_term_query_response {
	uint8_t kind;			/* enum panda_term_query */
	union {
		struct {
			uint16_t cols, rows;
		} size;
		struct panda_term_caps caps;
		struct {
			uint16_t row, col;
		} cursor;
	} u;
};

struct panda_term_event {
	uint16_t kind;			/* enum panda_term_event_kind */
	union {
		struct {
			uint32_t id;
			bool answered;	/* false: cancelled (no value) */
			struct panda_term_answer answer;
		} input;
		struct {
			uint16_t code;		/* Linux key code */
			uint8_t modifiers;	/* PANDA_TERM_MOD_* */
			uint8_t value;		/* PANDA_TERM_KEY_* */
		} key;
		struct {
			uint16_t cols, rows;
		} resize;
		uint8_t signal;		/* enum panda_term_signal */
		struct panda_term_query_response query_response;
	} u;
};

/*
 * Encode into buf[0..cap): 0 and *len, VALUE_ENOSPC (*len = size needed),
 * or VALUE_EINVAL (unknown kind, enumerated field out of range, invalid
 * character, NULL Value), VALUE_E2BIG, VALUE_EINVALID_UTF8 or any Value
 * encoding error.  A channel message holds at most 4096 bytes.
 */
int term_request_encode(const struct panda_term_request *req, void *buf,
			size_t cap, size_t *len);
int term_event_encode(const struct panda_term_event *ev, void *buf,
		      size_t cap, size_t *len);

/*
 * Decode one message.  On success the message owns its allocations (see
 * above); on error nothing is left allocated and *out is zeroed.
 */
int term_request_decode(const struct panda_value_alloc *a, const void *buf,
			size_t len, struct panda_term_request *req);
int term_event_decode(const struct panda_value_alloc *a, const void *buf,
		      size_t len, struct panda_term_event *ev);

/*
 * A message from a child's control channel as the reference terminal
 * reads it (section 4.2): a Request, or else a bare Value, returned as a
 * Write request with *bare = true (bare may be NULL).  The error is the
 * Request decoder's when both fail.
 */
int term_control_decode(const struct panda_value_alloc *a, const void *buf,
			size_t len, struct panda_term_request *req,
			bool *bare);

/* Free what a decoder allocated (a zeroed message is fine). */
void term_request_free(const struct panda_value_alloc *a,
		       struct panda_term_request *req);
void term_event_free(const struct panda_value_alloc *a,
		     struct panda_term_event *ev);

/* Name of a kind ("Write", "Input", ...) or "?" for logs and tests. */
const char *term_kind_name(uint16_t kind);

#endif /* _LIB_TERMINAL_PROTO_H */
