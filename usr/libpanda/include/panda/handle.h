/* SPDX-License-Identifier: GPL-2.0 */
/* Handles: type tags and the typed-handle check (userspace.md 3.2). */
#ifndef _PANDA_HANDLE_H
#define _PANDA_HANDLE_H

#include <panda/sys.h>

enum panda_handle_type {
	PANDA_HT_INVALID = PANDA_TAG_NONE,
	PANDA_HT_FILE = PANDA_TAG_FILE,
	PANDA_HT_DIRECTORY = PANDA_TAG_DIRECTORY,
	PANDA_HT_CHANNEL = PANDA_TAG_CHANNEL,
	PANDA_HT_PROCESS = PANDA_TAG_PROCESS,
	PANDA_HT_MAILBOX = PANDA_TAG_MAILBOX,
	PANDA_HT_TIMER = PANDA_TAG_TIMER,
	PANDA_HT_SURFACE = PANDA_TAG_SURFACE,
	PANDA_HT_BUFFER = PANDA_TAG_BUFFER,
};

static inline uint8_t panda_handle_tag(panda_handle_t h)
{
	return (uint8_t)(h >> PANDA_HANDLE_TAG_SHIFT);
}

static inline uint32_t panda_handle_id(panda_handle_t h)
{
	return h & PANDA_HANDLE_ID_MASK;
}

/*
 * The tag equals expected, or h is a process handle and a channel is
 * expected (abi.md 2.3).  Unknown tags match nothing.
 */
bool panda_handle_is(panda_handle_t h, enum panda_handle_type expected);

/* Is h open in this process?  (A side-effect-free FILE_STAT probe.) */
bool panda_handle_exists(panda_handle_t h);

/* Always PANDA_HANDLE_PARENT; operations on it fail in init. */
static inline panda_handle_t panda_parent_handle(void)
{
	return PANDA_HANDLE_PARENT;
}

#endif /* _PANDA_HANDLE_H */
