/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Freestanding string and memory routines shared by the kernel, userspace
 * and the host unit tests.
 */
#ifndef _LIB_STRING_H
#define _LIB_STRING_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

size_t strlen(const char *s);
size_t strnlen(const char *s, size_t maxlen);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);

/*
 * Copy at most size - 1 bytes of src to dst and NUL-terminate (if size > 0).
 * Returns strlen(src); truncation happened if the result is >= size.
 */
size_t strlcpy(char *dst, const char *src, size_t size);

#endif /* _LIB_STRING_H */
