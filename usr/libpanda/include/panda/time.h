/* SPDX-License-Identifier: GPL-2.0 */
/* Time: monotonic uptime from ENVIRONMENT_TIME (kernel.md 13.1). */
#ifndef _PANDA_TIME_H
#define _PANDA_TIME_H

#include <stdint.h>
#include <panda/sys.h>

uint64_t panda_time_ns(void);
uint64_t panda_time_us(void);
uint64_t panda_time_ms(void);

/*
 * A one-shot timer (services.md 3, T7): PANDA_EVENT_TIMER is posted to
 * mailbox once, ms milliseconds from now or a little later, never
 * earlier.  Closing *out (panda_close) before it fires cancels it.
 */
int panda_timer_create(uint64_t ms, panda_handle_t mailbox,
		       panda_handle_t *out);

/*
 * Sleep at least this long: a one-shot timer on a private mailbox
 * (services.md 3); if timers are unavailable, yield until the deadline.
 */
void panda_sleep_ms(uint64_t ms);
void panda_sleep_ns(uint64_t ns);

#endif /* _PANDA_TIME_H */
