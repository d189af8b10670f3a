/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared read-only pages of executables from files that never change
 * (kernel/exec_cache.c).
 */
#ifndef _PANDA_EXEC_CACHE_H
#define _PANDA_EXEC_CACHE_H

#include <panda/mm.h>

struct address_space;
struct exec_cache_file;

/* The cached pages of the file with this key, or NULL. */
const struct exec_cache_file *exec_cache_find(const void *key);
/* The page at va (frame, PTE flags for as_map()), if it is cached. */
bool exec_cache_page(const struct exec_cache_file *f, uint64_t va,
		     phys_addr_t *pa, uint64_t *flags);
/*
 * Maps a page exec_cache_page() gave into as at va, with a reference of
 * its own to the frame (PTE_OWNED: unmapping drops it).
 */
int exec_cache_map(struct address_space *as, uint64_t va, phys_addr_t pa,
		   uint64_t flags);
/*
 * After a load of the file with this key into as (not yet run), shares
 * every page that ended up read-only with the cache (the frames become
 * counted; the cache takes a reference).  head holds the checked ELF and
 * program headers.  Out of memory, nothing is cached.
 */
void exec_cache_fill(const void *key, struct address_space *as,
		     const void *head);
/* Drops the cache's reference to every page (at halt). */
void exec_cache_drop(void);

#endif
