/* SPDX-License-Identifier: GPL-2.0 */
/* The CMOS real-time clock (arch/x86/kernel/rtc.c). */
#ifndef _PANDA_RTC_H
#define _PANDA_RTC_H

#include <panda/compiler.h>

/* Seconds since 1970-01-01 UTC: 0, or -1 when the clock reads nonsense. */
int rtc_read_time(uint64_t *secs);

#endif
