/* SPDX-License-Identifier: GPL-2.0 */
/* Direct COM1 output for the boot stage, usable before and after boot
 * services (the firmware has initialised the UART). */
#ifndef _BOOT_SERIAL_H
#define _BOOT_SERIAL_H

static inline void boot_outb(unsigned short port, unsigned char v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline unsigned char boot_inb(unsigned short port)
{
	unsigned char v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void boot_serial_puts(const char *s)
{
	for (; *s; s++) {
		int spin = 100000;

		while (!(boot_inb(0x3f8 + 5) & 0x20) && --spin)
			;
		boot_outb(0x3f8, (unsigned char)*s);
	}
}

static inline unsigned long long boot_rdtsc(void)
{
	unsigned int lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((unsigned long long)hi << 32) | lo;
}

#endif
