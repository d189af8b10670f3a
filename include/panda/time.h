/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Monotonic time from the TSC, calibrated against the PIT at boot.
 * uptime_ns() is 0 until tsc_calibrate() has run.
 */
#ifndef _PANDA_TIME_H
#define _PANDA_TIME_H

#include <panda/compiler.h>

void tsc_calibrate(void);
uint64_t uptime_ns(void);
uint64_t tsc_khz(void);
uint64_t tsc_to_ns(uint64_t cycles);

#endif
