// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for lib/svc_closure.c (services.md 8.8): start's closure over
 * dependencies, stop's over dependents, unknown names, cycles, a mark
 * array that is added to, an out-of-range start.
 */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <string.h>
#include <lib/svc_closure.h>

/* a; b after a; c after b; d after a; e after ghost; x after y; y after x */
static char *after_b[] = { "a" }, *after_c[] = { "b" }, *after_d[] = { "a" },
	    *after_e[] = { "ghost" }, *after_x[] = { "y" },
	    *after_y[] = { "x" };
static struct svc_config cfg[] = {
	{ .name = "a" },
	{ .name = "b", .after = after_b, .n_after = 1 },
	{ .name = "c", .after = after_c, .n_after = 1 },
	{ .name = "d", .after = after_d, .n_after = 1 },
	{ .name = "e", .after = after_e, .n_after = 1 },
	{ .name = "x", .after = after_x, .n_after = 1 },
	{ .name = "y", .after = after_y, .n_after = 1 },
};
#define N (sizeof(cfg) / sizeof(cfg[0]))

static const struct svc_config *ptrs[N];

static void setup(void)
{
	for (size_t i = 0; i < N; i++)
		ptrs[i] = &cfg[i];
}

TestSuite(closure, .init = setup);

/* The marked names, concatenated ("abd"). */
static const char *marked(const bool *mark)
{
	static char out[N + 1];
	size_t i, k = 0;

	for (i = 0; i < N; i++)
		if (mark[i])
			out[k++] = cfg[i].name[0];
	out[k] = 0;
	return out;
}

Test(closure, start_enables_dependencies)
{
	bool mark[N] = { 0 };

	svc_closure_deps(ptrs, N, 2, mark); /* c */
	cr_assert_str_eq(marked(mark), "abc");
	memset(mark, 0, sizeof(mark));
	svc_closure_deps(ptrs, N, 0, mark); /* a has none */
	cr_assert_str_eq(marked(mark), "a");
}

Test(closure, stop_disables_dependents)
{
	bool mark[N] = { 0 };

	svc_closure_dependents(ptrs, N, 0, mark); /* a */
	cr_assert_str_eq(marked(mark), "abcd");
	memset(mark, 0, sizeof(mark));
	svc_closure_dependents(ptrs, N, 1, mark); /* b */
	cr_assert_str_eq(marked(mark), "bc");
}

Test(closure, unknown_names_and_cycles)
{
	bool mark[N] = { 0 };

	svc_closure_deps(ptrs, N, 4, mark); /* e after ghost */
	cr_assert_str_eq(marked(mark), "e");
	memset(mark, 0, sizeof(mark));
	svc_closure_deps(ptrs, N, 5, mark);
	cr_assert_str_eq(marked(mark), "xy");
	memset(mark, 0, sizeof(mark));
	svc_closure_dependents(ptrs, N, 6, mark);
	cr_assert_str_eq(marked(mark), "xy");
}

Test(closure, adds_to_the_marks)
{
	bool mark[N] = { 0 };

	mark[4] = true;
	svc_closure_deps(ptrs, N, 3, mark); /* d */
	cr_assert_str_eq(marked(mark), "ade");
	svc_closure_deps(ptrs, N, N, mark); /* out of range: nothing */
	cr_assert_str_eq(marked(mark), "ade");
}
