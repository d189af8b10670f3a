/* SPDX-License-Identifier: GPL-2.0 */
/* One-shot timer resources (kernel/timer_res.c). */
#ifndef _PANDA_TIMER_RES_H
#define _PANDA_TIMER_RES_H

#include <panda/compiler.h>

/* OP_ENVIRONMENT_CREATE_TIMER: a handle, or a negative error. */
int64_t timer_create(uint64_t ms, uint32_t mailbox, uint32_t mask);
void timer_res_tick(uint64_t now_ns);

#endif
