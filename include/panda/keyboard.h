/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Keyboards and the keyboard: scheme (CONFIG_VIRTIO_INPUT; devices.md 9
 * and 11.4, abi.md 3.3 FILE_READ, 6, 7.10; drivers/input/).
 *
 * Each bound virtio keyboard keeps a ring of its last 64 key events
 * (EV_KEY only; the oldest is dropped when full).  Every handle open on
 * the device reads from that one ring: FILE_READ takes one event as
 * struct panda_input_event (truncated to the length asked for), blocking
 * until there is one, or returning 0 at once with PANDA_FILE_NONBLOCK.
 * Every open keyboard resource attached to a mailbox is posted
 * PANDA_ENCODE_KEY_EVENT(code, value) for every event, from the
 * interrupt.  Key codes are Linux's (panda/input_keys.h).  The scheme's
 * listings are the device namespace's (devpath_opendir()).
 */
#ifndef _PANDA_KEYBOARD_H
#define _PANDA_KEYBOARD_H

#include <panda/compiler.h>
#include <panda/errno.h>

struct resource;

#define KEYBOARD_RING_SIZE	64

#ifdef CONFIG_VIRTIO_INPUT
int keyboard_scheme_open(const char *path, struct resource **out);
bool keyboard_scheme_probe(const char *path);

/* Bound keyboards, and events taken from devices so far (for tests). */
unsigned int keyboard_count(void);
uint64_t keyboard_events_seen(unsigned int index);
#else
static inline int keyboard_scheme_open(const char *path, struct resource **out)
{
	return -ENOENT;
}
static inline bool keyboard_scheme_probe(const char *path)
{
	return false;
}
static inline unsigned int keyboard_count(void)
{
	return 0;
}
#endif /* CONFIG_VIRTIO_INPUT */

#endif /* _PANDA_KEYBOARD_H */
