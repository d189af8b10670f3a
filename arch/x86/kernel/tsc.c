// SPDX-License-Identifier: GPL-2.0
/*
 * TSC calibration against PIT channel 2 (1.193182 MHz, gated through port
 * 0x61; its count latched and read between two TSC reads at each end of a
 * 20 ms stretch), and the monotonic clock derived from it.  Nanoseconds use a 32.32
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

/* PIT channel 2's count, latched (mode 0 keeps counting down past 0). */
static uint16_t pit_read(void)
{
	uint8_t lo, hi;

	outb(PIT_CMD, 0x80);			/* latch channel 2 */
	lo = inb(PIT_CH2);
	hi = inb(PIT_CH2);
	return (uint16_t)(lo | hi << 8);
}

/*
 * A (TSC, PIT count) pair: the count read between two TSC reads, the
 * narrowest of a few tries.  A host that stalls the guest (QEMU on a busy
 * machine) widens that try's bracket, which is then not taken, so a stall
 * cannot skew the calibration as it did when the ends of a fixed PIT
 * window were taken from wherever the guest happened to be (20% seen).
 */
static void pit_sample(uint64_t *tsc, uint16_t *count)
{
	uint64_t best = UINT64_MAX;
	int i;

	for (i = 0; i < 6; i++) {
		uint64_t a = rdtsc();
		uint16_t c = pit_read();
		uint64_t b = rdtsc();

		if (b - a < best) {
			best = b - a;
			*tsc = a + (b - a) / 2;
			*count = c;
		}
	}
}

/*
 * TSC cycles per CALIBRATE_MS: PIT channel 2 counting down from 0xffff
 * (55 ms, so no wrap), sampled at the start and once ms worth of PIT
 * ticks have gone by.  0 when the PIT does not count.
 */
static uint64_t measure_cycles(unsigned int ms)
{
	uint32_t want = (uint32_t)(PIT_HZ * ms / 1000), ticks = 0;
	uint64_t t0, t1;
	uint16_t c0, c1;
	uint8_t gate;
	long spin = 10000000;

	gate = inb(PIT_GATE);
	outb(PIT_GATE, (gate & ~0x02) | 0x01);	/* speaker off, gate on */
	outb(PIT_CMD, 0xb0);			/* ch2, lo/hi, mode 0 */
	outb(PIT_CH2, 0xff);
	outb(PIT_CH2, 0xff);
	pit_sample(&t0, &c0);
	while (--spin) {
		pit_sample(&t1, &c1);
		ticks = (uint16_t)(c0 - c1);
		if (ticks >= want)
			break;
	}
	outb(PIT_GATE, gate);
	if (!spin || !ticks)
		return 0;
	return (t1 - t0) * want / ticks;
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
