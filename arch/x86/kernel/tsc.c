// SPDX-License-Identifier: GPL-2.0
/*
 * TSC calibration against PIT channel 2 (1.193182 MHz, gated through port
 * 0x61), and the monotonic clock derived from it.  Nanoseconds use a 32.32
 * fixed-point multiplier, so no division on the hot path.
 */
#include <asm/cpu.h>
#include <asm/io.h>
#include <panda/time.h>

#define PIT_HZ		1193182ULL
#define PIT_CH2		0x42
#define PIT_CMD		0x43
#define PIT_GATE	0x61
#define CALIBRATE_MS	20

static uint64_t tsc_base;	/* TSC at calibration: uptime 0 */
static uint64_t tsc_freq_khz;
static uint64_t ns_mult;	/* ns per cycle, 32.32 fixed point */

static uint64_t measure_cycles(unsigned int ms)
{
	uint16_t count = (uint16_t)(PIT_HZ * ms / 1000);
	uint64_t start, end;
	uint8_t gate;
	long spin = 100000000;

	gate = inb(PIT_GATE);
	outb(PIT_GATE, (gate & ~0x02) | 0x01);	/* speaker off, gate on */
	outb(PIT_CMD, 0xb0);			/* ch2, lo/hi, mode 0 */
	outb(PIT_CH2, count & 0xff);
	outb(PIT_CH2, count >> 8);
	start = rdtsc();
	while (!(inb(PIT_GATE) & 0x20) && --spin)	/* OUT2 goes high */
		;
	end = rdtsc();
	outb(PIT_GATE, gate);
	return end - start;
}

void tsc_calibrate(void)
{
	uint64_t cycles = measure_cycles(CALIBRATE_MS);

	if (cycles < CALIBRATE_MS * 1000ULL)	/* no PIT: assume 1 GHz */
		cycles = CALIBRATE_MS * 1000000ULL;
	tsc_freq_khz = cycles / CALIBRATE_MS;
	ns_mult = (1000000ULL << 32) / tsc_freq_khz;
	tsc_base = rdtsc();
}

uint64_t tsc_khz(void)
{
	return tsc_freq_khz;
}

uint64_t tsc_to_ns(uint64_t cycles)
{
	return (uint64_t)(((unsigned __int128)cycles * ns_mult) >> 32);
}

uint64_t uptime_ns(void)
{
	if (!tsc_freq_khz)
		return 0;
	return tsc_to_ns(rdtsc() - tsc_base);
}
