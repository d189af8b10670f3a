/* SPDX-License-Identifier: GPL-2.0 */
/*
 * <stdlib.h> for Panda programs.  The heap is lib/umalloc on the program
 * break (panda/heap.h): every pointer is 16-byte aligned, freed memory is
 * reused, and corruption detected by free/realloc ends the program with
 * exit code 101.  getenv & co. use the startup environment store
 * (panda/envvars.h).
 */
#ifndef _PANDA_LIBC_STDLIB_H
#define _PANDA_LIBC_STDLIB_H

#include <stddef.h>

#define EXIT_SUCCESS	0
#define EXIT_FAILURE	1
#define RAND_MAX	0x7fffffff

void *malloc(size_t size);
void free(void *p);
/* calloc: NULL if n * size overflows; realloc(p, 0) frees, gives NULL. */
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t size);
/* align: a power of two up to 1 MiB; size need not be a multiple. */
void *aligned_alloc(size_t align, size_t size);
void *memalign(size_t align, size_t size);
/* Returns 0, PANDA_ERR_INVALID_ARGUMENT or PANDA_ERR_NO_MEMORY (positive). */
int posix_memalign(void **out, size_t align, size_t size);
size_t malloc_usable_size(void *p);

__attribute__((noreturn)) void exit(int status);	/* flushes stdio */
__attribute__((noreturn)) void _Exit(int status);
__attribute__((noreturn)) void abort(void);		/* exit code 101 */
__attribute__((noreturn)) void __panda_abort_at(const char *file, int line);
/* abort() logs "PANIC at <file>:<line>: abort()" (panda/print.h). */
#define abort()		__panda_abort_at(__FILE__, __LINE__)

char *getenv(const char *key);
int setenv(const char *key, const char *value, int overwrite);
int unsetenv(const char *key);			/* removes every match */

int atoi(const char *s);
long atol(const char *s);
long long atoll(const char *s);
long strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);
long long strtoll(const char *s, char **end, int base);
unsigned long long strtoull(const char *s, char **end, int base);

int abs(int x);
long labs(long x);
long long llabs(long long x);

void qsort(void *base, size_t n, size_t size,
	   int (*cmp)(const void *, const void *));
void *bsearch(const void *key, const void *base, size_t n, size_t size,
	      int (*cmp)(const void *, const void *));

int rand(void);
void srand(unsigned int seed);

#endif /* _PANDA_LIBC_STDLIB_H */
