// SPDX-License-Identifier: GPL-2.0
/*
 * The CMOS real-time clock (MC146818 registers at ports 0x70/0x71), read
 * for wall-clock time in seconds since 1970-01-01 UTC (QEMU keeps it in
 * UTC).  Used for ext2 timestamps (fs.md 10.1).  Reads are repeated until
 * two agree outside an update cycle; values out of range mean "no clock".
 */
#include <asm/io.h>
#include <lib/string.h>
#include <panda/compiler.h>
#include <panda/rtc.h>
#include <panda/spinlock.h>

#define CMOS_INDEX	0x70
#define CMOS_DATA	0x71
#define RTC_STATUS_A	0x0a
#define RTC_STATUS_B	0x0b
#define RTC_UIP		0x80	/* status A: update in progress */
#define RTC_24H		0x02	/* status B */
#define RTC_BINARY	0x04	/* status B: not BCD */
#define RTC_CENTURY	0x32	/* the usual (ACPI FADT) century register */

struct rtc_regs {
	uint8_t sec, min, hour, day, mon, year, century;
};

static spinlock_t rtc_lock = SPINLOCK_INIT;

static uint8_t cmos_read(uint8_t reg)
{
	outb(CMOS_INDEX, reg);
	return inb(CMOS_DATA);
}

static bool read_regs(struct rtc_regs *r)
{
	unsigned int spins = 0;

	while (cmos_read(RTC_STATUS_A) & RTC_UIP)
		if (++spins > 1000000)
			return false;
	r->sec = cmos_read(0x00);
	r->min = cmos_read(0x02);
	r->hour = cmos_read(0x04);
	r->day = cmos_read(0x07);
	r->mon = cmos_read(0x08);
	r->year = cmos_read(0x09);
	r->century = cmos_read(RTC_CENTURY);
	return true;
}

static unsigned int bcd(uint8_t v)
{
	return (v & 0x0f) + (v >> 4) * 10;
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static int64_t days_from_civil(int64_t y, unsigned int m, unsigned int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int rtc_read_time(uint64_t *secs)
{
	struct rtc_regs a, b;
	unsigned int sec, min, hour, day, mon, year, tries;
	uint8_t status;
	bool pm;
	uint64_t flags;

	spin_lock_irqsave(&rtc_lock, flags);
	for (tries = 0; tries < 10; tries++) {
		if (!read_regs(&a) || !read_regs(&b)) {
			tries = 10;
			break;
		}
		if (!memcmp(&a, &b, sizeof(a)))
			break;
	}
	status = cmos_read(RTC_STATUS_B);
	spin_unlock_irqrestore(&rtc_lock, flags);
	if (tries >= 10)
		return -1;
	pm = !(status & RTC_24H) && (a.hour & 0x80);
	a.hour &= 0x7f;
	if (status & RTC_BINARY) {
		sec = a.sec, min = a.min, hour = a.hour;
		day = a.day, mon = a.mon, year = a.year;
	} else {
		sec = bcd(a.sec), min = bcd(a.min), hour = bcd(a.hour);
		day = bcd(a.day), mon = bcd(a.mon), year = bcd(a.year);
		a.century = (uint8_t)bcd(a.century);
	}
	if (!(status & RTC_24H))
		hour = hour % 12 + (pm ? 12 : 0);
	year += a.century >= 19 && a.century <= 21 ? a.century * 100u : 2000u;
	if (sec > 59 || min > 59 || hour > 23 || !day || day > 31 || !mon ||
	    mon > 12 || year < 1970)
		return -1;
	*secs = (uint64_t)days_from_civil(year, mon, day) * 86400 +
		hour * 3600 + min * 60 + sec;
	return 0;
}
