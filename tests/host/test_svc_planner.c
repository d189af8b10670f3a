// SPDX-License-Identifier: GPL-2.0
/*
 * Tests for lib/svc_planner.c: every normative example of services.md
 * 7.3, the cases of 12.3 (depths and alphabetical ties, cycles, self
 * cycle, missing and disabled dependencies with propagation, runtime
 * add, stop with dependents, config change, determinism under input
 * permutation), the diff rules of 7.2 step 5, warning order, and
 * allocation failure.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include <lib/svc_planner.h>

/* ---------------------------------------------------------------- alloc */

static const struct panda_value_alloc *A = &test_heap;

/*
 * Configs live for the whole test; they are made with plain malloc so
 * that the counting allocator sees only the planner.
 */
static void *m_alloc(void *ctx, size_t size)
{
	(void)ctx;
	return malloc(size);
}

static void m_free(void *ctx, void *p, size_t size)
{
	(void)ctx;
	(void)size;
	free(p);
}

static struct panda_value_alloc mheap = { m_alloc, m_free, NULL };

#define MAX_CFG 32
static struct svc_config cfgs[MAX_CFG];
static size_t n_cfgs;

static void setup(void)
{
	memset(&test_cnt, 0, sizeof(test_cnt));
	n_cfgs = 0;
}

static void teardown(void)
{
	size_t i;

	for (i = 0; i < n_cfgs; i++)
		svc_config_free(&mheap, &cfgs[i]);
	cr_expect_eq(test_cnt.live, 0, "%ld blocks leaked", test_cnt.live);
}

TestSuite(planner, .init = setup, .fini = teardown);

/* ---------------------------------------------------------------- helpers */

/*
 * A config named name with exec "file:/<exec>", after = the
 * space-separated names in deps, and extra TOML lines (may be NULL).
 */
static struct svc_config cfg_x(const char *name, const char *deps,
			       const char *exec, const char *extra)
{
	char text[1024], list[512] = "";
	const char *p = deps;
	size_t n = 0;
	int err;

	while (p && *p) {
		size_t k = strcspn(p, " ");

		n += (size_t)snprintf(list + n, sizeof(list) - n, "%s\"%.*s\"",
				      n ? ", " : "", (int)k, p);
		p += k;
		p += strspn(p, " ");
	}
	snprintf(text, sizeof(text),
		 "[service]\nexec = \"file:/%s\"\n%s\n[dependencies]\nafter = [%s]\n",
		 exec, extra ? extra : "", list);
	cr_assert_lt(n_cfgs, MAX_CFG);
	err = svc_config_parse(&mheap, name, NULL, text, strlen(text),
			       &cfgs[n_cfgs]);
	cr_assert(err == 0 || err == SVC_CONFIG_EINVALID);
	return cfgs[n_cfgs++];
}

static struct svc_config cfg(const char *name, const char *deps)
{
	return cfg_x(name, deps, name, NULL);
}

static struct svc_current running(const struct svc_config *c)
{
	return (struct svc_current){ c->name, SVC_STATE_RUNNING, c };
}

/* "[0] start A; [1] start B (after 0)" */
static char *render(const struct plan *p)
{
	static char out[4096];
	size_t i, n = 0;

	out[0] = '\0';
	for (i = 0; i < p->n_steps; i++) {
		if (i)
			n += (size_t)snprintf(out + n, sizeof(out) - n, "; ");
		n += (size_t)planner_format_step(p, i, out + n,
						 sizeof(out) - n);
	}
	return out;
}

static char *render_warnings(const struct plan *p)
{
	static char out[4096];
	size_t i, n = 0;

	out[0] = '\0';
	for (i = 0; i < p->n_warnings; i++)
		n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%s",
				      i ? " | " : "", p->warnings[i]);
	return out;
}

struct in {
	const struct svc_config *desired;
	size_t n_desired;
	const struct svc_current *current;
	size_t n_current;
	const char *const *force;
	size_t n_force;
	const char *const *disabled;
	size_t n_disabled;
};

static void expect(const struct in *in, const char *steps,
		   const char *warnings)
{
	struct planner_input pi = {
		in->desired,	in->n_desired, in->current,  in->n_current,
		in->force,	in->n_force,   in->disabled, in->n_disabled,
	};
	struct plan p;
	int err = planner_plan(A, &pi, &p);

	cr_assert_eq(err, 0, "planner error %d", err);
	cr_assert_str_eq(render(&p), steps, "\n got  %s\n want %s",
			 render(&p), steps);
	cr_assert_str_eq(render_warnings(&p), warnings,
			 "\n got  %s\n want %s", render_warnings(&p),
			 warnings);
	planner_free(A, &p);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---------------------------------------------------------------- 7.3 */

Test(planner, example_boot_order)
{
	struct svc_config d[] = {
		cfg("A", ""), cfg("B", "A"), cfg("C", "B"), cfg("D", "A"),
	};
	struct in in = { .desired = d, .n_desired = N(d) };

	expect(&in,
	       "[0] start A; [1] start B (after 0); [2] start D (after 0); "
	       "[3] start C (after 1)",
	       "");
}

Test(planner, example_two_node_cycle)
{
	struct svc_config d[] = { cfg("A", "B"), cfg("B", "A"), cfg("C", "") };
	struct in in = { .desired = d, .n_desired = N(d) };

	expect(&in, "[0] start C", "cycle: A -> B -> A");
}

Test(planner, example_unknown_dependency)
{
	struct svc_config d[] = {
		cfg("X", "ghost"), cfg("Y", "X"), cfg("Z", ""),
	};
	struct in in = { .desired = d, .n_desired = N(d) };

	expect(&in, "[0] start Z",
	       "X: unknown dependency ghost | "
	       "Y: excluded because dependency X is excluded");
}

Test(planner, example_stop_with_dependents)
{
	struct svc_config a = cfg("A", ""), b = cfg("B", "A"),
			  c = cfg("C", "B");
	struct svc_current cur[] = { running(&a), running(&b), running(&c) };
	struct in in = { .current = cur, .n_current = N(cur) };

	expect(&in, "[0] stop C; [1] stop B (after 0); [2] stop A (after 1)",
	       "");
}

Test(planner, example_config_change)
{
	struct svc_config c1 = cfg_x("A", "", "a1", NULL);
	struct svc_config c2 = cfg_x("A", "", "a2", NULL);
	struct svc_current cur[] = { running(&c1) };
	struct in in = { .desired = &c2, .n_desired = 1, .current = cur, .n_current = 1 };

	expect(&in, "[0] restart A", "");
}

Test(planner, example_runtime_add)
{
	struct svc_config a = cfg("A", ""), e = cfg("E", "");
	struct svc_config d[] = { a, e };
	struct svc_current cur[] = { running(&a) };
	struct in in = { .desired = d, .n_desired = N(d), .current = cur, .n_current = N(cur) };

	expect(&in, "[0] start E", "");
}

/* ---------------------------------------------------------------- cycles */

Test(planner, self_cycle)
{
	struct svc_config d[] = { cfg("A", "A"), cfg("B", "") };
	struct in in = { .desired = d, .n_desired = N(d) };

	expect(&in, "[0] start B", "cycle: A -> A");
}

Test(planner, long_cycle_with_dependents)
{
	/* a -> b -> c -> a; d needs c; e fine; f needs e. */
	struct svc_config d[] = {
		cfg("a", "b"), cfg("b", "c"), cfg("c", "a"),
		cfg("d", "c e"), cfg("e", ""), cfg("f", "e"),
	};
	struct in in = { .desired = d, .n_desired = N(d) };

	expect(&in, "[0] start e; [1] start f (after 0)",
	       "cycle: a -> b -> c -> a | "
	       "d: excluded because dependency c is excluded");
}

Test(planner, cycle_entered_from_a_dependent)
{
	/* z depends on the cycle p <-> q; DFS from "a" reaches it first. */
	struct svc_config d[] = {
		cfg("a", "p"), cfg("p", "q"), cfg("q", "p"), cfg("z", ""),
	};
	struct in in = { .desired = d, .n_desired = N(d) };

	expect(&in, "[0] start z",
	       "cycle: p -> q -> p | "
	       "a: excluded because dependency p is excluded");
}

Test(planner, several_cycles_in_discovery_order)
{
	/*
	 * From A: B (grey) -> A closes A -> B -> A; then B -> C -> A closes
	 * A -> B -> C -> A.  D <-> E is a separate cycle.  C is on the
	 * second cycle only.
	 */
	struct svc_config d[] = {
		cfg("A", "B"), cfg("B", "A C"), cfg("C", "A"),
		cfg("D", "E"), cfg("E", "D"), cfg("F", ""),
	};
	struct in in = { .desired = d, .n_desired = N(d) };

	expect(&in, "[0] start F",
	       "cycle: A -> B -> A | cycle: A -> B -> C -> A | "
	       "cycle: D -> E -> D");
}

Test(planner, cycle_member_excluded_by_propagation)
{
	/*
	 * A needs B and C, B needs A, C needs B: the back edge B -> A
	 * reports A -> B -> A; C reaches B through a cross edge, so it is
	 * not on a reported cycle but is excluded as B's dependent.
	 */
	struct svc_config d[] = {
		cfg("A", "B C"), cfg("B", "A"), cfg("C", "B"), cfg("D", ""),
	};
	struct in in = { .desired = d, .n_desired = N(d) };

	expect(&in, "[0] start D",
	       "cycle: A -> B -> A | "
	       "C: excluded because dependency B is excluded");
}

/* ---------------------------------------------------------------- exclusion */

Test(planner, disabled_dependency)
{
	struct svc_config d[] = { cfg("app", "db"), cfg("web", "app") };
	const char *disabled[] = { "db" };
	struct in in = { .desired = d, .n_desired = N(d), .disabled = disabled, .n_disabled = 1 };

	expect(&in, "",
	       "app: dependency db is not enabled | "
	       "web: excluded because dependency app is excluded");
}

Test(planner, several_bad_dependencies_in_list_order)
{
	struct svc_config d[] = { cfg("x", "zz ghost zz off a") , cfg("a", "") };
	const char *disabled[] = { "off" };
	struct in in = { .desired = d, .n_desired = N(d), .disabled = disabled, .n_disabled = 1 };

	expect(&in, "[0] start a",
	       "x: unknown dependency zz | x: unknown dependency ghost | "
	       "x: dependency off is not enabled");
}

Test(planner, invalid_config_and_dependents)
{
	struct svc_config d[] = {
		cfg_x("bad", "", "x", "stdout = \"tty\"\nuser = 1"),
		cfg("mid", "bad"),
		cfg("top", "mid"),
		cfg("ok", ""),
	};
	struct in in = { .desired = d, .n_desired = N(d) };

	expect(&in, "[0] start ok",
	       "invalid config for bad: line 3, column 10: service.stdout must be "
	       "\"inherit\", \"log\", \"null\" or \"console\", not \"tty\" | "
	       "invalid config for bad: line 4, column 1: unknown key \"user\" in [service] | "
	       "mid: excluded because dependency bad is excluded | "
	       "top: excluded because dependency mid is excluded");
}

Test(planner, first_excluded_dependency_is_named)
{
	/* w needs q (excluded later, by propagation) and z (cycle). */
	struct svc_config d[] = {
		cfg("w", "z q"), cfg("q", "ghost"), cfg("z", "z"),
	};
	struct in in = { .desired = d, .n_desired = N(d) };

	expect(&in, "",
	       "q: unknown dependency ghost | cycle: z -> z | "
	       "w: excluded because dependency q is excluded");
}

Test(planner, hand_built_invalid_config)
{
	struct svc_config d[] = {
		{ .name = "h", .exec = NULL },
		{ .name = "i", .exec = "file:/i", .delay_ms = 1 },
	};
	struct in in = { .desired = d, .n_desired = N(d) };

	expect(&in, "[0] start i",
	       "invalid config for h: missing required key \"exec\" in [service]");
}

Test(planner, duplicate_desired_name)
{
	struct svc_config d[] = { cfg("A", ""), cfg_x("A", "", "other", NULL),
				  cfg("B", "A"), cfg("C", "") };
	struct in in = { .desired = d, .n_desired = N(d) };

	expect(&in, "[0] start C",
	       "invalid config for A: the service name is given more than once | "
	       "B: excluded because dependency A is excluded");
}

Test(planner, excluded_running_service_is_stopped)
{
	struct svc_config a = cfg("A", ""), b = cfg("B", "A");
	struct svc_config a2 = cfg("A", "B");	/* now a cycle */
	struct svc_config d[] = { a2, b };
	struct svc_current cur[] = { running(&a), running(&b) };
	struct in in = { .desired = d, .n_desired = N(d), .current = cur, .n_current = N(cur) };

	expect(&in, "[0] stop B; [1] stop A (after 0)",
	       "cycle: A -> B -> A");
}

/* ---------------------------------------------------------------- diff */

Test(planner, nothing_to_do)
{
	struct svc_config a = cfg("A", ""), b = cfg("B", "A");
	struct svc_config d[] = { a, b };
	struct svc_current cur[] = { running(&b), running(&a) };
	struct in in = { .desired = d, .n_desired = N(d), .current = cur, .n_current = N(cur) };

	expect(&in, "", "");
	in = (struct in){ 0 };
	expect(&in, "", "");
}

Test(planner, exited_service_is_left_alone)
{
	struct svc_config a = cfg("A", ""), b = cfg("B", "A");
	struct svc_config d[] = { a, b };
	struct svc_current cur[] = {
		{ "A", SVC_STATE_EXITED, &a },
		{ "B", SVC_STATE_RUNNING, &b },
	};
	struct in in = { .desired = d, .n_desired = N(d), .current = cur, .n_current = N(cur) };

	expect(&in, "", "");
}

Test(planner, force_restart)
{
	struct svc_config a = cfg("A", ""), b = cfg("B", "A"), c = cfg("C", "");
	struct svc_config d[] = { a, b, c };
	struct svc_current cur[] = {
		{ "A", SVC_STATE_EXITED, &a },
		{ "B", SVC_STATE_RUNNING, &b },
	};
	const char *force[] = { "A", "B", "C", "nobody" };
	struct in in = { .desired = d, .n_desired = N(d), .current = cur, .n_current = N(cur), .force = force, .n_force = N(force) };

	expect(&in,
	       "[0] restart A; [1] start C; [2] restart B (after 0)", "");
}

Test(planner, stopped_entries_are_not_present)
{
	struct svc_config a = cfg("A", ""), b = cfg("B", "");
	struct svc_config d[] = { a };
	struct svc_current cur[] = {
		{ "A", SVC_STATE_STOPPED, &a },
		{ "B", SVC_STATE_STOPPED, &b },
	};
	struct in in = { .desired = d, .n_desired = N(d), .current = cur, .n_current = N(cur) };

	expect(&in, "[0] start A", "");
}

Test(planner, present_states)
{
	struct svc_config s[6] = {
		cfg("s0", ""), cfg("s1", ""), cfg("s2", ""),
		cfg("s3", ""), cfg("s4", ""), cfg("s5", ""),
	};
	struct svc_current cur[] = {
		{ "s0", SVC_STATE_WAITING, &s[0] },
		{ "s1", SVC_STATE_STARTING, &s[1] },
		{ "s2", SVC_STATE_RUNNING, &s[2] },
		{ "s3", SVC_STATE_STOPPING, &s[3] },
		{ "s4", SVC_STATE_EXITED, &s[4] },
		{ "s5", SVC_STATE_RESTARTING, &s[5] },
	};
	struct in in = { .current = cur, .n_current = N(cur) };

	expect(&in, "[0] stop s0; [1] stop s1; [2] stop s2; [3] stop s3; "
		    "[4] stop s4; [5] stop s5",
	       "");
}

Test(planner, unknown_snapshot_restarts)
{
	struct svc_config a = cfg("A", "");
	struct svc_current cur[] = { { "A", SVC_STATE_RUNNING, NULL } };
	struct in in = { .desired = &a, .n_desired = 1, .current = cur, .n_current = 1 };

	expect(&in, "[0] restart A", "");
}

Test(planner, env_order_does_not_restart)
{
	struct svc_config a = cfg_x("A", "", "a", "[service.env]\nX = \"1\"\nY = \"2\"");
	struct svc_config b = cfg_x("A", "", "a", "[service.env]\nY = \"2\"\nX = \"1\"");
	struct svc_current cur[] = { running(&a) };
	struct in in = { .desired = &b, .n_desired = 1, .current = cur, .n_current = 1 };

	expect(&in, "", "");
}

Test(planner, restarts_follow_dependencies)
{
	struct svc_config a1 = cfg_x("A", "", "a1", NULL);
	struct svc_config b1 = cfg_x("B", "A", "b1", NULL);
	struct svc_config c1 = cfg("C", "B");
	struct svc_config a2 = cfg_x("A", "", "a2", NULL);
	struct svc_config b2 = cfg_x("B", "A", "b2", NULL);
	struct svc_config d[] = { c1, b2, a2 };
	struct svc_current cur[] = { running(&a1), running(&b1),
				     running(&c1) };
	struct in in = { .desired = d, .n_desired = N(d), .current = cur, .n_current = N(cur) };

	/* C is unchanged and running: no step, and nothing waits on it. */
	expect(&in, "[0] restart A; [1] restart B (after 0)", "");
}

Test(planner, starts_do_not_wait_for_stops)
{
	/* old runs, is removed; new starts after base which is running. */
	struct svc_config base = cfg("base", ""), old = cfg("old", "base");
	struct svc_config nw = cfg("new", "base"), top = cfg("top", "new");
	struct svc_config d[] = { base, nw, top };
	struct svc_current cur[] = { running(&base), running(&old) };
	struct in in = { .desired = d, .n_desired = N(d), .current = cur, .n_current = N(cur) };

	expect(&in, "[0] stop old; [1] start new; [2] start top (after 1)",
	       "");
}

Test(planner, stop_order_uses_snapshots)
{
	/*
	 * The snapshots say b needs a and c needs a and b; the new desired
	 * configs (all excluded) do not matter for the order of the stops.
	 */
	struct svc_config a = cfg("a", ""), b = cfg("b", "a"), c = cfg("c", "a b");
	struct svc_config d[] = { cfg("a", "gone"), cfg("b", "a"), cfg("c", "a") };
	struct svc_current cur[] = { running(&c), running(&a), running(&b) };
	struct in in = { .desired = d, .n_desired = N(d), .current = cur, .n_current = N(cur) };

	expect(&in,
	       "[0] stop c; [1] stop b (after 0); [2] stop a (after 0, 1)",
	       "a: unknown dependency gone | "
	       "b: excluded because dependency a is excluded | "
	       "c: excluded because dependency a is excluded");
}

Test(planner, stop_with_partial_dependents)
{
	/* Stopping A only (B, which needs A, is already gone). */
	struct svc_config a = cfg("A", ""), c = cfg("C", "");
	struct svc_config d[] = { c };
	struct svc_current cur[] = { running(&a), running(&c) };
	struct in in = { .desired = d, .n_desired = N(d), .current = cur, .n_current = N(cur) };

	expect(&in, "[0] stop A", "");
}

Test(planner, diamond_and_ties)
{
	struct svc_config d[] = {
		cfg("root", ""), cfg("l", "root"), cfg("r", "root"),
		cfg("join", "r l root"), cfg("Alone", ""), cfg("b2", "Alone"),
	};
	struct in in = { .desired = d, .n_desired = N(d) };

	/* Byte order: upper case before lower case. */
	expect(&in,
	       "[0] start Alone; [1] start root; [2] start b2 (after 0); "
	       "[3] start l (after 1); [4] start r (after 1); "
	       "[5] start join (after 1, 3, 4)",
	       "");
}

Test(planner, duplicate_dependency_listed_once)
{
	struct svc_config d[] = { cfg("a", ""), cfg("b", "a a a") };
	struct in in = { .desired = d, .n_desired = N(d) };

	expect(&in, "[0] start a; [1] start b (after 0)", "");
}

Test(planner, warning_categories_in_order)
{
	struct svc_config d[] = {
		cfg("z1", "z1"),			/* cycle */
		cfg("m", "ghost"),			/* unknown */
		cfg_x("b", "", "b", "bogus = 1"),	/* invalid */
		cfg("a", "m"),				/* propagation */
		cfg("y", "b"),				/* propagation */
		cfg_x("c", "", "c", "stdout = 5"),	/* invalid */
	};
	struct in in = { .desired = d, .n_desired = N(d) };

	expect(&in, "",
	       "invalid config for b: line 3, column 1: unknown key \"bogus\" in [service] | "
	       "invalid config for c: line 3, column 10: service.stdout must be a string, not an integer | "
	       "m: unknown dependency ghost | "
	       "cycle: z1 -> z1 | "
	       "a: excluded because dependency m is excluded | "
	       "y: excluded because dependency b is excluded");
}

/* ---------------------------------------------------------------- determinism */

static void permute_check(struct svc_config *d, size_t nd,
			  struct svc_current *cur, size_t nc,
			  const char *steps, const char *warnings)
{
	size_t perm, i, j;

	/* Rotations and reversals of both arrays. */
	for (perm = 0; perm < 2 * nd * (nc ? nc : 1); perm++) {
		struct svc_config dd[MAX_CFG];
		struct svc_current cc[MAX_CFG];
		size_t rd = perm % nd, rc = nc ? (perm / nd) % nc : 0;
		bool rev = perm >= nd * (nc ? nc : 1);

		for (i = 0; i < nd; i++) {
			j = (i + rd) % nd;
			dd[rev ? nd - 1 - i : i] = d[j];
		}
		for (i = 0; i < nc; i++)
			cc[i] = cur[(i + rc) % nc];
		struct in in = { .desired = dd, .n_desired = nd, .current = cc, .n_current = nc };

		expect(&in, steps, warnings);
	}
}

Test(planner, determinism_under_permutation)
{
	struct svc_config o1 = cfg("old1", ""), o2 = cfg("old2", "old1");
	struct svc_config k1 = cfg_x("keep", "", "keep1", NULL);
	struct svc_config d[] = {
		cfg("A", ""), cfg("B", "A"), cfg("C", "B"), cfg("D", "A"),
		cfg("E", "A D"), cfg("F", ""), cfg("cyc1", "cyc2"),
		cfg("cyc2", "cyc1"), cfg("dep", "cyc2 F"), cfg("G", "nope"),
		cfg_x("keep", "F", "keep2", NULL),
	};
	struct svc_current cur[] = { running(&o1), running(&o2),
				     running(&k1) };
	const char *steps =
		"[0] stop old2; [1] stop old1 (after 0); [2] start A; "
		"[3] start F; [4] start B (after 2); [5] start D (after 2); "
		"[6] restart keep (after 3); [7] start C (after 4); "
		"[8] start E (after 2, 5)";
	const char *warnings =
		"G: unknown dependency nope | cycle: cyc1 -> cyc2 -> cyc1 | "
		"dep: excluded because dependency cyc2 is excluded";

	permute_check(d, N(d), cur, N(cur), steps, warnings);
}

Test(planner, identical_byte_output)
{
	struct svc_config d[] = { cfg("b", "a"), cfg("a", "") };
	struct svc_config r[] = { d[1], d[0] };
	struct planner_input i1 = { .desired = d, .n_desired = 2 }, i2 = { .desired = r, .n_desired = 2 };
	struct plan p1, p2;
	size_t i;

	cr_assert_eq(planner_plan(A, &i1, &p1), 0);
	cr_assert_eq(planner_plan(A, &i2, &p2), 0);
	cr_assert_eq(p1.n_steps, p2.n_steps);
	for (i = 0; i < p1.n_steps; i++) {
		cr_assert_eq(p1.steps[i].action, p2.steps[i].action);
		cr_assert_str_eq(p1.steps[i].service, p2.steps[i].service);
		cr_assert_eq(p1.steps[i].n_after, p2.steps[i].n_after);
		if (p1.steps[i].n_after)
			cr_assert_arr_eq(p1.steps[i].after, p2.steps[i].after,
					 p1.steps[i].n_after * sizeof(size_t));
		/* The plan owns its strings. */
		cr_assert_neq(p1.steps[i].service, d[0].name);
		cr_assert_neq(p1.steps[i].service, d[1].name);
	}
	cr_assert_eq(p1.steps[1].action, PLAN_START);
	cr_assert_eq(p1.steps[1].n_after, 1);
	cr_assert_eq(p1.steps[1].after[0], 0);
	planner_free(A, &p1);
	planner_free(A, &p2);
}

/* ---------------------------------------------------------------- misc */

Test(planner, invalid_arguments)
{
	struct svc_config a = cfg("A", "");
	struct svc_current dup[] = { running(&a), running(&a) };
	struct svc_current noname[] = { { NULL, SVC_STATE_RUNNING, &a } };
	struct svc_config nn = { .name = NULL };
	struct planner_input in = { 0 };
	struct plan p;

	cr_assert_eq(planner_plan(NULL, &in, &p), PLANNER_EINVAL);
	cr_assert_eq(planner_plan(A, NULL, &p), PLANNER_EINVAL);
	cr_assert_eq(planner_plan(A, &in, NULL), PLANNER_EINVAL);
	in.n_desired = 1;
	cr_assert_eq(planner_plan(A, &in, &p), PLANNER_EINVAL);
	in.desired = &nn;
	cr_assert_eq(planner_plan(A, &in, &p), PLANNER_EINVAL);
	in = (struct planner_input){ .current = dup, .n_current = 2 };
	cr_assert_eq(planner_plan(A, &in, &p), PLANNER_EINVAL);
	cr_assert_eq(p.n_steps, 0);
	in = (struct planner_input){ .current = noname, .n_current = 1 };
	cr_assert_eq(planner_plan(A, &in, &p), PLANNER_EINVAL);
	in = (struct planner_input){ .n_force = 1 };
	cr_assert_eq(planner_plan(A, &in, &p), PLANNER_EINVAL);
	in = (struct planner_input){ .n_disabled = 1 };
	cr_assert_eq(planner_plan(A, &in, &p), PLANNER_EINVAL);
	/* The same name stopped and present is fine. */
	dup[0].state = SVC_STATE_STOPPED;
	in = (struct planner_input){ .current = dup, .n_current = 2 };
	cr_assert_eq(planner_plan(A, &in, &p), 0);
	cr_assert_str_eq(render(&p), "[0] stop A");
	planner_free(A, &p);
}

Test(planner, names)
{
	cr_assert_str_eq(plan_action_name(PLAN_START), "start");
	cr_assert_str_eq(plan_action_name(PLAN_STOP), "stop");
	cr_assert_str_eq(plan_action_name(PLAN_RESTART), "restart");
	cr_assert_str_eq(svc_state_name(SVC_STATE_WAITING), "waiting");
	cr_assert_str_eq(svc_state_name(SVC_STATE_STARTING), "starting");
	cr_assert_str_eq(svc_state_name(SVC_STATE_RUNNING), "running");
	cr_assert_str_eq(svc_state_name(SVC_STATE_STOPPING), "stopping");
	cr_assert_str_eq(svc_state_name(SVC_STATE_EXITED), "exited");
	cr_assert_str_eq(svc_state_name(SVC_STATE_RESTARTING), "restarting");
	cr_assert_str_eq(svc_state_name(SVC_STATE_STOPPED), "stopped");
	cr_assert_str_eq(svc_state_name(42), "invalid");
}

Test(planner, format_step_truncates)
{
	struct svc_config d[] = { cfg("a", ""), cfg("bb", "a") };
	struct planner_input in = { .desired = d, .n_desired = 2 };
	struct plan p;
	char buf[8];

	cr_assert_eq(planner_plan(A, &in, &p), 0);
	cr_assert_eq(planner_format_step(&p, 1, buf, sizeof(buf)),
		     (int)strlen("[1] start bb (after 0)"));
	cr_assert_str_eq(buf, "[1] sta");
	cr_assert_eq(planner_format_step(&p, 1, NULL, 0), 22);
	cr_assert_eq(planner_format_step(&p, 9, buf, sizeof(buf)), 0);
	planner_free(A, &p);
}

Test(planner, nomem)
{
	struct svc_config o1 = cfg("old1", ""), o2 = cfg("old2", "old1");
	struct svc_config k1 = cfg_x("keep", "", "keep1", NULL);
	struct svc_config d[] = {
		cfg("A", ""), cfg("B", "A"), cfg("C", "B"), cfg("D", "A"),
		cfg("E", "A D"), cfg("F", ""), cfg("cyc1", "cyc2"),
		cfg("cyc2", "cyc1"), cfg("dep", "cyc2 F"), cfg("G", "nope"),
		cfg_x("keep", "F", "keep2", NULL), cfg_x("bad", "", "x", "x = 1"),
	};
	struct svc_current cur[] = { running(&o1), running(&o2),
				     running(&k1) };
	struct planner_input in = { .desired = d, .n_desired = N(d), .current = cur, .n_current = N(cur) };
	struct plan p;
	long total, i;

	cr_assert_eq(planner_plan(A, &in, &p), 0);
	planner_free(A, &p);
	total = test_cnt.allocs;
	cr_assert_gt(total, 10);
	for (i = 1; i <= total; i++) {
		test_cnt.allocs = 0;
		test_cnt.fail_from = i;
		cr_assert_eq(planner_plan(A, &in, &p), PLANNER_ENOMEM,
			     "fail at %ld", i);
		cr_assert_eq(p.n_steps, 0);
		cr_assert_null(p.warnings);
		cr_assert_eq(test_cnt.live, 0, "fail at %ld: %ld leaked", i,
			     test_cnt.live);
	}
}

/* ---------------------------------------------------------------- random */

static uint32_t rng = 12345;

static uint32_t rnd(uint32_t n)
{
	rng = rng * 1103515245u + 12345u;
	return (rng >> 8) % n;
}

static size_t step_of(const struct plan *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->n_steps; i++)
		if (!strcmp(p->steps[i].service, name))
			return i;
	return SIZE_MAX;
}

/*
 * Random graphs of up to 12 services with random present services:
 * the plan is the same for shuffled inputs, prerequisites point
 * backwards, Stops come first, every dependency of a started service is
 * started before it (and named in after) or present with no step.
 */
Test(planner, random_graphs)
{
	static const char *const names[] = { "a", "b", "c", "d", "e", "f",
					      "g", "h", "i", "j", "k", "l" };
	int round;

	for (round = 0; round < 200; round++) {
		struct svc_config d[12], dd[12], snaps[12];
		struct svc_current cur[12];
		size_t nd = 1 + rnd(12), nc = 0, i, j, k;
		struct planner_input in;
		struct plan p, q;
		char first[4096];

		n_cfgs = 0;
		for (i = 0; i < nd; i++) {
			char deps[64] = "";

			for (j = 0; j < 3; j++)
				if (rnd(3) == 0) {
					strcat(deps, names[rnd(14) % 12]);
					strcat(deps, " ");
				}
			d[i] = cfg(names[i], deps);
		}
		for (i = 0; i < 12; i++) {
			if (rnd(2))
				continue;
			snaps[nc] = rnd(3) ? cfg(names[i], "") :
					     cfg_x(names[i], "", "old", NULL);
			cur[nc] = running(&snaps[nc]);
			nc++;
		}
		in = (struct planner_input){ .desired = d, .n_desired = nd,
					     .current = cur, .n_current = nc };
		cr_assert_eq(planner_plan(A, &in, &p), 0);
		strcpy(first, render(&p));
		for (i = 0; i < p.n_steps; i++) {
			const struct plan_step *s = &p.steps[i];
			const struct svc_config *c = NULL;

			for (k = 0; k < s->n_after; k++)
				cr_assert_lt(s->after[k], i);
			if (i && s->action == PLAN_STOP)
				cr_assert_eq(p.steps[i - 1].action, PLAN_STOP);
			cr_assert_eq(step_of(&p, s->service), i);
			if (s->action == PLAN_STOP)
				continue;
			for (j = 0; j < nd; j++)
				if (!strcmp(d[j].name, s->service))
					c = &d[j];
			cr_assert_not_null(c);
			for (k = 0; k < c->n_after; k++) {
				size_t at = step_of(&p, c->after[k]);

				if (at == SIZE_MAX) {
					/* Present and unchanged. */
					for (j = 0; j < nc; j++)
						if (!strcmp(cur[j].name,
							    c->after[k]))
							break;
					cr_assert_lt(j, nc);
					continue;
				}
				cr_assert_lt(at, i);
				cr_assert_neq(p.steps[at].action, PLAN_STOP);
			}
		}
		/* Shuffled inputs, same plan. */
		for (i = 0; i < nd; i++)
			dd[i] = d[i];
		for (i = nd; i > 1; i--) {
			struct svc_config t;

			j = rnd((uint32_t)i);
			t = dd[i - 1];
			dd[i - 1] = dd[j];
			dd[j] = t;
		}
		in.desired = dd;
		cr_assert_eq(planner_plan(A, &in, &q), 0);
		cr_assert_str_eq(render(&q), first);
		cr_assert_eq(p.n_warnings, q.n_warnings);
		for (i = 0; i < p.n_warnings; i++)
			cr_assert_str_eq(p.warnings[i], q.warnings[i]);
		planner_free(A, &p);
		planner_free(A, &q);
		for (i = 0; i < n_cfgs; i++)
			svc_config_free(&mheap, &cfgs[i]);
		n_cfgs = 0;
	}
}
