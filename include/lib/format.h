/* SPDX-License-Identifier: GPL-2.0 */
/*
 * printf-style formatting without floating point.
 *
 * Supported: %d %i %u %x %X %o %p %s %c %%, flags "-0+ #", width and
 * precision (including '*'), length modifiers hh h l ll z t j.
 * %p prints "0x" followed by minimal lowercase hex ("0x0" for NULL).
 * %s of NULL prints "(null)". %n is not supported. Unknown or incomplete
 * conversions are copied to the output literally.
 */
#ifndef _LIB_FORMAT_H
#define _LIB_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

#define __lib_printf(f, a) __attribute__((format(printf, f, a)))

/* Character sink for vcbprintf(). */
typedef void (*format_out_t)(char c, void *ctx);

/*
 * Format into a callback, one character at a time.  Returns the number of
 * characters emitted (clamped to INT_MAX).
 */
int vcbprintf(format_out_t out, void *ctx, const char *fmt, va_list ap);
int cbprintf(format_out_t out, void *ctx, const char *fmt, ...)
	__lib_printf(3, 4);

/*
 * C99 semantics: returns the length the full output would have had
 * (excluding the NUL), writes at most size - 1 characters and always
 * NUL-terminates when size > 0.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __lib_printf(3, 4);

/*
 * Like vsnprintf(), but returns the number of characters actually stored
 * in buf (excluding the NUL); 0 when size == 0.
 */
int vscnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int scnprintf(char *buf, size_t size, const char *fmt, ...) __lib_printf(3, 4);

#endif /* _LIB_FORMAT_H */
