/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The heap (userspace.md 3.16): malloc & co. (<stdlib.h>) run lib/umalloc
 * on the program break (PROCESS_BRK from PANDA_HEAP_BASE).  Freed blocks
 * are reused, neighbours coalesce, and a large free block at the top is
 * returned to the kernel.  Heap corruption detected by free()/realloc()
 * (double free, overflow, foreign pointer) panics: exit 101.
 */
#ifndef _PANDA_HEAP_H
#define _PANDA_HEAP_H

#include <stddef.h>
#include <lib/umalloc.h>

void panda_heap_stats(struct umalloc_stats *st);
/* Full consistency walk: UMALLOC_OK or the first problem found. */
enum umalloc_error panda_heap_check(void);
/* Return free memory at the top of the heap beyond keep bytes. */
size_t panda_heap_trim(size_t keep);

/* Allocation helpers that cannot fail: exit 102 when memory runs out. */
void *panda_xmalloc(size_t size);
void *panda_xcalloc(size_t n, size_t size);
void *panda_xrealloc(void *p, size_t size);
char *panda_xstrdup(const char *s);

#endif /* _PANDA_HEAP_H */
