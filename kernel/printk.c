// SPDX-License-Identifier: GPL-2.0
/* The kernel log: records to the serial console under one lock. */
#include <lib/format.h>
#include <panda/printk.h>
#include <panda/serial.h>
#include <panda/spinlock.h>
#include <panda/time.h>

int log_max_level = CONFIG_LOG_LEVEL;
static spinlock_t console_lock = SPINLOCK_INIT;

static const char *const level_names[] = {
	[LOG_ERROR] = "ERROR",
	[LOG_WARN] = "WARN",
	[LOG_INFO] = "INFO",
	[LOG_DEBUG] = "DEBUG",
	[LOG_TRACE] = "TRACE",
};

static uint64_t console_bytes;	/* everything ever written */

uint64_t console_written(void)
{
	return READ_ONCE(console_bytes);
}

static void console_out(char c, void *ctx)
{
	console_bytes++;
	serial_putc(c);
}

void console_init(void)
{
	serial_init();
	/* The first bytes the kernel emits: an ANSI attribute reset. */
	console_write("\033[0m", 4);
}

void console_write(const char *s, size_t len)
{
	console_bytes += len;
	while (len--)
		serial_putc(*s++);
}

void console_printf(const char *fmt, ...)
{
	uint64_t flags;
	va_list ap;

	va_start(ap, fmt);
	spin_lock_irqsave(&console_lock, flags);
	vcbprintf(console_out, NULL, fmt, ap);
	spin_unlock_irqrestore(&console_lock, flags);
	va_end(ap);
}

void vlog_record(enum log_level level, const char *file, int line,
		 const char *fmt, va_list ap)
{
	uint64_t flags, ns = uptime_ns();

	if (level > LOG_TRACE)
		level = LOG_TRACE;
	spin_lock_irqsave(&console_lock, flags);
	cbprintf(console_out, NULL, "[%5lu.%06lu] [%s:%d] %s: ",
		 (unsigned long)(ns / 1000000000),
		 (unsigned long)(ns % 1000000000 / 1000), file, line,
		 level_names[level]);
	vcbprintf(console_out, NULL, fmt, ap);
	console_out('\n', NULL);
	spin_unlock_irqrestore(&console_lock, flags);
}

void log_record(enum log_level level, const char *file, int line,
		const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog_record(level, file, line, fmt, ap);
	va_end(ap);
}

/* Raw bytes from a console: handle, under the log lock (no interleaving). */
void console_write_locked(const char *s, size_t len)
{
	uint64_t flags;

	spin_lock_irqsave(&console_lock, flags);
	console_write(s, len);
	spin_unlock_irqrestore(&console_lock, flags);
}
