/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <string.h> for Panda programs: lib/string.c (mem*, strlen, strcmp,
 * strchr, strlcpy, ...) plus the rest of the usual set from libpanda.
 */
#ifndef _PANDA_LIBC_STRING_H
#define _PANDA_LIBC_STRING_H

#include <stddef.h>
#include <lib/string.h>

void *memchr(const void *s, int c, size_t n);
char *strcpy(char *dst, const char *src);
char *strncpy(char *dst, const char *src, size_t n);
char *stpcpy(char *dst, const char *src);
char *strcat(char *dst, const char *src);
char *strncat(char *dst, const char *src, size_t n);
size_t strlcat(char *dst, const char *src, size_t size);
char *strdup(const char *s);			/* malloc'd; NULL on OOM */
char *strndup(const char *s, size_t n);
char *strstr(const char *haystack, const char *needle);
size_t strspn(const char *s, const char *accept);
size_t strcspn(const char *s, const char *reject);
char *strpbrk(const char *s, const char *accept);
char *strtok_r(char *s, const char *delim, char **save);
char *strtok(char *s, const char *delim);
int strcasecmp(const char *a, const char *b);
int strncasecmp(const char *a, const char *b, size_t n);
/* Description of a PANDA_ERR_* code (either sign): panda_strerror(). */
const char *strerror(int err);

#endif /* _PANDA_LIBC_STRING_H */
