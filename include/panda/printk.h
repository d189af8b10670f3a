/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel log.  One record per call:
 *   [    1.234567] [kernel/main.c:42] INFO: message
 * The timestamp is seconds since the TSC was calibrated (0 before that);
 * the rest is the record format of kernel.md section 14.  Records never
 * interleave: the console lock is interrupt-safe.
 */
#ifndef _PANDA_PRINTK_H
#define _PANDA_PRINTK_H

#include <panda/compiler.h>
#include <stdarg.h>

enum log_level {
	LOG_ERROR = 0,
	LOG_WARN = 1,
	LOG_INFO = 2,
	LOG_DEBUG = 3,
	LOG_TRACE = 4,
};

void log_record(enum log_level level, const char *file, int line,
		const char *fmt, ...) __printf(4, 5);
void vlog_record(enum log_level level, const char *file, int line,
		 const char *fmt, va_list ap);
/* Raw console output with no record prefix (harness lines, panics). */
void console_printf(const char *fmt, ...) __printf(1, 2);
void console_write(const char *s, size_t len);
void console_write_locked(const char *s, size_t len);
void console_init(void);
/* Bytes written to the console so far (to notice interleaved output). */
uint64_t console_written(void);
extern int log_max_level;

#define pr_log(level, ...)						\
	do {								\
		if ((level) <= log_max_level)				\
			log_record(level, __FILE__, __LINE__, __VA_ARGS__); \
	} while (0)

#define pr_err(...)	pr_log(LOG_ERROR, __VA_ARGS__)
#define pr_warn(...)	pr_log(LOG_WARN, __VA_ARGS__)
#define pr_info(...)	pr_log(LOG_INFO, __VA_ARGS__)
#define pr_debug(...)	pr_log(LOG_DEBUG, __VA_ARGS__)
#define pr_trace(...)	pr_log(LOG_TRACE, __VA_ARGS__)

#endif
