// SPDX-License-Identifier: GPL-2.0
/*
 * Reference implementations from the host libc, for tests that compare the
 * lib versions against them.  Built WITHOUT host_rename.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ref_libc.h"

int ref_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return vsnprintf(buf, size, fmt, ap);
}

int ref_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return ret;
}

int ref_memcmp(const void *a, const void *b, size_t n)
{
	return memcmp(a, b, n);
}

int ref_strcmp(const char *a, const char *b)
{
	return strcmp(a, b);
}

int ref_strncmp(const char *a, const char *b, size_t n)
{
	return strncmp(a, b, n);
}
