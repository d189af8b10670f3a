// SPDX-License-Identifier: GPL-2.0
/*
 * malloc_bench: libpanda's allocator core (lib/umalloc.c, with lib/string.c
 * as libpanda links it) against the host's glibc malloc, on the host, on
 * one mixed workload.  'make bench' runs it as the malloc_mixed row.
 *
 *	malloc_bench umalloc | glibc
 *
 * prints 'BENCH name=malloc_mixed value=<ns per operation> unit=ns
 * iters=<n>'.  umalloc runs on a brk shim: one reserved address range whose
 * break moves by the grow() callback; memory given back is dropped with
 * MADV_DONTNEED, so growing again faults pages in as a real brk does.
 * glibc uses the real brk and mmap.
 *
 * The workload, the same sequence for both (a fixed xorshift seed): 8192
 * slots; each operation picks a slot at random and mallocs into an empty
 * one, or reallocs (one time in eight) or frees a full one.  Sizes: 70%
 * 16-128 B, 25% 128 B-2 KiB, 4% 2-32 KiB, 1% 32-256 KiB.  Every block has
 * its first and last 8 bytes written.  One warm-up pass, then the median
 * of REPS passes over the same heap (everything freed between passes),
 * in process CPU time, so that other load on the host does not count.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include <lib/umalloc.h>

#define SLOTS	8192
#define OPS	500000
#define REPS	9
#define ARENA	(4ull << 30)

static struct umalloc heap;
static char *arena, *brk_cur;
static unsigned long grow_calls;

static void *shim_grow(void *ctx, intptr_t delta)
{
	char *old = brk_cur;

	grow_calls++;
	if (delta > 0 && (uint64_t)(brk_cur - arena) + delta > ARENA)
		return UMALLOC_GROW_FAIL;
	if (delta < 0 && brk_cur + delta < arena)
		return UMALLOC_GROW_FAIL;
	if (delta < 0) {
		uintptr_t lo = ((uintptr_t)(brk_cur + delta) + 4095) & ~4095ul;

		if (lo < (uintptr_t)brk_cur)
			madvise((void *)lo, (uintptr_t)brk_cur - lo,
				MADV_DONTNEED);
	}
	brk_cur += delta;
	return old;
}

static void shim_corrupt(void *ctx, enum umalloc_error err, const void *p)
{
	fprintf(stderr, "umalloc: %s at %p\n", umalloc_strerror(err), p);
	abort();
}

static int use_umalloc;

static void *a_malloc(size_t n)
{
	return use_umalloc ? umalloc_malloc(&heap, n) : malloc(n);
}

static void *a_realloc(void *p, size_t n)
{
	return use_umalloc ? umalloc_realloc(&heap, p, n) : realloc(p, n);
}

static void a_free(void *p)
{
	if (use_umalloc)
		umalloc_free(&heap, p);
	else
		free(p);
}

static uint64_t rng;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static size_t pick_size(void)
{
	unsigned int r = next() % 100;

	if (r < 70)
		return 16 + next() % 113;
	if (r < 95)
		return 128 + next() % 1921;
	if (r < 99)
		return 2048 + next() % (30 * 1024 + 1);
	return 32768 + next() % (224 * 1024 + 1);
}

static void touch(void *p, size_t n)
{
	memset(p, 0x5a, 8);
	memset((char *)p + n - 8, 0xa5, 8);
}

static void *slot[SLOTS];
static size_t slot_size[SLOTS];

static double pass(void)
{
	struct timespec t0, t1;
	long i;

	rng = 0x9e3779b97f4a7c15ull;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
	for (i = 0; i < OPS; i++) {
		unsigned int s = next() % SLOTS;

		if (!slot[s]) {
			slot_size[s] = pick_size();
			slot[s] = a_malloc(slot_size[s]);
			if (!slot[s])
				abort();
			touch(slot[s], slot_size[s]);
		} else if (next() % 8 == 0) {
			size_t n = pick_size();
			void *p = a_realloc(slot[s], n);

			if (!p)
				abort();
			slot[s] = p;
			slot_size[s] = n;
			touch(p, n);
		} else {
			a_free(slot[s]);
			slot[s] = NULL;
		}
	}
	for (i = 0; i < SLOTS; i++) {
		a_free(slot[i]);
		slot[i] = NULL;
	}
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
	return ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) /
	       (OPS + SLOTS);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	double t[REPS];
	int i;

	if (argc != 2 || (strcmp(argv[1], "umalloc") &&
			  strcmp(argv[1], "glibc"))) {
		fprintf(stderr, "usage: %s umalloc|glibc\n", argv[0]);
		return 2;
	}
	use_umalloc = !strcmp(argv[1], "umalloc");
	if (use_umalloc) {
		arena = mmap(NULL, ARENA, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1,
			     0);
		if (arena == MAP_FAILED)
			return 1;
		brk_cur = arena;
		umalloc_init(&heap, shim_grow, shim_corrupt, NULL);
	}
	pass();
	for (i = 0; i < REPS; i++)
		t[i] = pass();
	qsort(t, REPS, sizeof(t[0]), cmp_double);
	printf("BENCH name=malloc_mixed value=%.3f unit=ns iters=%d\n",
	       t[REPS / 2], REPS * (OPS + SLOTS));
	if (use_umalloc) {
		if (umalloc_check(&heap) != UMALLOC_OK)
			return 1;
		printf("BENCH-INFO allocator=umalloc grow_calls=%lu\n",
		       grow_calls);
	}
	return 0;
}
