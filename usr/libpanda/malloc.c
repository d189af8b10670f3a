// SPDX-License-Identifier: GPL-2.0
/*
 * malloc & co. (userspace.md 3.16): lib/umalloc on the program break.
 * The break starts at PANDA_HEAP_BASE; PROCESS_BRK returns the resulting
 * break, which differs from the request when the kernel refuses it.
 */
#include <panda/heap.h>
#include <panda/print.h>
#include <panda/sys.h>
#include <stdlib.h>
#include <string.h>

static struct umalloc heap;
/* Return address of the current malloc-family call, for panics. */
static void *caller;

static void *brk_grow(void *ctx, intptr_t delta)
{
	uintptr_t old = (uintptr_t)panda_sys_brk(0), want = old + delta;

	if (delta == 0)
		return (void *)old;
	if ((delta > 0 && want < old) || (delta < 0 && want > old))
		return UMALLOC_GROW_FAIL;
	if ((uintptr_t)panda_sys_brk(want) != want)
		return UMALLOC_GROW_FAIL;
	return (void *)old;
}

static void heap_corrupt(void *ctx, enum umalloc_error err, const void *p)
{
	panda_panic("heap: %s: %p, called from %p", umalloc_strerror(err), p,
		    caller);
}

static struct umalloc *h(void)
{
	if (!heap.grow)
		umalloc_init(&heap, brk_grow, heap_corrupt, NULL);
	return &heap;
}

void *malloc(size_t size)
{
	caller = __builtin_return_address(0);
	return umalloc_malloc(h(), size);
}

void free(void *p)
{
	caller = __builtin_return_address(0);
	umalloc_free(h(), p);
}

void *calloc(size_t n, size_t size)
{
	caller = __builtin_return_address(0);
	return umalloc_calloc(h(), n, size);
}

void *realloc(void *p, size_t size)
{
	caller = __builtin_return_address(0);
	return umalloc_realloc(h(), p, size);
}

void *aligned_alloc(size_t align, size_t size)
{
	return umalloc_memalign(h(), align, size);
}

void *memalign(size_t align, size_t size)
{
	return umalloc_memalign(h(), align, size);
}

int posix_memalign(void **out, size_t align, size_t size)
{
	void *p;

	if (align < sizeof(void *) || (align & (align - 1)) ||
	    align > UMALLOC_MAX_ALIGN)
		return PANDA_ERR_INVALID_ARGUMENT;
	p = umalloc_memalign(h(), align, size);
	if (!p)
		return PANDA_ERR_NO_MEMORY;
	*out = p;
	return 0;
}

size_t malloc_usable_size(void *p)
{
	return umalloc_usable_size(h(), p);
}

void panda_heap_stats(struct umalloc_stats *st)
{
	umalloc_stats(h(), st);
}

enum umalloc_error panda_heap_check(void)
{
	return umalloc_check(h());
}

size_t panda_heap_trim(size_t keep)
{
	return umalloc_trim(h(), keep);
}

void *panda_xmalloc(size_t size)
{
	void *p = malloc(size);

	if (!p)
		panda_oom(size);
	return p;
}

void *panda_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (!p)
		panda_oom(n * size);
	return p;
}

void *panda_xrealloc(void *p, size_t size)
{
	void *q = realloc(p, size);

	if (!q && size)
		panda_oom(size);
	return q;
}

char *panda_xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		panda_oom(strlen(s) + 1);
	return d;
}
