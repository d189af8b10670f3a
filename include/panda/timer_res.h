/* SPDX-License-Identifier: GPL-2.0 */
/* One-shot timer resources (kernel/timer_res.c). */
#ifndef _PANDA_TIMER_RES_H
#define _PANDA_TIMER_RES_H

#include <panda/compiler.h>

struct mailbox;
struct resource;

/* OP_ENVIRONMENT_CREATE_TIMER: a handle, or a negative error. */
int64_t timer_create(uint64_t ms, uint32_t mailbox, uint32_t mask);
/*
 * The same for kernel code: a timer posting (key, PANDA_EVENT_TIMER) to mb,
 * in *out (one reference; dropping it before the deadline cancels).
 * -EINVAL without PANDA_EVENT_TIMER in mask or without mb.
 */
int timer_res_create(uint64_t ms, struct mailbox *mb, uint32_t key,
		     uint32_t mask, struct resource **out);
void timer_res_tick(uint64_t now_ns);

#endif
