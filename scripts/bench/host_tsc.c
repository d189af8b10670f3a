// SPDX-License-Identifier: GPL-2.0
/*
 * host_tsc: the host's TSC rate in kHz, TSC against CLOCK_MONOTONIC_RAW
 * over 200 ms.  Under TCG a guest's RDTSC reads the host's TSC, so this is
 * the reference run.py checks each guest kernel's calibration against.
 */
#include <stdint.h>
#include <stdio.h>
#include <time.h>

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

int main(void)
{
	uint64_t ns0 = now_ns(), tsc0 = rdtsc(), ns;

	do
		ns = now_ns();
	while (ns - ns0 < 200000000);
	printf("khz=%.0f\n",
	       (double)(rdtsc() - tsc0) * 1e6 / (double)(ns - ns0));
	return 0;
}
