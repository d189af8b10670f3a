/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _TESTS_REF_LIBC_H
#define _TESTS_REF_LIBC_H

#include <stdarg.h>
#include <stddef.h>

int ref_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int ref_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int ref_memcmp(const void *a, const void *b, size_t n);
int ref_strcmp(const char *a, const char *b);
int ref_strncmp(const char *a, const char *b, size_t n);

#endif
