// SPDX-License-Identifier: GPL-2.0
/*
 * heap_test (tests.md 3): the userspace allocator.  The C equivalent of
 * the reference's boxes and vectors, with malloc/calloc/realloc/free and
 * aligned_alloc/posix_memalign, plus:
 *   - 10,000 malloc/free calls of mixed sizes must not grow the break
 *     (freed memory is reused);
 *   - a 1 MiB block touched at every page (demand paging of the heap).
 * Each sub-test logs "Test: <name>" and "  PASS"; a failure logs
 * "  FAIL: ..." and the program exits 1 after the remaining sub-tests.
 */
#include <panda/panda.h>
#include <stdlib.h>
#include <string.h>

static int failures;
static const char *current;

#define CHECK(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			panda_logf("  FAIL (%s, line %d): %s", current,	\
				   __LINE__, #cond);			\
			panda_logf("  " __VA_ARGS__);			\
			return false;					\
		}							\
	} while (0)

static uintptr_t brk_now(void)
{
	return (uintptr_t)panda_sys_brk(0);
}

/* Inside the heap region, below the current break. */
static bool in_heap(const void *p, size_t size)
{
	uintptr_t a = (uintptr_t)p;

	return a >= PANDA_HEAP_BASE && a + size <= brk_now() && a + size >= a;
}

/* A growable vector of uint64_t, the C stand-in for Vec<u64>. */
struct vec {
	uint64_t *v;
	size_t n, cap;
	unsigned moves;		/* reallocations that moved the data */
};

static bool vec_push(struct vec *v, uint64_t x)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 1;
		uint64_t *nv = realloc(v->v, cap * sizeof(*nv));

		if (!nv)
			return false;
		if (v->v && nv != v->v)
			v->moves++;
		v->v = nv;
		v->cap = cap;
	}
	v->v[v->n++] = x;
	return true;
}

static void vec_free(struct vec *v)
{
	free(v->v);
	memset(v, 0, sizeof(*v));
}

/* ------------------------------------------------------------ sub-tests */

static bool basic_box(void)
{
	int64_t *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));

	CHECK(a && b, "malloc returned %p, %p", a, b);
	*a = 42;
	*b = -123;
	CHECK(*a == 42 && *b == -123, "values %ld, %ld", *a, *b);
	CHECK(a != b, "two live boxes at the same address %p", a);
	CHECK(in_heap(a, 8) && in_heap(b, 8), "%p / %p outside the heap", a, b);
	free(a);
	free(b);
	free(NULL);	/* a no-op */
	return true;
}

struct big {
	uint64_t a, b, c, d;
	uint8_t data[128];
};

static bool boxed_struct(void)
{
	struct big *s = malloc(sizeof(*s));
	int i;

	CHECK(s, "malloc(%zu) failed", sizeof(*s));
	s->a = 1;
	s->b = 2;
	s->c = 3;
	s->d = 0xdeadbeefcafebabeull;
	memset(s->data, 0xab, sizeof(s->data));
	CHECK(s->a == 1 && s->b == 2 && s->c == 3 &&
	      s->d == 0xdeadbeefcafebabeull, "fields changed");
	for (i = 0; i < 128; i++)
		CHECK(s->data[i] == 0xab, "data[%d] = 0x%x", i, s->data[i]);
	free(s);
	return true;
}

static bool multiple_boxes(void)
{
	uint64_t *p[5];
	int i, j;

	for (i = 0; i < 5; i++) {
		p[i] = malloc(sizeof(uint64_t));
		CHECK(p[i], "malloc %d failed", i);
		*p[i] = 1000 + i;
	}
	for (i = 0; i < 5; i++) {
		CHECK(*p[i] == 1000u + i, "box %d holds %lu", i, *p[i]);
		for (j = 0; j < i; j++)
			CHECK(p[i] != p[j], "boxes %d and %d share %p", i, j,
			      p[i]);
	}
	for (i = 0; i < 5; i++)
		free(p[i]);
	return true;
}

static bool vector_push(void)
{
	struct vec v = { 0 };

	CHECK(vec_push(&v, 10) && vec_push(&v, 20) && vec_push(&v, 30),
	      "push failed");
	CHECK(v.n == 3 && v.v[0] == 10 && v.v[1] == 20 && v.v[2] == 30,
	      "contents %lu %lu %lu", v.v[0], v.v[1], v.v[2]);
	vec_free(&v);
	return true;
}

static bool vector_growth(void)
{
	struct vec v = { 0 };
	void *blocker[8];
	int nb = 0;
	size_t cap;
	uint64_t i;

	for (i = 0; i < 100; i++) {
		cap = v.cap;
		CHECK(vec_push(&v, i * i + 7), "push %lu failed", i);
		/* Pin the block so that some growths must move the data. */
		if (v.cap != cap && nb < 8) {
			blocker[nb] = malloc(16);
			CHECK(blocker[nb], "blocker malloc failed");
			nb++;
		}
	}
	CHECK(v.n == 100 && v.cap >= 100, "n %zu cap %zu", v.n, v.cap);
	for (i = 0; i < 100; i++)
		CHECK(v.v[i] == i * i + 7, "v[%lu] = %lu", i, v.v[i]);
	CHECK(v.moves > 0, "no reallocation moved the data");
	panda_logf("  (%u of the reallocations moved the data)", v.moves);
	vec_free(&v);
	while (nb)
		free(blocker[--nb]);
	return true;
}

static bool large_vector(void)
{
	static const size_t spots[] = { 0, 4095, 4096, 8191, 8192, 12287,
					12288, 16383 };
	uint8_t *v = malloc(16384);
	size_t i;

	CHECK(v, "malloc(16384) failed");
	CHECK(in_heap(v, 16384), "%p outside the heap", v);
	for (i = 0; i < 16384; i++)
		v[i] = (uint8_t)(i * 7 + (i >> 8));
	for (i = 0; i < sizeof(spots) / sizeof(spots[0]); i++) {
		size_t k = spots[i];

		CHECK(v[k] == (uint8_t)(k * 7 + (k >> 8)), "v[%zu] = 0x%x", k,
		      v[k]);
	}
	for (i = 0; i < 16384; i++)
		CHECK(v[i] == (uint8_t)(i * 7 + (i >> 8)), "v[%zu] = 0x%x", i,
		      v[i]);
	free(v);
	return true;
}

struct __attribute__((aligned(64))) aligned64 {
	uint8_t bytes[64];
};

static bool alignment(void)
{
	uint64_t *u64 = malloc(sizeof(*u64));
	unsigned __int128 *u128 = malloc(sizeof(*u128));
	struct aligned64 *a64 = aligned_alloc(_Alignof(struct aligned64),
					      sizeof(*a64));
	void *p = NULL, *q;
	size_t sizes[] = { 1, 7, 16, 24, 100, 1000, 5000 };
	size_t i, al;

	CHECK(u64 && u128 && a64, "allocation failed");
	CHECK((uintptr_t)u64 % 8 == 0, "u64 at %p", u64);
	CHECK((uintptr_t)u128 % 16 == 0, "u128 at %p", u128);
	CHECK((uintptr_t)a64 % 64 == 0, "64-byte aligned type at %p", a64);
	*u64 = 1;
	*u128 = ((unsigned __int128)3 << 64) | 5;
	memset(a64->bytes, 0x5a, sizeof(a64->bytes));
	CHECK(*u128 == (((unsigned __int128)3 << 64) | 5), "u128 value");
	free(u64);
	free(u128);
	free(a64);
	/* malloc's own guarantee: 16 bytes, whatever the size. */
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		q = malloc(sizes[i]);
		CHECK(q && (uintptr_t)q % 16 == 0, "malloc(%zu) = %p",
		      sizes[i], q);
		free(q);
	}
	/* posix_memalign and aligned_alloc up to a page. */
	for (al = 8; al <= 4096; al <<= 1) {
		CHECK(posix_memalign(&p, al, 40) == 0 && p, "posix_memalign "
		      "(%zu) failed", al);
		CHECK((uintptr_t)p % al == 0, "posix_memalign(%zu) = %p", al,
		      p);
		memset(p, 0x11, 40);
		q = aligned_alloc(al, 3 * al);
		CHECK(q && (uintptr_t)q % al == 0, "aligned_alloc(%zu) = %p",
		      al, q);
		memset(q, 0x22, 3 * al);
		CHECK(((uint8_t *)p)[39] == 0x11, "neighbour overwritten");
		free(p);
		free(q);
	}
	CHECK(posix_memalign(&p, 24, 8) == PANDA_ERR_INVALID_ARGUMENT,
	      "posix_memalign accepted a non-power-of-two alignment");
	return true;
}

static bool multiple_vectors(void)
{
	uint8_t *v[4];
	int i, j;

	for (i = 0; i < 4; i++) {
		v[i] = malloc(256);
		CHECK(v[i], "malloc %d failed", i);
		memset(v[i], 0x10 * (i + 1), 256);
	}
	for (i = 0; i < 4; i++)
		for (j = 0; j < 256; j++)
			CHECK(v[i][j] == 0x10 * (i + 1), "v%d[%d] = 0x%x", i,
			      j, v[i][j]);
	for (i = 0; i < 4; i++)
		free(v[i]);
	return true;
}

static bool many_small(void)
{
	uint32_t *p[200];
	int i;

	for (i = 0; i < 200; i++) {
		p[i] = malloc(sizeof(uint32_t));
		CHECK(p[i], "malloc %d failed", i);
		*p[i] = 0x5000 + i;
	}
	for (i = 0; i < 200; i++)
		CHECK(*p[i] == 0x5000u + i, "box %d holds 0x%x", i, *p[i]);
	/* Free every other one, reallocate, and check again. */
	for (i = 0; i < 200; i += 2)
		free(p[i]);
	for (i = 0; i < 200; i += 2) {
		p[i] = malloc(sizeof(uint32_t));
		CHECK(p[i], "re-malloc %d failed", i);
		*p[i] = 0x9000 + i;
	}
	for (i = 0; i < 200; i++)
		CHECK(*p[i] == (i % 2 ? 0x5000u : 0x9000u) + i,
		      "box %d holds 0x%x", i, *p[i]);
	for (i = 0; i < 200; i++)
		free(p[i]);
	return true;
}

static bool interleaved(void)
{
	uint64_t *small[16];
	uint8_t *large[16];
	int i, j;

	for (i = 0; i < 16; i++) {
		small[i] = malloc(sizeof(uint64_t));
		large[i] = malloc(512);
		CHECK(small[i] && large[i], "allocation %d failed", i);
		*small[i] = 0xabcdef00u + i;
		memset(large[i], i + 1, 512);
		CHECK(in_heap(large[i], 512), "large %d at %p outside the "
		      "heap [0x%lx, 0x%lx)", i, large[i],
		      (unsigned long)PANDA_HEAP_BASE, (unsigned long)brk_now());
	}
	for (i = 0; i < 16; i++) {
		CHECK(*small[i] == 0xabcdef00u + i, "small %d = 0x%lx", i,
		      *small[i]);
		for (j = 0; j < 512; j++)
			CHECK(large[i][j] == i + 1, "large %d [%d] = %d", i,
			      j, large[i][j]);
	}
	for (i = 0; i < 16; i++) {
		free(small[i]);
		free(large[i]);
	}
	return true;
}

static bool calloc_realloc(void)
{
	uint8_t *p, *q;
	size_t i;

	p = calloc(300, 7);
	CHECK(p, "calloc failed");
	for (i = 0; i < 2100; i++)
		CHECK(p[i] == 0, "calloc byte %zu = 0x%x", i, p[i]);
	for (i = 0; i < 2100; i++)
		p[i] = (uint8_t)i;
	q = realloc(p, 100);		/* shrink: prefix kept */
	CHECK(q, "realloc shrink failed");
	for (i = 0; i < 100; i++)
		CHECK(q[i] == (uint8_t)i, "after shrink [%zu] = 0x%x", i, q[i]);
	p = realloc(q, 50000);		/* grow: prefix kept */
	CHECK(p, "realloc grow failed");
	for (i = 0; i < 100; i++)
		CHECK(p[i] == (uint8_t)i, "after grow [%zu] = 0x%x", i, p[i]);
	memset(p + 100, 0xee, 50000 - 100);
	CHECK(malloc_usable_size(p) >= 50000, "usable size %zu",
	      malloc_usable_size(p));
	CHECK(realloc(p, 0) == NULL, "realloc(p, 0) returned non-NULL");
	p = realloc(NULL, 64);		/* = malloc */
	CHECK(p, "realloc(NULL, 64) failed");
	free(p);
	CHECK(calloc((size_t)1 << 62, 16) == NULL, "overflowing calloc "
	      "succeeded");
	return true;
}

/* xorshift: a fixed, reproducible sequence of sizes. */
static uint32_t rng = 0x12345678;

static uint32_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static size_t mixed_size(void)
{
	uint32_t r = next_rand();

	switch (r % 8) {
	case 0:
		return 1 + (r >> 8) % 4096;	/* up to a page */
	case 1:
		return 1 + (r >> 8) % 1024;
	default:
		return 1 + (r >> 8) % 128;	/* mostly small */
	}
}

static bool churn_no_growth(void)
{
	void *slot[16] = { 0 };
	uintptr_t before, max_brk;
	void *warm;
	int i, k;

	/* Make sure 48 KiB are free (below the 256 KiB trim threshold). */
	warm = malloc(48 * 1024);
	CHECK(warm, "warm-up malloc failed");
	free(warm);
	before = max_brk = brk_now();
	for (i = 0; i < 10000; i++) {
		k = next_rand() % 16;
		free(slot[k]);
		slot[k] = malloc(mixed_size());
		CHECK(slot[k], "malloc %d failed", i);
		memset(slot[k], i, 1);
		if (brk_now() > max_brk)
			max_brk = brk_now();
	}
	for (k = 0; k < 16; k++)
		free(slot[k]);
	CHECK(max_brk == before, "the break grew from 0x%lx to 0x%lx",
	      (unsigned long)before, (unsigned long)max_brk);
	CHECK(brk_now() <= before, "the break ends at 0x%lx, above 0x%lx",
	      (unsigned long)brk_now(), (unsigned long)before);
	return true;
}

static bool demand_paging(void)
{
	const size_t size = 1 << 20, pages = size / 4096;
	uint64_t *p = malloc(size);
	size_t i;

	CHECK(p, "malloc(1 MiB) failed");
	CHECK(in_heap(p, size), "%p + 1 MiB outside the heap (break 0x%lx)",
	      p, (unsigned long)brk_now());
	/* One write per page (the first touch of most of them). */
	for (i = 0; i < pages; i++)
		p[i * 512] = 0x1000000 + i;
	for (i = 0; i < pages; i++)
		CHECK(p[i * 512] == 0x1000000 + i, "page %zu holds 0x%lx", i,
		      p[i * 512]);
	/* And the last word of the block. */
	p[size / 8 - 1] = 0x77;
	CHECK(p[size / 8 - 1] == 0x77, "last word");
	free(p);
	return true;
}

static bool heap_consistent(void)
{
	struct umalloc_stats st;
	enum umalloc_error e = panda_heap_check();

	CHECK(e == UMALLOC_OK, "panda_heap_check: %s", umalloc_strerror(e));
	panda_heap_stats(&st);
	CHECK(st.used_blocks == 0, "%zu blocks still in use (%zu bytes)",
	      st.used_blocks, st.used_bytes);
	return true;
}

static void run(const char *name, bool (*fn)(void))
{
	current = name;
	panda_logf("Test: %s", name);
	if (fn())
		panda_log("  PASS");
	else
		failures++;
}

int main(int argc, char **argv, char **envp)
{
	panda_log("=== Heap allocation tests ===");
	/* Before anything else touches the heap. */
	if (brk_now() != PANDA_HEAP_BASE)
		panda_logf("  note: the break starts at 0x%lx, not the heap "
			   "base", (unsigned long)brk_now());
	run("basic box allocation", basic_box);
	run("boxed struct", boxed_struct);
	run("multiple boxes", multiple_boxes);
	run("vector push", vector_push);
	run("vector growth (100 pushes)", vector_growth);
	run("large vector (16 KiB)", large_vector);
	run("alignment", alignment);
	run("multiple vectors", multiple_vectors);
	run("many small allocations", many_small);
	run("interleaved small and large allocations", interleaved);
	run("calloc and realloc", calloc_realloc);
	run("10000 malloc/free do not grow the break", churn_no_growth);
	run("1 MiB allocation, every page touched", demand_paging);
	run("heap consistent, nothing leaked", heap_consistent);
	if (failures) {
		panda_logf("=== %d heap test(s) FAILED ===", failures);
		return 1;
	}
	panda_log("=== All heap tests passed! ===");
	return 0;
}
